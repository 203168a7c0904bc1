"""What `faqbot run` keeps out of its log at LOG_LEVEL=DEBUG: interaction tokens, and the questions and user
hashes that the database drivers would echo, unless those loggers are asked for by name."""

from __future__ import annotations

import pytest

from bot.logging_setup import REDACTED
from tests.e2e import payloads
from tests.e2e.conftest import FaqbotCli
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.payloads import JsonDict

QUESTION = "What did Rubio tell Breitbart about the zebras?"
MANAGE_GUILD = int(payloads.EVERYONE_PERMISSIONS) | 1 << 5


def interactions() -> list[JsonDict]:
    """A question answered at once, and a report answered by a followup (a webhook URL with the token)."""
    ask = payloads.slash_command(
        "ask", [payloads.option("question", QUESTION)], user_payload=payloads.someone()
    )
    report = payloads.slash_command("faqadmin", [{"type": 1, "name": "unanswered", "options": []}])
    report["member"] = payloads.member(payloads.someone("manager"), permissions=str(MANAGE_GUILD))
    return [ask, report]


def debug_log(faqbot: FaqbotCli, capsys: pytest.CaptureFixture[str], sent: list[JsonDict]) -> str:
    async def scenario(fake: FakeDiscord) -> None:
        for interaction in sent:
            await fake.interact(interaction)
        await fake.wait_for_request(payloads.followup_route(sent[-1]))

    run = faqbot.run(scenario)
    assert run.exit_code == 0
    return capsys.readouterr().err


def test_a_debug_log_holds_no_interaction_token_no_question_and_no_user_hash(
    faqbot: FaqbotCli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    sent = interactions()
    log = debug_log(faqbot, capsys, sent)
    assert " DEBUG discord." in log  # it is a debug log
    assert [i["token"] for i in sent if i["token"] in log] == []
    assert QUESTION not in log and "INSERT INTO questions" not in log


def test_loggers_asked_for_by_name_log_at_debug_with_urls_still_redacted(
    faqbot: FaqbotCli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_VERBOSE", "discord.http, discord.webhook, aiosqlite")
    sent = interactions()
    log = debug_log(faqbot, capsys, sent)
    assert "INSERT INTO questions" in log  # asked for: aiosqlite's statements are there
    assert f"/interactions/{sent[0]['id']}/{REDACTED}/callback" in log
    assert f"/webhooks/{payloads.APPLICATION_ID}/{REDACTED}" in log
    assert [i["token"] for i in sent if i["token"] in log] == []
