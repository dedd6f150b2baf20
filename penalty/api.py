"""The public functions: one case, a frame of cases, several separate acts."""

from __future__ import annotations

import itertools
import json
import os
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from penalty.catalogue import Catalogue, load_catalogue
from penalty.engine import arrays_from_cases, run
from penalty.errors import InputError, problems
from penalty.explain import build_assessment, cny, open_band_codes, receipt
from penalty.likely_store import likely_for_assessment
from penalty.models import (
    BAND_ORDER,
    REQUIRED,
    REQUIRED_DATE,
    Assessment,
    Case,
    CombinedAssessment,
    Range,
)
from penalty.rules.assumptions import assumption_masks, assumption_text

if TYPE_CHECKING:
    import pandas as pd

    from penalty.ingest.frame import FRAME_COLUMNS

# pandas, pyarrow and the frame reader are imported by the frame functions on first use, so that
# the single-case path (and the command line's `penalty assess`) starts without them.


def __getattr__(name: str) -> Any:
    if name == "FRAME_COLUMNS":
        from penalty.ingest.frame import FRAME_COLUMNS

        return FRAME_COLUMNS
    raise AttributeError(f"module 'penalty.api' has no attribute {name!r}")


_KNOWN = ", ".join(Case.model_fields)


MAX_ACTS = 1_000  # separate acts in one assess_acts call (each result holds ~100 KB)
MAX_JSON_BYTES = 5_000_000  # a case or a list of acts; far above any real one
MAX_JSON_DEPTH = 20  # nesting levels; a case needs 3


def _shown_kind(value: object) -> str:
    return f"(a JSON {type(value).__name__.replace('str', 'string').replace('dict', 'object')})"


def read_case_json(text: str | bytes) -> Any:
    """JSON text as Python values, numbers with a decimal point as exact ``Decimal``s (no fen is
    lost to floating point). Refuses, with an :class:`InputError`, text above
    ``MAX_JSON_BYTES``, nesting deeper than ``MAX_JSON_DEPTH``, NaN/Infinity and integers of
    more than 30 digits."""
    if len(text) > MAX_JSON_BYTES:
        raise InputError("case", f"({len(text):,} bytes)", f"must be at most {MAX_JSON_BYTES:,} "
                         "bytes of JSON")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("case", f"(byte {exc.start})", "must be UTF-8 JSON text") from None
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InputError("case", f"(nested {depth} levels deep)",
                         f"must be JSON nested at most {MAX_JSON_DEPTH} levels deep")

    def constant(name: str) -> None:
        raise InputError("case", name, "must be JSON without NaN or Infinity")

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > 30:
            raise InputError("case", f"(an integer of {len(digits.lstrip('-'))} digits)",
                             "must hold numbers of at most 30 digits")
        return int(digits)

    try:
        return json.loads(text, parse_float=Decimal, parse_int=integer,
                          parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InputError("case", f"(line {exc.lineno}, column {exc.colno})",
                         f"the case is not valid JSON ({exc.msg})") from None


def _json_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, counted without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


AMOUNT_FIELDS = ("illegal_gain_cny", "turnover_cny", "procurement_amount_cny")


def amounts_used(provision_id: str, catalogue: Catalogue | None = None) -> tuple[str, ...]:
    """The amount fields that can change the assessment of a case under ``provision_id`` (or
    another version of it, APL Art. 37), in ``AMOUNT_FIELDS`` order.

    Illegal gains always count: they are confiscated and added to the total exposure (APL
    Art. 28) whatever the fine's basis, and they set the fine of a gains-multiple provision.
    Turnover counts for a provision whose ceiling may be a share of turnover; the procurement
    amount for a provision fining a multiple of it. A form should offer these fields and keep
    any value given for them."""
    cat = catalogue or load_catalogue()
    p = cat.get(provision_id)
    bases = {q.fine.basis for q in [p, *(cat.provisions[c] for c in p.counterparts
                                         if c in cat.provisions)]}
    used = {"illegal_gain_cny"}
    if "fixed_or_turnover" in bases:
        used.add("turnover_cny")
    if "procurement_multiple" in bases:
        used.add("procurement_amount_cny")
    return tuple(a for a in AMOUNT_FIELDS if a in used)


def parse_case(case: Case | dict[str, Any] | str) -> Case:
    """A ``Case`` from a model, a dict or JSON text; errors name the field, value and rule."""
    if isinstance(case, Case):
        return case
    if isinstance(case, (str, bytes)):
        case = read_case_json(case)
    if not isinstance(case, dict):
        raise InputError("case", _shown_kind(case), "must be a JSON object of case fields "
                         "(a list is several separate acts: use assess_acts)")
    try:
        return Case.model_validate(case)
    except RecursionError:
        raise InputError("case", "(deeply nested value)", "must be a JSON object of case "
                         "fields with plain values") from None
    except ValidationError as exc:
        all_ = problems(exc)
        err = all_[0]
        field = err.field or "case"
        value = err.value
        own = err.ctx.get("error")
        if isinstance(own, InputError):  # one of the shared readers (money, date, number)
            # a check of the whole case names its own field
            raise InputError(err.field or own.field, own.value, own.allowed) from None
        if err.type == "extra_forbidden":
            allowed = f"unknown field; known fields: {_KNOWN}"
        elif err.type == "missing":  # worded as the frame reader words an empty cell
            date = field.endswith(("_date", "decided_on"))
            value, allowed = None, REQUIRED_DATE if date else REQUIRED
        elif err.type == "json_invalid":
            allowed = f"the case is not valid JSON ({err.msg})"
        else:
            allowed = err.message[0].lower() + err.message[1:]
            if "expected" in err.ctx:
                allowed += f" ({err.ctx['expected']})"
        more = f" (and {len(all_) - 1} more problem(s))" if len(all_) > 1 else ""
        raise InputError(field, value if not isinstance(value, dict) else "(object)",
                         allowed + more) from None


def assess(case: Case | dict[str, Any] | str, catalogue: Catalogue | None = None) -> Assessment:
    """Assess one violation. Raises :class:`InputError` for a malformed case.

    Beside the legal result it carries ``likely``: where similar published decisions landed
    (observed practice, not law; ``penalty.cases.likely``), which never changes the legal result."""
    cat = catalogue or load_catalogue()
    c = parse_case(case)
    return with_likely(assess_rules(c, cat), cat, c.authority_level)


def assess_rules(case: Case | dict[str, Any] | str, catalogue: Catalogue) -> Assessment:
    """The legal result only (no observed-practice layer): what ``penalty.cases`` uses to read
    each published decision's statutory range and band."""
    c = parse_case(case)
    ca = arrays_from_cases(catalogue, [c])
    res = run(catalogue, ca)
    if res.error[0] is not None:
        raise InputError.from_message(str(res.error_field[0]), str(res.error[0]))
    return build_assessment(catalogue, ca, res, 0, label=c.label)


def with_likely(a: Assessment, cat: Catalogue, level: str | None = None) -> Assessment:
    """``a`` with its observed-practice likely range (or the reason there is none); ``level``:
    the deciding office's level, if known."""
    likely, note = likely_for_assessment(a, cat, level)
    return a.model_copy(update={"likely": likely, "likely_note": note})


def assess_acts(cases: list[Case | dict[str, Any]], catalogue: Catalogue | None = None
                ) -> CombinedAssessment:
    """Several separate acts: each assessed on its own, then the results added
    (Provision Art. 14: 分别裁量，合并处罚)."""
    if not isinstance(cases, (list, tuple)):
        raise InputError("acts", _shown_kind(cases), f"must be a list of 1 to {MAX_ACTS:,} cases")
    if not 1 <= len(cases) <= MAX_ACTS:
        raise InputError("acts", f"(a list of {len(cases):,} acts)",
                         f"must be a list of 1 to {MAX_ACTS:,} cases")
    cat = catalogue or load_catalogue()
    parsed = []
    for i, c in enumerate(cases):
        try:
            parsed.append(parse_case(c))
        except InputError as e:  # rows count from 1, as in batch files
            raise InputError(e.field, e.value, e.allowed, row=i + 1) from None
    ca = arrays_from_cases(cat, parsed)
    res = run(cat, ca)
    acts = []
    masks = assumption_masks(cat, ca, res)
    for j in range(len(res.case)):
        if res.error[j] is not None:
            raise InputError.from_message(str(res.error_field[j]), str(res.error[j]),
                                          row=int(res.case[j]) + 1)
        acts.append(with_likely(build_assessment(cat, ca, res, j, label=parsed[j].label,
                                                 masks=masks), cat, parsed[j].authority_level))
    fine_lo = sum(int(res.fine_low[j]) for j in range(len(acts)) if res.has_fine[j])
    fine_hi = sum(int(res.fine_high[j]) for j in range(len(acts)) if res.has_fine[j])
    return CombinedAssessment(
        acts=acts, total_fine=Range(low_cny=cny(fine_lo), high_cny=cny(fine_hi)),
        total_exposure=Range(low_cny=cny(int(res.total_low.sum())),
                             high_cny=cny(int(res.total_high.sum()))),
        citation=cat.benchmark.rule_citations.several_norms_or_acts.en)


PARALLEL_MIN_ROWS = 200_000  # below this, one thread is as fast


def _workers() -> int:
    """Threads for large frames: ``$PENALTY_THREADS`` or the number of CPUs (at most 8)."""
    env = os.environ.get("PENALTY_THREADS", "")
    return max(1, int(env)) if env.isdigit() else min(os.cpu_count() or 1, 8)


def assess_frame(frame: pd.DataFrame, catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Assess every row of ``frame`` (columns: ``penalty.FRAME_COLUMNS``) with the same rules
    as :func:`assess`. Every input row comes back, in order, with its result or its error.

    Money columns end in ``_fen`` and hold exact integer fen (1 yuan = 100 fen), as nullable
    integers: empty where not applicable (a closed band, a provision with no fine, a tier that
    only orders rectification). ``mitigated_high_fen`` is exclusive where it is above 0 (the
    mitigated band lies below the statutory minimum); ``fine_optional`` marks an optional fine,
    for which a warning alone is also lawful where the lenient band is open.

    Each row also carries what ``assess`` puts beside the result: ``assumptions``, the codes of
    the assumptions it rests on (``data/assumptions.yaml`` ids, ``;``-joined in the order
    ``Assessment.assumptions`` lists them; empty for a refused row), and the receipt,
    ``engine_version`` and ``data_sha256`` (one-category columns: the same for every row).

    Rows are independent, so a large frame is cut into consecutive slices assessed in parallel
    threads (numpy and pandas release the GIL in the heavy loops), each writing its part of the
    output columns in place; the results are the same.
    """
    import pandas as pd

    cat = catalogue or load_catalogue()
    n = len(frame)
    if n == 0:
        return pd.DataFrame(columns=list(output_columns()))
    raw = {name: np.empty(n, dtype) for name, dtype in _RAW.items()}
    workers = _workers()
    if n >= PARALLEL_MIN_ROWS and workers > 1:
        from concurrent.futures import ThreadPoolExecutor  # not on the single-case path

        bounds = np.linspace(0, n, workers + 1).astype(int)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda ab: _assess_rows(frame.iloc[ab[0]:ab[1]], cat, raw, ab[0]),
                          zip(bounds, bounds[1:])))
    else:
        _assess_rows(frame, cat, raw, 0)
    return _frame(raw, frame.index, cat)


# The raw output arrays: for a nullable integer column ``c``, ``c`` holds the values and
# ``c/na`` whether each is missing; categorical columns hold codes (-1: missing).
_NULLABLE = (
    ["statutory_low_fen", "statutory_high_fen", "fine_low_fen", "fine_high_fen",
     "float_fine_low_fen", "float_fine_high_fen"]
    + [f"{b}_{side}_fen" for b in BAND_ORDER for side in ("low", "high")]
    + ["persons_count", "persons_fine_low_fen", "persons_fine_high_fen", "confiscation_fen",
       "total_low_fen", "total_high_fen", "likely_low_fen", "likely_high_fen", "likely_n"])
_CATEGORICAL = ("band", "bands", "provision_applied", "provision_at_violation",
                "provision_at_decision", "persons_provision", "limitation_status",
                "provision_referred")
_RAW: dict[str, Any] = {
    "error": object, "error_field": object, "absorbed": object, "assumptions": object,
    "newer_is_lighter": bool, "has_fine": bool, "fine_optional": bool,
    "benchmark_applies": bool, "limitation_expires": "datetime64[D]",
    "enforcer_not_cac": bool, "persons_in_charge_only": bool, "provincial_level_only": bool,
    **dict.fromkeys(_CATEGORICAL, np.int64),
    **dict.fromkeys(_NULLABLE, np.int64), **{f"{c}/na": bool for c in _NULLABLE},
}
_BANDS_TEXT = [";".join(open_band_codes(m)) for m in range(32)]  # 0: no band (an order only)


def _assess_rows(frame: pd.DataFrame, cat: Catalogue, raw: dict[str, np.ndarray],
                 at: int) -> None:
    """Assess ``frame`` and write its results into ``raw[...][at:at + len(frame)]``."""
    from penalty.ingest.frame import arrays_from_frame

    n = len(frame)
    ca = arrays_from_frame(cat, frame.reset_index(drop=True))
    res = run(cat, ca)
    ok = ~res.failed
    has_fine = res.has_fine & ok
    p_ok = ok & (res.persons >= 0)
    part = slice(at, at + n)

    def put(name: str, values: np.ndarray, valid: np.ndarray | None = None) -> None:
        """Write a slice; ``valid`` for nullable integers (plain and categorical columns carry
        their own missing marks: -1 codes, False flags)."""
        raw[name][part] = values
        if valid is not None:
            np.logical_not(valid, out=raw[f"{name}/na"][part])

    put("error", res.error)
    put("error_field", res.error_field)
    put("absorbed", _absorbed_column(cat, ca, res, n, ok))
    put("assumptions", assumption_text(assumption_masks(cat, ca, res)))
    for name, codes, valid in (("band", res.band, ok), ("bands", res.mask, ok),
                               ("provision_applied", res.applied, ok),
                               ("provision_at_violation", res.at_violation, ok),
                               ("provision_at_decision", res.at_decision, ok),
                               ("persons_provision", res.persons, p_ok),
                               ("limitation_status", res.limitation_status, ok),
                               ("provision_referred", res.referred, ok & (res.referred >= 0))):
        put(name, np.where(valid, codes, -1))
    put("newer_is_lighter", res.lighter & ok)
    put("has_fine", has_fine)
    put("fine_optional", res.optional & ok)
    put("benchmark_applies", res.benchmark_applies & ok)
    # who decides and who may be fined (reasons enforcer_not_cac, provincial_level_only,
    # persons_in_charge_only), read from the catalogue for the applied provision
    A = cat.arrays
    put("enforcer_not_cac", ~A.cac_enforced[res.applied] & ok)
    put("provincial_level_only", A.provincial_level_only[res.applied] & ok)
    put("persons_in_charge_only", A.persons_in_charge_only[np.maximum(res.persons, 0)] & p_ok)
    put("limitation_expires", np.where(ok, res.limitation_expires, np.datetime64("NaT", "D")))
    for name, values in (("statutory_low_fen", res.stat_low), ("statutory_high_fen", res.stat_high),
                         ("fine_low_fen", res.fine_low), ("fine_high_fen", res.fine_high),
                         ("float_fine_low_fen", res.float_fine_low),
                         ("float_fine_high_fen", res.float_fine_high)):
        put(name, values, has_fine)
    for i, b in enumerate(BAND_ORDER):
        valid = has_fine & ((res.mask >> i) & 1).astype(bool)
        put(f"{b}_low_fen", res.low[i], valid)
        put(f"{b}_high_fen", res.high[i], valid)
    for name, values in (("persons_count", res.persons_count),
                         ("persons_fine_low_fen", res.p_fine_low),
                         ("persons_fine_high_fen", res.p_fine_high)):
        put(name, values, p_ok)
    for name, values in (("confiscation_fen", res.confiscation), ("total_low_fen", res.total_low),
                         ("total_high_fen", res.total_high)):
        put(name, values, ok)
    # Observed practice, not law (penalty.cases.likely): beside the legal result, never in it.
    from penalty.cases.likely import likely_columns

    level = np.full(n, -1, np.int64)
    level[ca.case] = ca.level  # every row of a case (APL Art. 29) has the case's level
    lo, hi, count, has = likely_columns(cat, res.applied, cat.ids, res.benchmark_applies, res.band,
                                        BAND_ORDER, level, res.stat_low, res.stat_high, has_fine)
    for name, values in (("likely_low_fen", lo), ("likely_high_fen", hi), ("likely_n", count)):
        put(name, values, has)


@lru_cache(maxsize=8)
def _categories(cat: Catalogue) -> dict[str, pd.CategoricalDtype]:
    """The categories of each categorical output column (built once: checking 214 ids is not
    free)."""
    import pandas as pd

    ids = pd.CategoricalDtype(list(cat.ids))
    return {"band": pd.CategoricalDtype(list(BAND_ORDER)),
            "bands": pd.CategoricalDtype(_BANDS_TEXT),
            "limitation_status": pd.CategoricalDtype(["within", "expired", "unknown"]),
            **dict.fromkeys(("provision_applied", "provision_at_violation", "provision_at_decision",
                             "persons_provision", "provision_referred"), ids)}


def _frame(raw: dict[str, np.ndarray], index: pd.Index, cat: Catalogue) -> pd.DataFrame:
    """The output frame over the raw arrays, without copying them."""
    import pandas as pd

    out: dict[str, Any] = {}
    for name in output_columns():
        if name in _RECEIPT:  # one value for every row: a one-category column
            out[name] = pd.Categorical.from_codes(np.zeros(len(index), np.int8),
                                                  categories=[str(getattr(receipt(cat), name))])
            continue
        values = raw[name]
        if name in _CATEGORICAL:
            # repeated labels as categories: no per-row Python strings for a million rows
            out[name] = pd.Categorical.from_codes(values, dtype=_categories(cat)[name],
                                                  validate=False)
        elif f"{name}/na" in raw:
            out[name] = pd.arrays.IntegerArray(values, raw[f"{name}/na"])
        elif values.dtype == object:  # as Series: pandas does not re-scan them for a string dtype
            out[name] = pd.Series(values, dtype=object, copy=False)
        else:
            out[name] = values
    result = pd.DataFrame(out, copy=False)
    result.index = index
    return result


def _absorbed_column(cat: Catalogue, ca, res, n: int, ok: np.ndarray) -> np.ndarray:
    """';'-joined ids of the provisions absorbed under APL Art. 29, per result row."""
    col = np.full(n, "", dtype=object)
    if len(res.absorbed_of):
        ids = np.asarray(cat.ids, dtype=object)[ca.given[res.absorbed_of]]
        owners = res.absorbed_owner
        if np.all(np.diff(owners) > 0):  # one absorbed norm per case, the usual pair of norms
            col[owners] = ids
        else:
            for owner, group in itertools.groupby(zip(owners.tolist(), ids.tolist()),
                                                  key=lambda t: t[0]):
                col[owner] = ";".join(i for _, i in group)
        col[~ok] = ""  # a refused case absorbs nothing
    return col


# The receipt of every row (README "Every result carries ... a receipt"): the same two values
# as ``Assessment.receipt``.
_RECEIPT = ("engine_version", "data_sha256")


def output_columns() -> tuple[str, ...]:
    """The columns :func:`assess_frame` returns, in order."""
    base = ["error", "error_field", "band", "bands", "provision_applied",
            "provision_at_violation", "provision_at_decision", "newer_is_lighter", "absorbed",
            "has_fine", "fine_optional", "statutory_low_fen", "statutory_high_fen",
            "fine_low_fen", "fine_high_fen", "float_fine_low_fen", "float_fine_high_fen"]
    for b in BAND_ORDER:
        base += [f"{b}_low_fen", f"{b}_high_fen"]
    return tuple(base + ["persons_provision", "persons_count", "persons_fine_low_fen",
                         "persons_fine_high_fen", "confiscation_fen", "total_low_fen",
                         "total_high_fen", "limitation_status", "limitation_expires",
                         "benchmark_applies", "likely_low_fen", "likely_high_fen", "likely_n",
                         "provision_referred", "enforcer_not_cac", "persons_in_charge_only",
                         "provincial_level_only", "assumptions", "engine_version",
                         "data_sha256"])


def case_to_row(case: Case | dict[str, Any]) -> dict[str, Any]:
    """The frame row (``FRAME_COLUMNS``) that describes the same case."""
    c = parse_case(case)
    return {
        "provision": ";".join(c.provision_ids),
        "violation_date": c.violation_date.isoformat(),
        "violation_end_date": c.violation_end_date.isoformat() if c.violation_end_date else None,
        "discovery_date": c.discovery_date.isoformat() if c.discovery_date else None,
        "decision_date": c.decision_date.isoformat(),
        "party_kind": c.party.kind,
        "party_age": c.party.age,
        "illegal_gain_cny": None if c.illegal_gain_cny is None else str(c.illegal_gain_cny),
        "turnover_cny": None if c.turnover_cny is None else str(c.turnover_cny),
        "procurement_amount_cny": None if c.procurement_amount_cny is None
        else str(c.procurement_amount_cny),
        "circumstances": ";".join(c.circumstances),
        "prior_penalties": json.dumps([p.model_dump(mode="json") for p in c.prior_penalties]),
        "persons_count": c.persons_count,
        "turnover_ceiling": c.options.turnover_ceiling,
        "prefer_mitigated": c.options.prefer_mitigated,
        "apply_may_circumstances": c.options.apply_may_circumstances,
        "repeat_window_anchor": c.options.repeat_window_anchor,
        "warning_alone_in_standard_band": c.options.warning_alone_in_standard_band,
        "first_violation_lookback_months": c.options.first_violation_lookback_months,
        "confiscate_when_not_punished": c.options.confiscate_when_not_punished,
        "aggravated_for_minors": c.options.aggravated_for_minors,
        "apl_2021_lighter_rules_for_earlier_acts":
            c.options.apl_2021_lighter_rules_for_earlier_acts,
        "label": c.label,
        "authority_level": c.authority_level,
    }


__all__ = ["assess", "assess_acts", "assess_frame", "parse_case", "case_to_row",
           "output_columns", "FRAME_COLUMNS"]
