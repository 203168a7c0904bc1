"""/faq browse and /faq show."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core.chinese import to_simplified
from bot.exts.browse._render import topic_choices, unknown_entry, unknown_topic
from bot.exts.browse._views import browser
from bot.utils.answers import send_answer
from bot.utils.checks import answer_cooldown, everywhere
from bot.utils.localize import command_text, interaction_reader, localized, topic_label
from bot.utils.server import interaction_placement
from bot.utils.transformers import EntryTransformer, Named


@everywhere
class FaqCog(
    commands.GroupCog,
    group_name=command_text("faq.name"),
    group_description=command_text("faq.description"),
):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot

    @app_commands.command(
        name=command_text("faq.browse.name"), description=command_text("faq.browse.description")
    )
    @app_commands.rename(topic=command_text("faq.browse.topic.name"))
    @app_commands.describe(topic=command_text("faq.browse.topic.description"))
    async def browse(self, interaction: discord.Interaction[FaqBot], topic: str | None = None) -> None:
        knowledge = self.bot.knowledge
        reader = interaction_reader(interaction)
        chosen = self._topic_named(topic) if topic else None
        if topic and chosen is None:
            text = unknown_topic(topic, knowledge.topics, reader)
            await interaction.response.send_message(text, ephemeral=True)
            return
        # The browser is public unless this channel is not one for public answers.
        where = await interaction_placement(self.bot, interaction, private=False)
        embed, view = browser(knowledge, interaction.user.id, chosen, 0, reader)
        await interaction.response.send_message(where.note, embed=embed, view=view, ephemeral=where.ephemeral)

    @browse.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction[FaqBot], current: str
    ) -> list[app_commands.Choice[str]]:
        knowledge = self.bot.knowledge
        reader = interaction_reader(interaction)
        labels = [topic_label(knowledge, t, reader) for t in knowledge.topics]
        return topic_choices(labels, current)

    @app_commands.command(
        name=command_text("faq.show.name"), description=command_text("faq.show.description")
    )
    @app_commands.rename(entry=command_text("faq.show.entry.name"))
    @app_commands.describe(entry=command_text("faq.show.entry.description"))
    @answer_cooldown()
    async def show(
        self,
        interaction: discord.Interaction[FaqBot],
        entry: app_commands.Transform[Named, EntryTransformer()],
    ) -> None:
        knowledge = self.bot.knowledge
        reader = interaction_reader(interaction)
        found = entry.entry
        if found is None:
            await interaction.response.send_message(unknown_entry(entry.text, reader), ephemeral=True)
            return
        where = await interaction_placement(self.bot, interaction)
        shown = localized(knowledge, found, reader)
        await send_answer(
            interaction, shown, knowledge, ephemeral=where.ephemeral, content=where.note, lang=reader
        )

    def _topic_named(self, text: str) -> str | None:
        """The FAQ topic `text` names, in any language the FAQ gives its topics in."""
        wanted = to_simplified(text.strip()).casefold()
        knowledge = self.bot.knowledge
        for lang in knowledge.languages:
            named = knowledge.localized(lang).topics
            found = next((i for i, t in enumerate(named) if t.casefold() == wanted), None)
            if found is not None:
                return knowledge.topics[found]
        return None
