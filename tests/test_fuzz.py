"""Property tests: any valid briefing renders with working citations; any broken file is reported.

(a) Hypothesis writes random valid briefings — random counts, Hangul, Cyrillic and Markdown
punctuation in the text, fuzzy dates and intervals — which must validate and render, with every
in-page link of a page landing on an id of that page.
(b) It mutates the bundled YAML (drops, swaps or truncates lines, inserts characters or bytes):
loading and validating must then succeed, or raise DataError with located problems — never any
other exception.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.exceptions import DataError
from generator.load.reader import load_site
from generator.model.citations import citation_problems, cited_ids
from generator.pipeline import resolved_site
from generator.render.pages import render_site
from generator.validate.fields import validate_site

from conftest import ROOT

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HANGUL = [chr(c) for c in range(0xAC00, 0xAC00 + 200)]
CYRILLIC = [chr(c) for c in range(0x0410, 0x0450)]
LATIN = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüß")
# Punctuation that means something in Markdown or HTML, minus what would form a link (a link
# to nowhere is rightly an error, and is covered by test_errors.py).
MARKDOWN_PUNCTUATION = list(" *_`#~-+!.,;?'\"&[]{}|%$=^/")
PLAIN_PUNCTUATION = [*MARKDOWN_PUNCTUATION, "<", ">", ":", "(", ")", "@", "\\"]


def _text(punctuation: list[str], max_size: int) -> st.SearchStrategy[str]:
    alphabet = st.sampled_from(HANGUL + CYRILLIC + LATIN + punctuation)
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


PLAIN = _text(PLAIN_PUNCTUATION, 60)
MARKDOWN = _text(MARKDOWN_PUNCTUATION, 120)


@st.composite
def date_point(draw: st.DrawFn, decade: bool = True) -> str:
    """An EDTF point: a decade (unless not), year, month or day, perhaps approximate or uncertain."""
    year = draw(st.integers(1950, 2030))
    precision = draw(st.sampled_from(["decade", "year", "month", "day"] if decade else ["year", "month", "day"]))
    qualifier = draw(st.sampled_from(["", "", "~", "?", "%"]))
    if precision == "decade":
        return f"{str(year)[:3]}X{qualifier}"
    if precision == "year":
        return f"{year}{qualifier}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year}-{month:02d}{qualifier}"
    day = draw(st.integers(1, 28))
    return f"{year}-{month:02d}-{day:02d}{qualifier}"


@st.composite
def fuzzy_date(draw: st.DrawFn) -> str:
    """A point, a closed interval in order, or an open one."""
    kind = draw(st.sampled_from(["point", "point", "interval", "open-start", "open-end"]))
    first = draw(date_point(decade=kind == "point"))  # X in an interval's end is EDTF level 2
    if kind == "point":
        return first
    if kind == "open-start":
        return f"../{first}"
    if kind == "open-end":
        return f"{first}/.."
    year = int(first[:4])
    second = f"{draw(st.integers(max(year, 1950) + 1, 2031))}"
    return f"{first}/{second}"


def cite(draw: st.DrawFn, text: str, sources: list[str]) -> str:
    """text with zero to two inline citation groups of the given sources put in."""
    original, groups = text, []
    for _ in range(draw(st.integers(0, 2))):
        group = "[" + "; ".join("@" + s for s in draw(st.lists(st.sampled_from(sources), min_size=1, max_size=3))) + "]"
        at = draw(st.integers(0, len(text)))
        text = f"{text[:at]} {group} {text[at:]}"
        groups.append(group)
    cited = sorted(cited_ids(" ".join(groups)))
    if sorted(cited_ids(text)) != cited or citation_problems(text):
        # Inside a code span, or inside the other group, a group does not cite (rightly): put them last.
        text = original + "".join(" " + group for group in groups)
        assume(sorted(cited_ids(text)) == cited and not citation_problems(text))
    return text


@st.composite
def site(draw: st.DrawFn) -> dict[str, Any]:
    """A valid briefings/ tree as {relative path: YAML data}."""
    files: dict[str, Any] = {}
    registry_actors = [{"id": f"actor-{i}", "name": draw(PLAIN),
                        **({"native_name": draw(PLAIN)} if draw(st.booleans()) else {})}
                       for i in range(draw(st.integers(0, 3)))]
    registry_sources = [{"id": f"src-{i}", "title": draw(PLAIN), "publisher": draw(PLAIN),
                         **({"url": f"https://example.org/{i}"} if draw(st.booleans()) else {})}
                        for i in range(draw(st.integers(0, 2)))]
    if registry_actors:
        files["actors.yaml"] = registry_actors
    if registry_sources:
        files["sources.yaml"] = registry_sources
    for b in range(draw(st.integers(1, 3))):
        slug = f"briefing-{b}"
        local = [{"id": f"src-{b}-{i}", "title": draw(PLAIN), "publisher": draw(PLAIN),
                  "published": draw(fuzzy_date()), "language": draw(st.sampled_from(["en", "ko", "ru", "uk"]))}
                 for i in range(draw(st.integers(1, 3)))]
        actors = [{"id": f"actor-{b}-{i}", "name": draw(PLAIN), "kind": "person"}
                  for i in range(draw(st.integers(1, 2)))]
        source_ids = [s["id"] for s in [*registry_sources, *local]]
        actor_ids = [a["id"] for a in [*registry_actors, *actors]]
        sources_of = st.lists(st.sampled_from(source_ids), min_size=1, max_size=3, unique=True)
        events = [{"id": f"ev-{b}-{i}", "date": draw(fuzzy_date()), "title": draw(PLAIN),
                   "summary": cite(draw, draw(MARKDOWN), source_ids), "location": draw(PLAIN),
                   "actors": draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True)),
                   "sources": draw(sources_of)}
                  for i in range(draw(st.integers(0, 4)))]
        quotes = [{"id": f"q-{b}-{i}", "speaker": draw(st.sampled_from(actor_ids)),
                   "text": cite(draw, draw(MARKDOWN), source_ids), "context": draw(PLAIN),
                   **({"original": {"lang": "ko", "text": "".join(draw(st.lists(st.sampled_from(HANGUL), min_size=1)))}}
                      if draw(st.booleans()) else {}),
                   **({"event": events[0]["id"]} if events and draw(st.booleans()) else {}),
                   "sources": draw(sources_of)}
                  for i in range(draw(st.integers(0, 3)))]
        figures = []
        for i in range(draw(st.integers(0, 4))):
            low = draw(st.integers(0, 10**6))
            value: Any = draw(st.sampled_from([low, [low, low + draw(st.integers(0, 10**5))], low + 0.5]))
            figures.append({"id": f"fig-{b}-{i}", "measure": f"measure-{draw(st.integers(0, 2))}",
                            "label": draw(PLAIN), "value": value, "approximate": draw(st.booleans()),
                            "as_of": draw(fuzzy_date()), "sources": draw(sources_of),
                            **({"claimed_by": draw(st.sampled_from(actor_ids))} if draw(st.booleans()) else {})})
        key_points = [{"text": cite(draw, draw(MARKDOWN), source_ids), "sources": draw(sources_of)}
                      for _ in range(draw(st.integers(0, 3)))]
        files[f"{slug}/briefing.yaml"] = {
            "title": draw(PLAIN), "subtitle": draw(PLAIN), "summary": cite(draw, draw(MARKDOWN), source_ids),
            "status": draw(st.sampled_from(["published", "published", "archived", "draft"])),
            "updated": "2099-12-31", "key_points": key_points,
            # Inline here or in a sibling file: both layouts are valid.
            **({"events": events} if draw(st.booleans()) else {}),
        }
        for name, items in (("events", events), ("quotes", quotes), ("figures", figures),
                            ("sources", local), ("actors", actors)):
            if items and name not in files[f"{slug}/briefing.yaml"]:
                files[f"{slug}/{name}.yaml"] = items
    return files


def _write(root: Path, files: dict[str, Any]) -> None:
    for name, data in files.items():
        path = root / "briefings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@FUZZ
@given(site())
def test_valid_briefings_render_with_every_in_page_link_landing(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, files)
        try:
            built, _ = resolved_site(root)
        except DataError as err:
            pytest.fail("\n".join(f"{p.file}:{p.line}:{p.column}: {p.message}" for p in err.problems))
        pages = render_site(built)
    published = [b for b in built.briefings if b.published]
    briefing_pages = {k: v for k, v in pages.items() if k.startswith("briefings/")}
    assert len(briefing_pages) == len(published)
    for name, page in briefing_pages.items():
        # Ids in HTML, and those a heading names in Markdown ('## Sources {: #sources }', attr_list).
        ids = set(re.findall(r'\bid="([^"]+)"', page)) | set(re.findall(r"\{:[^}]*#([\w-]+)", page))
        targets = re.findall(r'\bhref="#([^"]+)"', page)
        assert set(targets) <= ids, (name, set(targets) - ids)
        cited = {s for b in published if name == f"briefings/{b.slug}.md"
                 for s in [*(i for e in b.events for i in e.sources),
                           *(i for f in b.figures for i in f.sources)]}
        assert cited <= ids  # every listed source is in the page's source list


# --- (b) mutations of the bundled YAML ------------------------------------------------------------

BUNDLED = sorted((ROOT / "briefings").rglob("*.yaml"))


@st.composite
def mutation(draw: st.DrawFn) -> tuple[Path, bytes]:
    """One bundled file and its content after one random edit."""
    file = draw(st.sampled_from(BUNDLED))
    raw = file.read_bytes()
    lines = raw.split(b"\n")
    kind = draw(st.sampled_from(["delete", "swap", "insert", "insert-bytes", "truncate"]))
    if kind == "delete":
        del lines[draw(st.integers(0, len(lines) - 1))]
        return file, b"\n".join(lines)
    if kind == "swap":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return file, b"\n".join(lines)
    at = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return file, raw[:at]
    if kind == "insert":
        inserted = draw(st.sampled_from([*":-[]{}#&*!|>'\"%@`\t\n ", "\u00a0", "\ufeff", "\x00", "김"]))
        return file, raw[:at] + inserted.encode() + raw[at:]
    return file, raw[:at] + draw(st.binary(min_size=1, max_size=3)) + raw[at:]


@pytest.fixture(scope="module")
def bundled_copy() -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "briefings", Path(tmp) / "briefings")
        yield Path(tmp)


@FUZZ
@given(edit=mutation())
def test_mutated_briefings_load_or_fail_with_located_problems(bundled_copy: Path, edit: tuple[Path, bytes]) -> None:
    file, content = edit
    target = bundled_copy / file.relative_to(ROOT)
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        try:
            validate_site(load_site(bundled_copy))
        except DataError as err:
            assert err.problems
            for problem in err.problems:
                assert problem.file.startswith("briefings"), problem
                assert problem.line >= 1 and problem.column >= 1, problem
                assert problem.message, problem
    finally:
        target.write_bytes(original)
