"""mkdocs.yml's nav and the hand-written pages' links: each names a page that exists or will be generated,
and an anchor that page has (a hand-written page's ids from its file, a generated page's as rendered).

MkDocs checks both while it builds; Zensical checks only links, so `briefing check` checks both
itself, before any engine runs: what check accepts, both engines build.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import yaml

from generator import urls
from generator.config import markdown_extensions
from generator.exceptions import Problem
from generator.validate.linked_files import outside_links
from generator.validate.page_ids import Ids, PageIds
from generator.write import MANIFEST, read_manifest

_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
# The Markdown of the generated pages asked for, by their paths under docs/.
Texts = Callable[[Sequence[str]], Mapping[str, str]]


def check_site_links(root: Path, generated: Iterable[str], texts: Texts | None = None) -> list[Problem]:
    """Broken nav entries of root/mkdocs.yml and broken links of the hand-written pages under root/docs.

    generated: the paths under docs/ that generation writes (they need not exist yet). A file that
    the last generation wrote (its manifest lists it) counts only if generation writes it again.
    texts: the Markdown of the generated pages asked for, to check the anchors links name on them;
    without it, only the hand-written pages' anchors are checked.
    """
    docs = root / "docs"
    generated = set(generated)
    on_disk = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.is_dir() else set()
    hand_written = on_disk - generated - set(read_manifest(docs)) - {MANIFEST}
    pages = hand_written | generated
    problems = [*outside_links(root), *_nav_problems(root, pages)]
    anchored: list[_Anchored] = []
    for path in sorted(p for p in hand_written if p.endswith(".md")):
        problems.extend(_link_problems(docs, path, pages, anchored))
    # A generated page is rendered only when a hand-written page links to one of its anchors: few are.
    wanted = {a.target for a in anchored if a.target not in hand_written}
    rendered = dict(texts(sorted(wanted))) if texts and wanted else {}
    reader = _Reader(root, hand_written, rendered)
    for link in anchored:
        ids = reader.ids(link.target)
        if ids is not None and link.anchor not in ids.all:
            problems.append(link.problem(ids))
    problems.sort(key=lambda p: (p.file != "mkdocs.yml", p.file, p.line or 0, p.column or 0))
    return problems


@dataclass(frozen=True)
class _Anchored:
    """A link to an anchor of a page (a heading's id, an event's): checked once the pages' ids are known."""

    page: str  # the hand-written page it stands on
    line: int
    column: int
    address: str  # as written
    target: str  # the page it names, under docs/
    anchor: str

    def problem(self, ids: Ids) -> Problem:
        where = "this page" if self.target == self.page else f"docs/{self.target}"
        close = difflib.get_close_matches(self.anchor, sorted(ids.all), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '#{close[0]}'?"
        elif ids.headings:
            shown = ", ".join(f"#{i}" for i in ids.headings[:_HEADINGS_NAMED])
            more = ", …" if len(ids.headings) > _HEADINGS_NAMED else ""
            hint = f"the headings of {where} have the ids {shown}{more}; headings get ids from their text"
        else:
            hint = f"{where} has no heading with an id"
        return _problem(self.page, self.line, self.column, f"the link '{self.address}' names no anchor of {where}",
                        hint)


# How many of a page's heading ids a hint names: a briefing page's sections, not every citation's.
_HEADINGS_NAMED = 12


class _Reader:
    """The ids of the pages links name: a hand-written page's from its file, a generated page's as rendered."""

    def __init__(self, root: Path, hand_written: set[str], rendered: Mapping[str, str]):
        self.docs = root / "docs"
        self.hand_written = hand_written
        self.rendered = rendered
        self.root = root
        self.known: dict[str, Ids | None] = {}
        self.converter: PageIds | None = None

    def ids(self, path: str) -> Ids | None:
        """The ids of docs/path; None when they are not known (a generated page not rendered here)."""
        if path not in self.known:
            text = (self.docs / path).read_text(encoding="utf-8") if path in self.hand_written \
                else self.rendered.get(path)
            if text is None:
                self.known[path] = None
            else:
                if self.converter is None:  # loading the extensions costs a tenth of a second: only when needed
                    self.converter = PageIds(markdown_extensions(self.root))
                self.known[path] = self.converter.ids(text)
        return self.known[path]


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


def _link_problems(docs: Path, path: str, pages: set[str], anchored: list[_Anchored]) -> Iterator[Problem]:
    """Each relative link of the hand-written page docs/path to a missing page; its links to anchors go to anchored."""
    for line_number, column, target in _links(docs / path):
        if _external(target):
            if target.startswith("#") and len(target) > 1:
                anchored.append(_Anchored(path, line_number, column, target, path, unquote(target[1:])))
            continue
        address, _, anchor = target.partition("#")
        address = unquote(address.split("?", 1)[0])
        resolved = _resolve(path, address)
        source = urls.markdown_of(resolved) if resolved is not None else None
        if source is not None and source in pages:
            # MkDocs (strict) refuses a page's built address; Zensical lets it be. Both turn the Markdown
            # file's name into that address, so the link that builds on both is the file's.
            link = urls.relative(source, path) + (f"#{anchor}" if anchor else "")
            yield _problem(path, line_number, column,
                           f"the link '{target}' names the page built from docs/{source}: MkDocs refuses a "
                           "page's built address", f"link to its Markdown file, '{link}': both engines turn it "
                           "into the page's address")
        elif resolved is None or resolved not in pages:
            yield _problem(path, line_number, column,
                           f"the link '{target}' names docs/{resolved or address}, which neither exists nor "
                           "is generated", _suggest(resolved or address, pages, "links are relative to this page",
                                                    lambda known: urls.relative(known, path)))
        elif anchor and resolved.endswith(".md"):  # a Markdown page's, whose anchors are read below
            anchored.append(_Anchored(path, line_number, column, target, resolved, unquote(anchor)))


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


def _suggest(target: str, known: Iterable[str], fallback: str,
             written: Callable[[str], str] = str) -> str:
    """A did-you-mean hint from the closest known name (as written(name)), else the fallback advice."""
    close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{written(close[0])}'?" if close else fallback
