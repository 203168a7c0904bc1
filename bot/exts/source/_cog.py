"""/source paragraph:<n> and /source search:<words>."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.core import Matcher
from bot.exts._shared.checks import everywhere
from bot.exts.source._render import no_matches, no_such_paragraph, paragraph_embed, search_embed, usage

MAX_SEARCH_CHARS = 200
MAX_PARAGRAPHS_FOUND = 5


class SourceCog(commands.Cog):
    def __init__(self, matcher: Matcher, *, default_private: bool) -> None:
        self.matcher = matcher
        self.knowledge = matcher.knowledge
        self.default_private = default_private

    @app_commands.command(name="source", description="Read the article: one paragraph, or search its words")
    @app_commands.describe(
        paragraph="The paragraph's number, from 1",
        search="Words to look for in the article",
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
            await interaction.response.send_message(usage(len(self.knowledge.article)), ephemeral=True)

    async def _paragraph(self, interaction: discord.Interaction[FaqBot], number: int) -> None:
        article = self.knowledge.article
        # The option's maximum is the article's length, known only at run time, so it is checked here.
        if number > len(article):
            await interaction.response.send_message(no_such_paragraph(number, len(article)), ephemeral=True)
            return
        embed = paragraph_embed(article, number, self.knowledge.source)
        await interaction.response.send_message(embed=embed, ephemeral=self.default_private)

    async def _search(self, interaction: discord.Interaction[FaqBot], words: str) -> None:
        found = self.matcher.search_article(words, MAX_PARAGRAPHS_FOUND)
        if not found:
            await interaction.response.send_message(no_matches(words), ephemeral=True)
            return
        embed = search_embed(words, found, len(self.knowledge.article), self.knowledge.source)
        await interaction.response.send_message(embed=embed, ephemeral=self.default_private)
