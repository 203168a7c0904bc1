"""Which way trade goes: the relations the direction rule compares."""

import pytest

from bot.core.relations import trades

_COUNTRIES = {
    "russia": "russia",
    "russian": "russia",
    "moscow": "russia",
    "china": "china",
    "chinese": "china",
    "beijing": "china",
    "us": "us",
    "american": "us",
    "washington": "us",
}


def country(word: str) -> str:
    return _COUNTRIES.get(word, "")


@pytest.mark.parametrize(
    ("text", "seller", "buyer"),
    [
        ("Russian oil exports to China rose from £37 billion in 2019", "russia", "china"),
        (
            "China is now the largest importer of Russian crude oil, buying $62 billion worth",
            "russia",
            "china",
        ),
        ("China also supplies Russia with high-tech components", "china", "russia"),
        ("most of Russia’s imported semiconductors come from China", "china", "russia"),
        ("China is Russia’s largest oil customer.", "russia", "china"),
        ("does russia sell semiconductors to china", "russia", "china"),
        ("How much Russian oil does the US still import?", "russia", "us"),
        ("how much of russia's oil does china purchase", "russia", "china"),
        ("How did China's Russian oil purchases in 2021 compare with 2024?", "russia", "china"),
        ("are chips sold to russia by china", "china", "russia"),
        ("whats china's role for russia as a buyer", "russia", "china"),
    ],
)
def test_a_sentence_says_who_sells_to_whom(text: str, seller: str, buyer: str) -> None:
    assert trades(text, country) == {(seller, buyer)}


@pytest.mark.parametrize(
    "text",
    [
        "what do russia and china trade",  # both sides, no direction
        "china russia chip supply",  # named together
        "How would discounted Russian commodity sales affect US-China competition?",  # no other side
        "who is the biggest buyer of russian oil",  # the buyer is what is asked
        "China's economic clout is important",  # "important" is no import
    ],
)
def test_no_direction_is_read_where_none_is_stated(text: str) -> None:
    assert trades(text, country) == frozenset()


def test_each_clause_is_read_on_its_own() -> None:
    text = "Sanctions funneled Russian oil toward China, which is now the largest importer of Russian oil."
    assert ("china", "russia") not in trades(text, country)
