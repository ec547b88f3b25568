"""Where a briefing's locator map goes in print: under the Timeline heading, or atop the next page.

The map is some 10 cm tall with its caption and is never split. Where the page before has no room
for it, the heading goes on with it (a heading is kept with what follows) and that page is left
blank below the key points: half of page 1 after short ones. A designer of printed briefings lets
the text run on and sets the figure at the top of the next page, as a page float. WeasyPrint has
no page floats, so such a briefing is laid out twice more (layout.lay_out_briefing): once without
the map and up to the end of the timeline, to see which event the next page starts with, and once
whole with the map set before that event.

These functions read WeasyPrint's laid-out boxes (Page._page_box: the public API gives anchors'
places, not where a page's text ends) and edit the parsed HTML tree before it is laid out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import Element

# A page blank below its text for less than this share of its height (some 4 cm) ends as pages do:
# the Timeline heading and an event under it would hardly fit there. Above it, the map is moved.
BLANK = 0.15

Edit = Callable[[Element], None]


def _has_class(element: Any, tag: str, name: str) -> bool:
    """Whether an element (of the HTML tree, or a box's) is tag with the class name."""
    return element is not None and element.tag == tag and name in (element.get("class") or "").split()


def _boxes(box: Any) -> Iterator[Any]:
    """A box and every box inside it, in document order."""
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _content(page: Any) -> Iterator[Any]:
    """Every box of a page's content: not its margin boxes (header, footer)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for child in page._page_box.children:
        if not isinstance(child, MarginBox):
            yield from _boxes(child)


def _blank_below(page: Any) -> float:
    """The share of a page's content area left blank below its last line or picture."""
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    # Lines and pictures only: a block that goes on to the next page reaches down to the bottom.
    box = page._page_box
    top, height = box.content_box_y(), box.height
    ends = [b.position_y + b.margin_height() for b in _content(page) if isinstance(b, LineBox | ReplacedBox)]
    return float((top + height - max(ends, default=top)) / height)


def pushed_map(document: Any) -> int | None:
    """The page the map starts on, if the page before it was left blank for more than BLANK; else None."""
    for number, page in enumerate(document.pages):
        if any(_has_class(box.element, "figure", "map-figure") for box in _content(page)):
            return number if number and _blank_below(document.pages[number - 1]) > BLANK else None
    return None


def _events(page: Any) -> list[str]:
    """The ids of the timeline's events laid out on a page, in order."""
    found = (box.element.get("id") for box in _content(page) if _has_class(box.element, "li", "timeline-event"))
    return list(dict.fromkeys(found))


def first_event_on(document: Any, number: int) -> str | None:
    """The first event that starts on page number or after, once an event fits before it; else None.

    '' when every event fits before that page.
    """
    before = _events(document.pages[number - 1])
    if not before:
        return None
    later = [event for page in document.pages[number:] for event in _events(page) if event not in before]
    return later[0] if later else ""


def _parents(root: Element) -> dict[Element, Element]:
    """Each element's parent: ElementTree keeps none."""
    return {child: parent for parent in root.iter() for child in parent}


def _find(root: Element, tag: str, name: str) -> Element:
    """The first element of the tree that is tag with the class name."""
    return next(element for element in root.iter(tag) if _has_class(element, tag, name))


def _move_after(parents: dict[Element, Element], anchor: Element, *elements: Element) -> None:
    """Set elements, in order, right after anchor under its parent."""
    parent = parents[anchor]
    at = list(parent).index(anchor) + 1
    for offset, element in enumerate(elements):
        parent.insert(at + offset, element)


def without_map(root: Element) -> None:
    """Edit: take the map out, and all that follows the timeline, which cannot move its events."""
    parents = _parents(root)
    figure, timeline = _find(root, "figure", "map-figure"), _find(root, "ol", "timeline")
    parents[figure].remove(figure)
    article = parents[timeline]
    for later in list(article)[list(article).index(timeline) + 1:]:
        article.remove(later)


def map_before(event_id: str) -> Edit:
    """Edit: set the map before an event ('' after the last), splitting the timeline, and its day, there.

    The events after the map go on in a list of their own; those of a split day are set as on a
    page that starts within a day, each with its date.
    """
    def edit(root: Element) -> None:
        parents = _parents(root)
        figure, timeline = _find(root, "figure", "map-figure"), _find(root, "ol", "timeline")
        parents[figure].remove(figure)
        if not event_id:
            _move_after(parents, timeline, figure)
            return
        event = next(e for e in root.iter("li") if e.get("id") == event_id)
        events = parents[event]
        day = parents[events]
        rest = Element("ol", dict(timeline.attrib))
        rest.text = "\n"
        kept = list(timeline)[:list(timeline).index(day) + 1]
        if list(events).index(event):  # a later event of its day: the day goes on after the map
            going_on, more = Element("li", dict(day.attrib)), Element("ol", dict(events.attrib))
            going_on.append(more)
            for later in list(events)[list(events).index(event):]:
                events.remove(later)
                more.append(later)
            rest.append(going_on)
        else:
            kept.pop()
        for later in list(timeline)[len(kept):]:
            timeline.remove(later)
            rest.append(later)
        _move_after(parents, timeline, figure, rest)
    return edit
