"""Load stage: read the YAML under briefings/ into plain values that remember where they stood.

We let libyaml (PyYAML's C parser) build the node tree and construct values ourselves, because
that is where YAML's surprises are caught: duplicate keys, `no` meaning false, `12:30` meaning
750, merge keys, alias bombs and custom tags. Plain scalars follow YAML 1.2's core schema.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.exceptions import Problem
from generator.load import bidi
from generator.load.document import Document as Document  # the stages import it from here
from generator.load.document import pack
from generator.load.layout import meant, unread_file
from generator.load.yaml_errors import nesting_problem, reader_problem, syntax_problem
from generator.model.numbers import DOTTED_THOUSANDS, DottedThousands
from generator.urls import RESERVED_SLUGS, slugify

try:
    from yaml import CSafeLoader as _Loader

    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    HAS_LIBYAML = False
    warnings.warn(
        "PyYAML was installed without libyaml: loading will be about 11x slower. "
        "Reinstall PyYAML with libyaml (e.g. apt-get install libyaml-dev, then reinstall).",
        stacklevel=1,
    )

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NODES = 500_000

BRIEFING_FILE = "briefing.yaml"
LIST_FILES = ("events", "quotes", "figures", "sources", "actors", "assessments")
REGISTRY_FILES = ("sources", "actors", "places", "tags")
# The site-wide files of items with an id the whole site shares; tags.yaml only names the tags briefings write.
ITEM_REGISTRIES = ("sources", "actors", "places")
# The files a briefing's folder may hold; any other YAML file there is not read (and said so).
BRIEFING_FILES = (BRIEFING_FILE, *(f"{name}.yaml" for name in LIST_FILES))
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
# What no page, feed or data file can carry (XML allows tab and line breaks alone of the C0 controls):
# a quoted YAML string can still spell it with an escape such as "\x02".
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
# The tags libyaml's resolver gives untagged values; any other tag was written on purpose.
_DEEP_FLOW = re.compile(r"(?:[\[{][ \t]*){" + str(MAX_DEPTH + 1) + ",}")
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")}


@dataclass
class RawBriefing:
    """A briefing folder as loaded: its slug and its documents by name (briefing, events, …)."""

    slug: str
    folder: str
    documents: dict[str, Document]
    failed: set[str] = field(default_factory=set)  # documents that exist but could not be read

    def lists(self, kind: str) -> str:
        """Where the briefing lists its items of kind: its own file, or the list of that name in its briefing.yaml."""
        main = self.documents.get("briefing")
        if kind not in self.documents and main is not None and isinstance(main.data, dict) and kind in main.data:
            return f"the '{kind}:' of {main.path}"
        return f"{self.folder}/{kind}.yaml"


@dataclass
class RawSite:
    """Everything under briefings/: the site-wide registries and each briefing, plus load problems."""

    root: Path
    registries: dict[str, Document]
    briefings: list[RawBriefing]
    problems: list[Problem]
    failed: set[str] = field(default_factory=set)  # registries that exist but could not be read

    def all_documents(self) -> list[Document]:
        """Every loaded document, registries first."""
        docs = list(self.registries.values())
        for briefing in self.briefings:
            docs.extend(briefing.documents.values())
        return docs


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str = ""):
        super().__init__(message)
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1
        self.message = message
        self.hint = hint


def _plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by YAML 1.2's core schema; everything else stays text."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(text):
        return int(text.replace("_", ""))
    if _FLOAT.fullmatch(text):
        if DOTTED_THOUSANDS.fullmatch(text):  # a figure's value refuses it (model/numbers.py)
            return DottedThousands(text)
        return float(text.replace("_", ""))
    return text


class _Builder:
    """Turns a libyaml node tree into Python values, recording positions and refusing surprises."""

    def __init__(self, document: Document, bidi_reported: bool = False):
        self.values, self.keys, self.spans = document.values, document.keys, document.spans
        self.bidi_reported = bidi_reported  # the file's text holds them: each was reported where it stands
        self.aliases = 0
        self.nodes = 0
        self.seen: set[int] = set()
        self.stack: set[int] = set()

    def build(self, node: Any, depth: int = 0, key: int = 0) -> Any:
        """node's value; its position (and key's, packed) recorded in the document's arrays, then its values'."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(node.start_mark, f"the file has more than {MAX_NODES:,} values",
                           "split it into several briefings")
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark, f"values are nested more than {MAX_DEPTH} levels deep",
                           "briefing data is at most a few levels deep; check the indentation")
        if id(node) in self.stack:
            raise _Refused(node.start_mark, "an alias (*name) refers to the value that holds it",
                           "write the values out instead of using anchors and aliases")
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(node.start_mark, f"more than {MAX_ALIASES} aliases (*name) in one file",
                               "write the values out instead of repeating anchors (&name) with *name")
        self.seen.add(id(node))
        number = len(self.values)
        self.values.append(pack(node.start_mark.line + 1, node.start_mark.column + 1))
        self.keys.append(key)
        self.spans.append(1)
        tag = node.tag or ""
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(node.start_mark, f"the YAML tag '{shown}' is not allowed",
                           "remove the tag and write a plain value; tags could make a loader run code")
        if isinstance(node, yaml.ScalarNode):
            control = _CONTROL.search(node.value)
            if control:
                raise _Refused(node.start_mark, f"the control character U+{ord(control[0]):04X} is not allowed: "
                               "no page, feed or data file can carry it",
                               "delete it (it comes with text pasted from some programs, or from an escape "
                               "such as \\x02 in quotes); tabs and line breaks are allowed")
            reordering = None if self.bidi_reported else bidi.BIDI_CONTROL.search(node.value)
            if reordering:  # written as an escape ("\u202e"), where the file's text showed none
                raise _Refused(node.start_mark, bidi.message(reordering[0]), bidi.HINT)
            # libyaml marks a plain scalar with style "" and the pure-Python parser with None.
            return node.value if node.style else _plain_scalar(node.value)
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                value: Any = [self.build(item, depth + 1) for item in node.value]
            else:
                value = self._mapping(node, depth)
        finally:
            self.stack.discard(id(node))
        self.spans[number] = len(self.values) - number
        return value

    def _mapping(self, node: Any, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "a key must be a plain name, not a list or a group of fields",
                               "keys are field names such as title or date; a '? ' or '[' may have "
                               "slipped in at the start of the line")
            # One string for each field name however often it is written: a site repeats a few dozen
            # names hundreds of thousands of times.
            key = sys.intern(key_node.value)
            if key == "<<" and not key_node.style:
                raise _Refused(key_node.start_mark, "merge keys (<<) are not supported",
                               "write the fields out in full in each item")
            if key in result:
                first = next(k.start_mark.line + 1 for k, _ in node.value if k.value == key)
                hint = f"it was first given on line {first}; keep only one of the two"
                if key == "id":  # most likely a new item whose '- ' was forgotten
                    hint = (f"it was first given on line {first}; to start a new item here, "
                            "write '- id: …' (a dash and a space in front)")
                raise _Refused(key_node.start_mark, f"the field '{key}' is given twice", hint)
            result[key] = self.build(value_node, depth + 1,
                                     pack(key_node.start_mark.line + 1, key_node.start_mark.column + 1))
        return result


def _decode(raw: bytes, path: str, problems: list[Problem]) -> str | None:
    """Decode UTF-8 (a BOM is accepted and dropped); report bad bytes by line and column."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:200]  # UTF-16 without its mark: every other byte of English text is zero
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 3 > len(head) > 10:
        problems.append(Problem(path, 1, 1, "the file is saved as UTF-16, not as UTF-8 text",
                                "save it as UTF-8 (in most editors: 'Save with encoding', UTF-8)", code="encoding"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        # The column counts characters, as an editor does, not bytes.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        problems.append(Problem(path, line, column,
                                f"byte 0x{raw[err.start]:02x} is not valid UTF-8 text",
                                "save the file as UTF-8 (in most editors: 'Save with encoding')",
                                code="encoding"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_document(file: Path, shown_as: str, problems: list[Problem], raw: bytes | None = None) -> Document | None:
    """Read one YAML file (or parse raw, its bytes already read); on failure append a located problem, return None."""
    try:
        raw = file.read_bytes() if raw is None else raw
    except OSError as err:
        problems.append(Problem(shown_as, 1, 1, f"cannot read the file: {err.strerror}", code="io"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(shown_as, 1, 1,
                                f"the file is {len(raw) / 2**20:.1f} MB; a file may hold at most "
                                f"{MAX_FILE_BYTES / 2**20:.0f} MB",
                                "split the story into two briefings, each with its own files; from a site-wide "
                                "file, move what one briefing alone uses into that briefing's folder", code="size"))
        return None
    text = _decode(raw, shown_as, problems)
    if text is None:
        return None
    doc = Document(shown_as, text)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")):
        hint = ("write at least title, summary and updated" if file.name == BRIEFING_FILE
                else "write its items as '- id: …', or [] for none, or delete the file")
        problems.append(Problem(shown_as, 1, 1, f"the file {file.name} is empty", hint, code="empty"))
        return None
    deep = _DEEP_FLOW.search(text)
    if deep:  # refused before parsing: the same answer from every libyaml version and from PyYAML
        at, opened = deep.start(), 0
        while opened <= MAX_DEPTH:  # point at the first bracket one level too deep
            opened += text[at] in "[{"
            at += 1
        before = text[: at - 1]
        problems.append(Problem(shown_as, before.count("\n") + 1, at - 1 - before.rfind("\n"),
                                f"values are nested more than {MAX_DEPTH} levels deep",
                                "briefing data is at most a few levels deep; check for '[' or '{' "
                                "that are never closed", code="yaml"))
        return None
    # Each where it stands, and the file read on: its other mistakes are reported with them (the errors
    # stop the build all the same). One written as an escape ("\u202e") is refused where its value is built.
    reordering = bidi.bidi_problems(text, shown_as)
    problems.extend(reordering)
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
        node = loader.get_single_node()
        doc.data = _Builder(doc, bidi_reported=bool(reordering)).build(node)
    except _Refused as err:
        problems.append(Problem(shown_as, err.line, err.column, err.message, err.hint, code="yaml"))
        return None
    except yaml.MarkedYAMLError as err:
        problems.append(syntax_problem(err, shown_as, text.split("\n")))
        return None
    except yaml.reader.ReaderError as err:
        problems.append(reader_problem(err, shown_as, text, byte_offset=HAS_LIBYAML))
        return None
    except yaml.YAMLError as err:  # errors without a position
        problems.append(Problem(shown_as, 1, 1, f"YAML error: {err}", code="yaml"))
        return None
    except RecursionError:  # the pure-Python parser recurses on deep nesting; libyaml stops at 1000
        problems.append(nesting_problem(shown_as, text, MAX_DEPTH))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return doc


# How load_site reads one YAML file: load_document, or a cache that remembers what it returned.
Reader = Callable[[Path, str, list[Problem]], Document | None]


def load_site(root: Path, read: Reader = load_document, skip: Container[str] = ()) -> RawSite:
    """Load briefings/ under root with read (a cache may stand in): registries and briefing folders.

    skip: folders listed as briefings without looking inside (`briefing check SLUG` takes them from its index).
    """
    base = root / "briefings"
    problems: list[Problem] = []
    registries: dict[str, Document] = {}
    briefings: list[RawBriefing] = []
    if not base.is_dir():
        problems.append(Problem("briefings", 1, 1, "there is no briefings/ folder",
                                "run the command from the project root, or create briefings/<slug>/briefing.yaml",
                                code="layout"))
        return RawSite(root, registries, briefings, problems)
    failed: set[str] = set()
    registry_names = {f"{name}.yaml" for name in REGISTRY_FILES}
    for name in REGISTRY_FILES:
        file = base / f"{name}.yaml"
        if file.is_file() and not _symlink(file, f"briefings/{name}.yaml", problems):
            doc = read(file, f"briefings/{name}.yaml", problems)
            if doc is not None:
                registries[name] = doc
            else:
                failed.add(name)
    for entry in sorted(base.iterdir()):
        shown = f"briefings/{entry.name}"
        if entry.name.startswith(".") or entry.name in registry_names:
            continue
        if _symlink(entry, shown, problems):
            continue
        if entry.is_file():
            problem, unread = unread_file(entry, shown, registry_names, "site-wide files are sources.yaml, "
                                          "actors.yaml, places.yaml and tags.yaml; a briefing lives in its own folder "
                                          "briefings/<slug>/")
            problems += [problem] if problem else []
            failed |= {unread} if unread else set()
            continue
        briefing = RawBriefing(entry.name, shown, {}) if entry.name in skip else _load_briefing(
            entry, shown, problems, read)
        if briefing is not None:
            briefings.append(briefing)
    return RawSite(root, registries, briefings, problems, failed)


def _symlink(path: Path, shown: str, problems: list[Problem]) -> bool:
    """Refuse symbolic links: one could make a build read, and show, a file outside the project."""
    if not path.is_symlink():
        return False
    problems.append(Problem(shown, 1, 1, "this is a symbolic link, and links are not followed",
                            "commit the file or folder itself instead of a link to it", code="layout"))
    return True


def _load_briefing(folder: Path, shown: str, problems: list[Problem], read: Reader) -> RawBriefing | None:
    slug = folder.name
    if not SLUG.fullmatch(slug):
        suggestion = slugify(slug) or "my-briefing"
        problems.append(Problem(shown, 1, 1, f"the folder name '{slug}' is not a valid slug",
                                f"use lowercase letters, digits and hyphens, e.g. '{suggestion}'",
                                code="slug"))
        return None
    if slug in RESERVED_SLUGS:
        problems.append(Problem(shown, 1, 1, f"the folder name '{slug}' is taken by a site-wide file",
                                f"rename the folder, e.g. '{slug}-briefing'", code="slug"))
        return None
    if not (folder / BRIEFING_FILE).is_file():
        # Said where the contributor will look: a briefing.yml, a briefing folder one level too deep.
        misnamed = sorted(f.name for f in folder.iterdir() if f.is_file() and meant(f.name, [BRIEFING_FILE]))
        nested = sorted(f"{d.name}/" for d in folder.iterdir() if d.is_dir() and (d / BRIEFING_FILE).is_file())
        where, hint = f"{shown}/{BRIEFING_FILE}", ("create briefing.yaml with at least title, summary and updated, "
                                                   "or remove the folder")
        if misnamed:
            where, hint = f"{shown}/{misnamed[0]}", f"rename {misnamed[0]} to {BRIEFING_FILE}"
        elif nested:
            where, hint = f"{shown}/", (f"each briefing is a folder of briefings/ itself: move {', '.join(nested)} "
                                        f"up into briefings/")
        problems.append(Problem(where, 1, 1, f"the briefing folder {shown}/ has no briefing.yaml", hint, code="layout"))
        return None
    documents: dict[str, Document] = {}
    failed: set[str] = set()
    known = set(BRIEFING_FILES)
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or _symlink(file, f"{shown}/{file.name}", problems):
            continue
        if file.is_dir():
            continue
        if file.name not in known:
            problem, unread = unread_file(file, f"{shown}/{file.name}", known,
                                          f"a briefing folder holds {', '.join(sorted(known))}", unknown_yaml="error")
            problems += [problem] if problem else []
            failed |= {unread} if unread else set()
            continue
        doc = read(file, f"{shown}/{file.name}", problems)
        if doc is not None:
            documents[file.stem] = doc
        else:
            failed.add(file.stem)
            if file.name == BRIEFING_FILE:
                failed.update(_lists_in(file))
    return RawBriefing(slug, shown, documents, failed)


_LIST_KEY = re.compile(r"""\s*(?:-\s+)?["']?(""" + "|".join(LIST_FILES) + r""")["']?\s*:""")


def _lists_in(file: Path) -> set[str]:
    """The lists (events, actors, …) a briefing.yaml that could not be read may hold: any key of that name.

    The ids of those are not unknown, only unread; the others' are checked as ever: the contributor
    hears of an unknown actor in events.yaml along with the broken briefing.yaml, not after mending it.
    A key at any depth counts (a misplaced 'actors:' may be what broke the file): taking too many
    lists as unread only leaves an error for later, taking too few would report a false one.
    """
    try:
        text = file.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return set(LIST_FILES)
    if re.search(r"^\s*[?{]", text, re.M):  # a complex key or a flow mapping: it could hold anything
        return set(LIST_FILES)
    return {m[1] for line in text.splitlines() if (m := _LIST_KEY.match(line))}
