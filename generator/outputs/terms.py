"""What every open-data file states the same way: the site's licence, and the addresses of the others."""

from __future__ import annotations

import re

from generator import urls
from generator.config import SiteConfig


def licence_terms(config: SiteConfig) -> dict[str, str] | None:
    """mkdocs.yml's licence as a Data Package licence, which needs a page (path) or an Open Definition id (name)."""
    licence = config.licence
    if licence is None:
        return None
    if licence.url:
        return {"path": licence.url, "title": licence.name}
    # A bare name is a licence id only when it looks like one ('CC-BY-4.0', not 'CC BY 4.0').
    return {"name": licence.name} if re.fullmatch(r"[-a-zA-Z0-9._]+", licence.name) else None


def address(config: SiteConfig, path: str, start: str) -> str:
    """The address of a file or page as written in a data file at start: absolute with site_url, else relative."""
    return urls.absolute(config.site_url, path) if config.site_url else urls.relative(path, start)
