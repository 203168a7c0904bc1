"""Rendering shared by the features: clipping to Discord's limits, escaping user text, quoted passages."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import discord
from discord import app_commands

from bot.core import Entry, Passage, Source, limits
from bot.core.text import sentences
from bot.messages import message

ELLIPSIS = "…"
ANSWER_COLOUR = discord.Colour.blurple()
SOURCE_COLOUR = discord.Colour.dark_grey()
MIN_CLIPPED_FIELD = 40  # a passage cut shorter than this says nothing; drop the field instead
ECHO_CHARS = 200  # enough of someone's question to recognise it, short enough to never crowd a reply

Field = tuple[str, str]


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when anything was cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """Someone's text made safe to show: one line, clipped, markdown and mentions escaped."""
    one_line = " ".join(text.split())
    return discord.utils.escape_mentions(discord.utils.escape_markdown(clip(one_line, limit)))


def button_label(text: str) -> str:
    return clip(text, limits.BUTTON_LABEL)


def fit_embed(
    *,
    title: str,
    description: str = "",
    fields: Sequence[Field] = (),
    footer: str = "",
    colour: discord.Colour = ANSWER_COLOUR,
) -> discord.Embed:
    """An embed within every Discord limit: each part clipped, and fields dropped once the total is spent.

    The description is kept before fields because it carries the answer itself.
    """
    title = clip(title, limits.EMBED_TITLE)
    footer = clip(footer, limits.EMBED_FOOTER)
    room = limits.EMBED_TOTAL - len(title) - len(footer)
    description = clip(description, min(limits.EMBED_DESCRIPTION, room))
    room -= len(description)
    embed = discord.Embed(title=title, description=description or None, colour=colour)
    for name, value in fields[: limits.EMBED_FIELDS]:
        name = clip(name, limits.EMBED_FIELD_NAME)
        budget = min(limits.EMBED_FIELD_VALUE, room - len(name))
        if not name or not value or budget < min(len(value), MIN_CLIPPED_FIELD):
            break
        value = clip(value, budget)
        embed.add_field(name=name, value=value, inline=False)
        room -= len(name) + len(value)
    if footer:
        embed.set_footer(text=footer)
    return embed


def human_date(text: str, lang: str = "en") -> str:
    """An ISO date such as 2025-03-10 written out as "10 March 2025" (2025年3月10日); other text as it is."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    month = message(f"date.months.{day.month}", lang)
    return message("date.format", lang, day=day.day, month=month, year=day.year)


def source_credit(source: Source, lang: str = "en") -> str:
    date = human_date(source.date, lang)
    return message("source.credit", lang, publisher=source.publisher, date=date, translator=source.translator)


def source_footer(source: Source, lang: str = "en") -> str:
    return message("source.footer", lang, credit=source_credit(source, lang))


_QUOTED = re.compile(r"“([^“”]+)”")
ANSWER_CHARS = (
    2000  # curated answers are 1-4 sentences; past this an answer is clipped to leave room for passages
)
MIN_QUOTED_WORDS = 3  # fewer quoted words are a phrase ("Reverse Kissinger"), not a repeated sentence
# What a reader takes in at a glance: an answer embed (title, answer, passages, footer) stays within this
# once its lead passage is in; the rest of what it cites is a click away ("Show the whole paragraphs").
GLANCE_CHARS = 800
MIN_GLANCE_PASSAGE = 80  # less room than this left in the glance: a further passage waits for the click


def _quoted_spans(answer: str) -> list[str]:
    spans = (m.strip(" .,;:!?…") for m in _QUOTED.findall(answer))
    return [s for s in spans if len(s.split()) >= MIN_QUOTED_WORDS]


def _repeated(sentence: str, spans: Sequence[str], answer: str) -> bool:
    """Whether the answer already shows `sentence`: it copies it, or quotes at least half of it."""
    bare = sentence.strip(" “”")
    if bare.rstrip(".!?…") in answer:
        return True
    return any(span in bare and 2 * len(span) >= len(bare.rstrip(".!?…")) for span in spans)


def unrepeated(passage: Passage, answer: str) -> str | None:
    """The passage's text without the sentences the answer already shows (an ellipsis marks each cut);
    None when nothing new is left, or only the line that would introduce the quote ("Rubio said:")."""
    shown = _shown(passage, answer)
    return None if shown is None else shown[0]


def _shown(passage: Passage, answer: str, room: int | None = None) -> tuple[str, bool] | None:
    """`unrepeated`, within `room` characters of blockquote when given: the passage's leading sentences
    that fit (always its first new one), and whether any were left out for room; None as `unrepeated`."""
    intro, mark, quote = passage.text.partition(": “") if len(passage.paragraphs) > 1 else ("", "", "")
    body = quote if mark else passage.text
    body = body.removeprefix("“").removesuffix("”")
    spans = _quoted_spans(answer)
    parts = sentences(body)
    kept = [not _repeated(s, spans, answer) for s in parts]
    if not any(kept):
        return None

    def text(upto: int) -> str:
        """The passage up to its `upto`-th new sentence, each sentence left out marked with an ellipsis."""
        shown, new = [], 0
        for sentence, keep in zip(parts, kept, strict=True):
            new += keep
            shown.append(sentence if keep and new <= upto else "…")
        joined = body if shown == parts else re.sub(r"(…\s*)+", "… ", " ".join(shown)).strip()
        return f"{intro}: “{joined}”" if mark else f"“{joined}”"

    new_sentences = sum(kept)
    upto = new_sentences
    if room is not None:
        while upto > 1 and len(_blockquote(passage, text(upto))) > room:
            upto -= 1
    return text(upto), upto < new_sentences


def _blockquote(passage: Passage, text: str) -> str:
    """One passage as a Discord blockquote, labelled with its paragraph numbers ("¶21–22")."""
    first, last = passage.paragraphs[0], passage.paragraphs[-1]
    label = f"¶{first}" if first == last else f"¶{first}–{last}"
    return f"> **{label}** {discord.utils.escape_markdown(' '.join(text.split()))}"


def answer_description(answer: str, shown: Sequence[Passage], limit: int = limits.EMBED_DESCRIPTION) -> str:
    """The answer, then each passage as a blockquote, within `limit`: the answer is kept first, and a
    passage that no longer fits is clipped, or left out when too little of it would be left."""
    return _described(answer, shown, limit)[0]


def _described(
    answer: str, shown: Sequence[Passage], limit: int, glance: int | None = None
) -> tuple[str, list[int]]:
    """`answer_description`, and when `glance` is given, kept within `glance` characters: passages are
    added lead first while they fit it, a passage that does not is cut to its leading sentences that do
    (the lead passage always keeps its first sentence), and the rest are left out. Also the paragraphs
    of the passages so cut or left out, for a control that shows them whole."""
    text = clip(answer, min(limit, ANSWER_CHARS) if shown else limit)
    cut: list[int] = []
    added = False
    for passage in shown:
        room = limit - len(text) - 2
        if glance is None:
            fitted = _shown(passage, answer)
        else:
            at_a_glance = glance - len(text) - 2
            if added and (cut or at_a_glance < MIN_GLANCE_PASSAGE):
                cut += passage.paragraphs  # lead first: once one waits for the click, the rest do too
                continue
            fitted = _shown(passage, answer, min(room, at_a_glance))
            if fitted is not None and added and len(_blockquote(passage, fitted[0])) > at_a_glance:
                cut += passage.paragraphs  # not even its first sentence fits: left out, not half-shown
                continue
        if fitted is None:
            continue
        fresh, shortened = fitted
        quote = _blockquote(passage, fresh)
        if room < min(len(quote), MIN_CLIPPED_FIELD):
            break
        if shortened:
            cut += passage.paragraphs
        text += "\n\n" + clip(quote, room)
        added = True
    return text, cut


@dataclass(frozen=True, slots=True)
class Quoted:
    """An embed of a text and its passages, and the paragraphs it could show only in part or not at all
    within its glance budget (in the order cited)."""

    embed: discord.Embed
    cut: tuple[int, ...] = ()


def quoted_embed(
    *,
    title: str,
    text: str,
    shown: Sequence[Passage],
    footer: str,
    colour: discord.Colour = ANSWER_COLOUR,
) -> discord.Embed:
    """`text`, then each of the `shown` passages as a labelled blockquote (`answer_description`), in an
    embed within every Discord limit: the title and footer are set aside first."""
    return glance_embed(title=title, text=text, shown=shown, footer=footer, colour=colour, glance=None).embed


def glance_embed(
    *,
    title: str,
    text: str,
    shown: Sequence[Passage],
    footer: str,
    colour: discord.Colour = ANSWER_COLOUR,
    glance: int | None = GLANCE_CHARS,
) -> Quoted:
    """`quoted_embed`, read at a glance: the whole embed (title, text, passages, footer) kept within
    `glance` characters once its lead passage is in. Passages go in lead first, the most relevant, as
    the matcher cited them; what did not fit is in `cut`, for a control that shows it."""
    title = clip(title, limits.EMBED_TITLE)
    footer = clip(footer, limits.EMBED_FOOTER)
    room = limits.EMBED_TOTAL - len(title) - len(footer)
    budget = None if glance is None else glance - len(title) - len(footer)
    description, cut = _described(text, shown, min(limits.EMBED_DESCRIPTION, room), budget)
    embed = fit_embed(title=title, description=description, footer=footer, colour=colour)
    return Quoted(embed, tuple(dict.fromkeys(cut)))


def cooldown_message(retry_after: float, lang: str = "en") -> str:
    return message("answer.cooldown", lang, seconds=max(1, math.ceil(retry_after)))


MAX_NAMED_CHANNELS = 10  # a note, not a directory: past this, say how many more


def elsewhere_note(channel_ids: Sequence[int], lang: str = "en") -> str:
    """Above an answer made private because this channel isn't one where the server wants answers."""
    named = message("common.list_separator", lang).join(f"<#{c}>" for c in channel_ids[:MAX_NAMED_CHANNELS])
    hidden = len(channel_ids) - MAX_NAMED_CHANNELS
    more = message("answer.elsewhere_more", lang, count=hidden) if hidden > 0 else ""
    return message("answer.elsewhere", lang, channels=named, more=more)


SELECT_OPTION_VALUE = 100  # Discord's limit on a select option's value (an entry id here)


def question_options(entries: Sequence[Entry]) -> list[discord.SelectOption]:
    """One option per entry (each once, at most 25): the question as the label, the entry id as the value;
    an id too long to be a value is left out."""
    unique = {e.id: e for e in entries if len(e.id) <= SELECT_OPTION_VALUE}
    return [
        discord.SelectOption(label=clip(e.question, limits.SELECT_OPTION_LABEL), value=e.id)
        for e in list(unique.values())[: limits.SELECT_OPTIONS]
    ]


def entry_choices(entries: Sequence[Entry]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices: the question as the name, the entry id as the value, within Discord's limits."""
    fitting = [e for e in entries if len(e.id) <= limits.CHOICE_VALUE]
    return [
        app_commands.Choice(name=clip(e.question, limits.CHOICE_NAME), value=e.id)
        for e in fitting[: limits.MAX_CHOICES]
    ]
