"""Render stage: the validated Site → Markdown pages, through Jinja2 templates.

Contributor text only ever reaches a template as data (never as template source), plain text is
escaped, and Markdown fields go through markup.py's sanitizer.
"""

from __future__ import annotations

import functools
import html
import json
from collections import OrderedDict
from itertools import groupby
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import charts, jsonld, markup
from .citations import cited_ids
from .config import SiteConfig
from .exceptions import BuildError
from .model import Actor, Briefing, Event, Site, Source
from .references import build_references

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
        # Citation numbers are left out of the search index (data-search-exclude, Material's).
        return Markup('<sup class="cite" data-search-exclude>[' + ", ".join(links) + "]</sup>")

    def listed(self) -> list[tuple[int, Source, list[str]]]:
        """Cited sources in number order, each with the anchors of its citations."""
        return [(n, self.sources[i], self.uses[i]) for i, n in self.numbers.items()]


def event_days(events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Consecutive events with the same date, grouped under it."""
    return [(text, list(group)) for text, group in groupby(events, key=lambda e: e.date.text)]


def involved_actors(briefing: Briefing, actors: dict[str, Actor]) -> list[Actor]:
    """The briefing's own actors and every actor its items name, by name."""
    return sorted((actors[i] for i in briefing.actor_ids() if i in actors), key=lambda a: a.name.lower())


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
    env.filters["figure_value"] = charts.figure_value
    # MkDocs and Material put front-matter values into <title>, the header and a <meta>
    # attribute without escaping them, so they are HTML-escaped here, then quoted for YAML.
    env.filters["front_matter"] = lambda text: Markup(_yaml_string(html.escape(str(text))))
    env.filters["yaml_string"] = lambda text: Markup(_yaml_string(str(text)))
    env.filters["not_cited_in"] = _not_cited_in
    return env


def _not_cited_in(ids: list[str], *texts: str | None) -> list[str]:
    """The listed sources not already cited inline in texts: no '[2] [2]' side by side."""
    inline = {i for text in texts for i in cited_ids(text)}
    return [i for i in ids if i not in inline]


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _no_citations(ids: list[str]) -> str:
    return ""


class Renderer:
    """Renders every page of a site to Markdown, keyed by its path under docs/."""

    def __init__(self, site: Site, config: SiteConfig | None = None):
        self.site = site
        self.config = config or SiteConfig()
        self.env = make_environment()
        self.refs = build_references(site)

    def page(self, template: str, base: str, **context: Any) -> str:
        """Render one template; base is the relative path from the page to the site root."""
        plain = functools.partial(markup.markdown_html, cite=_no_citations)
        plain_inline = functools.partial(markup.inline_html, cite=_no_citations)
        try:
            return self.env.get_template(template).render(
                site=self.site, base=base, config=self.config, actors=self.site.actors, refs=self.refs,
                md_plain=plain, md_plain_inline=plain_inline, **context)
        except jinja2.TemplateSyntaxError as err:
            raise BuildError(f"template {err.filename or template}:{err.lineno}: {err.message}") from None
        except jinja2.TemplateError as err:
            raise BuildError(f"template {template}: {err}") from None

    def briefing(self, briefing: Briefing) -> str:
        """The Markdown of one briefing page."""
        cite = Citations(self.site.sources)

        def md(text: str | None) -> Markup:
            return markup.markdown_html(text, cite) if text else Markup("")

        def md_inline(text: str | None) -> Markup:
            return markup.inline_html(text, cite) if text else Markup("")

        edit_url = None
        if self.config.repo_url:
            edit_url = (f"{self.config.repo_url.rstrip('/')}/edit/{self.config.edit_branch}/"
                        f"{briefing.files.get('briefing', f'briefings/{briefing.slug}/briefing.yaml')}")
        return self.page(
            "briefing.md.j2", "../", briefing=briefing, meta=briefing.meta, cite=cite, md=md,
            md_inline=md_inline, days=event_days(briefing.events), measures=charts.measures(briefing.figures),
            chart=charts.chart, involved=involved_actors(briefing, self.site.actors), edit_url=edit_url,
            jsonld=jsonld.briefing(briefing, self.site, self.config.site_url),
        )

    def pages(self) -> dict[str, str]:
        """Every generated page: home, briefings, actors, sources and the chronology."""
        published = self.site.published
        out = {
            "index.md": self.page("index.md.j2", "", briefings=published),
            "chronology.md": self.page("chronology.md.j2", "", chronology=self.refs.chronology),
            "sources.md": self.page("sources.md.j2", "", publishers=self._publishers()),
            "data/index.md": self.page("data.md.j2", "../", briefings=published),
        }
        for briefing in published:
            out[f"{BRIEFINGS_DIR}/{briefing.slug}.md"] = self.briefing(briefing)
        named = sorted((self.site.actors[i] for i in self.refs.actors), key=lambda a: a.name.lower())
        out["actors/index.md"] = self.page("actors.md.j2", "../", named=named)
        for actor in named:
            out[f"actors/{actor.id}.md"] = self.page("actor.md.j2", "../", actor=actor,
                                                     actor_refs=self.refs.actors[actor.id])
        return out

    def _publishers(self) -> list[tuple[str, list[Source]]]:
        by_publisher: dict[str, list[Source]] = {}
        for source_id in self.refs.sources:
            source = self.site.sources[source_id]
            by_publisher.setdefault(source.publisher, []).append(source)
        return [(name, sorted(group, key=lambda s: s.title.lower()))
                for name, group in sorted(by_publisher.items(), key=lambda item: item[0].lower())]


def render_site(site: Site, config: SiteConfig | None = None) -> dict[str, str]:
    """Render the site's pages: {path under docs/: Markdown}."""
    return Renderer(site, config).pages()
