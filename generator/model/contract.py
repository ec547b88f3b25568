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
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from generator.model.dates import DateSyntaxError, FuzzyDate, parse_date
from generator.model.language_codes import EXAMPLES, judge, language_code
from generator.model.likelihood import BANDS, check_likelihood
from generator.model.numbers import FigureValue

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "use lowercase letters, digits and hyphens, e.g. 2024-10-28-pentagon-briefing"


# Headings of a briefing page: an item id may not take their anchors.
RESERVED_IDS = frozenset(
    {"summary", "key-points", "timeline", "figures", "disputed-figures", "quotes", "actors",
     "sources", "what-changed", "data", "top", "content", "search", "assessment"}
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
    """Accept a BCP 47 code of a language CLDR knows ('uk'), not a country's ('ua'); see language_codes.py."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        guess = language_code(str(value))
        raise PydanticCustomError(
            "language", "'{value}' is not a BCP 47 language code",
            {"value": str(value)[:40], "hint": f"did you mean '{guess}'?" if guess else EXAMPLES},
        )
    verdict = judge(value)
    if verdict is not None and verdict.severity == "error":
        raise PydanticCustomError("language", verdict.message, {"value": value, "hint": verdict.hint})
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
StrictBool = Annotated[bool, Strict()]


# What a figure claims: a tally or an assessment of what is or was, or a forecast of what will be.
FigureKind = Literal["count", "estimate", "projection", "expectation"]


# A briefing's tags and an event's: how they are written, and how readers see them.
TAGS_HELP = ("Tags, lowercase with hyphens. Readers see a tag by its name in briefings/tags.yaml, or, for an "
             "actor's or place's id, by that name ('nato' reads 'NATO'); any other as written. Data files keep "
             "the tag.")


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
    added: list[Id] = Field(
        default_factory=list, description="Ids of the events, quotes and figures this update added: the page "
                                          "marks them as new while it is the latest update.")


class Event(Record):
    """Something that happened, on a (possibly fuzzy) date."""

    id: Id = Field(description="Unique id across the whole site; also the event's anchor on the page.")
    date: Date = Field(description="When it happened: an EDTF date or interval, fuzzy if need be.")
    title: Text = Field(description="What happened, in a short line of plain text.")
    summary: Markdown | None = Field(None, description="More detail, in Markdown; may cite inline.")
    actors: list[Id] = Field(default_factory=list, description="Ids of the actors involved.")
    location: Text | None = Field(None, description="Where it happened, as plain text.")
    places: list[Id] = Field(
        default_factory=list, description="Ids of the places where it happened (briefings/places.yaml): they "
                                          "are drawn on the briefing's map.")
    tags: list[Id] = Field(default_factory=list, description=TAGS_HELP)
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that report it.")


class Quote(Record):
    """Words someone said or wrote, attributed to a speaker."""

    id: Id = Field(description="Unique id across the whole site; also the quote's anchor.")
    speaker: Id = Field(description="Id of the actor who said it.")
    text: Markdown = Field(description="The words in English (a translation when original is given).")
    original: Original | None = Field(None, description="The words as said: {lang, text}.")
    original_unavailable: Text | None = Field(
        None, description="Instead of original: why the words as said were not published, e.g. 'reported only "
                          "in translation by Yonhap'; shown to readers.")
    date: Date | None = Field(None, description="When it was said (EDTF date).")
    context: Text | None = Field(None, description="Where and how it was said, as plain text.")
    event: Id | None = Field(None, description="Id of the event at which it was said.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources that report it.")

    @field_validator("original_unavailable")
    @classmethod
    def _not_both(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Fields are validated in order: original, written above, is known here.
        if value is not None and info.data.get("original") is not None:
            raise PydanticCustomError(
                "original_conflict", "a quote has its original words or a reason they are unavailable, not both",
                {"hint": "keep 'original' when the words as said are known, and delete 'original_unavailable'"})
        return value


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


Likelihood = Annotated[str, PlainValidator(check_likelihood),
                       WithJsonSchema({"enum": list(BANDS)})]


class Assessment(Record):
    """The analysts' own judgement, apart from what sources said: how likely, and how sure."""

    id: Id = Field(description="Unique id across the whole site; also the assessment's anchor.")
    text: Markdown = Field(description="The judgement, in Markdown; may cite inline as [@source-id].")
    likelihood: Likelihood = Field(
        description="How likely, in ICD 203's terms: almost no chance, very unlikely, unlikely, roughly even "
                    "chance, likely, very likely, almost certain (or their pairs: remote … nearly certain).")
    confidence: Literal["low", "moderate", "high"] = Field(
        description="How sure the analysts are of the judgement: low, moderate or high.")
    date: Date = Field(description="When the analysts made the judgement (EDTF date).")
    evidence: list[Id] = Field(default_factory=list,
                               description="Ids of the events, figures and quotes of this briefing it rests on.")
    sources: list[Id] = Field(default_factory=list, description="Ids of the sources it rests on.")


class Source(Record):
    """Where a piece of information comes from."""

    id: Id = Field(description="Unique id across the whole site; cite it as [@id] or in sources lists.")
    title: Text = Field(description="Title of the article, statement or document. A source without a title "
                                    "of its own gets one you write, in square brackets: [Press briefing on …].")
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

    @property
    def title_supplied(self) -> bool:
        """True when the title is the editors' description, in square brackets, not one the source bears.

        Shown as written, never quoted or set as a title: a reader must not take it for a headline to look up.
        """
        return self.title.startswith("[") and self.title.endswith("]")


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
    also_known_as: list[Text] = Field(
        default_factory=list, description="Other spellings or names readers may search for, e.g. Zelenskyy, "
                                          "Zelenskiy: shown on the actor's page, so the search finds them.")


def _check_coordinate(limit: int, name: str) -> Any:
    """A validator of a latitude or longitude: a number within ±limit, with a hint when it is not."""
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = "write decimal degrees such as 51.73, not degrees and minutes"
            if isinstance(value, str) and re.fullmatch(r"\s*-?\d+(?:[.,]\d+)?\s*", value):
                hint = f"write {value.strip().replace(',', '.')} without quotes"
            raise PydanticCustomError("coordinate_type", "{name} must be a number of degrees",
                                      {"name": name, "hint": hint})
        if not -limit <= value <= limit:
            swapped = " (are latitude and longitude swapped?)" if name == "latitude" and abs(value) <= 180 else ""
            raise PydanticCustomError(
                "coordinate_range", "{name} {value} is outside -{limit} to {limit}",
                {"name": name, "value": value, "limit": limit,
                 "hint": f"{name} is in decimal degrees, -{limit} to {limit}; south and west are negative{swapped}"})
        return float(value)
    return check


Latitude = Annotated[float, PlainValidator(_check_coordinate(90, "latitude")),
                     WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90})]
Longitude = Annotated[float, PlainValidator(_check_coordinate(180, "longitude")),
                      WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180})]
PlaceKind = Literal["city", "region", "sea", "border-crossing", "country", "other"]


class Place(Record):
    """Where events happen: a point on the map, exact or approximate, shared by all briefings."""

    id: Id = Field(description="Unique id across the whole site; also the place's page address.")
    name: Text = Field(description="Name in English, as the map labels it.")
    native_name: Text | None = Field(None, description="Name in its own script, e.g. Курская область.")
    native_name_lang: Language | None = Field(
        None, description="BCP 47 language code of native_name, e.g. ru, ko, is.")
    also_known_as: list[Text] = Field(
        default_factory=list, description="Other spellings or names readers may search for, e.g. Kiev for Kyiv: "
                                          "shown on the place's page, so the search finds them.")
    latitude: Latitude = Field(description="Latitude in decimal degrees, -90 to 90 (north is positive).")
    longitude: Longitude = Field(description="Longitude in decimal degrees, -180 to 180 (east is positive).")
    kind: PlaceKind = Field(
        "other", description="city, region, sea, border-crossing, country or other.")
    approximate: StrictBool = Field(
        False, description="true when the point only stands near the place ('near Kursk', a region): the map "
                           "draws a dashed area instead of a pin.")
    radius_km: Annotated[float, Field(gt=0, le=3000)] | None = Field(
        None, description="For an approximate place, how far around the point it reaches, in km (default 100).")
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = Field(
        None, description="Wikidata item id, e.g. Q1749 (not a link).")
    geonames: Annotated[int, Field(gt=0)] | None = Field(None, description="GeoNames id, e.g. 538560.")


class Tag(Record):
    """How readers see a tag that briefings and events write: briefings/tags.yaml names it once for the site."""

    id: Id = Field(description="The tag as briefings and events write it under tags, e.g. russia-ukraine-war.")
    name: Text = Field(description="The tag as readers see it, on the page, the tags page and the search's "
                                   "filter, e.g. Russia–Ukraine war.")


class Picture(Record):
    """A picture from the briefing's folder, shown on its page and in its PDF with its credit."""

    file: Text = Field(description="The image file, relative to the briefing's folder, e.g. images/kursk.jpg: "
                                   "JPEG, PNG or WebP, at most 20 MB and 40 megapixels.")
    alt: Text = Field(description="What the picture shows, for readers who cannot see it (plain text).")
    caption: Text | None = Field(None, description="A line under the picture, plain text.")
    credit: Text = Field(description="Who made the picture: photographer, agency or publisher.")
    licence: Text = Field(description="Under what terms it is shown, e.g. CC BY 4.0, public domain, "
                                      "used with permission.")
    source: Url | None = Field(None, description="Where the picture was published (http or https).")


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
    tags: list[Id] = Field(default_factory=list, description=TAGS_HELP)
    related: list[Id] = Field(
        default_factory=list, description="Slugs (folder names) of other briefings to list first under "
                                          "'Related briefings'; the rest are found by shared actors and tags.")
    key_points: list[KeyPoint] = Field(default_factory=list, description="The main points: {text, sources}.")
    changes: list[Change] = Field(default_factory=list, description="Revision log: {date, note}.")
    images: list[Picture] = Field(
        default_factory=list, description="Pictures from files in the briefing's folder: "
                                          "{file, alt, caption, credit, licence, source}.")
    events: list[Event] = Field(default_factory=list, description="Events, or put them in events.yaml.")
    quotes: list[Quote] = Field(default_factory=list, description="Quotes, or put them in quotes.yaml.")
    assessments: list[Assessment] = Field(
        default_factory=list, description="The analysts' judgements, or put them in assessments.yaml.")
    figures: list[Figure] = Field(default_factory=list, description="Figures, or put them in figures.yaml.")
    sources: list[Source] = Field(default_factory=list, description="Sources, or put them in sources.yaml.")
    actors: list[Actor] = Field(default_factory=list, description="Actors, or put them in actors.yaml.")


ITEM_MODELS: dict[str, type[Record]] = {
    "events": Event, "quotes": Quote, "figures": Figure, "sources": Source, "actors": Actor,
    "assessments": Assessment,
}
# Every list a file can hold: a briefing's items, and the places and the tags' names, which only the site-wide
# briefings/places.yaml and briefings/tags.yaml hold.
LIST_MODELS: dict[str, type[Record]] = {**ITEM_MODELS, "places": Place, "tags": Tag}
KIND_NAMES = {"events": "event", "quotes": "quote", "figures": "figure", "sources": "source",
              "actors": "actor", "assessments": "assessment", "places": "place", "tags": "tag"}
