"""Render stage: the validated Site → Markdown pages, through Jinja2 templates.

Contributor text only ever reaches a template as data (never as template source), plain text is
escaped, and Markdown fields go through markup.py's sanitizer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic_core import to_json

from generator import urls
from generator.config import SiteConfig
from generator.exceptions import BuildError
from generator.kept import Kept
from generator.model import figures
from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor, Place, Source
from generator.render import charts, jsonld, maps, markup, parallel, timeline
from generator.render.citations import Citations
from generator.render.environment import environment, involved_actors, item_labels, latest_additions
from generator.render.inputs import (
    BriefingLink,
    Card,
    Named,
    PageInputs,
    PageStore,
    Related,
    Title,
    Use,
    actor_key,
    neighbour,
    publisher_key,
)
from generator.render.pictures import SIZES, picture_views
from generator.render.reuse import KeptInputs, flat_basis
from generator.resolve import pagination
from generator.resolve.backlinks import ActorRefs, Mentions, build_references

# Unless mkdocs.yml says otherwise, event summaries are searchable on a site of up to this many
# events (about 0.5 MB of search index); past it, readers would download far more for a search.
SUMMARIES_INDEXED_UP_TO = 1000


def _no_citations(ids: list[str], places: list[str] | None = None) -> str:
    return ""


# The preview's inputs of every declared page (render/reuse.py).
_INPUTS: KeptInputs[PageInputs] = KeptInputs()


def _briefing_view(context: dict[str, Any]) -> dict[str, Any]:
    """The helpers of a briefing's page, made from its declared inputs only."""
    briefing: Briefing = context["briefing"]
    config: SiteConfig = context["config"]
    cite = Citations(context["sources"])

    def md(text: str | None) -> Markup:
        return markup.markdown_html(text, cite) if text else Markup("")

    def md_inline(text: str | None) -> Markup:
        return markup.inline_html(text, cite) if text else Markup("")

    edit_url = None
    if config.repo_url:
        edit_url = urls.edit_page(config.repo_url, config.edit_branch,
                                  briefing.files.get("briefing", f"briefings/{briefing.slug}/briefing.yaml"))
    updated_on, new_items = latest_additions(briefing)
    return {"meta": briefing.meta, "cite": cite, "md": md, "md_inline": md_inline,
            "new_items": new_items, "updated_on": updated_on,
            "item_labels": item_labels(briefing, context["actors"]),
            "timeline": timeline.build_timeline(briefing.events), "measures": figures.measures(briefing.figures),
            "events_by_id": {e.id: e for e in briefing.events}, **maps.map_view(briefing.events, context["places"]),
            "chart": functools.partial(charts.chart, actors=context["actors"], slots=context["claimant_slots"]),
            "involved": involved_actors(briefing, context["actors"]),
            "edit_url": edit_url, "pictures": picture_views(briefing, context["base"]), "picture_sizes": SIZES,
            "jsonld": jsonld.briefing(briefing, context["sources"], config.site_url, config.licence,
                                      context["tag_labels"])}


# What a place's own map shows around it: enough of the land about it to tell where it is.
PLACE_MAP_AROUND_KM = 500


def _place_view(context: dict[str, Any]) -> dict[str, Any]:
    """A place's map, made from the place alone: where it is, its marker leading to the events listed below."""
    place: Place = context["place"]
    return {"map_svg": maps.locator([maps.Pin(1, place, "#events")], label=f"Map of where {place.name} is",
                                    around_km=PLACE_MAP_AROUND_KM)}


@contextlib.contextmanager
def _template_errors(template: str) -> Iterator[None]:
    """Report a template's mistakes as a BuildError naming the template."""
    try:
        yield
    except jinja2.TemplateSyntaxError as err:
        raise BuildError(f"template {err.filename or template}:{err.lineno}: {err.message}") from None
    except jinja2.TemplateError as err:
        raise BuildError(f"template {template}: {err}") from None


# A tag naming another template: {% import "x" as m %}, {% from "x" import y %}, include, extends.
_TEMPLATE_TAG = re.compile(r"\{%-?\s*(?:import|include|extends|from)\s+(\S+)")


def _referenced_templates(source: str) -> list[str | None]:
    """The templates a template's source names; None for a name computed while rendering."""
    # A regular expression, not jinja2.meta on a parsed template: parsing every template again
    # for its key cost a tenth of a second on each regeneration, most of which renders nothing.
    names: list[str | None] = []
    for match in _TEMPLATE_TAG.finditer(source):
        token = match.group(1)
        literal = len(token) > 1 and token[0] in "\"'" and token[-1] == token[0]
        names.append(token[1:-1] if literal else None)
    return names


class Renderer:
    """Renders every page of a site to Markdown, keyed by its path under docs/.

    Most pages (a briefing's, an actor's, a month's, a publisher's, the home page, the lists) are
    declared (PageInputs) and rendered from their declaration alone; with a PageStore, only when
    that or their template changed. The few others read the whole site (Renderer.page).
    """

    def __init__(self, site: Site, config: SiteConfig | None = None, store: PageStore | None = None,
                 kept: Kept | None = None, recalled: Mapping[str, Mentions] | None = None):
        self.site = site
        self.config = config or SiteConfig()
        self.env = environment()
        self.refs = build_references(site, kept, recalled)
        self.store = store
        if store is not None:
            store.key_by_files(site)
        self.index_summaries = self.config.search_event_summaries
        if self.index_summaries is None:  # decided on the public site, so the preview decides alike
            public = [b for b in site.briefings if b.published]
            self.index_summaries = sum(len(b.events) for b in public) <= SUMMARIES_INDEXED_UP_TO
        self.source_pages = pagination.source_pages(self._publishers())
        self.source_url = {source.id: page.url
                           for page in self.source_pages for _, group in page.publishers for source in group}
        self.links = {b.slug: BriefingLink(b.slug, Title(b.meta.title)) for b in site.briefings}
        self.by_slug = {b.slug: b for b in site.briefings}
        self.template_keys: dict[str, str] = {}
        self.config_json = to_json(self.config, fallback=repr)  # a briefing page's basis (briefing_inputs)
        self.reused: set[str] = set()  # the paths whose inputs this run took from _INPUTS or put there

    def page(self, template: str, base: str, **context: Any) -> str:
        """Render a page of the whole site (the indexes of months, publishers and places): it may read all of it."""
        return self._render(template, {"site": self.site, "base": base, "config": self.config,
                                       "actors": self.site.actors, "refs": self.refs, **context})

    def declared(self, inputs: PageInputs, path: str | None = None) -> str | None:
        """Render a page from its declared inputs alone; with a store, only when they changed, and None
        when the file at path (where the page goes) holds it already (PageStore.page)."""
        def make() -> str:
            context = inputs.whole_context()
            helpers = inputs.view(context) if inputs.view else {}
            return self._render(inputs.template, {**context, **helpers})

        if self.store is None:
            return make()
        keyed_by = {"key": inputs.key} if inputs.key else inputs.whole_context()
        return self.store.page(self._template_key(inputs.template), keyed_by, make, path)

    def _job(self, path: str, inputs: PageInputs | Callable[[], PageInputs]) -> parallel.Job:
        """The job of the declared page at path; inputs, or what makes them where the page is rendered."""
        if isinstance(inputs, PageInputs):
            return path, functools.partial(self.declared, inputs, path)
        return path, lambda: self.declared(inputs(), path)

    def _render(self, template: str, variables: dict[str, Any]) -> str:
        plain = functools.partial(markup.markdown_html, cite=_no_citations)
        plain_inline = functools.partial(markup.inline_html, cite=_no_citations)
        with _template_errors(template):
            return self.env.get_template(template).render(md_plain=plain, md_plain_inline=plain_inline, **variables)

    def _template_key(self, name: str) -> str:
        """A digest of a template's source and of every template it imports, includes or extends."""
        if name not in self.template_keys:
            assert self.env.loader is not None
            digest = hashlib.sha256()
            used, waiting = set(), [name]
            with _template_errors(name):
                while waiting:
                    current = waiting.pop()
                    if current in used:
                        continue
                    used.add(current)
                    source = self.env.loader.get_source(self.env, current)[0]
                    digest.update(f"{current}\0{source}\0".encode())
                    for referenced in _referenced_templates(source):
                        # A name computed while rendering could be any template.
                        waiting += [referenced] if referenced else self.env.list_templates()
            self.template_keys[name] = digest.hexdigest()
        return self.template_keys[name]

    def _reused(self, path: str, basis: Callable[[], tuple[object, ...]], make: Callable[[], PageInputs]) -> PageInputs:
        """make(), or in the preview the inputs last made for path while basis() (all make() reads) is unchanged.

        basis is asked for in the preview only: a one-off run makes every page's inputs once (listing what
        the publishers' pages read cost it 0.1 s at 1,000 briefings).
        """
        return _INPUTS.get(path, basis(), make, self.reused) if self.site.show_drafts else make()

    def briefing_inputs(self, briefing: Briefing) -> PageInputs:
        """A briefing's page: the briefing, the sources it cites and their pages, its actors, its related briefings."""
        cited = [i for i in briefing.cited_source_ids() if i in self.site.sources]
        context: dict[str, Any] = {
            "base": urls.up(urls.briefing_md(briefing.slug)), "briefing": briefing,
            "sources": {i: self.site.sources[i] for i in cited},
            "source_url": {i: self.source_url[i] for i in cited if i in self.source_url},
            "actors": {i: self.site.actors[i] for i in sorted(briefing.actor_ids()) if i in self.site.actors},
            "places": {i: self.site.places[i] for e in briefing.events for i in e.places if i in self.site.places},
            # Its tags and its events', as readers see them: by the names of any actor or place they name.
            "tag_labels": self.site.tag_labels(briefing.tags()),
            # Its claimants' chart colours, which the whole site settles (Site.claimant_slots).
            "claimant_slots": {c: self.site.claimant_slots[c] for f in briefing.figures
                               if (c := f.claimed_by) and c in self.site.claimant_slots},
            "config": self.config, "index_summaries": self.index_summaries,
            "related": [Related(b.slug, b.meta.title, b.meta.subtitle)
                        for b in (self.by_slug[s] for s in self.site.related.get(briefing.slug, ()))],
        }
        if not self.site.show_drafts:
            return PageInputs("briefing.md.j2", context, _briefing_view)
        # The preview keeps the context while every value in it is unchanged: its key is not worked out again.
        return self._reused(urls.briefing_md(briefing.slug), lambda: flat_basis(context, config=self.config_json),
                            lambda: PageInputs("briefing.md.j2", context, _briefing_view))

    def actor_inputs(self, actor: Actor) -> PageInputs:
        """An actor's page: the actor, and where each briefing names them (its title, not all of it)."""
        refs = self.refs.actors[actor.id]
        # A quote's sources, which a site-wide sources.yaml may hold: named under it, so readers can check it.
        cited = [[self.site.sources[i] for i in dict.fromkeys(ids) if i in self.site.sources]
                 for _, _, ids in refs.quotes]
        # Every other entry comes from one of the briefings that name the actor (refs.briefings).
        key = None if self.site.show_drafts else actor_key(actor, refs.briefings, self.refs.mentions, cited)
        return self._reused(urls.actor_md(actor.id), lambda: (actor, *refs.briefings, *(s for q in cited for s in q)),
                            functools.partial(self._actor_inputs, actor, refs, cited, key))

    def _actor_inputs(self, actor: Actor, refs: ActorRefs, cited: list[list[Source]], key: str | None) -> PageInputs:
        link = self.links

        def entries() -> dict[str, Any]:
            return {"actor_refs": {
                "briefings": [link[b.slug] for b in refs.briefings],
                "quotes": [(link[b.slug], q, sources) for (b, q, _), sources in zip(refs.quotes, cited, strict=True)],
                "events": [(link[b.slug], e) for b, e in refs.events],
                "figures": [(link[b.slug], f, label) for b, f, label in refs.figures]}}

        return PageInputs("actor.md.j2", {"base": urls.up(urls.actor_md(actor.id)), "actor": actor}, key=key,
                          rest=entries)

    def place_inputs(self, place: Place) -> PageInputs:
        """A place's page: the place, and the events that name it with their briefings' titles."""
        events = self.refs.places.get(place.id, [])

        def basis() -> tuple[object, ...]:
            return (place, *(x for pair in events for x in pair))

        return self._reused(urls.place_md(place.id), basis, lambda: PageInputs("place.md.j2", {
            "base": urls.up(urls.place_md(place.id)), "place": place,
            "events": [(self.links[b.slug], e) for b, e in events],
        }, _place_view))

    def month_inputs(self, months: list[pagination.MonthPage], number: int) -> PageInputs:
        """A month's page of the chronology: its events with their briefings' titles, and its neighbours."""
        month = months[number]
        previous = neighbour(months[number - 1] if number else None)
        following = neighbour(months[number + 1] if number + 1 < len(months) else None)

        def basis() -> tuple[object, ...]:
            return (month.path, month.name, previous, following, *(x for pair in month.events for x in pair))

        return self._reused(month.path, basis, lambda: PageInputs("chronology.md.j2", {
            "base": urls.up(month.path), "title": f"Chronology: {month.name}",
            "description": f"Every event of {month.name} from every published briefing.",
            "chronology": [(self.links[b.slug], e) for b, e in month.events], "month": month.name,
            "previous": previous, "following": following,
        }))

    def publisher_inputs(self, number: int) -> PageInputs:
        """A publisher's page of sources: each with the items citing it, and its neighbours."""
        page = self.source_pages[number]
        # A publisher with more sources than a page holds continues on its next page.
        previous = neighbour(self.source_pages[number - 1] if page.part > 1 else None)
        following = neighbour(self.source_pages[number + 1] if page.part < page.parts else None)
        sources = [s for _, group in page.publishers for s in group]
        # Who cites each source: the very Citing objects (resolve/backlinks.py), the same save after save
        # for a briefing that did not change. An edited briefing's are new: the few pages that list them
        # are made again (and hashed; rendered only if what they show changed). Building each use's
        # fields into the basis instead cost 0.3 s a save at 1,000 briefings.
        def basis() -> tuple[object, ...]:
            return (page.path, page.name, previous, following,
                    *(x for name, group in page.publishers for x in (name, len(group))), *sources,
                    *(x for s in sources for x in (None, *self.refs.sources[s.id])))

        def uses() -> dict[str, Any]:
            # The briefing's link shows its title, which its Citing holds.
            return {"refs": {"sources": {s.id: [Use(self.links[u.briefing.slug], u.kind, u.anchor, u.label, u.words)
                                                for u in self.refs.sources[s.id]] for s in sources}}}

        def make() -> PageInputs:
            key = None if self.site.show_drafts else publisher_key(page, previous, following, self.refs.sources,
                                                                    self.refs.mentions)
            context = {"base": urls.up(page.path), "title": f"Sources: {page.name}",
                       "description": f"Sources from {page.publishers[0][0]} cited in the briefings.",
                       "publishers": page.publishers, "split": True, "previous": previous, "following": following}
            return PageInputs("sources.md.j2", context, key=key, rest=uses)

        return self._reused(page.path, basis, make)

    def home_inputs(self, published: Sequence[Briefing]) -> PageInputs:
        """The home page: a card for each published briefing, in the site's order."""
        cards = [Card(b.slug, b.meta.title, b.meta.subtitle, b.meta.status, b.meta.summary, b.meta.updated,
                      timeline.coverage(b.events), len(b.events), len(b.quotes), len(b.figures)) for b in published]
        # Dates are made afresh on every run: their text stands for them.
        def basis() -> tuple[object, ...]:
            return (self.config_json, *(x for c in cards for x in (*c[:5], c.updated.text,
                                                                  c.covered.text if c.covered else None, *c[7:])))
        return self._reused(urls.HOME_MD, basis, lambda: PageInputs("index.md.j2", {
            "base": urls.up(urls.HOME_MD), "config": self.config, "briefings": cards}))

    def data_inputs(self, published: Sequence[Briefing]) -> PageInputs:
        """The open-data page: the site's files, and each published briefing's by its title."""
        def basis() -> tuple[object, ...]:
            return (self.config_json, *(x for b in published for x in (b.slug, b.meta.title)))

        return self._reused(urls.DATA_MD, basis, lambda: PageInputs("data.md.j2", {
            "base": urls.up(urls.DATA_MD), "config": self.config,
            "briefings": [self.links[b.slug] for b in published]}))

    def actors_index_inputs(self, named: list[Actor]) -> PageInputs:
        """The list of everyone named: each actor, with how many briefings name them."""
        listed = [Named(a, len(self.refs.actors[a.id].briefings)) for a in named]
        return self._reused(urls.ACTORS_MD, lambda: tuple(x for n in listed for x in n), lambda: PageInputs(
            "actors.md.j2", {"named": listed}))

    def pages(self, processes: int | None = 1, writer: parallel.Writer | None = None) -> dict[str, str]:
        """Every generated page: home, briefings, actors, sources and the chronology.

        processes: how many share the rendering (None: one per core, when there are pages enough);
        writer: where each page goes as it is made (then none is returned), see parallel.render.
        """
        jobs = self.jobs()
        pages = parallel.render(jobs, self.store, parallel.processes_for(len(jobs), processes), writer)
        _INPUTS.keep_only(self.reused)  # a one-off run keeps none
        return pages

    def jobs(self) -> list[parallel.Job]:
        """Every page to render, with what renders it, in the order of the site."""
        published = self.site.published
        page = functools.partial
        jobs: list[parallel.Job] = [
            self._job(urls.HOME_MD, self.home_inputs(published)),
            self._job(urls.DATA_MD, self.data_inputs(published)),
            *self._chronology(), *self._sources()]
        # A briefing's and an actor's inputs are made where the page is rendered (on every core).
        jobs += [self._job(urls.briefing_md(b.slug), page(self.briefing_inputs, b)) for b in published]
        named = sorted((self.site.actors[i] for i in self.refs.actors), key=lambda a: a.name.lower())
        jobs.append(self._job(urls.ACTORS_MD, self.actors_index_inputs(named)))
        jobs += [self._job(urls.actor_md(a.id), page(self.actor_inputs, a)) for a in named]
        places = sorted((self.site.places[i] for i in self.refs.places), key=lambda p: p.name.lower())
        jobs.append((urls.PLACES_MD, page(self._places_index, places)))
        jobs += [self._job(urls.place_md(p.id), self.place_inputs(p)) for p in places]
        return jobs

    def _places_index(self, places: list[Place]) -> str:
        pins, svg = maps.site_map(places, lambda i: urls.relative(urls.place_page(i), urls.PLACES_PAGE))
        return self.page("places.md.j2", urls.up(urls.PLACES_MD), pins=pins, map_svg=svg)

    def _chronology(self) -> list[parallel.Job]:
        """One chronology page, or an index of months and a page for each."""
        months = pagination.month_pages(self.refs.chronology)
        if months is None:
            return [(urls.CHRONOLOGY_MD, functools.partial(
                self.page, "chronology.md.j2", urls.up(urls.CHRONOLOGY_MD), title="Chronology",
                chronology=self.refs.chronology, month=None,
                description="Every event from every published briefing, in one timeline."))]
        index = functools.partial(self.page, "chronology-index.md.j2", urls.up(urls.CHRONOLOGY_MD), months=months)
        return [(urls.CHRONOLOGY_MD, index),
                *(self._job(month.path, self.month_inputs(months, number)) for number, month in enumerate(months))]

    def _sources(self) -> list[parallel.Job]:
        """One sources page, or an index of publishers and a page for each."""
        if len(self.source_pages) == 1 and self.source_pages[0].path == urls.SOURCES_MD:
            return [(urls.SOURCES_MD, functools.partial(
                self.page, "sources.md.j2", urls.up(urls.SOURCES_MD), title="Sources",
                publishers=self.source_pages[0].publishers, split=False, previous=None, following=None,
                description="Every source cited in the briefings, grouped by publisher, with what cites it."))]
        index = functools.partial(self.page, "sources-index.md.j2", urls.up(urls.SOURCES_MD), pages=self.source_pages)
        return [(urls.SOURCES_MD, index),
                *(self._job(page.path, self.publisher_inputs(number)) for number, page in enumerate(self.source_pages))]

    def _publishers(self) -> list[tuple[str, list[Source]]]:
        by_publisher: dict[str, list[Source]] = {}
        for source_id in self.refs.sources:
            source = self.site.sources[source_id]
            by_publisher.setdefault(source.publisher, []).append(source)
        return [(name, sorted(group, key=lambda s: s.title.lower()))
                for name, group in sorted(by_publisher.items(), key=lambda item: item[0].lower())]


def render_site(site: Site, config: SiteConfig | None = None, store: PageStore | None = None,
                processes: int | None = 1, writer: parallel.Writer | None = None,
                kept: Kept | None = None, recalled: Mapping[str, Mentions] | None = None) -> dict[str, str]:
    """Render the site's pages: {path under docs/: Markdown}; processes and writer as Renderer.pages,
    kept and recalled as build_references."""
    return Renderer(site, config, store, kept, recalled).pages(processes, writer)


def render_pages(site: Site, config: SiteConfig | None, paths: Iterable[str]) -> dict[str, str]:
    """The Markdown of the generated pages at paths (under docs/), rendered as render_site renders them;
    a path that is no page of the site is left out."""
    jobs = dict(Renderer(site, config).jobs())
    return {path: jobs[path]() or "" for path in paths if path in jobs}
