"""`faqbot run` and `faqbot sync`, the real entry points, against the loopback fake Discord: what a person
using each command, menu and button gets back, and every body the bot sends checked against Discord's
OpenAPI spec."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.core import MAX_PASSAGES, Knowledge, Matcher, limits, passages
from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli, FaqbotRun
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest
from tests.e2e.payloads import JsonDict

RUBIO = "What did Rubio tell Breitbart?"
ROLE = "<@&1300000000000000123>"
PINGS = f"@everyone {ROLE} what is the weather in Paris today?"
# Questions the article has nothing on, but whose words come close to some entries.
NEAR_MISSES = (
    "russia",  # one common word: which part of the article?
    "How many goals did Messi score?",
    "What did Rubio say about football?",
    "What does Putin think about the Olympics?",
)
EPHEMERAL = 64
REPLY, AUTOCOMPLETE_RESULT, UPDATE_MESSAGE = 4, 8, 7
QUOTE_LINE = re.compile(r"^> \*\*¶(\d+)(?:–(\d+))?\*\* (.+)$", re.MULTILINE)  # a passage and its paragraphs
CUSTOM_ID = re.compile(r"faq:(menu:rel|menu:sug|fb:[a-z0-9-]+:[01]|para:[a-z0-9-]+|del:[0-9]{1,20})")


# --- building interactions and reading what came back ----------------------------------------------------


def ask(question: str, **options: Any) -> JsonDict:
    given = [payloads.option("question", question)]
    given += [payloads.option(name, value) for name, value in options.items()]
    return payloads.slash_command("ask", given, user_payload=payloads.someone())


def click(fake: FakeDiscord, answered: JsonDict, custom_id: str) -> JsonDict:
    """A click on a button of the message the bot sent in reply to `answered`."""
    return payloads.button_click(
        custom_id, clicked_message=fake.original_responses[answered["token"]], user_payload=payloads.someone()
    )


def pick(fake: FakeDiscord, answered: JsonDict, custom_id: str, value: str) -> JsonDict:
    """Picking `value` in the menu `custom_id` of the message the bot sent in reply to `answered`."""
    picked = payloads.button_click(
        custom_id,
        clicked_message=fake.original_responses[answered["token"]],
        component_type=3,
        user_payload=payloads.someone(),
    )
    picked["data"]["values"] = [value]
    return picked


def options(message: JsonDict, custom_id: str) -> list[JsonDict]:
    """The options of the menu `custom_id` in `message`."""
    return [
        o
        for row in message["components"]
        for c in row["components"]
        if c["custom_id"] == custom_id
        for o in c["options"]
    ]


def body(request: RecordedRequest) -> JsonDict:
    assert isinstance(request.json, dict), f"{request} had no JSON object body"
    return request.json


def custom_ids(message: JsonDict) -> list[str]:
    return [button["custom_id"] for row in message.get("components", []) for button in row["components"]]


def is_private(message: JsonDict) -> bool:
    return bool(message.get("flags", 0) & EPHEMERAL)


def assert_answers(message: JsonDict, knowledge: Knowledge, entry_id: str) -> None:
    """`message` is the answer to `entry_id`: its question, answer and citations, the source, its buttons."""
    entry = knowledge.entry(entry_id)
    assert entry is not None
    [embed] = message["embeds"]
    assert embed["title"] == entry.question
    assert embed["description"].startswith(entry.answer)
    shown = QUOTE_LINE.findall(embed["description"])  # "¶21–22": a quote with its speaker
    cited = {p.paragraphs for p in passages(entry.citations)}
    assert shown and {tuple(int(n) for n in (first, last) if n) for first, last, _ in shown} <= cited
    # Quote marks aside (a quote within a passage is shown in ‘single’ marks), every piece is the article's.
    pieces = [unquoted(piece) for *_, text in shown for piece in text.replace("\\", "").split("…")]
    assert all(piece in unquoted(" ".join(article_text(knowledge).split())) for piece in pieces if piece)
    assert knowledge.source.publisher in embed["footer"]["text"]
    ids = custom_ids(message)
    assert {f"faq:fb:{entry.id}:1", f"faq:fb:{entry.id}:0"} <= set(ids)
    # The shipped FAQ quotes whole paragraphs only: "Show the whole paragraph" is there when a passage was
    # left out (or cut) to keep the answer to a glance, and not when every passage is shown whole.
    if len(shown) < len(passages(entry.citations)[:MAX_PASSAGES]):
        assert f"faq:para:{entry.id}" in ids
    elif "…" not in "".join(text for *_, text in shown):
        assert f"faq:para:{entry.id}" not in ids
    assert len(message["components"]) <= 2
    assert all(CUSTOM_ID.fullmatch(custom_id) for custom_id in ids)


def unquoted(text: str) -> str:
    return text.translate(str.maketrans("", "", "“”‘’")).strip()


def article_text(knowledge: Knowledge) -> str:
    return "\n".join(knowledge.article.paragraphs)


def no_pings(body: JsonDict) -> bool:
    allowed = body.get("allowed_mentions")
    return allowed is not None and allowed.get("parse") == [] and not allowed.get("replied_user")


def assert_clean(run: FaqbotRun) -> None:
    """Served, answered and stopped on SIGTERM without a warning, every exchange as Discord specifies."""
    assert run.exit_code == 0
    assert run.problem_lines() == []
    run.assert_every_exchange_follows_spec()
    run.fake.assert_all_handled()


@pytest.fixture(scope="module")
def near_miss(matcher: Matcher) -> tuple[str, list[str]]:
    """An unclear question the matcher has "did you mean" suggestions for, and their entry ids."""
    for question in NEAR_MISSES:
        answer = matcher.answer(question)
        if answer.outcome == "unclear" and answer.suggestions:
            return question, [entry.id for entry in answer.suggestions]
    raise AssertionError(f"none of {NEAR_MISSES} gets suggestions any more; add one that does")


# --- /ask ------------------------------------------------------------------------------------------------


def test_ask_answers_in_public_with_cited_paragraphs_the_source_and_buttons(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    expected = matcher.answer(RUBIO)
    assert expected.answered and expected.entry is not None

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        return await fake.interact(ask(RUBIO))

    run = faqbot.run(scenario)

    callback = run.result.json
    assert callback["type"] == REPLY
    assert not is_private(callback["data"])
    assert_answers(callback["data"], knowledge, expected.entry.id)
    assert no_pings(callback["data"])
    assert_clean(run)


def test_ask_private_true_answers_only_the_asker(faqbot: FaqbotCli, knowledge: Knowledge) -> None:
    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        return await fake.interact(ask(RUBIO, private=True))

    run = faqbot.run(scenario)

    assert run.result.json["type"] == REPLY
    assert is_private(run.result.json["data"])
    assert QUOTE_LINE.search(run.result.json["data"]["embeds"][0]["description"])
    assert_clean(run)


def test_ask_autocomplete_offers_at_most_25_short_choices_and_picking_one_answers_it(
    faqbot: FaqbotCli, knowledge: Knowledge
) -> None:
    async def scenario(fake: FakeDiscord) -> tuple[JsonDict, JsonDict]:
        typing = payloads.autocomplete(
            "ask", [payloads.option("question", "rubio", focused=True)], user_payload=payloads.someone()
        )
        offered = (await fake.interact(typing)).json
        picked = offered["data"]["choices"][0]
        return offered, (await fake.interact(ask(picked["value"]))).json

    run = faqbot.run(scenario)

    offered, answered = run.result
    assert offered["type"] == AUTOCOMPLETE_RESULT
    choices = offered["data"]["choices"]
    assert 1 <= len(choices) <= limits.MAX_CHOICES
    assert all(
        len(c["name"]) <= limits.CHOICE_NAME and len(str(c["value"])) <= limits.CHOICE_VALUE for c in choices
    )
    assert any("Rubio" in choice["name"] for choice in choices)
    # Choosing a suggestion answers exactly that FAQ entry, whatever the matcher would make of its words.
    assert_answers(answered["data"], knowledge, choices[0]["value"])
    assert answered["data"]["embeds"][0]["title"] == choices[0]["name"]
    assert_clean(run)


def test_an_unclear_question_gets_a_private_doesnt_say_with_a_did_you_mean_menu(
    faqbot: FaqbotCli, knowledge: Knowledge, near_miss: tuple[str, list[str]]
) -> None:
    question, suggested = near_miss

    async def scenario(fake: FakeDiscord) -> tuple[JsonDict, JsonDict]:
        interaction = ask(question)
        refusal = (await fake.interact(interaction)).json
        first = options(refusal["data"], "faq:menu:sug")[0]["value"]
        return refusal, (await fake.interact(pick(fake, interaction, "faq:menu:sug", first))).json

    run = faqbot.run(scenario)

    refusal, picked = run.result
    assert refusal["type"] == REPLY
    assert is_private(refusal["data"])
    assert "doesn't say" in refusal["data"]["content"]
    assert not refusal["data"].get("embeds")
    assert "/source search" in refusal["data"]["content"]
    assert custom_ids(refusal["data"]) == ["faq:menu:sug"]
    offered = options(refusal["data"], "faq:menu:sug")
    assert [o["value"] for o in offered] == suggested[:4]
    labels = [o["label"] for o in offered]
    questions = [entry.question for entry in knowledge.entries if entry.id in suggested[:4]]
    assert all(any(q.startswith(label.removesuffix("…")) for q in questions) for label in labels)
    # The suggestion is answered in place of the private refusal, not as a new public message.
    assert picked["type"] == UPDATE_MESSAGE
    assert_answers(picked["data"], knowledge, suggested[0])
    assert_clean(run)


def test_a_question_the_article_doesnt_answer_says_what_is_missing_and_offers_the_closest_entry(
    faqbot: FaqbotCli, knowledge: Knowledge, matcher: Matcher
) -> None:
    question = "Who ordered the February 12 phone call?"
    expected = matcher.answer(question)
    assert expected.outcome == "not_in_article" and expected.closest is not None

    async def scenario(fake: FakeDiscord) -> tuple[JsonDict, JsonDict]:
        interaction = ask(question)
        reply = (await fake.interact(interaction)).json
        first = options(reply["data"], "faq:menu:sug")[0]["value"]
        return reply, (await fake.interact(pick(fake, interaction, "faq:menu:sug", first))).json

    run = faqbot.run(scenario)

    reply, picked = run.result
    assert reply["type"] == REPLY and is_private(reply["data"])
    said, pointer = reply["data"]["content"].split("\n")
    assert said == "The article doesn't say who ordered the February 12 phone call."
    assert "/source search" in pointer
    [related] = reply["data"]["embeds"]
    assert related["title"] == f"Related: {expected.closest.question}"  # labelled related, never the answer
    assert "not an answer" in related["footer"]["text"]
    offered = [o["value"] for o in options(reply["data"], "faq:menu:sug")]
    assert offered[0] == expected.closest.id and len(offered) <= 4
    assert_answers(picked["data"], knowledge, expected.closest.id)  # the related entry, on request
    assert_clean(run)


@pytest.mark.parametrize("where", ["slash", "mention"])
def test_pings_in_a_question_are_echoed_escaped_and_never_allowed(faqbot: FaqbotCli, where: str) -> None:
    async def scenario(fake: FakeDiscord) -> JsonDict:
        if where == "slash":
            data: JsonDict = body(await fake.interact(ask(PINGS)))["data"]
            return data
        await fake.dispatch("MESSAGE_CREATE", mention(PINGS))
        return body(await fake.wait_for_request("POST /channels/{channel_id}/messages"))

    run = faqbot.run(scenario)

    sent = run.result
    assert "doesn't say" in sent["content"]
    assert "@\u200beveryone" in sent["content"] and ROLE.replace("@", "@\u200b") in sent["content"]
    assert "@everyone" not in sent["content"] and ROLE not in sent["content"]
    assert no_pings(sent)
    assert_clean(run)


# --- the "Find answer" menu and @mentions ----------------------------------------------------------------


def test_find_answer_on_a_message_answers_the_question_in_it_and_links_back(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    target = payloads.message(RUBIO, author=payloads.someone())
    expected = matcher.answer(RUBIO).entry
    assert expected is not None

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        menu = payloads.message_command("Find answer", target, user_payload=payloads.someone())
        return await fake.interact(menu)

    run = faqbot.run(scenario)

    callback = run.result.json
    assert callback["type"] == REPLY
    link = f"https://discord.com/channels/{payloads.GUILD_ID}/{payloads.CHANNEL_ID}/{target['id']}"
    assert link in callback["data"]["content"]
    assert_answers(callback["data"], knowledge, expected.id)
    assert no_pings(callback["data"])
    assert_clean(run)


def test_find_answer_on_a_message_without_text_says_so_privately(faqbot: FaqbotCli) -> None:
    target = payloads.message("", author=payloads.someone(), attachments=[])

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        return await fake.interact(
            payloads.message_command("Find answer", target, user_payload=payloads.someone())
        )

    run = faqbot.run(scenario)

    assert run.result.json["type"] == REPLY
    assert is_private(run.result.json["data"])
    assert "/ask" in run.result.json["data"]["content"]
    assert_clean(run)


def mention(text: str) -> JsonDict:
    """A message in the fake guild's channel that @mentions the bot before `text`."""
    return payloads.message(
        f"<@{payloads.BOT_USER_ID}> {text}", author=payloads.someone(), mentions=[payloads.bot_user()]
    )


def test_mention_with_a_question_gets_the_answer_as_a_reply(
    faqbot: FaqbotCli, matcher: Matcher, knowledge: Knowledge
) -> None:
    asked = mention(RUBIO)
    expected = matcher.answer(RUBIO).entry
    assert expected is not None

    async def scenario(fake: FakeDiscord) -> RecordedRequest:
        await fake.dispatch("MESSAGE_CREATE", asked)
        return await fake.wait_for_request("POST /channels/{channel_id}/messages")

    run = faqbot.run(scenario)

    reply = run.result
    assert reply.path == f"/channels/{payloads.CHANNEL_ID}/messages"
    assert reply.json["message_reference"]["message_id"] in (asked["id"], int(asked["id"]))
    assert_answers(reply.json, knowledge, expected.id)
    assert no_pings(reply.json)
    assert_clean(run)


# --- the buttons under an answer -------------------------------------------------------------------------


def test_related_question_menu_answers_the_picked_question_in_a_new_message(
    faqbot: FaqbotCli, knowledge: Knowledge
) -> None:
    async def scenario(fake: FakeDiscord) -> tuple[JsonDict, JsonDict]:
        interaction = ask(RUBIO)
        answer = (await fake.interact(interaction)).json["data"]
        first = options(answer, "faq:menu:rel")[0]["value"]
        return answer, (await fake.interact(pick(fake, interaction, "faq:menu:rel", first))).json

    run = faqbot.run(scenario)

    answer, followed = run.result
    [menu_row, buttons_row] = answer["components"]
    [first_related, *_] = options(answer, "faq:menu:rel")
    assert [c["type"] for c in menu_row["components"]] == [3]
    assert {b["style"] for b in buttons_row["components"]} == {2}  # grey
    # Under a public answer the related question is a new public message; the first answer stays.
    assert followed["type"] == REPLY
    assert not is_private(followed["data"])
    assert_answers(followed["data"], knowledge, first_related["value"])
    assert followed["data"]["embeds"][0]["title"].startswith(first_related["label"].removesuffix("…"))
    assert_clean(run)


@pytest.mark.parametrize("helpful", [1, 0])
def test_feedback_button_thanks_the_clicker_privately(faqbot: FaqbotCli, helpful: int) -> None:
    async def scenario(fake: FakeDiscord) -> JsonDict:
        interaction = ask(RUBIO)
        answer = (await fake.interact(interaction)).json["data"]
        [vote] = [c for c in custom_ids(answer) if c.startswith("faq:fb:") and c.endswith(f":{helpful}")]
        return body(await fake.interact(click(fake, interaction, vote)))

    run = faqbot.run(scenario)

    assert run.result["type"] == REPLY
    assert is_private(run.result["data"])
    assert "thanks" in run.result["data"]["content"].lower()  # only said once the vote is stored
    assert_clean(run)


def test_answer_buttons_keep_working_after_a_restart(faqbot: FaqbotCli, knowledge: Knowledge) -> None:
    async def first_life(fake: FakeDiscord) -> JsonDict:
        interaction = ask(RUBIO)
        await fake.interact(interaction)
        return fake.original_responses[interaction["token"]]

    before = faqbot.run(first_life)
    old_answer = before.result
    related = options(old_answer, "faq:menu:rel")[0]["value"]

    async def second_life(fake: FakeDiscord) -> JsonDict:
        picked = payloads.button_click(
            "faq:menu:rel", clicked_message=old_answer, component_type=3, user_payload=payloads.someone()
        )
        picked["data"]["values"] = [related]
        return body(await fake.interact(picked))

    after = faqbot.run(second_life)

    assert after.result["type"] == REPLY
    assert_answers(after.result["data"], knowledge, related)
    assert_clean(before)
    assert_clean(after)


# --- the other commands ----------------------------------------------------------------------------------


def subcommand(name: str, **options: Any) -> JsonDict:
    return {"type": 1, "name": name, "options": [payloads.option(k, v) for k, v in options.items()]}


def command(name: str, options: list[JsonDict], faqbot: FaqbotCli) -> tuple[JsonDict, FaqbotRun]:
    """Run `/name options` once; the callback's body, and the run to check for cleanliness."""

    async def scenario(fake: FakeDiscord) -> JsonDict:
        interaction = payloads.slash_command(name, options, user_payload=payloads.someone())
        return body(await fake.interact(interaction))

    run = faqbot.run(scenario)
    assert run.result["type"] == REPLY
    return run.result, run


def test_faq_browse_lists_the_faqs_questions_with_topic_and_page_controls(
    faqbot: FaqbotCli, knowledge: Knowledge
) -> None:
    callback, run = command("faq", [subcommand("browse")], faqbot)

    [embed] = callback["data"]["embeds"]
    assert knowledge.entries[0].question in embed["description"]
    kinds = [component["type"] for row in callback["data"]["components"] for component in row["components"]]
    assert 3 in kinds and 2 in kinds  # a topic menu and page buttons
    assert_clean(run)


def test_faq_show_answers_the_chosen_entry(faqbot: FaqbotCli, knowledge: Knowledge) -> None:
    chosen = knowledge.entries[-1]

    callback, run = command("faq", [subcommand("show", entry=chosen.id)], faqbot)

    assert_answers(callback["data"], knowledge, chosen.id)
    assert_clean(run)


def test_source_paragraph_shows_that_paragraph_of_the_article(
    faqbot: FaqbotCli, knowledge: Knowledge
) -> None:
    callback, run = command("source", [payloads.option("paragraph", 2)], faqbot)

    [embed] = callback["data"]["embeds"]
    assert embed["description"] == knowledge.article.paragraph(2)
    assert knowledge.source.publisher in embed["footer"]["text"]
    assert_clean(run)


def test_source_search_shows_the_paragraphs_with_those_words(faqbot: FaqbotCli, knowledge: Knowledge) -> None:
    callback, run = command("source", [payloads.option("search", "Kissinger")], faqbot)

    [embed] = callback["data"]["embeds"]
    assert embed["fields"]
    assert all("Kissinger" in field["value"] for field in embed["fields"])
    assert_clean(run)


def test_about_names_the_article_privately(faqbot: FaqbotCli, knowledge: Knowledge) -> None:
    callback, run = command("about", [], faqbot)

    assert is_private(callback["data"])
    [embed] = callback["data"]["embeds"]
    assert any(knowledge.source.title in field["value"] for field in embed["fields"])
    assert_clean(run)


# --- faqbot sync -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("guild", [None, payloads.GUILD_ID], ids=["global", "one-guild"])
def test_sync_puts_every_command_in_one_body_that_follows_the_spec(
    faqbot: FaqbotCli, capsys: pytest.CaptureFixture[str], guild: int | None
) -> None:
    argv = ["sync"] if guild is None else ["sync", "--guild", str(guild)]

    run = faqbot.invoke(*argv)

    assert (run.exit_code, run.result) == (0, False)
    route = "PUT /applications/{application_id}/commands"
    if guild is not None:
        route = "PUT /applications/{application_id}/guilds/{guild_id}/commands"
    [put] = run.fake.requests_to(route)
    commands = {(command["name"], command.get("type", 1)): command for command in put.json}
    assert {("ask", 1), ("faq", 1), ("source", 1), ("about", 1), ("Find answer", 3)} <= set(commands)
    question = next(o for o in commands["ask", 1]["options"] if o["name"] == "question")
    assert question["required"] and question["autocomplete"]
    assert {o["name"] for o in commands["faq", 1]["options"]} == {"browse", "show"}
    out = capsys.readouterr().out
    assert f"synced {len(put.json)} commands" in out and "invite: https://discord.com/oauth2/authorize" in out
    assert_clean(run)
