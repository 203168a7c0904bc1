"""A small fake Discord on 127.0.0.1: REST routes plus a JSON gateway, enough for a discord.py bot.

    async def test_ask(fake_discord: FakeDiscord) -> None:     # fixture from tests/e2e/conftest.py
        async with running(MyBot()):                            # login, connect, on_ready ... close
            interaction = payloads.slash_command("ask", [payloads.option("question", "Why?")])
            await fake_discord.dispatch("INTERACTION_CREATE", interaction)
            callback = await fake_discord.wait_for_request(payloads.callback_route(interaction))
            assert_follows_spec(callback)   # the body, and the fake's answer, against the OpenAPI spec

Every REST request is recorded (method, path, JSON body, files, what was answered). Routes the fake
does not serve answer 404 and are listed in `unhandled`, so a missing route shows up in the test.
`fail()`, `rate_limit()` and `delay()` script faults for a route; `drop_gateway()` and
`request_reconnect()` interrupt the gateway session, and events dispatched until the bot resumes are
replayed on RESUME, as Discord does. Import harness modules as tests.e2e.* so that every test shares one
copy of them.

A bot started through its own blocking entry point (`faqbot run`: asyncio.run plus signal handlers, so it
must own the main thread) runs with `serve_entry_point(entry_point, scenario, monkeypatch)`: the fake
moves to a thread of its own, `scenario(fake)` runs there once the bot is on the gateway, and SIGTERM
then stops the bot the way a service manager would.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import logging
import os
import re
import secrets
import signal
import threading
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import discord
import pytest
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

from tests.support.openapi import validate_request, validate_response

from . import payloads
from .payloads import JsonDict

_log = logging.getLogger(__name__)

FAKE_TOKEN = "fake-bot-token"
API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
HEARTBEAT_INTERVAL_MS = 41_250  # Discord's usual value; discord.py beats once at HELLO anyway


@dataclass(frozen=True)
class RecordedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request the bot made, and what the fake answered."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. "/channels/1/messages"
    query: dict[str, str]
    headers: dict[str, str]
    json: Any  # the JSON body; for multipart uploads, the decoded payload_json part
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None
    received_at: float = field(default_factory=time.monotonic)  # when the request reached the fake

    def matches(self, route: str) -> bool:
        """`route` is "METHOD /path" where {placeholders} match one path segment."""
        method, _, template = route.partition(" ")
        return self.method == method.upper() and _template_regex(template).fullmatch(self.path) is not None

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


ClientT = TypeVar("ClientT", bound=discord.Client)
T = TypeVar("T")
RequestPredicate = Callable[[RecordedRequest], bool]
Handler = Callable[[RecordedRequest, dict[str, str]], Awaitable[web.StreamResponse]]


@dataclass
class _Fault:
    """A scripted answer for the next `times` requests to a route, instead of the normal one."""

    route: str
    status: int | None  # None: answer normally, only after `delay`
    body: JsonDict
    headers: dict[str, str]
    times: int
    delay: float = 0.0


@dataclass
class _GatewayConnection:
    ws: web.WebSocketResponse
    compressor: Any | None  # a zlib compressobj shared by the whole connection, for zlib-stream
    sequence: int = 0
    session_id: str | None = None
    send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: JsonDict) -> None:
        text = json.dumps(payload)
        # One lock per connection keeps frames in zlib-stream order.
        async with self.send_lock:
            if self.compressor is None:
                await self.ws.send_str(text)
            else:
                data = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)

    async def dispatch(self, event: str, data: JsonDict) -> None:
        self.sequence += 1
        await self.send({"op": 0, "t": event, "s": self.sequence, "d": data})


class FakeDiscord:
    """The fake server. Use as `async with FakeDiscord() as fake:` or start()/close()."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.crashes: list[str] = []  # exceptions in the fake's own handlers
        self.gateway_queries: list[dict[str, str]] = []  # the query of each gateway connection (v, compress)
        self.gateway_received: list[JsonDict] = []  # every payload the client sent on the gateway
        self.commands: dict[int | None, list[JsonDict]] = {}  # guild id (None = global) -> commands
        self.messages: dict[str, JsonDict] = {}  # message id -> message, for everything the bot posted
        self.original_responses: dict[str, JsonDict] = {}  # interaction token -> @original message
        self.interactions: dict[str, JsonDict] = {}  # interaction token -> INTERACTION_CREATE payload
        self._faults: list[_Fault] = []
        self._awaited: set[int] = set()  # indexes of requests already returned by wait_for_request
        self._recorded = asyncio.Event()
        self._connections: list[_GatewayConnection] = []
        # Sessions whose connection was lost, and the events dispatched since, replayed on RESUME.
        self._missed: dict[str, list[tuple[str, JsonDict]]] = {}
        self._identified = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._route_table()

    # --- lifecycle ----------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get(GATEWAY_PATH, self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing = True
        for connection in list(self._connections):
            await connection.ws.close(code=1001, message=b"fake Discord shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    def redirect_discord_py(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point discord.py's REST base and its gateway at this fake for the current test."""
        monkeypatch.setattr(discord.http.Route, "BASE", self.api_base)
        # A plain Client never asks GET /gateway/bot; it dials DEFAULT_GATEWAY (AutoShardedClient asks).
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url))

    # --- what tests call ----------------------------------------------------------------------------------

    async def wait_for_request(
        self, match: str | RequestPredicate, *, timeout: float = 5.0
    ) -> RecordedRequest:
        """The first matching request, answered, not returned by an earlier call; waits up to `timeout` s.

        `match` is a route such as "POST /channels/{channel_id}/messages" or a predicate.
        """
        predicate = (lambda request: request.matches(match)) if isinstance(match, str) else match
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self._recorded.clear()
                    for index, request in enumerate(self.requests):
                        # status 0: still being answered (e.g. delayed); it is returned once answered
                        if index not in self._awaited and request.status and predicate(request):
                            self._awaited.add(index)
                            return request
                    await self._recorded.wait()
        except TimeoutError:
            seen = "\n".join(f"  {request}" for request in self.requests) or "  (none)"
            raise AssertionError(
                f"no request matching {match!r} within {timeout}s; recorded:\n{seen}"
            ) from None

    async def interact(self, interaction: JsonDict, *, timeout: float = 5.0) -> RecordedRequest:
        """Dispatch an INTERACTION_CREATE and wait for the bot's callback to it."""
        await self.dispatch("INTERACTION_CREATE", interaction)
        return await self.wait_for_request(payloads.callback_route(interaction), timeout=timeout)

    def requests_to(self, route: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.matches(route)]

    def assert_all_handled(self) -> None:
        if self.unhandled:
            listed = ", ".join(f"{r.method} {r.path}" for r in self.unhandled)
            raise AssertionError(f"the bot called routes the fake does not serve: {listed}")

    def assert_no_crashes(self) -> None:
        if self.crashes:
            raise AssertionError("the fake Discord itself failed:\n" + "\n".join(self.crashes))

    async def dispatch(self, event: str, data: JsonDict) -> None:
        """Push a gateway DISPATCH (e.g. INTERACTION_CREATE, MESSAGE_CREATE) to every identified client."""
        connections = [c for c in self._connections if c.session_id is not None and not c.ws.closed]
        if not connections and not self._missed:
            raise AssertionError(f"cannot dispatch {event}: no bot is connected to the fake gateway")
        if event == "INTERACTION_CREATE":
            self.interactions[data["token"]] = data
        for missed in self._missed.values():  # as Discord does, kept for a session that may resume
            missed.append((event, data))
        for connection in connections:
            await connection.dispatch(event, data)

    async def wait_until_identified(self, timeout: float = 5.0) -> None:
        """Until a client has identified and been sent READY and GUILD_CREATE."""
        async with asyncio.timeout(timeout):
            await self._identified.wait()

    def fail(
        self,
        route: str,
        status: int = 500,
        *,
        times: int = 1,
        body: JsonDict | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next `times` requests to `route` with `status` (e.g. 500, 503, 403)."""
        error = body or {"message": f"{status}: fake failure", "code": 0}
        self._faults.append(_Fault(route, status, error, headers or {}, times))

    def rate_limit(
        self, route: str, *, retry_after: float = 0.05, times: int = 1, is_global: bool = False
    ) -> None:
        """Answer the next `times` requests to `route` with a 429 shaped like Discord's."""
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        if is_global:
            body["code"] = 0
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": "fake-bucket-" + secrets.token_hex(4),
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",  # without Via, discord.py takes a 429 for a Cloudflare ban and raises
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        self._faults.append(_Fault(route, 429, body, headers, times))

    def delay(self, route: str, seconds: float, *, times: int = 1) -> None:
        """Answer the next `times` requests to `route` normally, but only after `seconds`."""
        self._faults.append(_Fault(route, None, {}, {}, times, delay=seconds))

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway connection with `code`, as Discord does on errors; clients then RESUME.

        Until a client resumes, `dispatch` keeps events for it, and they are replayed on RESUME.
        """
        for connection in list(self._connections):
            self._keep_missed_events(connection)
            await connection.ws.close(code=code, message=b"fake Discord dropped the connection")

    def resumes(self) -> int:
        """How many RESUMEs clients have sent on the gateway."""
        return sum(1 for payload in self.gateway_received if payload.get("op") == 6)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT, asking clients to reconnect and resume."""
        for connection in list(self._connections):
            await connection.send({"op": 7, "d": None, "s": None, "t": None})

    # --- REST ---------------------------------------------------------------------------------------------

    def _route_table(self) -> list[tuple[str, Handler]]:
        app, webhook = "/applications/{application_id}", "/webhooks/{application_id}/{token}"
        return [
            ("GET /users/@me", self._json_of(payloads.bot_user)),
            ("GET /gateway", self._json_of(lambda: {"url": self.gateway_url})),
            ("GET /gateway/bot", self._json_of(self._gateway_bot)),
            ("GET /oauth2/applications/@me", self._json_of(payloads.application)),
            ("GET /applications/@me", self._json_of(payloads.application)),
            (f"GET {app}/commands", self._get_commands),
            (f"PUT {app}/commands", self._put_commands),
            (f"POST {app}/commands", self._post_command),
            (f"GET {app}/guilds/{{guild_id}}/commands", self._get_commands),
            (f"PUT {app}/guilds/{{guild_id}}/commands", self._put_commands),
            (f"POST {app}/guilds/{{guild_id}}/commands", self._post_command),
            ("POST /interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            (f"GET {webhook}/messages/@original", self._get_original),
            (f"PATCH {webhook}/messages/@original", self._edit_original),
            (f"DELETE {webhook}/messages/@original", self._delete_original),
            (f"POST {webhook}", self._followup),
            (f"GET {webhook}/messages/{{message_id}}", self._get_message),
            (f"PATCH {webhook}/messages/{{message_id}}", self._edit_message),
            (f"DELETE {webhook}/messages/{{message_id}}", self._delete_message),
            ("POST /channels/{channel_id}/messages", self._channel_message),
            ("GET /channels/{channel_id}", self._get_channel),
        ]

    async def _rest(self, http_request: web.Request) -> web.StreamResponse:
        recorded = await _record(http_request)
        self.requests.append(recorded)
        try:
            response = await self._answer(recorded)
        except Exception as error:
            # A bug in the fake, not in the bot: 400 fails fast (discord.py retries a 500 with sleeps).
            self.crashes.append(f"{recorded.method} {recorded.path}: {error!r}")
            response = _json({"message": f"fake Discord crashed: {error!r}", "code": 0}, 400)
        recorded.status = response.status
        if isinstance(response, web.Response) and response.body is not None and response.status != 204:
            recorded.response = json.loads(response.text or "null")
        self._recorded.set()
        return response

    async def _answer(self, request: RecordedRequest) -> web.StreamResponse:
        fault = self._take_fault(request)
        if fault is not None:
            await asyncio.sleep(fault.delay)
            if fault.status is not None:
                return _json(fault.body, fault.status, fault.headers)
        for route, handler in self._routes:
            method, _, template = route.partition(" ")
            found = _template_regex(template).fullmatch(request.path)
            if request.method == method and found:
                return await handler(request, found.groupdict())
        return self._not_found(request)

    def _take_fault(self, request: RecordedRequest) -> _Fault | None:
        for fault in self._faults:
            if request.matches(fault.route):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _not_found(self, request: RecordedRequest) -> web.Response:
        self.unhandled.append(request)
        _log.warning("fake Discord has no route for %s %s; answering 404", request.method, request.path)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    @staticmethod
    def _json_of(build: Callable[[], Any]) -> Handler:
        async def handler(request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
            return _json(build())

        return handler

    def _gateway_bot(self) -> JsonDict:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    # commands

    async def _get_commands(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        return _json(self.commands.get(_guild_key(params), []))

    async def _put_commands(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        guild = _guild_key(params)
        self.commands[guild] = [_registered_command(command, guild) for command in request.json or []]
        return _json(self.commands[guild])

    async def _post_command(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        guild = _guild_key(params)
        command = _registered_command(request.json, guild)
        kept = [c for c in self.commands.get(guild, []) if c["name"] != command["name"]]
        self.commands[guild] = [*kept, command]
        return _json(command, status=201)

    # interactions

    async def _interaction_callback(
        self, request: RecordedRequest, params: dict[str, str]
    ) -> web.StreamResponse:
        body, token = request.json or {}, params["token"]
        kind, data = body.get("type"), body.get("data") or {}
        interaction = self.interactions.get(token, {})
        answer: JsonDict = {"interaction": _callback_interaction(params["interaction_id"], interaction, body)}
        if kind in (4, 5):  # a reply, or "Bot is thinking..." that is edited later
            flags = data.get("flags", 0) | (128 if kind == 5 else 0)
            reply = self._new_message(interaction, {**data, "flags": flags}, request.files, message_type=20)
            self.original_responses[token] = reply
            answer["interaction"]["response_message_id"] = reply["id"]
            if kind == 4:  # the spec has a resource for replies only, not for deferrals
                answer["resource"] = {"type": kind, "message": reply}
        elif kind == 7 and "message" in interaction:  # edit the message whose component was used
            edited = _edited(interaction["message"], data, request.files)
            interaction["message"] = edited
            answer["resource"] = {"type": kind, "message": edited}
        return _json(answer)

    async def _get_original(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        original = self.original_responses.get(params["token"])
        return _json(original) if original else _unknown_message()

    async def _edit_original(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        token = params["token"]
        if token not in self.original_responses:
            return _unknown_message()
        edited = _edited(self.original_responses[token], request.json or {}, request.files)
        edited["flags"] = edited.get("flags", 0) & ~128  # editing ends "thinking"
        self.original_responses[token] = self.messages[edited["id"]] = edited
        return _json(edited)

    async def _delete_original(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        original = self.original_responses.pop(params["token"], None)
        if original is None:
            return _unknown_message()
        self.messages.pop(original["id"], None)
        return web.Response(status=204)

    async def _followup(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        interaction = self.interactions.get(params["token"], {})
        followup = self._new_message(interaction, request.json or {}, request.files, message_type=0)
        wait = request.query.get("wait", "").lower() in ("1", "true")
        return _json(followup) if wait else web.Response(status=204)

    async def _get_message(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        found = self.messages.get(params["message_id"])
        return _json(found) if found else _unknown_message()

    async def _edit_message(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        message_id = params["message_id"]
        if message_id not in self.messages:
            return _unknown_message()
        self.messages[message_id] = _edited(self.messages[message_id], request.json or {}, request.files)
        return _json(self.messages[message_id])

    async def _delete_message(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        if self.messages.pop(params["message_id"], None) is None:
            return _unknown_message()
        return web.Response(status=204)

    # channels

    async def _channel_message(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        channel = {"channel_id": params["channel_id"], "guild_id": str(payloads.GUILD_ID)}
        posted = self._new_message(channel, request.json or {}, request.files, message_type=0)
        if (request.json or {}).get("message_reference"):
            posted["type"] = 19  # a reply
        return _json(posted)

    async def _get_channel(self, request: RecordedRequest, params: dict[str, str]) -> web.StreamResponse:
        if params["channel_id"] == str(payloads.CHANNEL_ID):
            return _json(payloads.text_channel())
        return _json({"message": "Unknown Channel", "code": 10003}, status=404)

    def _new_message(
        self, where: JsonDict, body: JsonDict, files: list[RecordedFile], *, message_type: int
    ) -> JsonDict:
        """A message by the bot from a create-message body, in the channel of `where`."""
        created = payloads.message(
            body.get("content") or "",
            author=payloads.bot_user(),
            channel_id=int(where.get("channel_id") or payloads.CHANNEL_ID),
            guild_id=int(where["guild_id"]) if where.get("guild_id") else None,
            type=message_type,
            tts=bool(body.get("tts")),
            embeds=[_embed_as_sent(embed) for embed in body.get("embeds") or []],
            components=_numbered(body.get("components") or []),
            flags=body.get("flags") or 0,
            attachments=_attachments(body, files),
        )
        if "id" in where and "token" in where:  # created for an interaction, i.e. through its webhook
            created |= {
                "webhook_id": str(payloads.APPLICATION_ID),
                "application_id": str(payloads.APPLICATION_ID),
            }
        self.messages[created["id"]] = created
        return created

    # --- gateway ------------------------------------------------------------------------------------------

    async def _gateway(self, http_request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(http_request)
        self.gateway_queries.append(dict(http_request.query))
        # Text frames are never decompressed by discord.py, so only zlib-stream needs real compression.
        compress = http_request.query.get("compress") == "zlib-stream"
        connection = _GatewayConnection(ws, zlib.compressobj() if compress else None)
        self._connections.append(connection)
        try:
            await connection.send(
                {"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None}
            )
            async for frame in ws:
                if frame.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(connection, json.loads(frame.data))
        finally:
            if ws.close_code != 1000:  # 1000: the client ended its session; anything else may resume
                self._keep_missed_events(connection)
            self._connections.remove(connection)
        return ws

    def _keep_missed_events(self, connection: _GatewayConnection) -> None:
        if connection.session_id is not None and not self._closing:
            self._missed.setdefault(connection.session_id, [])

    async def _on_gateway_payload(self, connection: _GatewayConnection, payload: JsonDict) -> None:
        self.gateway_received.append(payload)
        op, data = payload.get("op"), payload.get("d") or {}
        if op == 1:  # HEARTBEAT
            await connection.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:  # IDENTIFY
            await self._start_session(connection, data)
        elif op == 6:  # RESUME
            await self._resume_session(connection, data)
        elif op == 8:  # REQUEST_GUILD_MEMBERS: the fake guild has only the bot
            chunk = {"guild_id": str(data["guild_id"]), "members": [], "chunk_index": 0, "chunk_count": 1}
            await connection.dispatch("GUILD_MEMBERS_CHUNK", chunk | {"nonce": data.get("nonce")})

    async def _start_session(self, connection: _GatewayConnection, identify: JsonDict) -> None:
        connection.session_id = secrets.token_hex(16)
        shard = identify.get("shard")
        await connection.dispatch("READY", payloads.ready(connection.session_id, self.gateway_url, shard))
        await connection.dispatch("GUILD_CREATE", payloads.guild_create())
        self._identified.set()

    async def _resume_session(self, connection: _GatewayConnection, resume: JsonDict) -> None:
        connection.session_id = resume.get("session_id")
        connection.sequence = resume.get("seq") or 0
        for event, data in self._missed.pop(connection.session_id or "", []):
            await connection.dispatch(event, data)
        await connection.dispatch("RESUMED", {})


def assert_follows_spec(request: RecordedRequest) -> None:
    """Both sides of an exchange follow Discord's OpenAPI spec: the bot's body and the fake's answer."""
    validate_request(request.method, request.path, request.json)
    if 200 <= request.status < 300:
        validate_response(request.method, request.path, request.response, request.status)


# --- running a bot against the fake -----------------------------------------------------------------------


@contextlib.asynccontextmanager
async def running(
    client: ClientT, *, token: str = FAKE_TOKEN, timeout: float = 5.0, reconnect: bool = True
) -> AsyncIterator[ClientT]:
    """Log `client` in, connect it, wait for on_ready; on exit let handlers finish and close it cleanly."""
    # on_ready waits guild_ready_timeout (2 s by default) after the last GUILD_CREATE; tests need not.
    client._connection.guild_ready_timeout = 0.05
    await client.login(token)
    connection = asyncio.create_task(client.connect(reconnect=reconnect), name="fake-discord: connect")
    try:
        await _until_ready(client, connection, timeout)
        yield client
        await _let_handlers_finish(timeout)
    finally:
        await client.close()
        await connection


async def _until_ready(client: discord.Client, connection: asyncio.Task[None], timeout: float) -> None:
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({ready, connection}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if connection in done:
            connection.result()  # re-raises why the client could not connect
        raise AssertionError(f"the bot did not become ready within {timeout}s")


# How discord.py names the tasks that run listeners, app commands and view/modal callbacks.
_HANDLER_TASK_PREFIXES = (
    "discord.py: ",
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
)


async def _let_handlers_finish(timeout: float) -> None:
    """Wait for discord.py's event and app-command tasks, so closing does not destroy them mid-flight."""
    pending = [
        task
        for task in asyncio.all_tasks()
        if task is not asyncio.current_task() and task.get_name().startswith(_HANDLER_TASK_PREFIXES)
    ]
    if pending:
        await asyncio.wait(pending, timeout=timeout)


# --- running a bot's own blocking entry point against the fake -------------------------------------------


class StoppedBeforeServing(Exception):
    """The stop signal arrived before the entry point had installed its own handler for it."""


@dataclass
class ThreadedFake:
    """A FakeDiscord served by its own event loop in a background thread."""

    fake: FakeDiscord
    loop: asyncio.AbstractEventLoop

    def submit(self, coroutine: Awaitable[T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(_awaited(coroutine), self.loop)


@dataclass
class EntryPointRun(Generic[T]):
    """How a served entry point ended, what the scenario returned, and everything the fake recorded."""

    exit_code: int
    result: T
    fake: FakeDiscord


@contextlib.contextmanager
def threaded_fake(monkeypatch: pytest.MonkeyPatch, *, timeout: float = 10.0) -> Iterator[ThreadedFake]:
    """A fake Discord on a thread of its own, with discord.py pointed at it, for a bot that owns this thread.

    A bot started through its real entry point (e.g. `faqbot run`) calls asyncio.run and installs signal
    handlers, which only the main thread may do; so here the fake, not the bot, leaves the main thread.
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-discord", daemon=True)
    thread.start()
    try:
        fake = asyncio.run_coroutine_threadsafe(_started_fake(), loop).result(timeout)
        fake.redirect_discord_py(monkeypatch)
        try:
            yield ThreadedFake(fake, loop)
        finally:
            asyncio.run_coroutine_threadsafe(fake.close(), loop).result(timeout)
        fake.assert_no_crashes()
    finally:
        asyncio.run_coroutine_threadsafe(loop.shutdown_asyncgens(), loop).result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        loop.close()


def serve_entry_point(
    entry_point: Callable[[], int],
    scenario: Callable[[FakeDiscord], Awaitable[T]],
    monkeypatch: pytest.MonkeyPatch,
    *,
    stop_signal: signal.Signals = signal.SIGTERM,
    timeout: float = 10.0,
) -> EntryPointRun[T]:
    """Run a bot's blocking entry point in this thread against a threaded fake, then stop it with a signal.

    Once the bot has identified on the gateway, `scenario(fake)` runs on the fake's loop; when it ends, or
    fails, `stop_signal` is sent to this process, as a service manager would, and the entry point should
    return. Call from the main thread.
    """
    with threaded_fake(monkeypatch, timeout=timeout) as threaded:
        stopper = _Stopper(stop_signal)
        driven = threaded.submit(_drive(threaded.fake, scenario, timeout))
        # Stopped once the scenario's outcome is set, so that an early stop cannot hide how it ended.
        driven.add_done_callback(lambda _: stopper.stop())
        with stopper.serving():
            exit_code = entry_point()
        driven.cancel()  # only has an effect when the bot quit on its own, before the scenario ended
        try:
            result = driven.result(timeout)
        except concurrent.futures.CancelledError:
            raise AssertionError(f"the bot exited with {exit_code} before the scenario ended") from None
        return EntryPointRun(exit_code, result, threaded.fake)


def run_entry_point(
    entry_point: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
    *,
    stop_after: float = 10.0,
    stop_signal: signal.Signals = signal.SIGTERM,
    prepare: Callable[[FakeDiscord], None] | None = None,
) -> EntryPointRun[bool]:
    """Run an entry point that should end by itself (a one-shot command, a refused start) against a
    threaded fake. One still running after `stop_after` seconds is stopped with `stop_signal`, and then
    `result` is True. `prepare(fake)` runs first, e.g. to script faults for the login. Call from the main
    thread.
    """
    with threaded_fake(monkeypatch) as threaded:
        if prepare is not None:
            threaded.submit(_prepared(prepare, threaded.fake)).result()
        stopper = _Stopper(stop_signal)
        watchdog = threaded.submit(asyncio.sleep(stop_after))

        def stop_unless_ended(done: concurrent.futures.Future[None]) -> None:
            if not done.cancelled():
                stopper.stop()

        watchdog.add_done_callback(stop_unless_ended)
        with stopper.serving():
            exit_code = entry_point()
        watchdog.cancel()
        return EntryPointRun(exit_code, not watchdog.cancelled(), threaded.fake)


class _Stopper:
    """Sends the stop signal to this process, but only while the entry point runs.

    Until the entry point installs its own handler, the signal raises StoppedBeforeServing in the main
    thread instead of killing the test run.
    """

    def __init__(self, signum: signal.Signals) -> None:
        self.signum = signum
        self._lock = threading.Lock()
        self._serving = False

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        def too_early(signum: int, frame: object) -> None:
            raise StoppedBeforeServing(f"{self.signum.name} came before the entry point handled it")

        previous = signal.signal(self.signum, too_early)
        with self._lock:
            self._serving = True
        try:
            yield
        finally:
            with self._lock:
                self._serving = False
            signal.signal(self.signum, previous)

    def stop(self) -> None:
        with self._lock:
            if self._serving:
                os.kill(os.getpid(), self.signum)


async def _drive(fake: FakeDiscord, scenario: Callable[[FakeDiscord], Awaitable[T]], timeout: float) -> T:
    try:
        await fake.wait_until_identified(timeout)
    except TimeoutError:
        raise AssertionError(f"the bot did not identify on the fake gateway within {timeout}s") from None
    return await scenario(fake)


async def _prepared(prepare: Callable[[FakeDiscord], None], fake: FakeDiscord) -> None:
    prepare(fake)  # on the fake's own loop, like everything else that touches it


async def _started_fake() -> FakeDiscord:
    fake = FakeDiscord()
    await fake.start()
    return fake


async def _awaited(awaitable: Awaitable[T]) -> T:
    return await awaitable


# --- helpers ----------------------------------------------------------------------------------------------


def _template_regex(template: str) -> re.Pattern[str]:
    """A regex for a path template such as /channels/{channel_id}, one named group per placeholder."""
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(pattern)


async def _record(http_request: web.Request) -> RecordedRequest:
    recorded = RecordedRequest(
        method=http_request.method,
        path=http_request.path.removeprefix(API_PREFIX),
        query=dict(http_request.query),
        headers=dict(http_request.headers),
        json=None,
    )
    if http_request.content_type.startswith("multipart/"):
        recorded.json, recorded.files = await _read_multipart(http_request)
    elif http_request.can_read_body:
        text = await http_request.text()
        is_json = http_request.content_type == "application/json"
        recorded.json = json.loads(text) if is_json and text else text or None
    return recorded


async def _read_multipart(http_request: web.Request) -> tuple[Any, list[RecordedFile]]:
    """discord.py uploads files as multipart: the JSON body goes in a "payload_json" part."""
    body: Any = None
    files: list[RecordedFile] = []
    reader = await http_request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(RecordedFile(part.name or "", part.filename or "", content_type, await part.read()))
    return body, files


def _guild_key(params: dict[str, str]) -> int | None:
    return int(params["guild_id"]) if "guild_id" in params else None


def _registered_command(command: JsonDict, guild_id: int | None) -> JsonDict:
    """A command as Discord answers it: the fields sent, over Discord's ids and defaults."""
    registered = {
        "id": str(payloads.snowflake()),
        "application_id": str(payloads.APPLICATION_ID),
        "version": str(payloads.snowflake()),
        "type": 1,
        "description": "",
        "default_member_permissions": None,
        "dm_permission": True,
        "contexts": None,
        "integration_types": [0],
        "nsfw": False,
        **{key: value for key, value in command.items() if value is not None},
    }
    if registered["default_member_permissions"] is not None:  # sent as a number or a string, kept as a string
        registered["default_member_permissions"] = str(registered["default_member_permissions"])
    if guild_id is not None:
        registered["guild_id"] = str(guild_id)
    return registered


def _callback_interaction(interaction_id: str, interaction: JsonDict, body: JsonDict) -> JsonDict:
    flags = (body.get("data") or {}).get("flags") or 0
    return {
        "id": interaction_id,
        "type": interaction.get("type", 2),
        "response_message_loading": body.get("type") == 5,
        "response_message_ephemeral": bool(flags & 64),
    }


_CLEARED: dict[str, Any] = {"content": "", "components": [], "flags": 0}  # what a null in an edit means


def _edited(original: JsonDict, body: JsonDict, files: list[RecordedFile]) -> JsonDict:
    """`original` after an edit-message body: only the fields sent change."""
    edited = dict(original)
    for key, empty in _CLEARED.items():
        if key in body:
            edited[key] = empty if body[key] is None else body[key]
    edited["components"] = _numbered(edited.get("components") or [])
    if "embeds" in body:
        edited["embeds"] = [_embed_as_sent(embed) for embed in body["embeds"] or []]
    if "attachments" in body or files:
        edited["attachments"] = _attachments(body, files, kept=original.get("attachments") or [])
    edited["edited_timestamp"] = payloads.iso_now()
    return edited


def _numbered(components: list[JsonDict]) -> list[JsonDict]:
    """Components as Discord stores them: each one gets a numeric id, depth first, unless it has one."""
    counter = itertools.count(1)

    def number(component: JsonDict) -> JsonDict:
        numbered = {**component, "id": component.get("id") or next(counter)}
        if isinstance(numbered.get("emoji"), dict):  # a unicode emoji comes back without an id, not id null
            numbered["emoji"] = {k: v for k, v in numbered["emoji"].items() if v is not None}
        for key in ("components", "accessory"):
            if isinstance(numbered.get(key), list):
                numbered[key] = [number(child) for child in numbered[key]]
            elif isinstance(numbered.get(key), dict):
                numbered[key] = number(numbered[key])
        return numbered

    return [number(component) for component in components]


def _embed_as_sent(embed: JsonDict) -> JsonDict:
    return {"type": "rich", **embed}


def _attachments(
    body: JsonDict, files: list[RecordedFile], kept: list[JsonDict] | None = None
) -> list[JsonDict]:
    """The attachments a body asks for: existing ones by id, new ones from the uploaded files."""
    existing = {attachment["id"]: attachment for attachment in kept or []}
    by_filename = {file.filename: file for file in files}
    attachments = []
    for wanted in body.get("attachments") or []:
        if str(wanted.get("id")) in existing:
            attachments.append(existing[str(wanted["id"])])
        else:
            attachments.append(_new_attachment(wanted.get("filename", "file"), by_filename))
    return attachments


def _new_attachment(filename: str, uploaded: dict[str, RecordedFile]) -> JsonDict:
    file = uploaded.get(filename)
    attachment_id = str(payloads.snowflake())
    url = f"https://cdn.discordapp.com/attachments/{payloads.CHANNEL_ID}/{attachment_id}/{filename}"
    return {
        "id": attachment_id,
        "filename": filename,
        "size": len(file.data) if file else 0,
        "url": url,
        "proxy_url": url,
        "content_type": file.content_type if file else "application/octet-stream",
    }


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py parses nothing else (aiohttp's json_response adds a charset).
    all_headers = {**(headers or {}), "Content-Type": "application/json"}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def _unknown_message() -> web.Response:
    return _json({"message": "Unknown Message", "code": 10008}, status=404)
