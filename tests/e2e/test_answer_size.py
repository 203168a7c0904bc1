"""How big an answer is, as people get it: the [in] questions of three held-out sets, asked with `/ask`
through `faqbot run` and the loopback fake Discord (one bot for all of them), and every answer embed the
bot sends measured as Discord counts an embed's characters.

The held-out questions are only a measure: they are read here and sent to the fake, never printed, so a
failure names the FAQ entry (the embed's title), not the question that led to it.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

from bot.core.evaluation import load_questions
from bot.core.text import sentences
from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.payloads import JsonDict

EVAL = Path(__file__).resolve().parents[2] / "eval"
HELD_OUT = ("heldout.txt", "heldout3.txt", "heldout5.txt")
MEDIAN_CHARS, P90_CHARS = 700, 1_000  # the glance figures of issue 13
MAX_PASSAGES, MAX_ROWS = 3, 2
MIN_WORDS = 4  # a shorter run of words ("Reverse Kissinger strategy") is a phrase, not a repeated sentence
QUOTE = re.compile(r"^> \*\*¶\d+(?:–\d+)?\*\* (.*)$")


def held_out_questions() -> list[str]:
    """The question text of every [in] line: answerable, so each should come back as an answer embed."""
    return [
        item.question for name in HELD_OUT for item in load_questions(EVAL / name) if item.section == "in"
    ]


def embed_chars(embed: JsonDict) -> int:
    """Characters as Discord counts them against an embed's limits: title, description, field names and
    values, footer text and author name."""
    parts = [embed.get("title"), embed.get("description")]
    parts += [text for field in embed.get("fields", []) for text in (field["name"], field["value"])]
    parts += [embed.get("footer", {}).get("text"), embed.get("author", {}).get("name")]
    return sum(len(part or "") for part in parts)


def is_answer(message: JsonDict) -> bool:
    """An answer message: an embed with the Helpful / Not helpful buttons under it."""
    ids = [c.get("custom_id", "") for row in message.get("components", []) for c in row["components"]]
    return bool(message.get("embeds")) and any(custom_id.startswith("faq:fb:") for custom_id in ids)


def sent_messages(fake: FakeDiscord) -> list[JsonDict]:
    """Every message body the bot sent: interaction responses, followups, edits and channel messages."""
    found = []
    for request in fake.requests:
        body: Any = request.json
        if isinstance(body, dict) and isinstance(body.get("data"), dict):  # an interaction callback
            body = body["data"]
        if isinstance(body, dict):
            found.append(body)
    return found


def plain(text: str) -> str:
    """Text as read: markdown escapes, quote marks, ellipses and spacing aside, lower case."""
    text = text.replace("\\", "").translate(str.maketrans("", "", '“”‘’"…'))
    return " ".join(text.split()).strip(" .,;:!?").lower()


def quoted(text: str) -> list[str]:
    """The passages quoted in `text` (blockquote lines labelled with their paragraphs)."""
    return [m[1] for m in map(QUOTE.match, text.splitlines()) if m]


def repeated_sentences(embed: JsonDict) -> list[str]:
    """Sentences shown twice: a passage's sentence that the answer text (the description before its
    quotes) already shows, and a field's sentence that the description already shows."""
    description = embed.get("description") or ""
    answer_text = description.split("\n\n> ")[0]
    fields = [field["value"] for field in embed.get("fields", [])]
    pairs = [(passage, answer_text) for passage in quoted(description)]
    pairs += [(value, description) for value in fields]
    return [
        sentence
        for shown, elsewhere in pairs
        for sentence in map(plain, sentences(shown))
        if len(sentence.split()) >= MIN_WORDS and sentence in plain(elsewhere)
    ]


def percentile_90(values: list[int]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def test_answers_to_held_out_questions_read_at_a_glance_through_the_fake(faqbot: FaqbotCli) -> None:
    questions = held_out_questions()
    assert len(questions) > 300, "the held-out sets lost their [in] questions"

    async def scenario(fake: FakeDiscord) -> None:
        for question in questions:  # one after another, each from a new reader: no cooldown in the way
            asked = payloads.option("question", question)
            await fake.interact(payloads.slash_command("ask", [asked], user_payload=payloads.someone()))

    run = faqbot.run(scenario)

    assert run.exit_code == 0
    assert run.problem_lines() == []
    run.assert_every_exchange_follows_spec()
    run.fake.assert_all_handled()
    answers = [message for message in sent_messages(run.fake) if is_answer(message)]
    assert len(answers) >= len(questions) // 2, f"only {len(answers)} of {len(questions)} were answered"
    embeds = [embed for message in answers for embed in message["embeds"]]
    sizes = [embed_chars(embed) for embed in embeds]
    median, p90 = statistics.median(sizes), percentile_90(sizes)
    measured = f"{len(embeds)} answer embeds: median {median:.0f} characters, p90 {p90:.0f}"

    assert median <= MEDIAN_CHARS and p90 <= P90_CHARS, f"{measured}; wanted ≤ {MEDIAN_CHARS}, ≤ {P90_CHARS}"
    twice = {embed["title"]: said for embed in embeds if (said := repeated_sentences(embed))}
    assert twice == {}, f"{measured}; a sentence shown twice in {len(twice)} answers"
    crowded = sorted(
        {
            embed["title"]
            for embed in embeds
            if len(quoted(embed.get("description") or "")) + len(embed.get("fields", [])) > MAX_PASSAGES
        }
    )
    assert crowded == [], f"{measured}; more than {MAX_PASSAGES} passages"
    rows = max(len(message.get("components", [])) for message in answers)
    assert rows <= MAX_ROWS, f"{measured}; {rows} component rows under an answer"
