"""mkdocs.yml's nav and the hand-written pages' links: each names a page that exists or will be generated.

MkDocs checks both while it builds; Zensical checks only links, so `briefing check` checks both
itself, before any engine runs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

import yaml
from markdown.extensions.toc import slugify

from generator.exceptions import Problem
from generator.write import MANIFEST, read_manifest

_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def check_site_links(root: Path, generated: Iterable[str]) -> list[Problem]:
    """Broken nav entries of root/mkdocs.yml and broken links of the hand-written pages under root/docs.

    generated: the paths under docs/ that generation writes (they need not exist yet). A file that
    the last generation wrote (its manifest lists it) counts only if generation writes it again.
    """
    docs = root / "docs"
    generated = set(generated)
    on_disk = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.is_dir() else set()
    hand_written = on_disk - generated - set(read_manifest(docs)) - {MANIFEST}
    pages = hand_written | generated
    problems = list(_nav_problems(root, pages))
    anchors: dict[str, set[str]] = {}
    for path in sorted(p for p in hand_written if p.endswith(".md")):
        problems.extend(_link_problems(docs, path, pages, hand_written, anchors))
    return problems


def _nav_problems(root: Path, pages: set[str]) -> Iterator[Problem]:
    """Each nav entry that names a page under docs/ that neither exists nor will be generated."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return
    try:
        tree = yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return  # read_config reports an unreadable mkdocs.yml
    if not isinstance(tree, yaml.MappingNode):
        return
    for key, value in tree.value:
        if key.value == "nav":
            for node in _nav_paths(value):
                target = str(node.value)
                if _external(target) or target in pages:
                    continue
                yield Problem("mkdocs.yml", node.start_mark.line + 1, node.start_mark.column + 1,
                              f"nav names '{target}', but docs/{target} neither exists nor is generated",
                              hint=_suggest(target, pages, "nav paths are relative to docs/"), field="nav")


def _nav_paths(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """The page paths of a nav tree: its scalars, bare or as the values of title mappings."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_paths(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_paths(value)


def _external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target)) or target.startswith(("/", "#"))


def _link_problems(docs: Path, path: str, pages: set[str], hand_written: set[str],
                   anchors: dict[str, set[str]]) -> Iterator[Problem]:
    """Each relative link of the hand-written page docs/path to a missing page or a missing heading."""
    for line_number, column, target in _links(docs / path):
        if _external(target):
            if target.startswith("#") and len(target) > 1 and target[1:] not in _anchors(docs, path, anchors):
                yield _problem(path, line_number, column, f"the link '{target}' names no heading of this page",
                               _suggest(target[1:], _anchors(docs, path, anchors), "headings get ids from their text"))
            continue
        address, _, anchor = target.partition("#")
        address = unquote(address.split("?", 1)[0])
        resolved = _resolve(path, address)
        if resolved is None or resolved not in pages:
            yield _problem(path, line_number, column,
                           f"the link '{target}' names docs/{resolved or address}, which neither exists nor "
                           "is generated", _suggest(resolved or address, pages, "links are relative to this page"))
        elif anchor and resolved in hand_written and resolved.endswith(".md") \
                and unquote(anchor) not in _anchors(docs, resolved, anchors):
            yield _problem(path, line_number, column, f"the link '{target}' names no heading of docs/{resolved}",
                           _suggest(anchor, _anchors(docs, resolved, anchors), "headings get ids from their text"))


def _problem(path: str, line: int, column: int, message: str, hint: str) -> Problem:
    return Problem(f"docs/{path}", line, column, message, hint=hint, field="link")


def _resolve(page: str, address: str) -> str | None:
    """The path under docs/ that a link from page names; None when it climbs out of docs/."""
    parts = page.split("/")[:-1]
    for part in address.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _outside_fences(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) of each line of a page outside its fenced code blocks."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, line


def _links(page: Path) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) of each inline link, image and link definition outside code."""
    for number, line in _outside_fences(page.read_text(encoding="utf-8")):
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)  # columns stay where they were
        for match in _LINK.finditer(text):
            yield number, match.start(1) + 1, match.group(1)
        definition = _DEFINITION.match(text)
        if definition:
            yield number, definition.start(1) + 1, definition.group(1)


def _anchors(docs: Path, path: str, known: dict[str, set[str]]) -> set[str]:
    """The ids of docs/path: its headings' (as the toc extension makes them) and those written in HTML."""
    if path not in known:
        ids: set[str] = set()
        for _, line in _outside_fences((docs / path).read_text(encoding="utf-8")):
            ids.update(_HTML_ID.findall(line))
            heading = _HEADING.match(line)
            if heading:
                explicit = _ATTR_ID.search(heading.group(2))
                ids.add(explicit.group(1) if explicit else _heading_id(heading.group(2), ids))
        known[path] = ids
    return known[path]


def _heading_id(text: str, taken: set[str]) -> str:
    """The id the toc extension gives a heading: its text slugified, numbered when taken."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's words, not its address
    text = re.sub(r"<[^>]+>|[`*_]", "", text)
    base = str(slugify(text, "-"))
    candidate, number = base, 0
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def _suggest(target: str, known: Iterable[str], fallback: str) -> str:
    """A did-you-mean hint from the closest known name, else the fallback advice."""
    close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else fallback
