"""How each model field becomes open data: its kind, a date's computed days, and a record as JSON.

Everything is read from the pydantic models' own fields, so a field added to the contract
reaches the JSON, its schema and the CSV columns without a change here.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.dates import PRECISIONS, FuzzyDate

# Beside every EDTF date `<name>`: `<name>_start`, `<name>_end` and `<name>_precision`.
DATE_PARTS = ("start", "end", "precision")
DATE_PART_HELP = {
    "start": "The earliest day {name} may mean, as an ISO 8601 date; null when the interval's start is "
             "open or unknown.",
    "end": "The latest day {name} may mean, as an ISO 8601 date; null when the interval's end is open or "
           "unknown.",
    "precision": "How precise {name} is (of its first known end): " + ", ".join(PRECISIONS) + ".",
}

Kind = Literal["text", "choice", "list", "number", "range", "boolean", "date", "model", "models"]


@dataclass(frozen=True)
class ModelField:
    """One field of a model, with what kind of value it holds."""

    name: str
    kind: Kind
    info: FieldInfo
    model: type[BaseModel] | None = None  # the nested model, for kinds 'model' and 'models'
    choices: tuple[str, ...] = ()  # the allowed values, for kind 'choice'


def exported_help(f: ModelField) -> str:
    """A field's description as the open data gives it (the JSON Schema's and the data package's)."""
    about = f.info.description or ""
    return sources_help(about) if f.name == "sources" and f.kind == "list" else about


def sources_help(description: str) -> str:
    """An item's sources as exported: what it cites, inline too, not only what it lists (open_data._as_cited)."""
    return f"{description.rstrip('.')}: those listed, then those its text cites inline ([@id]), once each."


def _kind(annotation: Any) -> tuple[Kind, type[BaseModel] | None, tuple[str, ...]]:
    """The kind of value an annotation holds: None and Annotated's extras set aside."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _kind(args[0])
    if origin in (Union, types.UnionType):
        kinds = [_kind(arg) for arg in args if arg is not types.NoneType]
        names = {kind for kind, _, _ in kinds}
        if names == {"number", "range"}:  # a number or a [low, high] range
            return "range", None, ()
        return kinds[0] if len(names) == 1 else ("text", None, ())
    if origin is list:
        kind, model, _ = _kind(args[0])
        return ("models", model, ()) if kind == "model" else ("list", None, ())
    if origin is tuple:
        return "range", None, ()
    if origin is Literal:
        return "choice", None, tuple(str(arg) for arg in args)
    if annotation is bool:
        return "boolean", None, ()
    if annotation in (int, float):
        return "number", None, ()
    if annotation is FuzzyDate:
        return "date", None, ()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation, ()
    return "text", None, ()


@cache
def model_fields(model: type[BaseModel]) -> tuple[ModelField, ...]:
    """The fields of a model in their order, each with its kind."""
    result = []
    for name, info in model.model_fields.items():
        kind, nested, choices = _kind(info.annotation)
        result.append(ModelField(name, kind, info, nested, choices))
    clash = {f"{f.name}_{part}" for f in result if f.kind == "date" for part in DATE_PARTS} & set(model.model_fields)
    if clash:  # a field would be overwritten by a date's computed value
        raise TypeError(f"{model.__name__}: the fields {sorted(clash)} clash with the computed date values")
    return tuple(result)


def date_parts(date: FuzzyDate | None) -> tuple[str | None, str | None, str | None]:
    """A date's earliest and latest day (ISO 8601) and its precision; None for what is unknown."""
    if date is None:
        return None, None, None
    last = date.end if date.is_interval else date.start
    return (date.lower.isoformat() if date.start else None, date.upper.isoformat() if last else None,
            date.precision)


@cache
def _plain(model: type[BaseModel]) -> bool:
    """True when a model's JSON needs nothing added: no date, and no model inside that has one."""
    return all(f.kind not in ("date", "model", "models") or (f.model is not None and _plain(f.model))
               for f in model_fields(model))


def record(item: BaseModel) -> dict[str, Any]:
    """An item as JSON data: its fields as pydantic writes them, and the computed days beside each date."""
    return _with_dates(item, item.model_dump(mode="json"))


def _with_dates(item: BaseModel, data: dict[str, Any]) -> dict[str, Any]:
    model = type(item)
    if _plain(model):
        return data
    out: dict[str, Any] = {}
    for field in model_fields(model):
        name = field.name
        value = getattr(item, name)
        out[name] = data[name]
        if field.kind == "date":
            for part, computed in zip(DATE_PARTS, date_parts(value), strict=True):
                out[f"{name}_{part}"] = computed
        elif field.kind == "model" and value is not None:
            out[name] = _with_dates(value, data[name])
        elif field.kind == "models":
            out[name] = [_with_dates(v, d) for v, d in zip(value, data[name], strict=True)]
    return out
