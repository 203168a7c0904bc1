"""The /privacy embed: every stored field named, and how long it is kept."""

from __future__ import annotations

import discord

from bot.messages import message
from bot.utils.render import fit_embed

# The embed's fields, each a catalogue key under "privacy." with its "<key>_field" name.
FIELDS = ("questions", "votes", "how_long", "never", "why")


def privacy_embed(retention_days: int, lang: str = "en") -> discord.Embed:
    return fit_embed(
        title=message("privacy.title", lang),
        fields=[
            (message(f"privacy.{key}_field", lang), message(f"privacy.{key}", lang, days=retention_days))
            for key in FIELDS
        ],
    )
