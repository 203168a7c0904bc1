"""Answering questions: /ask, the "Find answer" message menu, and @mentions. Each question is logged."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages
from bot.client import FaqBot
from bot.core import Answer
from bot.core.chinese import language_of
from bot.core.matcher import MAX_QUESTION_CHARS, reply_language
from bot.errors import user_message
from bot.exts.ask._decide import picked, with_threshold
from bot.exts.ask._render import how_to_ask, lines, not_answered, reply_context
from bot.exts.ask._views import suggestions_view
from bot.messages import locale_reader, reader_of
from bot.utils.answers import answer_message, send_answer
from bot.utils.checks import RateLimit, answer_cooldown, everywhere
from bot.utils.localize import command_text, interaction_reader, localized, localized_answer
from bot.utils.records import log_answered, record_question
from bot.utils.server import allowed_here, placement, server_settings
from bot.utils.transformers import EntryTransformer, Named, named

log = logging.getLogger(__name__)

# A flood of mentions must not become a flood of public replies. Past this many replies in one channel in
# CHANNEL_SECONDS the bot stays silent there: Discord lets a bot post about 5 messages per 5 s in a channel.
CHANNEL_REPLIES = 5
CHANNEL_SECONDS = 5.0
# Notices (cooldown, how-to) are limited to one per user per cooldown window, and per this much even when
# the cooldown is switched off.
MIN_NOTICE_SECONDS = 5.0


def question_from_mention(content: str, bot_id: int) -> str:
    """The message text without the bot's own mention(s)."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


class AskCog(commands.Cog):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot
        self.notices = RateLimit(1, max(bot.answer_cooldown.per, MIN_NOTICE_SECONDS))
        self.channel_replies = RateLimit(CHANNEL_REPLIES, CHANNEL_SECONDS)
        self.find_answer_menu = app_commands.ContextMenu(
            name=command_text("find_answer.name"), callback=self.find_answer
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_answer_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_answer_menu.name, type=self.find_answer_menu.type)

    @app_commands.command(name=command_text("ask.name"), description=command_text("ask.description"))
    @app_commands.rename(question=command_text("ask.question.name"), private=command_text("ask.private.name"))
    @app_commands.describe(
        question=command_text("ask.question.description"),
        private=command_text("ask.private.description"),
    )
    @everywhere
    @answer_cooldown()
    async def ask(
        self,
        interaction: discord.Interaction[FaqBot],
        question: app_commands.Transform[Named, EntryTransformer(max_length=MAX_QUESTION_CHARS)],
        private: bool | None = None,
    ) -> None:
        await self._respond(interaction, question, private=private)

    @everywhere
    @answer_cooldown()
    async def find_answer(self, interaction: discord.Interaction[FaqBot], message: discord.Message) -> None:
        # The target's text arrives in the interaction's resolved data; no message_content intent needed.
        if not message.content.strip():
            text = messages.message("ask.no_text", interaction_reader(interaction))
            await interaction.response.send_message(text, ephemeral=True)
            return
        question = named(self.bot.knowledge, message.content)
        await self._respond(interaction, question, private=None, replying_to=message.jump_url)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or not _addressed(message, me.id):
            return
        self.bot.handling()
        question = question_from_mention(message.content, me.id)
        # No client language comes with a message: a notice follows the script of the words it answers,
        # else the server's language.
        guild_locale = message.guild.preferred_locale if message.guild else None
        reader = _notice_reader(question, guild_locale)
        how_to, replying_to = how_to_ask(me.mention, reader), None
        replied_to = None if question else _replied_to(message, me.id)
        if replied_to is not None:  # a bare mention in reply to someone: answer what they asked
            question = question_from_mention(replied_to.content, me.id)
            how_to, replying_to = messages.message("ask.unread_reply", reader), replied_to.jump_url
        try:
            await self._reply(message, question, how_to=how_to, replying_to=replying_to)
        except discord.Forbidden:
            log.info("cannot reply in channel %s: missing permissions", message.channel.id)

    def _answer(self, question: Named, threshold: float | None, locale: str | None) -> tuple[Answer, str]:
        """The answer to `question` as its reader reads it, and who that reader is ("en", "zh", "zh-TW"):
        in the question's language, else the client's (`locale`; None for a message), else English."""
        matcher = self.bot.matcher  # read at each question: /faqadmin reload swaps it
        knowledge = matcher.knowledge
        if question.entry is not None:  # an autocomplete choice: an entry id
            reader = locale_reader(locale)
            return picked(localized(knowledge, question.entry, reader)), reader
        text = question.text
        lang = reply_language(text, locale, knowledge.languages)
        answer = with_threshold(matcher.answer(text, lang=lang), threshold)
        reader = reader_of(answer.lang, locale, text)
        return localized_answer(answer, knowledge, reader), reader

    async def _respond(
        self,
        interaction: discord.Interaction[FaqBot],
        question: Named,
        *,
        private: bool | None,
        replying_to: str | None = None,
    ) -> None:
        server = await server_settings(self.bot, interaction.guild_id)
        answer, reader = self._answer(question, server.threshold, str(interaction.locale))
        context = reply_context(replying_to, reader) if replying_to else None
        interaction.extras["answer"] = answer  # for the one log line per interaction (FaqBot)
        # Written alongside the reply, not before it: an answer never waits on the database.
        logged = self.bot.start_write(
            record_question(
                self.bot,
                answer,
                guild_id=interaction.guild_id,
                channel_id=interaction.channel_id,
                user_id=interaction.user.id,
            )
        )
        if answer.entry is None:
            text, embeds, offered = not_answered(answer, reader)
            view = suggestions_view(offered, reader)
            await interaction.response.send_message(text, embeds=embeds, view=view, ephemeral=True)
        else:
            where = placement(server, interaction.channel, private, reader)
            content = lines(where.note, context)
            await send_answer(
                interaction,
                answer.entry,
                self.bot.knowledge,
                ephemeral=where.ephemeral,
                content=content,
                citations=answer.citations,
                lang=reader,
            )
        await logged

    async def _reply(
        self, message: discord.Message, question: str, *, how_to: str, replying_to: str | None = None
    ) -> None:
        """Answer `question` as a reply to `message` (linking to `replying_to` above it); `how_to` when
        there is none. In the question's language: a message carries no client language."""
        guild_id = message.guild.id if message.guild else None
        server = await server_settings(self.bot, guild_id)
        # A reply is public: where the server wants no public answers, or no mention answers, stay silent.
        if not server.answer_mentions or not allowed_here(server, message.channel):
            return
        if not question:
            if self._may_notify(message):
                await message.reply(how_to)
            return
        try:
            self.bot.answer_cooldown.check(message.author.id)
        except app_commands.CommandOnCooldown as error:
            if self._may_notify(message):
                await message.reply(user_message(error, _notice_reader(question, None)))
            return
        if self.channel_replies.retry_after(message.channel.id):
            log.debug("not answering in channel %s: too many replies there already", message.channel.id)
            return
        answer, reader = self._answer(named(self.bot.knowledge, question), server.threshold, None)
        context = reply_context(replying_to, reader) if replying_to else None
        logged = self.bot.start_write(
            record_question(
                self.bot, answer, guild_id=guild_id, channel_id=message.channel.id, user_id=message.author.id
            )
        )
        if answer.entry is None:
            text, embeds, offered = not_answered(answer, reader)
            await message.reply(lines(context, text), embeds=embeds, view=suggestions_view(offered, reader))
        else:
            asker = message.author.id
            reply = answer_message(
                answer.entry, self.bot.knowledge, answer.citations, asker=asker, lang=reader
            )
            await message.reply(context, embed=reply.embed, view=reply.view)
        log_answered(command="@mention", guild_id=guild_id, asked_at=message.created_at, answer=answer)
        await logged

    def _may_notify(self, message: discord.Message) -> bool:
        """One notice per user per window, and only while the channel has room; after that, silence."""
        if self.notices.retry_after(message.author.id):
            return False
        return not self.channel_replies.retry_after(message.channel.id)


def _notice_reader(question: str, guild_locale: object) -> str:
    """Who reads a notice about a message: Chinese for words in Chinese script, else by the server's
    language (`guild_locale`; None: English)."""
    if language_of(question) == "zh":
        return reader_of("zh", None, question)
    return locale_reader(guild_locale)


def _replied_to(message: discord.Message, bot_id: int) -> discord.Message | None:
    """The message `message` replies to, when it is someone's (not the bot's own) and Discord sent it."""
    reference = message.reference
    replied_to = reference.resolved if reference is not None else None
    if not isinstance(replied_to, discord.Message) or replied_to.author.id == bot_id:
        return None
    return replied_to


def _addressed(message: discord.Message, bot_id: int) -> bool:
    """A DM to the bot, a message mentioning it, or a reply to it that pings it."""
    return message.guild is None or any(user.id == bot_id for user in message.mentions)
