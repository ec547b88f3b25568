"""What the generator reads from mkdocs.yml: the site's name, address, repository and search settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.exceptions import UsageError


@dataclass(frozen=True)
class SiteConfig:
    """The site settings pages, feeds and PDFs need; addresses are None when not set."""

    name: str = "Briefings"
    description: str = ""
    site_url: str | None = None
    repo_url: str | None = None
    edit_branch: str = "main"
    pdf_links: bool = False  # set by `briefing build --pdf`, which puts the PDFs beside the pages
    # Event summaries are the largest part of a briefing's text: indexed, they nearly double the search
    # index (5.7 to 10.7 MB at 200 briefings, docs/guide/performance.md). None: decided by the
    # site's size (render.SUMMARIES_INDEXED_UP_TO); True or False: as the site says.
    search_event_summaries: bool | None = None
    licence: Licence | None = None  # the terms of the briefings and their data; None: none stated
    corrections: Corrections | None = None  # where readers send corrections; None: no such line
    engine: str = "mkdocs"  # the site engine `briefing build` and `serve` run, one of ENGINES


@dataclass(frozen=True)
class Licence:
    """The licence the briefings and their data are published under: its name and its page."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Corrections:
    """Where readers send corrections: an address (mailto: or https:) and the words of its link."""

    url: str
    text: str


class _TolerantLoader(yaml.SafeLoader):
    """Reads past MkDocs' own tags (!ENV, !!python/name) instead of failing on them."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path) -> SiteConfig:
    """The SiteConfig of root/mkdocs.yml (defaults when the file has no such keys)."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"no mkdocs.yml in {root.resolve()}: run the command from the project root")
    try:
        data: Any = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as err:
        raise UsageError(f"mkdocs.yml cannot be read: {err}") from None
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return SiteConfig(
        name=str(data.get("site_name") or "Briefings"),
        description=str(data.get("site_description") or ""),
        site_url=str(data["site_url"]) if data.get("site_url") else None,
        repo_url=str(data["repo_url"]) if data.get("repo_url") else None,
        edit_branch=str(extra.get("edit_branch") or "main"),
        search_event_summaries=_flag(extra, "search_event_summaries"),
        licence=_licence(extra.get("licence")),
        corrections=_corrections(extra.get("corrections")),
        engine=_engine(extra.get("engine")),
    )


def _address(key: str, value: Any, schemes: tuple[str, ...]) -> str:
    """A link of a setting: text starting with one of schemes, else a usage error that says so."""
    text = value.strip() if isinstance(value, str) else ""
    if not text.lower().startswith(schemes) or any(c.isspace() for c in text):
        raise UsageError(f"mkdocs.yml: extra: {key} must be an address starting with "
                         f"{' or '.join(schemes)}, not {value!r}")
    return text


def _licence(value: Any) -> Licence | None:
    """extra: licence, as {name, url} or a bare name; None when absent."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return Licence(value.strip())
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip() \
            and set(value) <= {"name", "url"}:
        url = value.get("url")
        return Licence(value["name"].strip(), _address("licence: url", url, _WEB) if url is not None else None)
    raise UsageError("mkdocs.yml: extra: licence must be {name: ..., url: ...}, e.g. "
                     f"{{name: CC BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}}, not {value!r}")


def _corrections(value: Any) -> Corrections | None:
    """extra: corrections, as an address or {url, text}; None when absent."""
    if value is None:
        return None
    if isinstance(value, dict) and set(value) <= {"url", "text"}:
        url, text = value.get("url"), value.get("text")
    else:
        url, text = value, None
    address = _address("corrections", url, (*_WEB, "mailto:"))
    if text is not None and not (isinstance(text, str) and text.strip()):
        raise UsageError(f"mkdocs.yml: extra: corrections: text must be words, not {text!r}")
    shown = text.strip() if text else address.removeprefix("mailto:").split("?", 1)[0]
    return Corrections(address, shown)


_WEB = ("https://", "http://")

# Material for MkDocs is supported until 5 May 2027; Zensical, its successor, reads the same mkdocs.yml.
ENGINES = ("mkdocs", "zensical")


def _engine(value: Any) -> str:
    """extra: engine, one of ENGINES; mkdocs when absent."""
    if value is None:
        return ENGINES[0]
    if value not in ENGINES:
        raise UsageError(f"mkdocs.yml: extra: engine must be {' or '.join(ENGINES)}, not {value!r}")
    return str(value)


def _flag(extra: dict[str, Any], key: str) -> bool | None:
    """A true/false setting of mkdocs.yml's extra:, None when absent; anything else is a usage error."""
    value = extra.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):  # `"false"` would be truthy: say so rather than guess
        raise UsageError(f"mkdocs.yml: extra: {key} must be true or false, not {value!r}")
    return value


# What MkDocs adds to mkdocs.yml's markdown_extensions, before them (its config option's builtins).
_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def markdown_extensions(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """The Python-Markdown extensions mkdocs.yml names, with their settings, as MkDocs loads them."""
    try:
        data: Any = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):  # read_config reports it
        data = {}
    named: dict[str, dict[str, Any]] = {name: {} for name in _BUILTIN_EXTENSIONS}
    listed = data.get("markdown_extensions") if isinstance(data, dict) else None
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, str):
            named[item] = named.get(item, {})
        elif isinstance(item, dict):
            named.update((str(name), settings if isinstance(settings, dict) else {}) for name, settings in item.items())
    return list(named.items())
