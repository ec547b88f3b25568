"""The data contract: what contributors write, as pydantic models, plus the validated site.

Field descriptions here are the help text of record: the docs page "Writing a briefing" and the
JSON Schemas for editors are generated from them, and a test keeps the three in step.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.model.dates import DateSyntaxError, FuzzyDate, parse_date

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "use lowercase letters, digits and hyphens, e.g. 2024-10-28-pentagon-briefing"


# Headings of a briefing page: an item id may not take their anchors.
RESERVED_IDS = frozenset(
    {"summary", "key-points", "timeline", "figures", "disputed-figures", "quotes", "actors",
     "sources", "what-changed", "data", "top", "content", "search"}
)
URL_SCHEMES = ("http", "https")


def _to_date(value: Any) -> FuzzyDate:
    """Accept an EDTF string, or a bare YAML year, as a FuzzyDate."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError("date_type", "a date must be written as text such as 2024-10-28")
    try:
        return parse_date(str(value))
    except DateSyntaxError as err:
        raise PydanticCustomError("date_syntax", str(err), {"hint": err.hint}) from None


def _check_url(value: Any) -> str:
    """Accept only absolute http(s) URLs: anything else could run script or point nowhere."""
    if not isinstance(value, str):
        raise PydanticCustomError("url_type", "a URL must be text")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES:
        raise PydanticCustomError(
            "url_scheme", "'{url}' is not an http or https link",
            {"url": url[:80], "hint": "write the full address, starting with https://"},
        )
    if not parts.netloc or re.search(r"\s", url):
        raise PydanticCustomError(
            "url_syntax", "'{url}' is not a complete web address",
            {"url": url[:80], "hint": "copy the address from the browser's address bar"},
        )
    return url


def _check_language(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise PydanticCustomError(
            "language", "'{value}' is not a BCP 47 language code",
            {"value": str(value)[:40], "hint": "e.g. en, ko, uk, ru, zh-Hant"},
        )
    return value


DATE_SCHEMA = {
    # A bare year (date: 2024) is a number in YAML, and _to_date accepts it.
    "type": ["string", "integer"],
    "description": "EDTF date: 2024, 2024-10, 2024-10-28, with ~ or ? at the end, a season 2024-21, "
                   "a time 2024-10-28T09:30:00 (Z or +01:00 for its zone), or an interval a/b",
    "pattern": r"^[0-9X./~?%:TZ+-]+$",
    "minimum": 1000,
    "maximum": 9999,
}
Date = Annotated[
    FuzzyDate,
    PlainValidator(_to_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(DATE_SCHEMA),
]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Url = Annotated[str, PlainValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri",
                                                                  "pattern": "^https?://"})]
Language = Annotated[str, PlainValidator(_check_language),
                     WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"})]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Number = int | float


def _check_value(value: Any) -> Number | tuple[Number, Number]:
    """Accept a number or a [low, high] range; refuse text such as '10,000' with a hint."""
    def number(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    if number(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, list | tuple) and len(value) == 2 and all(number(v) for v in value):
        low, high = value
        if low > high:
            raise PydanticCustomError("range_order", "the range [{low}, {high}] is reversed",
                                      {"low": low, "high": high, "hint": f"write [{high}, {low}]"})
        return (low, high)
    hint = "write a plain number such as 10000 (no commas or words), or a range [10000, 12000]"
    if isinstance(value, str) and re.fullmatch(r"[\d,. ]+", value.strip()):
        hint = f"write {re.sub(r'[, ]', '', value.strip())} without thousands separators"
    raise PydanticCustomError("figure_value", "a figure's value must be a number or [low, high]",
                              {"hint": hint})


StrictBool = Annotated[bool, Strict()]
FigureValue = Annotated[
    Number | tuple[Number, Number],
    PlainValidator(_check_value),
    # pydantic's own JSON serializer warns on the (low, high) tuple; a list is what JSON holds.
    PlainSerializer(lambda v: list(v) if isinstance(v, tuple) else v, when_used="json"),
    WithJsonSchema({"oneOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"},
                                                   "minItems": 2, "maxItems": 2}]}),
]


# What a figure claims: a tally or an assessment of what is or was, or a forecast of what will be.
FigureKind = Literal["count", "estimate", "projection", "expectation"]


class Record(BaseModel):
    """Base of every contributor record: unknown keys are errors, numbers may stand for text."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True
    )


class Original(Record):
    """A quote's words as said, in the language they were said in."""

    lang: Language = Field(description="BCP 47 language code of the original words, e.g. ko, uk, ru.")
    text: Markdown = Field(description="The words as said, in their own script.")


class KeyPoint(Record):
    """One line of the bottom line up front."""

    text: Markdown = Field(description="The point, in Markdown; may cite inline as [@source-id].")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that back it.")


class Change(Record):
    """One entry of the briefing's revision log."""

    date: Date = Field(description="When the briefing changed (EDTF date).")
    note: Markdown = Field(description="What changed, in a sentence.")


class Event(Record):
    """Something that happened, on a (possibly fuzzy) date."""

    id: Id = Field(description="Unique id across the whole site; also the event's anchor on the page.")
    date: Date = Field(description="When it happened: an EDTF date or interval, fuzzy if need be.")
    title: Text = Field(description="What happened, in a short line of plain text.")
    summary: Markdown | None = Field(None, description="More detail, in Markdown; may cite inline.")
    actors: list[Id] = Field(default_factory=list, description="Ids of the actors involved.")
    location: Text | None = Field(None, description="Where it happened, as plain text.")
    tags: list[Id] = Field(default_factory=list, description="Tags, lowercase with hyphens.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that report it.")


class Quote(Record):
    """Words someone said or wrote, attributed to a speaker."""

    id: Id = Field(description="Unique id across the whole site; also the quote's anchor.")
    speaker: Id = Field(description="Id of the actor who said it.")
    text: Markdown = Field(description="The words in English (a translation when original is given).")
    original: Original | None = Field(None, description="The words as said: {lang, text}.")
    date: Date | None = Field(None, description="When it was said (EDTF date).")
    context: Text | None = Field(None, description="Where and how it was said, as plain text.")
    event: Id | None = Field(None, description="Id of the event at which it was said.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that report it.")


class Figure(Record):
    """A number someone claimed, so that conflicting figures can sit side by side."""

    id: Id = Field(description="Unique id across the whole site; also the figure's anchor.")
    measure: Id = Field(description="Key of the quantity; figures with the same measure are compared.")
    label: Text | None = Field(None, description="Human name of the measure; needed on at least one of its figures.")
    value: FigureValue = Field(
        description="The number claimed, or a range [low, high]."
    )
    unit: Text | None = Field(
        None,
        description="What the number counts, e.g. soldiers or km, for the chart's axis; once per measure is enough.",
    )
    kind: FigureKind = Field(
        "estimate", description="count, estimate, projection (a forecast) or expectation (what someone says will "
                                "come); projections and expectations are drawn apart."
    )
    approximate: StrictBool = Field(False, description="true when the claim was 'about', 'around' or 'nearly'.")
    as_of: Date | None = Field(None, description="When the number was claimed (EDTF date).")
    refers_to: Date | None = Field(
        None, description="The date or period the number is about, when not the day it was claimed, e.g. the day "
                          "of a march (EDTF date); the chart plots this date."
    )
    claimed_by: Id | None = Field(None, description="Id of the actor who claimed it.")
    note: Text | None = Field(None, description="What exactly was claimed, as plain text.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that report it.")


class Source(Record):
    """Where a piece of information comes from."""

    id: Id = Field(description="Unique id across the whole site; cite it as [@id] or in sources lists.")
    title: Text = Field(description="Title of the article, statement or document.")
    publisher: Text = Field(description="The outlet or issuing body.")
    url: Url | None = Field(None, description="Link (http or https). Leave out when there is none.")
    published: Date | None = Field(None, description="When it was published (EDTF date).")
    accessed: Date | None = Field(None, description="When it was last read (EDTF date).")
    archive_url: Url | None = Field(None, description="Link to an archived copy (http or https).")
    language: Language | None = Field(None, description="BCP 47 language code, e.g. en, ko, uk.")
    kind: Literal["news", "official", "intelligence", "social", "research", "other"] | None = Field(
        None, description="news, official, intelligence, social, research or other."
    )
    reliability: Annotated[str, StringConstraints(pattern=r"^[A-F][1-6]$")] | None = Field(
        None, description="NATO Admiralty code: source A–F, information 1–6, e.g. B2."
    )


class Actor(Record):
    """A person, organization or country that appears in briefings."""

    id: Id = Field(description="Unique id across the whole site; also the actor's page address.")
    name: Text = Field(description="Name in English.")
    native_name: Text | None = Field(None, description="Name in its own script, e.g. Hangul or Cyrillic.")
    native_name_lang: Language | None = Field(
        None, description="BCP 47 language code of native_name, e.g. ko, ru, uk: screen readers read it in that "
                          "language (a script alone does not tell Russian from Ukrainian).")
    kind: Literal["person", "organization", "country"] | None = Field(
        None, description="person, organization or country."
    )
    role: Text | None = Field(None, description="Role or office, e.g. 'President of Ukraine'.")


class BriefingFile(Record):
    """What briefing.yaml holds."""

    title: Text = Field(description="The briefing's title, plain text.")
    subtitle: Text | None = Field(None, description="A line under the title, plain text.")
    summary: Markdown = Field(description="The bottom line up front, in Markdown; may cite inline.")
    status: Literal["draft", "published", "archived"] = Field(
        "published", description="draft (left out of the public build), published or archived."
    )
    created: Date | None = Field(None, description="When the briefing was first published.")
    updated: Date = Field(description="When the editors last reviewed the briefing; shown as 'Last reviewed'.")
    authors: list[Text] = Field(
        default_factory=list, description="Who wrote or edited it, as names: the byline ('By …') on the page, "
                                          "in the PDF, the feeds and the structured data.")
    tags: list[Id] = Field(default_factory=list, description="Tags, lowercase with hyphens.")
    related: list[Id] = Field(
        default_factory=list, description="Slugs (folder names) of other briefings to list first under "
                                          "'Related briefings'; the rest are found by shared actors and tags.")
    key_points: list[KeyPoint] = Field(default_factory=list, description="The main points: {text, sources}.")
    changes: list[Change] = Field(default_factory=list, description="Revision log: {date, note}.")
    events: list[Event] = Field(default_factory=list, description="Events, or put them in events.yaml.")
    quotes: list[Quote] = Field(default_factory=list, description="Quotes, or put them in quotes.yaml.")
    figures: list[Figure] = Field(default_factory=list, description="Figures, or put them in figures.yaml.")
    sources: list[Source] = Field(default_factory=list, description="Sources, or put them in sources.yaml.")
    actors: list[Actor] = Field(default_factory=list, description="Actors, or put them in actors.yaml.")


ITEM_MODELS: dict[str, type[Record]] = {
    "events": Event, "quotes": Quote, "figures": Figure, "sources": Source, "actors": Actor,
}
KIND_NAMES = {"events": "event", "quotes": "quote", "figures": "figure", "sources": "source",
              "actors": "actor"}
