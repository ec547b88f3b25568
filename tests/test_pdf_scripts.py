"""The PDF's scripts with the real WeasyPrint, fontconfig and poppler: a font missing for any character
is warned about, Korean wraps between words only, and a date of two lines keeps to its timeline row."""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import read_config
from generator.outputs.pdf import fonts
from generator.outputs.pdf.briefing import briefing_html
from generator.outputs.pdf.hangul import keep_korean_words
from generator.pipeline import resolved_site

from conftest import FIXTURES, make_project, run_cli

pytestmark = pytest.mark.slow

SLUG = "pdf-fixture-scripts"
TAMIL = "அன்றிரவு கப்பலின் தளத்தில் நாங்கள் காத்திருந்தோம்."
KOREAN = "우리는 모든 당사자가 지체 없이 차분한 대화로 돌아오기를 요청합니다."
UKRAINIAN = "Уже прибуло понад триста делегатів, і ми чекаємо ще."
MM = 72 / 25.4  # points in a millimetre
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def pdftotext(*args: str) -> str:
    return subprocess.run(["pdftotext", *args], capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture briefing (a long Korean original, a Tamil one, an interval), as its own PDF."""
    root = make_project(tmp_path_factory.mktemp("scripts"), FIXTURES / "pdf-scripts" / "briefings")
    pipeline.pdfs(root, resolved_site(root)[0], root / "pdf", jobs=1, site_pdf=False)
    return root


@pytest.fixture
def only_dejavu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fontconfig that knows DejaVu's fonts alone: Latin and Cyrillic, no Hangul, no Tamil, on any machine."""
    dejavu = Path(subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True,
                                 check=True).stdout).parent
    assert "dejavu" in dejavu.as_posix().lower(), dejavu
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?>\n<fontconfig><dir>{dejavu}</dir>"
                      f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    fonts.covered.cache_clear()
    yield
    fonts.covered.cache_clear()


# --- A missing font is warned about, for any script -------------------------------------------------

def test_the_installed_fonts_cover_korean_and_ukrainian() -> None:
    fonts.covered.cache_clear()
    assert fonts.FontCheck().check(f"<p>{KOREAN} {UKRAINIAN}</p>") == []


def test_a_character_no_font_has_is_named_with_its_package_once_per_script(only_dejavu: None) -> None:
    check = fonts.FontCheck()
    warnings = check.check(f"<p>plain English {UKRAINIAN} {KOREAN} {TAMIL}</p>")
    assert len(warnings) == 2, warnings
    hangul, tamil = warnings
    assert hangul.startswith("no font for Hangul text ('") and hangul.endswith("fonts-noto-cjk")
    assert tamil.startswith("no font for Tamil text ('அ' U+0B85,") and tamil.endswith("fonts-noto-core")
    assert check.check("<p>ஆ 김</p>") == []  # one warning a script, over every briefing


def test_a_script_without_a_known_package_says_how_to_look_for_a_font(only_dejavu: None) -> None:
    # Private use: no font of DejaVu's has one, and no package is named for it.
    (warning,) = fonts.FontCheck().check("<p>the logo \ue000</p>")
    assert warning.startswith("no font for private-use or unassigned text ('\ue000' U+E000)")
    assert warning.endswith("('fc-list :charset=e000' lists the installed ones that do)")


def test_text_that_is_not_printed_needs_no_font(only_dejavu: None) -> None:
    # The document's title (metadata), stylesheets, an SVG's tooltip, joiners and soft hyphens draw no glyph.
    page = (f"<html><head><title>{KOREAN}</title><style>/* {TAMIL} */</style></head><body>"
            f"<svg><title>{KOREAN}</title><text>Kursk</text></svg><p>A\u200dB\u00adC\u2060</p></body></html>")
    assert fonts.FontCheck().check(page) == []


def test_without_fontconfig_the_check_says_it_cannot_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list on it
    fonts.covered.cache_clear()
    try:
        check = fonts.FontCheck()
        assert check.check(f"<p>{KOREAN}</p>") == [
            "cannot check the fonts the PDF needs: fc-list (fontconfig) is missing"]
        assert check.check(f"<p>{TAMIL}</p>") == []
    finally:
        fonts.covered.cache_clear()


def test_the_check_sees_every_character_the_pdf_prints(project: Path) -> None:
    site = resolved_site(project)[0]
    item = next(b for b in site.briefings if b.slug == SLUG)
    printed = fonts.printed_characters(briefing_html(item, site, read_config(project)))
    text = pdftotext(str(project / "pdf" / f"{SLUG}.pdf"), "-")
    # The page numbers are stamped from a document of their own: 'Page N of M'.
    assert set(text) - set(" \n\f") - set("Page of 0123456789") <= printed
    assert set(TAMIL) <= printed and set("KEY POINTS“”") <= printed


def test_briefing_pdf_warns_about_tamil_that_would_print_as_boxes(tmp_path: Path, only_dejavu: None) -> None:
    root = make_project(tmp_path, FIXTURES / "pdf-scripts" / "briefings")
    result = run_cli("pdf", "--no-site-pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(" text (")[0] for w in warnings] == ["warning: no font for Hangul", "warning: no font for Tamil"]
    assert warnings[1].endswith("install the Debian package fonts-noto-core")
    assert (root / "site" / "pdf" / f"{SLUG}.pdf").is_file()  # a warning, not an error


# --- Korean breaks between words ---------------------------------------------------------------------

def test_korean_lines_end_between_words(project: Path) -> None:
    site = resolved_site(project)[0]
    item = next(b for b in site.briefings if b.slug == SLUG)
    original = next(q.original for q in item.quotes if q.original and q.original.lang == "ko")
    assert original is not None
    words = set(original.text.split()) | {"박지우"}  # and the speaker's name, in the actors
    lines = [line for line in pdftotext("-layout", str(project / "pdf" / f"{SLUG}.pdf"), "-").splitlines()
             if re.search("[\uac00-\ud7af]", line)]
    assert len(lines) >= 3, "the Korean original should take several lines: the test shows nothing"
    for line in lines:
        for token in line.split():
            if re.search("[\uac00-\ud7af]", token):
                assert token in words, f"a line ends or starts inside a word: {token!r} in {line!r}"


def test_hangul_words_are_kept_whole_in_the_text_alone() -> None:
    source = ('<html><head><title>김 민준</title></head><body>'
              '<p title="a > b 김민준">UN의 요청, 모든&nbsp;자료를 <em>공개</em>합니다 &amp; Seoul</p>'
              '<svg><text>서울</text></svg><p>' + "가" * 21 + '</p></body></html>')
    assert keep_korean_words(source) == (
        '<html><head><title>김 민준</title></head><body>'
        '<p title="a > b 김민준"><span class="keep-word">UN의</span> <span class="keep-word">요청,</span> '
        '<span class="keep-word">모든</span>&nbsp;<span class="keep-word">자료를</span> '
        '<em><span class="keep-word">공개</span></em><span class="keep-word">합니다</span> &amp; Seoul</p>'
        '<svg><text>서울</text></svg><p>' + "가" * 21 + '</p></body></html>')


# --- A date of two lines keeps to its row --------------------------------------------------------------

def timeline(project: Path) -> tuple[list[tuple[float, float, float, str]], int]:
    """The words of the fixture PDF's first page (left, top, bottom, text), and where the interval's date starts."""
    boxes = pdftotext("-bbox", "-f", "1", "-l", "1", str(project / "pdf" / f"{SLUG}.pdf"), "-")
    words = [(float(x), float(top), float(bottom), html.unescape(text)) for x, top, bottom, text in WORD.findall(boxes)]
    texts = [w[3] for w in words]
    return words, next(i for i in range(len(texts)) if texts[i:i + 4] == ["5", "January", "–", "20"])


def test_an_interval_date_of_two_lines_stays_in_its_timeline_row(project: Path) -> None:
    words, start = timeline(project)
    column = words[start][0]  # the dates' left edge
    date = words[start:start + 6]
    assert [w[3] for w in date] == ["5", "January", "–", "20", "February", "2025"]
    assert len({w[1] for w in date}) == 2, "the interval's date should take two lines: the test shows nothing"
    following = next(w for w in words[start + 6:] if w[0] == column and w[3] == "21")  # the next day's date
    # Between them: the row's 1 mm of padding, its divider and the next event's 2 mm.
    gap = following[1] - max(w[2] for w in date)
    assert gap >= 3 * MM, f"the date's second line ends {gap / MM:.1f} mm above the next row's date"


def test_a_date_of_one_line_stays_level_with_its_events_title(project: Path) -> None:
    words, start = timeline(project)
    for day, title in (("21", "officials"), ("22", "follow-up")):
        date_top = next(top for x, top, _, text in words[start:] if text == day and x == words[start][0])
        title_top = next(top for _, top, _, text in words[start:] if text == title)
        assert abs(date_top - title_top) < 2, (day, date_top, title_top)
