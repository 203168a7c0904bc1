"""Typed values the core hands out: knowledge, entries, citations and answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.text import sentences

_SUMMARY_CHARS = 300
MAX_PASSAGES = 3  # an answer shows at most this many passages: what a reader takes in at a glance


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim passage of the article and the 1-based paragraph it comes from."""

    quote: str
    paragraph: int

    @property
    def quoted(self) -> str:
        """The passage in quotation marks: marks around the whole of it not doubled, and the article's own
        “quotes” inside it made ‘single’, as quotes within quotes are, so the marks balance (“Rubio says …
        China’s ‘vassal partner.’”) instead of opening twice and closing once."""
        text = self.quote.strip()
        if text.startswith("“") and text.endswith("”") and _closes_at_end(text):
            text = text[1:-1]
        return f"“{text.replace('“', '‘').replace('”', '’')}”"


def _closes_at_end(text: str) -> bool:
    """Whether the “ that `text` starts with is closed by the ” it ends with, not by one before."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "“") - (char == "”")
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


@dataclass(frozen=True, slots=True)
class Passage:
    """What a reader sees of one or two citations: a line that introduces a quote ("Rubio said:") is
    shown with the quote, so a quote never appears without its speaker."""

    paragraphs: tuple[int, ...]
    text: str

    @property
    def label(self) -> str:
        first, last = self.paragraphs[0], self.paragraphs[-1]
        return f"Paragraph {first}" if first == last else f"Paragraphs {first}–{last}"


def passages(citations: Sequence[Citation]) -> list[Passage]:
    """`citations` as passages, each introducing line joined to the quote cited right after it."""
    shown: list[Passage] = []
    i = 0
    while i < len(citations):
        here = citations[i]
        after = citations[i + 1] if i + 1 < len(citations) else None
        if after and here.quote.rstrip().endswith(":") and after.paragraph == here.paragraph + 1:
            shown.append(Passage((here.paragraph, after.paragraph), f"{here.quote.strip()} {after.quoted}"))
            i += 2
        else:
            shown.append(Passage((here.paragraph,), here.quoted))
            i += 1
    return shown


def shown(citations: Sequence[Citation], limit: int = MAX_PASSAGES) -> tuple[Citation, ...]:
    """The citations of the first `limit` passages: a line introducing a quote and the quote are one."""
    taken = sum(len(p.paragraphs) for p in passages(citations)[:limit])
    return tuple(citations[:taken])


def verbatim(passage: Passage, citations: Sequence[Citation]) -> str:
    """The article's own words of `passage` (its display text puts the quote in marks): a quote with the
    line that says whose it is, as JSON gives it and the graders check it."""
    return " ".join(c.quote.strip() for c in citations if c.paragraph in passage.paragraphs)


def _record(passage: Passage, citations: Sequence[Citation]) -> dict[str, object]:
    quote = verbatim(passage, citations)
    return {"quote": quote, "paragraph": passage.paragraphs[0], "paragraphs": list(passage.paragraphs)}


@dataclass(frozen=True, slots=True)
class Translation:
    """An entry's question, answer and phrasings in another language (knowledge/faq.<lang>.yaml); its
    passages stay the article's own words."""

    lang: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    topic: str = ""  # the entry's topic in this language ("" when the file names none)
    not_answered: tuple[str, ...] = ()  # the entry's not-answered facets in this language


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated FAQ entry."""

    id: str
    topic: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    citations: tuple[Citation, ...]
    related: tuple[str, ...] = ()
    translations: tuple[Translation, ...] = ()
    lang: str = "en"  # the language its question and answer are written in
    # What readers ask about its subject that the article never says ("who placed the call"): a question
    # closer to one of these than to any phrasing gets "The article doesn't say <facet>." (faq.yaml).
    not_answered: tuple[str, ...] = ()

    def translation(self, lang: str) -> Translation | None:
        return next((t for t in self.translations if t.lang == lang), None)

    def localized(self, lang: str) -> Entry:
        """This entry as read in `lang`: its translated question, answer and phrasings, the same passages.
        Itself when it has no translation into `lang` (the English answer is better than none)."""
        found = self.translation(lang)
        if found is None or lang == self.lang:
            return self
        return replace(
            self,
            question=found.question,
            answer=found.answer,
            alternates=found.alternates,
            topic=found.topic or self.topic,
            lang=lang,
            not_answered=found.not_answered,
        )

    @property
    def summary(self) -> str:
        """The answer's first sentence: a one-line "closest thing the article says"."""
        first = sentences(self.answer.strip())[0]
        return first if len(first) <= _SUMMARY_CHARS else first[: _SUMMARY_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Source:
    """Where the article comes from, for footers and /about."""

    title: str
    publisher: str
    date: str
    translator: str
    file: str = "article.txt"
    url: str = ""  # where readers can read the article itself (faq.yaml `source.url`); "" when unknown

    @property
    def credit(self) -> str:
        return f"{self.publisher}, {self.date} · translated by {self.translator}"


@dataclass(frozen=True, slots=True)
class Article:
    """The article as paragraphs: paragraph n is its n-th non-empty line."""

    paragraphs: tuple[str, ...]

    def paragraph(self, number: int) -> str:
        """Paragraph `number` (1-based); IndexError when out of range."""
        if not 1 <= number <= len(self.paragraphs):
            raise IndexError(f"paragraph {number} is not in 1..{len(self.paragraphs)}")
        return self.paragraphs[number - 1]

    def __len__(self) -> int:
        return len(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything loaded from a knowledge directory, validated."""

    source: Source
    article: Article
    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Per language (faq.<lang>.yaml): its own synonyms, e.g. {"zh": {"特朗普": ("川普",)}}.
    translated_synonyms: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    # Questions the article doesn't answer (faq.yaml's `not_in_article:`, or taught): the honest reply.
    not_in_article: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """English, then every language some entry is translated into."""
        found = dict.fromkeys(t.lang for e in self.entries for t in e.translations)
        return ("en", *found)

    def localized(self, lang: str) -> Knowledge:
        """The knowledge as read in `lang`: entries localized, that language's synonyms beside English's
        (people mix in English names: "Rubio 说了什么")."""
        if lang == "en":
            return self
        synonyms = dict(self.synonyms)
        for canonical, variants in self.translated_synonyms.get(lang, {}).items():
            synonyms[canonical] = (*synonyms.get(canonical, ()), *variants)
        return replace(self, entries=tuple(e.localized(lang) for e in self.entries), synonyms=synonyms)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    @property
    def topics(self) -> tuple[str, ...]:
        """Topics in the order they first appear in the FAQ."""
        return tuple(dict.fromkeys(e.topic for e in self.entries))

    def by_topic(self, topic: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.topic == topic)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored entry, with each stage's score, for --explain and suggestions."""

    entry: Entry
    score: float
    coverage: float  # share of the question's word weight found anywhere in the entry
    keywords: float  # best weighted-keyword agreement with one of the entry's phrasings
    fuzzy: float  # rapidfuzz similarity of the question to that phrasing
    matched: str  # that phrasing, normalized
    base: float = 0.0  # the weighted sum of the three signals, before the rules
    fired: tuple[str, ...] = ()  # names of the answerability rules that lowered it (bot/core/rules.py)
    gap: str = ""  # the entry's not-answered facet the question agrees with better than any phrasing


@dataclass(frozen=True, slots=True)
class Answer:
    """What the matcher returns for a question.

    `answered` is False when the article does not (clearly) say; then `entry` is None, `outcome` says
    why ("not_in_article", "off_topic", "unclear", "chat"), `note` says it in a sentence ("The article
    doesn't say who placed the call."), `closest` is the entry nearest to what was asked when the article
    is on the subject but doesn't give it, and `suggestions` holds up to 5 entries the person may have
    meant. `score` is calibrated: roughly the chance that the best entry's answer is right (for an
    abstention, that of the entry it declined).
    """

    question: str
    answered: bool
    entry: Entry | None
    score: float
    citations: tuple[Citation, ...]
    suggestions: tuple[Entry, ...]
    reason: str
    candidates: tuple[Candidate, ...] = ()
    outcome: str = "answered"
    note: str = ""
    closest: Entry | None = None
    lang: str = "en"  # the language of the reply: the entries above are localized to it

    @property
    def text(self) -> str | None:
        return self.entry.answer if self.entry else None

    def as_record(self) -> dict[str, object]:
        """The stable JSON-lines contract of `faqbot ask --json`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "faq_id": self.entry.id if self.entry else None,
            "score": round(self.score, 4),
            # One per passage: "Mr. Welle added:" comes with the quote it introduces, never on its own.
            "citations": [_record(p, self.citations) for p in passages(self.citations)],
            "suggestions": [{"faq_id": e.id, "question": e.question} for e in self.suggestions],
            "reason": None if self.answered else self.outcome,
            "note": self.note or None,
            "closest": _closest_record(self.closest),
            "lang": self.lang,
        }


def _closest_record(entry: Entry | None) -> dict[str, object] | None:
    if entry is None:
        return None
    lead = passages(entry.citations)[:1]
    return {
        "faq_id": entry.id,
        "question": entry.question,
        "answer": entry.summary,
        "citation": _record(lead[0], entry.citations) if lead else None,
    }
