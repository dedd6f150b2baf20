"""Dated values of the law, looked up by day (OpenFisca style).

Every value the rules take from the Provision or the APL (split points, float, limitation
periods, ages, the repeat-offence rule, the grounds the 2021 APL text added, which APL text is in
force) is a :class:`Param`: a list of (first day, value) read from ``data/benchmark.yaml``. The
value of a day is that of the latest first day on or before it. A day before the first one has
no value: :meth:`Param.at` and :meth:`Param.over` raise :class:`~penalty.errors.NotInForce`
there, unless the caller names the answer for that case itself (``not_in_force=``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from pydantic import BaseModel

from penalty.errors import NotInForce

from .schema import BenchmarkFile, Parameter

__all__ = ["Param", "collect"]

_RAISE: Any = object()  # no answer given for days before the first value: raise


class Param:
    """One dated value: ``name`` (e.g. ``split.lenient_upper_pct``), its days and values."""

    __slots__ = ("name", "meta", "starts", "values")

    def __init__(self, name: str, meta: Parameter):
        self.name = name
        self.meta = meta  # citation, citation_zh, confidence, note, values as in the file
        keys = list(meta.values)
        self.starts = np.array(keys, dtype="datetime64[D]")
        values = [meta.values[k] for k in keys]
        if all(isinstance(v, (bool, int)) for v in values):
            self.values = np.array(values)
        else:  # records (the APL's texts): one object per date, never unpacked by numpy
            self.values = np.empty(len(values), dtype=object)
            for i, v in enumerate(values):
                self.values[i] = v

    def __repr__(self) -> str:
        pairs = ", ".join(f"{k}: {v}" for k, v in self.meta.values.items())
        return f"Param({self.name}: {{{pairs}}})"

    @property
    def since(self) -> dt.date:
        """The first day with a value."""
        return next(iter(self.meta.values))

    @property
    def first(self) -> Any:
        """The first value (the one from :attr:`since`)."""
        return next(iter(self.meta.values.values()))

    @property
    def citation(self) -> str:
        return self.meta.citation

    @property
    def citation_zh(self) -> str:
        return self.meta.citation_zh

    def changes(self) -> list[tuple[dt.date, Any]]:
        """(first day, value) pairs in date order."""
        return list(self.meta.values.items())

    def first_day_of(self, value: Any) -> dt.date | None:
        """The first day on which the parameter has ``value`` (None if never)."""
        return next((k for k, v in self.meta.values.items() if v == value), None)

    def in_force(self, days: np.ndarray) -> np.ndarray:
        """Whether each day has a value (False before the first day and for NaT)."""
        days = np.asarray(days, dtype="datetime64[D]")
        return ~np.isnat(days) & (days >= self.starts[0])

    def at(self, day: dt.date | np.datetime64, *, not_in_force: Any = _RAISE) -> Any:
        """The value on ``day``: a Python scalar (int or bool), or the record (a text)."""
        value = self.over(np.array([day], dtype="datetime64[D]"), not_in_force=not_in_force)[0]
        return value.item() if isinstance(value, np.generic) else value

    @property
    def latest(self) -> tuple[dt.date, Any]:
        """The last (first day, value) pair."""
        return self.changes()[-1]

    def over(self, days: np.ndarray, *, not_in_force: Any = _RAISE) -> np.ndarray:
        """The value on each of ``days`` (datetime64[D]). Days before the first value and NaT
        raise :class:`NotInForce`, or take ``not_in_force`` where the caller gives it."""
        days = np.asarray(days, dtype="datetime64[D]")
        # A parameter has a handful of dates: one comparison per later date beats a binary search
        # (NaT compares False, so it counts as before the first date).
        if len(self.starts) == 1:
            out = np.full(days.shape, self.values[0])
        else:
            at = np.zeros(days.shape, np.intp)
            for start in self.starts[1:]:
                at += days >= start
            out = self.values[at]
        missing = ~(days >= self.starts[0])
        if missing.any():
            if not_in_force is _RAISE:
                bad = days[missing][0]
                raise NotInForce(self.name, None if np.isnat(bad) else bad.item(), self.since)
            out[missing] = not_in_force  # (``out`` is a new array: filled in place)
        return out


def collect(bench: BenchmarkFile) -> dict[str, Param]:
    """Every dated parameter of ``benchmark.yaml`` by dotted name (``group.field``)."""
    out: dict[str, Param] = {}
    for group_name in type(bench).model_fields:
        group = getattr(bench, group_name)
        if not isinstance(group, BaseModel):
            continue
        for field in type(group).model_fields:
            value = getattr(group, field)
            if isinstance(value, Parameter):
                out[f"{group_name}.{field}"] = Param(f"{group_name}.{field}", value)
    return out
