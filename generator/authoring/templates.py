"""The text `briefing new` and `briefing add` write: a briefing.yaml, and one item of each kind."""

from __future__ import annotations

# Required fields are left empty (null) so that check reports each of them; optional ones are
# commented out, with an example value, for the contributor to uncomment.
TEMPLATES = {
    "event": """\
- id: {id}
  date:        # TODO when it happened: 2024-10-28, 2024-10 or 2024; add ~ for about, ? if unsure
  title:       # TODO what happened, in one short line of plain text
  # summary: More detail, in Markdown; cite a source inline as [@source-id].
  # actors: [actor-id]
  # location: City, Country
  # places: [place-id]  # ids from briefings/places.yaml, drawn on the briefing's map
  # tags: [tag]
  sources: []  # TODO the ids of the sources that report it, e.g. [source-id]
""",
    "quote": """\
- id: {id}
  speaker:     # TODO the id of the actor who said it
  text:        # TODO the words in English (a translation when original is given)
  # original: {{lang: ko, text: "the words as said, in their own script"}}
  # original_unavailable: reported only in translation by …  # instead of original, when it was never published
  # date: "{today}"
  # context: Where and how it was said, as plain text
  # event: event-id
  sources: []  # TODO the ids of the sources that report it, e.g. [source-id]
""",
    "figure": """\
- id: {id}
  measure:     # TODO key of the quantity, e.g. troops-deployed; figures with one measure are compared
  # label: Human name of the measure (needed on one figure of each measure)
  value:       # TODO the number claimed, e.g. 10000, or a range [10000, 12000]
  # unit: soldiers  # what the number counts, for the chart's axis
  # kind: estimate  # count, estimate, projection or expectation
  # approximate: true
  # as_of: "{today}"  # when it was claimed
  # refers_to: "{today}"  # the date the number is about, when not the day it was claimed
  # claimed_by: actor-id
  # note: What exactly was claimed, as plain text
  sources: []  # TODO the ids of the sources that report it, e.g. [source-id]
""",
    "source": """\
- id: {id}
  title:       # TODO title of the article, statement or document
  publisher:   # TODO the outlet or issuing body
  url:         # TODO the link, starting with https:// (remove the line when there is none)
  # published: "{today}"
  accessed: "{today}"
  # archive_url: https://web.archive.org/…
  # language: en
  # kind: news  # news, official, intelligence, social, research or other
  # reliability: B2  # Admiralty code: source A–F, information 1–6
""",
    "actor": """\
- id: {id}
  name:        # TODO name in English
  # native_name: Name in its own script, e.g. Hangul or Cyrillic
  # native_name_lang: ko  # the BCP 47 language of native_name
  # kind: person  # person, organization or country
  # role: Role or office, e.g. President of Ukraine
  # also_known_as: [Zelenskyy, Zelenskiy]  # other spellings readers may search for
""",
    "place": """\
- id: {id}
  name:        # TODO name in English, as the map labels it
  # native_name: Name in its own script, e.g. Курская область
  # native_name_lang: ru  # the BCP 47 language of native_name
  # also_known_as: [Kursk oblast]  # other spellings or names readers may search for
  latitude:    # TODO decimal degrees of its centre, north positive, e.g. 51.73
  longitude:   # TODO decimal degrees of its centre, east positive, e.g. 36.19
  # kind: city  # city, region, sea, border-crossing, country or other
  # approximate: true  # it only stands near this point ('near Kursk', a region): drawn as a dashed area
  # radius_km: 100  # for an approximate place, how far around the point it reaches
  # wikidata: Q1749  # the Wikidata item id, not a link
  # geonames: 538560
""",
}

BRIEFING_TEMPLATE = """\
{schema_line}# The briefing '{slug}'. What each field means: {guide}
# Add items with 'briefing add event {slug}' (or quote, figure, source, actor): they go into
# events.yaml, quotes.yaml, … beside this file. 'briefing check' lists what is left to do.

title: {title}
# subtitle: A line under the title, plain text
summary: >-
  TODO: the bottom line up front, in two or three sentences of Markdown.
status: draft  # left out of the public site until you write: published
created: "{today}"
updated: "{today}"
# tags: [tag-one, tag-two]
# key_points:
#   - text: The main point, in Markdown.
#     sources: [source-id]
# changes:
#   - date: "{today}"
#     note: What changed, in a sentence.
"""
