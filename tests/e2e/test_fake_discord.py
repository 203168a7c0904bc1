"""The harness itself: a minimal discord.py bot logs in to the fake, gets events, and its requests are
recorded and checked against Discord's OpenAPI spec."""

from __future__ import annotations

import io
import json
import time
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.e2e import payloads
from tests.e2e.fake_discord import FAKE_TOKEN, FakeDiscord, assert_follows_spec, running

MORE_BUTTON = "faq:more"


class MoreView(discord.ui.View):
    """A persistent view, as a bot registers in setup_hook to handle clicks on old messages."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="More", custom_id=MORE_BUTTON)
    async def more(self, interaction: discord.Interaction, button: discord.ui.Button[MoreView]) -> None:
        await interaction.response.edit_message(content="Here is more.", view=None)


class TinyBot(commands.Bot):
    """Just enough bot to exercise the harness; not the project's bot."""

    def __init__(self) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default())

    async def setup_hook(self) -> None:
        self.add_view(MoreView())
        self.tree.add_command(ask)
        self.tree.add_command(ask_about)


@app_commands.command(description="Ask a question about the article")
@app_commands.describe(question="What you want to know")
async def ask(interaction: discord.Interaction, question: str) -> None:
    embed = discord.Embed(title=question, description="An answer.", colour=0x5865F2)
    embed.add_field(name="Source", value="Paragraph 2")
    await interaction.response.send_message(embed=embed, view=MoreView(), ephemeral=True)


@ask.autocomplete("question")
async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    questions = ["Who is affected?", "When does it start?"]
    return [app_commands.Choice(name=q, value=q) for q in questions if current.lower() in q.lower()]


@app_commands.context_menu(name="Ask about this")
async def ask_about(interaction: discord.Interaction, message: discord.Message) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.edit_original_response(content=f"You asked about: {message.content}")
    await interaction.followup.send("Sources: paragraph 2", ephemeral=True)


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[TinyBot]:
    async with running(TinyBot()) as client:
        yield client


def text_channel(bot: TinyBot) -> discord.TextChannel:
    channel = bot.get_channel(payloads.CHANNEL_ID)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_bot_logs_in_and_becomes_ready(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    assert bot.user is not None and bot.user.id == payloads.BOT_USER_ID
    assert bot.application_id == payloads.APPLICATION_ID
    guild = bot.get_guild(payloads.GUILD_ID)
    assert guild is not None and guild.get_channel(payloads.CHANNEL_ID) is not None
    assert fake_discord.gateway_queries[0]["v"] == "10"
    assert fake_discord.gateway_queries[0]["encoding"] == "json"
    # zlib-stream is answered compressed; zstd-stream (with the zstandard package) gets text frames.
    assert fake_discord.gateway_queries[0]["compress"] in ("zlib-stream", "zstd-stream")
    identify = next(p for p in fake_discord.gateway_received if p["op"] == 2)
    assert identify["d"]["token"] == FAKE_TOKEN
    assert [str(r) for r in fake_discord.requests] == [
        "GET /users/@me -> 200",
        "GET /oauth2/applications/@me -> 200",
    ]
    for request in fake_discord.requests:
        assert_follows_spec(request)


@pytest.mark.parametrize("guild_id", [payloads.GUILD_ID, None], ids=["in-guild", "in-dm"])
async def test_slash_command_reply_is_recorded_and_follows_the_spec(
    fake_discord: FakeDiscord, bot: TinyBot, guild_id: int | None
) -> None:
    question = payloads.option("question", "Who is affected?")
    interaction = payloads.slash_command("ask", [question], guild_id=guild_id)
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    callback = await fake_discord.wait_for_request(payloads.callback_route(interaction))

    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == 64  # ephemeral
    assert callback.json["data"]["embeds"][0]["title"] == "Who is affected?"
    assert callback.json["data"]["components"][0]["components"][0]["custom_id"] == MORE_BUTTON
    assert_follows_spec(callback)


async def test_command_sync_puts_a_body_that_follows_the_spec(
    fake_discord: FakeDiscord, bot: TinyBot
) -> None:
    synced = await bot.tree.sync()

    put = await fake_discord.wait_for_request("PUT /applications/{application_id}/commands")
    assert sorted(command["name"] for command in put.json) == ["Ask about this", "ask"]
    assert_follows_spec(put)
    assert {command.name for command in synced} == {"ask", "Ask about this"}
    assert all(command.id for command in synced)


async def test_guild_command_sync_follows_the_spec(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    guild = discord.Object(payloads.GUILD_ID)
    bot.tree.copy_global_to(guild=guild)

    await bot.tree.sync(guild=guild)

    put = await fake_discord.wait_for_request("PUT /applications/{application_id}/guilds/{guild_id}/commands")
    assert put.path.endswith(f"/guilds/{payloads.GUILD_ID}/commands")
    assert_follows_spec(put)


async def test_autocomplete_answers_with_valid_choices(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    interaction = payloads.autocomplete("ask", [payloads.option("question", "when", focused=True)])
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    callback = await fake_discord.wait_for_request(payloads.callback_route(interaction))

    assert callback.json == {
        "type": 8,
        "data": {"choices": [{"name": "When does it start?", "value": "When does it start?"}]},
    }
    assert_follows_spec(callback)


async def test_message_context_menu_defers_edits_and_follows_up(
    fake_discord: FakeDiscord, bot: TinyBot
) -> None:
    target = payloads.message("Prices rise in May.")
    interaction = payloads.message_command("Ask about this", target)
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    deferred = await fake_discord.wait_for_request(payloads.callback_route(interaction))
    edited = await fake_discord.wait_for_request(
        payloads.followup_route(interaction, "PATCH") + "/messages/@original"
    )
    followup = await fake_discord.wait_for_request(payloads.followup_route(interaction))

    assert deferred.json == {"type": 5}
    assert edited.json["content"] == "You asked about: Prices rise in May."
    assert followup.json["content"] == "Sources: paragraph 2"
    assert followup.json["flags"] == 64
    for request in (deferred, edited, followup):
        assert_follows_spec(request)


async def test_button_click_edits_the_clicked_message(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    interaction = payloads.button_click(MORE_BUTTON)
    await fake_discord.dispatch("INTERACTION_CREATE", interaction)

    callback = await fake_discord.wait_for_request(payloads.callback_route(interaction))

    assert callback.json["type"] == 7
    assert callback.json["data"]["content"] == "Here is more."
    assert callback.json["data"]["components"] == []
    assert_follows_spec(callback)


async def test_message_create_reaches_on_message(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    received = bot.wait_for("message", timeout=5)

    await fake_discord.dispatch("MESSAGE_CREATE", payloads.message("Is this about May?"))

    message = await received
    assert message.content == "Is this about May?"
    assert message.channel.id == payloads.CHANNEL_ID


async def test_file_upload_is_multipart_with_a_valid_payload_json(
    fake_discord: FakeDiscord, bot: TinyBot
) -> None:
    sent = await text_channel(bot).send(
        "The article", file=discord.File(io.BytesIO(b"full text"), "article.txt")
    )

    post = await fake_discord.wait_for_request("POST /channels/{channel_id}/messages")
    assert post.json["content"] == "The article"
    assert [(f.filename, f.data) for f in post.files] == [("article.txt", b"full text")]
    assert sent.attachments[0].filename == "article.txt"
    assert_follows_spec(post)


async def test_rate_limited_request_is_retried_after_retry_after(
    fake_discord: FakeDiscord, bot: TinyBot
) -> None:
    fake_discord.rate_limit("POST /channels/{channel_id}/messages", retry_after=0.05)

    await text_channel(bot).send("hello")

    assert [r.status for r in fake_discord.requests_to("POST /channels/{channel_id}/messages")] == [429, 200]


async def test_server_error_reaches_the_bot(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake_discord.fail("POST /channels/{channel_id}/messages", 503)

    with pytest.raises(discord.DiscordServerError):
        await text_channel(bot).send("hello")


async def test_delayed_answer_still_arrives(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    fake_discord.delay("GET /channels/{channel_id}", 0.1)
    started = time.monotonic()

    channel = await bot.fetch_channel(payloads.CHANNEL_ID)

    assert channel.id == payloads.CHANNEL_ID
    assert time.monotonic() - started >= 0.1


async def test_waiting_for_a_request_that_never_comes_lists_what_came(
    fake_discord: FakeDiscord, bot: TinyBot
) -> None:
    with pytest.raises(
        AssertionError, match=r"(?s)no request matching 'DELETE /channels/\{id\}'.*GET /users/@me"
    ):
        await fake_discord.wait_for_request("DELETE /channels/{id}", timeout=0.05)


async def test_unknown_route_is_answered_404_and_listed(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.fetch_guild(payloads.GUILD_ID)

    assert [f"{r.method} {r.path}" for r in fake_discord.unhandled] == [f"GET /guilds/{payloads.GUILD_ID}"]
    with pytest.raises(AssertionError, match="routes the fake does not serve"):
        fake_discord.assert_all_handled()


@pytest.mark.parametrize("interruption", ["drop_gateway", "request_reconnect"])
async def test_interrupted_gateway_session_is_resumed(
    fake_discord: FakeDiscord, bot: TinyBot, interruption: str
) -> None:
    resumed = bot.wait_for("resumed", timeout=5)

    await getattr(fake_discord, interruption)()

    await resumed
    identify = next(p for p in fake_discord.gateway_received if p["op"] == 2)
    resume = next(p for p in fake_discord.gateway_received if p["op"] == 6)
    assert resume["d"]["token"] == identify["d"]["token"]
    await fake_discord.dispatch("MESSAGE_CREATE", payloads.message("still there?"))
    assert (await bot.wait_for("message", timeout=5)).content == "still there?"


async def test_gateway_speaks_plain_json_to_a_raw_client(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(fake_discord.gateway_url) as ws:
        hello = await ws.receive_json()
        await ws.send_json({"op": 1, "d": None})
        ack = await ws.receive_json()
        await ws.send_json({"op": 2, "d": {"token": FAKE_TOKEN, "intents": 0, "properties": {}}})
        ready, guild_create = await ws.receive_json(), await ws.receive_json()
        await fake_discord.dispatch("MESSAGE_CREATE", payloads.message("hi"))
        pushed = json.loads(await ws.receive_str())

    assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
    assert ack["op"] == 11
    assert (ready["t"], ready["s"], guild_create["t"], pushed["t"], pushed["s"]) == (
        "READY",
        1,
        "GUILD_CREATE",
        "MESSAGE_CREATE",
        3,
    )
    assert ready["d"]["resume_gateway_url"] == fake_discord.gateway_url
