"""Load and validate a knowledge directory (article.txt + faq.yaml), reporting faults by file and line."""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.core import index_cache, limits
from bot.core.chinese import to_simplified
from bot.core.models import Article, Citation, Entry, Knowledge, Source, Translation
from bot.core.text import normalize

__all__ = [
    "KnowledgeError",
    "Problem",
    "default_knowledge_dir",
    "load_article",
    "load_knowledge",
    "missing_translations",
    "uncovered_paragraphs",
]

FAQ_FILE = "faq.yaml"
TRANSLATION_FILES = "faq.*.yaml"  # faq.zh.yaml: the entries' questions, answers and phrasings in Chinese
TRANSLATION_KEYS = ("question", "answer", "alternates", "not_answered")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,4})?$")
ARTICLE_FILE = "article.txt"
MAX_FAQ_BYTES = 5_000_000  # far above any hand-curated FAQ; stops a runaway file before YAML parses it
FIELD_NAME_ALLOWANCE = 24  # "Paragraph 63" plus quote marks around the passage
FOOTER_ALLOWANCE = 300  # source credit and paragraph hints in the footer
MAX_DEPTH = 20  # an FAQ nests four levels; far deeper is a hostile or broken file
MAX_CITATION = 400  # a citation is a passage, not the article (the graders apply the same bound)
_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE_KEYS = ("title", "publisher", "date", "translator")
ENTRY_KEYS = ("id", "topic", "question", "alternates", "answer", "citations", "related", "not_answered")
_KEY = "<key>"  # in a path, the line of the key itself rather than of its value
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster start-up

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in the knowledge, where it is, and what is wrong."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge can't be used; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def default_knowledge_dir() -> Path:
    """The knowledge shipped in the wheel, or the repository's `knowledge/` in a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "knowledge"
    if (packaged / FAQ_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge"


def load_article(path: Path) -> Article:
    text = _read_text(path)
    return Article(tuple(line.strip() for line in text.splitlines() if line.strip()))


def load_knowledge(directory: Path, languages: Collection[str] | None = None) -> Knowledge:
    """Read and validate `directory`; raise KnowledgeError naming file and line of every fault.

    `languages` are the translations to read (faq.<lang>.yaml), all of them when None: `faqbot ask`
    reads none for an English question, which is a tenth of its start-up when nothing is cached.
    """
    directory = Path(directory)
    translations = [
        path
        for path in sorted(directory.glob(TRANSLATION_FILES))
        if languages is None or path.name.split(".")[1] in languages
    ]
    key = _cache_key(directory, translations)
    if key is not None:
        cached = index_cache.load("knowledge", key)
        if isinstance(cached, Knowledge):  # validated when it was stored
            index_cache.remember(cached, key)
            return cached
    article = load_article(directory / ARTICLE_FILE)
    faq_path = directory / FAQ_FILE
    data, lines = _parse_yaml(faq_path)
    knowledge = _Validator(faq_path, lines, article).build(data)
    del data
    for path in translations:
        knowledge = _add_translation(knowledge, path)
    if key is not None:
        index_cache.store("knowledge", key, knowledge)
        index_cache.remember(knowledge, key)
    return knowledge


def _cache_key(directory: Path, translations: Sequence[Path]) -> str | None:
    """The on-disk cache's key for a large FAQ's files and the translations read (bot/core/index_cache.py);
    None for a small FAQ, or files that can't be read (loading them says why)."""
    faq_path = directory / FAQ_FILE
    try:
        if faq_path.stat().st_size < index_cache.MIN_BYTES:
            return None
        parts = [str(MAX_FAQ_BYTES).encode()]
        for path in (directory / ARTICLE_FILE, faq_path, *translations):
            parts += [path.name.encode(), _read_capped(path)]
    except (OSError, KnowledgeError):
        return None
    return index_cache.fingerprint(*parts)


def missing_translations(knowledge: Knowledge) -> dict[str, list[str]]:
    """Per translated language, the ids of entries it doesn't translate yet (answered in English)."""
    return {
        lang: [e.id for e in knowledge.entries if e.translation(lang) is None]
        for lang in knowledge.languages[1:]
    }


def _add_translation(knowledge: Knowledge, path: Path) -> Knowledge:
    """`knowledge` with the entries of faq.<lang>.yaml translated, validated as faq.yaml is."""
    lang = path.name.split(".")[1]
    data, lines = _parse_yaml(path)
    validator = _Validator(path, lines, knowledge.article)
    if not _LANG.match(lang):
        validator.fail((), f"{path.name}: the language code {lang!r} must be like 'zh' or 'pt-br'")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        validator.fail((), f"{path.name} must be a mapping with version, synonyms and entries (id: fields)")
        raise KnowledgeError(validator.problems)
    if data.get("version") != 1:
        validator.fail(("version",), "version must be 1")
    synonyms = validator.synonyms(data.get("synonyms") or {})
    topics = validator.topics(data.get("topics") or {}, knowledge.topics)
    by_id = {e.id: e for e in knowledge.entries}
    translated: dict[str, Translation] = {}
    phrasings: dict[str, str] = {}
    for entry_id, value in data["entries"].items():
        at: Path_ = ("entries", str(entry_id))
        if str(entry_id) not in by_id:
            close = difflib.get_close_matches(str(entry_id), by_id, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            validator.fail((*at, _KEY), f"no entry {entry_id!r} in {FAQ_FILE}{hint}")
            continue
        found = validator.translation(lang, value, at, by_id[str(entry_id)])
        if found is not None:
            found = replace(found, topic=topics.get(by_id[str(entry_id)].topic, ""))
            translated[str(entry_id)] = found
            for j, phrase in enumerate((found.question, *found.alternates)):
                where = (*at, "question") if j == 0 else (*at, "alternates", j - 1)
                validator.check_shared(to_simplified(phrase), str(entry_id), phrasings, where)
    for entry_id, found in translated.items():
        facets = tuple(to_simplified(f) for f in found.not_answered)
        validator.check_not_answered(facets, entry_id, phrasings, ("entries", entry_id, "not_answered"))
    if validator.problems:
        raise KnowledgeError(validator.problems)
    entries = tuple(
        replace(e, translations=(*e.translations, translated[e.id])) if e.id in translated else e
        for e in knowledge.entries
    )
    languages = {**knowledge.translated_synonyms, lang: synonyms}
    return replace(knowledge, entries=entries, translated_synonyms=languages)


def uncovered_paragraphs(knowledge: Knowledge) -> list[int]:
    """Paragraph numbers that no entry cites."""
    cited = {c.paragraph for e in knowledge.entries for c in e.citations}
    return [n for n in range(1, len(knowledge.article) + 1) if n not in cited]


def _read_text(path: Path) -> str:
    try:
        data = _read_capped(path)
    except OSError as exc:
        raise KnowledgeError([Problem(path, None, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(data) > MAX_FAQ_BYTES:
        raise KnowledgeError([Problem(path, None, f"file is larger than {MAX_FAQ_BYTES} bytes")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KnowledgeError([Problem(path, line, "not valid UTF-8 text; save the file as UTF-8")]) from None


def _read_capped(path: Path) -> bytes:
    """At most MAX_FAQ_BYTES + 1 bytes of `path`, which must be a regular file (a link to one is fine).

    Opened without blocking, so a FIFO can't hang the read, and checked on the open file, so nothing can be
    swapped in between: a device such as /dev/zero would otherwise be read until memory runs out.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        kind = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(kind):
            raise KnowledgeError(
                [Problem(path, None, f"not a regular file ({_kind(kind)}); use a plain file")]
            )
        return file.read(MAX_FAQ_BYTES + 1)


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device")]
    return next((name for test, name in kinds if test(mode)), "a special file")


def _parse_yaml(path: Path) -> tuple[Any, Callable[[], dict[Path_, int]]]:
    """The FAQ's data, and a way to find each value's line (parsed again only when a fault is reported)."""
    text = _read_text(path)
    try:
        data = _checked_data(text, path)
    except yaml.MarkedYAMLError as exc:
        raise KnowledgeError([_syntax_problem(path, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes, PyYAML in characters: find the character itself instead.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        raise KnowledgeError([Problem(path, line, f"YAML syntax: {exc.reason}")]) from None
    except (ValueError, OverflowError) as exc:
        # A scalar YAML reads as a date or number that can't be one ("2025-02-30"): find which.
        line = _unreadable_scalar_line(text)
        raise KnowledgeError([Problem(path, line, f"a value can't be read: {exc}")]) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError([Problem(path, None, f"YAML syntax: {exc}")]) from None
    return data, lambda: _line_map(text)


# What YAML says it was reading when it gave up, for the three things that run on until closed.
_OPENED = {
    "while parsing a flow sequence": "the '[' opened on this line",
    "while parsing a flow mapping": "the '{' opened on this line",
    "while scanning a quoted scalar": "the quote opened on this line",
}


def _syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error at the line to fix: where an unclosed '[', '{' or quote was opened, which can be
    far above the line where the parser gave up (what YAML itself reports), and that line as well."""
    mark = exc.problem_mark or exc.context_mark
    gave_up = mark.line + 1 if mark else None
    what = str(exc.problem or exc)
    opened = _OPENED.get(exc.context or "")
    if opened and exc.context_mark is not None and exc.context_mark.line + 1 != gave_up:
        line = exc.context_mark.line + 1
        return Problem(
            path, line, f"YAML syntax: {opened} is not closed (YAML gave up on line {gave_up}: {what})"
        )
    runaway = _runaway_quote(text, gave_up) if gave_up else None
    if runaway is not None:
        message = (
            f"YAML syntax: the quote opened on this line runs on to line {gave_up}, where YAML gave up "
            f"({what}); is its closing quote missing?"
        )
        return Problem(path, runaway, message)
    return Problem(path, gave_up, f"YAML syntax: {what}")


def _runaway_quote(text: str, gave_up: int) -> int | None:
    """The line opening a quoted value that spans lines and ends on line `gave_up`: a quote left unclosed
    runs on to the next quote mark, and YAML fails on what follows it."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):  # PyYAML's scanner: it is only the error path
            if token.start_mark.line + 1 > gave_up:
                break
            start, end = token.start_mark.line + 1, token.end_mark.line + 1
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') and start < end == gave_up:
                opened = start
    except yaml.YAMLError:
        pass
    return opened


def _checked_data(text: str, path: Path) -> Any:
    """The YAML's data, built from the parser's events in the same pass that checks its structure.

    Refuses what a hand-written FAQ never needs and a hostile file uses, before anything large is built:
    aliases are how "billion laughs" files explode in memory; very deep nesting exhausts the stack of
    the recursive YAML builders. Parsing events is flat, so this check itself can't be blown up. Building
    from the events skips PyYAML's node tree (most of the memory and time of a 10,000-entry FAQ); what
    the events can't build as `yaml.load` would (explicit tags, merge keys, several documents) is left
    to `yaml.load` itself, after the checks.
    """
    open_mappings: list[_OpenMapping | None] = []  # one per open collection; None for a sequence
    duplicates: list[Problem] = []
    builder: _Builder | None = _Builder()
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            message = "YAML anchors and aliases (&name, *name) are not allowed in the FAQ"
            raise KnowledgeError([Problem(path, line, message)])
        parent = open_mappings[-1] if open_mappings else None
        if isinstance(event, yaml.ScalarEvent) and parent is not None:
            if parent.repeats(event.value, line):
                first = parent.lines[event.value]
                message = f"duplicate key {event.value!r}, already given on line {first}; keep only one"
                duplicates.append(Problem(path, line, message))
        elif isinstance(event, yaml.CollectionStartEvent):
            if parent is not None:
                parent.repeats(None, line)
            open_mappings.append(_OpenMapping() if isinstance(event, yaml.MappingStartEvent) else None)
            if len(open_mappings) > MAX_DEPTH:
                raise KnowledgeError([Problem(path, line, f"nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, yaml.CollectionEndEvent):
            open_mappings.pop()
        if builder is not None and not builder.add(event):
            builder = None  # something only yaml.load builds faithfully: it will, after the checks
    if duplicates:
        # YAML would keep the last and drop the others without a word: a second source block would win.
        raise KnowledgeError(duplicates)
    if builder is None:
        return yaml.load(text, Loader=_Loader)
    return builder.result()


_STR_TAG = "tag:yaml.org,2002:str"
# Plain scalars that resolve to these are built by SafeConstructor, one scalar at a time.
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "timestamp")
)


class _Builder:
    """Python data from YAML parser events, as `yaml.load` with the safe loader builds it."""

    def __init__(self) -> None:
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.stack: list[list[Any]] = []  # open collections: a list, or a mapping's [key, value, ...]
        self.documents = 0
        self.root: Any = None
        self.failure: Exception | None = None  # a scalar that can't be built: raised once parsing is done

    def add(self, event: yaml.Event) -> bool:
        """Take one event; False when the data needs `yaml.load` instead."""
        kind = type(event)
        if isinstance(event, yaml.ScalarEvent):
            return self.value(self.scalar(event)) if event.tag in (None, "!") else False
        if isinstance(event, yaml.CollectionStartEvent):
            if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                return False
            self.stack.append([])
            return True
        if kind is yaml.MappingEndEvent:
            items = self.stack.pop()
            mapping: dict[Any, Any] = {}
            for key, value in zip(items[::2], items[1::2], strict=True):
                if (isinstance(key, str) and key == "<<") or not _hashable(key):
                    return False  # a merge key, or a key yaml.load refuses: its own error message
                mapping[key] = value
            return self.value(mapping)
        if kind is yaml.SequenceEndEvent:
            return self.value(self.stack.pop())
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            return self.documents == 1  # several documents: yaml.load says which is wrong
        return True

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if not event.implicit[0]:  # quoted or block: a string, as written
            return event.value
        tag = self.resolver.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
        if tag == _STR_TAG:
            return event.value
        if tag not in _SCALAR_TAGS:
            return _UNBUILT
        node = yaml.ScalarNode(tag, event.value)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError) as exc:
            self.failure = self.failure or exc
            return None

    def value(self, value: Any) -> bool:
        if value is _UNBUILT:
            return False
        if self.stack:
            self.stack[-1].append(value)
        else:
            self.root = value
        return True

    def result(self) -> Any:
        if self.failure is not None:
            raise self.failure
        return self.root


_UNBUILT = object()


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class _OpenMapping:
    """The keys of a mapping being parsed, to find one given twice."""

    def __init__(self) -> None:
        self.lines: dict[str, int | None] = {}
        self.at_key = True  # keys and values alternate

    def repeats(self, scalar: str | None, line: int | None) -> bool:
        """Note the next key or value (None: a collection); whether it is a key given earlier."""
        at_key, self.at_key = self.at_key, not self.at_key
        if not at_key or scalar is None:
            return False
        if scalar in self.lines:
            return True
        self.lines[scalar] = line
        return False


def _unreadable_scalar_line(text: str) -> int | None:
    loader = _Loader(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    return int(node.start_mark.line) + 1
            elif isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return None


def _line_map(text: str) -> dict[Path_, int]:
    """Line of every value by its path, e.g. ("entries", 3, "citations", 0) -> 120."""
    lines: dict[Path_, int] = {}
    root = yaml.compose(text, Loader=_Loader)
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())] if root is not None else []
    while stack:
        node, at = stack.pop()
        lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            lines.update(((*at, str(key.value), _KEY), key.start_mark.line + 1) for key, _ in node.value)
            stack.extend((value, (*at, str(key.value))) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*at, i)) for i, item in enumerate(node.value))
    return lines


class _Validator:
    """Turns parsed YAML into Knowledge, collecting every fault instead of stopping at the first."""

    def __init__(self, path: Path, lines: Callable[[], dict[Path_, int]], article: Article) -> None:
        self.path = path
        self.find_lines = lines
        self.lines: dict[Path_, int] | None = None
        self.article = article
        self.problems: list[Problem] = []

    def fail(self, at: Path_, message: str) -> None:
        if self.lines is None:
            self.lines = self.find_lines()
        lines = self.lines
        line = next((lines[at[:n]] for n in range(len(at), -1, -1) if at[:n] in lines), None)
        self.problems.append(Problem(self.path, line, message))

    def build(self, data: Any) -> Knowledge:
        if not isinstance(data, dict):
            self.fail((), "the FAQ must be a mapping with version, source and entries")
            raise KnowledgeError(self.problems)
        if data.get("version") != 1:
            self.fail(("version",), "version must be 1")
        source = self.source(data.get("source"))
        synonyms = self.synonyms(data.get("synonyms") or {})
        placed = self.entries(data.get("entries"))
        self.cross_check(placed)
        entries = tuple(entry for _, entry in placed)
        not_in_article = self.not_in_article(data.get("not_in_article"), entries)
        if self.problems or source is None:
            raise KnowledgeError(self.problems)
        return Knowledge(
            source=source,
            article=self.article,
            entries=entries,
            synonyms=synonyms,
            not_in_article=not_in_article,
        )

    def not_in_article(self, value: Any, entries: tuple[Entry, ...]) -> tuple[str, ...]:
        """The top-level `not_in_article:` list: questions the article doesn't answer, each given the honest
        reply. None may be an entry's phrasing (the entry answers it) or be listed twice."""
        at: Path_ = ("not_in_article",)
        listed = self.strings(value, at, limits.CHOICE_NAME)
        if not listed:
            return ()
        owners = {normalize(to_simplified(p)): e.id for e in entries for p in (e.question, *e.alternates)}
        seen: dict[str, str] = {}
        for k, phrase in enumerate(listed):
            key = normalize(to_simplified(phrase))
            if key in owners:
                message = f"{phrase!r} is a phrasing of entry {owners[key]!r}, which answers it; keep one"
                self.fail((*at, k), message)
            elif key in seen:
                self.fail((*at, k), f"{phrase!r} is listed twice (as {seen[key]!r} too)")
            seen.setdefault(key, phrase)
        return tuple(p for p in listed if p)

    def text(self, value: Any, at: Path_, limit: int | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(at, f"{_name(at)} must be a non-empty string")
            return ""
        if limit is not None and len(value.strip()) > limit:
            self.fail(at, f"{_name(at)} is {len(value.strip())} characters; the limit is {limit}")
        return value.strip()

    def strings(self, value: Any, at: Path_, limit: int | None = None) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(at, f"{_name(at)} must be a list")
            return ()
        return tuple(self.text(item, (*at, i), limit) for i, item in enumerate(value))

    def source(self, value: Any) -> Source | None:
        if not isinstance(value, dict):
            self.fail(("source",), "source must be a mapping with " + ", ".join(_SOURCE_KEYS))
            return None
        fields = {key: self.text(_as_text(value.get(key)), ("source", key)) for key in _SOURCE_KEYS}
        return Source(**fields, file=str(value.get("file", ARTICLE_FILE)), url=self.url(value.get("url")))

    def url(self, value: Any) -> str:
        """The optional `source.url`: a web address Discord can open from a link button."""
        if value is None:
            return ""
        url = self.text(value, ("source", "url"), limits.LINK_URL)
        if url and not _WEB_ADDRESS.match(url):
            self.fail(("source", "url"), f"source url {url!r} must be a web address starting https://")
        return url

    def synonyms(self, value: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            self.fail(("synonyms",), "synonyms must map a word to a list of words")
            return {}
        return {str(k): self.strings(v, ("synonyms", str(k))) for k, v in value.items()}

    def entries(self, value: Any) -> list[tuple[int, Entry]]:
        """Each good entry with its position in the file's list, which faults after a bad one must use."""
        if not isinstance(value, list) or not value:
            self.fail(("entries",), "entries must be a non-empty list")
            return []
        built = ((i, self.entry(item, ("entries", i))) for i, item in enumerate(value))
        return [(i, entry) for i, entry in built if entry is not None]

    def entry(self, value: Any, at: Path_) -> Entry | None:
        if not isinstance(value, dict):
            self.fail(at, "each entry must be a mapping")
            return None
        for key in value:
            if key not in ENTRY_KEYS:
                self.fail((*at, str(key), _KEY), _unknown_key(key))
        entry_id = self.text(value.get("id"), (*at, "id"))
        if entry_id and not _SLUG.match(entry_id):
            self.fail((*at, "id"), f"id {entry_id!r} must be a lowercase slug like 'trump-putin-call'")
        question = self.text(value.get("question"), (*at, "question"), limits.CHOICE_NAME)
        citations = self.citations(value.get("citations"), (*at, "citations"))
        answer = self.text(value.get("answer"), (*at, "answer"), limits.EMBED_DESCRIPTION)
        self.check_embed_size(question, answer, citations, at)
        return Entry(
            id=entry_id,
            topic=self.text(value.get("topic"), (*at, "topic"), limits.SELECT_OPTION_LABEL),
            question=question,
            alternates=self.strings(value.get("alternates"), (*at, "alternates"), limits.CHOICE_NAME),
            answer=answer,
            citations=citations,
            related=self.strings(value.get("related"), (*at, "related")),
            not_answered=self.strings(value.get("not_answered"), (*at, "not_answered"), limits.CHOICE_NAME),
        )

    def translation(self, lang: str, value: Any, at: Path_, entry: Entry) -> Translation | None:
        if not isinstance(value, dict):
            self.fail(at, "each translated entry must be a mapping with question, answer and alternates")
            return None
        for key in value:
            if key not in TRANSLATION_KEYS:
                self.fail((*at, str(key), _KEY), _unknown_key(key, TRANSLATION_KEYS))
        question = self.text(value.get("question"), (*at, "question"), limits.CHOICE_NAME)
        answer = self.text(value.get("answer"), (*at, "answer"), limits.EMBED_DESCRIPTION)
        self.check_embed_size(question, answer, entry.citations, at)
        alternates = self.strings(value.get("alternates"), (*at, "alternates"), limits.CHOICE_NAME)
        facets = self.strings(value.get("not_answered"), (*at, "not_answered"), limits.CHOICE_NAME)
        return Translation(lang, question, answer, alternates, not_answered=facets)

    def topics(self, value: Any, known: tuple[str, ...]) -> dict[str, str]:
        """A translation's `topics:`, each FAQ topic to its name in that language."""
        if not isinstance(value, dict):
            self.fail(("topics",), "topics must map each topic of faq.yaml to its name in this language")
            return {}
        for topic in value:
            if str(topic) not in known:
                close = difflib.get_close_matches(str(topic), known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.fail(("topics", str(topic), _KEY), f"no topic {str(topic)!r} in {FAQ_FILE}{hint}")
        return {
            str(k): self.text(v, ("topics", str(k)), limits.SELECT_OPTION_LABEL)
            for k, v in value.items()
            if str(k) in known
        }

    def check_embed_size(
        self, question: str, answer: str, citations: tuple[Citation, ...], at: Path_
    ) -> None:
        # The answer embed holds title, answer, one field per citation and a footer; Discord caps the sum.
        size = len(question) + len(answer) + sum(len(c.quote) + FIELD_NAME_ALLOWANCE for c in citations)
        if size > limits.EMBED_TOTAL - FOOTER_ALLOWANCE:
            self.fail(at, f"question, answer and citations total {size} characters; shorten to fit one embed")

    def citations(self, value: Any, at: Path_) -> tuple[Citation, ...]:
        quotes = self.strings(value, at, MAX_CITATION)
        if not quotes:
            self.fail(at, "every entry needs at least one citation")
        found = []
        for i, quote in enumerate(quotes):
            paragraph = self.paragraph_of(quote)
            if quote and paragraph is None:
                self.fail((*at, i), f"citation is not verbatim in the article: {quote[:80]!r}")
            elif paragraph is not None:
                found.append(Citation(quote, paragraph))
        return tuple(found)

    def paragraph_of(self, quote: str) -> int | None:
        return next((n for n, p in enumerate(self.article.paragraphs, 1) if quote and quote in p), None)

    def cross_check(self, placed: list[tuple[int, Entry]]) -> None:
        ids: dict[str, Entry] = {}
        for i, entry in placed:
            if entry.id in ids:
                self.fail(("entries", i, "id"), f"duplicate id {entry.id!r}")
            ids[entry.id] = entry
        phrasings: dict[str, str] = {}
        for i, entry in placed:
            self.check_related(entry, ids, ("entries", i, "related"))
            for j, phrase in enumerate((entry.question, *entry.alternates)):
                at = ("entries", i, "question") if j == 0 else ("entries", i, "alternates", j - 1)
                self.check_shared(phrase, entry.id, phrasings, at)
        for i, entry in placed:
            self.check_not_answered(entry.not_answered, entry.id, phrasings, ("entries", i, "not_answered"))

    def check_not_answered(
        self, facets: tuple[str, ...], owner: str, phrasings: Mapping[str, str], at: Path_
    ) -> None:
        """A facet the entry doesn't answer can't also be a phrasing that promises an answer."""
        seen: set[str] = set()
        for k, facet in enumerate(facets):
            key = normalize(facet)
            if key in phrasings:
                self.fail((*at, k), f"{facet!r} is also a phrasing of entry {phrasings[key]!r}; keep one")
            elif key in seen:
                self.fail((*at, k), f"{facet!r} is listed twice")
            seen.add(key)

    def check_related(self, entry: Entry, ids: Mapping[str, Entry], at: Path_) -> None:
        for k, other in enumerate(entry.related):
            if other not in ids:
                self.fail((*at, k), f"related id {other!r} does not exist")
            elif other == entry.id:
                self.fail((*at, k), "an entry cannot be related to itself")

    def check_shared(self, phrase: str, owner: str, seen: dict[str, str], at: Path_) -> None:
        key = normalize(phrase)
        if key in seen and seen[key] != owner:
            self.fail(at, f"phrasing {phrase!r} is also used by entry {seen[key]!r}")
        seen.setdefault(key, owner)


def _unknown_key(key: object, known: tuple[str, ...] = ENTRY_KEYS) -> str:
    """What to say of an entry key that isn't one: the closest real key, as a misspelling most likely is."""
    closest = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    hint = f"did you mean {closest[0]}?" if closest else "an entry has " + ", ".join(known)
    return f"unknown key {str(key)!r} in an entry; {hint}"


def _name(at: Path_) -> str:
    named = [str(p) for p in at if isinstance(p, str)]
    return named[-1] if named else "value"


def _as_text(value: Any) -> Any:
    # YAML reads an unquoted 2025-03-10 as a date; the source date is shown as text anyway.
    return value.isoformat() if hasattr(value, "isoformat") else value
