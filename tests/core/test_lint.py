"""`faqbot check`'s curation warnings: what a reader would be misled by, read off the knowledge alone."""

from __future__ import annotations

from bot.core import Article, Citation, Entry, Knowledge, Source
from bot.core.lint import warnings

_ARTICLE = Article(
    (
        "Dr. Allin said:",
        "“Trump sees himself and Putin as being in the same boat—both victims of a political witch hunt.”",
        "Dr. Allin believes Trump’s fondness for Russia stems from “deeply personal” motives.",
        "Mr. Welle added:",
        "“His dealings with Russia have always been positive.”",
    )
)


def _entry(answer: str, *paragraphs: int) -> Knowledge:
    cited = tuple(Citation(_ARTICLE.paragraph(n), n) for n in paragraphs)
    source = Source("An article", "BBC", "2025-03-10", "Someone")
    return Knowledge(source, _ARTICLE, (Entry("motives", "T", "Why?", (), answer, cited),))


def test_words_an_answer_quotes_must_be_in_a_passage_it_shows() -> None:
    shown = _entry("Allin sees “deeply personal” motives and a “political witch hunt.”", 3, 1, 2)
    assert warnings(shown) == []
    unshown = _entry("Allin sees “deeply personal” motives; Welle says they “have always been positive.”", 3)
    assert warnings(unshown) == [
        "motives: the answer quotes “have always been positive.”, which no passage it shows has"
    ]


def test_a_quote_and_the_line_introducing_it_are_one_passage() -> None:
    three = _entry("Allin sees “deeply personal” motives.", 1, 2, 3, 4, 5)  # five citations, three passages
    assert warnings(three) == []
    four = _entry("Allin sees “deeply personal” motives.", 1, 2, 3, 4, 5, 3)
    assert warnings(four) == ["motives: more than 3 passages; answers show only the first ones"]
