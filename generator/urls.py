"""Every address of the site, spelled once: pages, anchors, data files, feeds, PDFs, and the slugs that name them.

Paths are relative to the site root ('briefings/alpha.html'). A page links to another as its
base (the way up to the root, '../') followed by the path; outside the site, absolute() puts
site_url in front. Pages are written as Markdown under docs/ (`*_md`) and served as HTML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from slugify import slugify as _slugify

BRIEFINGS = "briefings"
ACTORS = "actors"
PLACES = "places"
DATA = "data"
FEEDS = "feeds"
PDF = "pdf"
SEARCH = "pagefind"  # the search index and its UI, written by Pagefind after the build
# The pages the search indexes, as a Pagefind glob: all but 404.html and tags.html, the only root pages
# starting with 4 and t. The tags page lists the briefings' titles again under each tag (1,000 briefings:
# 21,000 words, a 27 KB text to fetch whenever it was among the first results); the search's tag filter
# narrows by tag.
SEARCH_PAGES = "{[!4t]*,*/**/*}.html"

# Site pages: the Markdown file under docs/, and the address it is served at.
HOME_MD = "index.md"
SOURCES_MD = "sources.md"
CHRONOLOGY_MD = "chronology.md"
ACTORS_MD = f"{ACTORS}/index.md"
PLACES_MD = f"{PLACES}/index.md"
DATA_MD = f"{DATA}/index.md"


def page(md_path: str) -> str:
    """The address a Markdown page under docs/ is served at: 'sources/reuters.md' → 'sources/reuters.html'."""
    return md_path.removesuffix(".md") + ".html"


def markdown_of(address: str) -> str | None:
    """The Markdown file under docs/ a page's address is built from, the way back from page(); None for a file."""
    return address.removesuffix(".html") + ".md" if address.endswith(".html") else None


HOME_PAGE = page(HOME_MD)
SOURCES_PAGE = page(SOURCES_MD)
CHRONOLOGY_PAGE = page(CHRONOLOGY_MD)
ACTORS_PAGE = page(ACTORS_MD)
PLACES_PAGE = page(PLACES_MD)
DATA_PAGE = page(DATA_MD)
GRADES_GUIDE = "guide/methodology.html#admiralty-grades"
CORRECTIONS_GUIDE = "guide/methodology.html#corrections"
LIKELIHOOD_GUIDE = "guide/methodology.html#likelihood-and-confidence"


def briefing_md(slug: str) -> str:
    """The Markdown file of a briefing's page under docs/."""
    return f"{BRIEFINGS}/{slug}.md"


def briefing_page(slug: str, anchor: str | None = None) -> str:
    """A briefing's page, or an item on it when anchor (the item's id) is given."""
    return with_anchor(page(briefing_md(slug)), anchor)


def actor_md(actor_id: str) -> str:
    """The Markdown file of an actor's page under docs/."""
    return f"{ACTORS}/{actor_id}.md"


def actor_page(actor_id: str) -> str:
    """An actor's page."""
    return page(actor_md(actor_id))


def place_md(place_id: str) -> str:
    """The Markdown file of a place's page under docs/."""
    return f"{PLACES}/{place_id}.md"


def place_page(place_id: str) -> str:
    """A place's page."""
    return page(place_md(place_id))


def publisher_md(stem: str, part: int = 1) -> str:
    """A publisher's page of sources, or its continuation: 'sources/reuters.md', 'sources/reuters--2.md'."""
    # A slug never holds '--', so no publisher's own page can be taken for another's continuation.
    return f"sources/{stem}.md" if part == 1 else f"sources/{stem}--{part}.md"


def month_md(stem: str, part: int = 1) -> str:
    """A month's page of the chronology, or its continuation: 'chronology/2024-10.md', '…/2024-10-2.md'."""
    return f"chronology/{stem}.md" if part == 1 else f"chronology/{stem}-{part}.md"


def with_anchor(address: str, anchor: str | None) -> str:
    """An address pointing at an element of the page: 'briefings/alpha.html#event-1'."""
    return f"{address}#{anchor}" if anchor else address


def citation_anchor(number: int) -> str:
    """The anchor of the number-th citation on a page, which the source list links back to."""
    return f"cite-{number}"


# Open data (outputs/open_data.py): a file per briefing, and the site's files beside them.
SITE_DATA = f"{DATA}/briefings.json"
SCHEMA_DATA = f"{DATA}/schema.json"  # the JSON Schema the briefings' JSON files name as their $schema
DATA_PACKAGE = f"{DATA}/datapackage.json"  # the Frictionless Data Package descriptor of the CSV tables
SITE_GEOJSON = f"{DATA}/places.geojson"  # every event with places, as GeoJSON (outputs/geojson.py)


def briefing_data(slug: str) -> str:
    """A briefing's data as JSON."""
    return f"{DATA}/{slug}.json"


def table_data(name: str) -> str:
    """A CSV table of one kind of item across the site: 'events' → 'data/events.csv'."""
    return f"{DATA}/{name}.csv"


# Pictures (outputs/pictures.py): each width of a briefing's picture, in a folder beside its page. The
# file's digest is in the name, so a replaced picture gets a new address and no browser shows the old one.
PICTURE_SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def picture_file(slug: str, file: str, digest: str, width: int, kind: str) -> str:
    """One width of a picture: 'briefings/alpha/images/kursk-1a2b3c4d-960.jpg'."""
    stem = slugify(file.rpartition("/")[2].rpartition(".")[0]) or "picture"
    return f"{BRIEFINGS}/{slug}/images/{stem}-{digest[:8]}-{width}.{PICTURE_SUFFIX[kind]}"


# Feeds (outputs/feeds.py): Atom and JSON Feed, for the site and for each briefing.
SITE_ATOM = f"{FEEDS}/atom.xml"
SITE_JSON_FEED = f"{FEEDS}/feed.json"


def briefing_atom(slug: str) -> str:
    """A briefing's Atom feed."""
    return f"{FEEDS}/{slug}.atom.xml"


def briefing_json_feed(slug: str) -> str:
    """A briefing's JSON Feed."""
    return f"{FEEDS}/{slug}.json"


# PDFs (outputs/pdf/): each briefing's, and all of them in one.
SITE_PDF = f"{PDF}/briefings.pdf"


def briefing_pdf(slug: str) -> str:
    """A briefing's PDF."""
    return f"{PDF}/{slug}.pdf"


def file_name(path: str) -> str:
    """The last part of a path, for an output that writes into its own folder: 'pdf/alpha.pdf' → 'alpha.pdf'."""
    return path.rpartition("/")[2]


def _clashes(per_briefing: Callable[[str], str], site_files: Iterable[str]) -> frozenset[str]:
    """The slugs whose file per_briefing(slug) would overwrite one of the site-wide files."""
    stems = {path: file_name(path).partition(".")[0] for path in site_files}
    return frozenset(stem for path, stem in stems.items() if per_briefing(stem) == path)


# Slugs that would name a site-wide file, declared by output from the addresses above, so a new
# site-wide file reserves its name by being listed here.
RESERVED_BY_OUTPUT = {
    "pages": _clashes(briefing_md, (HOME_MD, SOURCES_MD, CHRONOLOGY_MD, ACTORS_MD, PLACES_MD, DATA_MD)),
    "open data": _clashes(briefing_data, (SITE_DATA, SCHEMA_DATA, DATA_PACKAGE, SITE_GEOJSON)),
    "feeds": _clashes(briefing_json_feed, (SITE_ATOM, SITE_JSON_FEED)) | _clashes(briefing_atom, (SITE_ATOM,)),
    "PDF": _clashes(briefing_pdf, (SITE_PDF,)),
}
# What the loader and `briefing new` refuse as a briefing's folder name.
RESERVED_SLUGS = frozenset().union(*RESERVED_BY_OUTPUT.values())


def up(path: str) -> str:
    """The way from the file at path up to the site root: '' for 'index.md', '../' for 'briefings/alpha.md'."""
    return "../" * path.count("/")


def relative(path: str, start: str) -> str:
    """The address of path as linked from the file start: 'actors/kim.html' from 'actors/index.html' → 'kim.html'."""
    folder = start.rpartition("/")[0]
    if folder and path.startswith(folder + "/"):
        return path[len(folder) + 1:]
    return up(start) + path


def absolute(site_url: str, path: str) -> str:
    """The address of path on the live site: 'https://example.org/briefs/' + 'briefings/alpha.html'."""
    # urljoin drops the last segment of a base without a trailing slash.
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def edit_page(repo_url: str, branch: str, file: str) -> str:
    """The repository host's page for editing a file of the project: '<repo>/edit/main/briefings/…'."""
    return f"{repo_url.rstrip('/')}/edit/{branch}/{file}"


def slugify(text: str) -> str:
    """The nearest id or slug to text, other scripts transliterated: 'Известия' → 'izvestiia'; '' when none is."""
    # text-unidecode named, not whichever transliterator is installed: an address must not
    # depend on the machine that built the site.
    return _slugify(text, backend="text-unidecode")


def _short_hash(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def unique_slugs(names: Iterable[str], empty: str) -> dict[str, str]:
    """A distinct slug for each name, in order: two names never share an address.

    A name keeps its own slug unless an earlier name took it ('REUTERS' after 'Reuters' gets
    'reuters--<hash of the name>'); a name with no letter or digit in any script gets
    '<empty>-<hash>'. So an address moves only when a name with the same slug comes or goes.
    """
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in stems:
            continue
        slug = slugify(name)
        if not slug:
            stem = f"{empty}-{_short_hash(name)}"
        elif slug in taken:
            stem = f"{slug}--{_short_hash(name)}"
        else:
            stem = slug
        stems[name] = stem
        taken.add(stem)
    return stems
