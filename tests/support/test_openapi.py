"""The OpenAPI validator accepts what Discord accepts and explains what it would reject."""

from __future__ import annotations

from typing import Any

import pytest

from .openapi import DiscordSpec, default_spec, validate_request

CALLBACK = "/api/v10/interactions/1234/a-token/callback?with_response=1"
COMMANDS = "/applications/1234/commands"


def reply(**data: Any) -> dict[str, Any]:
    return {"type": 4, "data": data}


def slash_command(**fields: Any) -> dict[str, Any]:
    question = {"type": 3, "name": "question", "description": "What you want to know", "required": True}
    return {"name": "ask", "description": "Ask a question", "type": 1, "options": [question], **fields}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", CALLBACK, reply(content="An answer", flags=64)),
        (
            "POST",
            CALLBACK,
            reply(embeds=[{"title": "Q", "color": 0x5865F2, "url": "attachment://chart.png"}]),
        ),
        ("POST", CALLBACK, {"type": 5}),
        ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "When?", "value": "when"}]}}),
        ("POST", CALLBACK, reply(allowed_mentions={"parse": [], "users": [1234]})),  # int snowflakes
        ("PUT", COMMANDS, [slash_command(default_member_permissions="8")]),  # permissions as a string
        ("PUT", COMMANDS, [{"name": "Ask about this", "type": 3}]),
        ("PATCH", "/webhooks/1234/a-token/messages/@original", {"content": "Edited", "embeds": []}),
        ("POST", "/channels/1234/messages", {"content": "Hi", "message_reference": {"message_id": "1"}}),
        ("GET", "/users/@me", None),
    ],
)
def test_bodies_discord_accepts_pass(method: str, path: str, body: Any) -> None:
    validate_request(method, path, body)


@pytest.mark.parametrize(
    ("method", "path", "body", "violation"),
    [
        (
            "POST",
            CALLBACK,
            reply(embeds=[{"title": "Q", "color": "blurple"}]),
            "$.data.embeds[0].color: 'blurple' is not of type 'integer', 'null'",
        ),
        ("POST", CALLBACK, {"type": 99}, "$: 'type' is 99, which no variant accepts; use one of [1, 4, 5"),
        (
            "POST",
            CALLBACK,
            reply(content="x" * 2001),
            "$.data.content: 2001 characters, but at most 2000 allowed",
        ),
        (
            "POST",
            CALLBACK,
            reply(embeds=[{"url": "/relative"}]),
            "$.data.embeds[0].url: '/relative' is not a 'uri'",
        ),
        ("POST", CALLBACK, {"type": 8}, "$: 'data' is a required property"),
        ("PUT", COMMANDS, [slash_command(name="a" * 33)], "$[0].name: 33 characters, but at most 32 allowed"),
        ("PUT", COMMANDS, [slash_command(options=[{"type": 3, "name": "q"}])], "'description' is a required"),
        ("GET", "/users/@me", {"unexpected": True}, "the spec defines no request body"),
        ("POST", "/channels/1234/messages", None, "a request body is required"),
    ],
)
def test_bodies_discord_rejects_fail_with_the_reason(
    method: str, path: str, body: Any, violation: str
) -> None:
    with pytest.raises(AssertionError) as failure:
        validate_request(method, path, body)
    assert violation in str(failure.value)


def test_violation_message_names_the_operation_and_lists_each_problem() -> None:
    body = reply(content="x" * 2001, embeds=[{"color": "red"}])

    with pytest.raises(AssertionError) as failure:
        validate_request("POST", CALLBACK, body)

    lines = str(failure.value).splitlines()
    assert lines[0].startswith("POST /interactions/{interaction_id}/{interaction_token}/callback")
    assert "create_interaction_response" in lines[0]
    assert lines[1:] == [
        "  - $.data.content: 2001 characters, but at most 2000 allowed",
        "  - $.data.embeds[0].color: 'red' is not of type 'integer', 'null'",
    ]


@pytest.mark.parametrize(
    ("method", "path", "operation_id"),
    [
        ("PATCH", "/webhooks/1/tok/messages/@original", "update_original_webhook_message"),
        ("PATCH", "/webhooks/1/tok/messages/99", "update_webhook_message"),
        ("POST", "/webhooks/{application_id}/{webhook_token}", "execute_webhook"),
        (
            "PUT",
            "https://discord.com/api/v10/applications/1/guilds/2/commands",
            "bulk_set_guild_application_commands",
        ),
        ("post", "/api/v10/interactions/1/tok/callback?with_response=1", "create_interaction_response"),
    ],
)
def test_concrete_paths_find_their_operation(method: str, path: str, operation_id: str) -> None:
    assert default_spec().operation(method, path).operation_id == operation_id


def test_unknown_route_is_an_assertion_error() -> None:
    with pytest.raises(AssertionError, match="no such operation"):
        validate_request("POST", "/interactions/1/tok/answer", {"type": 4})


def test_discord_coercions_can_be_switched_off() -> None:
    strict = DiscordSpec.load(accept_discord_coercions=False)

    violations = strict.request_violations("PUT", COMMANDS, [slash_command(default_member_permissions="8")])

    assert violations == ["$[0].default_member_permissions: '8' is not of type 'integer', 'null'"]


def test_fake_responses_can_be_checked_too() -> None:
    application = {"id": "1", "name": "faqbot", "description": "", "flags": 0}
    violations = default_spec().response_violations("GET", "/applications/@me", application)
    assert violations
    assert all(v.startswith("$: '") and "is a required property" in v for v in violations)
