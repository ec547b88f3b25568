"""PDF export with the real WeasyPrint and pypdf: text, fonts, page numbers, links and contents."""

from __future__ import annotations

import dataclasses
import html
import io
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from generator import pipeline
from generator.config import read_config
from generator.model.briefing import Briefing, Site
from generator.outputs.pdf import documents as pdf
from generator.outputs.pdf import layout as pdf_layout
from generator.outputs.pdf.briefing import briefing_html
from generator.pipeline import resolved_site
from generator.render import markup
from generator.render.pages import render_site

from conftest import FIXTURES, make_project, run_cli

pytestmark = pytest.mark.slow

FIXTURE = "pdf-fixture-multilingual"
BUNDLED = "north-korean-troops-in-russia"
SITE_URL = "https://example.org/"
KOREAN = "우리는 모든 당사자가 지체 없이 차분한 대화로 돌아오기를 요청합니다."
UKRAINIAN = "Уже прибуло понад триста делегатів, і ми чекаємо ще."


PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def laid_out(source: str) -> str:
    """What a print HTML document is: a briefing (its slug), page numbers, or other."""
    if found := re.search(r'<article class="briefing" id="([^"]+)"', source):
        return found.group(1)
    return "page numbers" if 'class="number-page"' in source else "other"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefings plus the multilingual fixture, with site_url set, as PDFs.

    Rendered twice, in parallel by the command, and here in this process (jobs=1), to compare
    the two; the second time, what each call of pdf_layout.lay_out laid out is noted in layouts.json.
    """
    root = make_project(tmp_path_factory.mktemp("pdf"))
    shutil.copytree(FIXTURES / "pdf" / "briefings" / FIXTURE, root / "briefings" / FIXTURE)
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(f"\nsite_url: {SITE_URL}\n")
    first = run_cli("pdf", cwd=root)
    assert first.returncode == 0, first.stderr
    (root / "first-run.txt").write_text(first.stderr, encoding="utf-8")
    layouts: list[str] = []
    real = pdf_layout.lay_out

    def noted(source: str, numbering: str = "") -> object:
        layouts.append(laid_out(source))
        return real(source, numbering)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_layout, "lay_out", noted)
        pipeline.pdfs(root, resolved_site(root)[0], root / "again", jobs=1)
    (root / "layouts.json").write_text(json.dumps(layouts), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return resolved_site(project)[0]


def briefing(site: Site, slug: str) -> Briefing:
    return next(b for b in site.briefings if b.slug == slug)


def out(project: Path, name: str) -> Path:
    return project / "site" / "pdf" / name


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


def links(reader: PdfReader) -> Iterator[tuple[int, str]]:
    """(page index, destination name) of every internal link."""
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            if dest is None and "/A" in annotation and annotation["/A"].get("/S") == "/GoTo":
                dest = annotation["/A"].get("/D")
            if dest is not None:
                assert not isinstance(dest, ArrayObject), "links should name their destination"
                yield number, str(dest)


def test_progress_is_one_line_per_briefing(project: Path) -> None:
    stderr = (project / "first-run.txt").read_text(encoding="utf-8")
    lines = [line for line in stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 2  # one layout per briefing: the site PDF adds none
    assert {re.sub(r"^\[\d/2\] (\S+) … \d+\.\d s, \d+ pages?$", r"\1", line) for line in lines} == {
        FIXTURE, BUNDLED}
    assert "briefings.pdf" in stderr.splitlines()[-1]
    # WeasyPrint complains through logging about CSS it ignores and anchors it cannot find.
    assert "Ignored" not in stderr and "No anchor" not in stderr


def test_every_quote_and_source_title_is_in_the_briefing_pdf(project: Path, site: Site) -> None:
    for slug in (FIXTURE, BUNDLED):
        text = flat(" ".join(page_texts(out(project, f"{slug}.pdf"))))
        item = briefing(site, slug)
        assert flat(item.meta.title) in text
        for quote in item.quotes:
            assert flat(quote.text) in text, quote.id
        for source in item.sources:
            assert flat(source.title) in text, source.id


def test_source_urls_are_printed_in_full(project: Path, site: Site) -> None:
    text = "".join("".join(page_texts(out(project, f"{FIXTURE}.pdf"))).split())
    for source in briefing(site, FIXTURE).sources:
        assert source.url and source.url in text
    assert "https://web.archive.org/web/20260120000000/https://example.org/research/report" in text


def test_korean_and_ukrainian_extract_as_the_same_characters(project: Path) -> None:
    for name in (f"{FIXTURE}.pdf", pdf.SITE_PDF):
        text = " ".join(page_texts(out(project, name)))
        assert KOREAN in text
        assert UKRAINIAN in text
        assert "김민준" in text and "Олена Коваленко" in text


def test_each_briefing_is_laid_out_once_for_both_pdfs(project: Path, site: Site) -> None:
    layouts = json.loads((project / "layouts.json").read_text(encoding="utf-8"))
    briefings = [kind for kind in layouts if kind not in ("other", "page numbers")]
    assert sorted(briefings) == sorted(b.slug for b in site.published)
    # Numbers for the briefings' own PDFs (one document per page count) and for the site PDF.
    assert layouts.count("page numbers") >= 2
    assert (project / "again" / pdf.SITE_PDF).is_file()


def test_briefing_pdf_numbers_its_own_pages(project: Path) -> None:
    for slug in (FIXTURE, BUNDLED):
        texts = page_texts(out(project, f"{slug}.pdf"))
        assert len(texts) > 1
        for number, text in enumerate(texts, start=1):
            assert PAGE_NUMBER.findall(text) == [(str(number), str(len(texts)))], (slug, number, text)


def test_site_pdf_numbers_run_on_after_the_title_page(project: Path) -> None:
    texts = page_texts(out(project, pdf.SITE_PDF))
    assert PAGE_NUMBER.findall(texts[0]) == []
    for number, text in enumerate(texts[1:], start=2):
        assert PAGE_NUMBER.findall(text) == [(str(number), str(len(texts)))], (number, text)


def footers(path: Path) -> list[tuple[str, tuple[float, ...], str, float]]:
    """Each page's page number as drawn: its text, its place on the page, its font and size."""
    found = []
    for page in PdfReader(path).pages:
        runs: list[tuple[str, tuple[float, ...], str, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: dict[str, str] | None, size: float,
                  runs: list[tuple[str, tuple[float, ...], str, float]] = runs) -> None:
            if PAGE_NUMBER.search(text):
                place = (cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
                runs.append((text.strip(), tuple(round(x, 2) for x in place),
                             (font or {}).get("/BaseFont", "").split("+")[-1], round(size, 2)))

        page.extract_text(visitor_text=visit)
        found.extend(runs)
    return found


def test_stamped_numbers_sit_where_weasyprint_puts_them(project: Path) -> None:
    """The contents page's number is laid out by WeasyPrint with the page; the others are stamped."""
    site_pdf = footers(out(project, pdf.SITE_PDF))
    laid_out_with_page, stamped = site_pdf[0], site_pdf[1]
    assert laid_out_with_page[0] == "Page 2 of 13" and stamped[0] == "Page 3 of 13"
    assert stamped[1:] == laid_out_with_page[1:]
    assert stamped[2].startswith("DejaVu-Sans") and stamped[3] == 10.0  # a small font for ten digits
    # In the briefing's own PDF ("Page 3 of 7", narrower): the same line, font and size, and
    # one place on every page, since every number there has one digit.
    own = footers(out(project, f"{BUNDLED}.pdf"))
    assert {(footer[1][1], *footer[2:]) for footer in own} == {(stamped[1][1], *stamped[2:])}
    assert len({footer[1] for footer in own}) == 1


def test_citations_link_to_named_destinations(project: Path) -> None:
    for name in (f"{FIXTURE}.pdf", pdf.SITE_PDF):
        reader = PdfReader(out(project, name))
        names = reader.named_destinations
        found = list(links(reader))
        assert found
        for _, dest in found:
            assert dest in names, f"{name}: link to missing destination {dest}"
        # A citation of the Seoul source leads to the page that lists it.
        target = f"{FIXTURE}--src-fixture-seoul-daily"
        assert target in {dest for _, dest in found}
        page = reader.get_destination_page_number(names[target])
        assert "Invented Seoul Daily report on the calm-talks statement" in flat(
            reader.pages[page].extract_text())


def test_site_pdf_contents_lists_every_briefing_with_its_page(project: Path, site: Site) -> None:
    reader = PdfReader(out(project, pdf.SITE_PDF))
    contents = flat(reader.pages[1].extract_text())
    assert contents.upper().startswith("CONTENTS")
    named = reader.named_destinations
    toc_links = {dest for number, dest in links(reader) if number == 1}
    for item in site.published:
        start = reader.get_destination_page_number(named[item.slug]) + 1
        assert re.search(re.escape(flat(item.meta.title)) + r"[ .]*" + str(start) + r"\b", contents), (
            item.slug, start, contents)
        assert item.meta.title in flat(reader.pages[start - 1].extract_text())
        assert item.slug in toc_links
    outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert outline == ["Contents", *(b.meta.title for b in site.published)]


def test_briefing_pdf_links_back_to_the_live_page(project: Path) -> None:
    live = f"{SITE_URL}briefings/{FIXTURE}.html"
    reader = PdfReader(out(project, f"{FIXTURE}.pdf"))
    assert live in "".join(reader.pages[0].extract_text().split())
    uris = {str(a.get_object()["/A"]["/URI"]) for page in reader.pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()}
    assert live in uris
    # Links to other pages of the site go to the live site too.
    assert f"{SITE_URL}actors/fixture-kim-minjun.html" in uris


def test_pdf_dates_come_from_the_data(project: Path) -> None:
    info = PdfReader(out(project, f"{FIXTURE}.pdf")).metadata
    assert info is not None
    assert str(info["/CreationDate"]).startswith("D:20260115")
    assert str(info["/ModDate"]).startswith("D:20260203")
    assert info.title == "Fixture: statements in Korean and Ukrainian"


def test_building_twice_gives_the_same_text(project: Path) -> None:
    for name in (f"{FIXTURE}.pdf", f"{BUNDLED}.pdf", pdf.SITE_PDF):
        assert page_texts(out(project, name)) == page_texts(project / "again" / name)


ID = re.compile(r'\sid="([^"]+)"')
IN_PAGE_LINK = re.compile(r'\shref="#([^"]*)"')
HREF = re.compile(r'\shref="([^"]*)"')


def test_ids_are_unique_across_the_site_pdf_and_in_page_links_resolve(project: Path, site: Site) -> None:
    """The site PDF joins every briefing: no id may be written twice, and each link finds its id."""
    config = read_config(project)
    owner: dict[str, str] = {}
    for item in site.published:
        source = briefing_html(item, site, config)
        ids = ID.findall(source)
        assert len(ids) == len(set(ids)), item.slug
        for anchor in ids:
            assert anchor not in owner, f"{anchor} in {owner.get(anchor)} and {item.slug}"
            owner[anchor] = item.slug
            assert anchor == item.slug or anchor.startswith(f"{item.slug}--")
        links = IN_PAGE_LINK.findall(source)
        assert f"{item.slug}--cite-1" in ids  # on paper, no "↩" links back to it
        assert set(links) <= set(ids), set(links) - set(ids)


def test_links_to_other_pages_go_to_the_live_site_or_stay_text(project: Path, site: Site) -> None:
    item = briefing(site, FIXTURE)
    live = {url for url in HREF.findall(briefing_html(item, site, read_config(project))) if not url.startswith("#")}
    assert f"{SITE_URL}actors/fixture-kim-minjun.html" in live
    assert all(url.startswith(("https:", "http:", "mailto:")) for url in live), live
    offline = briefing_html(item, site, dataclasses.replace(read_config(project), site_url=None))
    assert '<a class="actor">Kim Min-jun (fixture)</a>' in offline
    # What is left: in-page links, the sources' own addresses, and the licence's page.
    external = {url for source in site.sources.values() for url in (source.url, source.archive_url) if url}
    licence = read_config(project).licence
    external |= {licence.url} if licence and licence.url else set()
    assert all(url.startswith("#") or html.unescape(url) in external for url in HREF.findall(offline))


def test_a_title_the_editors_supplied_is_shown_as_written_never_quoted(project: Path, site: Site) -> None:
    """'[Pentagon press briefing …]' is a description, not a headline: no quotation marks or italics, site or PDF."""
    item = briefing(site, BUNDLED)
    supplied = [s for s in item.sources if s.title_supplied]
    assert supplied and not all(s.title_supplied for s in item.sources)
    web = render_site(site)[f"briefings/{BUNDLED}.md"]
    pdf = briefing_html(item, site, read_config(project))
    for source in item.sources:
        shown = str(escape(source.title))  # as Jinja escapes it
        kind = "span" if source.title_supplied else "cite"
        css = "source-description" if source.title_supplied else "source-title"
        for page in (web, pdf):
            assert f'<{kind} class="{css}">{shown}</{kind}>' in page, source.id
    text = flat(" ".join(page_texts(out(project, f"{BUNDLED}.pdf"))))
    assert f"“{supplied[0].title}”" not in text and supplied[0].title in text


def test_a_printed_address_breaks_only_where_it_may(project: Path, site: Site) -> None:
    """A long address wraps at a '/', '.', '-' … (markup.url_text's breaks, or text's own after '/' and '-'),
    never inside a word ('http / s://')."""
    lines = [line.strip() for path in (out(project, f"{BUNDLED}.pdf"), out(project, f"{FIXTURE}.pdf"))
             for page in PdfReader(path).pages for line in page.extract_text().splitlines()]
    urls = {url for slug in (BUNDLED, FIXTURE) for s in briefing(site, slug).sources
            for url in (s.url, s.archive_url) if url}
    wrapped = 0
    for line, following in itertools.pairwise(lines):
        for url in urls:
            # The longest start of the address that ends the line, when the next line goes on with the rest.
            cut = next((k for k in range(len(url) - 1, 3, -1)
                        if line.endswith(url[:k]) and following.startswith(url[k:k + 8])), None)
            if cut is not None:
                wrapped += 1
                assert not (url[cut - 1].isalnum() and url[cut].isalnum()), (url[:cut], url[cut:])
    assert wrapped, "no address was long enough to wrap: the test shows nothing"
    assert [str(markup.url_text("https://a.example/b-c?d=1&e=<f>"))] == [
        "https://<wbr>a.example<wbr>/b<wbr>-c<wbr>?d<wbr>=1<wbr>&amp;e<wbr>=&lt;f&gt;"]


def test_in_page_links_in_contributor_markdown_carry_the_prefix() -> None:
    rendered = str(markup.markdown_html("See [the talks](#talks) and [more](https://example.org/#talks).",
                                        lambda ids: "", "brief--"))
    assert 'href="#brief--talks"' in rendered and 'href="https://example.org/#talks"' in rendered


# --- Tagged PDF, legend, print-only text (issue 15) ---------------------------------------------

def structure_problems(reader: PdfReader) -> list[str]:
    """What is wrong with a PDF's structure tree: each page, link and element where it should be."""
    catalog = reader.trailer["/Root"]
    problems = []
    if not catalog.get("/MarkInfo", {}).get("/Marked"):
        problems.append("no /MarkInfo /Marked true")
    if str(catalog.get("/Lang", "")) != "en":
        problems.append("no /Lang en")
    tree = catalog.get("/StructTreeRoot")
    if tree is None:
        return [*problems, "no /StructTreeRoot"]
    tree = tree.get_object()
    nums = tree["/ParentTree"].get_object()["/Nums"]
    keys = [int(k) for k in nums[::2]]
    if len(set(keys)) != len(keys):
        problems.append("a /ParentTree key is used twice")
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    annotations = {a.idnum: number for number, page in enumerate(reader.pages) for a in page.get("/Annots") or []}
    for number, page in enumerate(reader.pages):
        if page.get("/StructParents") not in keys:
            problems.append(f"page {number + 1} has no entry in the /ParentTree")
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/StructParent") not in keys:
                problems.append(f"a link on page {number + 1} has no entry in the /ParentTree")
    waiting, seen = [tree["/K"]], 0
    while waiting:
        element = waiting.pop().get_object()
        if isinstance(element, ArrayObject):
            waiting += list(element)
            continue
        if not hasattr(element, "get"):  # an MCID: a number
            continue
        seen += 1
        if "/Pg" in element and element.raw_get("/Pg").idnum not in pages:
            problems.append(f"a {element.get('/S')} element points at a page not in the document")
        if element.get("/Type") == "/OBJR" and element.raw_get("/Obj").idnum not in annotations:
            problems.append("a link element points at an annotation on no page")
        kids = element.get("/K")
        if kids is not None and element.get("/Type") != "/OBJR":
            waiting.append(kids)
    return problems if seen > 10 else [*problems, f"only {seen} structure elements"]


def test_briefing_and_site_pdfs_are_tagged_with_a_sound_structure_tree(project: Path, site: Site) -> None:
    for name in [*(f"{b.slug}.pdf" for b in site.published), pdf.SITE_PDF]:
        assert structure_problems(PdfReader(out(project, name))) == [], name


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils' pdfinfo is not installed")
def test_poppler_reads_every_briefing_through_the_site_pdf_structure_tree(project: Path, site: Site) -> None:
    # pdfinfo -struct-text reads each element's text through its page's marked content: it finds a
    # heading's words only where the joined tree's keys and pages are right.
    import subprocess

    result = subprocess.run(["pdfinfo", "-struct-text", str(out(project, pdf.SITE_PDF))],
                            capture_output=True, text=True, timeout=120, check=True)
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    headings = re.findall(r'H1 \(block\)\n\s+Span \(inline\)\n\s+"([^"]*)"', result.stdout)
    for briefing in site.published:
        assert any(briefing.meta.title.startswith(h) for h in headings), (briefing.meta.title, headings)
    assert "Page 1 of" not in result.stdout  # the stamped numbers are artifacts, outside the tree


def test_print_explains_grades_and_drops_web_only_marks(project: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(out(project, f"{BUNDLED}.pdf")).pages)
    assert "↩" not in text and "(event)" not in text
    assert "Grades (NATO Admiralty code" in flat(text)
    assert "B usually reliable" in flat(text) and "2 probably true" in flat(text)
    assert "No public link." in text  # a source without a link says so on paper too
    assert "At: " in text  # a quote names its event by title
    assert not re.search(r"archive\s*-?\n\s*d\b", text)
    assert "published under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in flat(text)


def test_the_grade_legend_is_the_methodology_page_scale() -> None:
    from generator.outputs.pdf.briefing import GRADE_DIGITS, GRADE_LETTERS

    page = (Path(__file__).resolve().parent.parent / "docs" / "guide" / "methodology.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([A-F1-6]) \| (.+?) \|$", page, re.M))
    assert {k: v.lower() for k, v in rows.items()} == {**GRADE_LETTERS, **GRADE_DIGITS}
    from generator.outputs.pdf.briefing import CONFIDENCE

    levels = dict(re.findall(r"^\| (high|moderate|low) \| (.+?)\.? \|$", page, re.M))
    assert {k: v[0].lower() + v[1:] for k, v in levels.items()} == CONFIDENCE


def test_print_shows_the_assessment_apart_and_a_missing_original(project: Path) -> None:
    # pdftotext (poppler), as readers' tools read the page: the box's words in reading order.
    import subprocess

    result = subprocess.run(["pdftotext", str(out(project, f"{BUNDLED}.pdf")), "-"],
                            capture_output=True, text=True, timeout=120, check=True)
    text = flat(result.stdout)
    assert "our assessment these are the analysts' own judgements" in text.lower()  # the heading is in capitals
    assert "Likely (55–80%) · Moderate confidence" in text
    # The scale is printed, not only named: a paper reader cannot follow a link to it.
    assert "Likelihood (ICD 203): almost no chance 1–5%;" in text and "almost certain 95–99%." in text
    assert "Confidence: high, the judgement rests on good-quality information" in text
    assert "Rests on: North Korean soldiers in Russia: c. 10,000" in text
    assert "Original wording not published: the source gives the president's statement only in English" in text


LONG_WORD = "Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauunterbeamtengesellschaft"
RIGHT_MARGIN_PT = 19 / 25.4 * 72  # print.css: @page margin


@pytest.fixture(scope="module")
def hostile_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefing's own PDF with a title holding a long word, an Arabic original and a
    quote's context without a full stop."""
    root = make_project(tmp_path_factory.mktemp("print"))
    folder = root / "briefings" / BUNDLED
    meta = folder / "briefing.yaml"
    title = (f"title: North Korean troops in Russia and the {LONG_WORD * 2} question\n"
             "authors: [Anna Virtanen, Jaan Tamm]")
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: North Korean troops in Russia", title, 1),
                    encoding="utf-8")
    quotes = folder / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    for old, new in [('as volunteers"\n  date: "2024-10~"\n',
                      'as volunteers"\n  original: {lang: ar, text: "قال: لقد حذرناهم!"}\n  date: "2024-10~"\n'),
                     ('as quoted in South China Morning Post reporting."', 'as quoted in South China Morning Post"')]:
        assert old in text
        text = text.replace(old, new, 1)
    quotes.write_text(text, encoding="utf-8")
    pipeline.pdfs(root, resolved_site(root)[0], root / "pdf", jobs=1, site_pdf=False)
    return root / "pdf" / f"{BUNDLED}.pdf"


def _pdftotext(*args: str) -> str:
    import subprocess

    return subprocess.run(["pdftotext", *args], capture_output=True, text=True, timeout=120, check=True).stdout


def test_a_word_longer_than_its_line_is_broken_not_cut_off_at_the_margin(hostile_print: Path) -> None:
    boxes = _pdftotext("-bbox", str(hostile_print), "-")
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
    right = max(float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes))
    assert right <= width - RIGHT_MARGIN_PT + 1


def test_the_page_top_header_shortens_a_long_title_to_one_line(hostile_print: Path) -> None:
    header = _pdftotext("-f", "2", "-l", "2", str(hostile_print), "-").splitlines()[0]
    assert header == "North Korean troops in Russia and the…"


def test_print_sets_arabic_right_to_left_and_ends_a_quotes_context_with_a_full_stop(hostile_print: Path) -> None:
    text = flat(_pdftotext(str(hostile_print), "-"))
    assert "as quoted in South China Morning Post. At: North Korean defectors" in text
    root = hostile_print.parent.parent
    site = resolved_site(root)[0]
    source = briefing_html(briefing(site, BUNDLED), site, read_config(root))
    assert '<blockquote class="quote-original" lang="ar" dir="rtl">' in source
    # Named as on the web page: a paper reader cannot tell Arabic from Persian, nor look it up.
    assert "Original (Arabic):" in text


def test_a_long_name_in_the_figures_table_leaves_every_column_readable(tmp_path: Path) -> None:
    # A claimant's name of one long word, a 'New in …' badge and a range of trillions: the last column
    # was squeezed to a letter a line ("B / e / t / w …"), the badge never wrapped.
    root = make_project(tmp_path, FIXTURES / "long-words" / "briefings")
    pipeline.pdfs(root, resolved_site(root)[0], root / "pdf", jobs=1, site_pdf=False)
    text = flat(_pdftotext(str(root / "pdf" / "long-words.pdf"), "-"))
    assert "Between the two counts" in text


def test_the_pdf_names_the_briefings_authors_in_its_metadata(hostile_print: Path) -> None:
    info = PdfReader(hostile_print).metadata
    assert info is not None and info.author == "Anna Virtanen, Jaan Tamm"


TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 22 / 25.4 * 72, 20 / 25.4 * 72  # print.css: @page margin
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>')


def with_key_points(root: Path, kept: int) -> Path:
    """Keep the bundled briefing's first kept key points, so that page 1 ends higher up; return root."""
    meta = root / "briefings" / BUNDLED / "briefing.yaml"
    text = meta.read_text(encoding="utf-8")
    start, end = text.index("key_points:\n"), text.index("changes:\n")
    points = re.split(r"(?m)^(?=  - text:)", text[start:end])  # 'key_points:', then one item each
    meta.write_text(text[:start] + ("".join(points[:kept + 1]) if kept else "") + text[end:], encoding="utf-8")
    return root


def page_words(path: Path, number: int) -> tuple[float, list[tuple[float, float, str]]]:
    """A page's height, and the words of its content area (not header or footer): top, bottom, text."""
    boxes = _pdftotext("-bbox", "-f", str(number), "-l", str(number), str(path), "-")
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes)[1])  # type: ignore[index]
    return height, [(float(top), float(bottom), html.unescape(word)) for top, bottom, word in WORD.findall(boxes)
                    if float(top) >= TOP_MARGIN_PT and float(bottom) <= height - BOTTOM_MARGIN_PT]


@pytest.fixture(scope="module")
def short_key_points(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled briefing's own PDF with one key point: its map, with the heading, no longer fits on page 1."""
    root = with_key_points(make_project(tmp_path_factory.mktemp("short")), 1)
    pipeline.pdfs(root, resolved_site(root)[0], root / "pdf", jobs=1, site_pdf=False)
    return root / "pdf" / f"{BUNDLED}.pdf"


def test_after_short_key_points_the_timeline_fills_page_1_and_the_map_heads_page_2(short_key_points: Path) -> None:
    # The map and its heading went on to page 2 together, and over a third of page 1 was left blank.
    height, first = page_words(short_key_points, 1)
    assert "TIMELINE" in [word for _, _, word in first]
    blank = height - BOTTOM_MARGIN_PT - max(bottom for _, bottom, _ in first)
    assert blank < (height - TOP_MARGIN_PT - BOTTOM_MARGIN_PT) / 4, f"page 1 is blank for its last {blank:.0f} pt"
    # Page 2 opens with the whole map: above its caption only the map's labels, which the caption lists.
    _, second = page_words(short_key_points, 2)
    at = next(i for i, (_, _, word) in enumerate(second) if word == "happened:")
    caption = {word.strip(";.,()") for _, _, word in second[at:at + 40]}
    labels = {word.strip(";.,()") for _, bottom, word in second if bottom <= second[at][0]}
    assert {"Seoul", "Kursk", "Brussels"} <= labels <= caption


def test_a_map_that_fits_under_its_heading_stays_there(tmp_path: Path) -> None:
    # Without key points the map fits on page 1, under the heading; the first event goes on to page 2.
    # WeasyPrint keeps a list with what precedes it: heading, map and first event went on together.
    root = with_key_points(make_project(tmp_path), 0)
    site = resolved_site(root)[0]
    document = pdf_layout.lay_out_briefing(briefing_html(briefing(site, BUNDLED), site, read_config(root)))
    page_1 = flat(PdfReader(io.BytesIO(document.write_pdf())).pages[0].extract_text())
    assert "TIMELINE" in page_1 and "Where it happened: 1 Seoul" in page_1


def test_a_map_set_within_a_day_leaves_its_events_in_order(project: Path, site: Site) -> None:
    from weasyprint import HTML

    from generator.outputs.pdf import placement

    root = HTML(string=briefing_html(briefing(site, BUNDLED), site, read_config(project))).etree_element
    events = [e.get("id") for e in root.iter("li") if "timeline-event" in e.get("class", "")]
    days = [[e.get("id") for e in day.iter("li") if e.get("id")] for day in root.iter("li")
            if "timeline-day" in day.get("class", "")]
    day = next(d for d in days if len(d) > 1)  # a day of several events, set apart at its second
    placement.map_before(day[1])(root)
    article = next(root.iter("article"))
    assert [child.get("class") for child in article if child.get("class") in ("timeline", "map-figure")] == [
        "timeline", "map-figure", "timeline"]
    assert [e.get("id") for e in root.iter("li") if "timeline-event" in e.get("class", "")] == events
    before, after = (list(ol.iter("li")) for ol in article if ol.get("class") == "timeline")
    assert before[-1].get("id") == day[0]
    assert after[0].get("class", "").startswith("timeline-day") and after[1].get("id") == day[1]
