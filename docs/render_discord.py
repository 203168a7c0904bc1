"""Render the bot's own reply payloads as Discord lays them out, and screenshot them for the README.

    python3 docs/render_discord.py            # writes docs/answer.png and docs/not-in-article.png

The payloads are the bot's (the render layer's embeds and components, as sent to Discord); the page only
lays them out in Discord's dark theme: content, embeds with their markdown, buttons and select menus.
Needs Debian's `chromium` for the screenshot; rerun whenever rendering changes.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core import Matcher, default_knowledge_dir, load_knowledge  # noqa: E402
from bot.exts.ask._render import not_answered  # noqa: E402
from bot.exts.ask._views import suggestions_view  # noqa: E402
from bot.utils.answers import answer_message  # noqa: E402

HERE = Path(__file__).resolve().parent
SHOTS = {
    "answer.png": "What did Rubio tell Breitbart?",
    "not-in-article.png": "Who ordered the February 12 phone call?",
}
CSS = """
body{background:#313338;color:#dbdee1;font-family:"DejaVu Sans",sans-serif;font-size:15px;margin:0;
padding:16px;width:720px}
.ask{color:#949ba4;font-size:13px;margin-bottom:6px}.msg{display:flex}.av{width:40px;height:40px;
border-radius:50%;background:#5865f2;margin-right:14px;flex:none}.name{color:#f2f3f5;font-weight:600}
.tag{background:#5865f2;color:#fff;font-size:10px;padding:1px 4px;border-radius:3px;margin-left:4px}
.embed{background:#2b2d31;border-left:4px solid;border-radius:4px;padding:8px 16px 12px 12px;
margin-top:6px;max-width:520px}.title{color:#f2f3f5;font-weight:600;margin:6px 0}
.field{margin-top:8px}.fname{color:#f2f3f5;font-weight:600;font-size:14px}.footer{font-size:12px;
color:#b5bac1;margin-top:10px}blockquote{margin:6px 0;padding-left:10px;border-left:4px solid #4e5058}
.row{margin-top:6px;display:flex;gap:8px;flex-wrap:wrap}.btn{padding:5px 14px;border-radius:3px;
font-size:14px;color:#fff;background:#4e5058}.s1{background:#5865f2}.s3{background:#248046}
.s4{background:#da373c}.select{background:#1e1f22;border:1px solid #1e1f22;border-radius:4px;padding:9px;
width:480px;color:#949ba4;font-size:14px}.eph{font-size:12px;color:#949ba4;margin-top:4px}
"""


def markdown(text: str) -> str:
    """The bits of Discord markdown the bot sends: blockquotes, bold, italics, escapes, line breaks."""
    lines, out, quote = text.split("\n"), [], []
    for line in [*lines, ""]:
        if line.startswith("> "):
            quote.append(line[2:])
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(_inline(q) for q in quote) + "</blockquote>")
            quote = []
        out.append(_inline(line))
    return "<br>".join(out).removesuffix("<br>")


def _inline(text: str) -> str:
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\\*])\*(?!\*)(.+?)(?<!\\)\*", r"<i>\1</i>", text)
    return re.sub(r"\\([*_~`>@|#\-])", r"\1", text)


def embed_html(embed: dict[str, Any]) -> str:
    parts = [f'<div class="embed" style="border-left-color:#{embed.get("color", 0x5865F2):06x}">']
    if "title" in embed:
        parts.append(f'<div class="title">{markdown(embed["title"])}</div>')
    if "description" in embed:
        parts.append(f"<div>{markdown(embed['description'])}</div>")
    for field in embed.get("fields", []):
        parts.append(f'<div class="field"><div class="fname">{markdown(field["name"])}</div>')
        parts.append(f"<div>{markdown(field['value'])}</div></div>")
    if "footer" in embed:
        parts.append(f'<div class="footer">{html.escape(embed["footer"]["text"])}</div>')
    return "".join(parts) + "</div>"


def components_html(rows: list[dict[str, Any]]) -> str:
    out = []
    for row in rows:
        items = []
        for item in row["components"]:
            if item["type"] == 2:  # button
                items.append(
                    f'<span class="btn s{item.get("style", 2)}">{html.escape(item.get("label", ""))}</span>'
                )
            else:  # a select menu shows its placeholder
                items.append(f'<span class="select">{html.escape(item.get("placeholder", "Choose…"))}</span>')
        out.append(f'<div class="row">{"".join(items)}</div>')
    return "".join(out)


def message_html(
    question: str, content: str, embeds: list[dict[str, Any]], rows: list[dict[str, Any]], private: bool
) -> str:
    return (
        f'<div class="ask">/ask question: {html.escape(question)}</div>'
        '<div class="msg"><div class="av"></div>'
        f'<div><span class="name">faqbot</span><span class="tag">APP</span><div>{markdown(content)}</div>'
        f"{''.join(embed_html(e) for e in embeds)}{components_html(rows)}"
        f"{'<div class=eph>Only you can see this</div>' if private else ''}</div></div>"
    )


def page(question: str, matcher: Matcher) -> str:
    answer, knowledge = matcher.answer(question), matcher.knowledge
    if answer.entry is not None:
        # A public answer, as the bot sends it: its asker (here 1) may delete it.
        reply = answer_message(answer.entry, knowledge, answer.citations, asker=1, lang=answer.lang)
        body = message_html(question, "", [reply.embed.to_dict()], reply.view.to_components(), False)
    else:
        text, embeds, offered = not_answered(answer, answer.lang)  # in the reply's language, as the bot
        view = suggestions_view(offered, answer.lang)
        body = message_html(question, text, [e.to_dict() for e in embeds], view.to_components(), True)
    return f'<html><head><meta charset="utf-8"><style>{CSS}</style></head><body>{body}</body></html>'


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    matcher = Matcher(load_knowledge(default_knowledge_dir()))
    with tempfile.TemporaryDirectory() as tmp:
        for name, question in SHOTS.items():
            source = Path(tmp) / f"{name}.html"
            source.write_text(page(question, matcher), encoding="utf-8")
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--window-size=752,760",
                    f"--screenshot={HERE / name}",
                    source.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            print(f"wrote {HERE / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
