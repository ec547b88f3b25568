"""The print HTML of one briefing, rendered from the model with templates/briefing.html.j2.

Every id the page writes, and every in-page link, carries the briefing's slug ('#nato' →
'#<slug>--nato'), so that the site PDF can join all the briefings in one name space: slugs never
contain '--', so a prefixed id can clash neither with another briefing's nor with a bare slug.
"""

from __future__ import annotations

import base64
import functools
import re
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.config import SiteConfig
from generator.model import figures, likelihood
from generator.model.briefing import Briefing, Site
from generator.model.language_codes import language_name
from generator.outputs.pdf.base import TEMPLATES, render_template
from generator.outputs.pdf.hangul import keep_korean_words
from generator.outputs.pictures import encode
from generator.render import charts, maps, markup
from generator.render.citations import Citations, not_cited_in
from generator.render.environment import (
    GRADES_EXPLAINED,
    event_days,
    figure_cell,
    full_stop,
    involved_actors,
    item_labels,
    latest_additions,
    source_title,
    time_element,
)
from generator.render.languages import direction
from generator.render.timeline import coverage

# The Admiralty grades' scales, as docs/guide/methodology.md gives them (a test keeps the two the same):
# the PDF's legend under the sources, since a paper reader cannot follow the link to that page.
GRADE_LETTERS = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
                 "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
GRADE_DIGITS = {"1": "confirmed by other sources", "2": "probably true", "3": "possibly true", "4": "doubtful",
                "5": "improbable", "6": "truth cannot be judged"}
# The confidence levels, as the methodology page gives them (the same test): printed under the assessments
# with the likelihood scale, which a paper reader cannot look up on the site.
CONFIDENCE = {"high": "the judgement rests on good-quality information from several independent sources, and the "
                      "analysts expect it to hold",
              "moderate": "the information is credible and plausible, but it comes from few sources, is not "
                          "corroborated enough, or admits other readings",
              "low": "the information is scant, questionable or fragmented, or comes from sources whose "
                     "reliability cannot be judged"}


def live_url(config: SiteConfig, slug: str) -> str:
    """The address of a briefing's page on the live site, or '' when site_url is not set."""
    if not config.site_url:
        return ""
    return urls.absolute(config.site_url, urls.briefing_page(slug))


def id_prefix(slug: str) -> str:
    """What goes before every id of a briefing's print HTML."""
    return f"{slug}--"


@functools.cache
def chart_css() -> str:
    """chart.css, for inside each chart's <svg>, where WeasyPrint's SVG renderer sees it."""
    # Comments go: inside <svg> the HTML parser would read a '<' in them as a tag.
    css = (TEMPLATES / "chart.css").read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S).strip()


PRINT_WIDTH = 960  # pixels across a picture's 160 mm of page: 150 dpi


def printed_pictures(briefing: Briefing) -> list[tuple[Any, str, int, int]]:
    """Each picture with its pixels as a data: address (re-encoded, without metadata), width and height."""
    shown = []
    for picture in briefing.meta.images:
        image = briefing.images.get(picture.file)
        if image is not None:
            width = max([w for w in image.widths() if w <= PRINT_WIDTH] or [min(image.widths())])
            mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image.format]
            data = base64.b64encode(encode(image, width)).decode("ascii")
            shown.append((picture, f"data:{mime};base64,{data}", width, image.height_at(width)))
    return shown


def briefing_html(briefing: Briefing, site: Site, config: SiteConfig) -> str:
    """The print HTML of one briefing, ready for WeasyPrint."""
    prefix = id_prefix(briefing.slug)
    cite = Citations(site.sources, id_prefix=prefix)

    def md(text: str | None) -> Markup:
        return markup.markdown_html(text, cite, prefix) if text else Markup("")

    def md_inline(text: str | None) -> Markup:
        return markup.inline_html(text, cite, prefix) if text else Markup("")

    def site_href(path: str) -> Markup:
        # A link to another page of the site goes to the live page; without site_url a PDF has
        # nowhere to send it, and it stays as text.
        if not config.site_url:
            return Markup("")
        return Markup(' href="{}"').format(urls.absolute(config.site_url, path))

    def chart(measure: figures.Measure) -> Markup:
        return charts.chart(measure, site.actors, site.claimant_slots, id_prefix=prefix, css=chart_css())

    meta = briefing.meta
    context: dict[str, Any] = {
        "slug": briefing.slug, "briefing": briefing, "meta": meta, "config": config, "actors": site.actors,
        "live_url": live_url(config, briefing.slug), "urls": urls, "site_href": site_href,
        "anchor": lambda name: prefix + name, "cite": cite, "md": md, "md_inline": md_inline,
        "time": time_element, "figure_value": figures.figure_value, "not_cited_in": not_cited_in,
        "full_stop": full_stop, "coverage": coverage, "direction": direction, "language_name": language_name,
        "figure_cell": figure_cell,
        "events": {e.id: e for e in briefing.events},
        "graded": any(site.sources[i].reliability for i in briefing.cited_source_ids() if i in site.sources),
        "grade_letters": GRADE_LETTERS, "grade_digits": GRADE_DIGITS, "grades_explained": GRADES_EXPLAINED,
        "source_title": source_title,
        "likelihood_scale": likelihood.SCALE, "confidence_levels": CONFIDENCE,
        "days": event_days(list(briefing.events)), "measures": figures.measures(list(briefing.figures)),
        "chart": chart, "involved": involved_actors(briefing, site.actors), "pictures": printed_pictures(briefing),
        **maps.map_view(briefing.events, site.places, prefix),
        "item_labels": item_labels(briefing, site.actors), "likelihood_band": likelihood.band,
        "updated_on": latest_additions(briefing)[0], "new_items": latest_additions(briefing)[1],
        # PDF dates come from the data, never from the clock: building twice gives the same file.
        "created": (meta.created or meta.updated).lower.isoformat(), "modified": meta.updated.lower.isoformat(),
    }
    return keep_korean_words(render_template("briefing.html.j2", **context))
