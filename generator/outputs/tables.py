"""The CSV tables: their columns, read from the models' fields, cells safe for spreadsheets, and their Table Schema.

A text cell that starts with =, +, -, @, a tab or a carriage return is what a spreadsheet runs
as a formula ('CSV Injection', OWASP): such a cell gets a leading ' and every text cell is quoted.
Numeric columns are written as bare numbers and never prefixed: their values come from the
models as numbers, so a leading - there is a negative number, never a formula, and a prefix
would turn the number into text that sums and charts skip.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator import urls
from generator.model.dates import PRECISIONS, FuzzyDate
from generator.outputs.fields import DATE_PART_HELP, DATE_PARTS, ModelField, date_parts, exported_help, model_fields

LIST_SEPARATOR = ";"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BRIEFING_COLUMN_HELP = f"The slug of the briefing the row belongs to: its page is {urls.briefing_page('<slug>')}."

Cell = str | int | float | None
Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One column of a table: its Table Schema field, and how a cell is taken from an item."""

    name: str
    cell: Callable[[Any], Cell]
    schema: dict[str, Any] = field(default_factory=dict)  # the Table Schema field without its name

    def field(self) -> dict[str, Any]:
        """The column as a Table Schema field."""
        return {"name": self.name, **self.schema}


def neutralise(value: Cell) -> Cell:
    """A cell a spreadsheet cannot run: text that starts like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _date_part(index: int) -> Callable[[FuzzyDate | None], str | None]:
    return lambda date: date_parts(date)[index]


def _range_part(index: int) -> Callable[[Any], Cell]:
    """value (a single number), value_low or value_high (the ends of a range)."""
    def part(value: Any) -> Cell:
        if isinstance(value, tuple):
            return value[index - 1] if index else None
        return value if index == 0 else None
    return part


def _then(get: Getter, convert: Callable[[Any], Cell]) -> Callable[[Any], Cell]:
    def cell(item: Any) -> Cell:
        value = get(item)
        return None if value is None else convert(value)
    return cell


def _columns_of(f: ModelField, name: str, get: Getter, required: bool) -> list[Column]:
    """The columns one field takes: one, or one per part of a date, a range or a nested model."""
    help_text = exported_help(f)
    required = required and f.info.is_required()
    constraints: dict[str, dict[str, Any]] = {"constraints": {"required": True}} if required else {}
    if f.kind == "date":
        parts = [Column(f"{name}_{part}", _then(get, _date_part(i)),
                        {"type": "string" if part == "precision" else "date",
                         "description": DATE_PART_HELP[part].format(name=name).replace("null", "empty"),
                         **({"constraints": {"enum": list(PRECISIONS)}} if part == "precision" else {})})
                 for i, part in enumerate(DATE_PARTS)]
        edtf = Column(name, _then(get, str),
                      {"type": "string", "description": f"{help_text} Written in EDTF.", **constraints})
        return [edtf, *parts]
    if f.kind == "range":
        help_range = {"": help_text + " Empty for a range.", "_low": "The low end of a range, else empty.",
                      "_high": "The high end of a range, else empty."}
        return [Column(name + suffix, _then(get, _range_part(i)), {"type": "number", "description": help})
                for i, (suffix, help) in enumerate(help_range.items())]
    if f.kind == "model" and f.model is not None:
        return [column for sub in model_fields(f.model)
                for column in _columns_of(sub, f"{name}_{sub.name}", _then(get, _getter(sub.name)),
                                          required and f.info.is_required())]
    if f.kind == "models":
        to_json: Callable[[Any], Cell] = lambda items: json.dumps(  # noqa: E731
            [item.model_dump(mode="json") for item in items], ensure_ascii=False)
        return [Column(name, _then(get, to_json), {"type": "array", "description": help_text})]
    if f.kind == "number":
        return [Column(name, get, {"type": "number", "description": help_text, **constraints})]
    schema: dict[str, Any] = {"type": "string", "description": help_text}
    if f.kind == "boolean":
        schema = {"type": "boolean", "description": help_text}
    elif f.kind == "list":
        schema = {"type": "list", "delimiter": LIST_SEPARATOR, "itemType": "string",
                  "description": help_text + f" Separated by '{LIST_SEPARATOR}'."}
    elif f.kind == "choice":
        constraints = {"constraints": {**constraints.get("constraints", {}), "enum": list(f.choices)}}
    return [Column(name, _then(get, _text), {**schema, **constraints})]


def _getter(name: str) -> Getter:
    return lambda item: getattr(item, name)


def columns(model: type[BaseModel]) -> list[Column]:
    """The columns of a table of one kind of item: the briefing's slug, then every field in order."""
    first = Column("briefing", lambda slug: slug, {"type": "string", "description": BRIEFING_COLUMN_HELP,
                                                   "constraints": {"required": True}})
    return [first, *(c for f in model_fields(model) for c in _columns_of(f, f.name, _getter(f.name), True))]


def table(model: type[BaseModel], rows: Iterable[tuple[str, BaseModel]]) -> str:
    """A CSV table: a header, then a row per (briefing slug, item); text quoted and neutralised."""
    return table_header(model) + table_rows(model, rows)


def table_header(model: type[BaseModel]) -> str:
    """The first line of a table: its column names."""
    out = io.StringIO()
    _writer(out).writerow([c.name for c in _columns(model)])
    return out.getvalue()


def table_rows(model: type[BaseModel], rows: Iterable[tuple[str, BaseModel]]) -> str:
    """A table's lines for some (briefing slug, item) pairs: tables joined from these are the whole table."""
    cells = [c.cell for c in _columns(model)[1:]]
    out = io.StringIO()
    _writer(out).writerows([neutralise(slug), *(neutralise(cell(item)) for cell in cells)] for slug, item in rows)
    return out.getvalue()


def _writer(out: io.StringIO) -> Any:
    # QUOTE_NONNUMERIC quotes every text cell and leaves the numbers bare, as the module docstring says.
    return csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)


@functools.cache
def _columns(model: type[BaseModel]) -> list[Column]:
    """columns(), made once per model: each briefing's rows are written apart (open_data.py)."""
    return columns(model)


def table_schema(model: type[BaseModel], primary_key: Sequence[str],
                 foreign_keys: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The Table Schema of a table: its fields, and the keys that hold in it."""
    schema: dict[str, Any] = {"fields": [c.field() for c in columns(model)], "primaryKey": list(primary_key)}
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    return schema
