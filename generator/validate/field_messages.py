"""What a contributor is told of a field pydantic rejected: the message, the hint, and where the field stands."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.exceptions import Problem
from generator.load.reader import YAML11_BOOLS, Document
from generator.model.annotations import models_in
from generator.model.contract import ID_HINT
from generator.urls import slugify
from generator.validate import misread, source_links

LIST_HINT = "write one '- item' per line, or [a, b] on one line"


def _field_of(loc: tuple[Any, ...]) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "item"


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The part of pydantic's error location that really exists in the data."""
    path: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and part < len(data)):
            data = data[part]
        else:
            if isinstance(part, str) and isinstance(data, dict):
                path.append(part)  # a missing or unknown key: its parent locates it
            break
        path.append(part)
    return tuple(path)


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):  # as YAML writes it, not as Python does ('True')
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _custom(kind: str, name: str, value: Any, text: str, ctx: dict[str, Any]) -> tuple[str, str]:
    """Our own validators' errors (dates, links, values), with the field named first."""
    hint = str(ctx.get("hint", ""))
    if kind in ("date_syntax", "date_type"):
        shown = str(value)[:60]
        # dates.py starts its messages with the date itself; say it once, after the field.
        for prefix in (f"'{shown}': ", f"'{shown}' "):
            if text.startswith(prefix):
                text = ("" if prefix.endswith(": ") else "it ") + text[len(prefix):]
        if kind == "date_type":
            return f"'{name}' must be a date written as text, not {describe(value)}", \
                "write it like 2024-10-28, 2024-10 or 2024; put it in quotes if in doubt"
        return f"'{name}' cannot be '{shown}': {text}", hint
    if kind == "url_scheme":
        shown_url = str(value).strip()
        if re.match(r"^(www\.|[a-z0-9-]+\.[a-z]{2,}(/|$))", shown_url, re.I):
            return (f"'{name}' must be an http or https link, not {describe(value)}",
                    f"add https:// in front: https://{shown_url}")
        return (f"'{name}' must be an http or https link, not {describe(value)}",
                "write the full address, starting with https://; other kinds of link (javascript:, "
                "file:, data:) are not allowed")
    if kind == "url_syntax":
        return f"'{name}' is not a complete web address: {describe(value)}", hint
    if kind == "url_type":
        return f"'{name}' must be a link written as text, not {describe(value)}", \
            "write the full address, starting with https://"
    if kind == "language":  # the hint is language_codes.py's: the code meant, or why it names no language
        return f"'{name}' must be a BCP 47 language code, not {describe(value)}", hint
    if kind == "figure_value":
        if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d\d(:\d\d)?", value.strip()):
            hint = "this looks like a time of day; write the figure as a plain number such as 10000"
        return f"'{name}' must be a number or a range [low, high], not {describe(value)}", hint
    if kind == "likelihood":
        return f"'{name}' must be a term of the likelihood scale, not {describe(value)}", hint
    if kind == "original_conflict":
        return f"'{name}' cannot be given with 'original': {text}", hint
    if kind == "range_order":
        return (f"'{name}' is a reversed range [{ctx.get('low')}, {ctx.get('high')}]",
                f"the low end comes first: {hint}")
    return f"'{name}': {text}", hint


def _fields_under(model: type[BaseModel], name: str) -> str:
    """The required fields of the record model's field name holds, as lines to write: 'lang: …' and 'text: …'."""
    held = _nested_model(model, (name, ""))  # the model owning a field under it
    required = [f"'{n}: …'" for n, f in held.model_fields.items() if f.is_required()] if held is not model else []
    if not required:
        return "'field: value' lines"
    return " and ".join([", ".join(required[:-1]), required[-1]] if len(required) > 1 else required)


def _message(error: Any, model: type[BaseModel], item: str, today: dt.date | None = None) -> tuple[str, str]:
    """A contributor's message and hint for one pydantic error (today: the day a missing 'updated' is shown)."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    name = _field_of(loc)
    ctx = error.get("ctx") or {}
    fields = model.model_fields
    described = fields[name].description if name in fields else ""
    if kind == "missing":
        # A briefing's review date is most often the day it is written: shown as the guide writes it.
        example = f"{name}: {today.isoformat()}' (today)" if name == "updated" and today else f"{name}: …'"
        return (f"the required field '{name}' is missing{item}",
                f"add '{example} — {described}".rstrip(" —"))
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the fields here are: {', '.join(fields)}"
        return f"unknown field '{name}'{item}", hint
    if kind in ("bool_type", "bool_parsing"):
        hint = "write true or false"
        if isinstance(value, str) and value.lower() in YAML11_BOOLS:
            hint = f"write true or false: '{value}' is read as text, not as a yes/no (YAML 1.2)"
        return f"'{name}' must be true or false, not {describe(value)}", hint
    required = name in fields and fields[name].is_required()
    if kind == "string_type" and value is None:
        return (f"'{name}' is empty",
                f"write a value after '{name}: ' (it is required)" if required else
                f"write a value after '{name}: ', or remove the line: it is optional")
    if kind == "string_type" and loc and isinstance(loc[-1], int):
        return (f"each item of '{name}' must be text, not {describe(value)}",
                f"write the items of '{name}' as [a, b] or one '- item' per line; check that the "
                "lines below it are not indented under it by mistake")
    if kind == "string_type" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        # A title in square brackets is one the editors supplied (Source.title_supplied): unquoted, YAML reads a
        # list, cut at each comma ('[Press briefing, 28 October]' is two items): put back as written, in quotes.
        supplied = f'{name}: "[{", ".join(value)}]", in quotes, for a title you supply' if name == "title" else ""
        if len(value) == 1:
            return (f"'{name}' must be text, not {describe(value)}",
                    f"'{name}' takes one value: write {name}: {value[0]}" + (f" (or {supplied})" if supplied else ""))
        return (f"'{name}' must be text, not {describe(value)}",
                f"write {supplied}" if supplied else f"'{name}' takes one value, not a list: keep one of "
                f"{', '.join(value[:4])}")
    if kind == "string_type":
        hint = "write it as one piece of text; put it in quotes if it contains ': ' or starts with [ or {"
        return f"'{name}' must be text, not {describe(value)}", hint
    if kind == "string_too_short":
        return f"'{name}' is empty", ("write a value (it is required)" if required else
                                      "write a value, or remove the line: it is optional")
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return (f"'{name}' is too long ({len(str(value))} characters; the limit is {limit})",
                "shorten it" + ("; longer text belongs in a summary, which may be Markdown"
                                if name != "summary" and "summary" in fields else ""))
    if kind == "string_pattern_mismatch":
        if name == "reliability":
            upper = str(value).strip().upper()
            return (f"'reliability' must be an Admiralty code such as B2, not {describe(value)}",
                    f"write {upper} (a capital letter)" if re.fullmatch(r"[A-F][1-6]", upper) else
                    "a letter A–F (how reliable the source is) then a digit 1–6 (how credible "
                    "the information is)")
        suggestion = slugify(str(value))
        if name == "tags" and suggestion and isinstance(loc[-1], int):  # a tag written as readers should see it
            # Its name in quotes, as a JSON string is a YAML one: 'name: a: b' was itself no YAML.
            named = json.dumps(str(value).strip(), ensure_ascii=False)
            return (f"'tags' must hold ids of lowercase letters, digits and hyphens, not {describe(value)}",
                    f"write {suggestion} here; to show it as '{str(value).strip()}', name it once in "
                    f"briefings/tags.yaml: '- id: {suggestion}' with 'name: {named}' under it")
        return (f"'{name}' must hold ids of lowercase letters, digits and hyphens, not {describe(value)}"
                if isinstance(loc[-1], int) else f"'{name}' cannot be {describe(value)}: it is not a valid id",
                ID_HINT + (f"; here '{suggestion}'" if suggestion else ""))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(options)}"
        return f"'{name}' must be one of {', '.join(options)}, not {describe(value)}", hint
    if kind in ("list_type", "tuple_type"):
        if isinstance(value, str | int):
            items = [slugify(part) if name in ("tags", "actors", "sources")
                     else part.strip() for part in str(value).split(",")]
            hint = f"write [{', '.join(i for i in items if i)}]"
        else:
            hint = LIST_HINT
        return f"'{name}' must be a list, not {describe(value)}", hint
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if loc and isinstance(loc[-1], int):
            hint = ("write '- text: …' with 'sources: [source-id]' under it, indented"
                    if name == "key_points" else "write each item as '- field: value', with its "
                    "other fields indented under it")
            return f"each item of '{name}' must be a group of fields, not {describe(value)}", hint
        return (f"'{name}' must be a group of fields, not {describe(value)}",
                f"write its fields under it, indented: {_fields_under(model, name)}")
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return f"'{name}' must be a number, not {describe(value)}", "write digits only, e.g. 10000"
    return _custom(kind, name, value, str(error["msg"]), ctx)


def _nested_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that owns the last field of loc (key_points, original, … have their own)."""
    inner = model
    for part in loc[:-1]:
        if isinstance(part, str) and part in inner.model_fields:
            held = models_in(inner.model_fields[part].annotation)
            inner = held[-1] if held else inner
    return inner


def problems_of(err: ValidationError, doc: Document, base: tuple[str | int, ...], data: Any,
                model: type[BaseModel], kind: str = "", today: dt.date | None = None) -> list[Problem]:
    """Each of err's errors as a located Problem (data is the item at base in doc; kind names it, 'event').

    today: the day the hint of a missing 'updated' suggests.
    """
    errors = err.errors()
    # A misspelt field ('titel') is reported once, as unknown with a did-you-mean, not also as missing.
    misspelt: set[tuple[tuple[Any, ...], str]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            inner = _nested_model(model, tuple(error["loc"]))
            close = difflib.get_close_matches(_field_of(error["loc"]), list(inner.model_fields), n=1)
            misspelt.update((tuple(error["loc"][:-1]), c) for c in close)
    item_id = data.get("id") if isinstance(data, dict) else None
    item = f" in the {kind} '{item_id}'" if kind and isinstance(item_id, str) else ""
    found = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in misspelt:
            continue
        path = (*base, *_data_path(data, loc))
        is_key = error["type"] == "extra_forbidden"
        if error["type"] == "missing":
            path = path[:-1]  # point at the item that lacks the field
        line, column = doc.where(path, key=is_key)
        code = error["type"]
        if (code == "string_pattern_mismatch" and _field_of(loc) == "sources" and isinstance(loc[-1], int)
                and source_links.is_link(error.get("input"))):
            # A source's link for its id: source_links.with_hints names the source that has it.
            message, hint, code = source_links.message(error["input"]), source_links.HINT, source_links.CODE
        else:
            message, hint = misread.reread(_field_of(loc), code, error.get("input"), isinstance(loc[-1], int),
                                           *_message(error, _nested_model(model, loc), item, today))
        found.append(Problem(doc.path, line, column, message, hint, field=_field_of(loc), code=code))
    return found
