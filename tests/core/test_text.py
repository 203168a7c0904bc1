import pytest

from bot.core import Citation
from bot.core.text import fold, normalize, stem, synonym_table, tokens


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
    ],
)
def test_stem_makes_inflections_meet(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_tokens_drop_filler_and_map_synonyms_longest_first() -> None:
    table = synonym_table({"us": ["united states", "america"], "russia": ["moscow"]})
    assert tokens("Please tell me: is the United States courting Moscow?", table) == ["us", "court", "russia"]


def test_synonym_table_ignores_self_mapping_and_blank_variants() -> None:
    synonyms = synonym_table({"nato": ["NATO", "", "the alliance"]})
    assert synonyms.table == {"the alliance": "nato"}
    assert synonyms.longest == 2


def test_a_quoted_citation_does_not_double_the_articles_own_marks() -> None:
    assert Citation("“I’ve known him a long time.”", 55).quoted == "“I’ve known him a long time.”"
    assert Citation("He emphasized that", 23).quoted == "“He emphasized that”"
