"""A figure's value as a contributor writes it: a number or a [low, high] range, never text like '10,000'.

YAML reads 12.000 as twelve; the loader marks such numbers (DottedThousands) so that a figure's value
refuses them, with the fix, while a latitude of 50.000 stays the float it reads as.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

Number = int | float


class DottedThousands(float):
    """An unquoted number such as 12.000: YAML reads twelve, a contributor may have meant twelve thousand.

    The loader makes these (load/reader.py) so that a figure's value can refuse them; anywhere else
    (a latitude of 50.000) they are the float they read as.
    """

    text: str  # as written

    def __new__(cls, text: str) -> DottedThousands:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[Any, ...]:  # the document cache pickles loaded values
        return DottedThousands, (self.text,)


# 12.000, 3.000: nobody writes zeros after a decimal point in a figure; a '.' between thousands does.
DOTTED_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.000)+")


def _plain(text: str) -> tuple[str, str] | None:
    """A number written with separators or in quotes, as YAML reads it plainly, and what to leave out; else None."""
    text = text.strip()
    # 12.000, 1.500.000 or 34.000,5: '.' between thousands (tried first: "12.000" unquoted is refused too)
    if DOTTED_THOUSANDS.fullmatch(text) or re.fullmatch(r"-?\d{1,3}(?:(\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)", text):
        return text.replace(".", "").replace(",", "."), "thousands separators"
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text, "the quotes around it"
    if re.fullmatch(r"-?\d{1,3}((,\d{3})+|( \d{3})+)(\.\d+)?", text):  # 10,000 or 12 000 or 1,234.5
        return re.sub(r"[, ]", "", text), "thousands separators"
    if re.fullmatch(r"-?\d{1,3}( \d{3})+,\d+", text):  # 12 000,5
        return text.replace(" ", "").replace(",", "."), "thousands separators"
    return None


# A number said roughly ('about 3000', 'c. 3000', '~3000'), and a range said in words ('500-600', '500 to 600').
_ROUGHLY = re.compile(r"(?:c\.|ca\.?|circa|about|around|approx\.?|approximately|roughly|nearly|almost|some|~)"
                      r"(?![a-z])\s*(?P<rest>\S.*)", re.I)
_RANGE = re.compile(r"(?:between\s+)?(?P<low>\S.*?)\s*(?:[-\u2013\u2014]|\s(?:to|and)\s)\s*(?P<high>\S.*)", re.I)


def _range(text: str) -> str | None:
    """'500-600', '500–600' or '500 to 600' as the range YAML reads: '[500, 600]'; None for anything else."""
    match = _RANGE.fullmatch(text.strip())
    ends = [_plain(match[end]) for end in ("low", "high")] if match else []
    if not ends or None in ends:
        return None
    low, high = (end[0] for end in ends if end is not None)
    return f"[{low}, {high}]" if float(low) < float(high) else None


def _number_hint(text: str) -> str:
    """How to write text that looks like a number, a range or a rough number as the plain value YAML reads."""
    text = text.strip()
    roughly = _ROUGHLY.fullmatch(text)
    if roughly:  # what 'about' says is the figure's approximate, not its value
        plain, as_range = _plain(roughly["rest"]), _range(roughly["rest"])
        if plain or as_range:
            return (f"write {plain[0]}" if plain else f"write {as_range} (a range)") + \
                ", with 'approximate: true' under it"
    as_range = _range(text)
    if as_range:
        return f"write {as_range} (a range)"
    plain = _plain(text)
    if plain:
        return f"write {plain[0]} without {plain[1]}"
    return "write a plain number such as 10000 (no commas or words), or a range [10000, 12000]"


def _check_value(value: Any) -> Number | tuple[Number, Number]:
    """Accept a number or a [low, high] range; refuse text such as '10,000', and 12.000, with a hint."""
    def number(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    for each in value if isinstance(value, list | tuple) else [value]:
        if isinstance(each, DottedThousands):
            whole, thousands = each.text.split(".")[0], each.text.replace(".", "")
            raise PydanticCustomError(
                "figure_dotted", "{text} is read as {whole}: a '.' marks decimals, not thousands",
                {"text": each.text, "whole": whole,
                 "hint": f"write {thousands} if the '.' separates thousands, or {whole} if it does not"})
    if number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, list | tuple) and len(value) == 2 and all(number(v) for v in value):
        low, high = value
        if low > high:
            raise PydanticCustomError("range_order", "the range [{low}, {high}] is reversed",
                                      {"low": low, "high": high, "hint": f"write [{high}, {low}]"})
        return (low, high)
    hint = _number_hint(value) if isinstance(value, str) else _number_hint("")
    raise PydanticCustomError("figure_value", "a figure's value must be a number or [low, high]",
                              {"hint": hint})


FigureValue = Annotated[
    Number | tuple[Number, Number],
    PlainValidator(_check_value),
    # pydantic's own JSON serializer warns on the (low, high) tuple; a list is what JSON holds.
    PlainSerializer(lambda v: list(v) if isinstance(v, tuple) else v, when_used="json"),
    WithJsonSchema({"oneOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}]}),
]
