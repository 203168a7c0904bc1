"""Deterministic synthetic FAQs and question workloads made from the article's own sentences and words."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from unittest import mock

import yaml

import bot.core.knowledge
from bot.core import Entry, Knowledge, load_knowledge
from bot.core.text import normalize

SEED = 20250310
_SENTENCE_END = re.compile(r"(?<=[.?!”])\s+")
_OPENERS = ("What", "Why", "How", "Who", "When did", "What does", "Is", "Did", "Which", "Where")
_CHATTER = ("pls", "quick question:", "hey bot,", "so", "tl;dr", "I keep hearing")
_OFF_TOPIC = "merkel pizza password election football recipe weather bitcoin olympics vaccine tariff mars"
MAX_PHRASING = 100  # Discord's choice-name limit, which the validator enforces on questions and alternates
MAX_QUOTE = 400  # the validator's citation bound
# load_knowledge refuses a faq.yaml over 5 MB; a 10k-entry FAQ as dense as the shipped one is about 8 MB.
LARGE_FAQ_BYTES = 50_000_000


def article_sentences(knowledge: Knowledge) -> list[str]:
    """Sentences exactly as they appear in a paragraph, so they stay verbatim citations."""
    pieces = (s.strip() for p in knowledge.article.paragraphs for s in _SENTENCE_END.split(p))
    return [s for s in pieces if 20 <= len(s) <= MAX_QUOTE]


def synthetic_faq(knowledge: Knowledge, size: int, seed: int = SEED) -> dict[str, object]:
    """The shipped FAQ plus generated entries up to `size`, as the faq.yaml mapping.

    Generated phrasings copy the shipped FAQ's length distributions (words per question and per
    alternate, alternates per entry) and take their words, in order, from two article sentences: the one
    the entry cites and one more. The answer is those two sentences.
    """
    rng = random.Random(seed)
    shipped = knowledge.entries
    question_lengths = [len(e.question.split()) for e in shipped]
    alternate_lengths = [len(a.split()) for e in shipped for a in e.alternates]
    alternate_counts = [len(e.alternates) for e in shipped]
    sentences = article_sentences(knowledge)
    seen = {normalize(p) for e in shipped for p in (e.question, *e.alternates)}
    article_words = " ".join(knowledge.article.paragraphs).split()

    def phrase(source: list[str], length: int, opener: str = "", mark: str = "") -> str:
        # The validator rejects a phrasing shared by two entries: on a collision, draw from the whole
        # article, and after a few more, one word longer.
        for attempt in range(100):
            pool = source if attempt == 0 else article_words
            picked = sorted(rng.sample(range(len(pool)), min(len(pool), length + attempt // 5)))
            text = " ".join([opener, *(pool[i] for i in picked)])[: MAX_PHRASING - len(mark)].strip() + mark
            if normalize(text) and normalize(text) not in seen:
                seen.add(normalize(text))
                return text
        raise RuntimeError("could not make a unique phrasing; the article is too small for this size")

    entries = [_as_mapping(e) for e in shipped]
    for n in range(size - len(shipped)):
        citation, other = rng.sample(sentences, 2)
        words = (citation + " " + other).split()
        entries.append(
            {
                "id": f"synthetic-{n:05d}",
                "topic": rng.choice(knowledge.topics),
                "question": phrase(words, rng.choice(question_lengths), rng.choice(_OPENERS), "?"),
                "alternates": [
                    phrase(words, rng.choice(alternate_lengths)) for _ in range(rng.choice(alternate_counts))
                ],
                "answer": f"{citation} {other}",
                "citations": [citation],
            }
        )
    source = knowledge.source
    return {
        "version": 1,
        "source": {k: getattr(source, k) for k in ("title", "publisher", "date", "translator", "file")},
        "synonyms": {k: list(v) for k, v in knowledge.synonyms.items()},
        "entries": entries,
    }


def write_knowledge(knowledge_dir: Path, faq: dict[str, object], target: Path) -> Path:
    """A knowledge directory at `target`: the real article and the given FAQ."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(knowledge_dir / "article.txt", target / "article.txt")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(faq, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    (target / "faq.yaml").write_text(text, encoding="utf-8")
    return target


def load_large(directory: Path) -> Knowledge:
    """`load_knowledge` with the file-size cap lifted, so 10k entries still go through the real validator."""
    with mock.patch.object(bot.core.knowledge, "MAX_FAQ_BYTES", LARGE_FAQ_BYTES):
        return load_knowledge(directory)


def workload(knowledge: Knowledge, count: int, seed: int = SEED) -> list[str]:
    """Questions people might type: FAQ phrasings with slips and chatter; 1 in 5 off-topic."""
    rng = random.Random(seed)
    vocabulary = sorted({w for p in knowledge.article.paragraphs for w in p.split()})
    questions = []
    for _ in range(count):
        if rng.random() < 0.2:
            words = rng.sample(vocabulary, rng.randint(2, 6)) + rng.sample(_OFF_TOPIC.split(), 1)
        else:
            entry = rng.choice(knowledge.entries)
            words = rng.choice((entry.question, *entry.alternates)).split()
            if len(words) > 3:
                words.pop(rng.randrange(len(words)))
            i = rng.randrange(len(words))
            if len(words[i]) > 4:
                j = rng.randrange(1, len(words[i]))
                words[i] = words[i][:j] + words[i][j + 1 :]  # a dropped letter
            if rng.random() < 0.3:
                words.insert(0, rng.choice(_CHATTER))
        if rng.random() < 0.1:
            rng.shuffle(words)
        questions.append(" ".join(words))
    return questions


def prefixes(questions: list[str], seed: int = SEED) -> list[str]:
    """What someone has typed so far in the slash command's question box: 3 to 20 characters."""
    rng = random.Random(seed)
    return [q[: rng.randint(3, 20)] for q in questions]


def _as_mapping(entry: Entry) -> dict[str, object]:
    return {
        "id": entry.id,
        "topic": entry.topic,
        "question": entry.question,
        "alternates": list(entry.alternates),
        "answer": entry.answer,
        "citations": [c.quote for c in entry.citations],
        "related": list(entry.related),
    }
