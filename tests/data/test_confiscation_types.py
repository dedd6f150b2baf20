"""benchmark.yaml ``confiscation_types``: the penalty types that confiscate illegal gains, read
from data (not a substring test in code) and checked against the provisions when loading."""

from __future__ import annotations

import shutil

import pytest

import penalty
from penalty.catalogue import Catalogue


def test_the_bundled_list(catalogue):
    ct = catalogue.benchmark.confiscation_types
    assert ct.types == ("confiscate_illegal_gains",)
    assert ct.citation == "APL Art. 9(2)"


def test_a_type_no_provision_lists_is_refused(data_dir, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / "benchmark.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("types: [confiscate_illegal_gains]") == 1
    path.write_text(text.replace("types: [confiscate_illegal_gains]",
                                 "types: [confiscate_illegal_gains, confiscate_illegal_gain]"),
                    encoding="utf-8")
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(root)
    message = str(exc.value)
    assert "benchmark.yaml" in message and "'confiscate_illegal_gain'" in message
