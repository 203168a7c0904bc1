"""The one error path for every interaction: app commands, views (their items) and dynamic items.

discord.py sends an app command's error to the tree's `on_error`, a view item's to its view's `on_error`,
and only logs a dynamic item's; `FaqTree`, `View` and `@reported` send all three to `report_error`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import aiohttp
import discord
from discord import app_commands

from bot.exts._shared.checks import Refused
from bot.exts._shared.render import cooldown_message, echo

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
NOT_HERE = "You can't use that here."
SERVER_ONLY = "That works only in a server, not in DMs."
FORBIDDEN = (
    "Discord didn't let me do that in this channel: I may be missing a permission here "
    "(Send Messages, Embed Links). Ask a server manager, or try /ask with private:True."
)
Item = TypeVar("Item")


def _permissions(names: list[str]) -> str:
    """["manage_guild"] as "Manage Server", the way Discord's settings name it."""
    named = [name.replace("guild", "server").replace("_", " ").title() for name in names]
    return ", ".join(named)


def user_message(error: Exception) -> str | None:
    """What to tell someone whose own request caused `error`; None when the fault is the bot's."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return cooldown_message(error.retry_after)
    if isinstance(error, Refused):
        return str(error)
    if isinstance(error, app_commands.TransformerError):
        value = echo(str(error.value), 100)
        return f"I couldn't use “{value}” there. Please check that option and try again."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {_permissions(error.missing_permissions)} permission to use that."
    if isinstance(error, app_commands.MissingRole | app_commands.MissingAnyRole):
        return "You don't have the role needed to use that."
    if isinstance(error, app_commands.BotMissingPermissions):
        return f"I need the {_permissions(error.missing_permissions)} permission here to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return SERVER_ONLY
    if isinstance(error, app_commands.CheckFailure):
        return NOT_HERE
    if isinstance(error, discord.Forbidden):
        return FORBIDDEN
    return None


async def report_error(interaction: discord.Interaction[Any], error: Exception) -> None:
    """Tell the user privately what went wrong, in this order:

    1. a command's wrapper (CommandInvokeError) is unwrapped to what its callback raised;
    2. the user's own mistakes get their own words (`user_message`): on cooldown, refused, bad input,
       a permission or role they lack, not usable here; Discord refusing the bot a permission says so;
    3. anything else is a fault on our side: its traceback is logged and the user hears "Sorry…".
    """
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    text = user_message(error)
    if text is None:
        log.error("interaction %s failed (%s)", interaction.id, _what(interaction), exc_info=error)
        text = SORRY
    else:
        log.info("interaction %s refused (%s): %s", interaction.id, _what(interaction), type(error).__name__)
    await _reply_privately(interaction, text)


def _what(interaction: discord.Interaction[Any]) -> str:
    """The command or control that failed, for the log."""
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, Any] = dict(interaction.data or {})
    return f"component {data.get('custom_id', '?')}"


async def _reply_privately(interaction: discord.Interaction[Any], text: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except (discord.HTTPException, aiohttp.ClientError, RuntimeError):
        # RuntimeError: the HTTP session closed under us during shutdown; nobody is left to tell.
        log.warning("could not tell the user about an error (interaction %s)", interaction.id, exc_info=True)


class View(discord.ui.View):
    """A view whose items' errors take the one error path instead of discord.py's log-only default."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await report_error(interaction, error)


Callback = Callable[[Item, discord.Interaction[Any]], Coroutine[Any, Any, None]]


def reported(callback: Callback[Item]) -> Callback[Item]:
    """For a DynamicItem's callback: discord.py only logs what it raises, so report it here."""

    @functools.wraps(callback)
    async def guarded(self: Item, interaction: discord.Interaction[Any]) -> None:
        try:
            await callback(self, interaction)
        except Exception as error:
            await report_error(interaction, error)

    return guarded
