"""What a value that failed its check most likely was, when YAML read it otherwise than it looks.

A list item indented unlike the others is folded into the one above ('north-korea - russia'); ids
written with a space between them are one id ('src-a src-b'); a character pasted from a word
processor can be invisible. The message and hint then say that, not what the value's check says.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load.yaml_errors import PASTED, odd_character
from generator.model.contract import ID_PATTERN

_FOLDED = re.compile(r"\S+(?: - \S+)+")  # the items of a list YAML read as one text
_ID = re.compile(ID_PATTERN)
_UNSEEN = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters


def reread(name: str, kind: str, value: Any, in_list: bool, message: str, hint: str) -> tuple[str, str]:
    """The message and hint for value, the input of a failed check (pydantic's error type kind) of the field name.

    in_list: the value is an item of a list (tags, sources).
    """
    if not isinstance(value, str):
        return message, hint
    odd = odd_character(value) if kind not in ("string_too_long", "string_too_short") else None
    # In an id, any such character is the fault; elsewhere only one that cannot be seen at all (a date
    # with non-breaking spaces keeps its own hint: 'write 2024-10-28').
    if odd and (kind == "string_pattern_mismatch" or value[odd[0]] in _UNSEEN):
        return message, f"it holds {odd[1]}, which cannot be seen: delete it ({PASTED})"
    if kind not in ("string_pattern_mismatch", "string_too_long"):  # an id's checks
        return message, hint
    if in_list and _FOLDED.fullmatch(value) and all(_ID.match(part) for part in value.split(" - ")):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return (f"'{name}' reads as one text, '{shown}': the '- ' lines below its first item are indented "
                "differently, so YAML took them for more of its words",
                "indent every '- ' of the list the same (two spaces under the field's name)")
    parts = value.split()
    if len(parts) > 1 and all(_ID.match(part) for part in parts):
        return message, f"these are {len(parts)} ids: separate them with commas, [{', '.join(parts)}]"
    return message, hint
