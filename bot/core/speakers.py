"""Who speaks (or decides) in a text, and whose words or decision a question asks for.

"What did Putin say after the call?" shares every word with the entry quoting what Trump said after the
call; only the speaker differs. "Did Zelensky accept the deal?" asks about an entry where Trump pressed
him to. People in a news article come with a title ("President Vladimir Putin", "Dr. Dana Allin"), and
what they say or decide with a verb ("Rubio said", "Lin Jian strongly objected", "Russia rejected").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.text import normalize

__all__ = ["OFFICES", "affiliations", "asked_speaker", "asks_decision", "people", "speakers"]

_TITLE = r"(?:President|Dr\.|Mr\.|Ms\.|Mrs\.|Professor|Prof\.|Secretary of State|spokesperson|Adviser|Dean)"
_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}"
_SPEECH = (
    r"said|says|stated|states|noted|notes|added|adds|argued|argues|believes|cautioned|cautions|"
    r"commented|comments|objected|objects|told|tells|warned|warns|emphasized|wrote|claimed|"
    r"made it clear|insisted|declared|announced|called|criticized|dismissed|described|"
    r"accepted|agreed|rejected|refused|signed|opposes|opposed"
)
# The titles' words: an office speaks for its country ("the Kremlin spokesman", "the Chinese president").
OFFICES = frozenset(re.sub(r"[^a-z ]", " ", _TITLE.lower()).split()) - {"of"}
_TITLED = re.compile(rf"\b{_TITLE} ({_NAME})")
# "Rubio said", "Lin Jian strongly objected", "Trump has also told", "Klaus Welle, a visiting professor at
# the LSE, said", "Dr. Dana Allin from the UK's International Institute ... cautioned".
_SPEAKING = re.compile(
    rf"\b(?:{_TITLE} )?({_NAME})(?:,[^,.]*,| (?:of|from|at) [^.,:]{{0,80}}?)?"
    rf"(?: (?:has|have|had|also|then|later|once|[a-z]+ly)){{0,2}} (?:{_SPEECH})\b"
)
# "U.S. President Donald Trump", "Chinese Foreign Ministry spokesperson Lin Jian": the capitalized words
# before a title name whom the person speaks for.
_SPEAKS_FOR = re.compile(rf"((?:[A-Z][a-z]*\.)+|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}}) {_TITLE} ({_NAME})")
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?:{_TITLE} )?({_NAME})")
# "Russia's strong opposition to...": a stance stated as a noun is its holder's word too.
_STANCE = re.compile(rf"\b({_NAME})['’]s (?:[a-z]+ )?(?:opposition|objection|position|stance)\b")
# Over normalized (lowercase) text: "what did putin say", "did zelensky respond", "how did lin jian react".
_ASKS_FOR_WORDS = re.compile(
    r"\b(?:what|how) (?:did|does|do|has|would|will) ((?:[a-z]+ ){1,5}?)"
    r"(?:say|think|respond|react|reply|comment|mention|tell|write|claim)\b"
    r"|\bwhat did ((?:[a-z]+ ){1,3}?)mean\b"  # "what did Welle mean"; "what does X mean" asks about a term
    r"|\bdid ((?:the )?(?:[a-z]+ ){1,3}?)"  # "did the russian foreign ministry say"
    r"(?:say|mention|respond|react|reply|comment|tell|confirm|deny|admit|acknowledge|accept|agree"
    r"|reject|refuse|sign)\b"
    # "kissinger's own opinion", "xi's reaction": normalize has already dropped the "'s".
    r"|\b(?:what|how) (?:is|was|were|are) ((?:[a-z]+ ){1,2}?)(?:own )?"
    r"(?:opinion|view|views|take|reaction|response|thoughts|verdict)\b"
    # "why did the CFR call them natural allies": a description is its author's words.
    r"|\bwhy (?:did|does|do|would) ((?:[a-z]+ ){1,4}?)(?:call|describe|label|dub|brand)\b"
    # "did Zelensky ever call Trump a dictator", "what did Putin call Zelensky": a name is its caller's
    # word; not a phone call ("did Trump call Putin on February 12").
    r"|\b(?:did|has|have|had) ((?:[a-z]+ ){1,3}?)(?:ever )?call(?:ed)? "
    r"(?!(?:their|his|her|its)\b)[a-z]+ (?:an? )?"
    r"(?!(?:on|about|after|before|in|at|during|for|to|with|and|or|from|by|over|again|first|back|last|this)\b)"
    r"[a-z]{3,}"
    r"|\bwhat (?:did|does|has|have|had) ((?:[a-z]+ ){1,3}?)(?:ever )?call(?:ed)? "
    r"(?!(?:him|her|them|it|their|his|its)\b)[a-z]+"
    r"(?! (?:about|on|for|after|before|to)\b)"
    # "has Putin publicly said whether...": the perfect, as "did Putin say" (a decision asks "did")
    r"|\b(?:has|have|had) ((?:the )?(?:[a-z]+ ){1,3}?)"
    r"(?:said|mentioned|responded|reacted|replied|commented|told|claimed|confirmed|denied|admitted"
    r"|acknowledged)\b"
    # "what reason did Trump give for...": a reason given is the giver's words
    r"|\b(?:what|which) (?:[a-z]+ )?(?:reasons?|explanations?|justifications?|excuses?|rationales?) "
    r"(?:did|does|do|has|have|had) ((?:[a-z]+ ){1,3}?)"
    r"(?:give|given|offer|offered|cite|cited|provide|provided)\b"
    # "any Kremlin response to the plan", "trump's comeback to Lin Jian": the responder's words
    r"|\b((?:[a-z]+ )?[a-z]+) (?:own )?(?:response|reaction|reply|comeback|answer) (?:to|on)\b"
)


# "how long has Putin known Trump, according to Putin": whose words, where the question ends or pauses.
_ACCORDING_TO = re.compile(
    r"\baccording to ((?:the )?[a-z][a-z'’.-]*(?: [a-z][a-z'’.-]*){0,2})\s*(?:[,?!;]|$)"
)
_AFTER_SPEAKER = frozenset("himself herself itself themselves ever even also actually really".split())


def people(article: str) -> frozenset[str]:
    """Name words of the people an article introduces with a title, normalized ("putin", "dana")."""
    return _words(m.group(1) for m in _TITLED.finditer(article))


def affiliations(article: str) -> dict[str, frozenset[str]]:
    """Name word -> the words of whom that person speaks for ("putin" -> {"russian"}), from the titles
    the article introduces people with; a question asking what "the Kremlin" said is answered by Putin."""
    found: dict[str, set[str]] = {}
    for match in _SPEAKS_FOR.finditer(article):
        body = normalize(match.group(1)).split()
        for word in normalize(match.group(2)).split():
            found.setdefault(word, set()).update(body)
    return {word: frozenset(body) for word, body in found.items()}


def speakers(text: str) -> frozenset[str]:
    """Name words of whoever `text` reports as saying something."""
    found = [m.group(1) for m in _SPEAKING.finditer(text)]
    found += [m.group(1) for m in _ACCORDING.finditer(text)]
    found += [m.group(1) for m in _STANCE.finditer(text)]
    return _words(found)


def asked_speaker(question: str) -> tuple[str, ...]:
    """The words naming whose words a question asks for, in order ("what did the lse professor say" ->
    ("the", "lse", "professor")); the last is the speaker itself, the rest describe it."""
    match = _ASKS_FOR_WORDS.search(normalize(question)) or _ACCORDING_TO.search(question.lower())
    if not match:
        return ()
    words = normalize(next(g for g in match.groups() if g)).split()
    while len(words) > 1 and (words[-1] in _AFTER_SPEAKER or words[-1].endswith("ly")):
        words.pop()  # "what did Kissinger himself think", "did Putin ever publicly say"
    return tuple(words)


def asks_decision(question: str) -> bool:
    """Whether the question asks what someone decided ("did Zelensky accept"), not what they said."""
    match = _ASKS_FOR_WORDS.search(normalize(question))
    return bool(match and match.group(3) and _DECISION.search(match.group(0)))


_DECISION = re.compile(r"\b(?:accept|agree|reject|refuse|sign)$")


def _words(names: Iterable[str]) -> frozenset[str]:
    return frozenset(word for name in names for word in normalize(name).split())
