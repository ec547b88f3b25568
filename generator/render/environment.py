"""The Jinja2 environment of the pages, and the helpers the web pages and the PDF both show items with."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from itertools import groupby

import jinja2
from markupsafe import Markup
from text_unidecode import unidecode

from generator import urls
from generator.model import figures, likelihood
from generator.model.briefing import Briefing
from generator.model.contract import Actor, Event, Figure, Source
from generator.model.dates import FuzzyDate
from generator.render import maps, markup, timeline
from generator.render.citations import not_cited_in
from generator.render.front_matter import front_matter
from generator.render.languages import direction, language_name


def time_element(date: FuzzyDate, cls: str = "") -> Markup:
    """A date as <time>: machine-readable, in words, and marked (with its text) when fuzzy."""
    # A function, not a template macro: pages show some 60,000 dates at 200 briefings, and a
    # Jinja macro call costs ten times as much. The same few thousand dates recur on page after
    # page (an event's on its briefing's, its actors', its month's and its places' pages): each
    # is written once per process, from its text, which is all a date is made from.
    key = (date.text, cls)
    known = _TIMES.get(key)
    if known is None:
        if len(_TIMES) >= _TIMES_KEPT:
            _TIMES.clear()
        known = _TIMES[key] = _time_element(date, cls)
    return known


_TIMES: dict[tuple[str, str], Markup] = {}
_TIMES_KEPT = 100_000  # a bound, far above the distinct dates of a large site


def _time_element(date: FuzzyDate, cls: str) -> Markup:
    if date.is_fuzzy:
        classes = f"fuzzy {cls}" if cls else "fuzzy"
        attributes = Markup(' class="{}" title="{}"').format(classes, date.described)
    else:
        attributes = Markup(' class="{}"').format(cls) if cls else Markup("")
    # "c." stays with the date it qualifies: a line ending in "c." read as a stray abbreviation.
    words = Markup.escape(date.words()).replace("c. ", Markup("c.&nbsp;"))
    return Markup('<time datetime="{}"{}>{}</time>').format(date.iso, attributes, words)


# What an Admiralty grade such as B2 is, under a briefing's sources on the site and in the PDF.
# Our own words (Markup: nothing in them to escape, and "source's" stays as written).
GRADES_EXPLAINED = Markup("the letter is the source's reliability (A to F), the digit the information's "
                          "credibility (1 to 6), as the editors judged them when writing")


def source_title(source: Source) -> Markup:
    """A source's title as cited: its own in <cite>; one the editors supplied ('[Press briefing on …]') as written.

    A supplied title is never quoted or set as a title: a reader must not take it for a headline to look up.
    """
    if source.title_supplied:
        return Markup('<span class="source-description">{}</span>').format(source.title)
    # A source in a right-to-left language may keep its title in its own script: set apart from the English
    # around it (an element with dir is isolated, and ', July 2025' stays after it), its direction its words'
    # own. No lang: the title may as well be an English rendering of it, which a reader's voice must not read
    # as Arabic.
    if direction(source.language):
        return Markup('<cite class="source-title" dir="auto">{}</cite>').format(source.title)
    return Markup('<cite class="source-title">{}</cite>').format(source.title)


def keyboard_spelling(name: str) -> str:
    """name as a plain keyboard types it where the search would not find it so ('Þingvellir' → 'Thingvellir'); else ''.

    Pagefind (1.5) folds a letter with marks to its letter, in the index and in a query: 'Muller' finds
    'Müller'. It folds no other letter ('Þ', 'ø', 'ł', 'ß', Cyrillic): only those are spelled in ASCII
    here, the rest as written ('Łukasz Müller' → 'Lukasz Müller'). Spelt 'Lukasz Muller', a quoted
    "Lukasz Muller" found nothing: Pagefind 1.5.2 matches no phrase across a variant ('Müller') of a word.
    """
    name = unicodedata.normalize("NFC", name)
    if not any(char.isalnum() and not _folded(char).isascii() for char in name):
        return ""
    return " ".join("".join(char if _folded(char).isascii() else unidecode(char) for char in name).split())


def _folded(text: str) -> str:
    """text as Pagefind indexes and searches it: each letter without its marks (NFD, marks dropped)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))


def keyboard_meta(name: str) -> Markup:
    """The attribute that lets the search find a page by its name's keyboard_spelling; '' where none is needed.

    Pagefind 1.5 searches a page's metadata as well as its text, and builds a result's excerpt from the text
    alone: found by this spelling, the result shows the page's own words, not the name twice ('Þingvellir,
    Iceland Thingvellir, Iceland', as a hidden paragraph of the spelling made it).
    """
    typed = keyboard_spelling(name)
    return Markup(' data-pagefind-meta="keyboard:{}"').format(typed) if typed else Markup("")


def full_stop(before: FuzzyDate | str | None) -> str:
    """The full stop after a sentence that ends in before: none after its own '.', '!', '?' or '…'.

    A date marked uncertain ends in '?' ('June 2023?'), and a contributor's text may end a sentence itself.
    """
    text = before.words() if isinstance(before, FuzzyDate) else before or ""
    return "" if text[-1:] in (".", "!", "?", "…") else "."


def event_days(events: Sequence[Event]) -> list[tuple[str, list[Event]]]:
    """Consecutive events with the same date, grouped under it."""
    return [(text, list(group)) for text, group in groupby(events, key=lambda e: e.date.text)]


def involved_actors(briefing: Briefing, actors: Mapping[str, Actor]) -> list[Actor]:
    """The briefing's own actors and every actor its items name, by name."""
    return sorted((actors[i] for i in briefing.actor_ids() if i in actors), key=lambda a: a.name.lower())


OPENING = 40  # characters of a quote's words in its label


@functools.lru_cache(maxsize=65536)  # a quote's label is shown on each page of its sources, on every save
def quote_label(label: str, words: str) -> str:
    """'Quote by Lee Min-bok: “North Korean soldiers are essentially…”': one speaker's quotes told apart."""
    opening = markup.plain_text(words, limit=OPENING) if words else ""
    return f"{label}: \u201c{opening}\u201d" if opening else label


def item_labels(briefing: Briefing, actors: Mapping[str, Actor]) -> dict[str, str]:
    """The label of each event, figure and quote by id, as an assessment names its evidence."""
    return {item.anchor: quote_label(item.label(actors), item.markdown.get("text") or "")
            if item.kind == "quote" else item.label(actors) for item in briefing.citing_items()
            if item.kind in ("event", "figure", "quote") and (item.speaker is None or item.speaker in actors)}


def figure_cell(figure: Figure, unit: str | None = None) -> Markup:
    """A figure's value in its table's cell, in its measure's unit (as its chart reads it): each end of a range
    on one line, so a line breaks only after its dash, and what follows the value (projected, a 'New' badge)
    wraps under it. A measure claimed once has no chart to name its unit: the cell does."""
    value = Markup("–").join(Markup('<span class="figure-number">{}</span>').format(end)
                             for end in figures.figure_ends(figure))
    return value + Markup(' <span class="figure-unit">{}</span>').format(unit) if unit else value


def search_years(briefing: Briefing) -> list[int]:
    """The years of a briefing's events for search's year filter; its last review's when it has none.

    An event's year is its date's first; of an interval open at its start ('../2025-04'), its last.
    """
    years = set()
    for event in briefing.events:
        if event.date.start is not None:
            years.add(event.date.lower.year)
        elif event.date.end is not None:
            years.add(event.date.upper.year)
    return sorted(years) or [briefing.meta.updated.lower.year]


def latest_additions(briefing: Briefing) -> tuple[FuzzyDate | None, frozenset[str]]:
    """The date of the latest update and the ids of the items it added (marked 'New' until the next)."""
    latest = max(briefing.meta.changes, key=lambda c: c.date.sort_key, default=None)
    return (latest.date, frozenset(latest.added)) if latest else (None, frozenset())


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
    env.globals["full_stop"] = full_stop
    env.globals["keyboard_meta"] = keyboard_meta  # a name as a plain keyboard types it, for the search
    env.globals["source_title"] = source_title
    env.globals["grades_explained"] = GRADES_EXPLAINED
    env.globals["urls"] = urls
    env.filters["md_text"] = markup.md_text
    env.filters["plain"] = markup.plain_text
    env.filters["href"] = markup.href  # a contributor's URL, valid in an attribute
    env.filters["url_text"] = markup.url_text  # and as text, with its breaks
    env.filters["figure_value"] = figures.figure_value
    env.globals["figure_cell"] = figure_cell
    env.globals["front_matter"] = front_matter  # every page's '---' block, by a YAML emitter
    env.globals["coverage"] = timeline.coverage
    env.globals["date_kind"] = timeline.date_kind
    env.globals["language_name"] = language_name
    env.globals["search_years"] = search_years
    env.globals["direction"] = direction  # ' dir="rtl"' beside a lang="…" written right to left
    env.globals["likelihood_band"] = likelihood.band
    env.globals["quote_label"] = quote_label
    env.globals["place_kind"] = maps.kind_words
    env.filters["not_cited_in"] = not_cited_in
    env.filters["label_in"] = lambda key, labels: labels[key]  # a list of ids as labels: ids|map("label_in", labels)
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process: the preview renders again on every save, and compiling the
    templates each time cost a tenth of a second. Jinja checks each template's file before use,
    so an edited template is compiled again."""
    return make_environment()
