import pytest

from bot.core.answer_kinds import (
    asked_kinds,
    question_shape,
    same_shape,
    shapes_agree,
    supplied_kinds,
)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What year did Trump host Miss Universe?", {"date", "year"}),
        ("When did Trump call Putin?", {"date"}),
        ("What percentage of chips come from China?", {"share"}),
        ("How much oil does China buy?", {"amount"}),
        ("How did Beijing react to Rubio?", {"reaction"}),
        ("Who is Lin Jian?", set()),
        ("What time did the call start?", {"time of day"}),
        ("When will Trump visit Moscow?", {"date", "future date"}),
        ("When is Putin coming to the US?", {"date", "future date"}),  # an arrangement to come
        ("When is the article from?", {"date"}),
        ("What year did Nixon go to China?", {"date", "year"}),
        ("What date was the White House meeting?", {"date", "day"}),
        ("When exactly did Trump and Putin have that phone call?", {"day"}),  # the day, which it gives
        ("How old is Marco Rubio?", {"age"}),
        ("Will the US pull its troops out of Europe?", {"prediction"}),
        ("so will russia side with the us", {"prediction"}),
        ("How long did the Sino-Soviet split last?", {"duration"}),
        # How long an event lasted is a length of minutes or hours; a split, a policy, an acquaintance last
        # years, which "a long time" or "decades" gives.
        ("how long was the white house meeting with zelensky", {"duration", "length"}),
        ("how long did that call go on for", {"duration", "length"}),
        ("how long has Trump known Putin", {"duration"}),
        ("特朗普和普京打了多久电话", {"duration", "length"}),
        ("会谈持续了多久", {"duration", "length"}),  # 会谈 ("talks"), not 会 ("will")
        ("川普几时去莫斯科啊", {"date", "future date"}),  # a visit still to come
        ("川普什么时候去过莫斯科", {"date"}),  # been: past
        ("文章里提到了哪几个智库", set()),  # which ones, not how many
        ("文章里提到了几个智库", {"amount"}),
        ("what were rubio's exact words", {"quote"}),
        ("what did lin jian say word for word", {"quote"}),
        ("林剑的回应原话是怎么说的", {"quote", "reaction"}),
        ("原文是哪天发表的", {"date", "day"}),  # 原文: the original article, not its wording
        ("那次联合国投票是在什么时间点", {"date"}),  # a point in time, not a time of day
        # Who made the first move: not whom someone called, which the article says.
        ("who called who first, did putin ring trump", {"initiator"}),
        ("who initiated the february 12 phone call", {"initiator"}),
        ("who did trump call on february 12", set()),
        ("did putin call trump or did trump call putin", {"initiator"}),  # either way round
        ("did trump call putin or zelensky first", set()),
        ("谁先给谁打的电话", {"initiator"}),
        ("特朗普跟谁打的电话", set()),
        ("On what date will Trump visit Russia?", {"date", "day", "future date"}),
        ("What discount does Russia give China on its oil?", {"amount"}),  # how big a discount
        ("中国之后会不会停止卖半导体给俄罗斯", {"prediction"}),
        ("特朗普的行为会不会只是因为他个人喜欢普京", set()),  # 会不会: "could it be"
    ],
)
def test_asked_kinds_recognise_what_a_question_wants(question: str, kinds: set[str]) -> None:
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("a 90-minute phone call on February 12", {"date", "day", "month", "amount", "duration", "length"}),
        ("buying $62 billion worth in 2024", {"date", "year", "amount"}),
        ("up from around two-thirds of that", {"amount", "share"}),
        ("Lin Jian strongly objected", {"reaction"}),
        ("ceding territory to Russia", set()),
        ("a UN vote marking the third anniversary", {"date"}),
        ("I've known him a long time", {"duration"}),
        ("the summit will take place in June", {"date", "month", "future date", "prediction"}),
        ("the call on February 12", {"date", "day", "month"}),
        ("long-term development strategies", set()),  # "term", but not a president's term
        ("Since then, Trump has criticized him", {"duration"}),  # "since then" is no date
        ("Trump may not fully back it", {"prediction"}),  # "may", but not the month
        ("It will likely be difficult", {"prediction"}),
        ("Nixon signed agreements in 1972", {"date", "year"}),
        ("the call began at 10:30 a.m.", {"time of day"}),
        ("Lin Jian said: “The US is sowing discord.”", {"quote"}),
        ("Lin Jian said the US was sowing discord", set()),  # his words reported, not quoted
        ("the meeting was held at Zelensky's request", {"initiator"}),
    ],
)
def test_supplied_kinds_find_dates_figures_and_reactions(text: str, kinds: set[str]) -> None:
    assert supplied_kinds(text) == kinds


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("why did the us refuse to condemn russia", "why"),
        ("did the us refuse to condemn russia", "yes-no"),
        ("whether zelensky accepted the deal", "yes-no"),  # a facet's wording of a yes-no question
        ("how long did the call last", "duration"),
        ("how much oil does china buy", "amount"),
        ("who took the nixon photo", "who"),
        ("which think tank did allin work for", "which"),  # one of a kind: specific on its own
        ("what think tank did allin work for", "what"),  # "what" also asks what someone said
        ("nixon photo", ""),  # no question word: it could ask anything
        ("芯片 用于 哪几种 武器", "which"),  # 哪几种: which kinds, as 哪种
        ("文章 提到 了 几个 智库", "amount"),
        ("普京为什么这么做", "why"),
        ("卢比奥说了什么", "what"),
        ("卢比奥接受了哪家媒体的采访", "which"),
        ("俄罗斯被指控干预了哪 一次 美国大选", "which"),  # 哪 and a measure word, however it is cut
        ("他会去吗", "yes-no"),
        ("他们是在哪一天通电话的", "when"),  # "在哪" is "where" only when no date is asked
        ("鲁比奥在哪里接受采访", "where"),
    ],
)
def test_a_question_is_read_for_the_question_word_it_asks_with(text: str, shape: str) -> None:
    assert question_shape(text) == shape


def test_a_what_facet_fits_a_yes_no_question_and_no_question_word_fits_any() -> None:
    assert shapes_agree("yes-no", "what")  # "did Xi say anything" is "what Xi said"
    assert not shapes_agree("what", "yes-no") and not shapes_agree("yes-no", "why")
    assert shapes_agree("", "why") and shapes_agree("who", "")


def test_which_and_what_ask_the_same_but_only_which_says_so_on_its_own() -> None:
    assert same_shape("which", "what") and same_shape("what", "which") and not same_shape("which", "who")
    assert shapes_agree("which", "what") and shapes_agree("what", "which")
    assert shapes_agree("yes-no", "which")  # "did they use ChatGPT" is "which AI translator was used"
