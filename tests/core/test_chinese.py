"""Questions in Chinese: read in the language they are written in, answered in Chinese with the English
passages, honest in the same ways as in English; Japanese and Korean get a note instead of a guess."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.core import KnowledgeError, Matcher, load_knowledge
from bot.core.chinese import Segmenter, asked_of_english, language_of, names, to_simplified, to_traditional
from bot.core.config import DEFAULT_CONFIG
from bot.core.knowledge import missing_translations
from bot.core.matcher import reply_language
from bot.core.models import Entry, Knowledge
from bot.core.text import sentences
from tests.core.test_knowledge import GOOD_ENTRY, write_knowledge


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("what did rubio say", "en"),
        ("卢比奥说了什么", "zh"),
        ("Rubio 说了什么", "zh"),
        ("川普與普丁通話", "zh"),
        ("トランプは何と言った", "ja"),
        ("プーチン大統領", "ja"),  # kanji with kana is Japanese, not Chinese
        ("트럼프가 뭐라고 했어", "ko"),
        ("", "en"),
    ],
)
def test_the_language_is_read_from_the_script(text: str, language: str) -> None:
    assert language_of(text) == language


def test_traditional_characters_become_simplified_and_back() -> None:
    assert to_simplified("川普與普丁通話") == "川普与普丁通话"
    assert to_traditional("特朗普和普京通话") == "川普和普丁通話"  # Taiwan's names for them, too
    assert to_traditional("卢比奥说基辛格和尼克松") == "盧比歐說季辛吉和尼克森"
    assert to_simplified("no han here") == "no han here"


def test_the_knowledge_terms_are_never_split_and_the_rest_is_cut_into_words() -> None:
    segment = Segmenter(["卢比奥", "反向基辛格"])
    words = segment("卢比奥在采访里说了什么").split()
    assert words[0] == "卢比奥"  # jieba alone reads "卢比 / 奥在"
    assert "采访" in words
    assert "反向基辛格" in segment("反向基辛格战略可行吗").split()
    assert segment("Rubio 说了什么").split()[0] == "Rubio"


def test_a_word_the_index_lacks_is_recut_into_words_it_has() -> None:
    segment = Segmenter(["川普"])
    assert "中俄关系" in segment("川普说中俄关系好吗").split()  # one word of jieba's dictionary
    segment.learn(["中俄", "关系"])
    assert segment("川普说中俄关系好吗").split()[:4] == ["川普", "说", "中俄", "关系"]
    segment.learn(["别的"])
    assert "中俄关系" in segment("川普说中俄关系好吗").split()  # no known words to cut it into: kept


def test_no_guessed_word_glues_grammar_onto_a_word() -> None:
    assert Segmenter([])("他在采访中说了什么").split() == ["他", "在", "采访", "中", "说", "了", "什么"]


def test_chinese_sentences_end_at_their_own_stops() -> None:
    assert sentences("卢比奥说：“会很危险。”他还说了别的。") == ["卢比奥说：“会很危险。”", "他还说了别的。"]


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("特朗普和普京什么时候通的电话", "trump-putin-call"),
        ("Rubio 说了什么", "rubio-breitbart"),
        ("川普為什麼跟普丁這麼好", "trump-personal-motives"),
        ("中国从俄罗斯买了多少石油", "oil-figures"),
    ],
)
def test_a_chinese_question_gets_the_chinese_answer_and_the_english_passages(
    matcher: Matcher, knowledge: Knowledge, question: str, entry_id: str
) -> None:
    answer = matcher.answer(question)
    assert answer.answered and answer.entry and answer.entry.id == entry_id
    assert answer.lang == "zh"
    translated = knowledge.entry(entry_id).translation("zh")  # type: ignore[union-attr]
    assert translated and answer.text == translated.answer
    assert answer.citations and all(
        c.quote in knowledge.article.paragraph(c.paragraph) for c in answer.citations
    )
    assert answer.as_record()["lang"] == "zh"


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("ceding territory是什么意思", "what does ceding territory mean"),
        ("“Russia hoax”是什么梗？", "what does Russia hoax mean"),
        (
            '"historical mistrust and ideological differences"是谁说的',
            "who said historical mistrust and ideological differences",
        ),
        ("Rubio说了什么", ""),  # a name, not a phrase: read in Chinese
        ("Russia hoax是真的吗", ""),  # asks whether it is true, not what the phrase means
    ],
)
def test_a_chinese_question_about_an_english_phrase_asks_the_english_question(
    question: str, english: str
) -> None:
    assert asked_of_english(question) == english


def test_a_chinese_question_about_an_english_phrase_is_answered_in_chinese(matcher: Matcher) -> None:
    # The Chinese phrasings alone miss these: their words are the article's English.
    said = matcher.answer("“sow discord”是谁说的")
    assert said.answered and said.lang == "zh" and said.entry and said.entry.id == "china-response"
    assert "林剑" in (said.text or "")  # Lin Jian's words, reported in Chinese
    meant = matcher.answer("natural allies是啥意思")
    assert meant.answered and meant.entry and meant.entry.id == "natural-allies" and meant.lang == "zh"


def test_the_reply_language_can_be_forced(matcher: Matcher, knowledge: Knowledge) -> None:
    english = matcher.answer("特朗普和普京什么时候通的电话", lang="en")
    assert english.answered and english.lang == "en"
    assert english.entry == knowledge.entry("trump-putin-call")
    chinese = matcher.answer("when did trump call putin", lang="zh")
    assert chinese.answered and chinese.lang == "zh" and chinese.entry
    assert chinese.entry.question == chinese.entry.localized("zh").question != "When did Trump call Putin?"


@pytest.mark.parametrize("chat", ["在吗", "谢谢", "哈哈哈"])
def test_chinese_chat_is_never_answered(matcher: Matcher, chat: str) -> None:
    answer = matcher.answer(chat)
    assert not answer.answered and answer.outcome == "chat" and answer.lang == "zh"
    assert answer.note == "请问我一个关于这篇文章的问题。"


def test_a_chinese_question_about_something_else_is_off_topic(matcher: Matcher) -> None:
    answer = matcher.answer("今天天气怎么样")
    assert not answer.answered and answer.outcome == "off_topic"


@pytest.mark.parametrize("question", ["トランプは何と言った", "트럼프가 뭐라고 했어"])
def test_japanese_and_korean_get_the_languages_note_never_a_guess(matcher: Matcher, question: str) -> None:
    answer = matcher.answer(question)
    assert not answer.answered and answer.outcome == "language" and not answer.suggestions
    assert "English and Chinese" in answer.note and "中文" in answer.note


@pytest.mark.parametrize(
    ("question", "locale", "expected"),
    [
        ("卢比奥说了什么", "en-US", None),  # the script decides: the matcher answers in Chinese
        ("what did rubio say", "zh-CN", None),  # Latin letters: English
        ("1972?", "zh-TW", "zh"),  # no language of its own: the reader's
        ("1972?", "fr", None),
    ],
)
def test_the_reply_language_is_the_script_then_the_locale(question: str, locale: str, expected: str) -> None:
    assert reply_language(question, locale, ("en", "zh")) == expected


def test_chinese_autocomplete_offers_chinese_questions(matcher: Matcher) -> None:
    found = matcher.suggest("卢比奥")
    assert found and all(e.lang == "zh" for e in found)
    assert any("卢比奥" in e.question for e in found)


def test_every_shipped_entry_is_translated(knowledge: Knowledge) -> None:
    assert knowledge.languages == ("en", "zh")
    assert missing_translations(knowledge) == {"zh": []}


ZH_HEADER = """\
version: 1
synonyms: {trump: [特朗普, 川普]}
entries:
"""


def test_a_translation_file_loads_beside_the_faq(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / "faq.zh.yaml").write_text(
        ZH_HEADER + "  trump-putin-call:\n    question: 通话讲了什么？\n    answer: 他们通了90分钟电话。\n"
        "    alternates: [川普普丁打电话]\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(directory)
    assert knowledge.localized("zh").entry("trump-putin-call").answer == "他们通了90分钟电话。"  # type: ignore[union-attr]
    assert missing_translations(knowledge) == {"zh": ["rubio-vassal"]}
    assert "川普" in knowledge.localized("zh").synonyms["trump"]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("  trump-putin-cal:\n    question: 问\n    answer: 答\n", 4, "no entry 'trump-putin-cal'"),
        ("  trump-putin-call:\n    question: 问\n    anwser: 答\n", 6, "did you mean answer?"),
        (
            "  trump-putin-call:\n    question: 问\n    answer: 答\n    alternates: [川普普丁]\n"
            "  rubio-vassal:\n    question: 问二\n    answer: 答\n    alternates: [川普普丁]\n",
            11,
            "also used by entry 'trump-putin-call'",
        ),
        ("  trump-putin-call:\n    question: 问\n    answer: " + "长" * 4100 + "\n", 6, "the limit is 4096"),
        (  # a facet the entry doesn't answer, traditional, that is its own phrasing
            "  trump-putin-call:\n    question: 问\n    answer: 答\n    alternates: [川普普丁通话]\n"
            "    not_answered: [川普普丁通話]\n",
            8,
            "also a phrasing of entry 'trump-putin-call'",
        ),
    ],
)
def test_a_broken_translation_is_reported_with_file_and_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    (directory / "faq.zh.yaml").write_text(ZH_HEADER + body, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{directory / 'faq.zh.yaml'}:{line}:") and message in p for p in problems), (
        problems
    )


def test_traditional_and_simplified_forms_of_one_alternate_are_the_same_phrasing(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    body = (
        "  trump-putin-call:\n    question: 问\n    answer: 答\n    alternates: [川普与普丁通话]\n"
        "  rubio-vassal:\n    question: 问二\n    answer: 答\n    alternates: [川普與普丁通話]\n"
    )
    (directory / "faq.zh.yaml").write_text(ZH_HEADER + body, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="also used by entry"):
        load_knowledge(directory)


@pytest.mark.parametrize(
    "question",
    ["卢比奥说得对吗", "卢比奥的说法对不对", "习近平怎么看特朗普亲近普京", "尼克松1972年访华见到毛泽东了吗"],
)
def test_a_tempting_chinese_question_the_article_doesnt_answer_is_not_answered(
    matcher: Matcher, question: str
) -> None:
    answer = matcher.answer(question)
    assert not answer.answered and answer.lang == "zh"
    assert (
        language_of(answer.note) == "zh"
    )  # told in Chinese, specifically where the rule knows what is missing


def test_a_chinese_verdict_asks_for_a_judgement() -> None:
    from bot.core.rules import markers

    assert markers(Segmenter([])("卢比奥说得对吗")) == {"verdict"}
    assert markers(Segmenter([])("特朗普真的全力支持吗")) == frozenset()  # "really" only checks a fact


def test_a_name_the_article_never_mentions_is_what_a_chinese_question_is_about(matcher: Matcher) -> None:
    assert matcher.answer("尼克松1972年访华见到毛泽东了吗").outcome == "not_in_article"
    assert matcher.answer("林剑说中俄两国有什么长期的东西？").answered  # 东西 is "stuff", not a place


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("尼克松1972年访华见到毛泽东了吗", "文章没有提到毛泽东。"),
        ("特朗普和普京的通话是几点开始的", "文章没有说是几点。"),
    ],
)
def test_a_chinese_question_is_told_in_chinese_what_is_missing(
    matcher: Matcher, question: str, note: str
) -> None:
    answer = matcher.answer(question)
    assert answer.outcome == "not_in_article" and answer.note == note and answer.closest
    assert (
        matcher.answer(question, lang="en").note == "The article doesn't say."
    )  # no English for a Chinese note


def test_every_rule_says_what_is_missing_in_chinese_too() -> None:
    from bot.core.rules import KIND_GAPS, KIND_GAPS_ZH

    assert KIND_GAPS_ZH.keys() == KIND_GAPS.keys()


def test_a_slip_of_one_character_in_a_name_is_read_as_the_name() -> None:
    segment = Segmenter(["卢比奥", "反尼克松"], names={"卢比奥": "rubio", "尼克松": "nixon"})
    assert segment("卢必奥说了什么").split()[0] == "卢比奥"
    assert "尼克松" in segment("帮尼克松做了啥").split()  # one character from 反尼克松, which is no name


def test_a_slip_shared_by_two_names_is_no_ones_unless_inside_two_forms_of_one_person() -> None:
    people = {"卢比奥": "rubio", "卢比欧": "rubio", "泽连斯基": "zelensky", "泽伦斯基": "zelensky"}
    segment = Segmenter(people, names=people)
    assert "卢比亚" in segment("卢比亚").replace(" ", "")  # 卢比? at the end: also 卢比 and a character
    assert segment("泽论斯基说了什么").split()[0] in {"泽连斯基", "泽伦斯基"}  # inside: Zelensky either way
    other = Segmenter([], names={"泽连斯基": "zelensky", "泽伦斯基": "someone else"})
    assert "泽丽斯基" in other("泽丽斯基").replace(" ", "")  # (泽论斯基 sounds like 泽伦斯基: his)


def test_a_name_typed_by_its_sound_is_read_as_the_name() -> None:
    people = {"杨成": "yang cheng", "林剑": "lin jian", "基辛格": "kissinger", "基辛各": "kissinger"}
    segment = Segmenter(["反向基辛格", *people], names=people)
    assert segment("杨诚是谁").split()[0] == "杨成"  # yang cheng, by ear
    assert segment("林建怎么回应的").split()[0] == "林剑"
    assert "反向基辛格" in segment("反向基辛格行得通吗").split()  # a name written right stays as written
    other = Segmenter([], names={"杨成": "yang cheng", "阳城": "a city"})  # a sound two names share
    assert "杨诚" in other("杨诚").replace(" ", "")


def test_a_term_typed_by_its_sound_is_read_as_the_term_but_not_for_a_grammar_word() -> None:
    segment = Segmenter(["半导体", "翻译者"], names={})
    assert "半导体" in segment("那些半导题用在哪").split()  # ti for ti: a pinyin keyboard's slip
    assert "翻译者" not in segment("翻译这篇文章用的是什么").split()  # 这 ("this") is meant, not 者


def test_cantonese_grammar_words_weigh_nothing(matcher: Matcher) -> None:
    assert list(matcher.weigh("LSE係乜嘢嚟㗎")) == ["lse"]
    assert "点解" not in matcher.weigh("點解俄羅斯做中國跟班對美國咁危險")
    # 仲 ("also"), 依家 ("now"): how a Cantonese question is put, not what it asks about.
    weights = matcher.weigh("仲有一個圖說講中國係俄羅斯嘅咩？依家點樣")
    assert not {"仲", "依家"} & set(weights)
    assert {"china", "russia", "caption"} <= set(weights)


def test_written_chineses_connecting_words_weigh_as_chat(matcher: Matcher) -> None:
    # 同时 ("at the same time"), 最为 ("most"): how a formal question is put, not what it asks about.
    weights = matcher.weigh("特朗普政府转向俄罗斯的同时疏远了谁？")
    assert weights["同时"] <= DEFAULT_CONFIG.chatter_weight < weights["疏远"]
    answered = matcher.answer("特朗普政府转向俄罗斯的同时疏远了谁？")
    assert answered.answered and answered.entry is not None and answered.entry.id == "european-allies"


def test_adverbs_of_degree_and_frequency_weigh_nothing_as_very_and_always_do(matcher: Matcher) -> None:
    # 一直 ("all along"), 很 ("very"), 这块 ("this part"): how it is put; the question is who Trump insulted.
    weights = matcher.weigh("川普後來是不是一直在罵澤倫斯基")
    assert "一直" not in weights and {"trump", "zelensky"} <= set(weights)
    assert "很" not in matcher.weigh("特朗普和普京的关系是不是很久了")
    assert "著" not in matcher.weigh("IISS 全名是啥來著")  # 来着 ("again") as Taiwan writes it
    assert matcher.weigh("乌克兰和谈这块 Trump 到底站哪边啊")["这块"] <= DEFAULT_CONFIG.chatter_weight
    answered = matcher.answer("川普後來是不是一直在罵澤倫斯基")
    assert answered.answered and answered.entry is not None and answered.entry.id == "zelensky-insults"


def test_a_translation_names_the_topics_and_a_misspelt_one_is_reported(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path, GOOD_ENTRY)
    entry = "  trump-putin-call:\n    question: 问\n    answer: 答\n"
    (directory / "faq.zh.yaml").write_text(
        "version: 1\ntopics: {Trump and Russia: 特朗普与俄罗斯}\nentries:\n" + entry, encoding="utf-8"
    )
    knowledge = load_knowledge(directory)
    assert knowledge.localized("zh").entry("trump-putin-call").topic == "特朗普与俄罗斯"  # type: ignore[union-attr]
    assert knowledge.localized("zh").entry("rubio-vassal").topic == "Rubio"  # type: ignore[union-attr]
    (directory / "faq.zh.yaml").write_text(
        "version: 1\ntopics: {Trump and Rusia: 特朗普与俄罗斯}\nentries:\n" + entry, encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"faq.zh.yaml:2: no topic 'Trump and Rusia'.*did you mean"):
        load_knowledge(directory)


def test_cantonese_asks_its_kinds_of_fact_in_its_own_words() -> None:
    from bot.core.answer_kinds import asked_kinds

    assert "year" in asked_kinds(Segmenter([])("川普喺俄羅斯辦環球小姐係邊年"))
    assert "amount" in asked_kinds(Segmenter([])("佔領咗烏克蘭幾多領土"))
    assert "duration" in asked_kinds(Segmenter([])("認識咗幾耐"))


def test_grammar_glued_to_a_word_is_cut_off_but_two_words_of_their_own_stay_one() -> None:
    segment = Segmenter([])
    segment.learn(["打", "折", "welle"])
    assert "打折" in segment("打折").split()  # a word of its own: its unknown meaning counts
    assert segment("系边").split() == ["系", "边"]  # Cantonese "is which": grammar, cut off


def test_a_demonstrative_and_its_measure_word_are_one_stopword_not_a_name() -> None:
    words = Segmenter([])("谁拍了尼克松那张资料照片").split()
    assert "那张" in words and "张" not in words  # 张 alone would weigh as a word (and is a surname)


def test_a_chinese_question_an_entry_lists_as_not_answered_is_told_so_in_chinese(
    knowledge: Knowledge,
) -> None:
    facet = "谁拍摄了尼克松的资料照片"

    def listed(entry: Entry) -> Entry:
        if entry.id != "nixon-photo":
            return replace(entry, not_answered=())
        translations = tuple(replace(t, not_answered=(facet,)) for t in entry.translations)
        return replace(entry, translations=translations, not_answered=())

    matcher = Matcher(replace(knowledge, entries=tuple(listed(e) for e in knowledge.entries)))
    answer = matcher.answer("尼克森那張資料照片是誰拍攝的？")  # traditional, the facet's words reordered
    assert answer.outcome == "not_in_article" and answer.lang == "zh"
    assert answer.note == f"文章没有说{facet}。"
    assert answer.closest is not None and answer.closest.id == "nixon-photo"
    assert matcher.answer("尼克松那张资料照片的图注写了什么").answered  # what the entry does answer


def test_cantonese_chat_is_chat_not_a_question(matcher: Matcher) -> None:
    for chat in ("喺度嗎", "有冇人喺度", "早晨", "多謝晒"):
        assert matcher.answer(chat).outcome == "chat", chat


def test_a_time_word_the_tagger_takes_for_a_name_is_no_name() -> None:
    # jieba tags 那阵子 ("that while") a person's name; a question about that time is not about a stranger
    assert names("特朗普缺钱那阵子谁给他投资") == ["特朗普"]
    assert names("印度买不买俄罗斯的石油") == ["印度", "俄罗斯"]


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # "得唔得", "行不行", "管用": whether it works, however it is put, not what it is.
        ("反向季辛吉策略得唔得", "strategy-viable"),
        ("联俄制华管用吗", "strategy-viable"),
        ("逆向季辛吉策略是什麼", "reverse-nixon"),
    ],
)
def test_whether_a_strategy_works_is_one_question_in_its_many_chinese_forms(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    answer = matcher.answer(question)
    assert answer.answered and answer.entry and answer.entry.id == entry_id
