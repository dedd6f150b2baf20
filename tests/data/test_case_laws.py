"""data/case_laws.yaml: the law codes cases may cite beyond the catalogue, validated when read."""

from __future__ import annotations

from pathlib import Path

import pytest

import penalty
from penalty.cases.schema import _extra_law_codes, extra_law_codes, known_law_codes


def test_the_bundled_file_lists_the_extra_codes():
    codes = extra_law_codes()
    assert {"NICEG", "MLPS", "LOCAL", "UNSPECIFIED"} <= set(codes)
    assert codes["UNSPECIFIED"] == "The source names no law"
    assert {"CSL", "NICEG"} <= known_law_codes()  # the catalogue's codes and these


@pytest.mark.parametrize("text, expected", [
    ("laws:\n  - {code: AB, en: x, zh: 甲}\n  - {code: AB, en: y, zh: 乙}\n", "duplicate law codes: AB"),
    ("laws:\n  - {code: AB, en: x}\n", "zh"),
    ("laws:\n  - {code: AB, en: x, zh: x}\n", "zh"),
    ("laws:\n  - {code: lower, en: x}\n", "laws[0]"),
    ("laws:\n  - {code: AB}\n", "en"),
    ("laws: []\n", "laws"),
])
def test_a_broken_file_is_refused_naming_the_file(tmp_path: Path, text: str, expected: str):
    path = tmp_path / "case_laws.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(penalty.DataError) as exc:
        _extra_law_codes(path)
    assert "case_laws.yaml" in str(exc.value) and expected in str(exc.value)
