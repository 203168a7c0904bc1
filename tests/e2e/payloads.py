"""Realistic Discord JSON payloads: the fake's world (users, guild, channel) and gateway events.

Every builder returns plain dicts shaped like what Discord sends (snowflakes as strings), so a test can
tweak any field before pushing it through the fake gateway.
"""

from __future__ import annotations

import itertools
import secrets
import time
from datetime import UTC, datetime
from typing import Any

JsonDict = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
APPLICATION_ID = 1_300_000_000_000_000_001
BOT_USER_ID = APPLICATION_ID  # Discord gives a bot user the id of its application
OWNER_ID = 1_300_000_000_000_000_002
USER_ID = 1_300_000_000_000_000_003
GUILD_ID = 1_300_000_000_000_000_100
CHANNEL_ID = 1_300_000_000_000_000_101
DM_CHANNEL_ID = 1_300_000_000_000_000_102

# View channel, send messages, embed links, attach files, read history, use app commands; decimal
# strings, as Discord sends permissions.
APP_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31))
EVERYONE_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 16) | (1 << 31))

_sequence = itertools.count()


def snowflake() -> int:
    """A fresh, increasing snowflake whose timestamp is now (so discord.py's created_at is sensible)."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_sequence) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


# --- the world -------------------------------------------------------------------------------------------


def user(user_id: int = USER_ID, name: str = "reader", *, bot: bool = False) -> JsonDict:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": None if bot else name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "primary_guild": None,
        "collectibles": None,
    }


def someone(name: str = "reader") -> JsonDict:
    """A user never seen before: per-user state in the bot (cooldowns, votes) starts afresh."""
    return user(snowflake(), name)


def bot_user() -> JsonDict:
    """GET /users/@me and READY.user for the bot."""
    private = {"verified": True, "mfa_enabled": False, "email": None, "locale": "en-US", "premium_type": 0}
    return {**user(BOT_USER_ID, "faqbot", bot=True), **private}


def application() -> JsonDict:
    """GET /oauth2/applications/@me: discord.py reads it at login."""
    return {
        "id": str(APPLICATION_ID),
        "name": "faqbot",
        "icon": None,
        "description": "A fake application for tests",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "flags_new": "0",
        "owner": user(OWNER_ID, "owner"),
        "team": None,
        "bot": bot_user(),
        "redirect_uris": [],
        "interactions_endpoint_url": None,  # anything else and discord.py warns that it gets no interactions
        "role_connections_verification_url": None,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "eligible_oauth2_scopes": ["bot", "applications.commands"],
        "tags": [],
        "integration_types_config": {"0": {}},
    }


def member(member_user: JsonDict | None = None, *, permissions: str | None = None) -> JsonDict:
    """A guild member; `permissions` is only present on interaction payloads."""
    payload: JsonDict = {
        "user": member_user or user(),
        "nick": None,
        "avatar": None,
        "banner": None,
        "roles": [],
        "joined_at": "2024-01-01T00:00:00+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        payload["permissions"] = permissions
    return payload


def text_channel(channel_id: int = CHANNEL_ID, guild_id: int = GUILD_ID, name: str = "questions") -> JsonDict:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "parent_id": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def dm_channel(channel_id: int = DM_CHANNEL_ID, recipient: JsonDict | None = None) -> JsonDict:
    return {"id": str(channel_id), "type": 1, "last_message_id": None, "recipients": [recipient or user()]}


def guild_create(guild_id: int = GUILD_ID) -> JsonDict:
    """GUILD_CREATE for the fake guild, holding the bot and one text channel.

    member_count equals the members sent, so discord.py treats the guild as chunked and never waits
    for member chunks, even with the members intent.
    """
    everyone = {
        "id": str(guild_id),
        "name": "@everyone",
        "permissions": EVERYONE_PERMISSIONS,
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
        "icon": None,
        "unicode_emoji": None,
    }
    return {
        "id": str(guild_id),
        "name": "Fake Guild",
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(OWNER_ID),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": "en-US",
        "system_channel_id": str(CHANNEL_ID),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "vanity_url_code": None,
        "features": [],
        "roles": [everyone],
        "emojis": [],
        "stickers": [],
        "channels": [text_channel(guild_id=guild_id)],
        "threads": [],
        "members": [member(bot_user())],
        "member_count": 1,
        "large": False,
        "unavailable": False,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def ready(session_id: str, resume_gateway_url: str, shard: list[int] | None = None) -> JsonDict:
    """READY: discord.py needs user, guilds, session_id, resume_gateway_url and application {id, flags}."""
    payload: JsonDict = {
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": str(GUILD_ID), "unavailable": True}],  # the full guild follows as GUILD_CREATE
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "application": {"id": str(APPLICATION_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "geo_ordered_rtc_regions": [],
        "_trace": ["fake-discord"],
    }
    if shard is not None:
        payload["shard"] = shard
    return payload


# --- messages --------------------------------------------------------------------------------------------


def message(
    content: str = "",
    *,
    author: JsonDict | None = None,
    channel_id: int = CHANNEL_ID,
    guild_id: int | None = GUILD_ID,
    message_id: int | None = None,
    **fields: Any,
) -> JsonDict:
    """A message object (MESSAGE_CREATE data when guild_id is set); `fields` override anything."""
    payload: JsonDict = {
        "id": str(message_id or snowflake()),
        "channel_id": str(channel_id),
        "author": author or user(),
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "reactions": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        if author is None or not author.get("bot"):
            payload["member"] = {k: v for k, v in member().items() if k != "user"}
    return {**payload, **fields}


# --- interactions ----------------------------------------------------------------------------------------


def option(name: str, value: Any, *, option_type: int | None = None, focused: bool = False) -> JsonDict:
    """One slash-command option as Discord sends it; the type is inferred from the Python value."""
    payload: JsonDict = {"name": name, "type": option_type or _option_type(value), "value": value}
    if focused:
        payload["focused"] = True
    return payload


def _option_type(value: Any) -> int:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def slash_command(
    name: str,
    options: list[JsonDict] | None = None,
    *,
    command_id: int | None = None,
    command_guild_id: int | None = None,
    **context: Any,
) -> JsonDict:
    """INTERACTION_CREATE for `/name option...` (type 2, data.type 1).

    `command_guild_id` marks a guild-registered command: discord.py looks those up by data.guild_id.
    `context` goes to interaction(): guild_id=None for a DM, user=..., locale=...
    """
    return interaction(2, _command_data(name, options, command_id, command_guild_id), **context)


def autocomplete(
    name: str,
    options: list[JsonDict],
    *,
    command_id: int | None = None,
    command_guild_id: int | None = None,
    **context: Any,
) -> JsonDict:
    """INTERACTION_CREATE while the user types: type 4, exactly one option has focused=True."""
    if sum(bool(o.get("focused")) for o in options) != 1:
        raise ValueError("an autocomplete interaction has exactly one focused option")
    return interaction(4, _command_data(name, options, command_id, command_guild_id), **context)


def _command_data(
    name: str, options: list[JsonDict] | None, command_id: int | None, command_guild_id: int | None
) -> JsonDict:
    data: JsonDict = {"id": str(command_id or snowflake()), "name": name, "type": 1, "options": options or []}
    if command_guild_id is not None:
        data["guild_id"] = str(command_guild_id)
    return data


def message_command(
    name: str, target: JsonDict, *, command_id: int | None = None, **context: Any
) -> JsonDict:
    """INTERACTION_CREATE for a message context menu (Apps → name) used on `target` (a message())."""
    data = {
        "id": str(command_id or snowflake()),
        "name": name,
        "type": 3,
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
    }
    return interaction(2, data, **context)


def button_click(
    custom_id: str, *, clicked_message: JsonDict | None = None, component_type: int = 2, **context: Any
) -> JsonDict:
    """INTERACTION_CREATE for a click on a button (type 3) of `clicked_message` (default: a bot message)."""
    clicked = clicked_message or message(
        "an earlier answer",
        author=bot_user(),
        application_id=str(APPLICATION_ID),
        components=[_action_row(custom_id)],
    )
    return interaction(
        3, {"custom_id": custom_id, "component_type": component_type}, message=clicked, **context
    )


def _action_row(custom_id: str) -> JsonDict:
    button = {"type": 2, "id": 2, "style": 2, "label": "More", "custom_id": custom_id}
    return {"type": 1, "id": 1, "components": [button]}


def interaction(
    interaction_type: int,
    data: JsonDict,
    *,
    guild_id: int | None = GUILD_ID,
    channel_id: int | None = None,
    user_payload: JsonDict | None = None,
    locale: str = "en-US",
    **fields: Any,
) -> JsonDict:
    """The common INTERACTION_CREATE envelope; guild_id=None makes it a DM with the bot."""
    who = user_payload or user()
    payload: JsonDict = {
        "id": str(snowflake()),
        "application_id": str(APPLICATION_ID),
        "type": interaction_type,
        "data": data,
        "token": "fake-interaction-token-" + secrets.token_urlsafe(24),
        "version": 1,
        "app_permissions": APP_PERMISSIONS,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,  # discord.py reads this unconditionally
    }
    if guild_id is not None:
        channel = text_channel(channel_id or CHANNEL_ID, guild_id)
        payload |= {
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "member": member(who, permissions=EVERYONE_PERMISSIONS),
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
        }
    else:
        channel = dm_channel(channel_id or DM_CHANNEL_ID, who)
        payload |= {"user": who, "authorizing_integration_owners": {"0": "0"}, "context": 1}
    payload |= {"channel_id": channel["id"], "channel": channel}
    return {**payload, **fields}


def callback_route(interaction_payload: JsonDict) -> str:
    """The route a response to this interaction is POSTed to, for FakeDiscord.wait_for_request()."""
    return f"POST /interactions/{interaction_payload['id']}/{interaction_payload['token']}/callback"


def followup_route(interaction_payload: JsonDict, method: str = "POST") -> str:
    """The webhook route of followups to this interaction."""
    return f"{method} /webhooks/{interaction_payload['application_id']}/{interaction_payload['token']}"
