"""data/labels.yaml: the English and Chinese labels of the provision files' codes (liable party,
fine basis, modality, confidence), read from data and complete for every code."""

from __future__ import annotations

import shutil
from typing import get_args

import pytest

import penalty
from penalty.catalogue import Catalogue
from penalty.catalogue.schema import Basis, Confidence, Liable, Modality


def test_every_code_has_both_labels(catalogue):
    labels = catalogue.labels
    for kind, codes in (("liable", Liable), ("basis", Basis), ("modality", Modality),
                        ("confidence", Confidence)):
        assert set(getattr(labels, kind)) == set(get_args(codes)), kind
    assert labels.liable["responsible_person"].text("en") == "responsible persons"
    assert labels.liable["responsible_person"].text("zh", short=True) == "责任人员"
    assert labels.liable["entity"].text("zh", short=True) == "单位"  # no short form: the label
    assert labels.basis["gain_multiple"].text("zh") == "违法所得倍数"
    assert labels.modality["may"].text("en") == "optional"
    # every code the provisions use has its label
    for p in catalogue.provisions.values():
        assert p.liable in labels.liable and p.fine.basis in labels.basis
        assert p.fine.modality in labels.modality and p.confidence in labels.confidence


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("  low: {en: low, zh: 低}\n", "", "confidence: no label for low"),
    ("  may: {en: optional, zh: 可以并处}\n", "  may: {en: optional}\n", "modality"),
    ("  fixed: {en: fixed range, zh: 固定幅度}\n",
     "  fixed: {en: fixed range, zh: 固定幅度}\n  flat: {en: x, zh: 甲}\n", "flat"),
])
def test_a_missing_or_unknown_label_is_refused_naming_the_file(data_dir, tmp_path, old, new, problem):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / "labels.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(root)
    assert "labels.yaml" in str(exc.value) and problem in str(exc.value)
