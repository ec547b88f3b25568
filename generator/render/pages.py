"""Render stage: the validated Site → Markdown pages, through Jinja2 templates.

Contributor text only ever reaches a template as data (never as template source), plain text is
escaped, and Markdown fields go through markup.py's sanitizer.
"""

from __future__ import annotations

import functools
import html
import json
from collections import OrderedDict
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from generator.config import SiteConfig
from generator.exceptions import BuildError
from generator.model import figures
from generator.model.citations import cited_ids
from generator.model.contract import Actor, Briefing, Event, Site, Source
from generator.model.dates import FuzzyDate
from generator.render import charts, jsonld, markup
from generator.resolve import pagination
from generator.resolve.backlinks import build_references

if TYPE_CHECKING:
    from generator.cache import PageStore

BRIEFINGS_DIR = "briefings"
# Unless mkdocs.yml says otherwise, event summaries are searchable on a site of up to this many
# events (about 0.5 MB of search index); past it, readers would download far more for a search.
SUMMARIES_INDEXED_UP_TO = 1000


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


def time_element(date: FuzzyDate, cls: str = "") -> Markup:
    """A date as <time>: machine-readable, in words, and marked (with its text) when fuzzy."""
    # A function, not a template macro: pages show some 60,000 dates at 200 briefings, and a
    # Jinja macro call costs ten times as much.
    if date.is_fuzzy:
        classes = f"fuzzy {cls}" if cls else "fuzzy"
        attributes = Markup(' class="{}" title="{}"').format(classes, date.text)
    else:
        attributes = Markup(' class="{}"').format(cls) if cls else Markup("")
    return Markup('<time datetime="{}"{}>{}</time>').format(date.iso, attributes, date.words())


def event_days(events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Consecutive events with the same date, grouped under it."""
    return [(text, list(group)) for text, group in groupby(events, key=lambda e: e.date.text)]


def involved_actors(briefing: Briefing, actors: dict[str, Actor]) -> list[Actor]:
    """The briefing's own actors and every actor its items name, by name."""
    return sorted((actors[i] for i in briefing.actor_ids() if i in actors), key=lambda a: a.name.lower())


def make_environment() -> jinja2.Environment:
    """The Jinja2 environment: package templates, HTML autoescape, StrictUndefined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["time"] = time_element
    env.filters["md_text"] = markup.md_text
    env.filters["plain"] = markup.plain_text
    env.filters["figure_value"] = figures.figure_value
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


def _where(page: pagination.ListPage | None) -> tuple[str, str] | None:
    """What a link to a neighbouring page shows: its address and its name."""
    return (page.url, page.name) if page else None


def _no_citations(ids: list[str]) -> str:
    return ""


class Renderer:
    """Renders every page of a site to Markdown, keyed by its path under docs/.

    With a PageStore, the page of a briefing, an actor, a month or a publisher is rendered only
    when something it shows changed: the store keeps pages by a digest of all they are made from.
    """

    def __init__(self, site: Site, config: SiteConfig | None = None, store: PageStore | None = None):
        self.site = site
        self.config = config or SiteConfig()
        self.env = make_environment()
        self.refs = build_references(site)
        self.store = store
        self.index_summaries = self.config.search_event_summaries
        if self.index_summaries is None:  # decided on the public site, so the preview decides alike
            public = [b for b in site.briefings if b.published]
            self.index_summaries = sum(len(b.events) for b in public) <= SUMMARIES_INDEXED_UP_TO
        self.source_pages = pagination.source_pages(self._publishers())
        self.source_url = {source.id: page.url
                           for page in self.source_pages for _, group in page.publishers for source in group}

    def _remembered(self, parts: tuple[Any, ...], make: Callable[[], str]) -> str:
        """make(), or the page it made before from the same parts (templates and code included)."""
        if self.store is None:
            return make()
        return self.store.page(parts, make)

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
        # Everything the page shows: the briefing, the sources it cites (and where their page
        # is), the actors it names, the settings. Other briefings' edits leave it as it was.
        cited = [(self.site.sources[i], self.source_url.get(i)) for i in briefing.cited_source_ids()
                 if i in self.site.sources]
        named = [self.site.actors[i] for i in sorted(briefing.actor_ids()) if i in self.site.actors]
        return self._remembered(("briefing", briefing, cited, named, self.config, self.index_summaries),
                                lambda: self._briefing(briefing))

    def _briefing(self, briefing: Briefing) -> str:
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
            md_inline=md_inline, days=event_days(briefing.events), measures=figures.measures(briefing.figures),
            chart=charts.chart, involved=involved_actors(briefing, self.site.actors), edit_url=edit_url,
            jsonld=jsonld.briefing(briefing, self.site, self.config.site_url), source_url=self.source_url,
            index_summaries=self.index_summaries,
        )

    def actor(self, actor: Actor) -> str:
        """The Markdown of one actor's page."""
        refs = self.refs.actors[actor.id]

        def where(b: Briefing) -> tuple[str, str]:
            return b.slug, b.meta.title

        # What the page shows of each briefing is its slug and title, not the whole briefing.
        parts = ("actor", actor, [where(b) for b in refs.briefings], [(where(b), q) for b, q in refs.quotes],
                 [(where(b), e) for b, e in refs.events], [(where(b), f, label) for b, f, label in refs.figures])
        return self._remembered(parts, lambda: self.page("actor.md.j2", "../", actor=actor, actor_refs=refs))

    def pages(self) -> dict[str, str]:
        """Every generated page: home, briefings, actors, sources and the chronology."""
        published = self.site.published
        out = {
            "index.md": self.page("index.md.j2", "", briefings=published),
            "data/index.md": self.page("data.md.j2", "../", briefings=published),
        }
        out.update(self._chronology())
        out.update(self._sources())
        for briefing in published:
            out[f"{BRIEFINGS_DIR}/{briefing.slug}.md"] = self.briefing(briefing)
        named = sorted((self.site.actors[i] for i in self.refs.actors), key=lambda a: a.name.lower())
        out["actors/index.md"] = self.page("actors.md.j2", "../", named=named)
        for actor in named:
            out[f"actors/{actor.id}.md"] = self.actor(actor)
        return out

    def _chronology(self) -> dict[str, str]:
        """One chronology page, or an index of months and a page for each."""
        months = pagination.month_pages(self.refs.chronology)
        if months is None:
            return {pagination.CHRONOLOGY_PAGE: self.page(
                "chronology.md.j2", "", title="Chronology", chronology=self.refs.chronology, month=None,
                description="Every event from every published briefing, in one timeline.")}
        out = {pagination.CHRONOLOGY_PAGE: self.page("chronology-index.md.j2", "", months=months)}
        for number, month in enumerate(months):
            previous = months[number - 1] if number else None
            following = months[number + 1] if number + 1 < len(months) else None
            parts = ("month", month.path, month.name, [(b.slug, b.meta.title, e) for b, e in month.events],
                     _where(previous), _where(following))
            out[month.path] = self._remembered(parts, functools.partial(
                self.page, "chronology.md.j2", "../", title=f"Chronology: {month.name}", chronology=month.events,
                month=month, previous=previous, following=following,
                description=f"Every event of {month.name} from every published briefing."))
        return out

    def _sources(self) -> dict[str, str]:
        """One sources page, or an index of publishers and a page for each."""
        if len(self.source_pages) == 1 and self.source_pages[0].path == pagination.SOURCES_PAGE:
            return {pagination.SOURCES_PAGE: self.page(
                "sources.md.j2", "", title="Sources", publishers=self.source_pages[0].publishers, split=False,
                previous=None, following=None,
                description="Every source cited in the briefings, grouped by publisher, with what cites it.")}
        out = {pagination.SOURCES_PAGE: self.page("sources-index.md.j2", "", pages=self.source_pages)}
        for number, page in enumerate(self.source_pages):
            publisher = page.publishers[0][0]
            # A publisher with more sources than a page holds continues on its next page.
            previous = self.source_pages[number - 1] if page.part > 1 else None
            following = self.source_pages[number + 1] if page.part < page.parts else None
            uses = [(s, [(u.briefing.slug, u.briefing.meta.title, u.kind, u.anchor, u.label)
                         for u in self.refs.sources[s.id]]) for _, group in page.publishers for s in group]
            parts = ("publisher", page.path, page.name, uses, _where(previous), _where(following))
            out[page.path] = self._remembered(parts, functools.partial(
                self.page, "sources.md.j2", "../", title=f"Sources: {page.name}", publishers=page.publishers,
                split=True, previous=previous, following=following,
                description=f"Sources from {publisher} cited in the briefings."))
        return out

    def _publishers(self) -> list[tuple[str, list[Source]]]:
        by_publisher: dict[str, list[Source]] = {}
        for source_id in self.refs.sources:
            source = self.site.sources[source_id]
            by_publisher.setdefault(source.publisher, []).append(source)
        return [(name, sorted(group, key=lambda s: s.title.lower()))
                for name, group in sorted(by_publisher.items(), key=lambda item: item[0].lower())]


def render_site(site: Site, config: SiteConfig | None = None, store: PageStore | None = None) -> dict[str, str]:
    """Render the site's pages: {path under docs/: Markdown}."""
    return Renderer(site, config, store).pages()
