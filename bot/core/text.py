"""Text normalization shared by the matcher and the validator: one definition of "the same words"."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.core.chinese import (
    CHINESE_CHATTER,
    CHINESE_STOPWORDS,
    ZH_FRAMED_END,
    ZH_FRAMED_START,
    has_han,
    to_simplified,
)

__all__ = [
    "CHATTER",
    "STOPWORDS",
    "Synonyms",
    "capitalized",
    "content_words",
    "emphasized",
    "fold",
    "likely_slip",
    "mend_shorthand",
    "neutral_mentions",
    "normalize",
    "proper_names",
    "sentences",
    "stem",
    "storable",
    "synonym_table",
    "tokens",
]

# Typographic marks people rarely type fold to their ASCII twins before anything else, and invisible
# characters that would otherwise glue or split words disappear.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a3": " pound ",
        "$": " dollar ",
    }
)
# Han characters are kept: Chinese text arrives split into words by bot.core.chinese.
_NON_WORD = re.compile("[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# "U.S." and "u.s" must survive punctuation stripping as one word.
_DOTTED_ACRONYM = re.compile(r"\b([a-z])\.([a-z])\.?(?![a-z])")

# Words that say nothing about which fact is wanted. Question words are kept out of scoring
# because every FAQ phrasing has them; chat filler ("please", "bot") because people add it anywhere.
# Domain words ("article", "say") stay in: their rarity weight already makes them count for little.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can could couldn d did didn do does doesn doing don down during each
    few for from further had has have having he her here hers herself him himself his how i if in into
    is isn it its itself just ll m me might more most must my myself no nor not now o of off on once only
    or other our ours ourselves out over own re s same shall she should so some such t than that the
    their theirs them themselves then there these they this those through to too under until up ve very
    was wasn we were weren what when where which while who whom why will with would wouldn y you
    your yours yourself yourselves
    please pls plz tell explain know want wanted give show hey hi hello bot thanks thank ok okay
    anyone someone something anything thing things really actually exactly basically like get got
    lets kind kinds sort sorts type types one ones others though although however
    wat wut u ur r whos whats wheres hows whys
    thats theres im ive id youre else still always ever even anyway nah yeah yep yes nope tho btw idk
    imo tbh ngl rn fr besides except apart instead regarding concerning among amongst across along
    toward towards upon onto within without whether thus hence therefore least vs versus
    dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt hasnt havent
    n w abt smth sth bc cuz coz cos thru wdym ofc ya yea kinda sorta gonna wanna gotta dunno lemme gimme
    yall ppl wen wats wuts rly realy srsly btwn b4 q
    """.split()
).union(CHINESE_STOPWORDS)
# Words people wrap around a question ("what role does X play", "I keep hearing..."): when the FAQ has
# never seen one, it is far more likely chatter than the thing asked about, so it costs little.
CHATTER = frozenset(
    """
    mean meaning means role play plays played happen happened happening happens talk talking talked
    discuss discussed discussion describe described description detail details info information summary
    summarize summarise overview point main think thinks thought view views opinion opinions feel feels
    felt believe believes idea ideas reason reasons cause caused part matter matters mattered important
    importance significance significant context background explanation understand understanding confused
    confusing curious wondering wonder hear heard hearing read reading saw see seen seeing quick question
    questions answer answers people person guy guys folks friend friends everyone everybody somebody lot
    lots bit little big whole literally honestly seriously probably maybe perhaps possible possibly
    supposed stuff way ways case day days time times back go going gone went come came make made making
    take took taken put look looks looked seem seems seemed keep kept sure true right wrong good bad
    interesting simple simply short long story mentioned mention says say said saying tldr eli5 lol
    agree agreed disagree fair unfair real realistic worry worries help helps helping rule rules broken
    sentient old age ask asked asking miss missed cool nice wild crazy insane based ratio same mood lmao
    lmfao rofl bruh bro dude wow omg yikes oof rip gg hype fire lit sus cap vibe vibes chill sorry
    welcome congrats congratulations cheers topic topics channel server thread mod mods admin ping dm
    emoji meme memes link post posted message messages chat new wait hmm definitely definite
    random today tonight yesterday tomorrow weekend online internet twitter reddit tiktok youtube
    wtf alot afaik iirc highkey deadass istg ong dumb stupid silly noob newbie backstory anywhere somewhere
    lately recently nowadays currently
    """.split()
).union(CHINESE_CHATTER)
# "us" is not a stopword: in questions about this article it nearly always means the country.


# Chat shorthand for the words a question is built from: "wat date was...", "wich city", "abt Rubio".
# Weighing already ignores them (STOPWORDS); this lets the readers of what is asked (the kind of fact, the
# thing named, "say about") see the question word. Only whole words: "U.S." is no "u".
_SHORTHAND = {
    # "whats" reads as "what's" does: normalizing drops the "'s" ("what the story").
    **dict.fromkeys(("wat", "wut", "wht", "wot", "whut", "whats", "wats", "wuts"), "what"),
    **dict.fromkeys(("wich", "whch", "wihch", "whih"), "which"),
    **dict.fromkeys(("wen", "whn"), "when"),
    **dict.fromkeys(("wher", "whr", "wer"), "where"),
    "wheres": "where",
    "hw": "how",
    "hows": "how",
    "whos": "who",
    "whys": "why",
    **dict.fromkeys(("abt", "bout", "abut"), "about"),
    "b4": "before",
    "yr": "year",  # "wat yr did...": the kind of fact asked
    "yrs": "years",
    "btwn": "between",
    "thru": "through",
    "w": "with",
    "w/": "with",
    "n": "and",
    "r": "are",
    "u": "you",
    "ur": "your",
    **dict.fromkeys(("bc", "cuz", "coz", "bcuz", "becuz"), "because"),
    # Function words typed with two letters swapped, so common that English word lists count them as words.
    **dict.fromkeys(("teh", "hte"), "the"),
    "adn": "and",
    "taht": "that",
    "waht": "what",
    "tehy": "they",
    "thier": "their",
}
_SHORTHAND_HINTS = frozenset(_SHORTHAND) | {"y"}  # and "y" opening a question
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys("?!.,:;()\"'", " "))
_OPENING_Y = re.compile(r"^(\W*)[Yy](?= )")  # "y did trump do it"
_SHORTHAND_WORD = re.compile(r"(?<![^\s(\"'])([A-Za-z0-9/]+)(?=[\s?!,:;)\"']|\.(?!\w)|$)")


def mend_shorthand(text: str) -> str:
    """`text` with chat shorthand for question and function words written out ("wat" -> "what"); a
    sentence that starts "y" asks why."""

    def spelt(match: re.Match[str]) -> str:
        word = match.group(1)
        return _SHORTHAND.get(word.lower(), word)

    if _SHORTHAND_HINTS.isdisjoint(text.lower().translate(_PUNCTUATION_TO_SPACE).split()):
        return text  # most text has none: a set lookup, not the pattern (phrasings are read per question)
    return _OPENING_Y.sub(r"\1why", _SHORTHAND_WORD.sub(spelt, text))


# How a chat message frames a question rather than what it asks: greetings, hedges, apologies, laughter,
# "asking for a friend". Each weighs as chatter at best, and a few of them outweigh a short question's
# subject ("genuine question, what did rubio say"); the readers of what is asked are thrown by them too.
_OPENING = "|".join(
    (
        r"ok(?:ay)?|so|hey|hi|hello|yo|um+|uh+|hm+|wait|well|alright|btw|ngl|tbh|lol|lmao|ha(?:ha)+|also",
        r"anyway|honestly|seriously|real talk|let me ask|lemme ask",
        r"(?:hey |hi |hello |yo |ok |okay )?"
        r"(?:bot|everyone|everybody|guys|folks|yall|fam|bro|dude|mate|chat|frens|friends(?=\s*[,!]))",
        r"(?:sorry|sry|soz|excuse me)(?: for| about)? my (?:bad |broken )?english"
        r"|my english (?:is )?(?:not (?:so |very |too )?good|bad|poor)",
        r"(?:i['’ ]?m|i am) from (?:the )?[a-z]+(?: [a-z]+)?(?=\s*[,.:;!-])",  # "i am from brazil, ..."
        r"(?:question|q)(?=\s*[:,.!-])",
        r"(?:a |one |my )?(?:(?:probably |possibly |maybe )?dumb|quick|genuine|honest|serious|stupid|silly"
        r"|random|simple|basic|noob|newbie|real|small) (?:question|q)",
        r"(?:a |one |my )?(?:last|final|another|one more|quick) (?:question|q|one)(?: from me| for now)?",
        r"sorry(?: (?:if|for) (?:this|it|the) (?:is |s )?(?:an? |the )?"
        r"(?:dumb|stupid|silly|basic|noob|obvious|newbie)(?: question| q)?)?(?: but)?",
        r"(?:can|could|would) (?:someone|anyone|somebody|you|u) (?:pls |please )?"
        r"(?:explain|tell me|help me understand)",
        r"i (?:just |only )?(?:read|finished|skimmed) (?:the|this) (?:article|piece|story)(?: and)?",
        r"(?:i was|i['’ ]?m) (?:reading|looking at) (?:this|it|the article)"
        r"(?: at work| earlier| today| just now| on my phone)?(?: and(?: got (?:lost|confused))?)?",
        r"not sure (?:if )?i (?:get|understand|got|follow) (?:it|this)",
        r"i(?:['’ ]?m| am) (?:confused|curious|wondering|lost)(?: about this)?",
        r"(?:i was |i['’ ]?m |just )?wondering|(?:does )?any(?:one|body) know|help me out",
        # Why the asker asks: "before I share this in the group", "I'm trying to get the timeline straight"
        r"before i (?:share|post|send|forward|repost|quote|cite) (?:this|it)"
        r"(?: (?:in|to|with|on) (?:the|my|our) [a-z]+(?: [a-z]+)?)?",
        r"(?:i['’ ]?m|i am) trying to (?:get|keep) (?:the|this|it|things|my) ?[a-z]* straight",
    )
)
_CLOSING = "|".join(
    (
        r"lol|lmao|lmfao|ha(?:ha)+|hehe+|xd|rofl|thx|thanks(?: in advance)?|thank you|ty|tbh|ngl|idk|btw",
        r"cheers|asking for a friend|or am i wrong|am i wrong|or not|just curious|just wondering",
        r"if that makes sense|i guess|i think",
        r"(?:give me|just|pls|please)(?: a| the)? (?:short|quick|simple|brief) answer(?: pls| please)?"
        r"|(?:short|quick|simple|brief) answer (?:pls|please)",
        r"i (?:kinda |kind of |sort of )?know (?:it )?already|i forgot|i forget",
    )
)
_FRAMED_START = re.compile(rf"^(?:\W*\b(?:{_OPENING})\b[\s,.:;!?-]*)+", re.IGNORECASE)
_FRAMED_END = re.compile(rf"(?:[\s,.;!?-]+\b(?:{_CLOSING})\b)+\W*$", re.IGNORECASE)


# Where the question says its facts come from: "as identified in the piece", "according to the article".
# The article is what every question asks about: a reference to it names no fact, and its verb
# ("identified") would weigh as a rare word. "The author says" is what the article says.
_SOURCE = r"(?:the|this|that) (?:article|piece|story|text|report|author|writer)"
_SOURCE_REFERENCE = re.compile(
    r"(?:,\s*(?:as )?|\bas )(?:(?:it )?(?:is|are|was|were|being) )?"  # an aside: "who is named in it" asks
    r"(?:identified|named|described|mentioned|stated|reported|noted|presented|portrayed|characteri[sz]ed"
    r"|framed|explained|outlined|depicted|cited|put|given|written|laid out|referred to) (?:in|by) "
    rf"{_SOURCE}\b"
    rf"|\b(?:according to|per) {_SOURCE}(?:'s (?:account|telling|reporting)\b|(?!['’]s\b))\s*,?",
    re.IGNORECASE,
)
_AUTHOR_SAYS = re.compile(
    r"\bthe (?:author|writer|journalist|reporter)(?= (?:says?|said|argues?|notes?|suggests?|describes?"
    r"|explains?|claims?|thinks?|means?|writes?|frames?|portrays?|characteri[sz]es?|finds?|concludes?"
    r"|presents?|impl(?:y|ies)|sees?|views?|calls?|points? out|raises?|highlights?|mentions?|makes?|treats?"
    r"|connects?|links?)\b)",
    re.IGNORECASE,
)
_SOURCE_WORDS = ("article", "piece", "story", "text", "report", "author", "writer", "journalist", "reporter")


def unreferenced(text: str) -> str:
    """`text` without the reference to where its facts come from: "who is Zelensky, as identified in the
    piece" asks who Zelensky is; "what does the author say about X", what the article says about it."""
    lowered = text.lower()
    if not any(word in lowered for word in _SOURCE_WORDS):  # most questions: a substring test only
        return text
    return _AUTHOR_SAYS.sub("the article", _SOURCE_REFERENCE.sub(" ", text)).strip()


_LINK = re.compile(r"<?(?:https?://|www\.)\S+")  # a link shared with a question is not its words
# "this server argued about it all night. anyway, does the article...": what came before is chat.
_BEFORE_ANYWAY = re.compile(r"^.*[.!?]\s*(?:so |ok |okay )?anyways?\b[\s,:;-]*(?=\S)", re.IGNORECASE)


# A long chat message tells and asks: "my cousin swears trump is getting tougher on russia lol. the opening
# sentence says hes doing what with russia?" Its sentences that ask are the question; the rest is context
# whose words would pull it towards other entries.
LONG_MESSAGE_WORDS = 14
# Not after "...", a trailing-off, nor after "U.S." or "Dr.": a sentence goes on past them.
_SENTENCES = re.compile(r"(?<=[^.][.!?])(?<!\b[A-Za-z]\.)(?<!\b(?:Dr|Mr|Ms|St)\.)\s+")
_MENTIONED = re.compile(r"@\w+")
_ASKING_WORD = (
    r"(?:what|whats|wat|who|whos|whom|whose|when|where|why|how|which|did|does|do|is|are|was|were|has|have"
    r"|had|can|could|will|would|should)\b"
)
_ASKS = re.compile(rf"\?|^\W*{_ASKING_WORD}", re.IGNORECASE)
# A sentence that names what it asks about only by pointing back, early on: "whats his argument", "did he".
_LEANS_BACK = re.compile(
    r"^\W*(?:[\w']+\W+){0,2}(?:he|his|him|she|her|they|them|their|it|its|that|this|those|these)\b",
    re.IGNORECASE,
)
# Guesses after a question, "who buys the most russian crude now? india? china?": the asker's, not what
# is asked. A short fragment after a "?" that asks nothing itself ("when?" does, "or personal?" offers
# the other choice).
_GUESSES = re.compile(rf"(?<=\?)\s+(?!or\b|{_ASKING_WORD})(?:[^\s?.!]+\s+){{0,2}}[^\s?.!]+\?+", re.IGNORECASE)


def asked_part(text: str) -> str:
    """`text` without the guesses after its question; of a long message, the sentences that ask, with
    the one before any that is short ("right?") or points back to it ("whats his argument"). A short
    message, or one whose sentences all ask or none do, is kept whole."""
    if text.count("?") > 1:
        text = _GUESSES.sub("", text)
    if len(text.split()) <= LONG_MESSAGE_WORDS:
        return text
    parts = [p for p in _SENTENCES.split(_MENTIONED.sub(" ", text)) if p.strip()]
    asking = [i for i, part in enumerate(parts) if _ASKS.search(part)]
    if not asking or len(asking) == len(parts):
        return text
    leaning = {i - 1 for i in asking if i and (len(parts[i].split()) < 6 or _LEANS_BACK.match(parts[i]))}
    kept = set(asking) | leaning
    return " ".join(parts[i].strip() for i in sorted(kept))


def unframed(text: str) -> str:
    """`text` without the chat that frames it ("genuine question, ...", "... asking for a friend lol",
    "小白求问，……求解答"): what is left is the question. Nothing is left of text that is only framing
    ("小白求问，在吗"): chat, not a question."""
    if "http" in text or "www." in text:
        text = _LINK.sub(" ", text).strip()
    if "#" in text:  # "saw people arguing in #politics about...": a channel's name is where, not what
        text = _CHANNEL_NAME.sub(" ", text)
    if "anyway" in text.lower():  # most questions have none: a substring test, not the pattern
        text = _BEFORE_ANYWAY.sub("", text)
    inner = _FRAMED_START.sub("", unreferenced(asked_part(text)))
    last = _LAST_WORD.search(inner, max(0, len(inner) - _TAIL))
    if last and last.group(1).lower().startswith(_CLOSING_LAST):  # most questions end otherwise
        inner = _cut_end(_FRAMED_END, inner)
    if has_han(inner):
        inner = _cut_end(ZH_FRAMED_END, ZH_FRAMED_START.sub("", to_simplified(inner)))
    return inner if any(c.isalnum() for c in inner) else ""


# A channel named as typed ("#general", "#world-news"); "#1 customer" is a rank.
_CHANNEL_NAME = re.compile(r"(?<![A-Za-z0-9_#])#[A-Za-z][A-Za-z0-9_-]*")


def _cut_end(pattern: re.Pattern[str], text: str) -> str:
    """`text` without what `pattern` (anchored at the end) finds in its last characters: searching the
    whole of a long question for an ending costs a pass per character."""
    start = max(0, len(text) - _TAIL)
    found = pattern.search(text, start)
    return text[: found.start()] if found else text


_TAIL = 48  # longer than any run of closings people type ("... asking for a friend lol")
# The last words of the closings (`_CLOSING`), "haha" and "hehe" as prefixes of their longer laughs.
_CLOSING_LAST = tuple(
    "lol lmao lmfao haha hehe xd rofl thx advance you ty tbh ngl idk btw cheers friend wrong not curious "
    "wondering sense guess think answer pls please already forgot forget".split()
)
_LAST_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")


def fold(text: str) -> str:
    """NFKC, typographic quotes and dashes to ASCII, accents stripped, casefolded."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if text.isascii():  # nothing to strip: skips a per-character pass on nearly every question
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)  # each reader of a question normalizes it again: pure, and cheap to repeat
def normalize(text: str) -> str:
    """Folded text reduced to lowercase words and digits separated by single spaces."""
    folded = _DOTTED_ACRONYM.sub(_join_acronym, fold(text))
    folded = folded.replace("'s ", " ").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _join_acronym(match: re.Match[str]) -> str:
    letters = match.group(1) + match.group(2)
    return f" {letters} "


_PLURALS = (("ies", "y"), ("es", ""), ("s", ""))
_VERB_FORMS = (("ied", "y"), ("ing", ""), ("ed", ""), ("ly", ""))
# Forms of a three-letter verb, too short for the suffix rules ("used" would be "us").
# Forms too short for the suffix rules to reach their word ("goes" would be "goe", "going" stay whole).
_SHORT_VERB_FORMS = {"used": "use", "using": "use", "uses": "use", "goes": "go", "going": "go", "gone": "go"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stemmer: enough to make "sanctions", "sanctioned" and "sanction" meet.

    Not a linguist's stem ("side" and "sided" both become "sid"): it only has to map the
    inflections of one word to the same key on both the FAQ side and the question side.
    """
    if len(word) <= 3 or not word.isascii() or not word.isalpha() or word.endswith(("ss", "us", "is")):
        return word
    if word in _SHORT_VERB_FORMS:
        return _SHORT_VERB_FORMS[word]
    for suffixes in (_PLURALS, _VERB_FORMS):
        for suffix, replacement in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)] + replacement
                if suffix == "es" and not word.endswith(("s", "x", "z", "ch", "sh")):
                    word += "e"  # "sides" -> "side", but "boxes" -> "box"
                break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "stopped" -> "stopp" -> "stop"
    elif len(word) > 5 and word.endswith("ll"):
        word = word[:-1]  # British "travelled" -> "travell" -> "travel"; "call" and "tell" are too short
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


_EMPHASIS = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'\u2019-]*|\w*\d\w*)", re.UNICODE)


def _shouted(text: str) -> bool:
    """All in capitals ("WHY IS RUBIO SO SCARED"): then a capital marks no name."""
    return not any(c.islower() for c in text) and sum(w.isalpha() for w in text.split()) > 2


def emphasized(text: str) -> set[str]:
    """Words written as names or numbers mid-sentence ("Merkel", "2023"): likely what is asked about."""
    if _shouted(text):
        text = text.lower()
    found = {normalize(m.group(1)) for m in _EMPHASIS.finditer(text.strip())}
    return {stem(w) for part in found for w in part.split()}


def capitalized(text: str) -> list[str]:
    """The capitalized words of `text` past a sentence's start, normalized but not stemmed ("india")."""
    if _shouted(text):
        return []
    found = (normalize(m.group(1)) for m in _EMPHASIS.finditer(text.strip()) if m.group(1)[0].isupper())
    return [w for part in found for w in part.split() if len(w) > 2 and w.isalpha()]


def proper_names(text: str) -> frozenset[str]:
    """Words `text` always capitalizes ("Kissinger", "Beijing"): the ones people misspell most.

    A word that starts a sentence counts too ("Klaus Welle, a visiting professor..."); the function words
    that start sentences ("Moreover", "The") are written in lower case elsewhere or are stopwords.
    """
    lower = set(re.findall(r"\b[a-z][a-z]+\b", text))
    capital = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", text)}
    return frozenset(capital - lower - STOPWORDS)


_VOWELS = frozenset("aeiouy")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Keys next to each key on a QWERTY keyboard, across and diagonally.
_NEIGHBOURS = {
    key: "".join(
        _KEY_ROWS[r][c]
        for r in range(max(0, row - 1), min(3, row + 2))
        for c in range(max(0, col - 1), min(len(_KEY_ROWS[r]), col + 2))
        if _KEY_ROWS[r][c] != key
    )
    for row, keys in enumerate(_KEY_ROWS)
    for col, key in enumerate(keys)
}


# How a word sounds, roughly (Aspell's "soundslike" idea): spellings people reach for by ear meet.
_SOUNDS = (
    (re.compile("ph"), "f"),
    (re.compile("ck|q"), "k"),
    (re.compile("c(?=[eiy])"), "s"),
    (re.compile("c"), "k"),
    (re.compile("z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: "borred", "bored"
    (re.compile("(?<=.)[aeiouy]+"), "*"),  # which vowels, after the first letter: "deel", "deal"
)


def sounds_like(word: str) -> str:
    """A key that spellings of one sound share: "fone" and "phone", "marko" and "marco", "deel" and
    "deal". Several words can share a key: it finds candidates, it doesn't decide."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


# Passive voice: a form of "be" or "get" (perhaps with an adverb between) before a participle.
_BE = frozenset("is was were are be been being get got gets getting".split())
_IRREGULAR_PARTICIPLES = frozenset(
    "made taken given known seen shown held paid sold told built brought thought done written sent".split()
)


def agentless(text: str) -> frozenset[str]:
    """Stems of the verbs `text` uses only in the passive with no "by" after them: "Russia was accused of
    meddling" says who was accused, never who accused it. An active use ("Trump called Zelensky a
    dictator") or an agent ("reviewed by Zhang Yangyang") anywhere in `text` says who did it."""
    words = normalize(text).split()
    passive: set[str] = set()
    other: set[str] = set()
    for i, word in enumerate(words):
        if not ((len(word) > 4 and word.endswith("ed")) or word in _IRREGULAR_PARTICIPLES):
            continue
        before = words[max(0, i - 2) : i]
        after_be = bool(before) and (
            before[-1] in _BE or (len(before) == 2 and before[0] in _BE and before[1].endswith("ly"))
        )
        agent = "by" in words[i + 1 : i + 6]
        (passive if after_be and not agent else other).add(stem(word))
    return frozenset(passive - other)


def likely_slip(word: str, target: str, name: bool = False, stranger: bool = False) -> bool:
    """Whether `word` reads as a typing slip for the ordinary word `target`, not as another real word.

    "agianst", "nucleer", "calll" and "translted" are slips; "project"/"protect", "wheat"/"what" and
    "bread"/"break" are two real words one letter apart. A slip swaps two letters, doubles or drops one,
    or confuses vowels; one consonant for another in a short word is more often a different word.
    Names ("rubo" for "Rubio") are rarely another word with a letter dropped or added, so `name` allows that.
    A `stranger` (no English word: "whst", "wprk", "cips") can be no other word, so in a short word too a
    neighbouring key or a dropped letter is a slip.
    """
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diff) == 2:
            i, j = diff
            return j == i + 1 and word[i] == target[j] and word[j] == target[i]
        if len(diff) != 1:
            return False
        typed, meant = word[diff[0]], target[diff[0]]
        # A finger landed on the next key ("nuckear"); in an ordinary word's last letter that is more
        # often another ending of a real word ("boomer" is not "boomed"), in a name it is still a slip.
        shortest = 4 if stranger else 5
        if meant in _NEIGHBOURS.get(typed, ""):
            return len(word) >= shortest and (name or stranger or diff[0] < len(word) - 1)
        return len(word) >= shortest and {typed, meant} <= _VOWELS
    if abs(len(word) - len(target)) == 1:
        long, short = (word, target) if len(word) > len(target) else (target, word)
        i = next((i for i, (a, b) in enumerate(zip(long, short, strict=False)) if a != b), len(short))
        doubled = (i > 0 and long[i] == long[i - 1]) or (i + 1 < len(long) and long[i] == long[i + 1])
        # An ending left off: "grow" for "grown", "upend" for "upends", but not "treat" for "treaty".
        ending = long == target and long.startswith(short) and long[-1] in "sdn"
        unspeakable = short == word and not _VOWELS & set(word)  # "stnd", "chps": no English word
        # A stranger with a letter left out ("cips", "thik") is a slip; one with a letter more ("rian") is
        # as likely a slip of a word the FAQ doesn't have ("rain") as of one it has ("ran").
        dropped = stranger and short == word
        return doubled or ending or name or unspeakable or dropped or len(short) >= 5
    return len(word) >= 10


def tokens(
    text: str, synonyms: Synonyms | None = None, correct: Callable[[str], str] | None = None
) -> list[str]:
    """Content words of `text`, stemmed, with synonyms mapped to their canonical word.

    `correct` (a typo fixer) sees each word before synonyms apply, so "councel on foreign relations"
    still becomes the synonym "cfr".
    """
    return content_words(normalize(text).split(), synonyms, correct)


def content_words(
    words: list[str], synonyms: Synonyms | None = None, correct: Callable[[str], str] | None = None
) -> list[str]:
    """`tokens` for text already split by `normalize`: lets an index normalize each phrasing once."""
    if correct:
        words = [w if w in STOPWORDS else correct(w) for w in words]
    if not synonyms:
        return [stem(w) for w in words if w not in STOPWORDS]
    words = _apply_synonyms(words, synonyms)
    names = synonyms.names
    return [_stem_beside(w, names) for w in words if w not in STOPWORDS]


def _stem_beside(word: str, names: frozenset[str]) -> str:
    """`stem(word)`, except that a name stays whole and no other word is stemmed into one.

    Stemming "Welle" to "well" or "line" to "lin" (as in Lin Jian) would make "as well" and "the hoax
    line" questions about people.
    """
    if word in names:
        return word
    stemmed = stem(word)
    if stemmed in names and word not in (stemmed + "s", stemmed + "es"):  # "trumps" is still Trump
        return word
    return stemmed


def _apply_synonyms(words: list[str], synonyms: Synonyms) -> list[str]:
    starts = synonyms.starts
    if starts.keys().isdisjoint(words):  # the usual case: word by word, no phrase to look for
        return [part for w in words for part in synonyms.single.get(w, (w,))]
    out: list[str] = []
    i = 0
    while i < len(words):
        # Only the lengths of phrases that start with this word, longest first: "united states" wins.
        for size in starts.get(words[i], ()):
            if i + size > len(words):
                continue
            phrase = " ".join(words[i : i + size])
            if phrase in synonyms.table:
                out.extend(synonyms.table[phrase].split())
                i += size
                break
        else:
            out.extend(synonyms.single.get(words[i], (words[i],)))
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Normalized variant -> normalized canonical word; the phrase variants indexed by their first word."""

    table: Mapping[str, str]
    starts: Mapping[str, tuple[int, ...]]  # first word of a variant of several words -> their lengths
    single: Mapping[str, tuple[str, ...]]  # one-word variants -> the canonical's words
    names: frozenset[str] = frozenset()  # people's names: never stemmed, and no word stems into one


def synonym_table(groups: Mapping[str, Iterable[str]], names: Iterable[str] = ()) -> Synonyms:
    """Flatten `{canonical: [variants]}` into a lookup of normalized variants; `names` are kept whole."""
    table: dict[str, str] = {}
    for canonical, variants in groups.items():
        target = normalize(canonical)
        for variant in variants:
            key = normalize(variant)
            if key and key != target:
                table[key] = target
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in table:
        if " " in key:
            lengths[key.split()[0]].add(key.count(" ") + 1)
    starts = {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}
    single = {k: tuple(v.split()) for k, v in table.items() if " " not in k}
    return Synonyms(table, starts, single, frozenset(names))


# Discord's mention syntax: <@id> and <@!id> a user, <@&id> a role, <#id> a channel; also one cut off at the
# end of a question that was cut to length, so no part of an id is kept.
_MENTIONS = (
    (re.compile(r"<@!?\d+(?:>|\Z)"), "@user"),
    (re.compile(r"<@&\d+(?:>|\Z)"), "@role"),
    (re.compile(r"<#\d+(?:>|\Z)"), "#channel"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def neutral_mentions(text: str) -> str:
    """`text` with mentions of users, roles and channels replaced by "@user", "@role" and "#channel"."""
    for mention, placeholder in _MENTIONS:
        text = mention.sub(placeholder, text)
    return text


def storable(text: str) -> str:
    """`text` with what UTF-8 cannot encode (lone surrogates, which JSON can carry) replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


# A sentence ends at ., !, ?, … or "..." (perhaps inside a closing quote) before a capital or an opening
# quote. "U.S." inside one doesn't end it (a capital before the stop), nor does a title: "Dr. Dana Allin".
_SENTENCE_END = re.compile(
    r"(?:(?<=[a-z0-9)”\"][.!?…])|(?<=[a-z0-9)][.!?…][”\"])|(?<=\.\.\.))"
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)\s+(?=[A-Z“\"])"
    r"|(?<=[。！？])(?![”」』])\s*|(?<=[。！？][”」』])\s*"  # Chinese ends a sentence with no space after it
)


def sentences(text: str) -> list[str]:
    """`text` cut into its sentences."""
    return [part for part in _SENTENCE_END.split(text) if part] or [text]
