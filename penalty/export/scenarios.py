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
from penalty.catalogue.wording import title_zh
from penalty.errors import InputError
from penalty.messages import pair, t
from penalty.models import Assessment, Case
from penalty.money import format_cny
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
        out.append((f"without:{code}", t("wb_sc_without", "en", circumstance=en),
                    t("wb_sc_without", "zh", circumstance=zh),
                    case_data_with(case, circumstances=rest)))
    present = set(case.circumstances)
    for effect in ADD_EFFECTS:
        for code, c in cat.circumstances.items():
            if (c.effect == effect and not c.derived and code not in present
                    and case.party.kind in c.party):
                out.append((f"with:{code}", t("wb_sc_with", "en", circumstance=c.en),
                            t("wb_sc_with", "zh", circumstance=c.zh),
                            case_data_with(case, circumstances=[*case.circumstances, code])))
                break
    return out


def _amount_variations(cat: Catalogue, case: Case, a: Assessment
                       ) -> list[tuple[str, str, str, dict]]:
    p = cat.provisions[a.provision_applied]
    f = p.fine
    fields = {"gain_multiple": "illegal_gain_cny", "procurement_multiple": "procurement_amount_cny",
              "fixed_or_turnover": "turnover_cny"}
    if f.basis not in fields:
        return []
    field = fields[f.basis]
    en_name, zh_name = pair(f"wb_sc_amount_{field}")

    def named(key: str, **values: object) -> tuple[str, str]:
        return t(key, "en", amount=en_name, **values), t(key, "zh", amount=zh_name, **values)

    given: Decimal | None = getattr(case, field)
    out = []
    if given is not None and given > 0:
        for factor, key in ((Decimal("0.5"), "wb_sc_halved"), (Decimal(2), "wb_sc_doubled")):
            out.append((f"{field}:x{factor}", *named(key),
                        case_data_with(case, **{field: _amount(given * factor)})))
    if given is not None and f.basis != "procurement_multiple":
        out.append((f"{field}:none", *named("wb_sc_not_given"),
                    case_data_with(case, **{field: None})))
    if given is None:
        probe = None
        if f.basis == "gain_multiple":
            probe = f.gain_threshold_cny or f.fallback_max_cny
        elif f.basis == "fixed_or_turnover" and f.turnover_pct_max and f.max_cny:
            # twice the turnover at which the share equals the fixed ceiling
            probe = 2 * f.max_cny * 100 / f.turnover_pct_max
        if probe:
            value = _amount(Decimal(probe))
            out.append((f"{field}:probe",
                        t("wb_sc_probe", "en", amount=en_name,
                          value=format_cny(value, "en", cents=True)),
                        t("wb_sc_probe", "zh", amount=zh_name,
                          value=format_cny(value, "zh", cents=True)),
                        case_data_with(case, **{field: value})))
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
        # the law by its code in English, by its cited title in Chinese (data/provisions)
        law = {"en": v.law, "zh": f"《{title_zh(v.law_title_zh)}》"}
        if v.effective_from > case.decision_date:
            en, zh = (t("wb_sc_decided_under", lang, law=law[lang], version=v.law_version,
                        since=v.effective_from) for lang in ("en", "zh"))
            out.append((f"version:{vid}", en, zh,
                        case_data_with(case, decision_date=v.effective_from.isoformat())))
        elif v.effective_to is not None and v.effective_to <= case.violation_date:
            last = v.effective_to - dt.timedelta(days=1)
            en, zh = (t("wb_sc_committed_under", lang, law=law[lang], version=v.law_version,
                        day=last) for lang in ("en", "zh"))
            out.append((f"version:{vid}", en, zh,
                        case_data_with(case, provision=vid, provisions=None,
                                       violation_date=last.isoformat(), violation_end_date=None,
                                       discovery_date=last.isoformat(),
                                       decision_date=last.isoformat(), prior_penalties=[])))
    return out


def build_scenarios(case: Case | dict[str, Any] | str, catalogue: Catalogue | None = None,
                    variations: bool = True) -> list[Scenario]:
    """The base case (first) and its variations, each assessed. Raises :class:`InputError` if
    the base case itself is invalid."""
    cat = catalogue or load_catalogue()
    base_case = parse_case(case)
    base = Scenario("base", *pair("wb_sc_base"), case=base_case,
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
