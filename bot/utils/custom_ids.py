"""custom_id formats of persistent controls, as the regex templates discord.py's DynamicItem matches."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["template"]


def template(custom_id_format: str, parts: Mapping[str, str]) -> str:
    """The DynamicItem template of `custom_id_format` ("faq:page:{owner_id}:{page}"): the format escaped,
    each {name} a named group matching `parts[name]`."""
    escaped = re.escape(custom_id_format)
    return re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>{parts[m[1]]})", escaped)
