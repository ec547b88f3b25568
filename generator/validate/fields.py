"""Validate stage: loaded YAML → pydantic models (a ValidSite), with every problem located.

Types are checked item by item, so one bad event does not hide the problems of the others;
cross-references are checked afterwards on everything that was valid (see cross_check.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.exceptions import PROBLEM_ORDER, DataError, Problem
from generator.kept import Kept
from generator.load.reader import LIST_FILES, YAML11_BOOLS, Document, RawBriefing, RawSite
from generator.model.briefing import Briefing
from generator.model.contract import ID_HINT, KIND_NAMES, LIST_MODELS, Actor, BriefingFile, Place, Record, Source
from generator.model.dates import parse_date
from generator.urls import slugify
from generator.validate import comments, cross_check, duplicates, misread, pictures, placeholders, reuse, site_index

LIST_HINT = "write one '- item' per line, or [a, b] on one line"
# Stands in for an invalid briefing.yaml, so that the briefing's items can still be checked.
_STAND_IN = BriefingFile.model_construct(title="", summary="", updated=parse_date("9999"))


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


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):  # as YAML writes it, not as Python does ('True')
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


LANGUAGE_NAMES = {"english": "en", "korean": "ko", "russian": "ru", "ukrainian": "uk",
                  "chinese": "zh", "japanese": "ja", "french": "fr", "german": "de",
                  "spanish": "es", "polish": "pl", "arabic": "ar", "kr": "ko", "jp": "ja", "ua": "uk",
                  "cn": "zh", "eng": "en", "rus": "ru", "kor": "ko", "ukr": "uk"}


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
            return f"'{name}' must be a date written as text, not {_describe(value)}", \
                "write it like 2024-10-28, 2024-10 or 2024; put it in quotes if in doubt"
        return f"'{name}' cannot be '{shown}': {text}", hint
    if kind == "url_scheme":
        shown_url = str(value).strip()
        if re.match(r"^(www\.|[a-z0-9-]+\.[a-z]{2,}(/|$))", shown_url, re.I):
            return (f"'{name}' must be an http or https link, not {_describe(value)}",
                    f"add https:// in front: https://{shown_url}")
        return (f"'{name}' must be an http or https link, not {_describe(value)}",
                "write the full address, starting with https://; other kinds of link (javascript:, "
                "file:, data:) are not allowed")
    if kind == "url_syntax":
        return f"'{name}' is not a complete web address: {_describe(value)}", hint
    if kind == "url_type":
        return f"'{name}' must be a link written as text, not {_describe(value)}", \
            "write the full address, starting with https://"
    if kind == "language":
        guess = LANGUAGE_NAMES.get(str(value).strip().lower())
        return (f"'{name}' must be a BCP 47 language code, not {_describe(value)}",
                f"did you mean '{guess}'?" if guess else "e.g. en, ko, uk, ru, zh-Hant")
    if kind == "figure_value":
        if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d\d(:\d\d)?", value.strip()):
            hint = "this looks like a time of day; write the figure as a plain number such as 10000"
        return f"'{name}' must be a number or a range [low, high], not {_describe(value)}", hint
    if kind == "likelihood":
        return f"'{name}' must be a term of the likelihood scale, not {_describe(value)}", hint
    if kind == "original_conflict":
        return f"'{name}' cannot be given with 'original': {text}", hint
    if kind == "range_order":
        return (f"'{name}' is a reversed range [{ctx.get('low')}, {ctx.get('high')}]",
                f"the low end comes first: {hint}")
    return f"'{name}': {text}", hint


def _message(error: Any, model: type[BaseModel], item: str) -> tuple[str, str]:
    """A contributor's message and hint for one pydantic error."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    name = _field_of(loc)
    ctx = error.get("ctx") or {}
    fields = model.model_fields
    described = fields[name].description if name in fields else ""
    if kind == "missing":
        return (f"the required field '{name}' is missing{item}",
                f"add '{name}: …' — {described}".rstrip(" —"))
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the fields here are: {', '.join(fields)}"
        return f"unknown field '{name}'{item}", hint
    if kind in ("bool_type", "bool_parsing"):
        hint = "write true or false"
        if isinstance(value, str) and value.lower() in YAML11_BOOLS:
            hint = f"write true or false: '{value}' is read as text, not as a yes/no (YAML 1.2)"
        return f"'{name}' must be true or false, not {_describe(value)}", hint
    required = name in fields and fields[name].is_required()
    if kind == "string_type" and value is None:
        return (f"'{name}' is empty",
                f"write a value after '{name}: ' (it is required)" if required else
                f"write a value after '{name}: ', or remove the line: it is optional")
    if kind == "string_type" and loc and isinstance(loc[-1], int):
        return (f"each item of '{name}' must be text, not {_describe(value)}",
                f"write the items of '{name}' as [a, b] or one '- item' per line; check that the "
                "lines below it are not indented under it by mistake")
    if kind == "string_type" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        # A title in square brackets is one the editors supplied (Source.title_supplied): unquoted, YAML reads a
        # list, cut at each comma ('[Press briefing, 28 October]' is two items): put back as written, in quotes.
        supplied = f'{name}: "[{", ".join(value)}]", in quotes, for a title you supply' if name == "title" else ""
        if len(value) == 1:
            return (f"'{name}' must be text, not {_describe(value)}",
                    f"'{name}' takes one value: write {name}: {value[0]}" + (f" (or {supplied})" if supplied else ""))
        return (f"'{name}' must be text, not {_describe(value)}",
                f"write {supplied}" if supplied else f"'{name}' takes one value, not a list: keep one of "
                f"{', '.join(value[:4])}")
    if kind == "string_type":
        hint = "write it as one piece of text; put it in quotes if it contains ': ' or starts with [ or {"
        return f"'{name}' must be text, not {_describe(value)}", hint
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
            return (f"'reliability' must be an Admiralty code such as B2, not {_describe(value)}",
                    f"write {upper} (a capital letter)" if re.fullmatch(r"[A-F][1-6]", upper) else
                    "a letter A–F (how reliable the source is) then a digit 1–6 (how credible "
                    "the information is)")
        suggestion = slugify(str(value))
        return (f"'{name}' must hold ids of lowercase letters, digits and hyphens, not {_describe(value)}"
                if isinstance(loc[-1], int) else f"'{name}' cannot be {_describe(value)}: it is not a valid id",
                ID_HINT + (f"; here '{suggestion}'" if suggestion else ""))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(options)}"
        return f"'{name}' must be one of {', '.join(options)}, not {_describe(value)}", hint
    if kind in ("list_type", "tuple_type"):
        if isinstance(value, str | int):
            items = [slugify(part) if name in ("tags", "actors", "sources")
                     else part.strip() for part in str(value).split(",")]
            hint = f"write [{', '.join(i for i in items if i)}]"
        else:
            hint = LIST_HINT
        return f"'{name}' must be a list, not {_describe(value)}", hint
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if loc and isinstance(loc[-1], int):
            hint = ("write '- text: …' with 'sources: [source-id]' under it, indented"
                    if name == "key_points" else "write each item as '- field: value', with its "
                    "other fields indented under it")
            return f"each item of '{name}' must be a mapping of fields, not {_describe(value)}", hint
        return (f"'{name}' must be a mapping of fields, not {_describe(value)}",
                "write 'field: value' lines under it, indented")
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return f"'{name}' must be a number, not {_describe(value)}", "write digits only, e.g. 10000"
    return _custom(kind, name, value, str(error["msg"]), ctx)


def _nested_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that owns the last field of loc (key_points, original, … have their own)."""
    inner = model
    for part in loc[:-1]:
        if isinstance(part, str) and part in inner.model_fields:
            annotation = inner.model_fields[part].annotation
            for candidate in getattr(annotation, "__args__", (annotation,)):
                for arg in (candidate, *getattr(candidate, "__args__", ())):
                    if isinstance(arg, type) and issubclass(arg, BaseModel):
                        inner = arg
    return inner


def _problems(err: ValidationError, doc: Document, base: tuple[str | int, ...], data: Any,
              model: type[BaseModel], kind: str = "") -> list[Problem]:
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
        message, hint = misread.reread(_field_of(loc), error["type"], error.get("input"), isinstance(loc[-1], int),
                                       *_message(error, _nested_model(model, loc), item))
        found.append(Problem(doc.path, line, column, message, hint, field=_field_of(loc), code=error["type"]))
    return found


def _check_list(doc: Document, path: tuple[str | int, ...], value: Any, name: str,
                problems: list[Problem]) -> list[Record]:
    """Validate each item of one list (events, quotes, …) and return the valid ones."""
    model = LIST_MODELS[name]
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
            problems.extend(_problems(err, doc, item_path, item, model, KIND_NAMES[name]))
    return items


def _check_briefing(raw: RawBriefing, problems: list[Problem], root: Path) -> tuple[Briefing, bool] | None:
    """The briefing, and whether its briefing.yaml is valid (if not, its items are still checked)."""
    doc = raw.documents.get("briefing")
    data = doc.data if doc is not None else {}
    readable = doc is not None and isinstance(data, dict)  # else reported already, or just here
    if doc is not None and not readable:
        problems.append(Problem(doc.path, 1, 1, f"briefing.yaml must be a mapping of fields, not {_describe(data)}",
                                "start with 'title: …' at the beginning of a line", code="model_type"))
    if not readable:
        data = {}
        doc = doc or next(iter(raw.documents.values()), None)
    if doc is None:
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
            lists[name] = _checked_list(sibling, (), sibling.data, name, problems)
            files[name] = sibling.path
        elif name in data:
            lists[name] = _checked_list(doc, (name,), data[name], name, problems)
            files[name] = doc.path
        else:
            lists[name] = []
            files[name] = doc.path
    meta, valid = _STAND_IN, False
    if readable:
        try:
            meta, valid = BriefingFile.model_validate(meta_data), True
        except ValidationError as err:
            problems.extend(_problems(err, doc, (), meta_data, BriefingFile))
    images = pictures.check(root / raw.folder, doc, meta_data.get("images"), problems) if readable else {}
    # Events in date order from the start (events on one date keep the order they were written in):
    # the briefing is read-only from here on, so every stage, the checks included, reads it this way.
    events = tuple(sorted(lists["events"], key=lambda e: e.date.sort_key))
    briefing = Briefing(raw.slug, meta, events, tuple(lists["quotes"]), tuple(lists["figures"]),
                        tuple(lists["sources"]), tuple(lists["actors"]), MappingProxyType(files),
                        assessments=tuple(lists["assessments"]), images=MappingProxyType(images))
    return briefing, valid


def _checked_list(doc: Document, path: tuple[str, ...], value: Any, name: str, problems: list[Problem]) -> list[Any]:
    """_check_list, or what it made last time from the very same document (the preview's unchanged file).

    A save to one file of a briefing validates the briefing again, but its other files keep their items:
    the same objects save after save, so the pages that show them (a publisher's sources, a month's
    events) keep their inputs (render/reuse.py) instead of being made and keyed again.
    """
    last = _LISTS.get((doc.path, path))
    if last is not None and last[0] is doc and last[1] is value:
        problems.extend(last[3])
        return list(last[2])
    found: list[Problem] = []
    items = _check_list(doc, path, value, name, found)
    problems.extend(found)
    _LISTS[(doc.path, path)] = (doc, value, items, found)
    return list(items)


# The preview's lists as last checked, by file and path: reused while the Document is the same object.
_LISTS: dict[tuple[str, tuple[str, ...]], tuple[Document, Any, list[Any], list[Problem]]] = {}
reuse.on_forget(_LISTS.clear)


# The preview's briefings as last checked (see reuse.py); not one with pictures, files checked afresh.
_CHECKED: reuse.Remembered[tuple[tuple[Briefing, bool] | None, list[Problem]]] = reuse.Remembered()


def _checked_briefing(raw: RawBriefing, problems: list[Problem], root: Path) -> tuple[Briefing, bool] | None:
    """_check_briefing, or what it returned last time for the same documents."""
    # A list file that is not a list is reported where it stands: the ids it meant to hold are not unknown.
    raw.failed.update(name for name in LIST_FILES
                      if name in raw.documents and not isinstance(raw.documents[name].data, list))
    objects, values = tuple(raw.documents.values()), (raw.folder, tuple(raw.documents), str(root))
    last = _CHECKED.get(raw.slug, objects, values)
    if last is not None:
        problems.extend(last[1])
        return last[0]
    found: list[Problem] = []
    checked = _check_briefing(raw, found, root)
    problems.extend(found)
    main = raw.documents.get("briefing")
    if main is not None and isinstance(main.data, dict) and main.data.get("images"):
        _CHECKED.forget(raw.slug)
    else:
        _CHECKED.put(raw.slug, objects, values, (checked, found))
    return checked


# The preview's site-wide files as last checked, by name: reused while the Document is the same object,
# so that an unchanged actors.yaml gives the same Actor objects and every page key made from them holds.
_REGISTRIES: dict[str, tuple[Document, list[Any], list[Problem]]] = {}
reuse.on_forget(_REGISTRIES.clear)


def _checked_registry(name: str, doc: Document, problems: list[Problem]) -> list[Any]:
    """_check_list of a site-wide file, or what it returned last time for the same document."""
    last = _REGISTRIES.get(name)
    if last is None or last[0] is not doc:
        found: list[Problem] = []
        last = _REGISTRIES[name] = (doc, _check_list(doc, (), doc.data, name, found), found)
    problems.extend(last[2])
    return list(last[1])


@dataclass(frozen=True)
class ValidSite:
    """What validation found: the briefings (events in date order), and the shared actors and sources."""

    briefings: tuple[Briefing, ...]
    actors: tuple[Actor, ...]  # briefings/actors.yaml
    sources: tuple[Source, ...]  # briefings/sources.yaml
    places: tuple[Place, ...] = ()  # briefings/places.yaml
    # Slug → the digest of the files a briefing was made from (site_index.content_keys), where known.
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def validate_site(raw: RawSite, today: dt.date | None = None, unloaded: site_index.Unloaded | None = None,
                  index: site_index.SiteIndex | None = None, processes: int = 1,
                  kept: Kept | None = None) -> tuple[ValidSite, list[Problem]]:
    """Validate everything loaded; return what is valid and the warnings, or raise DataError.

    today is the day after which a date is warned about (see validate/future.py). unloaded: the
    briefings a scoped check takes from the site index instead; index, when given, keeps a summary
    of each briefing validated here. processes: how many share the briefings' cross-reference checks.
    kept: where each briefing's cross-reference checks are kept between runs (not for a scoped check,
    whose briefings are checked against summaries).
    """
    problems = list(raw.problems)
    registry: dict[str, list[Any]] = {}
    for name, doc in raw.registries.items():
        registry[name] = _checked_registry(name, doc, problems)
        if not isinstance(doc.data, list):  # reported there; the ids it meant to hold are not unknown
            raw.failed.add(name)
    briefings: list[Briefing] = []
    partial: list[Briefing] = []
    incomplete = set()
    states: dict[str, tuple[str, Briefing | None]] = {}
    for raw_briefing in raw.briefings:
        before = len(problems)
        checked = _checked_briefing(raw_briefing, problems, raw.root)
        states[raw_briefing.slug] = ("none", None) if checked is None else (
            "valid" if checked[1] else "partial", checked[0])
        if checked is not None:
            (briefings if checked[1] else partial).append(checked[0])
        prefix = raw_briefing.folder + "/"
        has_errors = any(p.is_error for p in problems[before:]) or any(
            p.is_error and p.file.startswith(prefix) for p in raw.problems)
        if checked is None or not checked[1] or has_errors or raw_briefing.failed:
            incomplete.add(raw_briefing.slug)
    _CHECKED.keep(b.slug for b in raw.briefings)
    loaded = {doc.path for doc in raw.all_documents()}
    for gone in [key for key in _LISTS if key[0] not in loaded]:  # of files removed since
        del _LISTS[gone]
    if len(briefings) < len(raw.briefings) or any(p.is_error for p in raw.problems):
        incomplete.add("")  # something failed to load: a registry item may be cited there
    if unloaded is not None:
        incomplete.update(slug for slug, summary in unloaded.summaries.items() if summary.incomplete)
    cited_by: dict[str, frozenset[str]] = {}
    keys = site_index.content_keys(index, raw, [*briefings, *partial]) if index is not None else {}
    stored = cross_check.StoredChecks(kept, keys) if kept is not None and unloaded is None else None
    problems.extend(cross_check.check(briefings, registry, raw, frozenset(incomplete), partial, today,
                                      unloaded, cited_by, processes, stored))
    problems.extend([*placeholders.check(raw), *duplicates.check(raw), *comments.check(raw)])
    if index is not None:
        site_index.record(index, raw, states, incomplete, cited_by)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise DataError(problems, {d.path: d.lines for d in raw.all_documents()})
    valid = ValidSite(tuple(briefings), tuple(registry.get("actors", ())), tuple(registry.get("sources", ())),
                      tuple(registry.get("places", ())), MappingProxyType(keys))
    return valid, sorted((p for p in problems if not p.is_error), key=PROBLEM_ORDER)
