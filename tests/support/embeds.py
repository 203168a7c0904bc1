"""Discord's embed limits, asserted one way for every render test."""

from __future__ import annotations

import discord

from bot.core import limits


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.fields) <= limits.EMBED_FIELDS
    for field in embed.fields:
        assert field.name and field.value
        assert len(field.name) <= limits.EMBED_FIELD_NAME
        assert len(field.value) <= limits.EMBED_FIELD_VALUE
    assert len(embed.footer.text or "") <= limits.EMBED_FOOTER
    assert len(embed) <= limits.EMBED_TOTAL
