"""The validator: every fault kind is reported with file and line; a good FAQ loads."""

from __future__ import annotations

import os
import shutil
import stat
import textwrap
import threading
import tracemalloc
from pathlib import Path

import pytest

from bot.core import KnowledgeError, load_knowledge, uncovered_paragraphs
from bot.core.knowledge import MAX_FAQ_BYTES, load_article
from tests.conftest import KNOWLEDGE_DIR

HEADER = """\
version: 1
source: {title: T, publisher: BBC, date: 2025-03-10, translator: Zhang Yangyang, file: article.txt}
synonyms: {us: [america]}
entries:
"""
GOOD_ENTRY = """\
  - id: trump-putin-call
    topic: Trump and Russia
    question: What happened in the Trump-Putin phone call?
    alternates: [when did trump call putin]
    answer: Trump and Putin spoke for 90 minutes on February 12.
    citations: ["Trump held a 90-minute phone call with Russian President Vladimir Putin."]
    related: [rubio-vassal]
  - id: rubio-vassal
    topic: Rubio
    question: What does Rubio not want Russia to become?
    alternates: [rubio vassal]
    answer: Rubio says he does not want Russia to become China's "vassal partner."
    citations:
      - "U.S. Secretary of State Marco Rubio says he does not want Russia to become China’s “vassal partner.”"
"""


def write_knowledge(tmp_path: Path, entries: str, header: str = HEADER) -> Path:
    shutil.copy(KNOWLEDGE_DIR / "article.txt", tmp_path / "article.txt")
    (tmp_path / "faq.yaml").write_text(header + textwrap.dedent(entries), encoding="utf-8")
    return tmp_path


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def test_a_valid_faq_loads_with_paragraph_numbers(tmp_path: Path) -> None:
    knowledge = load_knowledge(write_knowledge(tmp_path, GOOD_ENTRY))
    call = knowledge.entry("trump-putin-call")
    assert call is not None
    assert call.citations[0].paragraph == 9
    assert knowledge.source.date == "2025-03-10"
    assert knowledge.topics == ("Trump and Russia", "Rubio")


def test_an_entry_may_list_what_it_does_not_answer(tmp_path: Path) -> None:
    text = GOOD_ENTRY.replace("related: [rubio-vassal]", "not_answered: [who placed the call]", 1)
    call = load_knowledge(write_knowledge(tmp_path, text)).entry("trump-putin-call")
    assert call is not None and call.not_answered == ("who placed the call",)


def test_article_paragraphs_are_its_non_empty_lines() -> None:
    article = load_article(KNOWLEDGE_DIR / "article.txt")
    assert len(article) == 63
    assert article.paragraph(13) == "Zelensky and Trump"
    with pytest.raises(IndexError):
        article.paragraph(64)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("90-minute phone call", "95-minute phone call", 10, "not verbatim"),
        ("related: [rubio-vassal]", "related: [nope]", 11, "related id 'nope' does not exist"),
        ("id: rubio-vassal", "id: trump-putin-call", 12, "duplicate id"),
        ("id: rubio-vassal", "id: Rubio Vassal", 12, "lowercase slug"),
        ("alternates: [rubio vassal]", "alternates: [When did Trump call Putin?]", 15, "also used by entry"),
        ("    topic: Rubio\n", "", 12, "topic must be a non-empty string"),
        ("alternates: [rubio vassal]", "alternates: rubio vassal", 15, "alternates must be a list"),
        ('citations:\n      - "U.S.', 'citations: []\n      # "U.S.', 17, "at least one citation"),
        # A facet the entry doesn't answer can't also be a phrasing that promises the answer.
        ("related: [rubio-vassal]", "not_answered: [when did trump call putin]", 11, "also a phrasing"),
        ("related: [rubio-vassal]", "not_answered: [who placed it, Who placed it]", 11, "listed twice"),
        ("related: [rubio-vassal]", "not_answered: who placed the call", 11, "not_answered must be a list"),
    ],
)
@pytest.mark.parametrize("stray", ["", "  - stray\n"], ids=["", "after-an-entry-that-is-not-a-mapping"])
def test_each_fault_is_reported_with_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str, stray: str
) -> None:
    assert old in GOOD_ENTRY
    directory = write_knowledge(tmp_path, stray + GOOD_ENTRY.replace(old, new, 1))
    found = problems_of(directory)
    assert any(f"faq.yaml:{line + stray.count(chr(10))}: " in p and message in p for p in found), found


@pytest.mark.parametrize(
    ("entries", "header", "line", "first"),
    [
        pytest.param(
            GOOD_ENTRY + "source:\n  title: Fake\n  publisher: X\n  date: 2025-01-01\n  translator: Y\n",
            HEADER,
            len((HEADER + GOOD_ENTRY).splitlines()) + 1,
            2,
            id="a second source block appended",
        ),
        pytest.param(
            GOOD_ENTRY.replace("    answer: Trump and", "    answer: Dropped.\n    answer: Trump and", 1),
            HEADER,
            10,
            9,
            id="a duplicate answer",
        ),
        pytest.param(
            GOOD_ENTRY.replace('citations: ["Trump held', 'topic: Again\n    citations: ["Trump held', 1),
            HEADER,
            10,
            6,
            id="a duplicate topic",
        ),
    ],
)
def test_a_duplicate_key_is_an_error_with_file_and_line(
    tmp_path: Path, entries: str, header: str, line: int, first: int
) -> None:
    found = problems_of(write_knowledge(tmp_path, entries, header=header))
    assert any(f"faq.yaml:{line}: duplicate key" in p and f"line {first}" in p for p in found), found


def test_the_same_key_in_different_mappings_is_no_duplicate(tmp_path: Path) -> None:
    load_knowledge(write_knowledge(tmp_path, GOOD_ENTRY))  # every entry has an id, a topic, an answer


@pytest.mark.parametrize("stray", ["  - stray\n", "  - [a, list]\n", "  - 42\n", "  - stray\n  - 7\n"])
def test_lines_after_an_entry_that_is_not_a_mapping_are_still_right(tmp_path: Path, stray: str) -> None:
    entries = stray + GOOD_ENTRY.replace("related: [rubio-vassal]", "related: [nope]", 1)
    extra = stray.count("\n")
    found = problems_of(write_knowledge(tmp_path, entries))
    assert "faq.yaml:5: each entry must be a mapping" in found[0], found
    assert any(f"faq.yaml:{11 + extra}: related id 'nope' does not exist" in p for p in found), found


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY + "  - id: [unclosed\n")
    (problem,) = problems_of(directory)
    assert "faq.yaml:19: YAML syntax" in problem  # the line of the '[', not the end where YAML gave up


@pytest.mark.parametrize(
    ("old", "new", "opened", "gave_up", "message"),
    [
        pytest.param("call putin]", "call putin", 8, 9, "the '[' opened on this line is not closed", id="["),
        pytest.param(
            "related: [rubio-vassal]",
            "related: {x: rubio-vassal",
            11,
            12,
            "the '{' opened on this line is not closed",
            id="{",
        ),
        pytest.param(
            'partner.”"',
            "partner.”",
            18,
            19,
            "the quote opened on this line is not closed",
            id="a quote running to the end",
        ),
        pytest.param(
            "question: What happened",
            'question: "What happened',
            7,
            10,
            "the quote opened on this line runs on to line 10",
            id="a quote closed by the next one",
        ),
    ],
)
def test_an_unclosed_bracket_or_quote_is_reported_where_it_was_opened(
    tmp_path: Path, old: str, new: str, opened: int, gave_up: int, message: str
) -> None:
    assert old in GOOD_ENTRY
    (problem,) = problems_of(write_knowledge(tmp_path, GOOD_ENTRY.replace(old, new, 1)))
    assert f"faq.yaml:{opened}: YAML syntax: {message}" in problem, problem
    assert f"line {gave_up}" in problem, problem  # and where YAML itself gave up


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "question: What does",
            "questoin: What does",
            14,
            "unknown key 'questoin' in an entry; did you mean question?",
        ),
        (
            "    citations:\n",
            "    citatons:\n",
            17,
            "unknown key 'citatons' in an entry; did you mean citations?",
        ),
        (
            "    topic: Rubio\n",
            "    topic: Rubio\n    notes: x\n",
            14,
            "unknown key 'notes' in an entry; an entry has id,",
        ),
    ],
    ids=["questoin", "citatons (its value on the next line)", "no key like it"],
)
def test_a_misspelt_key_is_named_with_its_line_and_the_closest_key(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD_ENTRY
    found = problems_of(write_knowledge(tmp_path, GOOD_ENTRY.replace(old, new, 1)))
    assert any(f"faq.yaml:{line}: {message}" in p for p in found), found


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    faq = directory / "faq.yaml"
    faq.write_bytes(faq.read_bytes().replace(b"Trump and Russia", b"Trump \xff Russia"))
    (problem,) = problems_of(directory)
    assert "faq.yaml:6: not valid UTF-8" in problem


def test_yaml_aliases_are_rejected_before_they_can_expand(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    bomb += "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("bcdefgh", "cdefghi", strict=True)
    )
    directory = write_knowledge(tmp_path, "", header=bomb)
    (problem,) = problems_of(directory)
    assert "aliases" in problem and "faq.yaml:2:" in problem  # the first *alias, not the &anchor


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "must be a mapping"), ("- 1\n- 2\n", "must be a mapping"), ("version: 2\n", "version must be 1")],
)
def test_wrong_top_level_shapes_are_explained(tmp_path: Path, text: str, message: str) -> None:
    directory = write_knowledge(tmp_path, "", header=text)
    assert any(message in p for p in problems_of(directory))


def test_missing_file_is_named(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path)
    assert "article.txt" in problem and "cannot read" in problem


def load_in_time(directory: Path, seconds: float = 10.0) -> list[str]:
    """The problems found in `directory`, failing (not hanging) when loading takes longer than `seconds`."""
    found: list[list[str]] = []
    loading = threading.Thread(target=lambda: found.append(problems_of(directory)), daemon=True)
    loading.start()
    loading.join(seconds)
    if loading.is_alive():
        fifo = directory / "faq.yaml"
        if stat.S_ISFIFO(fifo.stat().st_mode):
            with fifo.open("w"):  # let the stuck reader go
                pass
        raise AssertionError(f"loading {directory} took more than {seconds}s")
    assert found, "loading raised something else than KnowledgeError"
    return found[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_faq_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / "faq.yaml").unlink()
    os.mkfifo(directory / "faq.yaml")
    (problem,) = load_in_time(directory)
    assert "faq.yaml: not a regular file" in problem


@pytest.mark.parametrize("name", ["faq.yaml", "article.txt"])
def test_a_knowledge_file_linked_to_a_device_is_refused(tmp_path: Path, name: str) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / name).unlink()
    (directory / name).symlink_to("/dev/zero")
    (problem,) = load_in_time(directory)
    assert f"{name}: not a regular file" in problem


def test_a_link_to_a_good_regular_file_is_read(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / "faq.yaml").rename(tmp_path / "elsewhere.yaml")
    (directory / "faq.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert load_knowledge(directory).entry("rubio-vassal") is not None


def test_no_more_than_the_size_cap_is_read_from_a_huge_file(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    with (directory / "faq.yaml").open("r+b") as faq:
        faq.truncate(40 * MAX_FAQ_BYTES)  # sparse: 200 MB that take no disk
    tracemalloc.start()
    try:
        (problem,) = problems_of(directory)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"larger than {MAX_FAQ_BYTES} bytes" in problem
    assert peak < 3 * MAX_FAQ_BYTES


def test_oversized_answer_is_refused_with_the_limit(tmp_path: Path) -> None:
    long_answer = "Trump and Putin spoke. " * 200
    entries = GOOD_ENTRY.replace("Trump and Putin spoke for 90 minutes on February 12.", long_answer)
    found = problems_of(write_knowledge(tmp_path, entries))
    assert any("faq.yaml:9: answer is" in p and "4096" in p for p in found), found


def test_shipped_knowledge_is_valid_and_cites_every_paragraph() -> None:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    assert len(knowledge.entries) >= 60
    assert uncovered_paragraphs(knowledge) == []


def test_the_source_may_give_the_articles_web_address_and_a_bad_one_is_named(tmp_path: Path) -> None:
    with_url = HEADER.replace("file: article.txt}", "file: article.txt, url: 'https://example.org/a'}")
    assert (
        load_knowledge(write_knowledge(tmp_path, GOOD_ENTRY, with_url)).source.url == "https://example.org/a"
    )
    bad = HEADER.replace("file: article.txt}", "file: article.txt, url: 'javascript:alert(1)'}")
    problems = problems_of(write_knowledge(tmp_path, GOOD_ENTRY, bad))
    assert any(
        p.endswith("faq.yaml:2: source url 'javascript:alert(1)' must be a web address starting https://")
        for p in problems
    ), problems
    assert load_knowledge(write_knowledge(tmp_path, GOOD_ENTRY)).source.url == ""
