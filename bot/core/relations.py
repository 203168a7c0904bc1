"""Which way trade goes in a text: who sells to whom.

"Does Russia sell semiconductors to China?" shares every word with the entry saying China supplies Russia
with semiconductors; only the direction differs. A sentence names a seller and a buyer around a verb
("Russian oil exports to China", "China supplies Russia", "Russia's imported semiconductors come from
China") or with an agent noun ("China is the largest importer of Russian oil", "China is Russia's largest
oil customer"). The reading is deliberately small: a clause it can't read gives no direction, and no
direction rules nothing out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from bot.core.text import normalize, sentences

__all__ = ["trades"]

Trade = tuple[str, str]  # (seller, buyer), each a country's canonical word

_SELLS = re.compile(
    r"(?:sell(?:s|ing)?|sold|sales?|exports?|export(?:ed|ing)|suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing)"
    r"|ship(?:s|ped|ping|ments?)?|deliver(?:s|ed|ing|y|ies)?)"
)
_BUYS = re.compile(r"(?:buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|imports?|import(?:ed|ing))")
# "importer", "customer": the person or country that does it; its counterpart is named around it.
_AGENT = re.compile(r"(?:seller|exporter|supplier|provider|importer|buyer|customer|purchaser|client)s?")
_TRADE_WORD = re.compile(
    r"(?i)\b(?:sel|sol|sal|expor|suppl|provid|ship|deliver|buy|bough|purchas|impor|custom|client)"
)
_NONE: frozenset[Trade] = frozenset()
_SELLER = re.compile(r"seller|exporter|supplier|provider")
_CLAUSE_END = re.compile(r"[,;:]| but | while | whereas | and (?=\w+ (?:is|are|was|were)\b)")
_OWNS = "xposs"  # stands for "'s", which normalizing drops: "Russia's customer" is not Russia
# Words that name the other side after the verb: "exports to China", "imported from China".
_OTHER_SIDE = frozenset({"to", "from", "for", "by", "of", "into", "toward", "towards"})
_AUX = frozenset({"do", "does", "did", "will", "would", "can", "could", "has", "have", "had"})
_JOINED = frozenset({"and", "n", "or", "&"})  # "Russia and China", "China-Russia trade": no direction


@dataclass(frozen=True, slots=True)
class _Named:
    country: str
    at: int
    owns: bool  # written "Russia's"
    after: str  # the word before it


def trades(text: str, country: Callable[[str], str]) -> frozenset[Trade]:
    """The (seller, buyer) pairs `text` states; `country` gives a word's country ("russian" -> "russia")
    or "" for any other word."""
    if not _TRADE_WORD.search(text):
        return _NONE  # nearly every question: no word of trade, no need to read it
    found: set[Trade] = set()
    for sentence in sentences(re.sub(r"['’]s\b", f" {_OWNS}", text)):
        for clause in _CLAUSE_END.split(sentence):
            trade = _trade(normalize(clause).split(), country)
            if trade:
                found.add(trade)
    return frozenset(found)


def _trade(words: list[str], country: Callable[[str], str]) -> Trade | None:
    verb = next(
        (i for i, w in enumerate(words) if _SELLS.fullmatch(w) or _BUYS.fullmatch(w) or _AGENT.fullmatch(w)),
        -1,
    )
    if verb < 0:
        return None
    named = _countries(words, country)
    before = [n for n in named if n.at < verb]
    after = [n for n in named if n.at > verb and (n.at == verb + 1 or n.after in _OTHER_SIDE)]
    word = words[verb]
    if _AGENT.fullmatch(word):  # "A is (B's) largest customer (of B's oil)": A does it, B is the other side
        doer, others = _agent(before, after)
    else:
        by = [n.country for n in after if n.after == "by"]
        if by:  # passive: "semiconductors sold to Russia by China"
            doer, others = by[0], [n.country for n in after if n.after != "by"] + [n.country for n in before]
        else:  # "China's Russian oil purchases", "how much of Russia's oil does the US import"
            doer = _subject(before, words)
            others = [n.country for n in after] + [n.country for n in reversed(before) if n.country != doer]
    other = others[0] if others else ""
    if not doer or not other or doer == other:
        return None
    sells = bool(_SELLS.fullmatch(word) or _SELLER.match(word))
    return (doer, other) if sells else (other, doer)


def _agent(before: list[_Named], after: list[_Named]) -> tuple[str, list[str]]:
    """Who is the customer or supplier, and who the other side: "A is B's customer", "A's role for B as a
    customer": a country named with a preposition is the other side, an owner the other side unless
    no one else could be the agent."""
    other_side = [n.country for n in (*before, *after) if n.after in _OTHER_SIDE]
    plain = [n.country for n in before if n.after not in _OTHER_SIDE and not n.owns]
    owners = [n.country for n in before if n.after not in _OTHER_SIDE and n.owns]
    if plain:
        return plain[-1], owners + other_side
    return (owners[0], other_side) if owners else ("", [])


def _subject(before: list[_Named], words: list[str]) -> str:
    """Who does the verb: the country asked about with "does" ("how much of Russia's oil does China buy"),
    else the owner ("China's Russian oil purchases"), else the last named."""
    if not before:
        return ""
    last, owner = before[-1], next((n for n in before if n.owns), None)
    if owner is None or owner is last or _AUX.intersection(words[owner.at : last.at]):
        return last.country
    return owner.country


def _countries(words: list[str], country: Callable[[str], str]) -> list[_Named]:
    """The countries `words` name, but not two named together ("Russia and China", "China-Russia")."""
    found = [
        _Named(c, i, i + 1 < len(words) and words[i + 1] == _OWNS, words[i - 1] if i else "")
        for i, c in enumerate(map(country, words))
        if c
    ]
    joined = {
        n.at
        for a, b in pairwise(found)
        if (not b.owns and b.at - a.at == 1) or (b.at - a.at == 2 and words[a.at + 1] in _JOINED)
        for n in (a, b)
    }
    return [n for n in found if n.at not in joined]
