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


def _number_hint(text: str) -> str:
    """How to write text that looks like a number with separators as the plain number YAML reads."""
    text = text.strip()
    # 12.000, 1.500.000 or 34.000,5: '.' between thousands (tried first: "12.000" unquoted is refused too)
    if DOTTED_THOUSANDS.fullmatch(text) or re.fullmatch(r"-?\d{1,3}(?:(\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)", text):
        return f"write {text.replace('.', '').replace(',', '.')} without thousands separators"
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return f"write {text} without the quotes around it"
    if re.fullmatch(r"-?\d{1,3}((,\d{3})+|( \d{3})+)(\.\d+)?", text):  # 10,000 or 12 000 or 1,234.5
        return f"write {re.sub(r'[, ]', '', text)} without thousands separators"
    if re.fullmatch(r"-?\d{1,3}( \d{3})+,\d+", text):  # 12 000,5
        return f"write {text.replace(' ', '').replace(',', '.')} without thousands separators"
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
