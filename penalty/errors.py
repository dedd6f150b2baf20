"""One error hierarchy. Every message says what is wrong, where, and what would be valid."""

from __future__ import annotations

from typing import Any, NamedTuple


class PenaltyError(Exception):
    """Base class of every error the library raises on purpose."""


class DataError(PenaltyError):
    """A data file under ``data/`` is malformed: names the file, the entry and the field."""

    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{file}: {len(problems)} problem(s)\n{lines}")


class InputError(PenaltyError, ValueError):
    """A case is malformed: names the field, the value given, and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str, *, row: int | None = None):
        self.field = field
        self.value = value
        self.allowed = allowed
        self.row = row
        where = f"row {row}: " if row is not None else ""
        super().__init__(f"{where}{field}: {value!r} is not valid; {allowed}")

    @classmethod
    def from_message(cls, field: str, message: str, *, row: int | None = None) -> InputError:
        """Wrap a message already phrased as 'field: value is not valid; allowed'."""
        err = cls.__new__(cls)
        err.field, err.value, err.allowed, err.row = field, None, message, row
        where = f"row {row}: " if row is not None else ""
        Exception.__init__(err, f"{where}{message}")
        return err

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "value": _jsonable(self.value), "allowed": self.allowed,
                "row": self.row, "message": str(self)}


class BatchError(PenaltyError, ValueError):
    """A batch file as a whole cannot be read (or its output cannot be written): says where (row,
    column) and what is valid. Problems inside a row become that row's error instead."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.row, self.column = row, column
        super().__init__(message)


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class MissingExtra(PenaltyError, ImportError):
    """An optional package is not installed: names the package and the extra that brings it."""

    def __init__(self, package: str, extra: str, purpose: str):
        self.package, self.extra = package, extra
        super().__init__(f"{purpose} needs the package {package!r}, which is not installed; install "
                         f"it with: pip install 'penalty[{extra}]'")


def close_matches(value: object, pool, n: int = 3) -> list[str]:
    """Up to ``n`` entries of ``pool`` that look like ``value`` (difflib ratio at least 0.6), best
    first: the one way an error message suggests what was probably meant."""
    import difflib

    return difflib.get_close_matches(str(value), list(pool), n=n, cutoff=0.6)


class Problem(NamedTuple):
    """One pydantic error, read once for every message the project words from it."""

    loc: tuple[Any, ...]
    field: str  # the location as a dotted path ("" at the top level)
    value: Any  # the input that was refused
    type: str  # pydantic's error type, e.g. "extra_forbidden"
    msg: str  # pydantic's message as it is
    message: str  # the message without pydantic's "Value error, " prefix
    ctx: dict[str, Any]


def problems(exc: Any) -> list[Problem]:
    """The errors of a pydantic ``ValidationError`` as :class:`Problem` tuples, in order."""
    return [Problem(tuple(e["loc"]), ".".join(str(p) for p in e["loc"]), e.get("input"),
                    e["type"], e["msg"], e["msg"].removeprefix("Value error, "),
                    dict(e.get("ctx") or {}))
            for e in exc.errors()]


class NotInForce(PenaltyError, LookupError):
    """A dated value of the law was asked for a day before its first value (or for no day):
    names the parameter, the day and the first day it has a value."""

    def __init__(self, name: str, day: object, since: object):
        self.name, self.day, self.since = name, day, since
        shown = "no date" if day is None else str(day)
        super().__init__(f"{name}: not in force on {shown}; its first value applies from {since} "
                         "(data/benchmark.yaml)")
