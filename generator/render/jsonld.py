"""JSON-LD (schema.org Report) for a briefing page, escaped for an HTML <script> element."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator import urls
from generator.config import Licence
from generator.model.briefing import Briefing
from generator.model.contract import Source
from generator.render.markup import plain_text


def _source(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        work["url"] = source.url
    if source.published:
        work["datePublished"] = source.published.lower.isoformat()
    return work


def briefing(item: Briefing, sources: Mapping[str, Source], site_url: str | None,
             licence: Licence | None = None, tag_labels: Mapping[str, str] | None = None) -> str:
    """The JSON-LD of one briefing as text safe inside <script type="application/ld+json">; its keywords are
    its tags as readers see them (Site.tag_labels)."""
    meta = item.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "description": plain_text(meta.summary, 300),
        "dateModified": meta.updated.lower.isoformat(),
        "inLanguage": "en",
        "keywords": [(tag_labels or {}).get(tag, tag) for tag in meta.tags],
        "citation": [_source(sources[i]) for i in item.cited_source_ids() if i in sources],
    }
    if meta.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in meta.authors]
    if licence:
        # schema.org's license is a URL or a CreativeWork: the licence's page when there is one.
        data["license"] = licence.url or licence.name
    if meta.created:
        data["datePublished"] = meta.created.lower.isoformat()
    if site_url:
        data["url"] = urls.absolute(site_url, urls.briefing_page(item.slug))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Contributor text must not be able to close the <script> element or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
