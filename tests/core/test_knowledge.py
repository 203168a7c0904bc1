"""The validator: every fault kind is reported with file and line; a good FAQ loads."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from bot.core import KnowledgeError, load_knowledge, uncovered_paragraphs
from bot.core.knowledge import load_article
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
    ],
)
def test_each_fault_is_reported_with_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GOOD_ENTRY
    directory = write_knowledge(tmp_path, GOOD_ENTRY.replace(old, new, 1))
    found = problems_of(directory)
    assert any(f"faq.yaml:{line}: " in p and message in p for p in found), found


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY + "  - id: [unclosed\n")
    (problem,) = problems_of(directory)
    assert "faq.yaml:20: YAML syntax" in problem


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


def test_oversized_answer_is_refused_with_the_limit(tmp_path: Path) -> None:
    long_answer = "Trump and Putin spoke. " * 200
    entries = GOOD_ENTRY.replace("Trump and Putin spoke for 90 minutes on February 12.", long_answer)
    found = problems_of(write_knowledge(tmp_path, entries))
    assert any("faq.yaml:9: answer is" in p and "4096" in p for p in found), found


def test_shipped_knowledge_is_valid_and_cites_every_paragraph() -> None:
    knowledge = load_knowledge(KNOWLEDGE_DIR)
    assert len(knowledge.entries) >= 60
    assert uncovered_paragraphs(knowledge) == []
