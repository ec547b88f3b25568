"""Atom and JSON feeds of what changed: one for the whole site and one per published briefing.

A feed entry is one line of a briefing's revision log (`changes`), with the items it added, or,
for a briefing without one, its `updated` date. Every date and id comes from the data, never from the clock: feedgen
stamps feeds and entries with now() unless told otherwise, and a feed that changed on every
build would be rewritten by each build and re-announced by feed readers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator import urls
from generator.config import Licence
from generator.exceptions import BuildError, Problem
from generator.kept import Kept
from generator.model.briefing import Briefing, Site
from generator.model.contract import Actor
from generator.model.dates import FuzzyDate
from generator.render.environment import item_labels
from generator.render.markup import plain_text
from generator.resolve.backlinks import actor_name

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SITE_FEED_LIMIT = 50  # the site-wide feed keeps the newest entries; each briefing's feed keeps all
GENERATOR = "briefing-generator"
# Stands in for a feed's date when there is no entry to take one from.
NO_DATE = dt.date(1970, 1, 1)
# A tag URI needs a date; a fixed one keeps a feed's id the same on every build.
TAG_YEAR = 2024
RELATIVE_NOTE = ("Links in this feed are relative to its own address, because mkdocs.yml sets no "
                 "site_url; set site_url to get absolute links.")
NO_SITE_URL = "site_url is not set, so the feeds' links are relative: feed readers need full addresses"


@dataclass(frozen=True)
class Entry:
    """One feed entry: a change to a briefing, on a day, with its stable id."""

    briefing: Briefing
    day: dt.date
    note: str  # plain text
    key: str  # the part of the id that tells this entry from the briefing's others
    position: int  # place in the revision log: later lines of one day come first
    added: tuple[str, ...] = ()  # labels of the events, quotes and figures the update added

    @property
    def title(self) -> str:
        """'<briefing title>: <note>'."""
        return f"{self.briefing.meta.title}: {self.note}"

    @property
    def content(self) -> str:
        """The note, what the update added, then the briefing's summary, as plain text."""
        added = ["Added:" + "".join(f"\n- {label}" for label in self.added)] if self.added else []
        return "\n\n".join([self.note, *added, _plain(self.briefing.meta.summary)])

    @property
    def sort_key(self) -> tuple[int, str, int]:
        """Newest first; on the same day by slug, then the later log line first."""
        return (-self.day.toordinal(), self.briefing.slug, -self.position)


class Links:
    """Addresses in a feed: absolute under site_url, else relative to the feed in feeds/."""

    def __init__(self, site_url: str | None):
        self.base = site_url or None
        parts = urlsplit(urls.absolute(self.base, "") if self.base else "")
        self.authority = (parts.hostname or "briefings").lower()
        # The site's path keeps ids apart for sites that share a host (user.github.io/a and /b).
        self.prefix = parts.path.strip("/") + "/" if parts.path.strip("/") else ""

    @property
    def relative(self) -> bool:
        """True when there is no site_url and links are relative."""
        return self.base is None

    def page(self, path: str) -> str:
        """The address of a file given by its path under the site root, as seen from feeds/."""
        return urls.absolute(self.base, path) if self.base else urls.relative(path, urls.SITE_ATOM)

    def entry_id(self, entry: Entry) -> str:
        """A tag URI (RFC 4151) for an entry: the same on every build of the same data."""
        return f"tag:{self.authority},{entry.day.isoformat()}:{self.prefix}{entry.briefing.slug}/{entry.key}"

    def feed_id(self, path: str) -> str:
        """The feed's id: its own absolute address, or a tag URI when there is none."""
        return self.page(path) if self.base else f"tag:{self.authority},{TAG_YEAR}:{path}"


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """plain_text, once per text: each summary goes into several entries and feeds."""
    return plain_text(text)


def _day(date: FuzzyDate) -> dt.date:
    """The first day a fuzzy date may mean; its end for an interval open at the start."""
    return date.lower if date.start else date.upper


def briefing_entries(briefing: Briefing, actors: Mapping[str, Actor] | None = None) -> list[Entry]:
    """A briefing's feed entries, newest first: one per revision-log line, or one for 'updated'.

    actors name the speakers of the quotes an update added.
    """
    meta = briefing.meta
    if not meta.changes:
        verb = "Published" if meta.created and meta.created.text == meta.updated.text else "Updated"
        return [Entry(briefing, _day(meta.updated), f"{verb} {meta.updated.words()}", "updated", 0)]
    entries = []
    labels = item_labels(briefing, actors or {})
    seen: dict[dt.date, int] = {}
    for position, change in enumerate(meta.changes):
        day = _day(change.date)
        # Numbered within the day, so an id survives lines added on other days.
        seen[day] = seen.get(day, 0) + 1
        added = tuple(labels[i] for i in change.added if i in labels)
        entries.append(Entry(briefing, day, plain_text(change.note), str(seen[day]), position, added))
    return sorted(entries, key=lambda e: e.sort_key)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True)
class Feed:
    """What one feed says about itself, and its entries newest first."""

    atom_path: str  # paths under the site root
    json_path: str
    title: str
    subtitle: str
    home: str  # path of the page the feed is about, under the site root
    entries: list[Entry]

    @property
    def updated(self) -> dt.date:
        """The newest entry's day: the data's date, not the build's."""
        return self.entries[0].day if self.entries else NO_DATE


def rights(licence: Licence | None) -> str | None:
    """The licence in words, with its address: Atom's <rights>, and what a JSON Feed's extension says."""
    if licence is None:
        return None
    return f"{licence.name} ({licence.url})" if licence.url else licence.name


def atom(feed: Feed, links: Links, author: str, licence: Licence | None = None) -> str:
    """The feed as Atom 1.0 XML."""
    gen = FeedGenerator()
    gen.id(links.feed_id(feed.atom_path))
    gen.title(feed.title)
    gen.subtitle(feed.subtitle)
    gen.author({"name": author})
    gen.link(href=links.page(feed.home), rel="alternate", type="text/html")
    gen.link(href=links.page(feed.atom_path), rel="self", type="application/atom+xml")
    gen.generator(GENERATOR)
    if licence:
        gen.rights(rights(licence))
    gen.updated(_midnight(feed.updated))  # else feedgen puts now()
    for entry in feed.entries:
        item = gen.add_entry(order="append")
        item.id(links.entry_id(entry))
        item.title(entry.title)
        item.link(href=links.page(urls.briefing_page(entry.briefing.slug)), rel="alternate", type="text/html")
        item.content(entry.content, type="text")
        for name in entry.briefing.meta.authors:  # the byline; without one, the feed's author stands
            item.author({"name": name})
        item.published(_midnight(entry.day))
        item.updated(_midnight(entry.day))  # else feedgen puts now()
        for tag in entry.briefing.meta.tags:
            item.category(term=tag)
    body: bytes = gen.atom_str(pretty=True, xml_declaration=False)
    head = "<?xml version='1.0' encoding='UTF-8'?>\n"
    if links.relative:
        head += f"<!-- {RELATIVE_NOTE} -->\n"
    return head + body.decode("utf-8")


def json_feed(feed: Feed, links: Links, author: str, licence: Licence | None = None) -> str:
    """The feed as JSON Feed 1.1."""
    data: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "description": feed.subtitle,
        "home_page_url": links.page(feed.home),
        "feed_url": links.page(feed.json_path),
        "authors": [{"name": author}],
        "items": [
            {
                "id": links.entry_id(entry),
                "url": links.page(urls.briefing_page(entry.briefing.slug)),
                "title": entry.title,
                "content_text": entry.content,
                "date_published": _midnight(entry.day).isoformat(),
                "date_modified": _midnight(entry.day).isoformat(),
                "tags": list(entry.briefing.meta.tags),
                **({"authors": [{"name": name} for name in entry.briefing.meta.authors]}
                   if entry.briefing.meta.authors else {}),
            }
            for entry in feed.entries
        ],
    }
    extension: dict[str, Any] = {}
    if links.relative:
        # JSON has no comments; JSON Feed allows extension objects whose names start with '_'.
        extension.update({"relative_links": True, "about": RELATIVE_NOTE})
    if licence:
        # JSON Feed 1.1 has no licence field; its extension object carries the site's terms.
        extension["licence"] = {"name": licence.name, **({"url": licence.url} if licence.url else {})}
    if extension:
        data["_briefing"] = extension
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def site_feeds(site: Site, site_name: str) -> list[Feed]:
    """The site-wide feed, then one feed per published briefing, newest briefing first."""
    _check_names(site)
    feeds = [_briefing_feed(briefing, briefing_entries(briefing, site.actors)) for briefing in site.published]
    return [_site_feed(site_name, [f.entries for f in feeds]), *feeds]


def _check_names(site: Site) -> None:
    for briefing in site.published:
        if briefing.slug in urls.RESERVED_BY_OUTPUT["feeds"]:
            raise BuildError(f"the briefing folder briefings/{briefing.slug}/ would overwrite "
                             f"{urls.briefing_json_feed(briefing.slug)}: rename the folder")


def _site_feed(site_name: str, entries: list[list[Entry]]) -> Feed:
    every = sorted((e for some in entries for e in some), key=lambda e: e.sort_key)
    return Feed(urls.SITE_ATOM, urls.SITE_JSON_FEED, site_name, f"What changed in the briefings of {site_name}",
                urls.HOME_PAGE, every[:SITE_FEED_LIMIT])


def _briefing_feed(briefing: Briefing, entries: list[Entry]) -> Feed:
    meta = briefing.meta
    subtitle = meta.subtitle or plain_text(meta.summary, limit=200)
    return Feed(urls.briefing_atom(briefing.slug), urls.briefing_json_feed(briefing.slug), meta.title,
                subtitle, urls.briefing_page(briefing.slug), entries)


@dataclass(frozen=True)
class _BriefingFeeds:
    """A briefing's feed files and entries, and all they were made from (the preview keeps them by slug)."""

    briefing: Briefing
    settings: tuple[str | None, str, Licence | None]  # site_url, site_name, licence
    speakers: tuple[tuple[str, str | None], ...]  # the name of each quote's speaker, or None
    entries: list[Entry]
    files: dict[str, str]

    def still_for(self, briefing: Briefing, settings: tuple[str | None, str, Licence | None],
                  actors: Mapping[str, Actor]) -> bool:
        """True while made from this very briefing, the same settings and its speakers' names."""
        return (self.briefing is briefing and self.settings == settings
                and all(actor_name(actors, i) == name for i, name in self.speakers))


# The preview's feeds of each briefing by slug: a save writes again those of the briefings it changed.
_KEPT: dict[str, _BriefingFeeds] = {}


def _entry_fields(entry: Entry) -> tuple[dt.date, str, str, int, tuple[str, ...]]:
    """An entry without its briefing: what a one-off run keeps of it on disk."""
    return entry.day, entry.note, entry.key, entry.position, entry.added


def _made(briefing: Briefing, site: Site, links: Links, settings: tuple[str | None, str, Licence | None],
          speakers: tuple[tuple[str, str | None], ...], kept: Kept | None) -> _BriefingFeeds:
    """A briefing's feed files and entries: made now, or as kept for the same files, settings and speakers."""
    key = site.keys.get(briefing.slug) if kept is not None else None
    # Besides its files, its feeds read only the settings and the names of its quotes' speakers.
    name = None if key is None else f"feeds\0{key}\0{settings!r}\0{speakers!r}"
    found = kept.get(name) if kept is not None and name is not None else None
    if isinstance(found, tuple) and len(found) == 2:
        entries = [Entry(briefing, *fields) for fields in found[1]]
        return _BriefingFeeds(briefing, settings, speakers, entries, found[0])
    entries = briefing_entries(briefing, site.actors)
    feed = _briefing_feed(briefing, entries)
    site_name, licence = settings[1], settings[2]
    files = {feed.atom_path: atom(feed, links, site_name, licence),
             feed.json_path: json_feed(feed, links, site_name, licence)}
    if kept is not None and name is not None:
        kept.put(name, (files, tuple(_entry_fields(e) for e in entries)))
    return _BriefingFeeds(briefing, settings, speakers, entries, files)


def build_feeds(site: Site, site_url: str | None, site_name: str = "Briefings",
                licence: Licence | None = None, kept: Kept | None = None) -> dict[str, str]:
    """Every feed file, keyed by its path under docs/: Atom and JSON Feed, site-wide and per briefing.

    kept: each briefing's feeds as a one-off run last made them, for the briefings whose files did not
    change (Site.keys); the preview keeps them in memory instead.
    """
    _check_names(site)
    links = Links(site_url)
    settings = (site_url, site_name, licence)
    made: list[_BriefingFeeds] = []
    for briefing in site.published:
        last = _KEPT.get(briefing.slug) if site.show_drafts else None
        if last is None or not last.still_for(briefing, settings, site.actors):
            speakers = {i: actor_name(site.actors, i) for i in (item.speaker for item in briefing.citing_items()) if i}
            last = _made(briefing, site, links, settings, tuple(speakers.items()), kept)
        made.append(last)
    _KEPT.clear()
    if site.show_drafts:  # a one-off run writes its feeds once
        _KEPT.update((one.briefing.slug, one) for one in made)
    every = _site_feed(site_name, [one.entries for one in made])
    files = {every.atom_path: atom(every, links, site_name, licence),
             every.json_path: json_feed(every, links, site_name, licence)}
    for one in made:
        files.update(one.files)
    return files


def site_url_warnings(site_url: str | None, config_text: str, config_file: str = "mkdocs.yml") -> list[Problem]:
    """A warning when the feeds are built without site_url: at its line in mkdocs.yml, or the first line."""
    if site_url:
        return []
    # JSON Feed wants URLs for home_page_url, feed_url and each item's url; Atom readers resolve
    # relative links against the feed's address, but not all of them do.
    # At the key, or at a commented-out one (as the bundled mkdocs.yml has), else the first line.
    lines = [text.lstrip("# ") for text in config_text.splitlines()]
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_url:")), 1)
    return [Problem(config_file, line, 1, NO_SITE_URL,
                    "set site_url to the address the site is published at, such as https://example.org/briefings/",
                    field="site_url", severity="warning", code="site_url")]
