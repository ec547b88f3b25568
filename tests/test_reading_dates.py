"""Dates a reader can trust: kinds of date, gaps, month headings, the period covered, dates after today."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.exceptions import UsageError
from generator.model.contract import Event, Figure, Source
from generator.model.dates import parse_date
from generator.render.citations import Citations
from generator.render.languages import language_name
from generator.render.timeline import build_timeline, coverage, date_kind, gap_words
from generator.validate import future

from conftest import FIXTURES, make_project

EDTF_SIGNS = re.compile(r"[~?%/]|\.\.|\d{4}-\d\d")


def events(*dates: str) -> list[Event]:
    made = [Event(id=f"e-{i}", date=d, title=f"Event {i}") for i, d in enumerate(dates)]
    return sorted(made, key=lambda e: e.date.sort_key)


@pytest.mark.parametrize(("text", "kind"), [
    ("2024-10-28", "exact"), ("2024-10-28T09:30:00Z", "exact"), ("2024-10", "coarse"), ("2024", "coarse"),
    ("2024-21", "coarse"), ("2024-10~", "approximate"), ("2024-10-28?", "uncertain"), ("2024%", "uncertain"),
    ("2024-10-28/2024-10-30", "range"), ("2024/..", "open"), ("../2024", "open"), ("/2024-10", "open"),
])
def test_each_date_has_one_kind(text: str, kind: str) -> None:
    assert date_kind(parse_date(text)) == kind


@pytest.mark.parametrize(("text", "words"), [
    ("2031-02~", "approximately February 2031"), ("2024?", "2024 (uncertain)"),
    ("2024-10", "some time in October 2024"), ("2023-10-10/2023-10-24", "from 10 October 2023 to 24 October 2023"),
    ("2024/..", "from 2024 on"), ("/2024", "until 2024, start unknown"), ("199X", "some time in the 1990s"),
    ("2024%", "approximately 2024 (uncertain)"),
])
def test_tooltips_say_a_date_in_words_never_in_edtf(text: str, words: str) -> None:
    described = parse_date(text).described
    assert described == words
    assert not EDTF_SIGNS.search(described)


@pytest.mark.parametrize(("days", "words"), [
    (31, "4 weeks later"), (45, "6 weeks later"), (75, "2 months later"), (338, "11 months later"),
    (365, "1 year later"), (500, "1 year and 4 months later"), (2000, "5 years later"),
])
def test_gap_words(days: int, words: str) -> None:
    assert gap_words(days) == words


def test_gaps_are_marked_past_30_days_and_measured_from_the_latest_end() -> None:
    days = build_timeline(events("2024-01-01", "2024-01-31", "2024-03-15", "2024-04-01/2024-12-01",
                                 "2024-06-01", "2025-11-01")).days
    assert [d.gap for d in days] == ["", "", "6 weeks later", "", "", "11 months later"]


def test_a_gap_after_a_period_with_an_open_end_is_measured_from_what_is_known_to_have_happened() -> None:
    # 'From April 2025' runs on: April's last day is not when it ended, and the marker after '2 April' must say
    # how long after 2 April the summer came.
    days = build_timeline(events("2025-04/..", "2025-04-02", "2025-22")).days
    assert [d.gap for d in days] == ["", "", "2 months later"]


def test_long_timelines_are_grouped_under_month_headings() -> None:
    short = build_timeline(events(*(f"2024-01-{d:02d}" for d in range(1, 14))))
    assert not short.grouped, "one month of dates needs no month headings"
    dates = [f"2024-01-{d:02d}" for d in range(1, 8)] + [f"2024-02-{d:02d}" for d in range(1, 7)] + ["2025"]
    grouped = build_timeline(events(*dates))
    assert grouped.grouped
    assert [d.heading for d in grouped.days if d.heading] == ["January 2024", "February 2024", "2025"]
    assert not build_timeline(events(*dates[:12])).grouped  # twelve dates are not long


def test_the_key_lists_only_the_kinds_present_in_order() -> None:
    assert build_timeline(events("2024-01-01", "2024-01-02")).kinds == []  # exact days need no key
    kinds = build_timeline(events("2024-01-01/..", "2024-01~", "2024-01-05")).kinds
    assert [k for k, _ in kinds] == ["exact", "approximate", "open"]


@pytest.mark.parametrize(("dates", "covered"), [
    (("2024-10-23", "2024-10-29", "2024-10-28"), "23–29 October 2024"),
    (("2024-10~", "2024-10-24", "2024-10-29"), "c. October 2024 – 29 October 2024"),
    (("2023-10-08", "2023-10-10/2023-10-24", "2024-01-05T10:00:00Z"), "8 October 2023 – 5 January 2024"),
    (("2024-10-28",), "28 October 2024"),
    (("2021/..", "2024-10-28"), "2021 – 28 October 2024"),
    # Ends no contributor may write as one interval (X in an end, a qualified season alone), yet the period's.
    (("201X~", "2023-01-05", "2024-21~/.."), "c. 2010s – c. spring 2024"),
])
def test_the_period_covered_runs_from_the_first_day_to_the_last_dated_one(dates: tuple[str, ...],
                                                                           covered: str) -> None:
    period = coverage(events(*dates))
    assert period is not None and period.words() == covered


def test_no_events_cover_no_period() -> None:
    assert coverage([]) is None


def test_every_date_of_a_record_is_found_with_its_path() -> None:
    source = Source(id="s", title="T", publisher="P", published="2031-02~", accessed="2024-01-01")
    assert [(path, d.text) for path, d in future.dates_in(source)] == [
        (("published",), "2031-02~"), (("accessed",), "2024-01-01")]
    forecast = Figure(id="f", measure="m", value=1, kind="projection", as_of="2024-01-01", refers_to="2031")
    assert [path for path, _ in future.dates_in(forecast)] == [("as_of",)]  # a forecast may look ahead


def test_today_is_fixed_by_option_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(future.TODAY_VARIABLE, "2026-11-30")
    assert future.reference_day() == dt.date(2026, 11, 30)
    assert future.reference_day(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    monkeypatch.setenv(future.TODAY_VARIABLE, "30/11/2026")
    with pytest.raises(UsageError, match="BRIEFING_TODAY"):
        future.reference_day()


def test_check_warns_about_every_date_after_a_fixed_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURES / "valid-minimal" / "briefings", briefings)
    meta = briefings / "alpha" / "briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("updated: 2024-11-01", "updated: 2031-02~"),
                    encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    monkeypatch.setenv(future.TODAY_VARIABLE, "2024-10-30")
    found = {(w.file, w.field, w.message) for w in pipeline.check(project) if "after today" in w.message}
    assert found == {
        ("briefings/alpha/briefing.yaml", "updated",
         "the date 2031-02~ (c. February 2031) is after today (30 October 2024)"),
    }
    monkeypatch.setenv(future.TODAY_VARIABLE, "2024-10-27")  # the event of 28 October is now ahead too
    fields = sorted(w.field for w in pipeline.check(project) if "after today" in w.message)
    assert fields == ["date", "updated"]


@pytest.mark.parametrize(("tag", "name"), [
    ("ko", "Korean"), ("ru", "Russian"), ("uk", "Ukrainian"), ("zh-Hant", "Chinese (Traditional)"),
    ("KO", "Korean"), ("und", "Unknown language"), ("qaa", "qaa"),
])
def test_language_names(tag: str, name: str) -> None:
    assert language_name(tag) == name


def test_back_links_are_lettered_like_endnotes() -> None:
    assert [Citations.back_label(n) for n in (1, 2, 26, 27, 28, 52, 53)] == ["a", "b", "z", "aa", "ab", "az", "ba"]


def test_a_date_marked_uncertain_ends_its_sentence_without_a_second_stop(tmp_path: Path) -> None:
    """'28 October 2024?' may end a source's entry, a quote's byline or a figure's note: never '?.', site or PDF."""
    from generator.config import read_config
    from generator.outputs.pdf.briefing import briefing_html

    briefings = tmp_path / "briefings"
    shutil.copytree(FIXTURES / "valid-minimal" / "briefings", briefings)
    alpha = briefings / "alpha"
    for name, old, new in [
        ("sources.yaml", "  url: https://example.org/a\n",
         "  url: https://example.org/a\n  published: 2024-10-28?\n  accessed: 2024-11?\n"),
        ("quotes.yaml", "  text: Words.\n", "  text: Words.\n  date: 2024-10-28?\n  context: At a rally\n"),
        ("figures.yaml", "  value: 10000\n", "  value: 10000\n  refers_to: 2024-10?\n"),
    ]:
        text = (alpha / name).read_text(encoding="utf-8")
        assert old in text
        (alpha / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    project = make_project(tmp_path / "p", briefings)
    pipeline.generate(project)
    site, _ = pipeline.resolved_site(project)
    pdf = briefing_html(next(b for b in site.published if b.slug == "alpha"), site, read_config(project))
    pages = {"briefing": (project / "docs/briefings/alpha.md").read_text(encoding="utf-8"),
             "actor": (project / "docs/actors/kim-jong-un.md").read_text(encoding="utf-8"), "pdf": pdf}
    for name, page in pages.items():
        uncertain = re.findall(r"\?</time>(.{0,2})", page)
        assert uncertain, name  # the dates are shown, marked uncertain
        assert all(not after.startswith(".") for after in uncertain), (name, uncertain)
    # The sentence goes on after the date, its stop left out, not the space.
    assert "2024?</time> <span class=\"quote-context\">At a rally" in pages["actor"]
    assert "2024?</time>. " not in pages["briefing"] + pages["actor"] + pdf
    # The access date goes on from the address it is of: "…/74-20134006 Accessed 3 December" read as one run.
    for page in (pages["briefing"], pdf):
        assert re.search(r'org(?:<wbr>)?/a</a>, accessed <time datetime="2024-11"[^>]*>November 2024\?</time></span>',
                         page), re.findall(r"source-url.{0,400}", page)
