"""PDF output: each published briefing to its own PDF, and the whole site to one PDF.

The pipeline hands over the resolved site. Each briefing's print HTML is rendered from the model
(briefing.py) and laid out by WeasyPrint with our print stylesheet: layout.py lays out each
briefing once, in worker processes, and numbers its pages; assemble.py joins them into the site PDF.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import urls
from generator.config import SiteConfig
from generator.exceptions import BuildError
from generator.model.briefing import Site
from generator.outputs.pdf.assemble import SiteDocument, assemble
from generator.outputs.pdf.base import Progress
from generator.outputs.pdf.briefing import briefing_html
from generator.outputs.pdf.fonts import FontCheck
from generator.outputs.pdf.layout import Part, Workers, lay_out_parts

SITE_PDF = urls.file_name(urls.SITE_PDF)  # in the folder the PDFs are written to


@dataclass
class PdfReport:
    """What render_pdfs wrote, and the warnings met on the way."""

    briefings: list[Path] = field(default_factory=list)
    site: Path | None = None
    site_pages: int = 0
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


def render_pdfs(site: Site, config: SiteConfig, out_dir: Path, *, jobs: int | None = None,
                site_pdf: bool = True, progress: Progress | None = None) -> PdfReport:
    """Write out_dir/<slug>.pdf for each published briefing of the resolved site, and out_dir/briefings.pdf."""
    say = progress or (lambda line: None)
    report = PdfReport()
    briefings = site.published
    if not briefings:
        return report
    if site_pdf and any(b.slug in urls.RESERVED_BY_OUTPUT["PDF"] for b in briefings):
        raise BuildError(f"a briefing's slug is '{SITE_PDF[:-4]}', the name of the site PDF: rename "
                         "its folder in briefings/")
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / urls.file_name(urls.briefing_pdf(b.slug)) for b in briefings]
    # The site PDF's parts: each briefing's pages as laid out, before they are numbered.
    work = Path(tempfile.mkdtemp(prefix=".pdf-parts-", dir=out_dir)) if site_pdf else None
    document = SiteDocument() if work else None
    try:
        # The workers start first, and get ready (Python, WeasyPrint) while the pages are rendered here.
        with Workers(jobs, len(briefings)) as workers:
            def parts() -> Iterator[Part]:
                # Made one at a time as they are handed out: the first is laid out while the rest are made.
                fonts = FontCheck()
                for i, b in enumerate(briefings):
                    html = briefing_html(b, site, config)
                    for warning in fonts.check(html):
                        report.font_warnings.append(warning)
                        say(f"warning: {warning}")
                    yield Part(i, b.slug, html, targets[i], work / f"part-{i:05d}.pdf" if work else None)

            def ready(part: Part) -> None:
                if document and part.body:  # into the site PDF while the other briefings are laid out
                    document.append(part.body)

            counts = lay_out_parts(parts(), len(briefings), workers, say, ready if document else None)
            report.briefings = targets
            if document and work:
                report.site = out_dir / SITE_PDF
                report.site_pages = assemble(document, briefings, config, counts, report.site, work, workers, say)
    finally:
        if document:
            document.close()
        if work:
            shutil.rmtree(work, ignore_errors=True)
    return report
