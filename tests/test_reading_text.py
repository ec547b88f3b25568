"""What readers are shown of contributors' numbers, scripts and dates: never an exponent, a
right-to-left script set left to right, or a year no event is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.model.figures import format_number
from generator.render.environment import search_years
from generator.render.languages import direction

from conftest import make_project

BUNDLED = "north-korean-troops-in-russia"


@pytest.mark.parametrize(("value", "shown"), [
    (12000, "12,000"), (2.5, "2.5"), (1e-07, "0.0000001"), (12345.678, "12,345.678"),
    (1.5e20, "150,000,000,000,000,000,000"),
])
def test_a_number_is_written_out_never_with_an_exponent(value: float, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize(("tag", "attribute"), [
    ("ar", ' dir="rtl"'), ("ar-EG", ' dir="rtl"'), ("he", ' dir="rtl"'), ("fa", ' dir="rtl"'), ("ur", ' dir="rtl"'),
    ("ko", ""), ("ru", ""), ("en", ""), ("", ""), (None, ""), ("x-unknown", ""),
])
def test_text_in_a_right_to_left_language_is_marked_so(tag: str | None, attribute: str) -> None:
    assert str(direction(tag)) == attribute


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    quotes = root / "briefings" / BUNDLED / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    first = 'as volunteers"\n  date: "2024-10~"\n'
    assert first in text
    quotes.write_text(text.replace(first, 'as volunteers"\n  original: {lang: ar, text: "قال: لقد حذرناهم!"}\n'
                                          '  date: "2024-10~"\n', 1), encoding="utf-8")
    events = root / "briefings" / BUNDLED / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace('date: "2024-10~"', 'date: "../2024-10"', 1), encoding="utf-8")
    return root


def test_the_page_sets_an_arabic_original_right_to_left_and_files_an_open_start_by_its_end(tmp_path: Path) -> None:
    root = _project(tmp_path)
    pipeline.generate(root)
    page = (root / "docs" / "briefings" / f"{BUNDLED}.md").read_text(encoding="utf-8")
    assert '<blockquote lang="ar" dir="rtl">' in page
    site = pipeline.resolved_site(root)[0]
    briefing = next(b for b in site.briefings if b.slug == BUNDLED)
    assert any(e.date.text == "../2024-10" for e in briefing.events)
    assert search_years(briefing) == [2024]  # not year 1, the open start's
    assert '<span data-pagefind-filter="year">1</span>' not in page


def test_an_original_a_foreign_title_and_a_unit_are_each_shown_as_what_they_are(tmp_path: Path) -> None:
    root = _project(tmp_path)  # with an Arabic original of one of Lee Min-bok's quotes
    folder = root / "briefings" / BUNDLED
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    own = "-north-korean-soldiers-in-russia-soon\n  language: en\n"  # the end of its url, then its language
    assert own in text
    sources.write_text(text.replace(own, own.replace("language: en", "language: ar")), encoding="utf-8")
    figures = folder / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    assert "  value: 3000\n" in text
    figures.write_text(text.replace("  value: 3000\n", "  value: 3000\n  unit: soldiers\n", 1), encoding="utf-8")
    pipeline.generate(root)
    page = (root / "docs" / "briefings" / f"{BUNDLED}.md").read_text(encoding="utf-8")
    # A title of a source in a right-to-left language is set apart from the English around it, in the direction
    # of its own words (this one is an English rendering: no lang, which a screen reader would voice).
    assert '<cite class="source-title" dir="auto">Zelensky expects' in page
    assert '<cite class="source-title">Yoon says' in page  # an English one as before
    # The unit one figure gives is its measure's: every claim of that measure is shown in it.
    claims = text.count("measure: north-korean-troops-in-russia\n")
    assert claims > 1 and page.count('<span class="figure-unit">soldiers</span>') == claims
    zelensky = (root / "docs" / "actors" / "volodymyr-zelensky.md").read_text(encoding="utf-8")
    assert "<td>North Korean soldiers in Russia (soldiers)</td>" in zelensky
    # An actor's page names the language of an original, as the briefing's page does.
    lee = (root / "docs" / "actors" / "lee-min-bok.md").read_text(encoding="utf-8")
    assert '<p class="quote-original-label">Original (Arabic):</p>\n<blockquote lang="ar" dir="rtl">' in lee
