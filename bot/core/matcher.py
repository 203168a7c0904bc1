"""Match people's questions to FAQ entries: weighted keywords, fuzzy similarity, and a clear-winner rule.

Every question is reduced to content words (normalized, stemmed, synonyms mapped, typos corrected to the
FAQ's vocabulary), each weighted by rarity (IDF) so "Kissinger" counts far more than "Trump". Three
signals, each visible in `Candidate` for `faqbot ask --explain`, make an entry's score:
- coverage: how much of the question's weight the entry knows anywhere (phrasings, answer, citations).
  Words the FAQ has never seen count against it: they are usually what the question is really about
  ("Merkel", "election"), which is how the matcher knows the article doesn't say.
- keywords: weighted agreement with the entry's single best phrasing, both ways (precision and recall).
- fuzzy: rapidfuzz partial_ratio of the question to that phrasing: the phrasing, in order, inside it.
Checks of what the question asks for lower a score (see `_Asked`): a kind of fact the entry never gives
(a year, a figure, a reaction: answer_kinds), someone's words where the entry quotes someone else
(speakers), people, years or "which <things>" the entry never mentions, or a subject neither the article
nor the FAQ has ("does India buy...", "how much wheat").
An entry is answered only when its score clears ANSWER_THRESHOLD and is clearly ahead of the runner-up.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.answer_kinds import asked_kinds, supplied_kinds
from bot.core.models import Answer, Candidate, Citation, Entry, Knowledge
from bot.core.speakers import asked_speaker, people, speakers
from bot.core.text import (
    CHATTER,
    capitalized,
    content_words,
    emphasized,
    likely_slip,
    normalize,
    proper_names,
    stem,
    synonym_table,
    tokens,
)

__all__ = ["MAX_QUESTION_CHARS", "Matcher", "calibrated"]

# Scores are in 0..1. These numbers were set on the development set and checked on the held-out set.
ANSWER_THRESHOLD = 0.64  # below this, the best entry shares too little with the question to be its answer
SIBLING_GAP = 0.1  # a related entry this close lends its lead passage to the answer
SURE_THRESHOLD = 0.85  # at or above this, answer even when a related entry is close behind
CLEAR_MARGIN = 0.04  # the clear-winner rule: how far ahead of the runner-up the best must be
CURATED_RATIO = 80  # "whats this article about" is the curated "what is this article about", typed quickly
VAGUE_WEIGHT = 1.5  # a question weighing less is one common word ("china"): suggest, don't guess
SUGGEST_FLOOR = 0.2  # suggestions below this are noise, not "did you mean"
MAX_SUGGESTIONS = 5
# Platt scaling of the best match score into the chance its answer is right, fitted by eval/calibrate.py
# on the dev set and eval/heldout{,2..7}.txt, checked on eval/heldout8.txt. Refit after scoring changes.
CALIBRATION = (12.35, -7.68)
COVERAGE_WEIGHT = 0.45  # an entry must know what the question is about...
KEYWORD_WEIGHT = 0.35  # ...and one curated phrasing should say it...
FUZZY_WEIGHT = 0.20  # ...in roughly the same words and order
FUZZY_POOL = 40  # entries re-scored with rapidfuzz; the rest cannot win on keywords alone
CANDIDATES = 2000  # phrasings scored per question: bounds the cost of common words in a large FAQ
AUTOCOMPLETE_CANDIDATES = 300  # fewer for autocomplete, which runs on every keystroke
MIN_WEIGHT = 1.0  # even the commonest word ("Russia") must cost something when it is missing
UNKNOWN_WORD_WEIGHT = 3.0  # an ordinary word the FAQ never uses: about as telling as a mid-rare word
CHATTER_WEIGHT = 1.0  # an unknown word from the CHATTER list ("role", "hearing")
SPEAKER_PENALTY = 0.6  # "what did Putin say" asked of an entry where someone else does the talking
NAME_PENALTY = 0.8  # the question names people and the entry mentions none of them: about someone else
KIND_PENALTY = 0.7  # "what year"/"how much" asked of an entry whose text gives no date/figure at all
QUERY_RECALL_BETA = (
    1.0  # a phrasing must be covered as well as the question: "help" is not "who helped nixon"
)
MISSPELT_CUTOFF = 0.7  # OSA similarity of two slips in a 6+ letter word: "artical" for "article"
MISSPELT_PREFIX = 3  # misspellings keep a word's start: "artical", but "spammer" is not "summer"
MISSPELT_LENGTH = 6  # shorter words two slips apart are as likely a different word ("wheat"/"what")
TYPO_CUTOFF = 0.79  # OSA similarity: one slip (letter dropped, doubled, swapped) in a 5+ letter word is 0.8
MIN_TYPO_LENGTH = 4  # shorter words are too often other real words one letter away
SHORT_QUESTION_WORDS = 5  # content words up to which an unknown word costs full weight
MAX_QUESTION_CHARS = 2000  # Discord's own message limit; longer input is cut here, not scanned
MAX_QUESTION_WORDS = 60
_CHATTER_STEMS = frozenset(stem(w) for w in CHATTER)
_WHICH = re.compile(r"\bwhich ((?:[a-z-]+ ){0,2}[a-z-]+)")
_PLURAL = re.compile(r"[a-z-]{3,}[^su]s")
_DISCORD_MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_HOW_MUCH = re.compile(r"\bhow (?:much|many) ([a-z]+)")
_STRANGER = frozenset({"<someone the article never mentions>"})
_BOT_COMMAND = re.compile(r"\s*[!/.$>?;~][a-z]+\b", re.IGNORECASE)  # "!help", "/play": meant for other bots


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry: int
    text: str  # normalized, for the fuzzy signal
    words: tuple[str, ...]  # distinct; a tuple is a third of a frozenset's memory, and as fast at this size
    total: float  # the words' summed weight


@dataclass(frozen=True, slots=True)
class _Asked:
    """What one question asks for, read once; each part can lower a candidate's score."""

    text: str  # normalized, for the fuzzy signal
    kinds: frozenset[str]  # kinds of fact wanted: a year, an amount... (answer_kinds)
    things: frozenset[str]  # "which banks": what an entry must name to list them
    off_subject: bool  # about a name or an amount of something neither the article nor the FAQ has
    speakers: frozenset[str]  # whose words are wanted, or _STRANGER
    named: frozenset[str]  # people the question names
    years: frozenset[str]  # years the question names


class Matcher:
    """Answers questions from one Knowledge. Build once; `answer` is cheap and never rescans raw text."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        article = "\n".join(knowledge.article.paragraphs)
        self._people = people(article)
        self._synonyms = synonym_table(knowledge.synonyms, self._people)
        entries = knowledge.entries
        said = self._tokenized_phrasings()
        contents = [self._content_text(e) for e in entries]
        bags: list[set[str]] = [set(self._tokens(text)) for text in contents]
        for i, _, words in said:
            bags[i].update(words)
        self._entry_words = [frozenset(bag) for bag in bags]
        self._idf, self._unknown_weight = _weights(self._entry_words)
        self._phrasings = [_Phrasing(i, norm, words, self._total(words)) for i, norm, words in said]
        self._phrasing_words = [p.words for p in self._phrasings]
        # Phrasings a vague question could repeat word for word ("tldr"): few, so a small map.
        self._by_words: dict[frozenset[str], list[str]] = defaultdict(list)
        for p in self._phrasings:
            if p.total < VAGUE_WEIGHT or all(w in _CHATTER_STEMS for w in p.words):
                self._by_words[frozenset(p.words)].append(p.text)
        self._postings = _index(self._phrasing_words)
        self._entry_postings = _index(self._entry_words)
        self._paragraph_words = [frozenset(self._tokens(p)) for p in knowledge.article.paragraphs]
        self._known = frozenset(set(self._idf).union(*self._paragraph_words))
        # Known, or a synonym's canonical word ("democrats" for "Dems"): not a stranger's name.
        self._named_anywhere = self._known.union(w for c in knowledge.synonyms for w in tokens(c))
        self._spellings = self._raw_vocabulary(knowledge, (norm for _, norm, _ in said))
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self._spellings):
            self._by_initial[word[0]].append(word)
            self._by_prefix[word[:MISSPELT_PREFIX]].append(word)
        self._names = proper_names(article)
        self._corrections: dict[str, str] = {}
        self._supplies = [supplied_kinds(text) for text in contents]
        self._speakers = [speakers(text) for text in contents]
        self._person_tokens = frozenset(t for name in self._people for t in self._tokens(name))
        self._cited = [frozenset(c.paragraph for c in e.citations) for e in entries]
        self._citation_words = {c: frozenset(self._tokens(c.quote)) for e in entries for c in e.citations}
        self._position = {e.id: i for i, e in enumerate(entries)}
        self._questions = [normalize(e.question) for e in entries]
        # One string of all questions: autocomplete's substring search runs in C, not a Python loop.
        self._question_blob = "\n".join(self._questions)
        self._question_starts = list(accumulate((len(q) + 1 for q in self._questions[:-1]), initial=0))

    def _tokenized_phrasings(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """(entry number, normalized text, distinct content words) of every question and alternate, once."""
        return [
            (i, norm, tuple(dict.fromkeys(content_words(norm.split(), self._synonyms))))
            for i, e in enumerate(self.knowledge.entries)
            for norm in map(normalize, (e.question, *e.alternates))
        ]

    # -- public API -------------------------------------------------------------------------------

    def answer(self, question: str) -> Answer:
        """The entry that answers `question`, or an abstention with up to 5 suggestions."""
        decided = self._decide(_clip(question))
        return replace(decided, question=(question or "")[:MAX_QUESTION_CHARS])  # echoed as asked

    def _decide(self, question: str) -> Answer:
        if _BOT_COMMAND.match(question):
            return self._abstain(question, (), "looks like a command for a bot, not a question")
        query = self._query_weights(question)
        ranked = self._rank(question, query)
        if not ranked:
            return self._abstain(question, (), "no words the FAQ knows")
        if self._vague(question, query):
            vague = self._abstain(question, ranked, "too vague: only chat words or one very common word")
            return replace(vague, score=0.0)  # the suggestions stand; a confidence would not
        best = ranked[0]
        if best.score < ANSWER_THRESHOLD:
            return self._abstain(question, ranked, f"best score {best.score:.2f} < {ANSWER_THRESHOLD}")
        rival = self._rival(best, ranked)
        runner_up = rival.score if rival else 0.0
        if rival and best.score < SURE_THRESHOLD and best.score - runner_up < CLEAR_MARGIN:
            reason = f"{best.entry.id} ({best.score:.2f}) not clearly ahead of {rival.entry.id}"
            return self._abstain(question, ranked, reason)
        reason = f"best score {best.score:.2f}, best rival {runner_up:.2f}"
        entry = best.entry
        confidence = calibrated(best.score)
        citations = self._citations(best, ranked, query)
        return Answer(question, True, entry, confidence, citations, (), reason, tuple(ranked[:5]))

    def _citations(
        self, best: Candidate, ranked: list[Candidate], query: Mapping[str, float]
    ) -> tuple[Citation, ...]:
        """The entry's passages, the lead first and the rest by how much of the question they hold, with
        the lead passage of a close sibling entry second.

        A sibling (same paragraph, or related) nearly as good means the question sits between two
        curated answers from one passage; quoting both leads gives the reader the part each one covers.
        """
        own = self._by_relevance(best.entry.citations, query)
        sibling = next(
            (c for c in ranked[1:] if best.score - c.score <= SIBLING_GAP and self._kin(best.entry, c.entry)),
            None,
        )
        if sibling is None or not sibling.entry.citations or sibling.entry.citations[0] in own:
            return own
        return (*own[:1], sibling.entry.citations[0], *own[1:])

    def _by_relevance(
        self, citations: tuple[Citation, ...], query: Mapping[str, float]
    ) -> tuple[Citation, ...]:
        if len(citations) < 3:
            return citations
        held = {c: sum(w for t, w in query.items() if t in self._citation_words[c]) for c in citations[1:]}
        rest = sorted(citations[1:], key=lambda c: -held[c])  # stable: curated order among equals
        return (citations[0], *rest)

    def _vague(self, question: str, query: Mapping[str, float]) -> bool:
        """Only chat words ("fair", "what did I miss") or one common word ("russia"): no subject to answer.

        A curator's own phrasing ("tldr", "who is putin"), typed nearly as written, is never vague.
        """
        text = normalize(question)
        same_words = self._by_words.get(frozenset(query), ())
        if any(fuzz.ratio(text, said, processor=None) >= CURATED_RATIO for said in same_words):
            return False
        return sum(query.values()) < VAGUE_WEIGHT or all(w in _CHATTER_STEMS for w in query)

    def vague_phrasings(self) -> list[tuple[Entry, str]]:
        """Curated phrasings that read as one common word ("what is russia against" is just "russia").

        Any question with that word would lean towards their entry, so `faqbot check` lists them. Words of
        the entry's own question ("trump" for "Who is Donald Trump?") are its subject, not vague; chat-only
        phrasings ("tldr") are matched only word for word, so they are not listed either.
        """
        own: dict[int, frozenset[str]] = {}
        for p in self._phrasings:  # each entry's first phrasing is its question (_tokenized_phrasings)
            own.setdefault(p.entry, frozenset(p.words))
        found = []
        for p in self._phrasings:
            words = frozenset(p.words)
            if p.total < VAGUE_WEIGHT and not words <= own[p.entry] | _CHATTER_STEMS:
                found.append((self.knowledge.entries[p.entry], p.text))
        return found

    def weigh(self, question: str) -> dict[str, float]:
        """The question's content words as the matcher reads them (stemmed, corrected), with their weights."""
        return self._query_weights(_clip(question))

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
        question = _clip(question)
        return self._rank(question, self._query_weights(question))

    def _rank(self, question: str, query: Mapping[str, float]) -> list[Candidate]:
        if not query:
            return []
        total = sum(query.values())
        matched = _accumulate(query, self._entry_postings, self._entry_words, CANDIDATES)
        phrasings = self._best_phrasings(query)
        rough = heapq.nlargest(
            FUZZY_POOL, matched, key=lambda e: matched[e] / total + phrasings.get(e, (0.0, None))[0]
        )
        asked = self._read(question, query)
        ranked = [self._candidate(e, asked, matched[e] / total, phrasings.get(e)) for e in rough]
        return sorted(ranked, key=lambda c: (-c.score, c.entry.id))

    def _read(self, question: str, query: Mapping[str, float]) -> _Asked:
        text = normalize(question)
        return _Asked(
            text=text,
            kinds=asked_kinds(question),
            things=self._which_things(text),
            off_subject=self._unknown_measure(text) or self._unknown_name(question, query),
            speakers=self._whose_words(question),
            named=frozenset(query).intersection(self._person_tokens),
            years=frozenset(w for w in query if _YEAR.fullmatch(w)),
        )

    def _unknown_measure(self, text: str) -> bool:
        """ "How much wheat": an amount of something neither the article nor the FAQ mentions."""
        match = _HOW_MUCH.search(text)
        words = tokens(match.group(1), self._synonyms, self._correct) if match else []
        return bool(words) and words[0] not in self._named_anywhere and words[0] not in _CHATTER_STEMS

    def _unknown_name(self, question: str, read: Mapping[str, float]) -> bool:
        """ "Does India buy Russian oil?": a name the article never mentions is what the question is about."""
        for name in capitalized(question):  # "United Nations" was read as one known word, "un"
            words = tokens(name, self._synonyms, self._correct)
            if words and words[0] in read and not self._named_anywhere.intersection(words):
                return True
        return False

    def _which_things(self, text: str) -> frozenset[str]:
        """ "Which Russian banks...": an entry that never names the kind of thing asked for lists none."""
        match = _WHICH.search(text)
        plural = next((w for w in match.group(1).split() if _PLURAL.fullmatch(w)), None) if match else None
        return frozenset(tokens(plural, self._synonyms, self._correct)[:1]) if plural else frozenset()

    def _whose_words(self, question: str) -> frozenset[str]:
        """Whose words the question asks for: people of the article, or `_STRANGER` for someone it never
        mentions ("what did Macron say"), whose words no entry can give."""
        asked = frozenset(self._correct(w) for w in asked_speaker(question))  # "rubbio" is Rubio
        known = asked & self._people
        if known or not asked:
            return known
        words = tokens(" ".join(asked), self._synonyms)
        if words and not any(w in self._known or w in _CHATTER_STEMS for w in words):
            return _STRANGER
        return frozenset()

    def _candidate(
        self, entry: int, asked: _Asked, coverage: float, phrasing: tuple[float, _Phrasing] | None
    ) -> Candidate:
        keywords, best = phrasing if phrasing else (0.0, None)
        fuzzy = fuzz.partial_ratio(asked.text, best.text, processor=None) / 100 if best else 0.0
        score = COVERAGE_WEIGHT * coverage + KEYWORD_WEIGHT * keywords + FUZZY_WEIGHT * fuzzy
        words = self._entry_words[entry]
        if asked.off_subject or not asked.kinds <= self._supplies[entry] or not asked.things <= words:
            score *= KIND_PENALTY
        if asked.speakers and asked.speakers.isdisjoint(self._speakers[entry]):
            score *= SPEAKER_PENALTY
        if asked.named and asked.named.isdisjoint(words):
            score *= NAME_PENALTY
        if not asked.years <= words:  # "oil exports in 2023" of an entry with 2021 and 2024
            score *= KIND_PENALTY
        found = self.knowledge.entries[entry]
        return Candidate(found, round(score, 4), coverage, keywords, fuzzy, best.text if best else "")

    def _best_phrasings(
        self, query: Mapping[str, float], cap: int = CANDIDATES
    ) -> dict[int, tuple[float, _Phrasing]]:
        """Each entry's phrasing that agrees best with the query: the weighted F-score of the two.

        With coverages hit/Q (of the question) and hit/P (of the phrasing), F_beta reduces to
        (1 + beta^2) * hit / (beta^2 * Q + P): one division per phrasing on the hot path.
        """
        hits = _accumulate(query, self._postings, self._phrasing_words, cap)
        if len(hits) > cap:
            hits = dict(heapq.nlargest(cap, hits.items(), key=lambda item: item[1]))
        beta2 = QUERY_RECALL_BETA**2
        scaled_query = beta2 * sum(query.values())
        phrasings = self._phrasings
        best: dict[int, tuple[float, _Phrasing]] = {}
        for n, hit in hits.items():
            phrasing = phrasings[n]
            keywords = (1 + beta2) * hit / (scaled_query + phrasing.total)
            current = best.get(phrasing.entry)
            if current is None or keywords > current[0]:
                best[phrasing.entry] = (keywords, phrasing)
        return best

    def suggest(self, typed: str, limit: int = 25) -> list[Entry]:
        """Entries for autocomplete: questions containing what was typed, then the best keyword matches."""
        entries = self.knowledge.entries
        typed_norm = normalize(_clip(typed))
        if not typed_norm:
            return list(entries[:limit])
        picked = self._questions_containing(typed_norm, limit)
        if len(picked) < limit:
            query = self._query_weights(typed)
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
        query = self._query_weights(_clip(words))
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
    def _content_text(entry: Entry) -> str:
        return " ".join([entry.answer, *(c.quote for c in entry.citations)])

    def _total(self, words: Iterable[str]) -> float:
        return sum(self._idf.get(w, self._unknown_weight) for w in words)

    # -- scoring --------------------------------------------------------------------------------

    def _query_weights(self, question: str) -> dict[str, float]:
        words = tokens(question, self._synonyms, self._correct)[:MAX_QUESTION_WORDS]
        names = emphasized(question)
        # In a short question every word is deliberate; in a long one, unknown words are mostly chatter.
        damping = min(1.0, SHORT_QUESTION_WORDS / max(1, len(words)))
        weights: dict[str, float] = {}
        for word in words:
            if word in self._known:
                weights[word] = self._idf.get(word, self._unknown_weight)
            elif word in names or word.isdigit():
                weights[word] = self._unknown_weight  # an unknown name or number is the question's subject
            elif word in _CHATTER_STEMS or self._misspelt(word):
                weights[word] = damping * CHATTER_WEIGHT
            else:
                weights[word] = damping * UNKNOWN_WORD_WEIGHT
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
            score_cutoff=MISSPELT_CUTOFF,
        )
        return near is not None

    def _correct(self, word: str) -> str:
        """The FAQ's spelling of `word`: itself when known or when no known word is one slip away."""
        if word in self._spellings or len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in CHATTER:
            return word
        if word not in self._corrections:
            if len(self._corrections) >= 100_000:  # bounded: hostile input must not grow memory forever
                self._corrections.clear()
            self._corrections[word] = self._closest(word)
        return self._corrections[word]

    def _closest(self, word: str) -> str:
        # People rarely mistype a word's first letter; looking only there halves false corrections.
        near = process.extract(
            word,
            self._by_initial.get(word[0], ()),
            scorer=OSA.normalized_similarity,
            processor=None,
            score_cutoff=TYPO_CUTOFF,
            limit=5,
        )
        for target, _, _ in near:
            if likely_slip(word, target, target in self._names):  # "abotu" is "about": then dropped
                return target
        return word

    @staticmethod
    def _raw_vocabulary(knowledge: Knowledge, phrasings: Iterable[str]) -> frozenset[str]:
        """Every word as written in the FAQ, the article and the synonyms: what typos are corrected to."""
        texts = [*knowledge.article.paragraphs, *(e.answer for e in knowledge.entries)]
        for canonical, variants in knowledge.synonyms.items():
            texts += [canonical, *variants]
        words = {w for text in texts for w in normalize(text).split()}
        return frozenset(words.union(*(p.split() for p in phrasings)))

    def _abstain(self, question: str, ranked: Iterable[Candidate], reason: str) -> Answer:
        ranked = tuple(ranked)
        suggestions = tuple(c.entry for c in ranked if c.score >= SUGGEST_FLOOR)[:MAX_SUGGESTIONS]
        confidence = calibrated(ranked[0].score) if ranked else 0.0
        return Answer(question, False, None, confidence, (), suggestions, reason, ranked[:5])


def _index(word_sets: Iterable[Collection[str]]) -> dict[str, list[int]]:
    """Word -> the numbers of the items (phrasings or entries) that contain it."""
    postings: dict[str, list[int]] = defaultdict(list)
    for number, words in enumerate(word_sets):
        for word in words:
            postings[word].append(number)
    return dict(postings)


def _weights(entry_words: list[frozenset[str]]) -> tuple[dict[str, float], float]:
    """Each word's rarity weight across entries (IDF), and the weight of a word no entry has."""
    document_count = len(entry_words) + 1
    df: dict[str, int] = defaultdict(int)
    for words in entry_words:
        for word in words:
            df[word] += 1
    idf = {
        w: CHATTER_WEIGHT if w in _CHATTER_STEMS else max(MIN_WEIGHT, math.log(document_count / (n + 0.5)))
        for w, n in df.items()
    }
    return idf, math.log(document_count / 0.5)


def _accumulate(
    query: Mapping[str, float],
    postings: Mapping[str, list[int]],
    members: Sequence[Collection[str]],
    cap: int,
) -> dict[int, float]:
    """Summed query weight per item that shares a word with the query.

    Rarest words first. A word in more than `cap` items (common words of a large FAQ) only adds to
    items already found, by a set lookup each, instead of walking its whole posting list.
    """
    hits: dict[int, float] = defaultdict(float)
    for word in sorted(query, key=lambda w: len(postings.get(w, ()))):
        numbers = postings.get(word, ())
        if not hits or len(numbers) <= cap:
            # Even the rarest word may be everywhere ("russia" in a large FAQ about Russia): then any
            # `cap` of its items are as good a start as all of them, and the other words rank them.
            for n in numbers[:cap] if not hits else numbers:
                hits[n] += query[word]
        else:
            for n in hits:
                if word in members[n]:
                    hits[n] += query[word]
    return hits


def calibrated(score: float) -> float:
    """The chance that the answer of an entry with this match score is right (see CALIBRATION)."""
    slope, intercept = CALIBRATION
    return round(1 / (1 + math.exp(-(slope * score + intercept))), 4)


def _clip(text: str) -> str:
    """At most MAX_QUESTION_CHARS of `text`, without Discord pings and custom emoji: they are not words."""
    return _DISCORD_MARKUP.sub(" ", (text or "")[:MAX_QUESTION_CHARS])
