"""The scenarios of a what-if workbook: a base case and its variations, each assessed by the
library (:func:`penalty.assess`). Nothing here computes a band or an amount.

Variations (each is one change from the base case):

- circumstances toggled: every given circumstance removed; for each legal effect (Provision
  Arts. 7-9) one circumstance of that effect the party could have, added;
- amounts varied: the amount the applied provision's fine is based on (illegal gains, turnover,
  procurement amount) halved, doubled and left out; where it is not given, a value that brings
  the multiple or the turnover ceiling into play;
- each law version: for every other version of the provision (its catalogue counterparts), the
  case decided when that version is in force (APL Art. 37 then compares), or for an older version,
  committed, discovered and decided on its last day in force.

A variation the library refuses is kept with the library's message instead of results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from penalty.api import assess, parse_case
from penalty.catalogue import Catalogue, load_catalogue
from penalty.errors import InputError
from penalty.models import Assessment, Case
from penalty.whatif import case_data_with

ADD_EFFECTS = ("no_penalty_shall", "no_penalty_may", "lenient_or_mitigated_shall",
               "lenient_or_mitigated_may", "aggravate_shall")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scenario:
    """One row of the workbook: the case, what was changed, and the library's answer."""

    key: str
    en: str
    zh: str
    case: Case | None
    assessment: Assessment | None
    error: str | None = None


def _amount(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def _scenario(cat: Catalogue, key: str, en: str, zh: str, data: dict[str, Any] | Case
              ) -> Scenario:
    try:
        case = parse_case(data)
    except InputError as exc:
        return Scenario(key, en, zh, case=None, assessment=None, error=str(exc))
    try:
        return Scenario(key, en, zh, case=case, assessment=assess(case, catalogue=cat))
    except InputError as exc:
        return Scenario(key, en, zh, case=case, assessment=None, error=str(exc))


def _circumstance_variations(cat: Catalogue, case: Case) -> list[tuple[str, str, str, dict]]:
    out = []
    for code in case.circumstances:
        c = cat.circumstances.get(code)
        en, zh = (c.en, c.zh) if c else (code, code)
        rest = [x for x in case.circumstances if x != code]
        out.append((f"without:{code}", f"Without: {en}", f"去掉情节：{zh}",
                    case_data_with(case, circumstances=rest)))
    present = set(case.circumstances)
    for effect in ADD_EFFECTS:
        for code, c in cat.circumstances.items():
            if (c.effect == effect and not c.derived and code not in present
                    and case.party.kind in c.party):
                out.append((f"with:{code}", f"With: {c.en}", f"增加情节：{c.zh}",
                            case_data_with(case, circumstances=[*case.circumstances, code])))
                break
    return out


def _amount_variations(cat: Catalogue, case: Case, a: Assessment
                       ) -> list[tuple[str, str, str, dict]]:
    p = cat.provisions[a.provision_applied]
    f = p.fine
    fields = {"gain_multiple": ("illegal_gain_cny", "illegal gains", "违法所得"),
              "procurement_multiple": ("procurement_amount_cny", "procurement amount", "采购金额"),
              "fixed_or_turnover": ("turnover_cny", "turnover", "营业额")}
    if f.basis not in fields:
        return []
    field, en_name, zh_name = fields[f.basis]
    given: Decimal | None = getattr(case, field)
    out = []
    if given is not None and given > 0:
        for factor, en, zh in ((Decimal("0.5"), "halved", "减半"), (Decimal(2), "doubled", "加倍")):
            out.append((f"{field}:x{factor}", f"{en_name.capitalize()} {en}",
                        f"{zh_name}{zh}", case_data_with(case, **{field: _amount(given * factor)})))
    if given is not None and f.basis != "procurement_multiple":
        out.append((f"{field}:none", f"{en_name.capitalize()} not given",
                    f"未提供{zh_name}", case_data_with(case, **{field: None})))
    if given is None:
        probe = None
        if f.basis == "gain_multiple":
            probe = f.gain_threshold_cny or f.fallback_max_cny
        elif f.basis == "fixed_or_turnover" and f.turnover_pct_max and f.max_cny:
            # twice the turnover at which the share equals the fixed ceiling
            probe = 2 * f.max_cny * 100 / f.turnover_pct_max
        if probe:
            out.append((f"{field}:probe", f"{en_name.capitalize()} of {_amount(probe):,}",
                        f"{zh_name}{_amount(probe):,}元",
                        case_data_with(case, **{field: _amount(Decimal(probe))})))
    return out


def _version_variations(cat: Catalogue, case: Case, a: Assessment
                        ) -> list[tuple[str, str, str, dict]]:
    applied = cat.provisions[a.provision_applied]
    versions = [applied.id, *applied.counterparts]
    out = []
    for vid in versions[1:]:
        v = cat.provisions.get(vid)
        if v is None:
            continue
        if v.effective_from > case.decision_date:
            out.append((f"version:{vid}", f"Decided under {v.law} {v.law_version} "
                        f"(from {v.effective_from})", f"按{v.law_version}年版本作出决定"
                        f"（{v.effective_from}起施行）",
                        case_data_with(case, decision_date=v.effective_from.isoformat())))
        elif v.effective_to is not None and v.effective_to <= case.violation_date:
            last = v.effective_to - dt.timedelta(days=1)
            out.append((f"version:{vid}", f"Committed and decided under {v.law} "
                        f"{v.law_version} (on {last})", f"于{last}按{v.law_version}年版本实施并"
                        "作出决定", case_data_with(case, provision=vid, provisions=None,
                                          violation_date=last.isoformat(),
                                          violation_end_date=None,
                                          discovery_date=last.isoformat(),
                                          decision_date=last.isoformat(),
                                          prior_penalties=[])))
    return out


def build_scenarios(case: Case | dict[str, Any] | str, catalogue: Catalogue | None = None,
                    variations: bool = True) -> list[Scenario]:
    """The base case (first) and its variations, each assessed. Raises :class:`InputError` if
    the base case itself is invalid."""
    cat = catalogue or load_catalogue()
    base_case = parse_case(case)
    base = Scenario("base", "Base case", "基本情形", case=base_case,
                    assessment=assess(base_case, catalogue=cat))
    scenarios = [base]
    if not variations:
        return scenarios
    a = base.assessment
    assert a is not None
    seen = {"base"}
    for key, en, zh, data in (_circumstance_variations(cat, base_case)
                              + _amount_variations(cat, base_case, a)
                              + _version_variations(cat, base_case, a)):
        if key in seen:
            continue
        seen.add(key)
        scenarios.append(_scenario(cat, key, en, zh, data))
    return scenarios


__all__ = ["Scenario", "build_scenarios"]
