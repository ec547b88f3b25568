"""A source's link written where its id belongs: in a 'sources: […]' list, or cited inline as [@https://…].

Sources are cited by id. When a source of the briefing or of the site-wide briefings/sources.yaml has
that link (compared as duplicates.url_key compares links), the hint names its id; else it says how to
add the source. The link of an item that fails validation is reported by field_messages, which sees one
file: its hint is written here, afresh on every check, since it depends on other files.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from generator.exceptions import Problem
from generator.load.reader import Document, RawSite
from generator.validate import duplicates
from generator.validate.placeholders import texts_of

CODE = "source_link"  # the code of field_messages' error for a link in a 'sources' list
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.I)


def is_link(value: object) -> bool:
    """Whether value is a web address (https://…, http://… or www.…) rather than an id."""
    return isinstance(value, str) and _LINK.fullmatch(value.strip()) is not None


def hint(raw: RawSite, url: str, slug: str | None, inline: bool = False) -> str:
    """How to cite the source with this link in the briefing slug: by the id of the source that has it, if any."""
    url = url.strip()
    found = duplicates.matches(raw, "sources", url if "://" in url else "https://" + url)  # 'www.…' as browsers do
    # The briefing's own source first, then a site-wide one: either can be cited here.
    usable = sorted((w for w in found if w.owner in (slug, None)), key=lambda w: w.owner is None)
    written = "@{}" if inline else "{}"
    if usable:
        source = usable[0]
        return (f"this is the link of the source '{source.item_id}' ({source.where}): write "
                + written.format(source.item_id) + " in its place")
    if found:  # another briefing's: only its own briefing may cite it
        source = found[0]
        return (f"this is the link of the source '{source.item_id}' of the briefing '{source.owner}' "
                f"({source.where}): move it to briefings/sources.yaml, where every briefing can cite it, "
                "and write its id in its place")
    return (f"add the source to {_sources_file(raw, slug)} ('- id: …' with 'url: …' and its title and publisher "
            "under it), then write " + written.format("its id") + " in its place")


def _sources_file(raw: RawSite, slug: str | None) -> str:
    """Where the briefing slug lists its sources: its sources.yaml, or the 'sources:' of its briefing.yaml."""
    briefing = next((b for b in raw.briefings if b.slug == slug), None)
    if briefing is not None:
        return briefing.lists("sources")
    return f"briefings/{slug}/sources.yaml" if slug else "briefings/sources.yaml"


def message(url: str, inline: bool = False) -> str:
    """What a link written where a source's id belongs is told."""
    shown = url.strip() if len(url.strip()) <= 60 else url.strip()[:60] + "…"
    return (f"'@{shown}' in a citation is a link" if inline else f"'sources' holds a link, '{shown}'") + \
        ": sources are cited by their id, not by their link"


# Told when the site's sources are not at hand (field_messages sees one file); with_hints tells more.
HINT = "write the id of the source that has this link, as given in its '- id: …' line"


def with_hints(problems: list[Problem], raw: RawSite) -> list[Problem]:
    """The problems, each link in a 'sources' list hinted with the id of the source that has it (if any)."""
    if not any(p.code == CODE for p in problems):
        return problems  # nearly always: nothing to look up
    files = {p.file for p in problems if p.code == CODE}
    links = {(doc.path, *doc.where(path)): (text, slug) for doc, slug in _documents(raw) if doc.path in files
             for path, text in _links_listed(doc)}
    found = []
    for problem in problems:
        link = links.get((problem.file, problem.line, problem.column)) if problem.code == CODE else None
        found.append(dataclasses.replace(problem, hint=hint(raw, *link)) if link else problem)
    return found


def _documents(raw: RawSite) -> Iterator[tuple[Document, str | None]]:
    """Every loaded document with the slug of its briefing (None: a site-wide file)."""
    yield from ((doc, None) for doc in raw.registries.values())
    for briefing in raw.briefings:
        yield from ((doc, briefing.slug) for doc in briefing.documents.values())


def _links_listed(doc: Document) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each link written as an item of a 'sources' list in doc, with its path."""
    for path, text in texts_of(doc.data):
        if len(path) >= 2 and path[-2] == "sources" and isinstance(path[-1], int) and is_link(text):
            yield path, text
