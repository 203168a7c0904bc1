"""docs/render_discord.py lays out the bot's own payloads for the README pictures: keep it working."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bot.core import Matcher

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "render_discord.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("render_discord", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pictures_show_the_bots_own_answer_and_not_in_the_article_reply(matcher: Matcher) -> None:
    render = _script()
    answered = render.page("What did Rubio tell Breitbart?", matcher)
    entry = matcher.answer("What did Rubio tell Breitbart?").entry
    assert entry is not None and entry.question in answered and "<blockquote>" in answered
    refused = render.page("Who ordered the February 12 phone call?", matcher)
    assert "doesn&#x27;t say who ordered" in refused and "Related: " in refused


def test_discord_markdown_is_laid_out_not_shown_raw() -> None:
    render = _script()
    assert render.markdown("> **¶20** “quoted”\nplain \\*star\\*") == (
        "<blockquote><b>¶20</b> “quoted”</blockquote><br>plain *star*"
    )
