"""Korean in print breaks between words, as Korean is set, never between two syllables of a word.

Line breaking (UAX 14) allows a break between any two Hangul syllables, and WeasyPrint ignores
print.css's 'word-break: keep-all', which would forbid it: a long Korean line ended inside a word
('… 모든 자' / '료를 …'). So each space-separated run of the text holding Hangul is put in a
<span class="keep-word"> (white-space: nowrap) when the print HTML is made.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc"
# A run of characters without a space that holds Hangul; a longer one is no word, and is left free to
# break rather than run past the margin.
WORD = re.compile(rf"[^\s]*[{HANGUL}][^\s]*")
LONGEST = 20
# Where a span would not be printed text: the document's head, stylesheets, scripts and SVG (charts, maps).
UNTOUCHED = {"head", "style", "script", "svg"}


class _TextRuns(HTMLParser):
    """Where each run of an HTML document's printed text starts, as an offset into the source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)  # text comes as it is in the source, references apart
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.inside = 0
        self.runs: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNTOUCHED:
            self.inside += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in UNTOUCHED and self.inside:
            self.inside -= 1

    def handle_data(self, data: str) -> None:
        if not self.inside and re.search(f"[{HANGUL}]", data):
            line, column = self.getpos()
            self.runs.append((self.line_starts[line - 1] + column, data))


def keep_word(found: re.Match[str]) -> str:
    """A Hangul word in a span that does not break, unless it is too long to be a word."""
    word = found.group()
    return word if len(word) > LONGEST else f'<span class="keep-word">{word}</span>'


def keep_korean_words(source: str) -> str:
    """The print HTML source with each word holding Hangul kept on one line."""
    parser = _TextRuns(source)
    parser.feed(source)
    parser.close()
    out, done = [], 0
    for start, text in parser.runs:
        assert source.startswith(text, start), "a text run was placed wrongly"
        # The text is HTML already (escaped): a word of it goes into the span as it is.
        out += [source[done:start], WORD.sub(keep_word, text)]
        done = start + len(text)
    out.append(source[done:])
    return "".join(out)
