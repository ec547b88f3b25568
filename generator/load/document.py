"""A loaded YAML file kept small: its text once, and every value's and key's position packed in arrays."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

Path_ = tuple[str | int, ...]

# A position packed in one integer: line * _LINE + column (a file is at most a few MiB).
_LINE = 1 << 32


def pack(line: int, column: int) -> int:
    """A (line, column) as one integer of a Document's arrays."""
    return line * _LINE + column


def _unpack(packed: int) -> tuple[int, int]:
    return packed // _LINE, packed % _LINE


class Lines(Sequence[str]):
    """A text's lines without their line breaks, cut from the text when asked for: the text is held once."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("I", [0])
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        count = len(self._starts)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("line index out of range")
        end = self._starts[index + 1] - 1 if index + 1 < count else len(self.text)
        return self.text[self._starts[index] : end]

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split("\n"))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            return self.text == other.text
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a list of the same lines, which has none

    def __repr__(self) -> str:
        return f"Lines({len(self)} lines)"


class Document:
    """One YAML file: its text, its value, and the line and column of every value and key.

    The positions are kept in the order the loader met the values (each value before the values it
    holds), three numbers a value instead of a dictionary entry and tuples per path, which made the
    positions take five times the memory of the text; where() finds a path's number by walking data.
    data is read, never changed, after loading: its order of keys is what the numbers follow.
    """

    __slots__ = ("_known", "_lines", "data", "keys", "path", "spans", "text", "values")

    def __init__(self, path: str, text: str, data: Any = None) -> None:
        self.path = path  # as shown to contributors, relative to the project root, with '/'
        self.text = text
        self.data = data
        self.values = array("Q")  # each value's packed position
        self.keys = array("Q")  # the packed position of each mapping value's key; 0 for list items and the root
        self.spans = array("I")  # how many values each value is, with those it holds: the next sibling's offset
        self._lines: Lines | None = None
        self._known: dict[Path_, tuple[int, int]] | None = None

    @classmethod
    def standing_in(cls, path: str, known: dict[Path_, tuple[int, int]]) -> Document:
        """A document with no text or data that knows where a few values stand (an index's summary of a file)."""
        document = cls(path, "")
        document._known = known
        return document

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without the lines, which are found again from the text."""
        return _restore, self._state()

    def _state(self) -> tuple[Any, ...]:
        return self.path, self.text, self.data, self.values, self.keys, self.spans, self._known

    def __eq__(self, other: object) -> bool:
        """The same file read the same way: text, value and every position."""
        return isinstance(other, Document) and self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]  # equal by content, which can change while it is read

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {len(self.values)} values)"

    @property
    def lines(self) -> Lines:
        """The file's lines, without line breaks: lines[n - 1] is line n."""
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at path, or of its key; falls back to the nearest parent."""
        if self._known is not None:
            return next((self._known[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self._known), (1, 1))
        if not self.values:
            return (1, 1)
        node, value, by_key = 0, self.data, False
        for step in path:
            if isinstance(value, dict) and isinstance(step, str) and step in value:
                node += 1
                for name in value:
                    if name == step:
                        break
                    node += self.spans[node]
                by_key = True
            elif isinstance(value, list) and type(step) is int and 0 <= step < len(value):
                node += 1
                for _ in range(step):
                    node += self.spans[node]
                by_key = False
            else:
                break
            value = value[step]
        return _unpack(self.keys[node] if key and by_key else self.values[node])

    def _walk(self) -> Iterator[tuple[Path_, int]]:
        """Every path in data with its value's number, in the loader's order."""
        if not self.values:
            return
        stack: list[tuple[Path_, Any]] = [((), self.data)]
        node = 0
        while stack:
            path, value = stack.pop()
            yield path, node
            node += 1
            if isinstance(value, dict):
                stack.extend(((*path, k), v) for k, v in reversed(value.items()))
            elif isinstance(value, list):
                stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))

    @property
    def value_at(self) -> dict[Path_, tuple[int, int]]:
        """Every value's (line, column) by path: for tests and tools, not for the stages (where() is cheaper)."""
        return {path: _unpack(self.values[node]) for path, node in self._walk()}

    @property
    def key_at(self) -> dict[Path_, tuple[int, int]]:
        """Every mapping key's (line, column) by the path of its value."""
        return {path: _unpack(self.keys[node]) for path, node in self._walk() if path and isinstance(path[-1], str)}


def _restore(path: str, text: str, data: Any, values: array[int], keys: array[int], spans: array[int],
             known: dict[Path_, tuple[int, int]] | None) -> Document:
    document = Document(path, text, data)
    document.values, document.keys, document.spans, document._known = values, keys, spans, known
    return document
