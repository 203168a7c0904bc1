# faqbot container image.
#
#   docker build -t faqbot .
#   docker run --rm --env-file .env -v faqbot-data:/data faqbot
#
# The token comes from the environment at run time (--env-file / compose env_file), never from the image.
# Both stages use the same base, pinned by tag and by the digest of its multi-architecture index; to move
# to a newer patch release, change both FROM lines together (tag and digest).

# --- builder: turns the source tree into one wheel (knowledge/ is packed inside it as bot/knowledge) ---
FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-deps -w /wheels .

# --- runtime: the wheel and its dependencies, nothing else ---
FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d AS runtime

LABEL org.opencontainers.image.title="faqbot" \
      org.opencontainers.image.description="Discord bot that answers questions about one news article from a curated FAQ"

# DATABASE_URL: four slashes = absolute path, on the /data volume. Not a secret; a PostgreSQL URL with a
# password belongs in .env instead. KNOWLEDGE_DIR is left unset: the knowledge packed in the wheel is used
# unless a directory is mounted (e.g. at /knowledge, read-only) and KNOWLEDGE_DIR points at it.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DATABASE_URL=sqlite:////data/faqbot.sqlite3

RUN groupadd --system --gid 10001 faqbot \
    && useradd --system --uid 10001 --gid faqbot --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin faqbot \
    && mkdir -p /app /data \
    && chown faqbot:faqbot /data

COPY --from=builder /wheels /tmp/wheels
RUN pip install --no-cache-dir /tmp/wheels/*.whl \
    && rm -rf /tmp/wheels

WORKDIR /app
# A named volume mounted here starts out owned by the faqbot user; a bind mount must be writable by uid 10001.
VOLUME ["/data"]
USER 10001:10001

# Cheap self-check: validates the knowledge files the bot would load; no network, no Discord login.
HEALTHCHECK --interval=60s --timeout=15s --start-period=30s --retries=3 \
    CMD ["faqbot", "check", "--quiet"]

# SIGINT becomes KeyboardInterrupt, which discord.py's Client.run turns into a clean close (Python as PID 1
# ignores SIGTERM, so `docker stop` would otherwise wait out the grace period and kill the process).
STOPSIGNAL SIGINT
CMD ["faqbot", "run"]
