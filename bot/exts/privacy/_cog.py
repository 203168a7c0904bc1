"""/privacy."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import FaqBot
from bot.exts.privacy._render import privacy_embed
from bot.utils.checks import everywhere
from bot.utils.localize import command_text, interaction_reader


class PrivacyCog(commands.Cog):
    def __init__(self, retention_days: int) -> None:
        self.retention_days = retention_days

    @app_commands.command(name=command_text("privacy.name"), description=command_text("privacy.description"))
    @everywhere
    async def privacy(self, interaction: discord.Interaction[FaqBot]) -> None:
        embed = privacy_embed(self.retention_days, interaction_reader(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True)
