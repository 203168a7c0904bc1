"""/about."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.exts.about._render import about_embed
from bot.utils.checks import everywhere
from bot.utils.localize import command_text, interaction_reader


class AboutCog(commands.Cog):
    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot

    @app_commands.command(name=command_text("about.name"), description=command_text("about.description"))
    @everywhere
    async def about(self, interaction: discord.Interaction[FaqBot]) -> None:
        embed = about_embed(self.bot.knowledge, interaction_reader(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True)
