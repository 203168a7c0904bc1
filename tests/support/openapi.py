"""Check what the bot sends to Discord against Discord's published OpenAPI spec.

    validate_request("POST", "/api/v10/interactions/1/tok/callback", body)  # AssertionError if invalid

The spec (github.com/discord/discord-api-spec) lives beside the repository, in ../shared. Operations are
found by matching a concrete request path against the spec's path templates, and the operation's
``requestBody.content["application/json"].schema`` is checked with jsonschema (draft 2020-12, the dialect
of OpenAPI 3.1), resolving ``$ref``s through a referencing Registry holding the whole document.
Multipart requests (discord.py's file uploads) are checked by passing their decoded ``payload_json``.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "discord-api-spec" / "openapi.json"

_SPEC_URI = "urn:discord-api-spec"
_HTTP_METHODS = ("get", "put", "post", "patch", "delete")
_API_PREFIX = re.compile(r"^/api/v\d+(?=/)")
_UNIONS = ("anyOf", "oneOf")
_PERMISSION_FIELDS = frozenset({"default_member_permissions", "permissions", "allow", "deny"})


@dataclass(frozen=True)
class Operation:
    """One method on one path template of the spec."""

    method: str
    template: str
    operation_id: str
    pointer: str  # JSON pointer to the operation object inside the spec


class DiscordSpec:
    """Discord's OpenAPI document, ready to validate request and response bodies.

    With accept_discord_coercions (the default) `document` is loosened in place where Discord accepts
    more than the spec declares; see _accept_discord_coercions.
    """

    def __init__(self, document: dict[str, Any], *, accept_discord_coercions: bool = True) -> None:
        if accept_discord_coercions:
            _accept_discord_coercions(document)
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
        self._routes = _compile_routes(document)

    @classmethod
    def load(cls, path: Path = SPEC_PATH, *, accept_discord_coercions: bool = True) -> DiscordSpec:
        if not path.is_file():
            raise FileNotFoundError(
                f"Discord OpenAPI spec not found at {path.resolve()}; clone "
                "https://github.com/discord/discord-api-spec into ../shared/discord-api-spec"
            )
        document = json.loads(path.read_text(encoding="utf-8"))
        return cls(document, accept_discord_coercions=accept_discord_coercions)

    def operation(self, method: str, path: str) -> Operation:
        """The operation serving `method path`; `path` may be concrete, a template, or a full URL."""
        method = method.upper()
        path = _normalize_path(path)
        matches = [route for route in self._routes if route.method == method and route.regex.fullmatch(path)]
        if not matches:
            raise AssertionError(f"{method} {path}: no such operation in Discord's OpenAPI spec")
        # "/messages/@original" must win over "/messages/{message_id}".
        return max(matches, key=lambda route: route.literal_segments).operation

    def request_violations(self, method: str, path: str, body: Any) -> list[str]:
        """Readable spec violations of a JSON request body ([] when valid)."""
        operation = self.operation(method, path)
        request_body = self._node(operation.pointer).get("requestBody")
        if request_body is None:
            return [] if body is None else ["$: the spec defines no request body for this operation"]
        if body is None:
            return ["$: a request body is required"] if request_body.get("required") else []
        schema_pointer = f"{operation.pointer}/requestBody/content/application~1json/schema"
        return self._violations(schema_pointer, body)

    def validate_request(self, method: str, path: str, body: Any) -> None:
        """Raise AssertionError listing every way `body` breaks the spec for `method path`."""
        _raise_if_any(self.operation(method, path), self.request_violations(method, path, body), "request")

    def response_violations(self, method: str, path: str, body: Any, status: int = 200) -> list[str]:
        """Readable spec violations of a JSON response body, e.g. to keep a fake Discord honest."""
        operation = self.operation(method, path)
        responses = self._node(operation.pointer)["responses"]
        key = next((k for k in (str(status), f"{status // 100}XX", "default") if k in responses), None)
        if key is None:
            return [f"$: the spec lists no {status} response for this operation"]
        response_pointer = _follow_ref(responses[key], f"{operation.pointer}/responses/{key}")
        if "application/json" not in self._node(response_pointer).get("content", {}):
            return [] if body in (None, "") else [f"$: the spec defines no body for a {status} response"]
        return self._violations(f"{response_pointer}/content/application~1json/schema", body)

    def validate_response(self, method: str, path: str, body: Any, status: int = 200) -> None:
        violations = self.response_violations(method, path, body, status)
        _raise_if_any(self.operation(method, path), violations, f"{status} response")

    def _violations(self, schema_pointer: str, instance: Any) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"{_SPEC_URI}#{schema_pointer}"}, registry=self._registry, format_checker=_FORMATS
        )
        # iter_errors follows the schema's keyword order, so the listing is stable between runs.
        return [violation for error in validator.iter_errors(instance) for violation in _explain(error)]

    def _node(self, pointer: str) -> Any:
        node: Any = self.document
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node


@functools.cache
def default_spec() -> DiscordSpec:
    """The spec at SPEC_PATH, parsed once per test session."""
    return DiscordSpec.load()


def validate_request(method: str, path: str, body: Any) -> None:
    """Raise AssertionError if `body` is not what Discord's spec accepts for `method path`."""
    default_spec().validate_request(method, path, body)


def validate_response(method: str, path: str, body: Any, status: int = 200) -> None:
    """Raise AssertionError if `body` is not what Discord's spec says it answers to `method path`."""
    default_spec().validate_response(method, path, body, status)


# --- path templates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Route:
    method: str
    regex: re.Pattern[str]
    literal_segments: int
    operation: Operation


def _compile_routes(document: dict[str, Any]) -> list[_Route]:
    routes = []
    for template, item in document["paths"].items():
        segments = template.strip("/").split("/")
        regex = re.compile("/" + "/".join(_segment_regex(segment) for segment in segments))
        literal_segments = sum("{" not in segment for segment in segments)
        for method in _HTTP_METHODS:
            if method in item:
                pointer = f"/paths/{_escape(template)}/{method}"
                operation = Operation(method.upper(), template, item[method].get("operationId", ""), pointer)
                routes.append(_Route(method.upper(), regex, literal_segments, operation))
    return routes


def _segment_regex(segment: str) -> str:
    # A template segment such as "{channel_id}" matches any one concrete segment (or the template itself).
    return re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(segment))


def _normalize_path(path: str) -> str:
    path = urlsplit(path).path if "://" in path else path.split("?", 1)[0]
    return _API_PREFIX.sub("", path).rstrip("/") or "/"


def _escape(pointer_part: str) -> str:
    return pointer_part.replace("~", "~0").replace("/", "~1")


def _follow_ref(node: dict[str, Any], pointer: str) -> str:
    ref = node.get("$ref")
    return ref.removeprefix("#") if isinstance(ref, str) else pointer


# --- readable errors --------------------------------------------------------------------------------------


def _raise_if_any(operation: Operation, violations: list[str], what: str) -> None:
    if violations:
        listed = "\n".join(f"  - {violation}" for violation in violations)
        raise AssertionError(
            f"{operation.method} {operation.template} ({operation.operation_id}): {what} body breaks "
            f"Discord's OpenAPI spec:\n{listed}"
        )


def _explain(error: ValidationError) -> list[str]:
    """Turn one jsonschema error into violations, descending into the union branch that was meant."""
    if error.validator not in _UNIONS or not error.context:
        return [f"{error.json_path}: {_describe(error)}"]
    branches = _errors_by_branch(error)
    meant = [errors for errors in branches.values() if not any(_rules_out_branch(e) for e in errors)]
    if not meant:
        return [f"{error.json_path}: {_no_branch_message(error, branches)}"]
    # Discord's unions are tagged by a "type" field; several candidates remain only for untagged ones,
    # where the candidate with the fewest complaints is the likeliest intent.
    closest = min(meant, key=len)
    return [violation for branch_error in closest for violation in _explain(branch_error)]


def _describe(error: ValidationError) -> str:
    limit = error.validator_value
    if error.validator in ("maxLength", "minLength", "maxItems", "minItems") and isinstance(limit, int):
        size = len(error.instance)
        unit = "characters" if "Length" in str(error.validator) else "items"
        bound = "at most" if str(error.validator).startswith("max") else "at least"
        return f"{size} {unit}, but {bound} {limit} allowed"
    # jsonschema starts most messages with the instance's repr, which can be the whole body.
    message, instance = error.message, repr(error.instance)
    if message.startswith(instance):
        message = _shorten(instance, 60) + message[len(instance) :]
    return _shorten(message)


def _errors_by_branch(error: ValidationError) -> dict[int, list[ValidationError]]:
    branches: dict[int, list[ValidationError]] = defaultdict(list)
    for branch_error in error.context or []:
        branches[int(branch_error.relative_schema_path[0])].append(branch_error)
    return branches


def _rules_out_branch(error: ValidationError) -> bool:
    """True when an error shows its union branch was never the intended one."""
    at_union = not error.relative_path
    wrong_json_type = at_union and error.validator == "type"  # e.g. the {"type": "null"} branch
    wrong_constant = at_union and error.validator in ("const", "enum")
    wrong_tag = list(error.relative_path) == ["type"]  # the "type" discriminator names another variant
    return wrong_json_type or wrong_constant or wrong_tag


def _no_branch_message(error: ValidationError, branches: dict[int, list[ValidationError]]) -> str:
    errors = [e for branch_errors in branches.values() for e in branch_errors]
    tags = _allowed_values(e for e in errors if list(e.relative_path) == ["type"])
    if tags and isinstance(error.instance, dict):
        tag = _shorten(repr(error.instance.get("type")))
        return f"'type' is {tag}, which no variant accepts; use one of {tags}"
    constants = _allowed_values(e for e in errors if not e.relative_path)
    if constants:
        return f"{_shorten(repr(error.instance))} is not one of {constants}"
    expected = sorted({str(t) for e in errors if e.validator == "type" for t in _as_list(e.validator_value)})
    return f"{_shorten(repr(error.instance))} is none of the allowed types {expected}"


def _allowed_values(errors: Iterable[ValidationError]) -> list[Any]:
    values: set[Any] = set()
    for error in errors:
        if error.validator == "enum":
            values.update(error.validator_value)
        elif error.validator == "const":
            values.add(error.validator_value)
    return sorted(values, key=lambda value: (type(value).__name__, value))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- formats and known spec/reality gaps ------------------------------------------------------------------

# Only formats Discord really enforces; jsonschema's own checkers depend on optional packages.
_FORMATS = FormatChecker(formats=())


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    # attachment://name.png refers to a file uploaded with the same message.
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "attachment")


def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        datetime.fromisoformat(value)
    return True


_FORMATS.checks("uri", raises=ValueError)(_is_uri)
_FORMATS.checks("date-time", raises=ValueError)(_is_date_time)


def _accept_discord_coercions(document: dict[str, Any]) -> None:
    """Loosen the spec where Discord accepts, and discord.py sends, another JSON type than it declares."""
    # Snowflakes are declared as strings; Discord also takes integers, which discord.py sends
    # (e.g. allowed_mentions.users). "pattern" only constrains strings, "minimum" only numbers.
    snowflake = document["components"]["schemas"]["SnowflakeType"]
    snowflake["type"] = ["string", "integer"]
    snowflake["minimum"] = 0
    # Permission bitfields are declared as integers in some request schemas (default_member_permissions,
    # overwrites); Discord documents and accepts decimal strings too. discord.py 2.7 sends integers.
    for schema in _property_schemas(document, _PERMISSION_FIELDS):
        types = _as_list(schema.get("type"))
        if "integer" in types:
            schema["type"] = [*types, "string"]
            schema["pattern"] = "^[0-9]+$"


def _property_schemas(node: Any, names: frozenset[str]) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        for name, schema in node.get("properties", {}).items():
            if name in names and isinstance(schema, dict):
                yield schema
        for child in node.values():
            yield from _property_schemas(child, names)
    elif isinstance(node, list):
        for child in node:
            yield from _property_schemas(child, names)
