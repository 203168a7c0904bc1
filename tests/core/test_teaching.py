"""Teachings applied to the knowledge, refused as `faqbot check` refuses the file, and merged into faq.yaml's
own text; and faq.yaml's `not_in_article:` list, which the loader validates and the matcher honours."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.core import Knowledge, KnowledgeError, Matcher, load_knowledge
from bot.core.teaching import apply_teachings, merge_into_faq, refusal, with_teaching
from tests.conftest import KNOWLEDGE_DIR

NEW_PHRASING = "what's the tea on the wedge thing"  # answered by no entry before it is taught
NOT_SAID = "did rubio like the food in moscow"


@dataclass(frozen=True)
class Taught:
    text: str
    entry_id: str | None
    id: int = 0


def test_a_taught_phrasing_becomes_an_alternate_and_is_answered(
    knowledge: Knowledge, matcher: Matcher
) -> None:
    assert not matcher.answer(NEW_PHRASING).answered
    applied = apply_teachings(knowledge, [Taught(NEW_PHRASING, "split-russia-china")])
    assert NEW_PHRASING in applied.knowledge.entry("split-russia-china").alternates  # type: ignore[union-attr]
    answer = applied.matcher.answer("Whats the tea on the wedge thing?")
    assert answer.answered and answer.entry and answer.entry.id == "split-russia-china"
    assert applied.applied and not applied.skipped


def test_a_not_in_article_teaching_gets_the_honest_reply_with_the_closest_entry(
    knowledge: Knowledge, matcher: Matcher
) -> None:
    assert matcher.answer(NOT_SAID).outcome != "not_in_article"
    taught = apply_teachings(knowledge, [Taught(NOT_SAID, None)]).matcher
    answer = taught.answer("Did Rubio like the food in Moscow?")
    assert not answer.answered and answer.outcome == "not_in_article"
    assert answer.note == "The article doesn't say."
    assert answer.closest is not None and "rubio" in answer.closest.id
    assert answer.as_record()["reason"] == "not_in_article"
    # Only that question, typed nearly as written: an answerable question about Rubio is still answered.
    still = taught.answer("What did Rubio tell Breitbart?")
    assert still.answered and still.entry and still.entry.id == "rubio-breitbart"


@pytest.mark.parametrize(
    ("text", "entry_id", "expected"),
    [
        ("What is this article about?", "split-russia-china", "already a phrasing of entry 'article-about'"),
        ("WHAT IS THIS ARTICLE ABOUT", None, "already a phrasing of entry 'article-about'"),
        ("这篇文章講的是啥", "nixon-1972", "already a phrasing of entry 'article-about'"),  # traditional 講
        (
            NEW_PHRASING,
            "split-russia-chna",
            "no entry 'split-russia-chna'; did you mean 'split-russia-china'",
        ),
        ("russia", "nixon-1972", "reads as one common word"),
        ("russia", None, "reads as one common word or only chat"),
        ("thanks a lot", None, "only chat"),
        ("what is this article about", "article-about", "nothing to teach"),
        ("x" * 101, "article-about", "at most 100"),
        ("  ?! ", "article-about", "no words"),
    ],
)
def test_unsafe_teachings_are_refused_with_the_reason(
    knowledge: Knowledge, text: str, entry_id: str | None, expected: str
) -> None:
    reason = refusal(knowledge, text, entry_id)
    assert reason is not None and expected in reason


def test_a_safe_teaching_is_not_refused(knowledge: Knowledge) -> None:
    assert refusal(knowledge, NEW_PHRASING, "split-russia-china") is None
    assert refusal(knowledge, NOT_SAID, None) is None


def test_a_phrasing_taught_to_one_entry_is_refused_for_another_and_as_not_in_article(
    knowledge: Knowledge,
) -> None:
    taught = with_teaching(knowledge, NEW_PHRASING, "split-russia-china")
    assert "entry 'split-russia-china'" in (refusal(taught, NEW_PHRASING.upper(), "nixon-1972") or "")
    assert "entry 'split-russia-china'" in (refusal(taught, NEW_PHRASING, None) or "")
    not_said = with_teaching(knowledge, NOT_SAID, None)
    assert "already taught as not in the article" in (refusal(not_said, NOT_SAID, "who-is-rubio") or "")


def test_a_chinese_phrasing_of_a_translated_entry_is_one_of_its_chinese_alternates(
    knowledge: Knowledge,
) -> None:
    text = "尼克松七二年去中国干嘛"
    applied = apply_teachings(knowledge, [Taught(text, "nixon-1972")])
    entry = applied.knowledge.entry("nixon-1972")
    assert entry is not None and text not in entry.alternates
    assert text in entry.translation("zh").alternates  # type: ignore[union-attr]
    answer = applied.matcher.answer(text)
    assert answer.answered and answer.entry and answer.entry.id == "nixon-1972" and answer.lang == "zh"


def test_applying_skips_what_the_faq_no_longer_allows_and_keeps_what_it_already_has(
    knowledge: Knowledge,
) -> None:
    gone = Taught(NEW_PHRASING, "an-entry-since-removed", 1)
    present = Taught("what is this article about", "article-about", 2)
    clash = Taught("What is this article about", None, 3)
    good = Taught(NOT_SAID, None, 4)
    later_clash = Taught(NOT_SAID, "who-is-rubio", 5)  # taught after #4 took the phrasing
    applied = apply_teachings(knowledge, [gone, present, clash, good, later_clash])
    assert applied.applied == (good,)
    assert applied.present == (present,)
    assert [s.teaching for s in applied.skipped] == [gone, clash, later_clash]
    assert all(s.reason for s in applied.skipped)
    assert applied.knowledge.not_in_article == (NOT_SAID,)


# -- faq.yaml's not_in_article list ------------------------------------------------------------------


def _copy(tmp_path: Path, faq: str | None = None, translated: bool = True) -> Path:
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    if not translated:
        for path in directory.glob("faq.*.yaml"):
            path.unlink()
    if faq is not None:
        (directory / "faq.yaml").write_text(faq, encoding="utf-8")
    return directory


def _shipped() -> str:
    return (KNOWLEDGE_DIR / "faq.yaml").read_text(encoding="utf-8")


def test_the_loader_reads_not_in_article_and_the_matcher_honours_it(tmp_path: Path) -> None:
    faq = _shipped() + f"not_in_article:\n  - {NOT_SAID}\n"
    knowledge = load_knowledge(_copy(tmp_path, faq))
    assert knowledge.not_in_article == (NOT_SAID,)
    assert Matcher(knowledge).answer(NOT_SAID + "?").outcome == "not_in_article"


@pytest.mark.parametrize(
    ("block", "line_offset", "message"),
    [
        ("not_in_article: what is it\n", 1, "not_in_article must be a list"),
        ("not_in_article:\n  - fine question here\n  - 42\n", 3, "must be a non-empty string"),
        ("not_in_article:\n  - What is this article about?\n", 2, "is a phrasing of entry 'article-about'"),
        (f"not_in_article:\n  - {NOT_SAID}\n  - {NOT_SAID.upper()}\n", 3, "listed twice"),
        (f"not_in_article:\n  - {'x' * 101}\n", 2, "the limit is 100"),
    ],
)
def test_a_bad_not_in_article_list_is_a_fault_with_file_and_line(
    tmp_path: Path, block: str, line_offset: int, message: str
) -> None:
    shipped = _shipped()
    directory = _copy(tmp_path, shipped + block)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    line = shipped.count("\n") + line_offset
    assert any(p.line == line and message in p.message for p in caught.value.problems), caught.value
    assert f"faq.yaml:{line}: " in str(caught.value)


# -- merging back into faq.yaml ------------------------------------------------------------------------


def _only_added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` changed or went."""
    added = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True), autojunk=False)
    for op, _, _, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), op
        if op == "insert":
            added += after.splitlines(True)[j1:j2]
    return added


def test_export_merges_into_the_shipped_file_adding_lines_only(tmp_path: Path, knowledge: Knowledge) -> None:
    teachings = [
        Taught(NEW_PHRASING, "split-russia-china"),
        Taught("nixon: yes or no?", "nixon-1972"),  # must be quoted to read back as this text
        Taught(NOT_SAID, None),
    ]
    applied = apply_teachings(knowledge, teachings)
    merged = merge_into_faq(_shipped(), applied.knowledge, applied.applied)
    added = _only_added_lines(_shipped(), merged.text)
    assert f"      - {NEW_PHRASING}\n" in added
    assert '      - "nixon: yes or no?"\n' in added
    assert "not_in_article:\n" in added and f"  - {NOT_SAID}\n" in added
    exported = load_knowledge(_copy(tmp_path, merged.text))
    assert exported == applied.knowledge  # the exported file is the taught knowledge
    # and behaves as taught knowledge does
    assert Matcher(exported).answer(NOT_SAID).outcome == "not_in_article"
    again = apply_teachings(exported, teachings)
    assert again.present == tuple(teachings) and not again.applied and not again.skipped


FLOW_FAQ = """\
version: 1  # a comment that stays
source: {title: T, publisher: P, date: "2025-03-10", translator: Z}
entries:
  - id: first
    topic: Topic
    question: Who is Lin Jian?
    alternates: [lin jian,   # comments inside a flow list stay too
                 who is the spokesperson]
    answer: He is the spokesperson.
    citations: ["{quote}"]
  - id: second
    topic: Topic
    question: What did Lin Jian say about futile attempts?
    answer: That they are futile.
    citations:
      - "{quote}"
  - id: third
    topic: Topic
    question: >-
      What did the Chinese spokesperson object to?
    alternates: []
    answer: The approach.
    citations: ["{quote}"]
not_in_article: [did lin jian have lunch]
"""


def test_export_keeps_a_flow_list_a_flow_list_and_adds_missing_keys(tmp_path: Path) -> None:
    quote = "In response, Chinese Foreign Ministry spokesperson Lin Jian strongly objected, stating:"
    faq = FLOW_FAQ.replace("{quote}", quote)
    knowledge = load_knowledge(_copy(tmp_path / "before", faq, translated=False))
    teachings = [
        Taught("lin jian job title", "first"),
        Taught("futile attempts quote", "second"),
        Taught("what did the spokesperson reject", "third"),
        Taught("what does lin jian eat for breakfast", None),
    ]
    applied = apply_teachings(knowledge, teachings)
    assert applied.applied == tuple(teachings)
    merged = merge_into_faq(faq, applied.knowledge, applied.applied).text
    assert "    alternates: [lin jian,   # comments inside a flow list stay too\n" in merged
    assert "                 who is the spokesperson, lin jian job title]\n" in merged
    assert "    alternates:\n      - futile attempts quote\n    answer: That they are futile." in merged
    assert "    alternates: [what did the spokesperson reject]\n" in merged
    assert merged.endswith(
        "not_in_article: [did lin jian have lunch, what does lin jian eat for breakfast]\n"
    )
    assert merged.startswith("version: 1  # a comment that stays\n")
    exported = load_knowledge(_copy(tmp_path / "after", merged, translated=False))
    assert exported == applied.knowledge


def test_export_keeps_windows_line_ends(tmp_path: Path, knowledge: Knowledge) -> None:
    crlf = _shipped().replace("\n", "\r\n")
    applied = apply_teachings(knowledge, [Taught(NEW_PHRASING, "split-russia-china"), Taught(NOT_SAID, None)])
    merged = merge_into_faq(crlf, applied.knowledge, applied.applied).text
    assert "\n" not in merged.replace("\r\n", "")
    assert _only_added_lines(crlf, merged)
