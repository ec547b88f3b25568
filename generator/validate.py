"""Validate stage: loaded YAML → pydantic models → a Site, with every problem located.

Types are checked item by item, so one bad event does not hide the problems of the others;
cross-references are checked afterwards on everything that was valid (see crossref.py).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from . import crossref
from .exceptions import DataError, Problem
from .load import LIST_FILES, YAML11_BOOLS, Document, RawBriefing, RawSite
from .model import ID_HINT, ITEM_MODELS, KIND_NAMES, Briefing, BriefingFile, Record, Site

LIST_HINT = "write one '- item' per line, or [a, b] on one line"


def _field_of(loc: tuple[Any, ...]) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "item"


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The part of pydantic's error location that really exists in the data."""
    path: list[str | int] = []
    for part in loc:
        if (isinstance(data, dict) and part in data) or (isinstance(data, list) and isinstance(part, int) and part < len(data)):
            data = data[part]
        else:
            if isinstance(part, str) and isinstance(data, dict):
                path.append(part)  # a missing or unknown key: its parent locates it
            break
        path.append(part)
    return tuple(path)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{str(value)[:60]}'"


def _message(error: Any, model: type[BaseModel]) -> tuple[str, str]:
    """A contributor's message and hint for one pydantic error."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    name = _field_of(loc)
    ctx = error.get("ctx") or {}
    fields = model.model_fields
    described = fields[name].description if name in fields else ""
    if kind == "missing":
        return f"'{name}' is required", f"add '{name}: …' — {described}".rstrip(" —")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(fields)}"
        return f"unknown field '{name}'", hint
    if kind in ("bool_type", "bool_parsing"):
        hint = "write true or false"
        if isinstance(value, str) and value.lower() in YAML11_BOOLS:
            hint = f"'{value}' is not a yes/no here (YAML 1.2): write true or false"
        return f"'{name}' must be true or false, not {_describe(value)}", hint
    if kind == "string_type":
        hint = "write it as one piece of text; put it in quotes if it contains ': ' or starts with [ or {"
        return f"'{name}' must be text, not {_describe(value)}", hint
    if kind == "string_too_short":
        return f"'{name}' is empty", "write a value, or remove the line if the field is optional"
    if kind == "string_too_long":
        return f"'{name}' is too long", f"keep it under {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        if name == "reliability":
            return (f"'{value}' is not an Admiralty code",
                    "a letter A–F (source) then a digit 1–6 (information), e.g. B2")
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        return f"'{value}' is not a valid id", f"{ID_HINT}" + (f"; here '{suggestion}'" if suggestion else "")
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"one of: {', '.join(options)}"
        return f"'{name}' cannot be {_describe(value)}", hint
    if kind in ("list_type", "tuple_type"):
        hint = f"write [{value}]" if isinstance(value, str | int) else LIST_HINT
        return f"'{name}' must be a list, not {_describe(value)}", hint
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping of fields, not {_describe(value)}", "write 'field: value' lines under it"
    return str(error["msg"]), str(ctx.get("hint", ""))


def _problems(err: ValidationError, doc: Document, base: tuple[str | int, ...], data: Any,
              model: type[BaseModel]) -> list[Problem]:
    found = []
    for error in err.errors():
        loc = tuple(error["loc"])
        path = (*base, *_data_path(data, loc))
        is_key = error["type"] == "extra_forbidden"
        if error["type"] == "missing":
            path = path[:-1]  # point at the item that lacks the field
        line, column = doc.where(path, key=is_key)
        # Nested models (key_points, original) report their own field help.
        inner: type[BaseModel] = model
        for part in loc[:-1]:
            if isinstance(part, str) and part in inner.model_fields:
                annotation = inner.model_fields[part].annotation
                for candidate in getattr(annotation, "__args__", (annotation,)):
                    for arg in (candidate, *getattr(candidate, "__args__", ())):
                        if isinstance(arg, type) and issubclass(arg, BaseModel):
                            inner = arg
        message, hint = _message(error, inner)
        found.append(Problem(doc.path, line, column, message, hint, field=_field_of(loc), code=error["type"]))
    return found


def _check_list(doc: Document, path: tuple[str | int, ...], value: Any, name: str,
                problems: list[Problem]) -> list[Record]:
    """Validate each item of one list (events, quotes, …) and return the valid ones."""
    model = ITEM_MODELS[name]
    if not isinstance(value, list):
        line, column = doc.where(path)
        problems.append(Problem(doc.path, line, column, f"the {name} must be a list, not {_describe(value)}",
                                f"start each {KIND_NAMES[name]} with '- id: …'", code="list_type"))
        return []
    items = []
    for index, item in enumerate(value):
        item_path = (*path, index)
        if not isinstance(item, dict):
            line, column = doc.where(item_path)
            problems.append(Problem(doc.path, line, column,
                                    f"each {KIND_NAMES[name]} must be a mapping of fields, not {_describe(item)}",
                                    "indent the fields under '- id: …'", code="model_type"))
            continue
        try:
            items.append(model.model_validate(item))
        except ValidationError as err:
            problems.extend(_problems(err, doc, item_path, item, model))
    return items


def _check_briefing(raw: RawBriefing, problems: list[Problem]) -> Briefing | None:
    doc = raw.documents.get("briefing")
    if doc is None:
        return None
    data = doc.data
    if not isinstance(data, dict):
        problems.append(Problem(doc.path, 1, 1, f"briefing.yaml must be a mapping of fields, not {_describe(data)}",
                                "start with 'title: …' at the beginning of a line", code="model_type"))
        return None
    meta_data = {k: v for k, v in data.items() if k not in LIST_FILES}
    lists: dict[str, list[Any]] = {}
    files: dict[str, str] = {}
    for name in LIST_FILES:
        sibling = raw.documents.get(name)
        if name in data and sibling is not None:
            line, column = doc.where((name,), key=True)
            problems.append(Problem(doc.path, line, column, f"the {name} are given here and in {name}.yaml",
                                    f"keep them in one place: move these into {sibling.path}", code="duplicate_list"))
        if sibling is not None:
            lists[name] = _check_list(sibling, (), sibling.data, name, problems)
            files[name] = sibling.path
        elif name in data:
            lists[name] = _check_list(doc, (name,), data[name], name, problems)
            files[name] = doc.path
        else:
            lists[name] = []
            files[name] = doc.path
    try:
        meta = BriefingFile.model_validate(meta_data)
    except ValidationError as err:
        problems.extend(_problems(err, doc, (), meta_data, BriefingFile))
        return None
    return Briefing(raw.slug, meta, lists["events"], lists["quotes"], lists["figures"], lists["sources"],
                    lists["actors"], files)


def validate_site(raw: RawSite) -> tuple[Site, list[Problem]]:
    """Validate everything loaded; return the site and its warnings, or raise DataError."""
    problems = list(raw.problems)
    registry: dict[str, list[Any]] = {}
    for name, doc in raw.registries.items():
        registry[name] = _check_list(doc, (), doc.data, name, problems)
    briefings = []
    for raw_briefing in raw.briefings:
        briefing = _check_briefing(raw_briefing, problems)
        if briefing is not None:
            briefings.append(briefing)
    site = Site(briefings, {}, {})
    problems.extend(crossref.check(site, registry, raw))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise DataError(problems, {d.path: d.lines for d in raw.all_documents()})
    for briefing in site.briefings:
        # Stable sort: events on the same date keep the order the contributor wrote them in.
        briefing.events.sort(key=lambda e: e.date.sort_key)
    return site, sorted(p for p in problems if not p.is_error)
