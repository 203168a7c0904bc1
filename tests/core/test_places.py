from __future__ import annotations

from bot.core.places import PLACES, from_cldr, places_in


def test_the_places_are_cldrs_countries_as_babel_has_them_now() -> None:
    # Regenerate bot/core/places.py from `from_cldr()` when CLDR renames or adds a country.
    assert from_cldr() == PLACES
    assert "world" not in PLACES and "eurozone" not in PLACES and "united nations" not in PLACES


def test_a_lowercase_question_names_a_place_in_one_or_two_words_as_cldr_writes_it() -> None:
    assert places_in("does north korea or india buy russian oil") == ["North Korea", "India"]
    assert places_in("what did rubio say") == []
