"""The loader's YAML-event builder, the packed phrasing index, and the on-disk index cache."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

import bot.core.knowledge
import bot.core.matcher
from bot.core import KnowledgeError, Matcher, index_cache, load_knowledge
from bot.core.knowledge import _checked_data
from tests.core.test_knowledge import GOOD_ENTRY, write_knowledge

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [
    "When did Trump call Putin?",
    "what did rubio say about china",
    "How long was the call?",
    "merkel pizza recipe",
    "特朗普跟普京是几号打的电话",
]


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 'y', 2.5, true, null, ~, 2025-03-10]\nc:\nd: {e: -3, f: 0x1F}\n",
        "version: 1\nentries:\n  - id: x\n    question: 'Who?'\n    alternates: [\"a: b\", yes, 1e3]\n",
        "- |\n  block\n  text\n- >\n  folded\n  text\n- !!str 12\n",  # an explicit tag: yaml.load builds it
        "x: {a: 1}\ny:\n  <<: {b: 2}\n  c: 3\n",  # a merge key: yaml.load builds it
        "",
        "just text\n",
    ],
)
def test_data_built_from_events_is_what_yaml_load_builds(text: str) -> None:
    assert _checked_data(text, Path("faq.yaml")) == yaml.load(text, Loader=yaml.SafeLoader)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(where))
    monkeypatch.setattr(index_cache, "MIN_BYTES", 0)  # the shipped FAQ counts as large here
    return where


def answers(matcher: Matcher) -> list[dict[str, object]]:
    return [matcher.answer(q).as_record() for q in QUESTIONS]


def test_a_large_faq_is_read_back_from_the_cache_and_answers_the_same(cache: Path, tmp_path: Path) -> None:
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge_dir)
    built = load_knowledge(knowledge_dir)
    from_files = Matcher(built)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["index", "knowledge"]
    cached = load_knowledge(knowledge_dir)
    assert cached is not built and cached == built
    from_cache = Matcher(cached)
    assert answers(from_cache) == answers(from_files)
    assert from_cache.suggest("rubio", 10) == from_files.suggest("rubio", 10)
    assert from_cache.vague_phrasings() == from_files.vague_phrasings()


def test_the_chinese_index_is_cached_beside_the_english_one(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Chinese question's first answer built the Chinese index, two seconds of cutting words each time
    # `faqbot ask` ran; from the cache it is read back, and answers as the built one does.
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge_dir)
    chinese = "特朗普跟普京是几号打的电话"
    built = Matcher(load_knowledge(knowledge_dir)).answer(chinese).as_record()
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["index", "index", "knowledge"]

    def no_segmenter(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Chinese index was built again")

    monkeypatch.setattr(bot.core.matcher, "Segmenter", no_segmenter)
    assert Matcher(load_knowledge(knowledge_dir)).answer(chinese).as_record() == built


def test_a_changed_file_or_changed_knowledge_is_not_read_from_the_cache(cache: Path, tmp_path: Path) -> None:
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge_dir)
    first = load_knowledge(knowledge_dir)
    Matcher(first)
    faq = knowledge_dir / "faq.yaml"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    again = load_knowledge(knowledge_dir)
    assert again == first and index_cache.key_of(again) != index_cache.key_of(first)
    # Knowledge changed in memory (a teaching) has no key: its index is built, never read or written.
    taught = dataclasses.replace(first, not_in_article=("What is the weather like on Mars?",))
    assert index_cache.key_of(taught) is None
    assert Matcher(taught).answer("What is the weather like on Mars?").outcome == "not_in_article"


def test_a_cache_others_may_write_to_is_not_used(cache: Path, tmp_path: Path) -> None:
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    load_knowledge(ROOT / "knowledge")
    assert list(cache.iterdir()) == []


def test_an_empty_cache_dir_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", "")
    monkeypatch.setattr(index_cache, "MIN_BYTES", 0)
    assert index_cache.directory() is None
    knowledge = load_knowledge(ROOT / "knowledge")
    assert index_cache.key_of(knowledge) is not None  # known, but nowhere to keep it
    assert Matcher(knowledge).answer(QUESTIONS[0]).answered


def test_small_faqs_are_never_cached_and_the_shipped_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "small").mkdir()
    small = write_knowledge(tmp_path / "small", GOOD_ENTRY)
    assert bot.core.knowledge._cache_key(small, []) is None
    load_knowledge(small)
    assert not (tmp_path / "cache").exists()
    # The shipped FAQ (its phrasings, facets and Chinese) is read faster from the cache than built.
    shipped = ROOT / "knowledge"
    assert bot.core.knowledge._cache_key(shipped, []) is not None
    # With its Chinese or without (`faqbot ask` of an English question): two things, two keys.
    chinese = [shipped / "faq.zh.yaml"]
    assert bot.core.knowledge._cache_key(shipped, chinese) != bot.core.knowledge._cache_key(shipped, [])


def test_knowledge_read_without_its_translations_answers_in_english_only(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / "faq.zh.yaml").write_text("version: 1\nentries:\n  nope: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):  # read, the broken translation is reported
        load_knowledge(directory)
    english = load_knowledge(directory, languages=())  # not read, it can't be in the way
    assert english.languages == ("en",)
    answer = Matcher(english).answer("What happened in the Trump-Putin phone call?")
    assert answer.answered and answer.lang == "en"


def test_only_the_most_recently_used_pickles_of_a_kind_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path / "cache"))
    for n in range(index_cache.KEPT + 3):  # every FAQ edit or code change stores under a new key
        index_cache.store("index", f"key{n}", n)
        assert index_cache.load("index", "key0") == 0  # used each time: kept
    kept = sorted(p.name for p in (tmp_path / "cache").glob("index-*.pickle"))
    assert len(kept) == index_cache.KEPT and "index-key0.pickle" in kept
    assert index_cache.load("index", f"key{index_cache.KEPT + 2}") == index_cache.KEPT + 2  # the newest
