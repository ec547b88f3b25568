"""A language code that names a language hardly ever meant ('kr', Kanuri, for Korean): a warning at the field.

The rule is language_codes.judge, which the contract also refuses codes of no language with; this finds
every field it applies to from the contract itself: a source's language, a quote's original.lang, an
actor's or a place's native_name_lang, and any language field added later.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel, PlainValidator
from pydantic.fields import FieldInfo

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.model.annotations import models_in
from generator.model.contract import LIST_MODELS, BriefingFile, Language
from generator.model.language_codes import LANGUAGE_ABBREVIATIONS, judge

PathT = tuple[str | int, ...]
# A file that writes none of the codes warned about after a language field's name ('language:', 'lang:',
# 'native_name_lang:') is not walked (nor is any, mostly). The literal 'lang' first lets the search skip
# through a file: the codes alone, anywhere and in any case, took 2.8 s a run over 1,000 briefings' files.
_MAY_WARN = re.compile(r"lang(?:uage)?['\"]?[ \t]*:[ \t]*['\"]?(?i:" + "|".join(sorted(LANGUAGE_ABBREVIATIONS))
                       + r")\b")


def _is_language(field: FieldInfo) -> bool:
    """Whether a field holds a language code: Language, alone (metadata) or optional (its annotation)."""
    checks = [m.func for m in field.metadata if isinstance(m, PlainValidator)]
    language = [m.func for m in get_args(Language)[1:] if isinstance(m, PlainValidator)]
    return bool(set(checks) & set(language)) or Language in get_args(field.annotation)


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[bool, tuple[type[BaseModel], ...]]]:
    """Each field of model that is a language code, or holds records that may have one."""
    found = {}
    for name, field in model.model_fields.items():
        inner = tuple(models_in(field.annotation))
        if _is_language(field) or inner:
            found[name] = (_is_language(field), inner)
    return found


def _codes(model: type[BaseModel], data: Any, path: PathT = ()) -> Iterator[tuple[PathT, str, str]]:
    """Every language code written in data, an item (or list of items) of model: its path, field and code."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _codes(model, item, (*path, index))
        return
    if not isinstance(data, dict):
        return
    fields = _fields(model)
    for key, value in data.items():
        is_language, inner = fields.get(key, (False, ())) if isinstance(key, str) else (False, ())
        if is_language and isinstance(value, str):
            yield (*path, key), key, value.strip()
        for held in inner:
            yield from _codes(held, value, (*path, key))


def _problems(doc: Document, model: type[BaseModel]) -> Iterator[Problem]:
    if not _MAY_WARN.search(doc.text):
        return
    for path, field, code in _codes(model, doc.data):
        verdict = judge(code) if code else None
        if verdict is not None and verdict.severity == "warning":
            line, column = doc.where(path)
            yield Problem(doc.path, line, column, verdict.message, verdict.hint, field=field,
                          severity="warning", code="language")


def check(raw: RawSite) -> list[Problem]:
    """A warning at each language code that names a language hardly ever meant, in every file."""
    problems: list[Problem] = []
    for name, doc in raw.registries.items():
        if name in LIST_MODELS:
            problems += _problems(doc, LIST_MODELS[name])
    for briefing in raw.briefings:
        for name, doc in briefing.documents.items():
            model = BriefingFile if name == "briefing" else LIST_MODELS.get(name)
            if model is not None:
                problems += _problems(doc, model)
    return problems
