import pytest

from bot.core.speakers import affiliations, asked_speaker, asks_decision, people, speakers


def test_people_are_the_names_an_article_gives_a_title() -> None:
    text = "U.S. President Donald Trump spoke. Dr. Dana Allin from the IISS. Rubio said: yes."
    assert people(text) == {"donald", "trump", "dana", "allin"}


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Marco Rubio said the U.S. would counter it.", {"marco", "rubio"}),
        ("Lin Jian strongly objected, stating it was futile.", {"lin", "jian"}),
        ("Klaus Welle, a visiting professor at the LSE, said Russia", {"klaus", "welle"}),
        ("According to Dr. Dana Allin, it is personal.", {"dana", "allin"}),
        ("Trump has also told European allies not to expect support.", {"trump"}),
        ("Dr. Dana Allin from the UK’s International Institute (IISS) cautioned that", {"dana", "allin"}),
        ("Trump pressured Zelensky to accept a deal.", set()),
        ("Russia strongly opposes European plans to deploy peacekeepers.", {"russia"}),
        ("a stance aligned with Russia’s strong opposition to Ukraine’s NATO membership", {"russia"}),
    ],
)
def test_speakers_are_who_the_text_reports_saying_something(text: str, who: set[str]) -> None:
    assert speakers(text) == who


@pytest.mark.parametrize(
    ("question", "whose"),
    [
        ("What did Putin say after the call?", {"putin"}),
        ("did zelensky respond to the insults", {"zelensky"}),
        ("How did Lin Jian react?", {"lin", "jian"}),
        ("Did Zelensky accept the peace deal?", {"zelensky"}),
        ("Did Trump pressure Zelensky to accept the deal?", set()),
        ("Who is Rubio?", set()),
        ("What did Trump do?", set()),
        ("did zelensky ever call trump a dictator back", {"zelensky"}),  # a name is its caller's word
        ("What did Putin call Zelensky?", {"putin"}),
        ("did trump call putin on february 12", set()),  # a phone call
        ("when did trump call putin", set()),
        ("What did Russia and China call their partnership?", set()),  # a name for their own thing
        ("Has Putin publicly said whether he would trade ties with China?", {"putin"}),  # the perfect
        ("has china responded to rubio", {"china"}),
        ("What reason did the US give for refusing to condemn Russia?", {"the", "us"}),  # a reason given
        ("What alternative explanation does the article offer?", {"the", "article"}),  # its own words
        ("has zelensky accepted the deal", set()),
        (
            "did the russian foreign ministry say anything back to rubio",
            {"the", "russian", "foreign", "ministry"},
        ),
        (
            "has trump himself ever confirmed it",
            {"trump"},
        ),  # confirming is saying  # a decision asked with "has": a fact the article may give
    ],
)
def test_asked_speaker_finds_whose_words_a_question_wants(question: str, whose: set[str]) -> None:
    assert set(asked_speaker(question)) == whose


def test_asked_speaker_reads_someones_own_opinion() -> None:
    assert asked_speaker("what is kissinger's own opinion on the reverse kissinger idea") == ("kissinger",)
    assert asked_speaker("What was Xi's reaction?") == ("xi",)
    assert asked_speaker("What does the Nixon photo caption say?")[-1] == "caption"  # the caption speaks


@pytest.mark.parametrize(
    "question",
    [
        "what did kissinger himself think about a reverse kissinger",
        "did kissinger himself ever comment on it",
        "did kissinger ever publicly comment on it",
    ],
)
def test_words_after_the_speaker_are_not_the_speaker(question: str) -> None:
    assert asked_speaker(question) == ("kissinger",)


def test_a_title_before_a_name_is_not_the_speaker() -> None:
    said = "U.S. Secretary of State Marco Rubio stated in a February 25 interview that it is so."
    assert speakers(said) == {"marco", "rubio"}


def test_the_words_before_a_title_say_whom_a_person_speaks_for() -> None:
    article = (
        "U.S. President Donald Trump is drawing closer to Russia. He met Russian President Vladimir Putin."
        " In response, Chinese Foreign Ministry spokesperson Lin Jian strongly objected."
    )
    found = affiliations(article)
    assert found["trump"] == {"us"} and found["putin"] == {"russian"}
    assert "chinese" in found["lin"] and "jian" in found


def test_a_decision_is_not_a_statement() -> None:
    assert asks_decision("did the US refuse to condemn Russia at the UN")
    assert not asks_decision("did the kremlin respond to rubio")
    assert not asks_decision("what did the kremlin say about the call")


def test_a_description_asked_why_is_its_authors_words() -> None:
    assert asked_speaker("why did the cfr call russia and china natural allies") == ("the", "cfr")
    assert asked_speaker("why did trump call zelensky a dictator") == ("trump",)
    assert not asks_decision("why did trump call zelensky a dictator")
