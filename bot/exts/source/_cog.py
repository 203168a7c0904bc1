"""/source paragraph:<n> and /source search:<words>."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.exts.source._render import no_matches, no_such_paragraph, paragraph_embed, search_embed, usage
from bot.utils.checks import everywhere
from bot.utils.localize import command_text, interaction_reader
from bot.utils.server import interaction_placement

MAX_SEARCH_CHARS = 200
MAX_PARAGRAPHS_FOUND = 5


class SourceCog(commands.Cog):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot

    @app_commands.command(name=command_text("source.name"), description=command_text("source.description"))
    @app_commands.rename(
        paragraph=command_text("source.paragraph.name"), search=command_text("source.search.name")
    )
    @app_commands.describe(
        paragraph=command_text("source.paragraph.description"),
        search=command_text("source.search.description"),
    )
    @everywhere
    async def source(
        self,
        interaction: discord.Interaction[FaqBot],
        paragraph: app_commands.Range[int, 1] | None = None,
        search: app_commands.Range[str, 1, MAX_SEARCH_CHARS] | None = None,
    ) -> None:
        if paragraph is not None:
            await self._paragraph(interaction, paragraph)
        elif search is not None:
            await self._search(interaction, search)
        else:
            text = usage(len(self.bot.knowledge.article), interaction_reader(interaction))
            await interaction.response.send_message(text, ephemeral=True)

    async def _paragraph(self, interaction: discord.Interaction[FaqBot], number: int) -> None:
        knowledge = self.bot.knowledge
        article = knowledge.article
        reader = interaction_reader(interaction)
        # The option's maximum is the article's length, known only at run time, so it is checked here.
        if number > len(article):
            text = no_such_paragraph(number, len(article), reader)
            await interaction.response.send_message(text, ephemeral=True)
            return
        embed = paragraph_embed(article, number, knowledge.source, reader)
        await self._send(interaction, embed)

    async def _search(self, interaction: discord.Interaction[FaqBot], words: str) -> None:
        matcher = self.bot.matcher
        reader = interaction_reader(interaction)
        found = matcher.search_article(words, MAX_PARAGRAPHS_FOUND)
        if not found:
            await interaction.response.send_message(no_matches(words, reader), ephemeral=True)
            return
        knowledge = matcher.knowledge
        embed = search_embed(words, found, len(knowledge.article), knowledge.source, reader)
        await self._send(interaction, embed)

    async def _send(self, interaction: discord.Interaction[FaqBot], embed: discord.Embed) -> None:
        where = await interaction_placement(self.bot, interaction)
        await interaction.response.send_message(where.note, embed=embed, ephemeral=where.ephemeral)
