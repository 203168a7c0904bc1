"""The one error path for every interaction: app commands, views (their items) and dynamic items.

discord.py sends an app command's error to the tree's `on_error`, a view item's to its view's `on_error`,
and only logs a dynamic item's; `FaqTree`, `View` and `@reported` send all three to `report_error`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar, cast

import aiohttp
import discord
from discord import app_commands

from bot.messages import catalogue, message
from bot.utils.localize import interaction_reader
from bot.utils.render import cooldown_message, echo

if TYPE_CHECKING:
    from bot.client import FaqBot

log = logging.getLogger(__name__)

Item = TypeVar("Item")


class Refused(app_commands.CheckFailure):
    """A refusal the user should hear about; the tree's error handler tells them privately, in their
    language. `key` names its text in the message catalogue (bot/locales); str() is the English."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(message(key, "en", **fields))
        self.key = key
        self.fields = fields

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.fields)


def _permissions(names: list[str], lang: str) -> str:
    """["manage_guild"] as "Manage Server", the way Discord's settings name it (in `lang`)."""
    named = [
        message(f"permissions.{name}", lang)
        if f"permissions.{name}" in catalogue("en")
        else name.replace("guild", "server").replace("_", " ").title()
        for name in names
    ]
    return message("common.list_separator", lang).join(named)


def user_message(error: Exception, lang: str = "en") -> str | None:
    """What to tell someone whose own request caused `error`, in `lang`; None when the fault is the bot's."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return cooldown_message(error.retry_after, lang)
    if isinstance(error, Refused):
        return error.text(lang)
    if isinstance(error, app_commands.TransformerError):
        return message("errors.bad_option", lang, value=echo(str(error.value), 100))
    if isinstance(error, app_commands.MissingPermissions):
        return message("errors.you_need", lang, permissions=_permissions(error.missing_permissions, lang))
    if isinstance(error, app_commands.MissingRole | app_commands.MissingAnyRole):
        return message("errors.missing_role", lang)
    if isinstance(error, app_commands.BotMissingPermissions):
        return message("errors.bot_needs", lang, permissions=_permissions(error.missing_permissions, lang))
    if isinstance(error, app_commands.NoPrivateMessage):
        return message("errors.server_only", lang)
    if isinstance(error, app_commands.CheckFailure):
        return message("errors.not_here", lang)
    if isinstance(error, discord.Forbidden):
        return message("errors.forbidden", lang)
    return None


async def report_error(interaction: discord.Interaction[Any], error: Exception) -> None:
    """Tell the user privately what went wrong, in this order:

    1. a command's wrapper (CommandInvokeError) is unwrapped to what its callback raised;
    2. the user's own mistakes get their own words (`user_message`): on cooldown, refused, bad input,
       a permission or role they lack, not usable here; Discord refusing the bot a permission says so;
    3. anything else is a fault on our side: its traceback is logged and the user hears "Sorry…".

    All in the client's language.
    """
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    reader = interaction_reader(interaction)
    text = user_message(error, reader)
    if text is None:
        log.error("interaction %s failed (%s)", interaction.id, _what(interaction), exc_info=error)
        text = message("errors.sorry", reader)
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


def _handling(interaction: discord.Interaction[Any]) -> None:
    cast("FaqBot", interaction.client).handling()


class View(discord.ui.View):
    """A view whose items' errors take the one error path instead of discord.py's log-only default, and
    whose callbacks the bot lets finish when it stops."""

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        _handling(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await report_error(interaction, error)


Callback = Callable[[Item, discord.Interaction[Any]], Coroutine[Any, Any, None]]


def reported(callback: Callback[Item]) -> Callback[Item]:
    """For a DynamicItem's callback: discord.py only logs what it raises, so report it here. The bot lets
    the callback finish when it stops."""

    @functools.wraps(callback)
    async def guarded(self: Item, interaction: discord.Interaction[Any]) -> None:
        _handling(interaction)
        try:
            await callback(self, interaction)
        except Exception as error:
            await report_error(interaction, error)

    return guarded
