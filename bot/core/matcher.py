"""Match people's questions to FAQ entries: weighted keywords, fuzzy similarity, answerability rules.

Every question is reduced to content words (normalized, stemmed, synonyms mapped, typos corrected to the
FAQ's vocabulary), each weighted by rarity (IDF) so "Kissinger" counts far more than "Trump"; a word the
FAQ has never seen weighs by its rarity in English (wordfreq). Three signals, each visible in `Candidate`
for `faqbot ask --explain`, make an entry's base score:
- coverage: how much of the question's weight the entry knows anywhere (phrasings, answer, citations).
  Words the FAQ has never seen count against it: they are usually what the question is really about.
- keywords: weighted agreement with the entry's single best phrasing, both ways (precision and recall).
- fuzzy: rapidfuzz partial_ratio of the question to that phrasing: the phrasing, in order, inside it.
Then the answerability rules (bot/core/rules.py) ask whether the entry gives what is asked: the kind of
fact, the speaker, the thing named, a verdict, or one of the entry's curated `not_answered` facets that
the question agrees with better than with any of its phrasings. Each rule that applies multiplies the
score by its factor.

The outcome: answered when the best score clears the threshold and is clearly ahead of the runner-up;
not in the article when a rule took an otherwise good match below it (the person is told what is missing,
and shown the closest entry as related); unclear (suggestions), off topic or chat otherwise. Every number
is in `MatcherConfig` (bot/core/config.py).
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core import index_cache
from bot.core.answer_kinds import (
    SPECIFIC_SHAPES,
    asked_kinds,
    question_shape,
    same_shape,
    shapes_agree,
    supplied_kinds,
)
from bot.core.chinese import Segmenter, asked_of_english, has_han, language_of, to_simplified
from bot.core.chinese import names as chinese_names
from bot.core.config import DEFAULT_CONFIG, MatcherConfig
from bot.core.models import Answer, Candidate, Citation, Entry, Knowledge, shown
from bot.core.places import places_in
from bot.core.relations import trades
from bot.core.rules import NOTHING_MATCHED, RULES, Asked, Gives, Matched, gap_note, markers
from bot.core.speakers import OFFICES, affiliations, asked_speaker, asks_decision, people, speakers
from bot.core.text import (
    CHATTER,
    STOPWORDS,
    agentless,
    capitalized,
    content_words,
    emphasized,
    likely_slip,
    mend_shorthand,
    normalize,
    proper_names,
    sentences,
    sounds_like,
    stem,
    synonym_table,
    tokens,
    unframed,
)

__all__ = ["MAX_QUESTION_CHARS", "READABLE", "Matcher", "calibrated", "needs_translation", "reply_language"]

READABLE = frozenset({"en", "zh"})  # languages questions are matched in

# Bounds on work and output, not tuning (that is MatcherConfig).
MAX_SUGGESTIONS = 5
PHRASINGS_KEPT = 50_000  # phrasings kept made whole for the hot path: all of a hand-made FAQ's
FUZZY_POOL = 20  # entries re-scored with rapidfuzz; the rest cannot win on keywords alone
CANDIDATES = 2000  # phrasings scored per question: bounds the cost of common words in a large FAQ
AUTOCOMPLETE_CANDIDATES = 300  # fewer for autocomplete, which runs on every keystroke
MISSPELT_PREFIX = 3  # misspellings keep a word's start: "artical", but "spammer" is not "summer"
MISSPELT_LENGTH = 6  # shorter words two slips apart are as likely a different word ("wheat"/"what")
FACETS_KEPT = 4096  # entries whose facets are kept read (`_facets_of`): all of them up to a large FAQ
# The words a slip is looked for in (`_correct` mends only letters); "shouldn't" is one word, no slip.
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_APOSTROPHES = re.compile("['’]")
MIN_TYPO_LENGTH = 4  # shorter words are too often other real words one letter away
_FUNCTION_WORDS = frozenset(w for w in STOPWORDS if len(w) >= MIN_TYPO_LENGTH and w.isalpha())
MAX_QUESTION_CHARS = 2000  # Discord's own message limit; longer input is cut here, not scanned
MAX_QUESTION_WORDS = 60
_CHATTER_STEMS = frozenset(stem(w) for w in CHATTER)
# "which Russian banks", "which other countries", "which of the projects": the noun is the 2nd word at most.
_WHICH = re.compile(r"\bwhich ((?:(?:other|of|the|his|her|their|these|those) )*(?:[a-z-]+ )?[a-z-]+)")
_LEADING = frozenset("other of the his her their these those".split())
# "what city will...", "what peace terms did...": the words between "what" and the verb name the thing.
_WHAT_THING = re.compile(
    r"\bwhat ((?:[a-z]+ ){1,2}?)(?:did|does|do|is|was|are|were|will|would|has|have|had)\b"
)
# "who was the journalist who interviewed Rubio": the person asked for is named by what they are.
_WHO_THE = re.compile(r"\bwho (?:is|was|are|were) the ((?:[a-z]+ ){0,3}?[a-z]+) (?:who|that)\b")
# "what was the name of the agreement", "what is Welle's nationality": the thing is the name, the nationality.
_THE_THING = re.compile(
    r"\bwhat (?:is|was|are|were|s) (?:[a-z]+ ){0,3}?([a-z]+)(?: (?:of|for|behind|at)\b|$)"
)
# "used", "based", "proposed"; not "need" or "speed", nor "called": "what was it called" asks a name.
_PARTICIPLE = re.compile(r"(?!(?:call|nam|dubb|term|titl|label|labell)ed$)[a-z]+[^e]ed")
# "the value of Russian gas exports": every word of what is measured must be the entry's, "gas" too.
_MEASURED = re.compile(
    r"\b(?:value|amount|number|share|percentage|proportion|total|size|worth|volume|quantity) of "
    r"((?:[a-z]+ ){0,2}[a-z]+)"
)
# A rank below the first ("the second-largest buyer"): the entry must give that rank, not only the first.
_RANKED = re.compile(
    r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ](?:largest|biggest|most|highest|top|main|leading)\b"
)
# Chinese words of speech ("说了什么", "怎么回应", "有什么反应", "点讲"): whose words are asked for is the
# person or body the question starts with.
_SPEECH_ZH = frozenset(
    "说 讲 回应 反应 表态 评论 回复 反驳 称 表示 怎么看 看法 评价 认为 觉得 看待 如何看待 怎样看待 点睇"
    " 怎么看待".split()
)
_OPENERS_ZH = frozenset("请问 那 那么 所以 话说".split())
_ASKS_WHO_ZH = frozenset("谁 哪位 各 各自 分别 都".split())  # who said it, or what each of several said
_VOICE_NOUNS_ZH = frozenset("官方 当局 政府 方面 官员 高层 领导层".split())
_THEN_SAYS_ZH = frozenset(
    "对 本人 自己 怎么 如何 有 是 又 也 到底 具体 当时 之前 后来 就 对此 点 点样 怎样 有没有 有冇".split()
)
# "who initiated the call": the article must say who did that, not only mention the call.
# Not "who" after the one it describes: "Russia is the one who attacked" tells who, it doesn't ask.
_WHO_DID = re.compile(
    r"(?<!\bone )(?<!\bones )(?<!\bpeople )(?<!\bguy )(?<!\bperson )(?<!\bthose )(?<!\bsomeone )"
    r"\bwho (?:(?:at|from|in) (?:the )?(?:[a-z]+ ){1,5}?(?=(?:wrote|write|writes|said|penned|authored|coined"
    r"|drafted|published|interviewed|placed|made)\b))?"  # "who at the CFR wrote": the deed, past the body
    r"(?!(?:is|was|are|were|s|did|does|do|has|have|had|will|would|can|could|should|else)\b)([a-z]+)"
)
# "who used the word vassal": who said it, as "who said" asks.
_WORD_USED = re.compile(
    r"who (?:used|uses|use|coined) (?:the |that |this )?(?:word|term|phrase|expression|label)\b"
)
# "the <noun> who": a "who" that describes the one named before it ("the Chinese spokesman who...").
_DESCRIBED = re.compile(r"\bthe (?:[a-z]+ ){0,3}[a-z]+ $")
# "putins", "zelenskyy": a name with an "s" or its last letter doubled, as people type them.
_SLIPPED_END = re.compile(r"s$|(.)\1$")
# Nouns that frame a question rather than name a thing ("what percentage", "to what extent", "what is
# the value of"): kinds of fact are checked by the kind rule, the rest say nothing about the subject.
_FRAME_NOUNS = frozenset(
    stem(w)
    for w in "year date day month time percentage percent share amount number figure figures age type value "
    "worth size total sum level extent sense basis degree respect way ways consequence consequences effect "
    "result outcome impact significance purpose goal aim reason explanation evidence proof example examples "
    "sign signs organisation organisations organization organizations org orgs institution institutions tank "
    "tanks institute institutes word words term terms phrase expression nickname nicknames label labels "
    "moniker period era".split()
    # "which think tank" (read as "institute"): any body
)  # the entry names answers it; "what word did Rubio use": any quoted word; "in which period": a time
_ABOUT = re.compile(
    r"\b(?:say|said|says|saying|think|thinks|thought|tell|told|mention|mentioned|write|wrote|comment|"
    r"commented|claim|claimed|argue|argued) (?:about|on|regarding|that) ((?:[a-z0-9]+ ?){1,4})"
)
# "Who said...", "who warned...": whose words, which the speaker rule checks; not a deed the entry must name.
_SPEECH_VERBS = frozenset(
    stem(w)
    for w in "say said says tell told call called calls label labelled labeled describe described warn "
    "warned respond responded reply replied argue argued claim claimed note noted comment commented mention "
    "mentioned stress stressed emphasize emphasized state stated according think thought believe believes "
    "dub dubbed name named accuse accused criticize criticized".split()
)
_DISCORD_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_HOW_MUCH = re.compile(r"\bhow (?:much|many) ([a-z]+)")
_NO_YEARS: Mapping[str, frozenset[str]] = {}  # never written to
_STRANGER = frozenset({"<someone the article never mentions>"})
_BOT_COMMAND = re.compile(r"\s*[!/.$>?;~][a-z]+\b", re.IGNORECASE)  # "!help", "/play": meant for other bots
# What the bot itself is: "are you an AI", "what's your name", "你是人工智能吗", "你叫什么". Chat, however
# much a word of it ("AI") is the article's.
_ABOUT_THE_BOT = re.compile(
    r"^\W*(?:are|r) (?:you|u)(?: an?| the)? [a-z-]+\W*$|\b(?:your|ur) name\b|^\W*who (?:are|r) (?:you|u)\W*$"
    r"|^\W*(?:你|您)\s*(?:是|叫|系|係)",  # 係: Cantonese "is"
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry: int
    text: str  # normalized, for the fuzzy signal
    words: tuple[str, ...]  # distinct; a tuple is a third of a frozenset's memory, and as fast at this size
    total: float  # the words' summed weight
    kinds: frozenset[str]  # kinds of fact it asks for (shared empty set for most)
    markers: frozenset[str]  # a verdict, more detail, or beyond what it names (shared empty set for most)

    def matched(self) -> Matched:
        return Matched(self.words, self.kinds, self.markers)


class _PhrasingTable:
    """Every phrasing of the FAQ in a few flat arrays rather than an object each: 350,000 phrasings at
    10,000 entries. Phrasing n's normalized text and distinct content words are slices of two long
    strings (a word as one character: its number in `vocabulary`); `_Phrasing` is made on demand."""

    def __init__(self) -> None:
        self.entry = array("I")  # the entry's number
        self.first = array("I")  # per entry, the number of its first phrasing (its question)
        self.total = array("d")  # the words' summed weight: filled once the weights are known
        self.texts = ""  # the normalized texts, each followed by a newline
        self._text_starts = array("I", [0])
        self._words = ""
        self._word_starts = array("I", [0])
        self.vocabulary: list[str] = []
        self._ids: dict[str, int] = {}
        # (kinds of fact, markers) of the few phrasings that ask for any; the rest ask for nothing. Read on a
        # phrasing's first use, not at start-up: few phrasings ever come close to a question.
        self._asks: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        self._asks_read = bytearray()
        self.postings: dict[str, array[int]] = {}  # word -> numbers of the phrasings that have it
        self._text_parts: list[str] = []
        self._word_parts: list[str] = []
        self._text_chunks: list[str] = []
        self._word_chunks: list[str] = []

    def __len__(self) -> int:
        return len(self.entry)

    def add(
        self,
        entry: int,
        text: str,
        words: Iterable[str],
        indexed: bool = True,
    ) -> None:
        """Add a phrasing; one not `indexed` is in no word's postings: no question reaches it by its words."""
        number = len(self.entry)
        while len(self.first) <= entry:  # an entry with none starts where the next one does
            self.first.append(number)
        self.entry.append(entry)
        self._text_parts.append(text)
        self._text_starts.append(self._text_starts[-1] + len(text) + 1)
        ids = self._ids
        marks = []
        for word in words:
            found = ids.get(word)
            if found is None:
                found = ids[word] = len(self.vocabulary)
                self.vocabulary.append(word)
                self.postings[word] = array("I")
            if indexed:
                self.postings[word].append(number)
            marks.append(chr(found))
        self._word_parts.append("".join(marks))
        self._word_starts.append(self._word_starts[-1] + len(marks))

    def seal(self, whole: bool = False) -> None:
        """Join what was added since the last call into one piece (after each entry: few small strings are
        alive at once), and with `whole`, the pieces into the two long strings."""
        self._text_chunks.append("".join(f"{t}\n" for t in self._text_parts))
        self._word_chunks.append("".join(self._word_parts))
        self._text_parts.clear()
        self._word_parts.clear()
        if whole:
            self.texts = "".join(self._text_chunks)
            self._words = "".join(self._word_chunks)
            self._text_chunks, self._word_chunks = [], []

    def text(self, number: int) -> str:
        return self.texts[self._text_starts[number] : self._text_starts[number + 1] - 1]

    def words(self, number: int) -> tuple[str, ...]:
        vocabulary = self.vocabulary
        marks = self._words[self._word_starts[number] : self._word_starts[number + 1]]
        return tuple(vocabulary[ord(m)] for m in marks)

    def marks(self, word: str) -> tuple[str, str, array[int]]:
        """`word` (which some phrasing has) as a character, and every phrasing's words as characters
        with where each starts: phrasing n has it when `mark in marks[starts[n] : starts[n + 1]]`."""
        return chr(self._ids[word]), self._words, self._word_starts

    def phrasing(self, number: int, text: str) -> _Phrasing:
        """Phrasing `number`, whose normalized text is `text`."""
        if len(self._asks_read) < len(self.entry):
            self._asks_read.extend(bytes(len(self.entry) - len(self._asks_read)))
        if not self._asks_read[number]:
            kinds, asks = asked_kinds(text), markers(text)
            if kinds or asks:
                self._asks[number] = (_shared(kinds), _shared(asks))
            self._asks_read[number] = 1
        kinds, asks = self._asks.get(number, (_NOTHING, _NOTHING))
        words = self.words(number)
        return _Phrasing(self.entry[number], text, words, self.total[number], kinds, asks)


class _WordSets:
    """Sets of words, each a slice of one string with a word as one character (its number in `vocabulary`):
    a tenth of the memory of as many frozensets."""

    def __init__(self, sets: Iterable[Collection[str]], vocabulary: list[str], ids: dict[str, int]) -> None:
        self.vocabulary, self._ids = vocabulary, ids
        parts: list[str] = []
        self._starts = array("I", [0])
        for words in sets:
            marks = "".join(chr(ids.setdefault(w, len(ids))) for w in words)
            parts.append(marks)
            self._starts.append(self._starts[-1] + len(marks))
        vocabulary.extend(sorted(ids, key=ids.__getitem__)[len(vocabulary) :])
        self._marks = "".join(parts)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, number: int) -> frozenset[str]:
        vocabulary = self.vocabulary
        return frozenset(
            vocabulary[ord(m)] for m in self._marks[self._starts[number] : self._starts[number + 1]]
        )

    def marks(self, word: str) -> tuple[str, str, array[int]]:
        """As `_PhrasingTable.marks`: set n has `word` (which some set has) when `mark` is in its slice."""
        return chr(self._ids[word]), self._marks, self._starts


@dataclass(frozen=True, slots=True)
class _Facets:
    """One entry's not-answered facets as `_best_facet` compares them; k is a facet's place in the entry."""

    words: tuple[tuple[str, ...], ...]  # facet k's content words
    names: tuple[frozenset[str], ...]  # the names it asks of beyond its entry's subject: "china"
    shapes: tuple[str, ...]  # the question word it asks with
    beyond: tuple[bool, ...]  # whether it asks beyond what it names: "components other than semiconductors"
    by_word: Mapping[str, tuple[int, ...]]  # the facets by their own words, ones the entry never uses
    ownless: tuple[int, ...]  # the facets with no word of their own


class _FacetMatch(NamedTuple):
    """The facet of an entry that agrees best with a question (`Matcher._best_facet`)."""

    score: float  # F-score of their words, weighed on the question's scale
    facet: int  # its place in the entry's not_answered
    length: float  # its words' weight on that scale
    whole: bool  # the question has every word of it (three or more), one its own (its entry never uses)


class _EntryGives:
    """What each entry gives (`Gives`, for the answerability rules), made when a question needs it: only
    the few entries that come close to a question ever do."""

    def __init__(
        self,
        words: Sequence[frozenset[str]],
        found: Sequence[tuple[Any, ...]],  # says, kinds, speakers, agentless, voices, trades, dated
    ) -> None:
        vocabulary: list[str] = []
        ids: dict[str, int] = {}
        self.words = _WordSets(words, vocabulary, ids)
        self._says = _WordSets((said for said, *_ in found), vocabulary, ids)
        self._rest = [
            (kinds, who, _shared(undone), _shared(spoke), sold, dated)
            for _, kinds, who, undone, spoke, sold, dated in found
        ]
        self._made: dict[int, Gives] = {}

    def __getitem__(self, entry: int) -> Gives:
        made = self._made.get(entry)
        if made is None:
            if len(self._made) >= 4096:  # bounded: the entries of recent questions
                self._made.clear()
            kinds, who, undone, voices, sold, dated = self._rest[entry]
            made = self._made[entry] = Gives(
                self.words[entry], self._says[entry], kinds, who, undone, voices, sold, dated
            )
        return made


class Matcher:
    """Answers questions from one Knowledge. Build once; `answer` is cheap and never rescans raw text."""

    def __init__(
        self, knowledge: Knowledge, config: MatcherConfig = DEFAULT_CONFIG, lang: str = "en"
    ) -> None:
        self.knowledge = knowledge
        self.config = config
        self.lang = lang
        self._other_languages: dict[str, Matcher] = {}
        # A question and `warm` (in a thread) may ask for the same language's matcher: one builds it.
        self._building = threading.Lock()
        self.warmed = False  # `warm` has read the whole index
        self._languages = knowledge.languages  # read per answer: computed from every entry, so once
        self._entries_in: dict[str, dict[str, Entry]] = {}
        self._corrections: dict[str, str] = {}
        self._made: dict[int, _Phrasing] = {}  # phrasings made whole for the hot path: `_phrasing`
        self._facets: dict[int, _Facets] = {}  # entries' facets, read on first use: `_facets_of`
        self._by_sound: dict[str, list[str]] | None = None  # the FAQ's words by their sound: `_sounded`
        cache_key = self._cache_key()
        if cache_key is not None and self._cached_index(cache_key):
            return
        article = "\n".join(knowledge.article.paragraphs)
        self._people = people(article)
        # Chinese arrives without spaces: split into words, the knowledge's own terms kept whole, and a
        # slip in a person's name (the names of the people's synonym groups) mended.
        terms = [t for c, vs in knowledge.synonyms.items() for t in (c, *vs)]
        names = {v: c for c, vs in knowledge.synonyms.items() if set(c.split()) <= self._people for v in vs}
        segmenter, for_index = (
            (Segmenter(terms, names=names), Segmenter(terms, True)) if lang == "zh" else (None, None)
        )
        # English: chat shorthand for question words written out ("wat date", "wich city"), in questions
        # and phrasings alike, so the readers of what is asked see the question word.
        self._prepare: Callable[[str], str] = segmenter or mend_shorthand
        self._prepare_index: Callable[[str], str] = for_index or mend_shorthand
        self._synonyms = synonym_table(
            {self._prepare(c): [self._prepare(v) for v in vs] for c, vs in knowledge.synonyms.items()},
            self._people,
        )
        entries = knowledge.entries
        contents = [self._prepare_index(self._content_text(e)) for e in entries]
        # What each entry's passages and answer say; one string object per distinct word (memory at 10k).
        interned: dict[str, str] = {}
        says = [frozenset(interned.setdefault(w, w) for w in self._tokens(text)) for text in contents]
        self._phrasings = table = self._tokenized_phrasings(interned)
        bags: list[set[str]] = [set(said) for said in says]
        for n in range(len(table)):
            bags[table.entry[n]].update(table.words(n))
        entry_words = [frozenset(bag) for bag in bags]
        del bags
        if segmenter:
            segmenter.learn(w for text in (*contents, table.texts) for w in text.split())
        self._idf, self._unknown_weight = _weights(entry_words, config)
        if lang == "zh":
            # No stopword list covers Chinese's everyday words (以后, 当年, 做): a word common in the
            # language says little, however few entries use it, so its weight is at most its rarity's.
            self._idf = {w: min(x, _rarity(w, config)) if has_han(w) else x for w, x in self._idf.items()}
        table.total.extend(self._total(table.words(n)) for n in range(len(table)))
        # Phrasings a vague question could repeat word for word ("tldr"): few, so a small map.
        self._by_words: dict[frozenset[str], list[str]] = defaultdict(list)
        for n in range(len(table)):
            words = table.words(n)
            if table.total[n] < config.vague_weight or all(w in _CHATTER_STEMS for w in words):
                self._by_words[frozenset(words)].append(table.text(n))
        self._entry_postings = _index(entry_words)
        self._paragraph_words = [frozenset(self._tokens(p)) for p in knowledge.article.paragraphs]
        self._known = frozenset(set(self._idf).union(*self._paragraph_words))
        # Words only curated phrasings use, never the article nor an answer ("game plan", "business life").
        self._phrasing_only = frozenset(self._idf).difference(*says, *self._paragraph_words)
        # Known, or a synonym's canonical word ("democrats" for "Dems"): not a stranger's name.
        self._named_anywhere = self._known.union(w for c in knowledge.synonyms for w in tokens(c))
        self._spellings = self._raw_vocabulary(knowledge, (table.texts,))
        if for_index is None:
            table.texts = ""  # English phrasings are normalized again when one is chosen: `_phrasing`
        self._by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)  # (first letter, length)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        # A slip may be of a function word no phrasing spells ("whaats" is "whats", which is "what's").
        for word in sorted(self._spellings | _FUNCTION_WORDS):
            self._by_initial[word[0], len(word)].append(word)
            self._by_prefix[word[:MISSPELT_PREFIX]].append(word)
        self._names = proper_names(article)
        # Whom each person speaks for, read: "putin" -> {"russia"}; and every such body ("the Kremlin").
        speaks_for = {w: self._words_of(b) for w, b in affiliations(article).items()}
        places = places_in(normalize(article))
        # Countries, whom their people speak for, and the unions of them people ask to hear from ("what did
        # the EU say"), which CLDR doesn't list as countries.
        self._bodies = self._words_of(places).union(self._words_of(UNIONS), *speaks_for.values())
        self._labelled = _labelling(article)
        self._offices = self._words_of(OFFICES)
        self._person_tokens = frozenset(t for name in self._people for t in self._tokens(name))
        found = zip(says, contents, self._quoted(entries), strict=True)
        offices = self._offices.difference(_HONORIFICS)  # "Dr." is a form of address, no office
        self._gives = _EntryGives(
            entry_words,
            [
                (
                    said
                    | ({_A_PERSON} if who & self._person_tokens else _NOTHING)
                    | ({_AN_OFFICE} if not said.isdisjoint(offices) else _NOTHING),
                    supplied_kinds(quoted),
                    who,
                    agentless(text),
                    self._voices(who, speaks_for),
                    trades(text, self._country),
                    self._dated(text),
                )
                for said, text, quoted in found
                for who in (self._speakers(text, quoted),)
            ],
        )
        self._entry_words = self._gives.words
        del says
        self._cited = [frozenset(c.paragraph for c in e.citations) for e in entries]
        self._position = {e.id: i for i, e in enumerate(entries)}
        self._questions = [normalize(to_simplified(e.question)) for e in entries]
        # One string of all questions: autocomplete's substring search runs in C, not a Python loop.
        self._question_blob = "\n".join(self._questions)
        self._question_starts = list(accumulate((len(q) + 1 for q in self._questions[:-1]), initial=0))
        # Questions listed as not in the article (faq.yaml's not_in_article, or taught), as they are compared.
        self._listed_not_in = [normalize(to_simplified(p)) for p in knowledge.not_in_article]
        if cache_key is not None:  # the index is whole: everything above, built from the knowledge alone
            self._cache_index(cache_key)

    def _facets_of(self, entry: int) -> _Facets:
        """Entry `entry`'s not-answered facets, read into content words as the FAQ's own text is (curated:
        no typo to correct) on the entry's first use (a Chinese matcher's, when it is built): a question
        reaches the facets of few entries. The entry knows none of their words: a facet never makes it
        seem to answer more. Their weights are the question's (`_best_facet`): no word list is loaded."""
        made = self._facets.get(entry)
        if made is None:
            if len(self._facets) >= FACETS_KEPT:  # bounded: the entries of recent questions
                self._facets.clear()
            made = self._facets[entry] = self._read_facets(entry)
        return made

    def _read_facets(self, entry: int) -> _Facets:
        facets = self.knowledge.entries[entry].not_answered
        known, says = (self._entry_words[entry], self._gives[entry].says) if facets else ((), ())
        words, names, shapes, beyond = [], [], [], []
        by_word: dict[str, tuple[int, ...]] = {}
        ownless: list[int] = []
        for k, facet in enumerate(facets):
            text = normalize(self._prepare(to_simplified(facet)))
            read = tuple(dict.fromkeys(content_words(text.split(), self._synonyms)))
            own = frozenset(read).difference(known)  # its words its entry never uses
            for word in own:
                by_word[word] = (*by_word.get(word, ()), k)
            if not own:
                ownless.append(k)
            # The names it gives: capitalized in English, tagged by jieba in Chinese (乌克兰, 习近平).
            named = capitalized(facet) + (chinese_names(facet) if self.lang == "zh" else [])
            given = [w for name in named for w in tokens(name, self._synonyms)]
            # Names the entry's own answer gives are its subject; the others are what the facet asks of.
            names.append(frozenset(given).intersection(read).difference(says))
            words.append(read)
            shapes.append(question_shape(text))
            beyond.append("beyond" in markers(text))
        return _Facets(tuple(words), tuple(names), tuple(shapes), tuple(beyond), by_word, tuple(ownless))

    def _best_facet(
        self, entry: int, query: Mapping[str, float], total: float, asked: Asked
    ) -> _FacetMatch | None:
        """The entry's facet that agrees best with the question (F-score, as `_best_phrasings`), of those
        that can be what it asks: the same question word; a name the facet gives beyond its entry's
        subject, if it gives any ("what China thinks of Ukraine joining NATO" is not what Russia thinks);
        and a word of the facet's own, one its entry never uses ("took" the photo), or, for a facet with
        none, a specific question word ("why", "who") that is itself the ask. A facet that only restates
        its entry's subject ("what Zelensky said to Trump at the meeting") must not swallow the questions
        the entry answers ("what did Trump say to Zelensky"), nor one that asks beyond what it names
        ("components other than semiconductors") a question that doesn't."""
        facets = self._facets_of(entry)
        reached = {k for word in query for k in facets.by_word.get(word, ())}  # a word of their own asked
        # ...or, for a facet with none, the same specific question word: "which", not "what" (which also
        # asks what someone said), though the two agree once a facet is reached (`shapes_agree`).
        if asked.shape in SPECIFIC_SHAPES:
            beyond = "beyond" in asked.markers  # and "other than X" if the facet asks beyond what it names
            reached.update(
                k for k in facets.ownless if facets.shapes[k] == asked.shape and beyond >= facets.beyond[k]
            )
        idf, common = self._idf, self.config.chatter_weight
        best: _FacetMatch | None = None
        for k in sorted(reached):
            names = facets.names[k]  # "Joe Biden or Democrats": naming one of them is enough
            if not shapes_agree(asked.shape, facets.shapes[k]) or (names and names.isdisjoint(query)):
                continue
            # A word the question has weighs what it weighs there; another, what the FAQ gives it, or
            # what a common word does: the facet is measured on the question's scale.
            words = facets.words[k]
            hit = sum(query.get(w, 0.0) for w in words)
            length = sum(query.get(w) or idf.get(w, common) for w in words)
            score = 2 * hit / (total + length)
            # A question with every word of a facet of three or more, one of them its own, asks that
            # facet, whatever else it adds: "who took the file photo of Nixon's 1972 visit". (Two words,
            # "rubio became", are too few to say what a longer question asks.)
            whole = len(words) >= 3 and k not in facets.ownless and all(w in query for w in words)
            if score > 0 and (best is None or (whole, score) > (best.whole, best.score)):
                best = _FacetMatch(score, k, length, whole)
        return best

    # Per question, not part of the index: a matcher read from the cache starts them empty.
    _UNCACHED = frozenset(
        {
            "knowledge",
            "config",
            "lang",
            "_other_languages",
            "_building",
            "_languages",
            "_entries_in",
            "_corrections",
            "_made",
            "_facets",
            "_by_sound",
            "warmed",
        }
    )

    def _cache_key(self) -> str | None:
        """The on-disk cache's key of this index: only for knowledge just as a large FAQ's files gave it."""
        files = index_cache.key_of(self.knowledge)
        if files is None:
            return None
        return index_cache.fingerprint(files.encode(), repr(self.config).encode(), self.lang.encode())

    def _cached_index(self, key: str) -> bool:
        """Take the index built before from the cache; False when there is none."""
        state = index_cache.load("index", key)
        if not isinstance(state, dict):
            return False
        self.__dict__.update(state)
        return True

    def _cache_index(self, key: str) -> None:
        index_cache.store("index", key, {k: v for k, v in vars(self).items() if k not in self._UNCACHED})

    def _tokenized_phrasings(self, interned: dict[str, str]) -> _PhrasingTable:
        """Every question and alternate, normalized and read into distinct content words, once; packed."""
        table = _PhrasingTable()
        for i, e in enumerate(self.knowledge.entries):
            seen: set[frozenset[str]] = set()
            for text in (e.question, *e.alternates):
                norm = normalize(self._prepare_index(text))
                read = content_words(norm.split(), self._synonyms)
                words = dict.fromkeys(interned.setdefault(w, w) for w in read)
                # A phrasing with the words of an earlier one of its entry ("who's putin", "who is putin")
                # would score as that one does: the first stands for both (16 % of the shipped FAQ's).
                word_set = frozenset(words)
                indexed = word_set not in seen
                seen.add(word_set)
                table.add(i, norm, words, indexed)
            table.seal()
        table.seal(whole=True)
        return table

    # -- public API -------------------------------------------------------------------------------

    def answer(self, question: str, lang: str | None = None) -> Answer:
        """The entry that answers `question`, or why not: not in the article (with the closest entry and
        what is missing), unclear (with suggestions), off topic, or chat.

        The question is matched in the language it is written in; the reply is in `lang` when given (a
        Discord client's language, `--lang`), else in the question's language.
        """
        clipped = _clip(question)
        asked_in = language_of(clipped)
        if asked_in not in READABLE:  # Japanese or Korean: say which languages it answers in, never guess
            decided = self._abstain(clipped, (), "language", f"asked in {asked_in}")
        else:
            matcher = self._in(asked_in)
            decided = matcher._decide(matcher._prepare(unframed(clipped)))
            english = asked_of_english(clipped) if asked_in == "zh" and not decided.answered else ""
            if english:  # "“Russia hoax”是什么意思": the English FAQ knows the article's English words
                in_english = self._in("en")
                read = in_english._decide(in_english._prepare(english))
                decided = read if read.answered else decided
            listed = self._listed_not_in_article(clipped)
            if listed is not None:
                decided = matcher._routed_not_in_article(decided, listed)
        reply = lang if lang in self._languages else asked_in if asked_in == "zh" else "en"
        return replace(self._localized(decided, reply), question=(question or "")[:MAX_QUESTION_CHARS])

    def warm(self) -> None:
        """Read now what questions otherwise read on first use: every phrasing made whole (its kinds of
        fact and markers), every entry's facets, and the matchers of the FAQ's other languages. A running
        bot calls it off the event loop after start-up, so its first questions cost what later ones do;
        `faqbot ask` never does: one question reads only the phrasings it reaches."""
        for number in range(min(len(self._phrasings), PHRASINGS_KEPT)):
            self._phrasing(number)
        for entry in range(min(len(self.knowledge.entries), FACETS_KEPT)):
            self._facets_of(entry)
        if self.lang == "en":
            for lang in self._languages:
                if lang in READABLE and lang != self.lang:
                    self._in(lang).warm()
        self.warmed = True

    def _in(self, lang: str) -> Matcher:
        """The matcher for questions written in `lang`, built on the first such question."""
        if lang == self.lang:
            return self
        if lang not in self._other_languages:
            with self._building:  # the other waits for it: two builds at once would take twice as long
                if lang not in self._other_languages:
                    localized = self.knowledge.localized(lang)
                    files = index_cache.key_of(self.knowledge)
                    if files is not None:  # made from the same files: its index is cached as theirs is
                        index_cache.remember(localized, files)
                    self._other_languages[lang] = Matcher(localized, self.config, lang)
        return self._other_languages[lang]

    def _localized(self, answer: Answer, lang: str) -> Answer:
        """`answer` with its entries and note in `lang`: the note is written in the question's language, so
        a reply in another one gets its outcome's general note."""
        if lang == answer.lang == self.lang:
            return answer
        if lang not in self._entries_in:
            self._entries_in[lang] = {e.id: e.localized(lang) for e in self.knowledge.entries}
        entries = self._entries_in[lang]

        def local(entry: Entry | None) -> Entry | None:
            return entries[entry.id] if entry else None

        # A note is in the question's language; a reply in another gets the outcome's general note.
        notes = OUTCOME_NOTES.get(lang, OUTCOME_NOTES["en"])
        note = answer.note if lang == answer.lang else notes.get(answer.outcome, answer.note)
        return replace(
            answer,
            entry=local(answer.entry),
            closest=local(answer.closest),
            suggestions=tuple(entries[e.id] for e in answer.suggestions),
            note=note if not answer.answered else "",
            lang=lang,
        )

    def _decide(self, question: str) -> Answer:
        config = self.config
        question = self._mended(question)
        if _BOT_COMMAND.match(question):
            return self._abstain(question, (), "chat", "looks like a command for a bot, not a question")
        if _ABOUT_THE_BOT.search(question):
            return self._abstain(question, (), "chat", "asks about the bot, not the article")
        query = self._query_weights(question)
        asked = self._read(question, query)
        ranked = self._rank(query, asked)
        if not query:
            return self._abstain(question, (), "chat", "no words but chat and grammar")
        if not ranked:
            chat = all(w in _CHATTER_STEMS for w in query)  # "lol": not even a word the FAQ knows
            return self._abstain(question, (), "chat" if chat else "off_topic", "no words the FAQ knows")
        vague = self._vague(question, query)
        if vague == _EVERYDAY and self._as_curated(question, ranked):
            vague = ""  # "when was this published": everyday words, as a curator wrote them
        if vague:
            outcome = "chat" if vague == "chat" else "off_topic" if vague == _EVERYDAY else "unclear"
            abstained = self._abstain(question, ranked, outcome, f"too vague: {vague}")
            return replace(abstained, score=0.0)  # the suggestions stand; a confidence would not
        best = ranked[0]
        judged = max(ranked, key=lambda c: c.base)  # the entry the question is most about, before the rules
        if (
            judged.fired
            and judged.base >= config.threshold
            and (judged.base - best.base >= config.margin or "not_answered" in judged.fired)
        ):
            # A weaker match that no rule stopped is not the answer to what the closest entry can't give;
            # nor, however close, to a question its curator listed as one it doesn't answer.
            reason = f"{judged.entry.id} ({judged.base:.2f} before the rules) can't give what is asked"
            return self._not_in_article(question, asked, judged, ranked, reason)
        if best.score < config.threshold:
            reason = f"best score {best.score:.2f} < {config.threshold}"
            if judged.fired and judged.base >= config.on_subject:  # on the subject; we know what's missing
                return self._not_in_article(question, asked, judged, ranked, reason)
            outcome = "unclear" if best.base >= config.on_subject else "off_topic"
            return self._abstain(question, ranked, outcome, reason)
        rival = self._rival(best, ranked)
        runner_up = rival.score if rival else 0.0
        if rival and best.score < config.sure and best.score - runner_up < config.margin:
            reason = f"{best.entry.id} ({best.score:.2f}) not clearly ahead of {rival.entry.id}"
            return self._abstain(question, ranked, "unclear", reason)
        reason = f"best score {best.score:.2f}, best rival {runner_up:.2f}"
        citations = shown(best.entry.citations)
        confidence = calibrated(best.score, config)
        return Answer(
            question, True, best.entry, confidence, citations, (), reason, tuple(ranked[:5]), lang=self.lang
        )

    def _not_in_article(
        self, question: str, asked: Asked, judged: Candidate, ranked: list[Candidate], reason: str
    ) -> Answer:
        """The article is on this subject but doesn't give what is asked: say what, show what it does say."""
        rule = next(r for r in RULES if r.name == judged.fired[0])
        found = self._abstain(question, ranked, "not_in_article", f"{reason}: {', '.join(judged.fired)}")
        # A curated facet says what is missing in the FAQ's words; the other rules say it from the question.
        note = gap_note(judged.gap, self.lang) if rule.name == "not_answered" else rule.note(asked, self.lang)
        return replace(found, note=note, closest=judged.entry)

    def _listed_not_in_article(self, question: str) -> str | None:
        """The listed not-in-the-article question that `question` is, typed nearly as written (the closeness
        a curated phrasing gets: `curated_ratio`); None when it is none of them."""
        if not self._listed_not_in:
            return None
        found = process.extractOne(
            normalize(to_simplified(question)),
            self._listed_not_in,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=self.config.curated_ratio,
        )
        return found[0] if found else None

    def _routed_not_in_article(self, decided: Answer, listed: str) -> Answer:
        """The honest reply to a question listed as not in the article: the general note, and the entry
        nearest to it shown as related."""
        reason = f"listed as not in the article: {listed!r}"
        found = self._abstain(decided.question, decided.candidates, "not_in_article", reason)
        return replace(found, closest=decided.candidates[0].entry if decided.candidates else None)

    def _as_curated(self, question: str, ranked: Sequence[Candidate]) -> bool:
        """Whether `question` is one of its best candidates' phrasings typed nearly as written."""
        text, curated = normalize(question), self.config.curated_ratio
        return any(fuzz.ratio(text, c.matched, processor=None) >= curated for c in ranked[:3])

    def _ungrounded(self, question: str, query: Mapping[str, float]) -> bool:
        """Every word chat or an everyday English word that only curated phrasings use ("i love this
        server", "who is the man", "life is good"): nothing ties the question to the article."""
        only = self._phrasing_only
        if self.lang != "en" or not only.intersection(query):
            return False
        if not all(w in _CHATTER_STEMS or w in only for w in query):
            return False
        typed = {stem(w): w for w in normalize(question).split()}
        everyday = self.config.everyday_zipf
        return all(w in _CHATTER_STEMS or _zipf(typed.get(w, w)) >= everyday for w in query)

    def _vague(self, question: str, query: Mapping[str, float]) -> str:
        """Only chat words ("fair", "what did I miss") or one common word ("russia"): no subject to answer.

        A curator's own phrasing ("tldr", "who is putin"), typed nearly as written, is never vague, nor is
        it with grammar and filler words added ("tldr pls"); "china" is not "what about china".
        """
        text = normalize(question)
        same_words = self._by_words.get(frozenset(query), ())
        curated = self.config.curated_ratio
        for typed in dict.fromkeys((text, _without_stopwords(text))):
            if any(fuzz.ratio(typed, said, processor=None) >= curated for said in same_words):
                return ""
        if all(w in _CHATTER_STEMS for w in query):
            return "chat"
        if self._ungrounded(question, query):
            return _EVERYDAY
        return "one very common word" if sum(query.values()) < self.config.vague_weight else ""

    def vague_phrasings(self) -> list[tuple[Entry, str]]:
        """Curated phrasings that read as one common word ("what is russia against" is just "russia").

        Any question with that word would lean towards their entry, so `faqbot check` lists them. Words of
        the entry's own question ("trump" for "Who is Donald Trump?") are its subject, not vague; chat-only
        phrasings ("tldr") are matched only word for word, so they are not listed either.
        """
        own: dict[int, frozenset[str]] = {}
        every = [self._phrasing(n) for n in range(len(self._phrasings))]
        for p in every:  # each entry's first phrasing is its question (_tokenized_phrasings)
            own.setdefault(p.entry, frozenset(p.words))
        found = []
        for p in every:
            words = frozenset(p.words)
            if p.total < self.config.vague_weight and not words <= own[p.entry] | _CHATTER_STEMS:
                found.append((self.knowledge.entries[p.entry], p.text))
        return found

    def vague_phrasing(self, text: str, entry_id: str | None) -> bool:
        """Whether `text`, as a phrasing of entry `entry_id`, fails the test `vague_phrasings` puts to the
        FAQ's own (for a teaching, on a matcher whose knowledge has it). `entry_id` None: a question listed
        as not in the article, which is vague when it weighs as one common word or is only chat words."""
        lang = language_of(text)
        matcher = self._in(lang) if lang in READABLE else self
        norm = normalize(matcher._prepare_index(to_simplified(text)))
        words = frozenset(content_words(norm.split(), matcher._synonyms))
        light = matcher._total(words) < self.config.vague_weight
        position = matcher._position.get(entry_id) if entry_id is not None else None
        if position is None:
            return light or words <= _CHATTER_STEMS
        table = matcher._phrasings  # an entry's first phrasing is its question (_tokenized_phrasings)
        own = frozenset(table.words(table.first[position]))
        return light and not words <= own | _CHATTER_STEMS

    def idle_facets(self) -> list[tuple[Entry, str]]:
        """Facets no question can reach (`_best_facet`): every word already the entry's own, and asked with
        "what" or yes-no, which don't say what is wanted. `faqbot check` lists them: name the thing asked
        with its own word ("which AI translator"), or drop an alternate that promises it."""
        matcher = self._in("zh") if "zh" in self._languages else self
        found = []
        for reader in dict.fromkeys((self, matcher)):
            for i, owner in enumerate(reader.knowledge.entries):
                facets = reader._read_facets(i)  # each once: the questions' own stay in `_facets`
                found += [
                    (owner, owner.not_answered[k])
                    for k in facets.ownless
                    if facets.shapes[k] not in SPECIFIC_SHAPES
                ]
        return found

    def weigh(self, question: str) -> dict[str, float]:
        """The question's content words as the matcher reads them (stemmed, corrected), with their weights."""
        matcher, question = self._reading(question)
        return matcher._query_weights(question)

    def _rival(self, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """The best candidate that would give a different answer.

        Entries citing the same paragraph, or listed as related, answer from the same passage: a close
        score between them is not doubt about what the article says, so it doesn't block the answer.
        """
        return next((c for c in ranked[1:] if not self._kin(best.entry, c.entry)), None)

    def _kin(self, one: Entry, other: Entry) -> bool:
        if one.id in other.related or other.id in one.related:
            return True
        return not self._cited[self._position[one.id]].isdisjoint(self._cited[self._position[other.id]])

    def rank(self, question: str) -> list[Candidate]:
        """Entries that share anything with `question`, best first, with each signal's score."""
        matcher, question = self._reading(question)
        query = matcher._query_weights(question)
        return matcher._rank(query, matcher._read(question, query))

    def _reading(self, text: str) -> tuple[Matcher, str]:
        """The matcher for the language `text` is written in, and `text` ready for it."""
        clipped = _clip(text)
        asked_in = language_of(clipped)
        matcher = self._in(asked_in) if asked_in == "zh" else self
        return matcher, matcher._prepare(unframed(clipped))

    def _rank(self, query: Mapping[str, float], asked: Asked) -> list[Candidate]:
        if not query:
            return []
        total = sum(query.values())
        matched = _accumulate(query, self._entry_postings, self._entry_words, CANDIDATES)
        phrasings = self._best_phrasings(query)
        nothing = (0.0, 0)
        rough_scores = {e: hit / total + phrasings.get(e, nothing)[0] for e, hit in matched.items()}
        rough = heapq.nlargest(FUZZY_POOL, rough_scores, key=rough_scores.__getitem__)
        ranked = [
            self._candidate(e, asked, matched[e] / total, self._chosen(phrasings.get(e)), query)
            for e in rough
        ]
        return sorted(ranked, key=lambda c: (-c.score, c.entry.id))

    def _chosen(self, best: tuple[float, int] | None) -> tuple[float, _Phrasing] | None:
        """An entry's best phrasing as `_best_phrasings` found it (its number), made whole."""
        return (best[0], self._phrasing(best[1])) if best else None

    def _phrasing(self, number: int) -> _Phrasing:
        """Phrasing `number` made whole; the ones questions reach are kept (all of a hand-made FAQ's), so
        the hot path doesn't normalize and unpack the same phrasing again for every question."""
        made = self._made.get(number)
        if made is not None:
            return made
        table = self._phrasings
        if table.texts:
            text = table.text(number)
        else:  # normalized as `_tokenized_phrasings` did, which kept no copy
            owner = table.entry[number]
            entry, nth = self.knowledge.entries[owner], number - table.first[owner]
            text = normalize(self._prepare_index(entry.question if nth == 0 else entry.alternates[nth - 1]))
        if len(self._made) >= PHRASINGS_KEPT:  # bounded: a 10k-entry FAQ keeps its most recent ones
            self._made.clear()
        made = self._made[number] = table.phrasing(number, text)
        return made

    def _read(self, question: str, query: Mapping[str, float]) -> Asked:
        text = normalize(question)
        things = self._things(text)
        who = _WHO_DID.search(text)
        if who and (_DESCRIBED.search(text, 0, who.start()) or _WORD_USED.match(text, who.start())):
            # "the chinese spokesman who pushed back": who it describes, not who is asked; "who used the
            # word vassal" asks who said it, as "who said" does
            who = None
        did = tokens(who.group(1), self._synonyms, self._correct) if who else []
        zh = self.lang == "zh"
        speaker, said_by = self._asked_speaker_zh(text) if zh else (asked_speaker(question), "")
        about = self._about(text, query)
        return Asked(
            text=text,
            kinds=asked_kinds(question),
            shape=question_shape(text),
            things=frozenset(t for t, _ in things),
            thing=_as_typed(question, things[0][1]) if things else "",
            off_subject=self._unknown_measure(text) or self._unknown_name(question, query),
            speakers=self._whose_words(speaker),
            voice=self._voice(frozenset(speaker).intersection(capitalized(question))),
            body=frozenset() if not speaker or asks_decision(question) else self._body(speaker),
            trade=trades(question, self._asked_country),
            weighty=frozenset(
                w for w, x in query.items() if x > self.config.min_weight and not _YEAR.fullmatch(w)
            ),
            speaker=said_by
            or _as_typed(
                question,
                " ".join(dict.fromkeys(w for w in text.split() if w in speaker and w not in STOPWORDS)),
            ),
            named=frozenset(query).intersection(self._person_tokens),
            years=frozenset(w for w in query if _YEAR.fullmatch(w)),
            markers=markers(text) | (_VERDICT_ASKED if self._labelled.search(text) else _NOTHING),
            action=frozenset(w for w in did if w not in _CHATTER_STEMS and w not in _SPEECH_VERBS),
            action_text=_from_word(question, who.group(1)) if who and did else "",
            agent=frozenset(did),
            about=frozenset(about[:1]),
            topic=_as_typed(question, about[1]) if about else "",
        )

    def _asked_speaker_zh(self, text: str) -> tuple[tuple[str, ...], str]:
        """Whose words a Chinese question asks for, as the English reader gives them, and as typed: the
        person or body it starts with, when it asks what they said ("普京 对 卢比奥 的 说法 有 什么 回应":
        Putin's, not Rubio's, whom the words are about)."""
        words = text.split()
        said = next((i for i, w in enumerate(words) if w in _SPEECH_ZH), -1)
        start = 1 if words and words[0] in _OPENERS_ZH else 0
        if said < 0 or _ASKS_WHO_ZH.intersection(words):  # "谁说的": whose words is what is asked
            return (), ""
        end = start
        while end < said and (
            self._names_someone(words[end]) or (end > start and words[end] in _VOICE_NOUNS_ZH)
        ):  # "俄罗斯 官方": Russia's officials speak for Russia
            end += 1
        run = words[start:end]
        # The subject when it is the whole of it: not "美国 外交 关系 协会" (the CFR) or "美国 想 挑拨"; and
        # "说 得 通" ("makes sense") says nothing.
        whole = end == said or words[end] in _THEN_SAYS_ZH
        if not run or not whole or words[said + 1 : said + 2] == ["得"]:
            return (), ""
        return tuple(t for w in run for t in self._tokens(w)), "".join(run)

    def _speakers(self, text: str, quoted: str) -> frozenset[str]:
        """Whom an entry reports speaking. A Chinese answer is not read for who says what: the people its
        passages name as speaking, and anyone it names, may be."""
        if self.lang == "en":
            return speakers(text)
        return speakers(quoted) | self._person_tokens.intersection(self._tokens(text))

    def _words_of(self, names: Iterable[str]) -> frozenset[str]:
        """The words of each of `names` read on its own: joined, two neighbours could read as one synonym
        ("secretary" "state"), and a set's order differs from run to run."""
        return frozenset(t for name in names for t in self._tokens(name))

    def _names_someone(self, word: str) -> bool:
        read = self._tokens(word)
        return bool(read) and all(t in self._person_tokens or t in self._bodies for t in read)

    def _unknown_measure(self, text: str) -> str:
        """ "How much wheat": an amount of something neither the article nor the FAQ mentions."""
        match = _HOW_MUCH.search(text)
        words = tokens(match.group(1), self._synonyms, self._correct) if match else []
        if match and words and words[0] not in self._named_anywhere and words[0] not in _CHATTER_STEMS:
            return match.group(1)
        return ""

    def _unknown_name(self, question: str, read: Mapping[str, float]) -> str:
        """ "Does India buy Russian oil?": a name the article never mentions is what the question is about."""
        found = capitalized(question) + (chinese_names(question) if self.lang == "zh" else [])
        if any(w not in self._named_anywhere for w in read):  # a word the FAQ doesn't know: maybe a place
            found += places_in(normalize(question))  # "does india buy russian oil", lowercase
        for name in found:  # "United Nations" was read as one known word, "un"
            words = tokens(name, self._synonyms, self._correct)
            if (
                words
                and words[0] in read
                and words[0] not in _CHATTER_STEMS  # jieba tags 东西 ("stuff") a place, east-west
                and not self._named_anywhere.intersection(words)
            ):
                return name if name[:1].isupper() else name.capitalize()  # "North Korea" as CLDR writes it
        return ""

    def _things(self, text: str) -> list[tuple[str, str]]:
        """What a "which <thing>", "what <thing> did" or "what was the <thing> of" question wants named, as
        (word as read, word as typed): the head noun, the phrase's last word ("which Russian banks")."""
        found: dict[str, str] = {}
        for match in _RANKED.finditer(text):  # first: the reply names it ("the second-largest")
            found.setdefault(match.group(1), match.group(0))  # "second", as the entry would say it
        for pattern in (_WHICH, _WHAT_THING, _THE_THING, _WHO_THE):
            for match in pattern.finditer(text):
                words = match.group(1).split()
                while words and words[0] in _LEADING:
                    words = words[1:]
                if not words:
                    continue  # "what was the of russia": no word names a thing
                if len(words) == 2 and words[1].endswith("ed"):  # "which countries voted": the verb follows
                    words = words[:1]
                if pattern is _THE_THING and _PARTICIPLE.fullmatch(words[-1]):
                    continue  # "what was the funding used for": a deed done to it, not a thing to name
                cut = next((i for i, w in enumerate(words) if w in STOPWORDS), len(words))
                if not cut:
                    continue  # "which of", "what did": no thing named
                read = tokens(" ".join(words[:cut]), self._synonyms, self._correct)
                head = read[-1] if read else ""
                if (
                    head
                    and head not in _CHATTER_STEMS
                    and head not in _FRAME_NOUNS
                    and head not in self._people
                ):
                    # "Which expert argued": someone the entry reports saying it, whatever it calls them;
                    # "what was his job": an office it gives.
                    found.setdefault(_ANY_ONE_OF.get(head, head), words[cut - 1])
        for match in _MEASURED.finditer(text):
            for typed in match.group(1).split():
                if typed in STOPWORDS:
                    break
                for word in tokens(typed, self._synonyms, self._correct):
                    if word not in _CHATTER_STEMS and word not in _FRAME_NOUNS:
                        found.setdefault(word, match.group(0))
        return list(found.items())

    def _about(self, text: str, query: Mapping[str, float]) -> tuple[str, str] | tuple[()]:
        """ "What did Welle say about the Russia hoax": the weightiest word of what it is about, and the
        phrase as typed."""
        match = _ABOUT.search(text)
        if not match:
            return ()
        phrase = " ".join(
            w for w in match.group(1).split() if w not in {"the", "a", "an", "his", "her", "their"}
        )
        words = [w for w in tokens(phrase, self._synonyms, self._correct) if w in query]
        if not words:
            return ()
        return max(words, key=lambda w: query[w]), phrase

    def _voice(self, asked_words: frozenset[str]) -> frozenset[str]:
        """A body named as whose words are asked for ("what did the Carnegie Endowment say"), written as a
        name: the entry must name it ("the article", "experts" are no one in particular)."""
        if asked_words & self._people:
            return frozenset()
        words = tokens(" ".join(sorted(asked_words)), self._synonyms, self._correct)
        return frozenset(w for w in words if w in self._known and w not in _CHATTER_STEMS)

    def _body(self, speaker: tuple[str, ...]) -> frozenset[str]:
        """The countries whose words are asked for ("what did the kremlin say", "the chinese government"):
        the head of who is asked, or its modifiers when the head is an office or no word of the article.
        "The China hawks" are no country: "hawks" is a word the article has; nor is "the Chinese prof": one
        person, whose words the country's need not be."""
        read = tokens(" ".join(speaker), self._synonyms, self._correct)
        if not read:
            return frozenset()
        head = read[-1]
        if head in _ONE_PERSON or (
            head not in self._bodies
            and head in self._known
            and head not in self._offices
            and head not in _VOICE_NOUNS
        ):
            return frozenset()
        return frozenset(read) & self._bodies

    def _dated(self, text: str) -> Mapping[str, frozenset[str]]:
        """Each year `text` gives -> the words of the sentences that give it (English: a Chinese answer's
        sentences are not cut into words here)."""
        found: dict[str, set[str]] = {}
        if self.lang != "en" or not _YEAR.search(text):
            return _NO_YEARS  # one shared empty map: most entries give no year (memory at 10k entries)
        for sentence in sentences(text):
            words = self._tokens(sentence)
            for year in {w for w in words if _YEAR.fullmatch(w)}:
                found.setdefault(year, set()).update(words)
        return {year: frozenset(words) for year, words in found.items()} or _NO_YEARS

    def _country(self, word: str, mend: bool = False) -> str:
        """The country `word` names ("russian", "moscow" -> "russia"), or "". Only a question's slips are
        mended ("rusia"): mending loads a word list, which indexing the answers doesn't need."""
        read = tokens(word, self._synonyms, self._correct if mend else None)
        return read[0] if len(read) == 1 and read[0] in self._bodies else ""

    def _asked_country(self, word: str) -> str:
        return self._country(word, mend=True)

    def _voices(self, who: frozenset[str], speaks_for: Mapping[str, frozenset[str]]) -> frozenset[str]:
        """The bodies an entry reports speaking: its speakers ("Russia rejected") and whom they speak for."""
        found = set(self._tokens(" ".join(sorted(who))))
        for word in who:
            found.update(speaks_for.get(word, ()))
        return frozenset(found)

    def _whose_words(self, asked_words: tuple[str, ...]) -> frozenset[str]:
        """Whose words the question asks for: people of the article, or `_STRANGER` for someone it never
        mentions ("what did Macron say"), whose words no entry can give. The speaker is the last word:
        "what does the Nixon photo caption say" asks for a caption's words, not Nixon's."""
        if not asked_words:
            return frozenset()
        # "rubbio" is Rubio; "putins reaction" is Putin's, typed without the apostrophe
        asked = [
            w[:-1] if _SLIPPED_END.search(w) and w[:-1] in self._people else self._correct(w)
            for w in asked_words
        ]
        if asked[-1] in self._people:
            return frozenset(asked).intersection(self._people)
        words = tokens(" ".join(asked), self._synonyms)
        if words and not any(w in self._known or w in _CHATTER_STEMS for w in words):
            return _STRANGER
        return frozenset()

    def _candidate(
        self,
        entry: int,
        asked: Asked,
        coverage: float,
        phrasing: tuple[float, _Phrasing] | None,
        query: Mapping[str, float],
    ) -> Candidate:
        config = self.config
        keywords, best = phrasing if phrasing else (0.0, None)
        fuzzy = fuzz.partial_ratio(asked.text, best.text, processor=None) / 100 if best else 0.0
        base = (
            config.coverage_weight * coverage + config.keyword_weight * keywords + config.fuzzy_weight * fuzzy
        )
        fired: tuple[str, ...] = ()
        facet = ""
        if (
            base >= config.on_subject
        ):  # below it the entry can't be the answer nor the closest: no rule needed
            gives, matched = self._gives[entry], best.matched() if best else NOTHING_MATCHED
            total = sum(query.values())
            gap = self._best_facet(entry, query, total, asked)  # only here: rules run for few entries
            if gap and self._rather_asks(gap, phrasing, asked, total, self._facets_of(entry)):
                facet = self.knowledge.entries[entry].not_answered[gap.facet]
                matched = replace(matched, gap=facet)
            if asked.trade and best:  # a curated phrasing asking this very trade promises it
                matched = replace(matched, trades=trades(best.text, self._country))
            fired = tuple(rule.name for rule in RULES if rule.applies(asked, gives, matched))
        score = math.prod((config.factor(name) for name in fired), start=base)
        found = self.knowledge.entries[entry]
        text = best.text if best else ""
        return Candidate(
            found, round(score, 4), coverage, keywords, fuzzy, text, round(base, 4), fired, facet
        )

    def _rather_asks(
        self,
        gap: _FacetMatch,
        phrasing: tuple[float, _Phrasing] | None,
        asked: Asked,
        total: float,
        facets: _Facets,
    ) -> bool:
        """Whether the question agrees better with a facet its entry doesn't answer than with the entry's
        best phrasing, which promises an answer; a tie goes to the promise. Both F-scores count the
        question word as one more word, of the commonest word's weight: "why did Trump call Zelensky a
        dictator" is the facet "why Trump called Zelensky a dictator", not the phrasing "did Trump call
        Zelensky a dictator", though their other words are the same. A question that asks the whole facet
        (`_FacetMatch.whole`) asks what it names, however well a phrasing agrees."""
        word = self.config.min_weight

        def agreement(score: float, length: float, shape: str) -> float:
            hit = score * (total + length) / 2  # F1 = 2 * hit / (question + phrasing): undone
            same = bool(asked.shape) and same_shape(shape, asked.shape)
            return 2 * (hit + word * same) / (total + word * bool(asked.shape) + length + word * bool(shape))

        if phrasing is None or gap.whole:
            return True
        facet = agreement(gap.score, gap.length, facets.shapes[gap.facet])
        keywords, best = phrasing
        return facet > agreement(keywords, best.total, question_shape(best.text))

    def _best_phrasings(
        self, query: Mapping[str, float], cap: int = CANDIDATES
    ) -> dict[int, tuple[float, int]]:
        """Each entry's phrasing that agrees best with the query: the weighted F-score of the two.

        With coverages hit/Q (of the question) and hit/P (of the phrasing), F_beta reduces to
        (1 + beta^2) * hit / (beta^2 * Q + P): one division per phrasing on the hot path.
        """
        table = self._phrasings
        hits = _accumulate(query, table.postings, table, cap)
        if len(hits) > cap:
            hits = dict(heapq.nlargest(cap, hits.items(), key=lambda item: item[1]))
        beta2 = self.config.query_recall_beta**2
        scaled_query = beta2 * sum(query.values())
        totals, owners, scale = table.total, table.entry, 1 + beta2
        scores: dict[int, float] = {}  # the hot loop: two plain dicts, no tuple per phrasing
        chosen: dict[int, int] = {}
        score_of = scores.get
        for n, hit in hits.items():
            keywords = scale * hit / (scaled_query + totals[n])
            entry = owners[n]
            if keywords > score_of(entry, -1.0):
                scores[entry] = keywords
                chosen[entry] = n
        return {entry: (keywords, chosen[entry]) for entry, keywords in scores.items()}

    def suggest(self, typed: str, limit: int = 25) -> list[Entry]:
        """Entries for autocomplete: questions containing what was typed, then the best keyword matches."""
        entries = self.knowledge.entries
        # Clipped like every other path: a megabyte of words must not hold the event loop.
        if language_of(_clip(typed)) == "zh" and self.lang != "zh":
            return self._in("zh").suggest(typed, limit)  # Chinese questions for Chinese typing
        typed = _clip(typed)
        typed_norm = normalize(to_simplified(typed))
        if not typed_norm:
            return list(entries[:limit])
        picked = self._questions_containing(typed_norm, limit)
        if len(picked) < limit:
            query = self._query_weights(self._prepare(typed))
            best = self._best_phrasings(query, AUTOCOMPLETE_CANDIDATES) if query else {}
            for i in sorted(best, key=lambda e: -best[e][0]):
                if i not in picked:
                    picked[i] = None
                    if len(picked) == limit:
                        break
        return [entries[i] for i in picked]

    def _questions_containing(self, text: str, limit: int) -> dict[int, None]:
        """Up to `limit` entries whose question contains `text`, in FAQ order (a dict keeps the order)."""
        found: dict[int, None] = {}
        at = self._question_blob.find(text)
        while at >= 0 and len(found) < limit:
            found[bisect_right(self._question_starts, at) - 1] = None
            at = self._question_blob.find(text, at + 1)
        return found

    def search_article(self, words: str, limit: int = 5) -> list[Citation]:
        """Whole paragraphs of the article that contain the most of `words` (rare words count more)."""
        matcher, words = self._reading(words)
        query = matcher._query_weights(words)
        if not query:
            return []
        total = sum(query.values())
        scored = []
        for number, paragraph_words in enumerate(self._paragraph_words, 1):
            hit = sum(w for t, w in query.items() if t in paragraph_words)
            if hit:
                scored.append((hit / total, number))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        article = self.knowledge.article
        return [Citation(article.paragraph(n), n) for _, n in scored[:limit]]

    # -- index building -------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[str]:
        return tokens(text, self._synonyms)

    @staticmethod
    def _quoted(entries: Iterable[Entry]) -> list[str]:
        """Each entry's passages: the kinds of fact it gives are the article's, not the answer's wording
        ("the article doesn't say what will happen" gives no prediction)."""
        return [" ".join(c.quote for c in e.citations) for e in entries]

    @staticmethod
    def _content_text(entry: Entry) -> str:
        return " ".join([entry.answer, *(c.quote for c in entry.citations)])

    def _total(self, words: Iterable[str]) -> float:
        return sum(self._idf.get(w, self._unknown_weight) for w in words)

    # -- scoring --------------------------------------------------------------------------------

    def _query_weights(self, question: str) -> dict[str, float]:
        config = self.config
        words = tokens(question, self._synonyms, self._correct)[:MAX_QUESTION_WORDS]
        names = emphasized(question)
        # In a short question every word is deliberate; in a long one, unknown words are mostly chatter.
        damping = min(1.0, config.short_question_words / max(1, len(words)))
        weights: dict[str, float] = {}
        typed: dict[str, str] | None = None
        long = len(words) > config.short_question_words
        for word in words:
            if word in self._known:
                weights[word] = self._idf.get(word, self._unknown_weight)
                if long and word in _CHATTER_STEMS:  # "sorry if dumb question but...": how it is put
                    weights[word] = min(weights[word], config.chatter_weight)
            elif word in names or word.isdigit():
                weights[word] = self._unknown_weight  # an unknown name or number is the question's subject
            elif word in _CHATTER_STEMS or self._misspelt(word):
                weights[word] = damping * config.chatter_weight
            else:
                if typed is None:  # the word as typed, for the frequency list: "initiated", not "initiat"
                    typed = {stem(w): w for w in normalize(question).split()}
                weights[word] = damping * _rarity(typed.get(word, word), config)
        return weights

    def _misspelt(self, word: str) -> bool:
        """Two slips from a known word ("artical"): a garbled known word, not a new subject."""
        if len(word) < MISSPELT_LENGTH:
            return False
        near = process.extractOne(
            word,
            self._by_prefix.get(word[:MISSPELT_PREFIX], ()),
            scorer=OSA.normalized_similarity,
            processor=None,
            score_cutoff=self.config.misspelt_cutoff,
        )
        return near is not None and _zipf(word) < self.config.real_word_zipf

    def _correct(self, word: str) -> str:
        """The FAQ's spelling of `word`: itself when known or when no known word is one slip away."""
        if (
            word in self._spellings
            or len(word) < MIN_TYPO_LENGTH - 1
            or not word.isascii()
            or not word.isalpha()
            or word in CHATTER
            or (len(word) < MIN_TYPO_LENGTH and _zipf(word) > 0)  # "gve" is a slip, "log" a word
        ):
            return word
        if word not in self._corrections:
            if len(self._corrections) >= 100_000:  # bounded: hostile input must not grow memory forever
                self._corrections.clear()
            self._corrections[word] = self._closest(word)
        return self._corrections[word]

    def _closest(self, word: str) -> str:
        # People rarely mistype a word's first letter; looking only there halves false corrections.
        # A word longer or shorter by more than the cutoff allows can't be close enough: similarity is at most
        # 1 - (length difference) / (longer length).
        cutoff = self.config.typo_cutoff
        reach = int((1 - cutoff) / cutoff * len(word)) + 1
        initial, by_initial = word[0], self._by_initial
        stranger = not _zipf(word)  # in no English word list: a slip, whatever it is one of
        known = sorted(
            w
            for n in range(len(word) - reach, len(word) + reach + 1)
            for w in by_initial.get((initial, n), ())
        )
        near = process.extract(
            word,
            known,
            scorer=OSA.normalized_similarity,
            processor=None,
            score_cutoff=self.config.typo_cutoff,
            limit=5,
        )
        # The names of the article first: people misspell them most ("puttin" is Putin before "putting");
        # then the FAQ's own words ("thunk" is "think" before "thank"); then a g dropped as in speech
        # ("gettin", "talkin"); then any other slip.
        near = sorted(near, key=lambda found: (found[0] not in self._names, found[0] not in self._spellings))
        if self._dropped_g(word) and not (near and near[0][0] in self._names):
            return word + "g"
        # A slip of any word first, then a word spelt by ear ("fone", "marko"); a word in no English word
        # list is a slip even of a kind that in a real word would more often be another word ("whst").
        slipped = self._slipped(word, near, stranger=False)
        if slipped is None:
            sounded = self._sounded(word)
            slipped = sounded if sounded != word or not stranger else self._slipped(word, near, stranger)
        return word if slipped is None else slipped

    def _slipped(self, word: str, near: Iterable[tuple[str, float, int]], stranger: bool) -> str | None:
        """The first of the `near` words that `word` reads as a slip for (`likely_slip`), or None."""
        for target, _, _ in near:
            # A name or a function word ("wich", "whith") is rarely another word a letter shorter or
            # longer: both are slips, and a function word is then dropped with the other stopwords.
            if likely_slip(word, target, target in self._names or target in STOPWORDS, stranger):
                # "middle" is no slip for "meddle", nor "three" for "there": a real word stays itself.
                if _zipf(word) >= self.config.real_word_zipf:
                    return word
                if target in self._names or OSA.distance(word, target) < 2:
                    return target
                return _english_slip(word) or target
        return None

    def _mended(self, question: str) -> str:
        """`question` with each slip written as the word the FAQ spells (`_correct`), so that what reads
        the question sees "which", "about", "respond" where it was typed "whcih", "abotu", "respnod":
        scoring corrects words anyway, but the readers of what is asked look at the text."""
        spellings = self._spellings
        if all(w in spellings or w in STOPWORDS or not w.isalpha() for w in normalize(question).split()):
            return question  # nearly every question: a set lookup a word

        def mend(match: re.Match[str]) -> str:
            whole = match.group()
            head = _APOSTROPHES.split(whole, maxsplit=1)[0]  # "Trmup" of "Trmup's"
            if head.lower() in STOPWORDS or _APOSTROPHES.sub("", whole.lower()) in STOPWORDS:
                return whole  # "shouldn't" is "shouldnt", a function word: no slip of "should"
            word = self._correct(head.lower())
            if word == head.lower():
                return whole
            return (word.capitalize() if head[0].isupper() else word) + whole[len(head) :]

        return mend_shorthand(_WORD.sub(mend, question))  # "whaats" is mended to "whats": "what"

    def _dropped_g(self, word: str) -> bool:
        """Whether `word` is the FAQ's "-ing" word with its g dropped as in speech ("talkin"): not a
        shorter word of its own ("thin", "kin"), which is as common as its "-ing" look-alike."""
        if len(word) < 5 or not word.endswith("in") or word + "g" not in self._spellings:
            return False
        zipf = _zipf(word)
        return zipf < self.config.real_word_zipf or _zipf(word + "g") - zipf >= self.config.dropped_g_gap

    def _sounded(self, word: str) -> str:
        """The FAQ's word that `word` is spelt by ear for ("fone": phone, "deel": deal), if `word` is no
        English word and one of the words that sound like it is the closest in spelling."""
        if _zipf(word) >= self.config.real_word_zipf:
            return word
        if self._by_sound is None:  # made on the first word that needs it: most questions never do
            self._by_sound = defaultdict(list)
            for known in self._spellings:
                if len(known) >= MIN_TYPO_LENGTH and known.isalpha():
                    self._by_sound[sounds_like(known)].append(known)
        heard = [t for t in self._by_sound.get(sounds_like(word), ()) if abs(len(t) - len(word)) <= 2]
        # The closest in spelling; of two as close, the article's name ("marko": Marco, not "mark").
        ranked = sorted(
            ((OSA.normalized_similarity(word, t), t in self._names, t) for t in heard), reverse=True
        )
        if not ranked or (len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]) or ranked[0][0] < 0.5:
            return word  # none, two as close, or sharing under half its letters ("senae" is no "sino")
        return ranked[0][2]

    @staticmethod
    def _raw_vocabulary(knowledge: Knowledge, phrasings: Iterable[str]) -> frozenset[str]:
        """Every word as written in the FAQ, the article and the synonyms: what typos are corrected to."""
        texts = [*knowledge.article.paragraphs, *(e.answer for e in knowledge.entries)]
        for canonical, variants in knowledge.synonyms.items():
            texts += [canonical, *variants]
        words = {w for text in texts for w in normalize(text).split()}
        return frozenset(words.union(*(p.split() for p in phrasings)))

    def _abstain(self, question: str, ranked: Iterable[Candidate], outcome: str, reason: str) -> Answer:
        ranked = tuple(ranked)
        floor = self.config.suggest_floor
        suggestions = tuple(c.entry for c in ranked if c.score >= floor)[:MAX_SUGGESTIONS]
        confidence = calibrated(ranked[0].score, self.config) if ranked else 0.0
        return Answer(
            question,
            False,
            None,
            confidence,
            (),
            suggestions,
            reason,
            ranked[:5],
            outcome,
            OUTCOME_NOTES.get(self.lang, OUTCOME_NOTES["en"])[outcome],
            lang=self.lang,
        )


def _index(word_sets: Iterable[Collection[str]]) -> dict[str, array[int]]:
    """Word -> the numbers of the items (entries) that contain it, ascending, packed."""
    postings: dict[str, array[int]] = defaultdict(lambda: array("I"))
    for number, words in enumerate(word_sets):
        for word in words:
            postings[word].append(number)
    return dict(postings)


def _weights(entry_words: list[frozenset[str]], config: MatcherConfig) -> tuple[dict[str, float], float]:
    """Each word's rarity weight across entries (IDF), and the weight of a word no entry has."""
    document_count = len(entry_words) + 1
    df: dict[str, int] = defaultdict(int)
    for words in entry_words:
        for word in words:
            df[word] += 1
    idf = {
        w: config.chatter_weight
        if w in _CHATTER_STEMS
        else max(config.min_weight, math.log(document_count / (n + 0.5)))
        for w, n in df.items()
    }
    return idf, math.log(document_count / 0.5)


def _labelling(article: str) -> re.Pattern[str]:
    """Questions whether a label the article quotes fits someone: "is Trump a dictator", "is Zelensky really
    incompetent". The article reports who said it; whether it is true is a verdict it never gives."""
    quoted = re.findall(r"[“\"]([^”\"]{2,40})[”\"]", article)
    labels = sorted({normalize(q) for q in quoted if 0 < len(q.split()) <= 3} - {""})
    if not labels:
        return re.compile(r"(?!)")
    return re.compile(
        r"^(?:is|was|are|were|isnt|wasnt) (?:[a-z]+ ){1,3}?(?:really |actually |truly |even |just )?(?:an? )?"
        rf"(?:{'|'.join(map(re.escape, labels))})$"
    )


def _without_stopwords(text: str) -> str:
    return " ".join(w for w in text.split() if w not in STOPWORDS)


def _accumulate(
    query: Mapping[str, float],
    postings: Mapping[str, Sequence[int]],
    members: Sequence[Collection[str]] | _PhrasingTable | _WordSets,
    cap: int,
) -> dict[int, float]:
    """Summed query weight per item that shares a word with the query.

    Rarest words first. A word in more than `cap` items (common words of a large FAQ) only adds to
    items already found, by a set lookup each, instead of walking its whole posting list.
    """
    hits: dict[int, float] = {}
    for word in sorted(query, key=lambda w: len(postings.get(w, ()))):
        numbers, weight = postings.get(word, ()), query[word]
        if not hits:
            # Even the rarest word may be everywhere ("russia" in a large FAQ about Russia): then any
            # `cap` of its items are as good a start as all of them, and the other words rank them.
            hits = dict.fromkeys(numbers[:cap], weight)
        elif len(numbers) <= cap:
            # dict and set operations run in C: Python adds only where an item was already found.
            added = dict.fromkeys(numbers, weight)
            for n in hits.keys() & added.keys():
                added[n] += hits[n]
            hits.update(added)
        elif isinstance(members, (_PhrasingTable, _WordSets)):
            mark, marks, starts = members.marks(word)
            for n in hits:
                if mark in marks[starts[n] : starts[n + 1]]:
                    hits[n] += weight
        else:
            for n in hits:
                if word in members[n]:
                    hits[n] += weight
    return hits


def _as_typed(question: str, phrase: str) -> str:
    """`phrase` (normalized words) as the question wrote it: "NATO", "Russian coal exports"."""
    words = phrase.split()
    if not words:
        return phrase
    pattern = r"\W+(?:s\W+)?".join(
        re.escape(w) for w in words
    )  # "Welle's nationality" read "welle nationality"
    found = re.search(rf"\b{pattern}\b", question, re.IGNORECASE)
    return found.group(0) if found else phrase


def _from_word(question: str, word: str) -> str:
    """`question` as typed from `word` on, without its closing punctuation: "initiated the call"."""
    found = re.search(rf"\b{re.escape(word)}\b", question, re.IGNORECASE)
    return question[found.start() :].strip().rstrip("?!. ") if found else word


def _rarity(word: str, config: MatcherConfig) -> float:
    """The weight of an ordinary word the FAQ never uses: the rarer in English, the more it is what the
    question is about ("interpreters") rather than how it is put ("done")."""
    zipf = _zipf(word)
    rarity = config.chatter_weight + config.unknown_weight_slope * max(0.0, config.common_zipf - zipf)
    return min(config.unknown_weight_max, rarity)


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    # Imported on first use: most questions never need it, and `faqbot ask` must start quickly.
    if has_han(word):
        return _chinese_zipf(word)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en", wordlist="small"))


def _english_slip(word: str) -> str:
    """The common English word (Zipf >= 3) that `word` is one slip of, if any: the FAQ's words are not the
    only ones people mistype ("commnds" is "commands", one slip, before it is "comments", two)."""
    near = process.extractOne(
        word,
        _english_words().get((word[0], len(word)), ()),
        scorer=OSA.distance,
        processor=None,
        score_cutoff=1,
    )
    return near[0] if near else ""


@lru_cache(maxsize=1)
def _english_words() -> dict[tuple[str, int], list[str]]:
    """wordfreq's common English words by first letter and length +-1: the words one slip away."""
    from wordfreq import top_n_list

    by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)
    for word in top_n_list("en", 50_000, wordlist="small"):
        if word.isascii() and word.isalpha():
            for length in (len(word) - 1, len(word), len(word) + 1):
                by_initial[word[0], length].append(word)
    return by_initial


def _chinese_zipf(word: str) -> float:
    # wordfreq's own lookup would segment with jieba again; the word is already one word of the list.
    from wordfreq import freq_to_zipf

    return float(freq_to_zipf(_chinese_frequencies().get(word, 0.0) or 1e-9))


@lru_cache(maxsize=1)
def _chinese_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("zh", wordlist="small"))


def _shared(found: frozenset[str]) -> frozenset[str]:
    """One empty set for the many phrasings that ask no kind of fact: memory at 10k entries."""
    return found or _NOTHING


_NOTHING: frozenset[str] = frozenset()
_VERDICT_ASKED = frozenset({"verdict"})
_EVERYDAY = "only everyday words that the article never uses"
_A_PERSON = "\x00person"  # what an entry says when it reports a person of the article saying something
_AN_OFFICE = "\x00office"  # what an entry says when it gives someone's office ("Ukrainian President")
_OFFICE_NOUNS = frozenset(stem(w) for w in "job jobs position positions occupation profession".split())
_HONORIFICS = frozenset("dr mr mrs ms".split())
_PERSON_NOUNS = frozenset(
    stem(w)
    for w in "expert experts analyst analysts scholar scholars academic academics professor professors prof "
    "researcher researchers spokesman spokesperson spokeswoman diplomat diplomats "
    "commentator commentators observer observers specialist specialists person people".split()
)
# "which expert", "what was his job": any person the entry reports speaking, any office it gives.
_ANY_ONE_OF = {**dict.fromkeys(_PERSON_NOUNS, _A_PERSON), **dict.fromkeys(_OFFICE_NOUNS, _AN_OFFICE)}
# Who speaks for a country without being one person: "Russian officials", "the government", 俄罗斯官方.
_VOICE_NOUNS = _VOICE_NOUNS_ZH.union(
    stem(w) for w in "official officials government authorities leadership side".split()
)
_ONE_PERSON = frozenset(
    stem(w) for w in "prof professor expert analyst scholar academic guy dude man woman".split()
)
UNIONS = ("Europe", "European Union", "NATO", "United Nations", "Soviet Union")

# What the person is told when the bot doesn't answer, by outcome; "not_in_article" says what is missing.
_LANGUAGES_NOTE = "I answer questions in English and Chinese. 我可以回答英文和中文的问题。"
OUTCOME_NOTES = {
    "en": {
        "not_in_article": "The article doesn't say.",
        "off_topic": "That is not in the article: it is about something else.",
        "unclear": "I'm not sure which part of the article you mean.",
        "chat": "Ask me a question about the article.",
        "language": _LANGUAGES_NOTE,
    },
    "zh": {
        "not_in_article": "文章没有提到这一点。",
        "off_topic": "文章没有谈到这个，它讲的是别的事情。",
        "unclear": "我不确定你问的是文章的哪一部分。",
        "chat": "请问我一个关于这篇文章的问题。",
        "language": _LANGUAGES_NOTE,
    },
}


def calibrated(score: float, config: MatcherConfig = DEFAULT_CONFIG) -> float:
    """The chance that the answer of an entry with this match score is right (MatcherConfig.calibration)."""
    slope, intercept = config.calibration
    return round(1 / (1 + math.exp(-(slope * score + intercept))), 4)


def needs_translation(question: str, lang: str | None) -> bool:
    """Whether answering `question`, in `lang` when one is asked for, may read a translation: a question
    not in English, or a reply in another language (`Matcher.answer`). `faqbot ask` reads none if not."""
    return lang not in (None, "en") or language_of(_clip(question)) != "en"


def reply_language(question: str, locale: str | None, languages: Collection[str]) -> str | None:
    """The language to answer in: the question's script first (Han is Chinese, Latin letters English),
    else the reader's client language ("zh-TW" reads Chinese) when the knowledge has it, else None (the
    matcher's default). `languages` are the knowledge's (Knowledge.languages)."""
    asked_in = language_of(question)
    if asked_in != "en" or re.search("[A-Za-z]", question):
        return None
    lang = (locale or "").split("-")[0].lower()
    return lang if lang in languages else None


def _clip(text: str) -> str:
    """At most MAX_QUESTION_CHARS of `text`, without Discord pings and custom emoji: they are not words."""
    return _DISCORD_MARKUP.sub(" ", (text or "")[:MAX_QUESTION_CHARS])
