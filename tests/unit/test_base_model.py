"""One base for the frozen pydantic types (penalty.base.Strict): immutable, unknown fields refused,
whether the type is an input, a result, a data schema or a setting."""

from __future__ import annotations

import pydantic
import pytest

from penalty.base import Strict
from penalty.cases.likely import Settings
from penalty.cases.schema import CaseRow
from penalty.catalogue.schema import Trigger
from penalty.models import Assessment, Case
from penalty.procedure.models import Deadline
from penalty.whatif import Toggle


@pytest.mark.parametrize("model", [Case, Assessment, Trigger, CaseRow, Settings, Deadline, Toggle])
def test_every_frozen_type_shares_the_base(model):
    assert issubclass(model, Strict)
    assert model.model_config["frozen"] is True and model.model_config["extra"] == "forbid"


def test_the_base_refuses_unknown_fields_and_changes():
    class Point(Strict):
        x: int

    p = Point(x=1)
    with pytest.raises(pydantic.ValidationError):
        p.x = 2
    with pytest.raises(pydantic.ValidationError, match="y"):
        Point(x=1, y=2)


def test_additions_merge_with_the_base():
    assert Trigger.model_config["defer_build"] is True  # the data schemas build lazily
    assert CaseRow.model_config["str_strip_whitespace"] is True


def test_no_pydantic_type_of_the_library_bypasses_the_base():
    import importlib
    import pkgutil

    import penalty

    for info in pkgutil.walk_packages(penalty.__path__, "penalty."):
        if info.name.endswith("__main__"):  # runs the command line
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    own = {m for m in subclasses(pydantic.BaseModel)
           if m.__module__.startswith("penalty.") and "[" not in m.__name__}
    assert len(own) > 40  # the walk found the library's types
    assert sorted(f"{m.__module__}.{m.__qualname__}" for m in own
                  if m is not Strict and not issubclass(m, Strict)) == []
