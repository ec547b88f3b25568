"""Citation marks on a page: sources numbered in order of first citation, like endnotes, linked both ways."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from markupsafe import Markup, escape

from generator import urls
from generator.model.citations import cited_ids
from generator.model.contract import Source


class Citations:
    """Numbers a page's sources in order of first citation, like endnotes, and links each use."""

    def __init__(self, sources: Mapping[str, Source], id_prefix: str = ""):
        self.sources = sources
        self.id_prefix = id_prefix  # before every id it writes and links to: a PDF joins several briefings
        self.numbers: OrderedDict[str, int] = OrderedDict()
        self.uses: dict[str, list[str]] = {}
        self.places: dict[str, list[str]] = {}  # the locators each source is cited at, e.g. 'p. 4'
        self.count = 0

    def __call__(self, ids: list[str], places: list[str] | None = None) -> Markup:
        """The HTML of one citation group: '[3, 12, 27]', each number a link to its source.

        places, beside ids, are the locators cited ('p. 4', or ''): they go in the link's title.
        """
        unique = list(dict.fromkeys(i for i in ids if i in self.sources))
        if not unique:
            return Markup("")
        cited_at: dict[str, list[str]] = {}
        for source_id, place in zip(ids, places or [], strict=False):
            if place and source_id in self.sources:
                cited_at.setdefault(source_id, []).append(place)
                if place not in self.places.setdefault(source_id, []):
                    self.places[source_id].append(place)
        for source_id in unique:
            self.numbers.setdefault(source_id, len(self.numbers) + 1)
        links = []
        for source_id in sorted(unique, key=self.numbers.__getitem__):
            self.count += 1
            anchor = self.id_prefix + urls.citation_anchor(self.count)
            self.uses.setdefault(source_id, []).append(anchor)
            title = escape(", ".join([self.sources[source_id].title, *cited_at.get(source_id, [])]))
            links.append(f'<a href="#{self.id_prefix}{source_id}" id="{anchor}" title="{title}">'
                         f"{self.numbers[source_id]}</a>")
        # Citation numbers are left out of the search index and its excerpts (Pagefind's data-pagefind-ignore).
        # A word joiner (U+2060) first: no line breaks between the mark and the word or stop before it.
        return Markup('<sup class="cite" data-pagefind-ignore>\u2060[' + ", ".join(links) + "]</sup>")

    @staticmethod
    def back_label(number: int) -> str:
        """The label of a source's nth back-link, as in endnotes: a, b, … z, aa, ab, …"""
        label = ""
        while number:
            number, rest = divmod(number - 1, 26)
            label = chr(ord("a") + rest) + label
        return label

    def listed(self) -> list[tuple[int, Source, list[str]]]:
        """Cited sources in number order, each with the anchors of its citations."""
        return [(n, self.sources[i], self.uses[i]) for i, n in self.numbers.items()]

    def cited_at(self, source_id: str) -> str:
        """The locators a source is cited at on the page, e.g. 'p. 4, pp. 33–35', or ''."""
        return ", ".join(self.places.get(source_id, []))


def not_cited_in(ids: list[str], *texts: str | None) -> list[str]:
    """The listed sources not already cited inline in texts: no '[2] [2]' side by side."""
    inline = {i for text in texts for i in cited_ids(text)}
    return [i for i in ids if i not in inline]
