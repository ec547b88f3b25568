"""The ids a page's Markdown gives its HTML, found as MkDocs finds them for its anchor check.

MkDocs converts the page with mkdocs.yml's extensions (the toc extension slugifies each heading,
attr_list sets explicit ids) and takes the id of every element, and of every tag of the page's raw
HTML; Zensical's check agrees. Converting the page, not reading it with patterns, gives the same ids
for a heading with markup or entities in it ('&lt;and&gt;'), a setext heading or an id on a paragraph.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils.meta import get_data

log = logging.getLogger("generator")
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))


@dataclass
class Ids:
    """A page's ids: all of them, and its headings' in page order (the ones a hint names)."""

    all: set[str]
    headings: list[str]


class PageIds:
    """Converts pages with one set of Markdown extensions; ids(text) gives a page's Ids."""

    def __init__(self, extensions: Sequence[tuple[str, dict[str, Any]]]):
        self.found = Ids(set(), [])
        usable: list[str] = []
        settings: dict[str, dict[str, Any]] = {}
        for name, config in extensions:
            try:
                markdown.Markdown(extensions=[name], extension_configs={name: config})
            except Exception as err:  # an extension that fails to load, whatever the reason
                # Not installed, or set with a tag only MkDocs reads (!!python/name): MkDocs says so when it
                # builds; the other extensions still give their ids.
                log.debug("markdown extension %s left out of the link check: %s", name, err)
                continue
            usable.append(name)
            settings[name] = config
        self.md = markdown.Markdown(extensions=[*usable, _Collect(self)], extension_configs=settings)

    def ids(self, text: str) -> Ids:
        """The ids of a page whose file holds text (front matter and all)."""
        self.found = Ids(set(), [])
        self.md.reset()
        self.md.convert(get_data(text)[0])
        return self.found


class _Collect(Extension):  # type: ignore[misc]
    """Notes the ids as MkDocs' anchor check does: of every element, and of every tag of the raw HTML."""

    def __init__(self, owner: PageIds):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """MkDocs' own priorities: the raw HTML just before html_block, the tree with toc."""
        md.preprocessors.register(_RawIds(md, self.owner), "briefing_raw_ids", 21)
        md.treeprocessors.register(_TreeIds(md, self.owner), "briefing_tree_ids", 5)


class _RawIds(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: markdown.Markdown, owner: PageIds):
        super().__init__(md)
        self.owner = owner

    def run(self, lines: list[str]) -> list[str]:
        parser = _IdParser(self.owner.found.all)
        parser.feed("\n".join(lines))
        parser.close()
        return lines


class _IdParser(HTMLParser):
    def __init__(self, ids: set[str]):
        super().__init__(convert_charrefs=True)
        self.found = ids

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.found.add(value)


class _TreeIds(Treeprocessor):  # type: ignore[misc]
    def __init__(self, md: markdown.Markdown, owner: PageIds):
        super().__init__(md)
        self.owner = owner

    def run(self, root: etree.Element) -> None:
        found = self.owner.found
        for element in root.iter():
            anchor = element.get("id") or (element.get("name") if element.tag == "a" else None)
            if anchor:
                found.all.add(anchor)
                if element.tag in _HEADINGS:
                    found.headings.append(anchor)
