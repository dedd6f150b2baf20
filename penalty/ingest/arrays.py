"""``CaseArrays``: the one internal input form of the rule engine, one row per (case, provision
named), and the input-error wording shared by the builders in this package."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from penalty.catalogue import FEN, Catalogue
from penalty.errors import close_matches
from penalty.models import AUTHORITY_LEVELS

NAT = np.datetime64("NaT", "D")
ORGANISATION, INDIVIDUAL = 0, 1
KINDS = {"organisation": ORGANISATION, "individual": INDIVIDUAL}
LEVEL_CODES: dict[str, int] = {"none": -1, **{lv: i for i, lv in enumerate(AUTHORITY_LEVELS)}}


@dataclass
class CaseArrays:
    """One row per (case, provision named); several rows per case for APL Art. 29."""

    case: np.ndarray  # int64: index of the case in the input
    order: np.ndarray  # int64: position of the provision within the case's list
    given: np.ndarray  # int64: catalogue index of the provision named, -1 if unknown
    start: np.ndarray  # datetime64[D]
    end: np.ndarray  # datetime64[D]; equals start when no end date was given
    discovery: np.ndarray  # datetime64[D]; NaT when not given
    decision: np.ndarray  # datetime64[D]
    kind: np.ndarray  # int8
    age: np.ndarray  # int64; -1 when not given
    gains: np.ndarray  # int64 fen
    has_gains: np.ndarray
    turnover: np.ndarray
    has_turnover: np.ndarray
    procurement: np.ndarray
    has_procurement: np.ndarray
    circ: np.ndarray  # int64 bit mask over catalogue.circumstance_codes
    prior_offsets: np.ndarray  # int64 (n + 1): CSR offsets into prior_days
    prior_days: np.ndarray  # datetime64[D]: same-kind penalties (by any authority)
    prior_cac: np.ndarray  # bool, parallel to prior_days: imposed by a CAC office
    persons_count: np.ndarray  # int64
    turnover_choice: np.ndarray  # int8
    prefer_mitigated: np.ndarray
    apply_may: np.ndarray
    anchor_decision: np.ndarray
    level: np.ndarray  # int8: index in AUTHORITY_LEVELS, -1 when not given (likely range only)
    flags: np.ndarray  # int64 bit mask of the boolean options of FLAG_OPTIONS
    lookback: np.ndarray  # int64 months of the first-violation look-back; -1: no limit
    error: np.ndarray  # object: None or message
    error_field: np.ndarray  # object: None or field name
    failed: np.ndarray  # bool: the row has an error
    frame: bool = False  # read from a frame: errors name flat columns (party_kind)

    def __len__(self) -> int:
        return len(self.case)


# Boolean options beyond the band options, held as one bit mask per row (bit i = option i).
FLAG_OPTIONS = ("warning_alone_in_standard_band", "confiscate_when_not_punished",
                "aggravated_for_minors", "apl_2021_lighter_rules_for_earlier_acts")
FLAG = {name: 1 << i for i, name in enumerate(FLAG_OPTIONS)}


def option_flags(options) -> int:
    """The FLAG bits of a case's ``Options``."""
    return sum(FLAG[name] for name in FLAG_OPTIONS if getattr(options, name))


# ------------------------------------------------------------------------------ input errors
def _message(field: str, value: object, allowed: str) -> str:
    return f"{field}: {value!r} is not valid; {allowed}"


def _close(cat: Catalogue, value: str, pool: tuple[str, ...]) -> str:
    near = close_matches(value, pool)
    return f"close matches: {', '.join(near)}" if near else "see `penalty provisions`"


def unknown_provision(cat: Catalogue, value: str) -> str:
    retired = cat.retired.get(value)
    if retired is not None:  # e.g. an article split by item: name the successors
        return _message("provision", value, f"was replaced by {' or '.join(retired.replaced_by)} "
                        f"({retired.note})")
    return _message("provision", value, f"must be a catalogue id; {_close(cat, value, cat.ids)}")


def circumstance_bits(cat: Catalogue, codes: list[str], kind: int) -> tuple[int, str | None]:
    """Bit mask of the given circumstance codes, or the first problem found."""
    mask = 0
    for code in codes:
        c = cat.circumstances.get(code)
        if c is None:
            near = _close(cat, code, tuple(k for k, v in cat.circumstances.items()
                                           if not v.derived or v.may_be_given))
            return 0, _message("circumstances", code, f"must be a circumstance code; {near}")
        if c.derived and not c.may_be_given:
            return 0, _message("circumstances", code,
                               "is derived by the engine from party.age; give the age instead")
        kind_name = "individual" if kind == INDIVIDUAL else "organisation"
        if kind_name not in c.party:
            return 0, _message("circumstances", code,
                               f"applies only to parties of kind {', '.join(c.party)}")
        mask |= 1 << cat.circumstance_codes.index(code)
    return mask, None


def to_fen(value: Decimal) -> int:
    return int(value * FEN)

