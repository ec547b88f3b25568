"""PDF export: each published briefing to its own PDF, and the whole site to one PDF.

The content comes from the pipeline (the same Markdown the site is built from), not from MkDocs'
HTML: Markdown → HTML with the site's extensions, ids prefixed with the briefing's slug, wrapped
in our print template and laid out by WeasyPrint with our print stylesheet (pdf_layout.py lays
out each briefing once, in worker processes, and numbers its pages; pdf_assemble.py joins them
into the site PDF).
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import markdown
from markupsafe import Markup

from generator.config import SiteConfig, read_config
from generator.exceptions import BuildError, Problem
from generator.model.contract import Briefing, Site
from generator.render.pages import BRIEFINGS_DIR, Renderer

SITE_PDF = "briefings.pdf"
TEMPLATES = Path(__file__).parent / "templates"
# The same Markdown extensions as mkdocs.yml, less the ones that only make sense on screen.
MARKDOWN_EXTENSIONS = ["toc", "attr_list", "tables", "pymdownx.tilde"]
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CHART = re.compile(r'<svg\b[^>]*\bclass="figure-chart"[^>]*>')
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

# Scripts that need a font DejaVu does not have: (pattern, fontconfig languages, Debian package).
SCRIPTS = [
    ("Korean (Hangul)", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"), ("ko",),
     "fonts-noto-cjk"),
    ("Japanese (kana)", re.compile("[\u3040-\u30ff]"), ("ja",), "fonts-noto-cjk"),
    ("Chinese (Han)", re.compile("[\u4e00-\u9fff]"), ("zh",), "fonts-noto-cjk"),
    ("Cyrillic", re.compile("[\u0400-\u04ff]"), ("ru", "uk"), "fonts-dejavu-core"),
]

Progress = Callable[[str], None]


def live_url(config: SiteConfig, slug: str) -> str:
    """The address of a briefing's page on the live site, or '' when site_url is not set."""
    if not config.site_url:
        return ""
    return f"{config.site_url.rstrip('/')}/{BRIEFINGS_DIR}/{slug}.html"


@dataclass
class PdfReport:
    """What render_pdfs wrote, and the warnings met on the way."""

    briefings: list[Path] = field(default_factory=list)
    site: Path | None = None
    site_pages: int = 0
    problems: list[Problem] = field(default_factory=list)  # the data's validation warnings
    font_warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the person who ran the command."""
        if not self.briefings:
            return "no published briefings: no PDF written"
        folder = self.briefings[0].parent
        line = f"{len(self.briefings)} briefing PDF{'s' if len(self.briefings) != 1 else ''}"
        if self.site:
            line += f" and {self.site.name} ({self.site_pages} pages)"
        return f"{line} written to {folder}/"


def page_html(page_markdown: str) -> str:
    """A generated page's Markdown (front matter dropped) as HTML, with the site's extensions."""
    body = _FRONT_MATTER.sub("", page_markdown, count=1)
    return str(markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html").convert(body))


class _Prefixer(HTMLParser):
    """Copies HTML through, prefixing id="x" and href="#x", and resolving relative links."""

    def __init__(self, prefix: str, base_url: str):
        super().__init__(convert_charrefs=False)
        self.prefix = prefix
        self.base_url = base_url
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        changed = False
        new: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if value and name == "id":
                value, changed = self.prefix + value, True
            elif value and name == "href" and value.startswith("#") and len(value) > 1:
                value, changed = "#" + self.prefix + value[1:], True
            elif value is not None and name == "href" and not _ABSOLUTE.match(value):
                # A link to another page of the site: to the live page when site_url is set;
                # otherwise a PDF has nowhere to send it, and it stays as text.
                changed = True
                if not self.base_url:
                    continue
                value = urljoin(self.base_url, value)
            new.append((name, value))
        if not changed:
            self.out.append(self.get_starttag_text() or "")
            return
        text = "".join(f" {n}" if v is None else f' {n}="{html.escape(v)}"' for n, v in new)
        self.out.append(f"<{tag}{text}{end}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " />")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")


def prefix_ids(fragment: str, slug: str, base_url: str = "") -> str:
    """Prefix every id and in-page link with the slug: '#nato' → '#<slug>--nato'.

    In the site PDF every briefing's anchors share one name space; slugs never contain '--',
    so a prefixed id can clash neither with another briefing's nor with a bare slug. Relative
    links to other pages are made absolute against base_url (the live page), or dropped.
    """
    parser = _Prefixer(f"{slug}--", base_url)
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render one of the print templates in templates/pdf/."""
    return _environment().get_template(name).render(**context)


def briefing_content(page_markdown: str, slug: str, base_url: str = "") -> str:
    """A briefing page's Markdown as an HTML fragment whose anchors carry the slug."""
    return _style_charts(prefix_ids(page_html(page_markdown), slug, base_url))


def _style_charts(fragment: str) -> str:
    """Put chart.css inside each chart's <svg>, where WeasyPrint's SVG renderer sees it."""
    # Comments go: inside <svg> the HTML parser would read a '<' in them as a tag.
    css = re.sub(r"/\*.*?\*/", "", (TEMPLATES / "chart.css").read_text(encoding="utf-8"), flags=re.S)
    style = f"<style>{css.strip()}</style>"
    return _CHART.sub(lambda m: m.group(0) + style, fragment)


def briefing_html(briefing: Briefing, content: str, config: SiteConfig) -> str:
    """The print HTML of one briefing, ready for WeasyPrint."""
    meta = briefing.meta
    return render_template(
        "briefing.html.j2", slug=briefing.slug, meta=meta, content=Markup(content),
        config=config, live_url=live_url(config, briefing.slug),
        # PDF dates come from the data, never from the clock: building twice gives the same file.
        created=(meta.created or meta.updated).lower.isoformat(), modified=meta.updated.lower.isoformat(),
    )


@functools.cache
def _fc_has_font(lang: str) -> bool | None:
    """Whether fontconfig knows a font for lang; None when fc-list cannot be run."""
    try:
        out = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.strip())


def missing_fonts(texts: Iterable[str]) -> list[str]:
    """A warning for each script in texts that no installed font can show."""
    found = {name for text in texts for name, pattern, _, _ in SCRIPTS if pattern.search(text)}
    warnings = []
    for name, _, langs, package in SCRIPTS:
        if name not in found:
            continue
        missing = [lang for lang in langs if _fc_has_font(lang) is False]
        if any(_fc_has_font(lang) is None for lang in langs):
            warnings.append(f"cannot check the fonts for {name} text: fc-list (fontconfig) is missing")
        elif missing:
            warnings.append(
                f"no font for {name} text (fc-list :lang={missing[0]} is empty): it would print as "
                f"empty boxes; install the Debian package {package}")
    return warnings


def render_pdfs(root: Path, out_dir: Path | None = None, *, jobs: int | None = None,
                site: Site | None = None, site_pdf: bool = True,
                progress: Progress | None = None) -> PdfReport:
    """Write out_dir/<slug>.pdf for each published briefing and out_dir/briefings.pdf.

    pipeline.build can call this with its staging folder (out_dir=staging / "pdf") and the
    site it has already loaded, so that the PDFs ship with the site.
    """
    from generator.outputs.pdf.assemble import SiteDocument, assemble
    from generator.outputs.pdf.layout import Part, Workers, lay_out_parts
    from generator.pipeline import load_and_validate

    say = progress or (lambda line: None)
    report = PdfReport()
    if site is None:
        site, report.problems = load_and_validate(root)
    config = read_config(root)
    out_dir = (out_dir or root / "site" / "pdf").resolve()
    briefings = site.published
    if not briefings:
        return report
    if site_pdf and any(b.slug + ".pdf" == SITE_PDF for b in briefings):
        raise BuildError(f"a briefing's slug is '{SITE_PDF[:-4]}', the name of the site PDF: rename "
                         "its folder in briefings/")
    out_dir.mkdir(parents=True, exist_ok=True)
    # The site PDF's parts: each briefing's pages as laid out, before they are numbered.
    work = Path(tempfile.mkdtemp(prefix=".pdf-parts-", dir=out_dir)) if site_pdf else None
    document = SiteDocument() if work else None
    try:
        # The workers start first, and get ready (Python, WeasyPrint) while the pages are rendered here.
        with Workers(jobs, len(briefings)) as workers:
            def parts() -> Iterator[Part]:
                # Made one at a time as they are handed out: the first is laid out while the rest are made.
                renderer = Renderer(site, config)  # and what it remembers, let go with the last part
                for i, b in enumerate(briefings):
                    page = renderer.briefing(b)
                    for warning in missing_fonts([page]):
                        if warning not in report.font_warnings:
                            report.font_warnings.append(warning)
                            say(f"warning: {warning}")
                    content = briefing_content(page, b.slug, live_url(config, b.slug))
                    yield Part(i, b.slug, briefing_html(b, content, config), out_dir / f"{b.slug}.pdf",
                               work / f"part-{i:05d}.pdf" if work else None)

            def ready(part: Part) -> None:
                if document and part.body:  # into the site PDF while the other briefings are laid out
                    document.append(part.body)

            counts = lay_out_parts(parts(), len(briefings), workers, say, ready if document else None)
            report.briefings = [out_dir / f"{b.slug}.pdf" for b in briefings]
            if document and work:
                report.site = out_dir / SITE_PDF
                report.site_pages = assemble(document, briefings, config, counts, report.site, work, workers, say)
    finally:
        if document:
            document.close()
        if work:
            shutil.rmtree(work, ignore_errors=True)
    return report
