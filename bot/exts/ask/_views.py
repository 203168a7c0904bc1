"""The "did you mean" buttons offered when the article doesn't say."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core import Entry
from bot.exts._shared.buttons import answer_buttons


def suggestions_view(suggestions: Sequence[Entry]) -> discord.ui.View:
    """One button per suggestion (at most 5); clicking one answers it. Survives restarts, never times out."""
    view = discord.ui.View(timeout=None)
    for button in answer_buttons(list(suggestions)):
        view.add_item(button)
    return view
