"""/faq browse and /faq show."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core import Knowledge, Matcher, limits
from bot.exts._shared.buttons import send_answer
from bot.exts._shared.checks import answer_cooldown, everywhere
from bot.exts._shared.render import entry_choices
from bot.exts.browse._render import topic_choices, unknown_entry, unknown_topic
from bot.exts.browse._views import BrowseView


@everywhere
class FaqCog(commands.GroupCog, group_name="faq", group_description="Read the FAQ about the article"):
    def __init__(self, knowledge: Knowledge, matcher: Matcher, *, default_private: bool) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.default_private = default_private

    @app_commands.command(name="browse", description="Browse the FAQ's questions, topic by topic")
    @app_commands.describe(topic="Only this topic's questions")
    async def browse(self, interaction: discord.Interaction[FaqBot], topic: str | None = None) -> None:
        chosen = self._topic_named(topic) if topic else None
        if topic and chosen is None:
            text = unknown_topic(topic, self.knowledge.topics)
            await interaction.response.send_message(text, ephemeral=True)
            return
        view = BrowseView(self.knowledge, interaction.user.id, chosen)
        await interaction.response.send_message(embed=view.embed(), view=view)
        view.interaction = interaction

    @browse.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[FaqBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.knowledge.topics, current)

    @app_commands.command(name="show", description="Show one FAQ entry with its answer and sources")
    @app_commands.describe(entry="Start typing a question and pick it")
    @answer_cooldown()
    async def show(self, interaction: discord.Interaction[FaqBot], entry: str) -> None:
        found = self.knowledge.entry(entry.strip())
        if found is None:
            await interaction.response.send_message(unknown_entry(entry), ephemeral=True)
            return
        await send_answer(interaction, found, self.knowledge, ephemeral=self.default_private)

    @show.autocomplete("entry")
    async def entry_autocomplete(
        self, interaction: discord.Interaction[FaqBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return entry_choices(self.matcher.suggest(current, limits.MAX_CHOICES))

    def _topic_named(self, text: str) -> str | None:
        wanted = text.strip().casefold()
        return next((t for t in self.knowledge.topics if t.casefold() == wanted), None)
