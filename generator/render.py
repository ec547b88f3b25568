"""Render stage: the validated Site → Markdown pages, through Jinja2 templates.

Contributor text only ever reaches a template as data (never as template source), plain text is
escaped, and Markdown fields go through markup.py's sanitizer.
"""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import markup
from .citations import cited_ids
from .model import Actor, Briefing, Event, Figure, Site, Source

BRIEFINGS_DIR = "briefings"


class Citations:
    """Numbers a page's sources in order of first citation, like endnotes, and links each use."""

    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.numbers: OrderedDict[str, int] = OrderedDict()
        self.uses: dict[str, list[str]] = {}
        self.count = 0

    def __call__(self, ids: list[str]) -> Markup:
        """The HTML of one citation group: '[3, 12, 27]', each number a link to its source."""
        unique = list(dict.fromkeys(i for i in ids if i in self.sources))
        if not unique:
            return Markup("")
        for source_id in unique:
            self.numbers.setdefault(source_id, len(self.numbers) + 1)
        links = []
        for source_id in sorted(unique, key=self.numbers.__getitem__):
            self.count += 1
            anchor = f"cite-{self.count}"
            self.uses.setdefault(source_id, []).append(anchor)
            title = escape(self.sources[source_id].title)
            links.append(f'<a href="#{source_id}" id="{anchor}" title="{title}">'
                         f"{self.numbers[source_id]}</a>")
        return Markup('<sup class="cite">[' + ", ".join(links) + "]</sup>")

    def listed(self) -> list[tuple[int, Source, list[str]]]:
        """Cited sources in number order, each with the anchors of its citations."""
        return [(n, self.sources[i], self.uses[i]) for i, n in self.numbers.items()]


@dataclass
class Measure:
    """The claims about one quantity, for a side-by-side table."""

    key: str
    label: str
    figures: list[Figure] = field(default_factory=list)


def measures(figures: list[Figure]) -> list[Measure]:
    """Group figures by measure (in order of first appearance), newest claim first."""
    grouped: dict[str, Measure] = {}
    for figure in figures:
        measure = grouped.setdefault(figure.measure, Measure(figure.measure, ""))
        measure.figures.append(figure)
        if figure.label and not measure.label:
            measure.label = figure.label
    for measure in grouped.values():
        measure.label = measure.label or measure.key.replace("-", " ").capitalize()
        measure.figures.sort(key=lambda f: f.as_of.sort_key if f.as_of else (0, 0, 0), reverse=True)
    return list(grouped.values())


def figure_value(figure: Figure) -> str:
    """'c. 12,000' or '10,000–12,000'."""
    value = figure.value
    text = (f"{markup.format_number(value[0])}–{markup.format_number(value[1])}"
            if isinstance(value, tuple) else markup.format_number(value))
    return f"c. {text}" if figure.approximate else text


def event_days(events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Consecutive events with the same date, grouped under it."""
    return [(text, list(group)) for text, group in groupby(events, key=lambda e: e.date.text)]


def involved_actors(briefing: Briefing, actors: dict[str, Actor]) -> list[Actor]:
    """The briefing's own actors and every actor its items name, by name."""
    ids = {a.id for a in briefing.actors}
    for event in briefing.events:
        ids.update(event.actors)
    ids.update(q.speaker for q in briefing.quotes)
    ids.update(f.claimed_by for f in briefing.figures if f.claimed_by)
    return sorted((actors[i] for i in ids if i in actors), key=lambda a: a.name.lower())


def make_environment() -> jinja2.Environment:
    """The Jinja2 environment: package templates, HTML autoescape, StrictUndefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_text"] = markup.md_text
    env.filters["plain"] = markup.plain_text
    env.filters["figure_value"] = figure_value
    # MkDocs and Material put front-matter values into <title>, the header and a <meta>
    # attribute without escaping them, so they are HTML-escaped here, then quoted for YAML.
    env.filters["front_matter"] = lambda text: Markup(_yaml_string(html.escape(str(text))))
    env.filters["not_cited_in"] = _not_cited_in
    return env


def _not_cited_in(ids: list[str], *texts: str | None) -> list[str]:
    """The listed sources not already cited inline in texts: no '[2] [2]' side by side."""
    inline = {i for text in texts for i in cited_ids(text)}
    return [i for i in ids if i not in inline]


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Renderer:
    """Renders every page of a site to Markdown, keyed by its path under docs/."""

    def __init__(self, site: Site):
        self.site = site
        self.env = make_environment()

    def page(self, template: str, **context: Any) -> str:
        """Render one template with the site in its context."""
        return self.env.get_template(template).render(site=self.site, **context)

    def briefing(self, briefing: Briefing) -> str:
        """The Markdown of one briefing page."""
        cite = Citations(self.site.sources)

        def md(text: str | None) -> Markup:
            return markup.markdown_html(text, cite) if text else Markup("")

        def md_inline(text: str | None) -> Markup:
            return markup.inline_html(text, cite) if text else Markup("")

        return self.page(
            "briefing.md.j2", briefing=briefing, meta=briefing.meta, cite=cite, md=md,
            md_inline=md_inline, days=event_days(briefing.events), measures=measures(briefing.figures),
            actors=self.site.actors, involved=involved_actors(briefing, self.site.actors),
        )

    def pages(self) -> dict[str, str]:
        """Every generated page: the home page and one page per published briefing."""
        out = {"index.md": self.page("index.md.j2", briefings=self.site.published)}
        for briefing in self.site.published:
            out[f"{BRIEFINGS_DIR}/{briefing.slug}.md"] = self.briefing(briefing)
        return out


def render_site(site: Site) -> dict[str, str]:
    """Render the site's pages: {path under docs/: Markdown}."""
    return Renderer(site).pages()
