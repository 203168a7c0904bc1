import pytest

from bot.core.answer_kinds import asked_kinds, supplied_kinds


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
        ("What year did Nixon go to China?", {"date", "year"}),
        ("What date was the White House meeting?", {"date", "day"}),
        ("How old is Marco Rubio?", {"age"}),
        ("Will the US pull its troops out of Europe?", {"prediction"}),
        ("so will russia side with the us", {"prediction"}),
        ("How long did the Sino-Soviet split last?", {"duration"}),
    ],
)
def test_asked_kinds_recognise_what_a_question_wants(question: str, kinds: set[str]) -> None:
    assert asked_kinds(question) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("a 90-minute phone call on February 12", {"date", "day", "month", "amount", "duration"}),
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
    ],
)
def test_supplied_kinds_find_dates_figures_and_reactions(text: str, kinds: set[str]) -> None:
    assert supplied_kinds(text) == kinds
