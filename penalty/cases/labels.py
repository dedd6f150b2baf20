"""Words for the case set's codes and names, read from ``data/case_labels.yaml``: the labels of the
sanction, authority-type, level, party-type, match-level and fine-of codes (English and Chinese),
the Chinese names of the places and the patterns that give each deciding authority its Chinese
name. Validated when first read: every code of each kind labelled and no other, every pattern a
valid regular expression whose template names only its groups."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import get_args

from pydantic import Field, field_validator, model_validator

from penalty.base import Strict
from penalty.cases.schema import SANCTION_CODES, AuthorityType, Level, PartyType

LABELS_FILE = "case_labels.yaml"
MATCH_LEVELS = ("provision", "article", "law_tier", "law")  # narrowest first (penalty.cases.similar)
FINE_OF = ("entity", "individual")
_CJK = r"[\u4e00-\u9fff]"


class Label(Strict):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1, pattern=_CJK)


class AuthorityRule(Strict):
    """An English authority name pattern and its Chinese name (``{group}``: the place matched)."""

    pattern: str
    zh: str = Field(min_length=1, pattern=_CJK)

    @model_validator(mode="after")
    def _fields_are_groups(self) -> AuthorityRule:
        try:
            groups = set(re.compile(self.pattern).groupindex)
        except re.error as exc:
            raise ValueError(f"pattern {self.pattern!r} is not a regular expression: {exc}") from None
        used = {name for _, name, _, _ in string.Formatter().parse(self.zh) if name is not None}
        if not used <= groups:
            raise ValueError(f"zh {self.zh!r} names {sorted(used - groups)}, not groups of the pattern "
                             f"(groups: {sorted(groups)})")
        return self

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class CaseLabelsFile(Strict):
    sanctions: dict[str, Label]
    authority_types: dict[AuthorityType, Label]
    levels: dict[Level, Label]
    party_types: dict[PartyType, Label]
    match_levels: dict[str, Label]
    fine_of: dict[str, Label]
    bands: dict[str, Label]  # bands outside the catalogue's five (above_maximum)
    regions: dict[str, Label]  # undisclosed, national
    places: dict[str, str]  # pinyin -> Chinese
    notes: dict[str, str]  # bracketed note after a name -> Chinese
    authorities: tuple[AuthorityRule, ...] = Field(min_length=1)

    @field_validator("places", "notes")
    @classmethod
    def _chinese(cls, v: dict[str, str]) -> dict[str, str]:
        bad = [k for k, zh in v.items() if not re.search(_CJK, zh)]
        if bad:
            raise ValueError(f"no Chinese name for {', '.join(bad)}")
        return v

    @model_validator(mode="after")
    def _every_code_labelled(self) -> CaseLabelsFile:
        for kind, codes in (("sanctions", tuple(SANCTION_CODES)), ("authority_types", get_args(AuthorityType)),
                            ("levels", get_args(Level)), ("party_types", get_args(PartyType)),
                            ("match_levels", MATCH_LEVELS), ("fine_of", FINE_OF),
                            ("regions", ("undisclosed", "national"))):
            have = set(getattr(self, kind))
            missing, extra = [c for c in codes if c not in have], sorted(have - set(codes))
            if missing or extra:
                raise ValueError(f"{kind}: " + "; ".join(
                    ([f"no label for {', '.join(missing)}"] if missing else [])
                    + ([f"{', '.join(extra)} is not a code (codes: {', '.join(codes)})"] if extra else [])))
        return self


@lru_cache(maxsize=4)
def _load(path: Path) -> CaseLabelsFile:
    from penalty.catalogue.loader import validate_file

    return validate_file(path, CaseLabelsFile)


def case_labels() -> CaseLabelsFile:
    """``data/case_labels.yaml``, validated (read once per data folder)."""
    from penalty.catalogue.loader import data_dir

    return _load(data_dir() / LABELS_FILE)


@lru_cache(maxsize=4)
def _rules(path: Path) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((r.compiled(), r.zh) for r in _load(path).authorities)


def authority_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The compiled authority patterns with their Chinese templates, in file order."""
    from penalty.catalogue.loader import data_dir

    return _rules(data_dir() / LABELS_FILE)
