"""Answering questions: /ask, the "Find answer" message menu, and @mentions."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core import Answer, Entry, limits
from bot.core.matcher import MAX_QUESTION_CHARS
from bot.exts._shared.buttons import answer_view, send_answer
from bot.exts._shared.checks import answer_cooldown, everywhere
from bot.exts._shared.render import answer_embed, cooldown_message, entry_choices
from bot.exts.ask._render import NO_TEXT, how_to_ask, not_in_article, reply_context
from bot.exts.ask._views import suggestions_view

log = logging.getLogger(__name__)


def question_from_mention(content: str, bot_id: int) -> str:
    """The message text without the bot's own mention(s)."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


class AskCog(commands.Cog):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot
        self.matcher = bot.matcher
        self.knowledge = bot.knowledge
        self.find_answer_menu = app_commands.ContextMenu(name="Find answer", callback=self.find_answer)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.find_answer_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.find_answer_menu.name, type=self.find_answer_menu.type)

    @app_commands.command(name="ask", description="Ask a question about the article")
    @app_commands.describe(
        question="Your question in your own words, or pick one of the FAQ's",
        private="Only you see the answer (default: the server's choice)",
    )
    @everywhere
    @answer_cooldown()
    async def ask(
        self,
        interaction: discord.Interaction[FaqBot],
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool | None = None,
    ) -> None:
        ephemeral = self.bot.settings.default_private if private is None else private
        await self._respond(interaction, question, ephemeral=ephemeral)

    @ask.autocomplete("question")
    async def ask_autocomplete(
        self, interaction: discord.Interaction[FaqBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return entry_choices(self.matcher.suggest(current, limits.MAX_CHOICES))

    @everywhere
    @answer_cooldown()
    async def find_answer(self, interaction: discord.Interaction[FaqBot], message: discord.Message) -> None:
        # The target's text arrives in the interaction's resolved data; no message_content intent needed.
        if not message.content.strip():
            await interaction.response.send_message(NO_TEXT, ephemeral=True)
            return
        await self._respond(
            interaction,
            message.content,
            ephemeral=self.bot.settings.default_private,
            content=reply_context(message.jump_url),
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or not _addressed(message, me.id):
            return
        try:
            await self._reply(message, question_from_mention(message.content, me.id), me.mention)
        except discord.Forbidden:
            log.info("cannot reply in channel %s: missing permissions", message.channel.id)

    def _lookup(self, question: str) -> Entry | Answer:
        """The entry to answer with, or the matcher's abstention."""
        picked = self.knowledge.entry(question.strip())  # autocomplete choices carry entry ids
        if picked is not None:
            return picked
        answer = self.matcher.answer(question)
        return answer.entry or answer

    async def _respond(
        self,
        interaction: discord.Interaction[FaqBot],
        question: str,
        *,
        ephemeral: bool,
        content: str | None = None,
    ) -> None:
        found = self._lookup(question)
        if isinstance(found, Answer):
            text = not_in_article(question, found.suggestions)
            view = suggestions_view(found.suggestions)
            await interaction.response.send_message(text, view=view, ephemeral=True)
            return
        await send_answer(interaction, found, self.knowledge, ephemeral=ephemeral, content=content)

    async def _reply(self, message: discord.Message, question: str, bot_mention: str) -> None:
        if not question:
            await message.reply(how_to_ask(bot_mention))
            return
        retry_after = self.bot.answer_cooldown.retry_after(message.author.id)
        if retry_after:
            await message.reply(cooldown_message(retry_after))
            return
        found = self._lookup(question)
        if isinstance(found, Answer):
            text = not_in_article(question, found.suggestions)
            await message.reply(text, view=suggestions_view(found.suggestions))
            return
        embed = answer_embed(found, self.knowledge.source)
        await message.reply(embed=embed, view=answer_view(found, self.knowledge))


def _addressed(message: discord.Message, bot_id: int) -> bool:
    """A DM to the bot, a message mentioning it, or a reply to it that pings it."""
    return message.guild is None or any(user.id == bot_id for user in message.mentions)
