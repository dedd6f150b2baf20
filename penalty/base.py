"""The one base of the project's frozen pydantic types (inputs, results, data schemas, settings).

A subclass adds to its ``model_config`` only what it needs beyond this (pydantic merges the two):
the data schemas defer building their validators, the case-set rows strip whitespace.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Immutable once built; an unknown field is refused, never silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)
