"""The "did you mean" menu."""

from __future__ import annotations

import discord

from bot.core import Knowledge
from bot.exts.ask._views import suggestions_view
from bot.utils.answers import (
    MENU_ID,
    SUGGESTED,
)


def components_of(view: discord.ui.View) -> list[dict[str, object]]:
    return [c for row in view.to_components() for c in row["components"]]


async def test_suggestions_view_is_one_did_you_mean_menu_of_the_suggestions(knowledge: Knowledge) -> None:
    suggestions = knowledge.entries[:4]
    [menu] = components_of(suggestions_view(suggestions))
    assert menu["custom_id"] == MENU_ID.format(menu=SUGGESTED) and menu["placeholder"] == "Did you mean…"
    assert [o["value"] for o in menu["options"]] == [e.id for e in suggestions]  # type: ignore[union-attr]
    assert [o["label"] for o in menu["options"]] == [e.question for e in suggestions]  # type: ignore[union-attr]
    assert not components_of(suggestions_view(()))
