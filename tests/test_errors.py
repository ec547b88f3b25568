"""The bad-input corpus: each broken briefing gets one located message with a hint, nothing else.

Every case starts from tests/fixtures/valid-minimal (which checks clean), changes a file or two,
and runs the real `briefing check`. It must exit 1 without a traceback, report the problem at
the exact file:line:col with the expected message, show a hint, and report that problem alone:
one mistake is one message, not a cascade.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel import Locale
from PIL import Image

from generator.model.language_codes import LANGUAGE_ABBREVIATIONS, judge

from conftest import FIXTURES, make_project, run_cli

BASE = FIXTURES / "valid-minimal" / "briefings"
BRIEF, EVENTS, QUOTES = "alpha/briefing.yaml", "alpha/events.yaml", "alpha/quotes.yaml"
FIGURES, SOURCES = "alpha/figures.yaml", "alpha/sources.yaml"
HEAD = "summary: A short summary [@src-a].\nupdated: 2024-11-01\n"
EVENT = "- id: ev-one\n  date: 2024-10-28\n  title: Something happened\n"
QUOTE = "- id: q-one\n  speaker: kim-jong-un\n  text: Words.\n"
FIGURE = "- id: fig-one\n  measure: troops\n  label: Troops\n"
SOURCE = "- id: src-a\n  title: A report\n  publisher: Agency\n"
ASSESS = ("- id: as-one\n  text: Troops are likely there [@src-a].\n  likelihood: likely\n  confidence: moderate\n"
          "  date: 2024-10-30\n")
ASSESSMENTS = "alpha/assessments.yaml"
BETA = "title: Beta\nsummary: Beta [@src-shared].\nupdated: 2024-11-01\n"
# Nine anchors, each a list of nine aliases of the one before: 9^9 strings if expanded.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)

Files = dict[str, str | bytes | None]
Result = subprocess.CompletedProcess[str]


@dataclass(frozen=True)
class Case:
    """One broken tree: the files changed from valid-minimal, and the one problem expected."""

    name: str
    files: Files
    where: str  # file:line:col, the file relative to the project
    message: str  # a part of the message
    hint: str  # a part of the hint
    errors: int = 1
    extra: dict[str, str] = field(default_factory=dict)


def brief(text: str) -> Files:
    return {BRIEF: text}


def image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    """A small picture file made here, in Pillow's format kind (JPEG, PNG, GIF …)."""
    out = io.BytesIO()
    Image.new("L" if kind == "PNG" else "RGB", size).save(out, kind)
    return out.getvalue()


def pictured(fields: str, file: str = "images/road.jpg") -> Files:
    """briefing.yaml with one picture (line 5: '  - file: …'), and images/road.jpg beside it."""
    return {BRIEF: "title: Alpha\n" + HEAD + f"images:\n  - file: {file}\n" + fields,
            "alpha/images/road.jpg": image("JPEG")}


PICTURE = "    alt: A road\n    credit: Agency\n    licence: CC BY 4.0\n"


CASES = [
    # --- YAML syntax -------------------------------------------------------------------------
    Case("unclosed-quote", brief('title: "Alpha briefing\n' + HEAD),
         "briefings/alpha/briefing.yaml:1:8", 'the quote " opened here is never closed',
         'add the closing "'),
    Case("unclosed-quote-closed-by-an-apostrophe",
         brief("title: 'Alpha briefing\n" + HEAD + "key_points:\n  - text: One point about Russia's fleet.\n"
               "    sources: [src-a]\n"),
         "briefings/alpha/briefing.yaml:1:23", "this quoted value is not closed on its line",
         "close the quote at the end of the value"),
    Case("unclosed-quote-closed-by-the-next-value",
         {EVENTS: '- id: ev-one\n  date: 2024-10-28\n  title: "Something happened\n  sources: [src-a, src-shared]\n'
                  '- id: ev-two\n  date: "2024-10-29"\n  title: Something else\n  sources: [src-a]\n'},
         "briefings/alpha/events.yaml:3:29", "this quoted value is not closed on its line",
         "close the quote at the end of the value"),
    Case("broken-file-hides-no-references",
         {BRIEF: "title: Alpha: x\n" + HEAD + "sources:\n  - id: src-inline\n    title: T\n    publisher: P\n",
          EVENTS: EVENT + "  sources: [src-inline, src-shared]\n"},
         "briefings/alpha/briefing.yaml:1:13", "the value of 'title' contains ': '", "in quotes"),
    Case("text-line-not-indented",
         brief("title: Alpha\nsummary: A short summary\nthat goes on [@src-a].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:3:1", "this line should be 'field: value', or be indented under the field",
         "'summary: >-'"),
    Case("stray-text-line", {EVENTS: "Events of the briefing\n" + EVENT + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:1:1", "this line is neither 'field: value' nor a list item",
         "start it with '#'"),
    Case("indented-too-far", brief("title: Alpha\n  summary: A short summary [@src-a].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:3", "'summary:' is indented more than line 1 above",
         "line it up with the other fields"),
    Case("list-item-misaligned",
         brief("title: Alpha\n" + HEAD + "key_points:\n  - text: One.\n    sources: [src-a]\n   - text: Two.\n"),
         "briefings/alpha/briefing.yaml:7:4", "is not indented like the lines above it",
         "line it up with line 5, which starts in column 3"),
    Case("colon-in-unquoted-value", brief("title: Seoul: talks\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:13", "the value of 'title' contains ': ' and must be put in quotes",
         'title: "Seoul: talks"'),
    Case("no-space-after-colon", brief("title:Alpha\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:7", "a space is missing after 'title:'", "'title: value'"),
    Case("value-starts-with-at", brief("title: Alpha\nsummary: @src-a says so\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:10", "the value of 'summary' cannot start with '@'",
         'summary: "@…"'),
    Case("text-after-closing-quote", brief('title: "Alpha" and more\n' + HEAD),
         "briefings/alpha/briefing.yaml:1:16", "text follows the closing quote of the value of 'title'",
         "put the whole value in quotes: '\"Alpha\" and more'"),
    # Quoting the date again, as the hint said, gave a date with an 'x' in it.
    Case("stray-character-after-a-quoted-date", {EVENTS: EVENT.replace("date: 2024-10-28", 'date: "2024-10-28"x')
                                                 + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:21", "text follows the closing quote of the value of 'date'",
         "remove 'x' after the closing quote"),
    # Quoted, but with curly quotes: "put it in quotes" told the contributor what they had done.
    Case("colon-in-a-value-in-curly-quotes", brief("title: “Union: strike bulletin”\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:14", "the value of 'title' contains ': ' and must be put in quotes",
         'its quotes are curly ones (“ ”), which YAML reads as text: use straight quotes, '
         'title: "Union: strike bulletin"'),
    Case("true-for-a-title", brief("title: true\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "'title' must be text, not 'true'", "in quotes"),
    # "Put it in quotes" gave '[kim-jong-un]', an invalid id.
    Case("a-list-for-a-field-of-one-id", {FIGURES: FIGURE + "  value: 3\n  claimed_by: [kim-jong-un]\n"
                                                   "  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:5:15", "'claimed_by' must be text, not a list",
         "'claimed_by' takes one value: write claimed_by: kim-jong-un"),
    # The value is in quotes already: "put the whole value inside the quotes" told the contributor nothing.
    Case("apostrophe-inside-single-quotes", brief("title: 'The defectors' offer'\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:24", "text follows the closing quote of the value of 'title'",
         "inside '…' write an apostrophe twice: 'The defectors'' offer', or use double quotes"),
    # Each inner quote mark escaped, as the hint said, published the words with their marks unpaired.
    Case("a-quote-in-two-parts-around-he-said",
         {QUOTES: QUOTE.replace("text: Words.", 'text: "We warned them," he said, "and nobody listened."')
          + "  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:3:27", "text follows the closing quote of the value of 'text'",
         "a quote's text holds the speaker's words alone, without 'he said': write \"We warned them, and nobody "
         "listened.\" and who said it in 'speaker'"),
    Case("a-title-in-two-quoted-parts", brief('title: "Talks," says Seoul, "are over"\n' + HEAD),
         "briefings/alpha/briefing.yaml:1:17", "text follows the closing quote of the value of 'title'",
         "put the whole value in single quotes: '\"Talks,\" says Seoul, \"are over\"'"),
    Case("unclosed-bracket", {EVENTS: EVENT + "  sources: [src-a, src-shared\n"},
         "briefings/alpha/events.yaml:4:12", "the '[' opened here is never closed", "close it with ']'"),
    Case("list-item-among-fields", brief("title: Alpha\n" + HEAD + "- stray item\n"),
         "briefings/alpha/briefing.yaml:4:1", "a list item ('- …') stands where a field", "put the list under a key"),
    Case("two-documents", brief("title: Alpha\n" + HEAD + "---\ntitle: Beta\n"),
         "briefings/alpha/briefing.yaml:4:1", "the file holds more than one YAML document", "remove the '---' line"),
    Case("tab-indentation", brief("title: Alpha\n" + HEAD + "key_points:\n\t- text: One point.\n"),
         "briefings/alpha/briefing.yaml:5:1", "a tab character is used for indentation",
         "replace the tab with spaces"),
    Case("empty-list-file", {EVENTS: ""},
         "briefings/alpha/events.yaml:1:1", "the file events.yaml is empty", "or [] for none"),
    Case("briefing-only-comments", brief("# to be written\n\n"),
         "briefings/alpha/briefing.yaml:1:1", "the file briefing.yaml is empty", "title, summary and updated"),
    Case("not-utf8", brief(b"title: Caf\xe9 talks\n" + HEAD.encode()),
         "briefings/alpha/briefing.yaml:1:11", "byte 0xe9 is not valid UTF-8 text", "save the file as UTF-8"),
    Case("not-utf8-after-hangul",
         brief("title: Alpha\nsummary: 김정은 ".encode() + b"\xff [@src-a]\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:14", "byte 0xff is not valid UTF-8 text", "UTF-8"),
    Case("control-character", brief("title: Alpha\x01\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:13", "the control character U+0001 is not allowed", "delete it"),
    Case("control-character-escaped", brief('title: "Alpha \\x02 talks"\n' + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "the control character U+0002 is not allowed", "delete it"),
    Case("bidi-override", brief("title: Talks in \u202eRTL\u202c Riga\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:17", "the bidirectional control character U+202E (right-to-left override) "
         "is not allowed", "'language: ar'", errors=2),  # and its U+202C
    # The file is read on: its other mistakes are reported at once with it.
    Case("bidi-and-another-mistake", brief("title: Talks in \u202eRiga\ncolour: red\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:17", "the bidirectional control character U+202E", "delete it",
         errors=2),  # and 2:1, unknown field 'colour'
    Case("bidi-isolate-escaped", brief('title: "Talks \\u2067in Riga"\n' + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "the bidirectional control character U+2067 (right-to-left isolate)",
         "delete it"),
    Case("merge-key",
         {EVENTS: EVENT.replace("- id", "- &base\n  id") + "  sources: [src-a]\n- <<: *base\n  id: ev-two\n"},
         "briefings/alpha/events.yaml:6:3", "merge keys (<<) are not supported", "write the fields out"),
    Case("python-tag", brief("title: !!python/object:os.system Alpha\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "the YAML tag '!!python/object:os.system' is not allowed",
         "remove the tag"),
    Case("custom-tag", brief("title: !include other.yaml\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "the YAML tag '!include' is not allowed", "remove the tag"),
    Case("alias-bomb", brief("title: Alpha\n" + HEAD + BOMB),
         "briefings/alpha/briefing.yaml:5:4", "more than 100 aliases (*name) in one file",
         "write the values out"),
    Case("file-too-large", {EVENTS: EVENT + "  sources: [src-a, src-shared]\n" + ("# padding\n" * 300_000)},
         "briefings/alpha/events.yaml:1:1", "a file may hold at most 2 MB", "split the story into two briefings"),
    Case("100000-nested-brackets", brief("title: Alpha\n" + HEAD + "tags: " + "[" * 100_000 + "\n"),
         "briefings/alpha/briefing.yaml:4:47", "values are nested more than 40 levels deep",
         "'[' or '{' that are never closed"),
    Case("60-nested-lists", brief("title: Alpha\n" + HEAD + "tags: " + "[a, " * 60 + "]" * 60 + "\n"),
         "briefings/alpha/briefing.yaml:4:164", "values are nested more than 40 levels deep",
         "at most a few levels deep"),
    # --- shapes --------------------------------------------------------------------------------
    Case("briefing-is-a-list", brief("- title: Alpha\n- summary: x\n"),
         "briefings/alpha/briefing.yaml:1:1", "briefing.yaml must be a group of fields, not a list",
         "'title: …'"),
    Case("events-is-a-mapping", {EVENTS: EVENT.replace("- id", "id").replace("\n  ", "\n")},
         "briefings/alpha/events.yaml:1:1", "the events must be a list, not a group of fields", "'- id: …'"),
    Case("event-is-a-line-of-text", {EVENTS: EVENT + "  sources: [src-a]\n- Troops reach the border\n"},
         "briefings/alpha/events.yaml:5:3", "each event must be a group of fields, not 'Troops reach the border'",
         "write '- id: …' on this line, then 'title: Troops reach the border' indented under it"),
    Case("key-point-is-text", brief("title: Alpha\n" + HEAD + "key_points:\n  - One point [@src-a].\n"),
         "briefings/alpha/briefing.yaml:5:5", "each item of 'key_points' must be a group of fields",
         "'- text: …'"),
    Case("tags-is-a-mapping", brief("title: Alpha\n" + HEAD + "tags:\n  region: korea\n"),
         "briefings/alpha/briefing.yaml:5:3", "'tags' must be a list, not a group of fields", "one '- item' per line"),
    Case("original-is-a-list", {QUOTES: QUOTE + "  original: [ko, 말]\n  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:4:13", "'original' must be a group of fields, not a list",
         "write its fields under it, indented: 'lang: …' and 'text: …'"),
    Case("duplicate-key", brief("title: Alpha\ntitle: Beta\n" + HEAD),
         "briefings/alpha/briefing.yaml:2:1", "the field 'title' is given twice", "first given on line 1"),
    Case("unknown-key-titel", brief("titel: Alpha\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:1", "unknown field 'titel'", "did you mean 'title'?"),
    Case("unknown-event-key", {EVENTS: EVENT + "  summery: More.\n  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:4:3", "unknown field 'summery' in the event 'ev-one'",
         "did you mean 'summary'?"),
    # --- required fields -----------------------------------------------------------------------
    Case("missing-title", brief(HEAD),
         "briefings/alpha/briefing.yaml:1:1", "the required field 'title' is missing", "add 'title: …'"),
    Case("missing-summary", brief("title: Alpha\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:1:1", "the required field 'summary' is missing", "add 'summary: …'"),
    # As the guide writes it, dated today (test_a_missing_updated_is_hinted_with_the_day_of_the_check).
    Case("missing-updated", brief("title: Alpha\nsummary: A short summary [@src-a].\n"),
         "briefings/alpha/briefing.yaml:1:1", "the required field 'updated' is missing",
         "' (today) — When the editors last reviewed the briefing"),
    Case("missing-event-date", {EVENTS: "- id: ev-one\n  title: Something\n  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:1:3", "the required field 'date' is missing in the event 'ev-one'",
         "add 'date: …'"),
    Case("missing-quote-speaker", {QUOTES: "- id: q-one\n  text: Words.\n  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:1:3", "the required field 'speaker' is missing in the quote 'q-one'",
         "add 'speaker: …'"),
    Case("empty-title", brief("title: ''\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "'title' is empty", "write a value"),
    Case("title-too-long", brief("title: " + "x" * 600 + "\n" + HEAD),
         "briefings/alpha/briefing.yaml:1:8", "'title' is too long (600 characters; the limit is 500)",
         "shorten it"),
    # --- values ----------------------------------------------------------------------------------
    Case("yaml11-yes", {FIGURES: FIGURE + "  value: 10000\n  approximate: yes\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:5:16", "'approximate' must be true or false, not 'yes'",
         "write true or false"),
    Case("unquoted-12:30", {FIGURES: FIGURE + "  value: 12:30\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "'value' must be a number or a range [low, high], not '12:30'",
         "time of day"),
    Case("status-typo", brief("title: Alpha\nstatus: publshed\n" + HEAD),
         "briefings/alpha/briefing.yaml:2:9", "'status' must be one of draft, published, archived, not 'publshed'",
         "did you mean 'published'?"),
    # A figure said roughly, or as a range in words: the fields that say so, not a generic hint.
    Case("figure-value-said-about", {FIGURES: FIGURE + "  value: about 3000\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "'value' must be a number or a range [low, high], not 'about 3000'",
         "write 3000, with 'approximate: true' under it"),
    Case("figure-value-said-around-with-commas", {FIGURES: FIGURE + "  value: around 12,000\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not 'around 12,000'",
         "write 12000, with 'approximate: true' under it"),
    Case("figure-value-with-a-tilde", {FIGURES: FIGURE + "  value: ~3000\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not '~3000'", "write 3000, with 'approximate: true' under it"),
    Case("figure-value-circa", {FIGURES: FIGURE + "  value: c. 3000\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not 'c. 3000'", "write 3000, with 'approximate: true' under it"),
    Case("figure-range-with-a-hyphen", {FIGURES: FIGURE + "  value: 500-600\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not '500-600'", "write [500, 600] (a range)"),
    Case("figure-range-with-a-dash", {FIGURES: FIGURE + "  value: 500\u2013600\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not '500\u2013600'", "write [500, 600] (a range)"),
    Case("figure-range-in-words", {FIGURES: FIGURE + "  value: 500 to 600\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "not '500 to 600'", "write [500, 600] (a range)"),
    Case("figure-value-with-commas", {FIGURES: FIGURE + '  value: "10,000"\n  sources: [src-a]\n'},
         "briefings/alpha/figures.yaml:4:10", "'value' must be a number or a range [low, high], not '10,000'",
         "write 10000 without thousands separators"),
    # A quote left open runs on to the next quote mark, here a possessive four lines below, where YAML
    # failed ("text follows the closing quote", line 7): the mistake is on line 3.
    Case("unclosed-quote-before-a-possessive", {EVENTS: "- id: ev-one\n  date: 2024-10-28\n"
                                                        "  title: 'Something happened\n  sources: [src-a, src-shared]\n"
                                                        "- id: ev-two\n  date: 2024-10-29\n"
                                                        "  title: The defectors' case\n  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:3:29", "this quoted value is not closed on its line",
         "close the quote at the end of the value"),
    # Among an item's fields (the first field's case was already told apart): was "this line should be
    # 'field: value', or be indented under the field it continues".
    Case("no-space-after-a-later-colon", {EVENTS: EVENT.replace("title: Something", "title:Something")
                                          + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:3:9", "a space is missing after 'title:'",
         "write 'title: value' with a space after the colon"),
    # A list's items indented unlike its first are read as more words of it; two ids without a comma as one.
    Case("list-items-indented-unlike-the-first", brief("title: Alpha\n" + HEAD + "tags:\n- alpha\n  - beta\n"),
         "briefings/alpha/briefing.yaml:5:3", "'tags' reads as one text, 'alpha - beta'",
         "indent every '- ' of the list the same"),
    Case("ids-without-a-comma", {EVENTS: EVENT + "  sources: [src-a src-shared]\n"},
         "briefings/alpha/events.yaml:4:13", "'sources' must hold ids of lowercase letters",
         "these are 2 ids: separate them with commas, [src-a, src-shared]"),
    # Was: "byte 0xff is not valid UTF-8 text", over a line of garbled characters.
    Case("saved-as-utf-16", {EVENTS: (EVENT + "  sources: [src-a]\n").encode("utf-16")},
         "briefings/alpha/events.yaml:1:1", "the file is saved as UTF-16, not as UTF-8 text", "save it as UTF-8"),
    # Pasted from a word processor: characters that look like a space, or like nothing.
    Case("non-breaking-space-as-indentation", {EVENTS: EVENT.replace("\n  title", "\n\u00a0 title")
                                               + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:3:1", "a non-breaking space (U+00A0) stands where YAML needs an ordinary space",
         "replace it with an ordinary space"),
    Case("non-breaking-space-in-a-nested-list", {EVENTS: EVENT + "  sources:\n    - src-a\n    -\u00a0src-shared\n"
                                                "  actors: [kim-jong-un]\n"},
         "briefings/alpha/events.yaml:6:6", "a non-breaking space (U+00A0) stands where YAML needs an ordinary space",
         "replace it with an ordinary space"),
    # The id's fix looked the same as the id, and the quote that names it was told the event is unknown.
    Case("zero-width-space-in-an-id", {EVENTS: EVENT.replace("ev-one", "ev\u200b-one") + "  sources: [src-a]\n",
                                       QUOTES: QUOTE + "  sources: [src-a]\n  event: ev-one\n"},
         "briefings/alpha/events.yaml:1:7", "it is not a valid id",
         "it holds a zero-width space (U+200B), which cannot be seen: delete it"),
    # A file that cannot be read as a list of events is reported once: not again as every id it holds,
    # "unknown" wherever it is used (the misnamed file made 16 errors, 15 of them about its ids).
    Case("events-file-misnamed", {EVENTS: None, "alpha/events.yml": EVENT + "  sources: [src-a]\n",
                                  QUOTES: QUOTE + "  sources: [src-a]\n  event: ev-one\n"},
         "briefings/alpha/events.yml:1:1", "the file events.yml is not read", "did you mean events.yaml?"),
    Case("events-as-a-mapping", {EVENTS: EVENT[2:].replace("\n  ", "\n") + "sources: [src-a]\n",
                                 QUOTES: QUOTE + "  sources: [src-a]\n  event: ev-one\n"},
         "briefings/alpha/events.yaml:1:1", "the events must be a list, not a group of fields",
         "start each event with '- id: …'"),
    # YAML reads 12.000 as twelve: published as "c. 12" for a claim of twelve thousand, before this case.
    Case("figure-value-with-dots", {FIGURES: FIGURE + "  value: 12.000\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "'value': 12.000 is read as 12: a '.' marks decimals, not thousands",
         "write 12000 if the '.' separates thousands, or 12 if it does not"),
    Case("figure-value-with-dots-and-a-comma", {FIGURES: FIGURE + '  value: "34.000,5"\n  sources: [src-a]\n'},
         "briefings/alpha/figures.yaml:4:10", "'value' must be a number or a range [low, high], not '34.000,5'",
         "write 34000.5 without thousands separators"),
    Case("figure-value-quoted", {FIGURES: FIGURE + '  value: "3"\n  sources: [src-a]\n'},
         "briefings/alpha/figures.yaml:4:10", "'value' must be a number or a range [low, high], not '3'",
         "write 3 without the quotes around it"),
    Case("reversed-range", {FIGURES: FIGURE + "  value: [12000, 10000]\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:4:10", "'value' is a reversed range [12000, 10000]",
         "write [10000, 12000]"),
    Case("figure-kind-typo", {FIGURES: FIGURE + "  value: 10000\n  kind: projected\n  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:5:9",
         "'kind' must be one of count, estimate, projection, expectation, not 'projected'",
         "did you mean 'projection'?"),
    Case("figure-refers-to-not-a-date", {FIGURES: FIGURE + "  value: 10000\n  refers_to: 24 June 2023\n"
                                                  "  sources: [src-a]\n"},
         "briefings/alpha/figures.yaml:5:14", "'refers_to' cannot be '24 June 2023'", "write 2023-06-24"),
    # A title the editors supply goes in square brackets (Source.title_supplied): unquoted, YAML reads a list.
    Case("supplied-title-unquoted", {SOURCES: SOURCE.replace("title: A report", "title: [Press briefing on the talks]")
                                     + "  url: https://example.org/a\n"},
         "briefings/alpha/sources.yaml:2:10", "'title' must be text, not a list",
         'write title: Press briefing on the talks (or title: "[Press briefing on the talks]", in quotes, '
         "for a title you supply)"),
    # ... and a comma in it cuts that list in two: the hint puts it back together, not "keep one of" its halves.
    Case("supplied-title-with-a-comma-unquoted",
         {SOURCES: SOURCE.replace("title: A report", "title: [Ministry press briefing, 28 October]")
          + "  url: https://example.org/a\n"},
         "briefings/alpha/sources.yaml:2:10", "'title' must be text, not a list",
         'write title: "[Ministry press briefing, 28 October]", in quotes, for a title you supply'),
    # briefings/tags.yaml names each tag once: two names would leave readers one or the other.
    Case("tag-named-twice", {"tags.yaml": "- id: floods\n  name: Floods\n- id: floods\n  name: Flooding\n"},
         "briefings/tags.yaml:3:7", "the tag 'floods' is named twice",
         "keep one of the two names: the other is on line 1"),
    # A tag written as readers should see it is told where such a name goes.
    Case("tag-written-as-its-name", brief("title: Alpha\n" + HEAD + "tags: [Russia–Ukraine war]\n"),
         "briefings/alpha/briefing.yaml:4:8", "'tags' must hold ids of lowercase letters, digits and hyphens",
         "write russia-ukraine-war here; to show it as 'Russia–Ukraine war', name it once in briefings/tags.yaml"),
    # The name it is told to write is YAML as it stands: 'name: Talks: round 2' would not be.
    Case("tag-written-as-its-name-with-a-colon", brief("title: Alpha\n" + HEAD + 'tags: ["Talks: round 2"]\n'),
         "briefings/alpha/briefing.yaml:4:8", "'tags' must hold ids of lowercase letters, digits and hyphens",
         """'- id: talks-round-2' with 'name: "Talks: round 2"' under it"""),
    Case("tag-without-a-name", {"tags.yaml": "- id: floods\n"},
         "briefings/tags.yaml:1:3", "the required field 'name' is missing in the tag 'floods'",
         "add 'name: …' — The tag as readers see it"),
    Case("bad-reliability", {SOURCES: SOURCE + "  url: https://example.org/a\n  reliability: G7\n"},
         "briefings/alpha/sources.yaml:5:16", "'reliability' must be an Admiralty code such as B2, not 'G7'",
         "A–F"),
    Case("bad-language", {SOURCES: SOURCE + "  url: https://example.org/a\n  language: english\n"},
         "briefings/alpha/sources.yaml:5:13", "'language' must be a BCP 47 language code, not 'english'",
         "did you mean 'en'?"),
    # Any language's name in English, from CLDR: not only the few the hints once listed.
    Case("language-named-in-full", {SOURCES: SOURCE + "  url: https://example.org/a\n  language: Portuguese\n"},
         "briefings/alpha/sources.yaml:5:13", "'language' must be a BCP 47 language code, not 'Portuguese'",
         "did you mean 'pt'?"),
    # A country's code is no language's: it was published in the open data as the language of the source.
    Case("language-written-as-a-country-code",
         {SOURCES: SOURCE + "  url: https://example.org/a\n  language: ua\n"},
         "briefings/alpha/sources.yaml:5:13", "'language' must be a BCP 47 language code, not 'ua'",
         "'ua' is the country code of Ukraine; Ukrainian is 'uk'"),
    # Every language field has the one rule: a quote's original, an actor's and a place's native name.
    Case("original-language-in-three-letters",
         {QUOTES: QUOTE + "  original:\n    lang: kor\n    text: 말.\n  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:5:11", "'lang' must be a BCP 47 language code, not 'kor'",
         "write 'ko' (Korean): a language with a two-letter code is written with it"),
    Case("native-name-language-a-country-code",
         {"actors.yaml": "- id: kim-jong-un\n  name: Kim Jong Un\n  native_name: 김정은\n  native_name_lang: jp\n"},
         "briefings/actors.yaml:4:21", "'native_name_lang' must be a BCP 47 language code, not 'jp'",
         "'jp' is the country code of Japan; Japanese is 'ja'"),
    Case("place-language-a-country-code-of-two-languages",
         {"places.yaml": "- id: minsk\n  name: Minsk\n  native_name: Мінск\n  native_name_lang: by\n"
                         "  latitude: 53.9\n  longitude: 27.57\n"},
         "briefings/places.yaml:4:21", "'native_name_lang' must be a BCP 47 language code, not 'by'",
         "'by' is the country code of Belarus; Russian is 'ru' and Belarusian 'be'"),
    Case("lowercase-reliability", {SOURCES: SOURCE + "  url: https://example.org/a\n  reliability: c3\n"},
         "briefings/alpha/sources.yaml:5:16", "'reliability' must be an Admiralty code such as B2, not 'c3'",
         "write C3"),
    Case("url-without-scheme", {SOURCES: SOURCE + "  url: www.example.org/report\n"},
         "briefings/alpha/sources.yaml:4:8", "'url' must be an http or https link, not 'www.example.org/report'",
         "add https:// in front: https://www.example.org/report"),
    Case("tags-as-text", {EVENTS: EVENT + "  tags: Subsea cables, South Korea\n  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:4:9", "'tags' must be a list, not 'Subsea cables, South Korea'",
         "write [subsea-cables, south-korea]"),
    Case("forgotten-dash-before-id", {SOURCES: SOURCE + "  url: https://example.org/a\nid: src-b\n  title: B\n"},
         "briefings/alpha/sources.yaml:5:1", "'id:' is not indented like the lines above it", "write '- id: …'"),
    Case("forgotten-dash-indented-id", {SOURCES: SOURCE + "  url: https://example.org/a\n  id: src-b\n"},
         "briefings/alpha/sources.yaml:5:3", "the field 'id' is given twice", "write '- id: …'"),
    Case("citation-first-in-text", brief("title: Alpha\n" + HEAD + "key_points:\n  - text: [@src-a] One.\n"),
         "briefings/alpha/briefing.yaml:5:12", "the value of 'text' starts with '[', which YAML reads as a list",
         "put the whole value in quotes"),
    Case("javascript-url", {SOURCES: SOURCE + "  url: javascript:alert(1)\n"},
         "briefings/alpha/sources.yaml:4:8", "'url' must be an http or https link, not 'javascript:alert(1)'",
         "https://"),
    Case("javascript-archive-url",
         {SOURCES: SOURCE + "  url: https://example.org/a\n  archive_url: javascript:alert(1)\n"},
         "briefings/alpha/sources.yaml:5:16", "'archive_url' must be an http or https link", "https://"),
    # --- ids and references --------------------------------------------------------------------
    Case("bad-id", {EVENTS: EVENT.replace("ev-one", "Foo Bar") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:1:7", "'id' cannot be 'Foo Bar': it is not a valid id", "'foo-bar'"),
    Case("reserved-id", {EVENTS: EVENT.replace("ev-one", "timeline") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:1:7", "the id 'timeline' is reserved for a page heading", "'timeline-1'"),
    # Its sources listed in its briefing.yaml: the hint named a sources.yaml it has not (and may not have beside them).
    Case("unknown-source-of-a-briefing-listing-its-sources-in-briefing-yaml",
         {SOURCES: None, BRIEF: "title: Alpha\n" + HEAD + "sources:\n  - id: src-a\n    title: A report\n"
                                 "    publisher: Agency\n    url: https://example.org/a\n"
                                 "key_points:\n  - text: One point.\n    sources: [kyiv-independent-report]\n"},
         "briefings/alpha/briefing.yaml:11:15", "unknown source 'kyiv-independent-report'",
         "add a source with 'id: kyiv-independent-report' to the 'sources:' of briefings/alpha/briefing.yaml or "
         "briefings/sources.yaml"),
    Case("duplicate-id-across-briefings",
         {"beta/briefing.yaml": BETA, "beta/events.yaml": EVENT + "  sources: [src-shared]\n"},
         "briefings/beta/events.yaml:1:7",
         "the id 'ev-one' is also used by an event in briefings/alpha/events.yaml:1", "rename the one you are adding",
         errors=2),  # alpha's event is told too: the one added may be either
    # An id as the models read it: surrounding spaces dropped (a reviewer's; it was not seen as the same id).
    Case("duplicate-id-across-briefings-one-padded",
         {"beta/briefing.yaml": BETA,
          "beta/events.yaml": EVENT.replace("ev-one", "'ev-one '") + "  sources: [src-shared]\n"},
         "briefings/beta/events.yaml:1:7",
         "the id 'ev-one' is also used by an event in briefings/alpha/events.yaml:1", "rename the one you are adding",
         errors=2),  # alpha's event is told too: the one added may be either
    # A briefing copied from another keeps its ids: its own problems are still shown in its own file.
    Case("problem-in-an-item-whose-id-another-briefing-took",
         {"beta/briefing.yaml": BETA, "beta/events.yaml": EVENT + "  sources: [src-zz]\n"},
         "briefings/beta/events.yaml:4:13", "unknown source 'src-zz'",
         "add a source with 'id: src-zz' to briefings/beta/sources.yaml", errors=3),
    # Its own source is invalid, not another briefing's: the copy's event that cites it is not blamed.
    Case("invalid-source-whose-id-another-briefing-took",
         {"beta/briefing.yaml": BETA, "beta/sources.yaml": SOURCE + "  url: javascript:alert(1)\n",
          "beta/events.yaml": EVENT.replace("ev-one", "ev-b") + "  sources: [src-a]\n"},
         "briefings/beta/sources.yaml:4:8", "'url' must be an http or https link", "https://", errors=3),
    # An item that fails validation still has its references checked: both problems come at once.
    Case("unknown-speaker-of-a-quote-with-a-broken-date",
         {QUOTES: QUOTE.replace("kim-jong-un", "kim-jong-il") + "  date: 2024-13\n  sources: [src-a, src-zz]\n"},
         "briefings/alpha/quotes.yaml:2:12", "unknown actor 'kim-jong-il'", "did you mean 'kim-jong-un'?",
         errors=3),
    Case("unknown-source", {EVENTS: EVENT + "  sources: [src-aa, src-shared]\n"},
         "briefings/alpha/events.yaml:4:13", "unknown source 'src-aa'", "did you mean 'src-a'?"),
    Case("unknown-actor", {EVENTS: EVENT + "  actors: [kim-jong-il]\n  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:4:12", "unknown actor 'kim-jong-il'", "did you mean 'kim-jong-un'?"),
    Case("source-as-actor", {EVENTS: EVENT + "  actors: [src-shared]\n  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:4:12", "'src-shared' is a source, not an actor", "the id of an actor"),
    Case("unknown-speaker", {QUOTES: QUOTE.replace("kim-jong-un", "nobody-at-all") + "  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:2:12", "unknown actor 'nobody-at-all'", "'id: nobody-at-all'"),
    Case("actor-id-of-a-site-wide-actor", {"alpha/actors.yaml": "- id: kim-jong-un\n  name: Kim Jong Un\n"},
         "briefings/alpha/actors.yaml:1:7", "the id 'kim-jong-un' is also used by an actor in briefings/actors.yaml:1",
         "the site already has this actor: use the site-wide one (briefings/actors.yaml:1) and delete this one"),
    Case("source-of-another-briefing",
         {"beta/briefing.yaml": BETA.replace("src-shared", "src-b"),
          "beta/sources.yaml": "- id: src-b\n  title: B\n  publisher: P\n  url: https://example.org/b\n",
          EVENTS: EVENT + "  sources: [src-b, src-shared]\n"},
         "briefings/alpha/events.yaml:4:13", "the source 'src-b' belongs to the briefing 'beta'",
         "move it to briefings/sources.yaml"),
    Case("inline-unknown-citation",
         brief("title: Alpha\nsummary: Seen [@src-a; @nowhere] here.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:24", "unknown source 'nowhere'", "'id: nowhere'"),
    Case("inline-citation-in-folded-text",
         brief("title: Alpha\nsummary: >-\n  First [@src-a] line,\n  then [@src-b4] more.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:4:9", "unknown source 'src-b4'", "did you mean"),
    Case("unknown-citation-in-change-note",
         brief("title: Alpha\nsummary: A summary [@src-a].\nupdated: 2024-11-01\nchanges:\n"
               "  - date: 2024-11-01\n    note: Added [@src-zz].\n"),
         "briefings/alpha/briefing.yaml:6:18", "unknown source 'src-zz'", "did you mean 'src-a'"),
    Case("unknown-citation-after-locator",
         brief("title: Alpha\nsummary: Seen [@src-a, p. 4; see @nowhere, pp. 3-5] here.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:34", "unknown source 'nowhere'", "'id: nowhere'"),
    # A source's link where its id belongs: the id of the source with that link, if the site has one (was: an id
    # made by slugifying the link, 'https-example-org-a', which no source has).
    Case("source-link-in-a-sources-list", {EVENTS: EVENT + "  sources: [https://example.org/a, src-shared]\n"},
         "briefings/alpha/events.yaml:4:13",
         "'sources' holds a link, 'https://example.org/a': sources are cited by their id, not by their link",
         "this is the link of the source 'src-a' (briefings/alpha/sources.yaml:1): write src-a in its place"),
    # Compared as duplicate links are: 'http://www.' and a final '/' aside; the site-wide file's source is named.
    Case("site-wide-source-link-in-a-sources-list",
         {EVENTS: EVENT + "  sources: [src-a, http://www.example.org/shared/]\n"},
         "briefings/alpha/events.yaml:4:20", "'sources' holds a link, 'http://www.example.org/shared/'",
         "this is the link of the source 'src-shared' (briefings/sources.yaml:1): write src-shared in its place"),
    Case("source-link-in-a-key-point",
         brief("title: Alpha\n" + HEAD + "key_points:\n  - text: One.\n    sources:\n      - www.example.org/a\n"),
         "briefings/alpha/briefing.yaml:7:9", "'sources' holds a link, 'www.example.org/a'",
         "write src-a in its place"),
    Case("unknown-source-link-in-a-sources-list",
         {EVENTS: EVENT + "  sources: [src-a, https://example.org/elsewhere]\n"},
         "briefings/alpha/events.yaml:4:20", "'sources' holds a link, 'https://example.org/elsewhere'",
         "add the source to briefings/alpha/sources.yaml ('- id: …' with 'url: …' and its title and publisher "
         "under it), then write its id in its place"),
    Case("source-link-of-another-briefing",
         {"beta/briefing.yaml": BETA.replace("src-shared", "src-b"),
          "beta/sources.yaml": "- id: src-b\n  title: B\n  publisher: P\n  url: https://example.org/b\n",
          EVENTS: EVENT + "  sources: [https://example.org/b, src-shared]\n"},
         "briefings/alpha/events.yaml:4:13", "'sources' holds a link, 'https://example.org/b'",
         "this is the link of the source 'src-b' of the briefing 'beta' (briefings/beta/sources.yaml:1): move it to "
         "briefings/sources.yaml"),
    Case("source-link-cited-inline",
         brief("title: Alpha\nsummary: Seen [@src-a; @https://example.org/shared] here.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:24",
         "'@https://example.org/shared' in a citation is a link: sources are cited by their id, not by their link",
         "this is the link of the source 'src-shared' (briefings/sources.yaml:1): write @src-shared in its place"),
    # --- citations that cannot be read ----------------------------------------------------------
    Case("citation-at-sign-without-id",
         brief("title: Alpha\nsummary: Seen [@src-a] and [see @ p. 4].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:33", "'@' is not followed by a source id in the citation '[see @ p. 4]'",
         "a source id starts with a letter, digit or '_'"),
    Case("citation-id-starting-with-dash", brief("title: Alpha\nsummary: Seen [@-src-a].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:16", "'@-src-a' is not a source id", "put any other id in braces"),
    Case("citation-part-without-id",
         brief("title: Alpha\nsummary: Seen [@src-a; p. 4] here.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:24", "'p. 4' in the citation '[@src-a; p. 4]' cites no source",
         "every part between ';' needs its own @source-id"),
    Case("citation-two-ids-without-semicolon",
         brief("title: Alpha\nsummary: >-\n  Seen in two\n  reports [@src-a @src-shared].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:4:19", "has two sources without ';' between them", "[@a; @b]"),
    Case("citation-without-closing-bracket",
         brief("title: Alpha\nsummary: Seen [@src-a, p. 4 here.\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:15", "the citation '[@src-a, p. 4 here.' has no closing ']'",
         "put a backslash before it"),
    Case("citation-inside-link-text",
         brief("title: Alpha\nsummary: See [the report [@src-a]](https://example.org/a).\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:26", "the citation '[@src-a]' is inside the text of a link",
         "put the citation after the link"),
    # --- citations -----------------------------------------------------------------------------
    Case("uncited-event", {EVENTS: EVENT + "  sources: [src-a, src-shared]\n" + EVENT.replace("ev-one", "ev-two")},
         "briefings/alpha/events.yaml:5:3", "the event 'ev-two' cites no source", "add 'sources: [source-id]'"),
    Case("uncited-quote", {QUOTES: QUOTE},
         "briefings/alpha/quotes.yaml:1:3", "the quote 'q-one' cites no source", "add 'sources: [source-id]'"),
    Case("uncited-figure", {FIGURES: FIGURE + "  value: 10000\n"},
         "briefings/alpha/figures.yaml:1:3", "the figure 'fig-one' cites no source", "add 'sources: [source-id]'"),
    Case("uncited-key-point", brief("title: Alpha\n" + HEAD + "key_points:\n  - text: One point.\n"),
         "briefings/alpha/briefing.yaml:5:5", "this key point cites no source", "cite inline"),
    # --- placeholders left by scaffolding, in a published briefing --------------------------------
    Case("placeholder-summary-published",
         brief("title: Alpha\nsummary: >-\n  TODO: the bottom line up front, in two or three sentences of Markdown.\n"
               "status: published\nupdated: 2024-11-01\nkey_points:\n  - text: One point.\n    sources: [src-a]\n"),
         "briefings/alpha/briefing.yaml:3:3",
         "'summary' still holds the placeholder 'TODO: the bottom line up front, in two or three se…'",
         "write the real text here, or set 'status: draft' in briefing.yaml while it is unfinished"),
    Case("placeholder-event-title",
         {EVENTS: EVENT.replace("Something happened", '"TODO"') + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:3:11", "'title' still holds the placeholder 'TODO'", "or set 'status: draft'"),
    Case("placeholder-spelt-with-an-escape",  # the file never says TODO: a quick scan for the word must not miss it
         {EVENTS: EVENT.replace("Something happened", '"\\x54ODO"') + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:3:10", "'title' still holds the placeholder 'TODO'", "or set 'status: draft'"),
    # --- dates -----------------------------------------------------------------------------------
    Case("impossible-date", {EVENTS: EVENT.replace("2024-10-28", "2024-02-30") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be '2024-02-30': February 2024 has no day 30",
         "February 2024 has 29 days"),
    Case("month-13", {EVENTS: EVENT.replace("2024-10-28", "2024-13") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be '2024-13': there is no month 13", "2024-10-28"),
    Case("reversed-interval",
         {EVENTS: EVENT.replace("2024-10-28", "2024-10-30/2024-10-28") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:2:9", "the interval ends before it starts",
         "swap the ends: 2024-10-28/2024-10-30"),
    Case("time-of-day", {EVENTS: EVENT.replace("2024-10-28", "2024-10-28T12:30") + "  sources: [src-a, src-shared]\n"},
         "briefings/alpha/events.yaml:2:9", "times of day are not supported", "only the date part"),
    # Wider than the edtf package reads at level 0/1, which data users parse our exports with (a reviewer's).
    Case("date-utc-as-an-offset",
         {EVENTS: EVENT.replace("2024-10-28", "2024-10-28T10:00:00+00:00") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be '2024-10-28T10:00:00+00:00': EDTF writes UTC as Z",
         "write 2024-10-28T10:00:00Z"),
    Case("date-approximate-season", {EVENTS: EVENT.replace("2024-10-28", "2024-21~") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'2024-21~': a season alone cannot be approximate in EDTF level 1",
         "write 2024-21 (spring 2024) and say in the text that it is approximate, or its months: 2024-03~/2024-05~"),
    Case("date-interval-with-unknown-digits",
         {EVENTS: EVENT.replace("2024-10-28", "2024-10-XX/2024-11") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "unknown digits (X) in an interval's end are EDTF level 2",
         "write each end without X: 2024-10/2024-11"),
    Case("date-day-with-an-unknown-digit", {QUOTES: QUOTE + "  date: 2025-03-1X\n  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:4:9", "'2025-03-1X': a day with an unknown digit (1X) is EDTF level 2",
         "write 2025-03-XX (some day of March 2025) or the interval 2025-03-10/2025-03-19"),
    Case("date-qualified-in-part", {EVENTS: EVENT.replace("2024-10-28", "2024?-10-28") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'2024?-10-28': a ? on part of a date is EDTF level 2",
         "write 2024-10-28?, which makes the whole date uncertain"),
    # A date said roughly: its EDTF form, and how readers will see it.
    Case("date-late-in-a-month", {EVENTS: EVENT.replace("2024-10-28", "late March 2025") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be 'late March 2025'", 'write 2025-03~ ("c. March 2025")'),
    Case("date-early-in-a-year", {EVENTS: EVENT.replace("2024-10-28", "early 2024") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be 'early 2024'", 'write 2024~ ("c. 2024")'),
    Case("date-mid-month", {EVENTS: EVENT.replace("2024-10-28", "mid-October 2024") + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml:2:9", "'date' cannot be 'mid-October 2024'",
         'write 2024-10~ ("c. October 2024")'),
    Case("date-around-a-day", {QUOTES: QUOTE + "  date: around 3 March 2025\n  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:4:9", "'date' cannot be 'around 3 March 2025'",
         'write 2025-03-03~ ("c. 3 March 2025")'),
    Case("created-after-updated", brief("title: Alpha\ncreated: 2024-12-01\n" + HEAD),
         "briefings/alpha/briefing.yaml:2:10", "'created' (2024-12-01) is later than 'updated' (2024-11-01)",
         "check both dates"),
    Case("change-after-updated",
         brief("title: Alpha\n" + HEAD + "changes:\n  - date: 2024-12-24\n    note: Later.\n"),
         "briefings/alpha/briefing.yaml:5:11", "this change is dated after 'updated'", "2024-12-24 or later"),
    # --- links in Markdown -------------------------------------------------------------------------
    Case("javascript-link-in-markdown",
         brief("title: Alpha\nsummary: See [x](javascript:alert(1)) [@src-a].\nupdated: 2024-11-01\n"),
         "briefings/alpha/briefing.yaml:2:18", "a 'javascript:' link in 'summary' is not allowed",
         "https://"),
    Case("entity-encoded-javascript-link",
         {EVENTS: EVENT + "  summary: '[x](&#106;avascript:alert(1)) [@src-a]'\n  sources: [src-shared]\n"},
         "briefings/alpha/events.yaml:4:17", "a 'javascript:' link in 'summary' is not allowed", "#anchor"),
    Case("relative-link-in-quote",
         {QUOTES: QUOTE.replace("Words.", "See [notes](notes.html).") + "  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:3:21", "the link 'notes.html' in 'text' is not a full web address",
         "https://"),
    Case("data-link-in-html",
         brief('title: Alpha\nsummary: <a href="data:text/html,x">x</a> [@src-a]\nupdated: 2024-11-01\n'),
         "briefings/alpha/briefing.yaml:2:19", "a 'data:' link in 'summary' is not allowed", "https://"),
    # --- quotes' originals, assessments, what an update added ----------------------------------------
    Case("original-and-original-unavailable",
         {QUOTES: QUOTE + "  original:\n    lang: ko\n    text: 말.\n  original_unavailable: not published\n"
                          "  sources: [src-a]\n"},
         "briefings/alpha/quotes.yaml:7:25", "'original_unavailable' cannot be given with 'original'",
         "delete 'original_unavailable'"),
    Case("likelihood-off-the-scale", {ASSESSMENTS: ASSESS.replace("likelihood: likely", "likelihood: probably")},
         "briefings/alpha/assessments.yaml:3:15", "'likelihood' must be a term of the likelihood scale, not 'probably'",
         "did you mean 'likely' (or its pair 'probable')? the terms are: almost no chance (or remote), very unlikely "
         "(or highly improbable), unlikely (or improbable), roughly even chance (or roughly even odds), likely (or "
         "probable), very likely (or highly probable), almost certain (or nearly certain)"),
    Case("confidence-off-the-scale", {ASSESSMENTS: ASSESS.replace("moderate", "medium")},
         "briefings/alpha/assessments.yaml:4:15", "'confidence' must be one of low, moderate, high, not 'medium'",
         "low, moderate, high"),
    Case("assessment-evidence-unknown", {ASSESSMENTS: ASSESS + "  evidence: [fig-one, ev-onee]\n"},
         "briefings/alpha/assessments.yaml:6:23", "unknown event/figure/quote 'ev-onee'", "did you mean 'ev-one'?"),
    Case("assessment-evidence-is-a-source", {ASSESSMENTS: ASSESS + "  evidence:\n    - src-a\n"},
         "briefings/alpha/assessments.yaml:7:7", "'src-a' is a source, not an event, a figure or a quote",
         "list it under 'sources: […]'"),
    Case("assessment-without-evidence", {ASSESSMENTS: ASSESS.replace(" [@src-a]", "")},
         "briefings/alpha/assessments.yaml:1:3", "the assessment 'as-one' rests on no evidence",
         "add 'evidence: [event-id, figure-id, quote-id]'"),
    Case("change-added-unknown-item",
         brief("title: Alpha\n" + HEAD + "changes:\n  - date: 2024-11-01\n    note: Added a quote.\n"
               "    added: [q-onee]\n"),
         "briefings/alpha/briefing.yaml:7:13", "unknown event/quote/figure 'q-onee'", "did you mean 'q-one'?"),
    # --- files and folders ---------------------------------------------------------------------
    Case("folder-not-a-slug", {"Beta Briefing/briefing.yaml": BETA},
         "briefings/Beta Briefing:1:1", "the folder name 'Beta Briefing' is not a valid slug", "'beta-briefing'"),
    Case("folder-without-briefing-yaml", {"beta/events.yaml": "[]\n"},
         "briefings/beta/briefing.yaml:1:1", "the briefing folder briefings/beta/ has no briefing.yaml",
         "create briefing.yaml"),
    Case("misspelled-event-yaml", {"alpha/event.yaml": "[]\n"},
         "briefings/alpha/event.yaml:1:1", "the file event.yaml is not read", "did you mean events.yaml?"),
    Case("misspelled-registry", {"source.yaml": "[]\n"},
         "briefings/source.yaml:1:1", "the file source.yaml is not read", "did you mean sources.yaml?"),
    # Named in capitals or with another ending, a file was passed over in silence: the whole timeline lost.
    Case("events-file-in-capitals", {EVENTS: None, "alpha/Events.YAML": EVENT + "  sources: [src-a]\n"},
         "briefings/alpha/Events.YAML:1:1", "the file Events.YAML is not read",
         "did you mean events.yaml? Rename the file to events.yaml, in lower case"),
    Case("events-file-with-another-ending", {EVENTS: None, "alpha/events.yaml.txt": EVENT + "  sources: [src-a]\n"},
         "briefings/alpha/events.yaml.txt:1:1", "the file events.yaml.txt is not read",
         "did you mean events.yaml? Rename the file to events.yaml"),
    # Renaming a copy as the hint said would have replaced the file it copies.
    Case("a-copy-of-the-events-file", {"alpha/events copy.yaml": EVENT + "  sources: [src-a]\n"},
         "briefings/alpha/events copy.yaml:1:1", "the file events copy.yaml is not read",
         "did you mean events.yaml? It is there already, and read: move what this file holds into it"),
    Case("briefing-yaml-named-yml", {BRIEF: None, "alpha/briefing.yml": "title: Alpha\n" + HEAD},
         "briefings/alpha/briefing.yml:1:1", "the briefing folder briefings/alpha/ has no briefing.yaml",
         "rename briefing.yml to briefing.yaml"),
    Case("briefing-folder-one-level-too-deep", {"ports/beta/briefing.yaml": BETA},
         "briefings/ports/:1:1", "the briefing folder briefings/ports/ has no briefing.yaml",
         "each briefing is a folder of briefings/ itself: move beta/ up into briefings/"),
    Case("events-inline-and-in-file",
         brief("title: Alpha\n" + HEAD + "events:\n  - id: ev-x\n    date: 2024\n    title: X\n    sources: [src-a]\n"),
         "briefings/alpha/briefing.yaml:4:1", "the events are given here and in events.yaml",
         "move these into briefings/alpha/events.yaml"),
    # --- related briefings --------------------------------------------------------------------
    Case("related-unknown-briefing",
         {BRIEF: "title: Alpha\n" + HEAD + "related: [betta]\n", "beta/briefing.yaml": BETA},
         "briefings/alpha/briefing.yaml:4:11", "unknown briefing 'betta'", "did you mean 'beta'?"),
    Case("related-to-itself", brief("title: Alpha\n" + HEAD + "related:\n  - alpha\n"),
         "briefings/alpha/briefing.yaml:5:5", "a briefing cannot be related to itself", "other briefings"),
    # --- pictures -----------------------------------------------------------------------------
    Case("picture-without-alt", pictured(PICTURE.replace("    alt: A road\n", "")),
         "briefings/alpha/briefing.yaml:5:5", "the required field 'alt' is missing",
         "add 'alt: …' — What the picture shows, for readers who cannot see it"),
    Case("picture-without-credit", pictured(PICTURE.replace("    credit: Agency\n", "")),
         "briefings/alpha/briefing.yaml:5:5", "the required field 'credit' is missing",
         "add 'credit: …' — Who made the picture"),
    Case("picture-without-licence", pictured(PICTURE.replace("    licence: CC BY 4.0\n", "")),
         "briefings/alpha/briefing.yaml:5:5", "the required field 'licence' is missing",
         "add 'licence: …' — Under what terms it is shown"),
    Case("picture-file-misspelled", pictured(PICTURE, file="images/raod.jpg"),
         "briefings/alpha/briefing.yaml:5:11", "there is no file 'images/raod.jpg' in briefings/alpha/",
         "did you mean 'images/road.jpg'?"),
    Case("picture-outside-the-folder", pictured(PICTURE, file="../beta/road.jpg"),
         "briefings/alpha/briefing.yaml:5:11", "the picture '../beta/road.jpg' must be a file inside the "
         "briefing's folder", "write its path from alpha/, e.g. images/photo.jpg"),
    Case("picture-gif", {**pictured(PICTURE, file="images/road.gif"), "alpha/images/road.gif": image("GIF")},
         "briefings/alpha/briefing.yaml:5:11", "the picture 'images/road.gif' is a GIF image: pictures must be "
         "JPEG, PNG or WebP", "convert it to JPEG (photographs) or PNG (drawings, screenshots)"),
    Case("picture-not-an-image", {**pictured(PICTURE), "alpha/images/road.jpg": b"<html>not a picture</html>"},
         "briefings/alpha/briefing.yaml:5:11", "'images/road.jpg' is not an image file that can be read",
         "check that it is not damaged"),
    Case("picture-over-40-megapixels", {**pictured(PICTURE, file="images/wide.png"),
                                        "alpha/images/wide.png": image("PNG", (8000, 5001))},
         "briefings/alpha/briefing.yaml:5:11", "the picture 'images/wide.png' is too large (8000 × 5001 pixels): "
         "the limit is 40 megapixels", "scale it down"),
    Case("picture-over-20-megabytes", {**pictured(PICTURE), "alpha/images/road.jpg": b"\xff" * (20 * 2**20 + 1)},
         "briefings/alpha/briefing.yaml:5:11", "the picture 'images/road.jpg' is 20.1 MB: the limit is 20 MB",
         "save it smaller"),
]


def tree(tmp_path: Path, files: Files) -> Path:
    """A project: valid-minimal's briefings with files replaced (None deletes one)."""
    briefings = tmp_path / "briefings-src"
    shutil.copytree(BASE, briefings)
    for name, content in files.items():
        path = briefings / name
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    project = make_project(tmp_path, briefings)
    # With site_url, as a published site has: else its warning (tests/test_warnings.py) joins every report.
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return project


def blocks(output: str) -> list[list[str]]:
    """The text report split into one block of lines per problem (the summary left out)."""
    return [b.splitlines() for b in output.strip().split("\n\n") if re.match(r"\S+.*:\d+:\d+: ", b)]


def test_corpus_has_at_least_45_cases() -> None:
    assert len(CASES) >= 45
    assert len({c.name for c in CASES}) == len(CASES)


def test_valid_minimal_checks_clean(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tree(tmp_path, {}))
    assert result.returncode == 0, result.stderr
    assert "briefings are valid" in result.stderr
    assert "warning" not in result.stderr


@pytest.fixture(scope="module")
def checked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """`briefing check` run on each selected case, as many at once as there are CPUs."""
    selected = {item.callspec.params["case"].name for item in request.session.items
                if getattr(item, "callspec", None) and isinstance(item.callspec.params.get("case"), Case)}
    cases = [c for c in CASES if c.name in selected]

    def run(case: Case) -> Result:
        return run_cli("check", cwd=tree(tmp_path_factory.mktemp(case.name), case.files))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip([c.name for c in cases], pool.map(run, cases), strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_input_is_located_explained_and_hinted(case: Case, checked: dict[str, Result]) -> None:
    result = checked[case.name]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.returncode == 1, output
    found = [b for b in blocks(result.stderr) if b[0].startswith(f"{case.where}: error: ")]
    assert found, f"no error at {case.where}:\n{output}"
    header, *rest = found[0]
    assert case.message in header, output
    hints = [line for line in rest if line.startswith("  hint: ")]
    assert hints and case.hint in hints[0], output
    errors = [b for b in blocks(result.stderr) if ": error: " in b[0]]
    assert len(errors) == case.errors, f"expected {case.errors} error(s), got:\n{output}"


def test_a_missing_updated_is_hinted_with_the_day_of_the_check(tmp_path: Path) -> None:
    project = tree(tmp_path, brief("title: Alpha\nsummary: A short summary [@src-a].\n"))
    result = run_cli("check", "--today", "2026-12-03", cwd=project)
    [block] = [b for b in blocks(result.stderr) if ": error: " in b[0]]
    assert block[0] == "briefings/alpha/briefing.yaml:1:1: error: the required field 'updated' is missing"
    assert block[-1] == ("  hint: add 'updated: 2026-12-03' (today) — When the editors last reviewed the briefing; "
                         "shown as 'Last reviewed'."), result.stderr


def test_every_code_often_written_for_another_language_is_refused_or_warned_about() -> None:
    # The table of codes written for a language: none passes unremarked, and each names the language meant.
    for written, meant in LANGUAGE_ABBREVIATIONS.items():
        verdict = judge(written)
        assert verdict is not None, written
        told = verdict.message + " " + verdict.hint
        assert f"'{meant}'" in told, (written, verdict)
        # A language of its own (Kanuri, Breton, Northern Sami, Ewe) is a warning; a country's code an error.
        assert verdict.severity == ("warning" if written in Locale("en").languages else "error"), written
    assert judge("ko") is None and judge("zh-Hant") is None and judge("evn") is None  # Evenki: no English name


# --- several problems at once, formats and exit codes -------------------------------------------

SEVERAL: Files = {
    EVENTS: EVENT.replace("2024-10-28", "2024-02-30") + "  sources: [src-a, src-shared]\n",
    QUOTES: QUOTE.replace("kim-jong-un", "kim-jong-il") + "  sources: [src-a]\n",
    BRIEF: "titel: Alpha\n" + HEAD,
    FIGURES: FIGURE + "  value: 10000\n  approximate: no\n  sources: [src-a]\n",
}


def test_every_problem_in_every_file_is_reported_at_once_in_order(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tree(tmp_path, SEVERAL))
    assert result.returncode == 1
    places = [b[0].split(": ", 1)[0] for b in blocks(result.stderr)]
    assert places == [
        "briefings/alpha/briefing.yaml:1:1",
        "briefings/alpha/events.yaml:2:9",
        "briefings/alpha/figures.yaml:5:16",
        "briefings/alpha/quotes.yaml:2:12",
    ]
    assert result.stderr.rstrip().endswith("4 errors in 4 files")
    # Each problem shows its line with a caret under the column.
    first = blocks(result.stderr)[1]
    assert first[1].endswith("date: 2024-02-30")
    assert first[2].index("^") == first[1].index("2024-02-30")


def test_a_briefing_yaml_that_cannot_be_read_hides_only_what_it_may_define(tmp_path: Path) -> None:
    # Its other files are checked all the same: the unknown speaker is told along with the broken quote.
    broken = 'title: "Alpha\n' + HEAD
    quotes = QUOTE.replace("kim-jong-un", "kim") + "  sources: [src-a]\n"
    result = run_cli("check", cwd=tree(tmp_path / "a", {BRIEF: broken, QUOTES: quotes}))
    places = [b[0].split(": error: ", 1) for b in blocks(result.stderr) if ": error: " in b[0]]
    assert [p[0] for p in places] == ["briefings/alpha/briefing.yaml:1:8", "briefings/alpha/quotes.yaml:2:12"]
    assert places[1][1] == "unknown actor 'kim'"
    # An actors: list in it may define the speaker: unread, not unknown; so may one whose wrong
    # indentation is what broke the file, or one after a byte order mark.
    for name, text, where in [
            ("inline", broken + "actors:\n  - id: kim\n    name: Kim\n", "briefing.yaml:1:8"),
            ("indented", "title: Alpha\n" + HEAD + " actors:\n  - id: kim\n    name: Kim\n", "briefing.yaml:4:2"),
            ("bom", "\ufeff" + broken + "actors:\n  - id: kim\n    name: Kim\n", "briefing.yaml:1:8")]:
        result = run_cli("check", cwd=tree(tmp_path / name, {BRIEF: text, QUOTES: quotes}))
        errors = [b[0].split(": ")[0] for b in blocks(result.stderr) if ": error: " in b[0]]
        assert errors == [f"briefings/alpha/{where}"], (name, result.stderr)


def test_a_file_that_cannot_be_read_is_said_to_be_unchecked(tmp_path: Path) -> None:
    """Its other mistakes show only once it reads: a contributor who fixed the one told is not surprised by more."""
    quotes = QUOTE.replace("text: Words.", "text:\tWords.") + "  speaker: nobody\n"
    result = run_cli("check", cwd=tree(tmp_path, {QUOTES: quotes}))
    tail = result.stderr.rstrip().splitlines()[-2:]
    assert tail == ["briefings/alpha/quotes.yaml could not be read, so nothing else in it was checked: fix the "
                    "mistake above and check again", "1 error in 1 file"], result.stderr
    assert "could not be read" not in run_cli("check", cwd=tree(tmp_path / "b", {QUOTES: QUOTE})).stderr


def test_exit_codes(tmp_path: Path) -> None:
    valid = tree(tmp_path / "valid", {})
    assert run_cli("check", cwd=valid).returncode == 0
    assert run_cli("check", cwd=tree(tmp_path / "broken", SEVERAL)).returncode == 1
    usage = run_cli("check", "--no-such-option", cwd=valid)
    assert usage.returncode == 2
    assert "No such option" in usage.stderr and "Traceback" not in usage.stderr
    assert run_cli("check", "--format", "xml", cwd=valid).returncode == 2


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    # A source without url or archive_url is a warning: valid, but not with --strict.
    project = tree(tmp_path, {SOURCES: SOURCE})
    relaxed = run_cli("check", cwd=project)
    assert relaxed.returncode == 0
    assert "briefings/alpha/sources.yaml:1:7: warning: the source 'src-a' has no url" in relaxed.stderr
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1
    assert "briefings/alpha/sources.yaml:1:7: error: the source 'src-a' has no url" in strict.stderr


def test_json_format_has_the_documented_keys(tmp_path: Path) -> None:
    result = run_cli("check", "--format", "json", cwd=tree(tmp_path, SEVERAL))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"errors", "warnings", "problems"}
    assert (report["errors"], report["warnings"]) == (4, 0)
    keys = {"file", "line", "column", "severity", "message", "hint", "field", "code"}
    assert all(set(p) == keys for p in report["problems"])
    first = report["problems"][0]
    assert (first["file"], first["line"], first["column"]) == ("briefings/alpha/briefing.yaml", 1, 1)
    assert first["severity"] == "error" and first["field"] == "titel" and first["hint"]
    valid = json.loads(run_cli("check", "--format", "json", cwd=tree(tmp_path / "v", {})).stdout)
    assert valid == {"errors": 0, "warnings": 0, "problems": []}


GITHUB = re.compile(r"^::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def test_github_format_is_workflow_commands(tmp_path: Path) -> None:
    files = dict(SEVERAL)
    files["Beta, Briefing: 100%/briefing.yaml"] = BETA  # a folder name with ',', ':' and '%'
    files[BRIEF] = 'titel: Alpha\nstatus: "50%\\r\\ndraft"\n' + HEAD
    result = run_cli("check", "--format", "github", cwd=tree(tmp_path, files))
    assert result.returncode == 1
    commands = result.stdout.splitlines()
    assert commands and all(GITHUB.match(c) for c in commands), result.stdout
    parsed = [GITHUB.match(c).groups() for c in commands]  # type: ignore[union-attr]
    folder = [p for p in parsed if "Beta" in _unescape(p[1])]
    assert folder and folder[0][1] == "briefings/Beta%2C Briefing%3A 100%25"
    status = [p for p in parsed if "status" in _unescape(p[5])]
    assert status, result.stdout
    message = status[0][5]
    assert "%25" in message and "%0D%0A" in message and "\r" not in message
    assert "\n\nHint: " in _unescape(message)
    titel = [p for p in parsed if _unescape(p[1]) == "briefings/alpha/briefing.yaml" and p[2] == "1"]
    assert titel and (titel[0][0], titel[0][3]) == ("error", "1")
    assert _unescape(titel[0][4]) == "briefing check: titel"
