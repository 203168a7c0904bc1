"""The /privacy embed."""

from __future__ import annotations

from bot.exts.privacy._render import privacy_embed


def test_privacy_names_the_retention_period() -> None:
    fields = {f.name: f.value for f in privacy_embed(14).fields}
    assert fields["How long"] == (
        "Questions are deleted 14 days after they were asked, and votes 14 days after they were cast or last "
        "changed."
    )
