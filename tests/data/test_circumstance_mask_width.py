"""The circumstance codes of a case travel as one int64 bit mask: a catalogue with more than 63
codes must be refused when it loads, naming factors.yaml and the count, not overflow later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import penalty
from penalty.catalogue import Catalogue
from penalty.catalogue.loader import MAX_CIRCUMSTANCES


def catalogue_with(data_dir: Path, tmp_path: Path, total: int) -> Path:
    """A copy of data/ whose factors.yaml is padded with filler circumstances up to ``total``."""
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / "factors.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    have = len(raw["circumstances"])
    assert have < total, "fixture out of date: the real catalogue already has this many codes"
    raw["circumstances"] += [
        {"code": f"filler_{i:02d}", "effect": "lenient_or_mitigated_may", "party": ["organisation"],
         "en": f"Filler {i}", "zh": f"填充{i}", "citation": "test", "citation_zh": "测试"}
        for i in range(total - have)]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_the_limit_is_the_usable_bits_of_int64():
    assert MAX_CIRCUMSTANCES == 63


def test_63_codes_load_and_the_last_bit_is_positive(data_dir, tmp_path):
    cat = Catalogue(catalogue_with(data_dir, tmp_path, 63))
    assert len(cat.circumstance_codes) == 63
    last = cat.circumstance_codes[-1]
    assert last.startswith("filler_")
    assert cat.circumstance_mask([last]) == 1 << 62 > 0


def test_64_codes_are_refused_naming_the_file_and_the_count(data_dir, tmp_path):
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(catalogue_with(data_dir, tmp_path, 64))
    message = str(exc.value)
    assert "factors.yaml" in message
    assert "64 codes" in message and "at most 63" in message
