"""/about."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.exts._shared.checks import everywhere
from bot.exts.about._render import about_embed


class AboutCog(commands.Cog):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="What this bot is, the article it knows, and how to ask")
    @everywhere
    async def about(self, interaction: discord.Interaction[FaqBot]) -> None:
        await interaction.response.send_message(embed=about_embed(self.bot.knowledge), ephemeral=True)
