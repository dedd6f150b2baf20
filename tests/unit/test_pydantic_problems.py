"""One reader of pydantic errors (penalty.errors.problems) behind every message worded from them."""

from __future__ import annotations

import pydantic
import pytest

import penalty
from penalty.base import Strict
from penalty.errors import problems


class Point(Strict):
    x: int

    @pydantic.field_validator("x")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v < 0:
            raise ValueError("X must be at least 0")
        return v


def test_each_error_read_once_in_order():
    with pytest.raises(pydantic.ValidationError) as exc:
        Point.model_validate({"x": -1, "y": 2})
    first, second = problems(exc.value)
    assert (first.field, first.value, first.type) == ("x", -1, "value_error")
    assert first.msg == "Value error, X must be at least 0"
    assert first.message == "X must be at least 0"
    assert (second.loc, second.type, second.value) == (("y",), "extra_forbidden", 2)


def test_the_single_path_words_it_as_before():
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01", "party": {"kind": "organisation"},
                        "colour": "red"})
    assert exc.value.field == "colour"
    assert "unknown field; known fields:" in str(exc.value)
