"""The regex templates persistent controls are matched by."""

from __future__ import annotations

import re

from bot.utils.custom_ids import template


def test_a_custom_id_format_becomes_a_template_of_named_parts() -> None:
    pattern = re.compile(
        template("faq:page:{owner_id}:{page}", {"owner_id": r"\d{1,20}", "page": r"\d{1,4}"})
    )
    found = pattern.fullmatch("faq:page:123:4")
    assert found is not None and found["owner_id"] == "123" and found["page"] == "4"
    assert pattern.fullmatch("faq:page:abc:4") is None
    assert pattern.fullmatch("faqXpage:1:2") is None  # the format's own characters are literal
