import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import Citation
from bot.core.text import (
    agentless,
    asked_part,
    capitalized,
    emphasized,
    fold,
    likely_slip,
    mend_shorthand,
    neutral_mentions,
    normalize,
    proper_names,
    sentences,
    sounds_like,
    stem,
    storable,
    synonym_table,
    tokens,
    unframed,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Trump’s “Reverse Nixon”—plan", "trump reverse nixon plan"),
        ("  ZELENSKY!!  ", "zelensky"),
        ("Zelénsky café", "zelensky cafe"),
        ("the U.S. and u.s", "the us and us"),
        ("zero\u200bwidth", "zerowidth"),
        ("", ""),
        ("🙂 ??? ...", ""),
    ],
)
def test_normalize_folds_case_accents_quotes_and_punctuation(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_fold_turns_curly_quotes_and_dashes_into_ascii() -> None:
    assert fold("“a”—‘b’–c") == "\"a\"-'b'-c"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sanctions", "sanction"),
        ("sanctioned", "sanction"),
        ("countries", "country"),
        ("us", "us"),
        ("boxes", "box"),
        ("crisis", "crisis"),
        ("2024", "2024"),
        ("used", "use"),  # "which AI translator did they use" asks what "...was used" does
        ("using", "use"),
        ("goes", "go"),  # "where russian oil goes" is where it is going
        ("going", "go"),
        ("travelling", "travel"),  # British spelling doubles the l
        ("labelled", "label"),
        ("called", "call"),  # a word's own double l stays
    ],
)
def test_stem_makes_inflections_meet(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_tokens_drop_filler_and_map_synonyms_longest_first() -> None:
    table = synonym_table({"us": ["united states", "america"], "russia": ["moscow"]})
    assert tokens("Please tell me: is the United States courting Moscow?", table) == ["us", "court", "russia"]
    # "what type of", as "what kind of": how the thing is asked for, not the thing
    assert tokens("what type of media is breitbart", table) == ["media", "breitbart"]


def test_synonym_table_ignores_self_mapping_and_blank_variants() -> None:
    synonyms = synonym_table({"nato": ["NATO", "", "the alliance"]})
    assert synonyms.table == {"the alliance": "nato"}
    assert synonyms.starts == {"the": (2,)}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fone", "phone"), ("marko", "marco"), ("deel", "deal"), ("semiconducter", "semiconductor")],
)
def test_spellings_of_one_sound_share_a_key(typed: str, meant: str) -> None:
    assert sounds_like(typed) == sounds_like(meant)


@pytest.mark.parametrize(("one", "other"), [("borred", "board"), ("studyed", "stated"), ("fine", "fun")])
def test_words_that_sound_different_do_not(one: str, other: str) -> None:
    assert sounds_like(one) != sounds_like(other)


@pytest.mark.parametrize(
    ("text", "undone"),
    [
        ("In Trump's first term, Russia was accused of meddling in U.S. elections.", {"accus"}),
        ("His team was widely suspected of colluding with Moscow.", {"suspect"}),  # an adverb between
        ("Translated and reviewed by Zhang Yangyang with AI translator", set()),  # a doer: "by"
        ("The plan was described as a mirror version. Allin described it too.", set()),  # said actively too
        ("Trump called Zelensky a dictator.", set()),  # active
    ],
)
def test_a_deed_reported_only_in_the_passive_has_no_doer(text: str, undone: set[str]) -> None:
    assert agentless(text) == undone


def test_a_phrase_synonym_is_read_at_its_longest_and_only_where_it_is_whole() -> None:
    table = synonym_table({"us": ["united states", "united states of america"], "un": ["united nations"]})
    assert tokens("the united states of america and the united nations", table) == ["us", "un"]
    assert tokens("united states", table) == ["us"]
    assert tokens("united we stand", table) == ["unit", "stand"]
    assert tokens("were they united", table) == ["unit"]


def test_a_quoted_citation_does_not_double_the_articles_own_marks() -> None:
    assert Citation("“I’ve known him a long time.”", 55).quoted == "“I’ve known him a long time.”"
    assert Citation("He emphasized that", 23).quoted == "“He emphasized that”"
    # A quote inside the passage goes in single marks, so the marks balance wherever it is shown.
    vassal = Citation("Rubio says he does not want Russia to become China’s “vassal partner.”", 18)
    assert vassal.quoted == "“Rubio says he does not want Russia to become China’s ‘vassal partner.’”"


@pytest.mark.parametrize(
    ("word", "target", "name", "slip"),
    [
        ("agianst", "against", False, True),  # two letters swapped
        ("nucleer", "nuclear", False, True),  # vowels confused
        ("tremp", "trump", True, True),  # ...in a five-letter word too ("Chana", "sance")
        ("hat", "hit", False, False),  # ...but a short word with another vowel is another word
        ("calll", "call", False, True),  # a letter doubled
        ("translted", "translated", False, True),  # a letter dropped from a long word
        ("grow", "grown", False, True),  # an ending left off
        ("rubo", "rubio", True, True),  # a letter dropped from a name
        ("project", "protect", False, False),  # two real words a consonant apart
        ("bread", "break", False, False),
        ("nuckear", "nuclear", False, True),  # the next key on the keyboard
        ("boomer", "boomed", False, False),  # ...but not in the ending of an ordinary word
        ("rubip", "rubio", True, True),  # ...which in a name is still a slip
        ("chps", "chips", False, True),  # a dropped vowel leaves no English word
        ("shot", "short", False, False),
        ("write", "white", True, False),  # even against a name, a consonant swap is another word
    ],
)
def test_likely_slip_tells_typing_slips_from_other_real_words(
    word: str, target: str, name: bool, slip: bool
) -> None:
    assert likely_slip(word, target, name) is slip


@pytest.mark.parametrize(
    ("word", "target"),
    [("whst", "what"), ("wprk", "work"), ("cips", "chips"), ("thik", "think"), ("jisn", "jian")],
)
def test_a_word_in_no_word_list_is_a_slip_even_of_a_short_word(word: str, target: str) -> None:
    # The next key, or a dropped letter, in a short word: another word when the typed one is a word,
    # a slip when it is none.
    assert not likely_slip(word, target)
    assert likely_slip(word, target, stranger=True)


def test_a_stranger_with_a_letter_more_is_no_slip_of_the_shorter_word() -> None:
    assert not likely_slip("rian", "ran", stranger=True)  # as likely "rain", which the FAQ doesn't have


def test_proper_names_are_the_words_a_text_always_capitalizes() -> None:
    text = "Nixon met Mao in Russia.\nThe White House said nixon-era deals matter. A house."
    assert proper_names(text) == {"mao", "russia", "white"}  # not "nixon", "the" or "house"


def test_names_stay_whole_and_no_word_is_stemmed_into_one() -> None:
    synonyms = synonym_table({}, names=["welle", "lin", "trump"])
    assert tokens("Welle said it as well", synonyms) == ["welle", "said", "well"]
    assert tokens("the Russia hoax line, says Lin", synonyms) == ["russia", "hoax", "line", "say", "lin"]
    assert tokens("Trumps motives", synonyms) == ["trump", "motiv"]


def test_chat_filler_carries_no_weight() -> None:
    assert tokens("is this a big change or nah, tbh") == tokens("is this a big change")


def test_comparison_words_are_not_content() -> None:
    assert tokens("Nixon vs Trump, at least roughly") == tokens("Nixon Trump roughly")


def test_capitalized_finds_names_past_a_sentences_start_unstemmed() -> None:
    assert capitalized("Does India buy oil? Ask Welle, or the UN and NATO.") == ["india", "welle", "nato"]


def test_a_shouted_question_marks_no_word_as_a_name() -> None:
    assert capitalized("WHY IS RUBIO SO SCARED") == [] and emphasized("WHY IS RUBIO SO SCARED") == set()
    assert emphasized("why is Rubio scared in 2025") == {"rubio", "2025"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("<@1300000000000000777> what did rubio say", "@user what did rubio say"),
        ("ask <@!42>, <@&43> or <#44>?", "ask @user, @role or #channel?"),
        ("<@42><@42>", "@user@user"),
        (
            "email me@example.com about <t:1700000000:R> and </ask:99>",
            "email me@example.com about <t:1700000000:R> and </ask:99>",
        ),
        ("<@abc> <@> <#>", "<@abc> <@> <#>"),  # not mentions: kept as typed
        ("who is <@13000000", "who is @user"),  # cut off where the question was cut to length
        ("in <#13 and <@&9", "in <#13 and @role"),
    ],
)
def test_mentions_of_users_roles_and_channels_become_neutral_placeholders(typed: str, stored: str) -> None:
    assert neutral_mentions(typed) == stored


@given(st.text())
def test_no_mention_id_survives_neutral_mentions(text: str) -> None:
    assert not re.search(r"<(@[!&]?|#)\d+>", neutral_mentions(text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("who said \ud800 that", "who said \ufffd that"),
        ("\udfff\ud83d", "\ufffd\ufffd"),
        ("Zelénsky 🙂", "Zelénsky 🙂"),
    ],
)
def test_storable_replaces_only_what_utf8_cannot_encode(text: str, kept: str) -> None:
    assert storable(text) == kept
    storable(text).encode("utf-8")


@given(st.text(st.characters(blacklist_categories=())))  # surrogates included
def test_storable_text_always_encodes_and_keeps_every_other_character(text: str) -> None:
    kept = storable(text)
    kept.encode("utf-8")
    assert len(kept) == len(text)
    assert [a for a, b in zip(text, kept, strict=True) if a != b and not 0xD800 <= ord(a) <= 0xDFFF] == []


def test_sentences_end_at_a_stop_or_a_quote_that_closes_after_one_but_not_at_a_title_or_us() -> None:
    text = "Dr. Dana Allin spoke. He said “it is futile.” Then U.S. policy changed... Is it? Yes!"
    assert sentences(text) == [
        "Dr. Dana Allin spoke.",
        "He said “it is futile.”",
        "Then U.S. policy changed...",
        "Is it?",
        "Yes!",
    ]


@pytest.mark.parametrize(
    ("typed", "mended"),
    [
        ("wat date was the meeting", "what date was the meeting"),
        ("Wat deal did nixon sign w china in wich city", "what deal did nixon sign with china in which city"),
        ("whats rubio's plan", "what rubio's plan"),  # as "what's" reads once normalized: "what rubio plan"
        ("wen did rubio say that abt russia?", "when did rubio say that about russia?"),
        ("y did trump do it", "why did trump do it"),  # "y" asks why only where a question starts
        ("what about Y", "what about Y"),
        ("the U.S. and u", "the U.S. and you"),  # a dotted acronym is no shorthand
        ("u.s. sanctions", "u.s. sanctions"),
        ("wat yr did trump meet putin", "what year did trump meet putin"),
        ("whats teh headline", "what the headline"),  # a swap so common word lists count it as a word
    ],
)
def test_chat_shorthand_for_question_words_is_written_out(typed: str, mended: str) -> None:
    assert mend_shorthand(typed) == mended


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("genuine question, what did rubio say", "what did rubio say"),
        ("sorry if this is a dumb question but why did trump call putin?", "why did trump call putin?"),
        ("hey guys, was rubio right, or am i wrong lol", "was rubio right"),  # "right" is the question's
        ("what did the LSE prof say haha asking for a friend", "what did the LSE prof say"),
        ("小白求问，卢比奥说了什么 求解答", "卢比奥说了什么"),
        ("各位大佬，盧比歐說了什麼呢，在線等", "卢比欧说了什么"),  # read as simplified, as matching is
        ("话说回来，特朗普为什么这么做", "话说回来，特朗普为什么这么做"),  # an idiom, not "by the way"
        ("what did rubio say https://www.bbc.com/news lol", "what did rubio say"),  # a shared link
        ("ok last q from me, is it personal, give me short answer", "is it personal"),
        ("quick one, i was reading this at work and got lost, who is rubio", "who is rubio"),
        ("whos side did trump pick tbh i kinda know already", "whos side did trump pick"),
        ("is there a short version", "is there a short version"),  # a question, not a request for brevity
        ("hello frens, i am from brazil, why did china say it is futile", "why did china say it is futile"),
        ("sry for my english, where does welle teach", "where does welle teach"),
        (
            "we argued about this all night. anyway, did trump host something in russia",
            "did trump host something in russia",
        ),
        ("people say trump likes putin, is that true", "people say trump likes putin, is that true"),
        # A channel named as typed is where the talk was, not what is asked; "#1" is a rank.
        ("someone in #world-news said rubio quit, did he", "someone in   said rubio quit, did he"),
        ("is china the #1 buyer of russian oil", "is china the #1 buyer of russian oil"),
        ("before I share this in the group, who translated the article", "who translated the article"),
        ("I'm trying to get the timeline straight: when did rubio say it", "when did rubio say it"),
        ("I’m confused, who is rubio", "who is rubio"),  # a typographic apostrophe
    ],
)
def test_the_chat_that_frames_a_question_is_cut_off(typed: str, asked: str) -> None:
    assert unframed(typed) == asked


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Who is Volodymyr Zelensky, as identified in the piece?", "Who is Volodymyr Zelensky ?"),
        ("According to the article, who is Rubio?", "who is Rubio?"),
        ("who is rubio as described in the piece", "who is rubio"),
        (
            "what does the author say about reverse kissinger",
            "what does the article say about reverse kissinger",
        ),
        ("who is the author", "who is the author"),  # the author is what is asked
        (
            "what people are named in the article",
            "what people are named in the article",
        ),  # asked, not an aside
        (
            "according to the article's headline, what is trump doing",
            "according to the article's headline, what is trump doing",
        ),
    ],
)
def test_a_reference_to_the_article_is_no_part_of_what_is_asked(typed: str, asked: str) -> None:
    assert unframed(typed) == asked


UNCLE = "my uncle in poland is lowkey freaking out rn. what did trump tell the allies about their defense?"
LIN = "lin jian said china and russia have long term plans. whats his argument for why the us cant split them"
TAG = "i think it said biden promised something and trump did the opposite, like moscow wanted. right?"
JULES = "whose side did trump take on the peace deal, zelenskys or putins? @jules you said he was neutral lol"
ONE = "why did trump call zelensky a dictator, and was putin happy about it, my friends keep arguing"
US = "The article says Russia was accused of meddling in U.S. elections; who made that accusation?"


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        (UNCLE, "what did trump tell the allies about their defense?"),
        (
            JULES,
            "whose side did trump take on the peace deal, zelenskys or putins?",
        ),  # not what @jules is told
        (LIN, LIN),  # "his": the sentence before says whose
        (TAG, TAG),  # a tag question asks the sentence before it
        (ONE, ONE),  # one sentence
        (US, US),  # "U.S." ends no sentence
        (
            "who buys the most russian crude now? india? china?",
            "who buys the most russian crude now?",
        ),  # guesses
        ("did trump call putin? when?", "did trump call putin? when?"),  # a second question
        ("is it strategy? or personal?", "is it strategy? or personal?"),  # the other choice asked
    ],
)
def test_a_long_message_is_read_for_the_sentences_that_ask(typed: str, asked: str) -> None:
    assert asked_part(typed) == asked


@pytest.mark.parametrize("typed", ["小白求问，在吗", "大家好", "哈哈哈", "hey guys"])
def test_framing_alone_leaves_no_question(typed: str) -> None:
    assert unframed(typed) == ""
