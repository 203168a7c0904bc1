"""What moderators taught, applied to the knowledge, and merged back into faq.yaml's own text.

A teaching is a phrasing and the entry it asks for (it becomes one of the entry's alternates), or a phrasing
with no entry: a question the article doesn't answer, which gets the honest reply (`Knowledge.not_in_article`,
the same list as faq.yaml's top-level `not_in_article:`). Each is checked as `faqbot check` checks the file:
an unknown entry, a phrasing another entry already owns (compared as the loader compares them, traditional
and simplified Chinese as one), one longer than Discord shows, or one too vague to be safe (the matcher's
own test, `Matcher.vague_phrasing`) is refused with the reason. Pure: no Discord, no storage.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import yaml

from bot.core import limits
from bot.core.chinese import has_han, to_simplified
from bot.core.config import DEFAULT_CONFIG, MatcherConfig
from bot.core.matcher import Matcher
from bot.core.models import Entry, Knowledge
from bot.core.text import normalize

__all__ = [
    "NOT_IN_ARTICLE",
    "Applied",
    "Merged",
    "Skipped",
    "Taught",
    "apply_teachings",
    "merge_into_faq",
    "phrasing_key",
    "refusal",
    "with_teaching",
]

NOT_IN_ARTICLE = "not in the article"  # how a teaching without an entry is named to people
ZH = "zh"  # a Chinese phrasing of an entry translated into Chinese is one of its Chinese alternates


class Taught(Protocol):
    """A teaching as the core reads it (bot.storage's Teaching is one)."""

    @property
    def text(self) -> str: ...

    @property
    def entry_id(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Skipped:
    """A stored teaching that is not applied, and why (the FAQ changed since it was taught)."""

    teaching: Taught
    reason: str


@dataclass(frozen=True, slots=True)
class Applied:
    """The knowledge with the teachings in it, and its matcher (built once, for the vague test too)."""

    knowledge: Knowledge
    matcher: Matcher
    applied: tuple[Taught, ...]  # what changed the knowledge, in order
    present: tuple[Taught, ...]  # already in the FAQ as taught (exported since): nothing to apply
    skipped: tuple[Skipped, ...]  # refused now, each with its reason


def phrasing_key(text: str) -> str:
    """A phrasing as the loader compares phrasings: normalized, traditional Chinese made simplified."""
    return normalize(to_simplified(text))


def _owners(knowledge: Knowledge) -> dict[str, str | None]:
    """Every phrasing's key -> the id of the entry it asks for; None for one listed as not in the article."""
    owners: dict[str, str | None] = {}
    for entry in knowledge.entries:
        phrasings = [entry.question, *entry.alternates]
        for translation in entry.translations:
            phrasings += [translation.question, *translation.alternates]
        for phrase in phrasings:
            owners.setdefault(phrasing_key(phrase), entry.id)
    for phrase in knowledge.not_in_article:
        owners.setdefault(phrasing_key(phrase), None)
    return owners


def _named(entry_id: str | None) -> str:
    return NOT_IN_ARTICLE if entry_id is None else f"entry {entry_id!r}"


class _Present(Exception):
    """The phrasing is already the FAQ's, for the same entry: nothing to teach."""


def _conflict(
    knowledge: Knowledge, owners: dict[str, str | None], text: str, entry_id: str | None
) -> str | None:
    """Why `text` can't be taught for `entry_id`, checks that need no matcher; _Present if already so."""
    phrase = text.strip()
    if not phrase or not phrasing_key(phrase):
        return "the phrasing has no words"
    if len(phrase) > limits.CHOICE_NAME:
        return f"the phrasing is {len(phrase)} characters; a phrasing is at most {limits.CHOICE_NAME}"
    if entry_id is not None and knowledge.entry(entry_id) is None:
        close = difflib.get_close_matches(entry_id, [e.id for e in knowledge.entries], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `faqbot ask --explain` names entries"
        return f"there is no entry {entry_id!r}{hint}"
    key = phrasing_key(phrase)
    if key in owners:
        owner = owners[key]
        if owner == entry_id:
            raise _Present
        if owner is None:
            return f"{phrase!r} is already taught as {NOT_IN_ARTICLE}; undo that first"
        return f"{phrase!r} is already a phrasing of entry {owner!r}; undo or edit that first"
    return None


def with_teaching(knowledge: Knowledge, text: str, entry_id: str | None) -> Knowledge:
    """`knowledge` with one more phrasing: an alternate of entry `entry_id` (a Chinese one of its Chinese
    translation when it has one), or (None) a question listed as not in the article. Not checked."""
    return _with_all(knowledge, [(text.strip(), entry_id)])


def _with_all(knowledge: Knowledge, taught: Sequence[tuple[str, str | None]]) -> Knowledge:
    added: dict[str, list[str]] = {}
    not_in_article = list(knowledge.not_in_article)
    for text, entry_id in taught:
        if entry_id is None:
            not_in_article.append(text)
        else:
            added.setdefault(entry_id, []).append(text)
    entries = tuple(_with_alternates(e, added[e.id]) if e.id in added else e for e in knowledge.entries)
    return replace(knowledge, entries=entries, not_in_article=tuple(not_in_article))


def _with_alternates(entry: Entry, phrasings: list[str]) -> Entry:
    chinese = entry.translation(ZH)
    english = [p for p in phrasings if chinese is None or not has_han(p)]
    entry = replace(entry, alternates=(*entry.alternates, *english))
    if chinese is None or len(english) == len(phrasings):
        return entry
    zh = [p for p in phrasings if has_han(p)]
    translated = replace(chinese, alternates=(*chinese.alternates, *zh))
    translations = tuple(translated if t.lang == ZH else t for t in entry.translations)
    return replace(entry, translations=translations)


def _vague_reason(text: str, entry_id: str | None) -> str:
    if entry_id is None:
        return (
            f"{text.strip()!r} reads as one common word or only chat: every question with it would be "
            f"told the article doesn't say; teach the whole question"
        )
    return (
        f"{text.strip()!r} reads as one common word: any question with it would lean towards entry "
        f"{entry_id!r}; say what it is about"
    )


def refusal(
    knowledge: Knowledge, text: str, entry_id: str | None, config: MatcherConfig = DEFAULT_CONFIG
) -> str | None:
    """Why teaching `text` for entry `entry_id` (None: not in the article) is refused; None when it is
    safe. `knowledge` is what is served now (the live teachings applied)."""
    try:
        reason = _conflict(knowledge, _owners(knowledge), text, entry_id)
    except _Present:
        return f"{text.strip()!r} is already a phrasing of {_named(entry_id)}: nothing to teach"
    if reason is not None:
        return reason
    taught = Matcher(with_teaching(knowledge, text, entry_id), config)
    return _vague_reason(text, entry_id) if taught.vague_phrasing(text.strip(), entry_id) else None


def apply_teachings(
    knowledge: Knowledge, teachings: Iterable[Taught], config: MatcherConfig = DEFAULT_CONFIG
) -> Applied:
    """`knowledge` with `teachings` (oldest first) in it, each checked against the FAQ and those before it:
    one the FAQ no longer allows (its entry removed, its phrasing given to another entry since, vague) is
    skipped with the reason; one the FAQ already has (exported) is left as the FAQ has it."""
    owners = _owners(knowledge)
    kept: list[Taught] = []
    present: list[Taught] = []
    skipped: list[Skipped] = []
    for teaching in teachings:
        try:
            reason = _conflict(knowledge, owners, teaching.text, teaching.entry_id)
        except _Present:
            present.append(teaching)
            continue
        if reason is not None:
            skipped.append(Skipped(teaching, reason))
            continue
        owners[phrasing_key(teaching.text)] = teaching.entry_id
        kept.append(teaching)
    while True:
        taught = _with_all(knowledge, [(t.text.strip(), t.entry_id) for t in kept])
        matcher = Matcher(taught, config)
        vague = [t for t in kept if matcher.vague_phrasing(t.text.strip(), t.entry_id)]
        if not vague:
            return Applied(taught, matcher, tuple(kept), tuple(present), tuple(skipped))
        # Rare: the FAQ changed under a teaching so that its words now weigh too little. Build once more.
        skipped += [Skipped(t, _vague_reason(t.text, t.entry_id)) for t in vague]
        kept = [t for t in kept if t not in vague]


# -- back into faq.yaml ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merged:
    """faq.yaml's text with taught phrasings inserted, and those that belong in another file."""

    text: str
    added: tuple[Taught, ...]
    elsewhere: tuple[Taught, ...]  # Chinese phrasings of translated entries: faq.zh.yaml's to hold


def merge_into_faq(text: str, knowledge: Knowledge, teachings: Sequence[Taught]) -> Merged:
    """`text` (faq.yaml) with `teachings` inserted in the file's own layout: each phrasing appended to its
    entry's `alternates:` (a `[a, b]` list inside the brackets, a block list as one more `- ` line; the key
    added after `question:` when the entry has none) and a not-in-the-article one to the top-level
    `not_in_article:` list (added at the end when there is none). Nothing else is touched: every comment
    and every other line stays byte for byte. `teachings` are those `apply_teachings` applied."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks count characters
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("faq.yaml is not a mapping")
    top = _keys(root)
    entries = top.get("entries")
    nodes = {}
    if entries is not None and isinstance(entries[1], yaml.SequenceNode):
        for item in entries[1].value:
            if isinstance(item, yaml.MappingNode):
                fields = _keys(item)
                if "id" in fields:
                    nodes[str(fields["id"][1].value)] = fields
    by_entry: dict[str | None, list[str]] = {}
    added: list[Taught] = []
    elsewhere: list[Taught] = []
    for teaching in teachings:
        entry = knowledge.entry(teaching.entry_id) if teaching.entry_id is not None else None
        if entry is not None and has_han(teaching.text) and entry.translation(ZH) is not None:
            elsewhere.append(teaching)
            continue
        if teaching.entry_id is not None and teaching.entry_id not in nodes:
            raise ValueError(f"no entry {teaching.entry_id!r} in faq.yaml")
        by_entry.setdefault(teaching.entry_id, []).append(teaching.text.strip())
        added.append(teaching)
    inserts: list[tuple[int, str]] = []
    for entry_id, phrasings in by_entry.items():
        if entry_id is None:
            inserts.append(_not_in_article_insert(text, top, root, phrasings, newline))
        else:
            inserts.append(_alternates_insert(text, nodes[entry_id], phrasings, newline))
    merged = text
    for at, insert in sorted(inserts, key=lambda pair: pair[0], reverse=True):
        merged = merged[:at] + insert + merged[at:]
    return Merged(merged, tuple(added), tuple(elsewhere))


_Field = tuple[yaml.Node, yaml.Node]
_DASH = re.compile(r" *- +")


def _keys(mapping: yaml.MappingNode) -> dict[str, _Field]:
    return {str(key.value): (key, value) for key, value in mapping.value if isinstance(key, yaml.ScalarNode)}


def _alternates_insert(
    text: str, fields: dict[str, _Field], phrasings: list[str], newline: str
) -> tuple[int, str]:
    if "alternates" in fields:
        key, value = fields["alternates"]
        return _append(text, key, value, phrasings, newline)
    # No alternates yet: the key and a block list right after the question, at the question key's indent.
    key, value = fields["question"]
    indent = " " * key.start_mark.column
    lines = [f"{indent}alternates:", *(f"{indent}  - {_block_scalar(p)}" for p in phrasings)]
    return _after(text, value), "".join(line + newline for line in lines)


def _not_in_article_insert(
    text: str, top: dict[str, _Field], root: yaml.MappingNode, phrasings: list[str], newline: str
) -> tuple[int, str]:
    if "not_in_article" in top:
        key, value = top["not_in_article"]
        return _append(text, key, value, phrasings, newline)
    indent = " " * root.start_mark.column
    lines = [
        "",
        f"{indent}# Questions the article doesn't answer (taught with faqbot teach --not-in-article): each",
        f"{indent}# gets the honest reply. None may be a phrasing of an entry.",
        f"{indent}not_in_article:",
        *(f"{indent}  - {_block_scalar(p)}" for p in phrasings),
    ]
    lead = "" if not text or text.endswith("\n") else newline
    return len(text), lead + "".join(line + newline for line in lines)


def _append(
    text: str, key: yaml.Node, value: yaml.Node, phrasings: list[str], newline: str
) -> tuple[int, str]:
    """Insert `phrasings` at the end of the list `value` (the value of `key`), in its own style."""
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        items = ", ".join(_flow_scalar(p) for p in phrasings)
        if value.value:  # after the last item, so a trailing comma or a line break before ']' stays
            return value.value[-1].end_mark.index, ", " + items
        return value.end_mark.index - 1, items  # inside the empty '[]'
    if isinstance(value, yaml.SequenceNode) and value.value:
        first, last = value.value[0], value.value[-1]
        line_start = text.rfind("\n", 0, first.start_mark.index) + 1
        dash = text[line_start : first.start_mark.index]
        if not _DASH.fullmatch(dash):  # the item is not on its dash's line: write the usual "- "
            dash = " " * value.start_mark.column + "- "
        return _after(text, last), "".join(f"{dash}{_block_scalar(p)}{newline}" for p in phrasings)
    # `key:` with nothing after it (null): a block list under the key.
    indent = " " * key.start_mark.column
    at = _after(text, value if value.end_mark.index > key.end_mark.index else key)
    return at, "".join(f"{indent}  - {_block_scalar(p)}{newline}" for p in phrasings)


def _after(text: str, node: yaml.Node) -> int:
    """Where the line after `node` starts (a block scalar ends at a line's start already)."""
    end = node.end_mark.index
    if node.end_mark.column == 0:
        return end
    found = text.find("\n", end)
    return len(text) if found < 0 else found + 1


def _block_scalar(phrase: str) -> str:
    return _scalar(phrase, "- {}")


def _flow_scalar(phrase: str) -> str:
    return _scalar(phrase, "[{}]")


def _scalar(phrase: str, context: str) -> str:
    """`phrase` as the FAQ writes most phrasings, plain, when YAML reads it back as that text in `context`
    (a one-item list); else in double quotes (JSON's escapes are YAML's)."""
    if phrase == phrase.strip() and not any(c in phrase for c in "\r\n\t"):
        try:
            if yaml.safe_load(context.format(phrase)) == [phrase]:
                return phrase
        except yaml.YAMLError:
            pass
    return json.dumps(phrase, ensure_ascii=False)
