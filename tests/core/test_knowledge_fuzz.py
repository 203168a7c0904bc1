"""Broken knowledge never crashes the loader: every fault is a KnowledgeError naming the file and line."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.core.knowledge
from bot.core import Knowledge, KnowledgeError, load_knowledge
from tests.conftest import KNOWLEDGE_DIR

SHIPPED_FAQ = (KNOWLEDGE_DIR / "faq.yaml").read_bytes()
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same cuts and corruptions on every run, so CI results are reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge directory."""
    return Path(shutil.copytree(KNOWLEDGE_DIR, tmp_path / "knowledge"))


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


def has_content(data: bytes) -> bool:
    """Whether the YAML holds anything but blank lines and comments, i.e. has a line to point at."""
    lines = data.decode("utf-8", "replace").splitlines()
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


def load_or_report(directory: Path, *, located: bool = True) -> Knowledge | KnowledgeError:
    """The loaded knowledge, or the KnowledgeError, after checking each problem says file and line."""
    try:
        return load_knowledge(directory)
    except KnowledgeError as error:
        assert error.problems, "a KnowledgeError must list at least one problem"
        for problem in error.problems:
            assert problem.file in (directory / "faq.yaml", directory / "article.txt"), problem
            assert str(problem).startswith(f"{problem.file}"), problem
            if located:
                assert problem.line is not None and problem.line >= 1, f"no line number: {problem}"
        return error


def problems_at(directory: Path) -> list[tuple[int | None, str]]:
    """(line, message) of every problem; fails the test when the knowledge loads or says no file/line."""
    outcome = load_or_report(directory)
    assert isinstance(outcome, KnowledgeError), "broken knowledge loaded without complaint"
    return [(p.line, p.message) for p in outcome.problems]


def set_field(text: str, key: str, value: str, *, indent: int = 4, nth: int = 0) -> tuple[str, int]:
    """`text` with the `nth` `key:` at `indent` (with its continuation lines) set to `value`; its line."""
    lines = text.splitlines()
    key_line = re.compile(rf"[ -]{{{indent}}}{re.escape(key)}:(?: |$)")
    start = [i for i, line in enumerate(lines) if key_line.match(line)][nth]
    end = start + 1
    while end < len(lines) and (
        lines[end][: indent + 1].isspace()
        or lines[end].startswith(" " * indent + "- ")
        or not lines[end].strip()
    ):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    prefix = lines[start][: lines[start].index(key)]
    lines[start:end] = [f"{prefix}{key}: {value}"]
    return "\n".join(lines) + "\n", start + 1


def write_faq(directory: Path, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (directory / "faq.yaml").write_bytes(data)


def test_a_valid_copy_loads_like_the_original(copy: Path, shipped: Knowledge) -> None:
    assert load_knowledge(copy) == shipped


# -- truncation and random corruption ------------------------------------------------------------------


@FUZZ
@given(offset=st.integers(0, len(SHIPPED_FAQ) - 1))
def test_a_truncated_faq_is_reported_or_loads_a_prefix(copy: Path, shipped: Knowledge, offset: int) -> None:
    write_faq(copy, SHIPPED_FAQ[:offset])
    outcome = load_or_report(copy, located=has_content(SHIPPED_FAQ[:offset]))
    if isinstance(outcome, Knowledge):
        # YAML has no end marker: a cut between entries, or inside the last one's text, is a shorter FAQ.
        loaded = outcome.entries
        assert [e.id for e in loaded] == [e.id for e in shipped.entries[: len(loaded)]]
        assert loaded[:-1] == shipped.entries[: len(loaded) - 1]


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(SHIPPED_FAQ) - 1), st.binary(max_size=4)), min_size=1, max_size=4
    )
)
def test_random_byte_corruption_is_reported_with_file_and_line(
    copy: Path, edits: list[tuple[int, bytes]]
) -> None:
    data = SHIPPED_FAQ
    for offset, replacement in edits:
        data = data[:offset] + replacement + data[offset + 1 :]
    write_faq(copy, data)
    load_or_report(copy, located=has_content(data))


# -- wrongly typed and invalid fields --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("question", "[What, is, this]", "question must be a non-empty string"),
        ("question", "!!binary aGVsbG8=", "question must be a non-empty string"),
        ("id", "42", "id must be a non-empty string"),
        ("id", "Not A Slug", "must be a lowercase slug"),
        ("answer", "null", "answer must be a non-empty string"),
        ("answer", "''", "answer must be a non-empty string"),
        ("topic", "{name: Russia}", "topic must be a non-empty string"),
        ("alternates", "just one string", "alternates must be a list"),
        ("alternates", "[ok, [nested, list]]", "alternates must be a non-empty string"),
        ("related", "5", "related must be a list"),
        ("related", "[no-such-entry]", "related id 'no-such-entry' does not exist"),
        ("citations", "{quote: Trump}", "citations must be a list"),
        ("citations", "[]", "every entry needs at least one citation"),
        ("citations", "[Words that appear nowhere in the article.]", "citation is not verbatim"),
        ("citations", "[" + "Trump " * 100 + "]", "the limit is 400"),
        ("citations", "[17]", "citations must be a non-empty string"),
        ("question", "!!python/object/apply:os.system [echo hi]", "YAML syntax"),
        # Values YAML itself fails to build (impossible date, bad tagged int, too many digits): any message.
        ("answer", "2025-02-30", ""),
        ("id", "!!int forty-two", ""),
        ("id", "1" + "0" * 5_000, ""),
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else value,
)
def test_a_wrongly_typed_entry_field_is_reported_at_its_line(
    copy: Path, key: str, value: str, message: str
) -> None:
    text, line = set_field(SHIPPED_FAQ.decode(), key, value)
    write_faq(copy, text)
    problems = problems_at(copy)
    assert any(at == line and message in said for at, said in problems), problems


@pytest.mark.parametrize(
    ("key", "value", "indent", "message"),
    [
        ("version", "two", 0, "version must be 1"),
        ("source", "[BBC]", 0, "source must be a mapping"),
        ("synonyms", "[us, america]", 0, "synonyms must map a word"),
        ("entries", "{first: entry}", 0, "entries must be a non-empty list"),
        ("entries", "[]", 0, "entries must be a non-empty list"),
        ("title", "[a, list]", 2, "title must be a non-empty string"),
        ("date", "2025-02-30", 2, ""),  # an impossible date, unquoted: YAML fails to build it
    ],
)
def test_a_wrongly_typed_top_level_field_is_reported_at_its_line(
    copy: Path, key: str, value: str, indent: int, message: str
) -> None:
    text, line = set_field(SHIPPED_FAQ.decode(), key, value, indent=indent)
    write_faq(copy, text)
    problems = problems_at(copy)
    assert any(at == line and message in said for at, said in problems), problems


def test_a_duplicate_id_is_reported_at_the_second_one(copy: Path, shipped: Knowledge) -> None:
    text, line = set_field(SHIPPED_FAQ.decode(), "id", shipped.entries[0].id, nth=1)
    write_faq(copy, text)
    assert (line, f"duplicate id {shipped.entries[0].id!r}") in problems_at(copy)


# -- encoding and control characters ---------------------------------------------------------------------


LATE_LINE = SHIPPED_FAQ.count(b"\n") - 2  # after thousands of curly quotes: byte and character offsets differ


def insert_at_line(data: bytes, line: int, inserted: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[line - 1] = lines[line - 1][:6] + inserted + lines[line - 1][6:]
    return b"\n".join(lines)


@pytest.mark.parametrize("line", [150, LATE_LINE], ids=["line-150", "near-the-end"])
@pytest.mark.parametrize("inserted", [b"\xff", b"\xc3(", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"])
def test_bytes_that_are_not_utf8_are_reported_at_their_line(copy: Path, inserted: bytes, line: int) -> None:
    write_faq(copy, insert_at_line(SHIPPED_FAQ, line, inserted))
    assert [at for at, _ in problems_at(copy)] == [line]


def test_an_article_that_is_not_utf8_is_reported_at_its_line(copy: Path) -> None:
    article = copy / "article.txt"
    article.write_bytes(insert_at_line(article.read_bytes(), 12, b"\x92"))
    outcome = load_or_report(copy)
    assert isinstance(outcome, KnowledgeError)
    assert [(p.file, p.line) for p in outcome.problems] == [(article, 12)]


@pytest.mark.parametrize("line", [150, LATE_LINE], ids=["line-150", "near-the-end"])
@pytest.mark.parametrize("inserted", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_a_control_character_is_reported_at_its_line(copy: Path, inserted: str, line: int) -> None:
    write_faq(copy, insert_at_line(SHIPPED_FAQ, line, inserted.encode()))
    assert [at for at, _ in problems_at(copy)] == [line]


# -- YAML bombs -------------------------------------------------------------------------------------------


def laughs(levels: int = 9) -> str:
    """The "billion laughs" file: each anchor refers nine times to the one before."""
    rows = ["version: 1", "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels + 1):
        rows.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]")
    return "\n".join(rows) + "\n"


DEEP = 10_000
BOMBS = {
    "billion-laughs": laughs(),
    "anchor-as-entry": SHIPPED_FAQ.decode().replace("  - id:", "  - &first\n    id:", 1) + "  - *first\n",
    "merge-key": "version: 1\nbase: &base {a: 1}\nentries:\n  - <<: *base\n",
    "nested-lists": "version: 1\nentries: " + "[" * DEEP + "]" * DEEP + "\n",
    "nested-maps": "version: 1\nentries: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n",
    "nested-block-lists": "version: 1\nentries:\n" + "- " * DEEP + "x\n",
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_yaml_bomb_is_reported_quickly_with_its_line(copy: Path, bomb: str) -> None:
    write_faq(copy, bomb)
    start = time.perf_counter()
    problems = problems_at(copy)
    assert time.perf_counter() - start < 1.0
    assert problems


@pytest.mark.parametrize("bomb", ["nested-lists", "nested-maps", "nested-block-lists"])
def test_deep_nesting_is_reported_when_libyaml_is_missing_too(
    copy: Path, monkeypatch: pytest.MonkeyPatch, bomb: str
) -> None:
    # The loader falls back to PyYAML's pure-Python SafeLoader when PyYAML was built without libyaml.
    monkeypatch.setattr(bot.core.knowledge, "_Loader", yaml.SafeLoader)
    write_faq(copy, BOMBS[bomb])
    assert problems_at(copy)
