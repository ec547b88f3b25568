"""YAML syntax errors as a contributor can act on them: what is wrong, where, and how to fix it.

libyaml reports where its parser gave up, in parser terms ("mapping values are not allowed in
this context"). The usual causes are few — a ': ' in an unquoted value, a line indented one
space too far, a quote never closed, a tab — so we recognise them from the message and the
line, and point at the cause rather than at where the parser noticed it.
"""

from __future__ import annotations

import re
from typing import Any

from generator.exceptions import Problem

_KEY = re.compile(r"^\s*(?:-\s+)*([^\s:#'\"\[\]{},][^:#]*?)\s*:(?:\s|$)")
_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*):(?=[^\s/])")
_FIELD_START = re.compile(r"\s*(?:-\s+)?[^\s:#'\"]+:\s+")  # "  date: " before a value's opening quote
_FIELD_LINE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")  # "  date: …", "- id: …", "tags:"
QUOTE_HINT = 'put the whole value in quotes, e.g. title: "Seoul: talks"'
CURLY_QUOTES = "“”„‘’‚«»"
GENERIC_HINT = "check the indentation and punctuation on this line and the one before"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], line: int) -> tuple[int, str] | None:
    """The last non-blank, non-comment line before line (1-based), with its number."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return number, text
    return None


def _key_of(text: str) -> str:
    match = _KEY.match(text)
    return match.group(1).strip() if match else ""


def _in(key: str) -> str:
    return f" of '{key}'" if key else ""


# Characters that look like a space, or like nothing, and come with text pasted from a word processor
# or a web page: YAML reads none of them as a space.
_ODD = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space", "\u3000": "an ideographic space",
        "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
        "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space",
        **{chr(c): "a typographic space" for c in range(0x2000, 0x200B)}}
PASTED = "it comes with text pasted from a word processor or a web page"


def odd_character(text: str) -> tuple[int, str] | None:
    """The index and name ('a non-breaking space (U+00A0)') of the first such character in text, if any."""
    for i, char in enumerate(text):
        if char in _ODD:
            return i, f"{_ODD[char]} (U+{ord(char):04X})"
    return None


def _odd_space(lines: list[str], line: int) -> tuple[str, str, int, int] | None:
    """An odd space in the indentation or after the ':' of the line YAML failed at, or of the line above."""
    for number in (line, line - 1):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        if number < line and _in_block(lines, number):
            break  # the line above is a block's text ('summary: >-'), where ':' and spaces are just text
        lead = len(text) - len(text.lstrip(" \t-" + "".join(_ODD)))
        colon = text.find(":")
        structural = text[:lead] + (text[colon + 1 : colon + 2] if colon >= lead else "")
        found = odd_character(structural)
        if found:
            at = found[0] if found[0] < lead else colon + 1
            return (f"{found[1]} stands where YAML needs an ordinary space",
                    f"replace it with an ordinary space: {PASTED}", number, at + 1)
    return None


def _in_block(lines: list[str], number: int) -> bool:
    """Whether line number is text of a block ('summary: >-', 'text: |') opened by a less indented line."""
    indent = _indent(lines[number - 1])
    for above in range(number - 1, 0, -1):
        text = lines[above - 1]
        if text.strip() and _indent(text) < indent:
            return bool(re.search(r":\s*[>|][-+0-9]*\s*$", text))
    return False


def syntax_problem(err: Any, path: str, lines: list[str]) -> Problem:
    """Turn a libyaml MarkedYAMLError into a located problem with a hint a non-programmer can use."""
    mark, context_mark = err.problem_mark or err.context_mark, err.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    char = text[column - 1] if 0 < column <= len(text) else ""
    found = _explain(problem, context, context_mark, line, column, text, char, lines)
    if found is None:
        message, hint = f"YAML syntax error: {problem}" + (f" ({context})" if context else ""), GENERIC_HINT
    else:
        message, hint, line, column = found
    return Problem(path, line, column, message, hint, code="syntax")


def _explain(problem: str, context: str, context_mark: Any, line: int, column: int, text: str,
             char: str, lines: list[str]) -> tuple[str, str, int, int] | None:
    """(message, hint, line, column) for the mistakes we recognise, else None."""
    indentation = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indentation or char == "\t":
        tab = text.find("\t") + 1
        return ("a tab character is used for indentation",
                "YAML needs spaces: replace the tab with spaces", line, tab)
    odd = _odd_space(lines, line)
    if odd:
        return odd
    if context == "while scanning a quoted scalar" and context_mark is not None:
        at_line, at_col = context_mark.line + 1, context_mark.column + 1
        opened = lines[at_line - 1][at_col - 1 : at_col] if at_line <= len(lines) else '"'
        if "unknown escape" in problem:
            return (f"a backslash escape in this double-quoted value{_in(_key_of(text))} is not valid",
                    "write \\\\ for a backslash, or use single quotes: 'C:\\path'", line, column)
        return (f"the quote {opened} opened here is never closed",
                f"add the closing {opened} at the end of the value"
                + (", and write '' for a ' inside it" if opened == "'" else ', and write \\" for a " inside it'),
                at_line, at_col)
    if "unknown escape" in problem:
        return (f"a backslash escape in this double-quoted value{_in(_key_of(text))} is not valid",
                "write \\\\ for a backslash, or use single quotes: 'C:\\path'", line, column)
    opened = _unclosed_quote_above(lines, line + 1)
    if opened:
        return ("this quoted value is not closed on its line, so YAML reads on into the lines below",
                "close the quote at the end of the value, or remove the opening quote",
                opened, len(lines[opened - 1]) + 1)
    if "mapping values are not allowed" in problem:
        return _colon(line, column, text, lines)
    if "did not find expected key" in problem:
        stripped = text.lstrip()
        if stripped.startswith("- ") or stripped == "-":
            return ("a list item ('- …') stands where a field ('key: value') was expected",
                    "put the list under a key, indented, e.g. 'tags:' then '  - item'",
                    line, _indent(text) + 1)
        before = text[: column - 1].rstrip()
        if before.endswith(('"', "'")):
            quote, value = before[-1], re.sub(r"[ \t]+#.*$", "", text.partition(": ")[2]).strip()
            plain = value[1:].removesuffix(quote).replace("''", "'").replace('\\"', '"')  # as meant, unescaped
            single = "'" + plain.replace("'", "''") + "'"  # apostrophes written twice
            double = '"' + plain.replace("\\", "\\\\").replace('"', '\\"') + '"'  # quote marks escaped
            hint = "put the whole value inside the quotes"
            if value[:1] == quote == "'" and value.endswith("'"):  # 'the defectors' offer': an apostrophe closed it
                hint = f"inside '…' write an apostrophe twice: {single}, or use double quotes"
            elif parts := _TWO_QUOTED.fullmatch(value):  # "We warned," he said, "and nobody listened."
                hint = _two_quoted_hint(_key_of(text), value, *parts.groups())
            elif value[:1] == quote == '"' and value.endswith('"'):
                hint = f"inside \"…\" write a quote mark as \\\": {double}, or use single quotes"
            elif value[:1] == quote == "'":  # 'Talks' begin…, or 'The defectors' offer left open
                whole = '"' + value.replace('"', '\\"') + '"'
                word = (before[:-1].split() or [""])[-1].strip("'\"")
                hint = (f"if the ' after '{word}' is an "
                        f"apostrophe, write it twice: {single}; if the words before it are quoted, put the "
                        f"whole value in double quotes: {whole}")
            elif value[:1] == quote and (stray := text[column - 1:].strip()) and " " not in stray \
                    and value.endswith(stray):  # "2025-03-10"x: a stray character after the value
                hint = f"remove '{stray}' after the closing quote"
            elif value[:1] == quote:  # "Breaking" news: a quoted word first
                hint = "put the whole value in quotes: '" + value.replace("'", "''") + "'"
            return (f"text follows the closing quote of the value{_in(_key_of(text))}", hint, line, column)
        return _indentation(line, text, lines)
    if "did not find expected '-' indicator" in problem:
        return _indentation(line, text, lines)
    if ("cannot start any token" in problem or "expected node content" in problem) and char in "@`%|>!&*]},":
        return _bad_start(line, column, text, char)
    if context in ("while scanning an alias", "while scanning an anchor", "while scanning a directive") \
            and context_mark is not None and context_mark.line + 1 == line:
        at_col = context_mark.column + 1
        return _bad_start(line, at_col, text, text[at_col - 1 : at_col] or "*")
    if "while scanning a simple key" in context and context_mark is not None:
        at_line, at_col = context_mark.line + 1, context_mark.column + 1
        glued = _KEY_NO_SPACE.match(lines[at_line - 1]) if at_line <= len(lines) else None
        if glued:  # '  title:North Korean…' among the fields of an item
            key = glued.group(1).strip().lstrip("- ")
            return (f"a space is missing after '{key}:'",
                    f"write '{key}: value' with a space after the colon", at_line, glued.end() + 1)
        return ("this line should be 'field: value', or be indented under the field it continues",
                "a text that runs over several lines needs '>-' after its field (e.g. 'summary: >-') "
                "and its lines indented under it; otherwise a ':' may be missing", at_line, at_col)
    if context == "while parsing a flow node" or ("expected node content" in problem and "flow" in context):
        opened = _unclosed_bracket(lines, line, column)
        if opened is not None:
            bracket = lines[opened[0] - 1][opened[1] - 1]
            return (f"the '{bracket}' opened here is never closed",
                    f"close it with '{']' if bracket == '[' else '}'}' on the same line, or put a value "
                    f"that starts with '{bracket}' in quotes", *opened)
    if "expected <document start>" in problem:
        return ("this line does not belong to the list or the fields above it",
                "check the lines before it: a '#' may be missing before a comment, or a '- ' before "
                "an item", line, column)
    if "found undefined alias" in problem:
        return (f"the value{_in(_key_of(text))} cannot start with '*'",
                "put the value in quotes; YAML reads *name as a reference to an anchor &name",
                line, column)
    if context == "while scanning a block scalar":
        return ("a '|' or '>' must end its line",
                "start the text on the next line, indented, or put the value in quotes", line, column)
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        at_line = context_mark.line + 1 if context_mark else line
        at_col = context_mark.column + 1 if context_mark else column
        if at_line != line:
            return (f"the '{bracket}' opened here is never closed",
                    f"close it with '{close}' on the same line", at_line, at_col)
        return (f"an item inside '{bracket} … {close}' is not followed by ',' or '{close}'",
                "separate items with ', '; put an item that contains ':' or ',' in quotes",
                line, column)
    if "but found another document" in problem:
        return ("the file holds more than one YAML document", "remove the '---' line", line, column)
    if "exceeded maximum nesting depth" in problem:
        return ("values are nested too deeply",
                "briefing data is at most a few levels deep; check for '[' or '{' that are never closed",
                line, column)
    return None


def _unclosed_bracket(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """The last '[' or '{' before (line, column) that is not closed (quotes are not considered)."""
    depth = 0
    for number in range(line, max(line - 50, 0), -1):
        text = lines[number - 1] if number <= len(lines) else ""
        end = column - 1 if number == line else len(text)
        for index in range(end - 1, -1, -1):
            if text[index] in "]}":
                depth += 1
            elif text[index] in "[{":
                if depth == 0:
                    return number, index + 1
                depth -= 1
    return None


def _bad_start(line: int, column: int, text: str, char: str) -> tuple[str, str, int, int]:
    """A character YAML reserves, where a value, list item or line begins, or where none may be."""
    before = text[: column - 1].strip()
    key = _key_of(text)
    if before in ("", "-"):
        what = "a list item" if before else "a line"
        return (f"{what} cannot start with '{char}'",
                f"put the text in quotes, e.g. {before + ' ' if before else ''}\"{char}…\", or remove "
                f"the '{char}'", line, column)
    if before.endswith(":") and key:
        return (f"the value of '{key}' cannot start with '{char}'",
                f"put the value in quotes, e.g. {key}: \"{char}…\"", line, column)
    if before.endswith(("[", ",")):
        value = text.split(":", 1)[1].strip() if key and ":" in text else ""
        if value.startswith("[") and char == "@":
            # `text: [@src] said …`: a citation at the start makes YAML read a list.
            return (f"the value of '{key}' starts with '[', which YAML reads as a list",
                    f"put the whole value in quotes, e.g. {key}: \"[@…] …\", or put the citation "
                    "after the claim", line, column)
        return (f"an item in [ … ] cannot start with '{char}'", "put the item in quotes", line, column)
    return (f"the character '{char}' cannot stand here{_in(key)}",
            "remove it, or put the whole value in quotes", line, column)


def _colon(line: int, column: int, text: str, lines: list[str]) -> tuple[str, str, int, int]:
    """'mapping values are not allowed': a missing space after a key, a ': ' in a value, or indentation."""
    previous = _previous(lines, line)
    if previous is not None:
        number, before = previous
        if ":" not in before and not before.lstrip().startswith(("-", "[", "{", "'", '"')) \
                and _indent(before) <= _indent(text):
            return ("this line is neither 'field: value' nor a list item ('- …')",
                    "start it with '#' to make it a comment, or remove it", number, _indent(before) + 1)
        glued = _KEY_NO_SPACE.match(before)
        if glued and _indent(text) >= _indent(before) and ": " not in before[glued.end():]:
            key = glued.group(1).strip().lstrip("- ")
            return (f"a space is missing after '{key}:'",
                    f"write '{key}: value' with a space after the colon", number, glued.end() + 1)
    head = text[: column - 1]
    key_end = head.find(":")
    if key_end >= 0 and head[key_end + 1 :].strip():
        key = _key_of(text)
        value = text.partition(": ")[2].strip()
        if value[:1] in CURLY_QUOTES:  # “Union: strike”: quoted, but with quotes YAML reads as letters
            straight = '"' + value.strip("".join(CURLY_QUOTES)).replace('"', '\\"') + '"'
            return (f"the value{_in(key)} contains ': ' and must be put in quotes",
                    f"its quotes are curly ones (“ ”), which YAML reads as text: use straight quotes, "
                    f"{key or 'title'}: {straight}", line, column)
        return (f"the value{_in(key)} contains ': ' and must be put in quotes", QUOTE_HINT, line, column)
    return _indentation(line, text, lines)


def _unclosed_quote_above(lines: list[str], line: int) -> int:
    """The line above `line` whose quoted value was never closed, or 0.

    A value that opens a quote and does not close it on its line runs on until the next quote
    mark, often an apostrophe in a later line ("Russia's") or the opening quote of a later value
    ('date: "2024-10"'): YAML then fails there, far from the real mistake. A closing mark between
    two letters is taken for such an apostrophe, and one right after a later line's 'field: ' for
    such an opening quote.
    """
    for number in range(min(line - 1, len(lines)), max(line - 300, 0), -1):
        key, sep, value = lines[number - 1].partition(": ")
        value = value.strip()
        if not sep or not value or value[0] not in "'\"" or (len(value) > 1 and value.endswith(value[0])):
            continue
        quote = value[0]
        rest = "\n".join([value[1:], *lines[number : line - 1]])
        rest = rest.replace("''", "") if quote == "'" else rest.replace('\\"', "")
        closing = rest.find(quote)
        if closing < 0 or (0 < closing < len(rest) - 1 and rest[closing - 1].isalpha()
                           and rest[closing + 1].isalpha()):
            return number
        # A value that goes on over a later field of its own item or a later item ("  date: …",
        # "- id: …") was never closed, wherever the quote mark that ends it stands ("defectors' case").
        named_at = len(key) - len(key.lstrip(" -"))  # where the field's name starts: "  title", "- id"
        if any(_FIELD_LINE.match(text) and _indent(text) <= named_at for text in rest[:closing].split("\n")[1:]):
            return number
        starts = rest.rfind("\n", 0, closing) + 1
        return number if starts and _FIELD_START.fullmatch(rest[starts:closing]) else 0
    return 0


# Two quoted parts with a few words between them: '"We warned," he said, "and nobody listened."'.
_TWO_QUOTED = re.compile(r'"([^"]+)"\s*,?\s*([^"]{1,40}?)\s*,?\s*"([^"]+)"')


def _two_quoted_hint(key: str | None, value: str, first: str, between: str, second: str) -> str:
    """How to write a value quoting two parts with words between them: escaped, their marks would be unpaired."""
    if key == "text" and re.search(r"\w", between):  # a quote's text: the speaker's words alone
        joined = f"{first.rstrip()} {second.lstrip()}".replace('"', '\\"')
        return (f"a quote's text holds the speaker's words alone, without '{between.strip(' ,')}': "
                f"write \"{joined}\" and who said it in 'speaker'")
    return "put the whole value in single quotes: '" + value.replace("'", "''") + "'"


def _indentation(line: int, text: str, lines: list[str]) -> tuple[str, str, int, int]:
    """A line indented differently from the lines it belongs with."""
    previous = _previous(lines, line)
    column = _indent(text) + 1
    key = _key_of(text)
    name = f"'{key}:'" if key else "this line"
    if previous is None:
        return (f"{name} is indented wrongly", "the first line starts in column 1", line, column)
    number, before = previous
    if _indent(text) > _indent(before) and not text.lstrip().startswith("- "):
        return (f"{name} is indented more than line {number} above",
                "line it up with the other fields of the same item, or quote a value that "
                "continues on this line", line, column)
    # The line it most likely belongs with: same kind (list item or field), nearest indentation.
    dash = text.lstrip().startswith("- ")
    best: tuple[bool, int, int] | None = None
    for other in range(line - 1, 0, -1):
        candidate = lines[other - 1]
        if not candidate.strip() or candidate.lstrip().startswith("#"):
            continue
        rank = (candidate.lstrip().startswith("- ") != dash, abs(_indent(candidate) - _indent(text)), -other)
        if best is None or rank < best:
            best = rank
    assert best is not None
    match, target = -best[2], _indent(lines[-best[2] - 1]) + 1
    if key == "id" and not dash:
        # An 'id:' out of line is nearly always a new item whose '- ' was forgotten.
        return (f"{name} is not indented like the lines above it",
                "to start a new item, write '- id: …' (a dash and a space in front), lined up with "
                "the other items' dashes",
                line, column)
    return (f"{name} is not indented like the lines above it",
            f"line it up with line {match}, which starts in column {target}", line, column)


def reader_problem(err: Any, path: str, text: str, byte_offset: bool) -> Problem:
    """A character YAML refuses (a control character), located by line and column."""
    position = getattr(err, "position", 0) or 0
    # libyaml counts bytes of UTF-8, the pure-Python reader characters.
    before = text.encode()[:position].decode(errors="ignore") if byte_offset else text[:position]
    position = len(before)
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = getattr(err, "character", "")
    code = ord(character) if isinstance(character, str) and character else int(character or 0)
    return Problem(path, line, column, f"the control character U+{code:04X} is not allowed in YAML",
                   "delete it: it is invisible, and often comes from text pasted from a PDF or "
                   "a word processor", code="syntax")


def nesting_problem(path: str, text: str, limit: int) -> Problem:
    """Locate the first '[' or '{' nested deeper than limit (for parsers that recurse)."""
    depth = 0
    line, column = 1, 0
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif char in "[{":
            depth += 1
            if depth > limit:
                break
        elif char in "]}":
            depth = max(depth - 1, 0)
    return Problem(path, line, max(column, 1), "values are nested too deeply",
                   "briefing data is at most a few levels deep; check for '[' or '{' that are "
                   "never closed", code="syntax")
