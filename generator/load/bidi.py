"""Bidirectional control characters: refused in every file, since they make a page read otherwise than its file.

A right-to-left override (U+202E) written into a title shows "RTL" as "LTR", and an embedding or isolate
left open reorders what follows it: the text a reader sees would not be the text a reviewer approved
in the pull request ("Trojan Source", CVE-2021-42574). Pages set the direction of Arabic, Hebrew or
Persian text from its language, so no file needs them. The marks (U+200E, U+200F, U+061C) reorder
nothing around them and stay allowed.
"""

from __future__ import annotations

import re
import unicodedata

from generator.exceptions import Problem

# The embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# One file's answer is enough to show where they are: a pasted paragraph can hold dozens.
MOST_REPORTED = 5


def message(character: str) -> str:
    """What is wrong with one bidirectional control character."""
    name = unicodedata.name(character).lower()
    return (f"the bidirectional control character U+{ord(character):04X} ({name}) is not allowed: "
            "it changes the order in which the text around it is shown, so a page would not read as the file does")


HINT = ("delete it (it is invisible, and comes with text pasted from some programs); the page sets the direction "
        "of Arabic, Hebrew or Persian text from its language, such as 'language: ar'")


def bidi_problems(text: str, shown_as: str) -> list[Problem]:
    """A located problem for each of the first few bidirectional control characters in a file's text."""
    problems: list[Problem] = []
    for found in BIDI_CONTROL.finditer(text):
        if len(problems) == MOST_REPORTED:
            break
        before = text[: found.start()]
        problems.append(Problem(shown_as, before.count("\n") + 1, found.start() - before.rfind("\n"),
                                message(found.group()), HINT, code="yaml"))
    return problems
