"""The "did you mean" menu offered when the article doesn't say."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.core import Entry
from bot.utils.answers import SUGGESTED, question_menu


def suggestions_view(suggestions: Sequence[Entry], lang: str = "en") -> discord.ui.View:
    """One menu of the suggestions (none when there are none); picking one answers it. Survives restarts,
    never times out. For a reader of `lang`, as the suggestions already are."""
    view = discord.ui.View(timeout=None)
    menu = question_menu(SUGGESTED, suggestions, lang)
    if menu is not None:
        view.add_item(menu)
    return view
