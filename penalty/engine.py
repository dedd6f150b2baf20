"""Runs the rule steps over column arrays. A single case is a batch of one.

``CaseArrays`` is the one internal input form. Two thin builders fill it: one from validated
``Case`` models (the single-case path, no pandas), one from a ``DataFrame`` (the batch path:
columns of plain ISO dates or amounts are cast by Arrow in one pass, anything else is parsed
once per distinct value). Both then call :func:`run`, which applies every rule in
``penalty.rules`` once, over whole arrays.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, fields
from functools import lru_cache
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter, ValidationError

from penalty.catalogue import FEN, Catalogue
from penalty.models import MAX_CNY, Case, PriorPenalty
from penalty.rules import BIT, NO_PENALTY
from penalty.rules.bands import open_bands_fast
from penalty.rules.concurrence import pick_higher_fine
from penalty.rules.dates import add_months
from penalty.rules.law_version import newer_is_lighter, version_in_force
from penalty.rules.limitation import EXPIRED, limitation
from penalty.rules.ranges import (
    BASIS_CODES, TURNOVER_CHOICES, BandTable, Statutory, band_bounds, band_table, union_bound,
)

NAT = np.datetime64("NaT", "D")
_PRIOR_LIST = TypeAdapter(list[PriorPenalty])  # the prior_penalties column, one JSON list a cell
ORGANISATION, INDIVIDUAL = 0, 1
KINDS = {"organisation": ORGANISATION, "individual": INDIVIDUAL, "organization": ORGANISATION}


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
    prior_days: np.ndarray  # datetime64[D]: same-kind CAC penalties only
    persons_count: np.ndarray  # int64
    turnover_choice: np.ndarray  # int8
    prefer_mitigated: np.ndarray
    apply_may: np.ndarray
    anchor_decision: np.ndarray
    error: np.ndarray  # object: None or message
    error_field: np.ndarray  # object: None or field name
    failed: np.ndarray  # bool: the row has an error

    def __len__(self) -> int:
        return len(self.case)


# ------------------------------------------------------------------------------ input errors
def _message(field: str, value: object, allowed: str) -> str:
    return f"{field}: {value!r} is not valid; {allowed}"


def _close(cat: Catalogue, value: str, pool: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(value, pool, n=3, cutoff=0.6)
    return f"close matches: {', '.join(near)}" if near else "see `penalty provisions`"


def unknown_provision(cat: Catalogue, value: str) -> str:
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


# ------------------------------------------------------------------------- single-case path
def arrays_from_cases(cat: Catalogue, cases: list[Case]) -> CaseArrays:
    """Build the column arrays from validated ``Case`` models (one or more rows each)."""
    rows: dict[str, list] = {f.name: [] for f in fields(CaseArrays)
                             if f.name not in ("prior_offsets", "failed")}
    offsets = [0]
    for i, c in enumerate(cases):
        kind = KINDS[c.party.kind]
        circ, circ_err = circumstance_bits(cat, c.circumstances, kind)
        priors = [p.decided_on for p in c.prior_penalties if p.same_kind and p.by_cac]
        for j, pid in enumerate(c.provision_ids):
            idx = cat.index.get(pid, -1)
            err = unknown_provision(cat, pid) if idx < 0 else circ_err
            errf = "provision" if idx < 0 else ("circumstances" if circ_err else None)
            vals = dict(
                case=i, order=j, given=idx, start=c.violation_date,
                end=c.violation_end_date or c.violation_date,
                discovery=c.discovery_date, decision=c.decision_date, kind=kind,
                age=-1 if c.party.age is None else c.party.age,
                gains=to_fen(c.illegal_gain_cny or 0), has_gains=c.illegal_gain_cny is not None,
                turnover=to_fen(c.turnover_cny or 0), has_turnover=c.turnover_cny is not None,
                procurement=to_fen(c.procurement_amount_cny or 0),
                has_procurement=c.procurement_amount_cny is not None,
                circ=circ, prior_days=priors, persons_count=c.persons_count,
                turnover_choice=TURNOVER_CHOICES[c.options.turnover_ceiling],
                prefer_mitigated=c.options.prefer_mitigated,
                apply_may=c.options.apply_may_circumstances,
                anchor_decision=c.options.repeat_window_anchor == "decision",
                error=err, error_field=errf)
            for k, v in vals.items():
                rows[k].append(v)
            offsets.append(offsets[-1] + len(priors))
    prior_days = [d for ds in rows.pop("prior_days") for d in ds]
    return _finish(rows, offsets, prior_days)


_DTYPES = {
    "case": np.int64, "order": np.int64, "given": np.int64, "start": "datetime64[D]",
    "end": "datetime64[D]", "discovery": "datetime64[D]", "decision": "datetime64[D]",
    "kind": np.int8, "age": np.int64, "gains": np.int64, "has_gains": bool,
    "turnover": np.int64, "has_turnover": bool, "procurement": np.int64,
    "has_procurement": bool, "circ": np.int64, "persons_count": np.int64,
    "turnover_choice": np.int8, "prefer_mitigated": bool, "apply_may": bool,
    "anchor_decision": bool, "error": object, "error_field": object,
}


def _finish(rows: dict[str, list], offsets: list[int], prior_days: list) -> CaseArrays:
    cols = {k: np.array(rows[k], dtype=dtype) for k, dtype in _DTYPES.items()}  # None -> NaT
    return CaseArrays(**cols, prior_offsets=np.array(offsets, dtype=np.int64),
                      prior_days=np.array(prior_days, dtype="datetime64[D]"),
                      failed=np.not_equal(cols["error"], None))


# ------------------------------------------------------------------------------- batch path
FRAME_COLUMNS = {
    "provision": "catalogue id; several ids separated by ';' for one act under several norms",
    "violation_date": "ISO date (required)",
    "violation_end_date": "ISO date or empty",
    "discovery_date": "ISO date or empty",
    "decision_date": "ISO date (required)",
    "party_kind": "organisation (default) or individual",
    "party_age": "whole years, individuals only",
    "illegal_gain_cny": "amount in CNY, at most two decimals",
    "turnover_cny": "amount in CNY, at most two decimals",
    "procurement_amount_cny": "amount in CNY, at most two decimals",
    "circumstances": "codes separated by ';' (or a JSON list)",
    "prior_penalties": 'JSON list of {"decided_on": DATE, "same_kind": true, "by_cac": true}',
    "persons_count": "number of directly responsible persons (default 1)",
    "turnover_ceiling": "higher (default), fixed or turnover",
    "prefer_mitigated": "true or false (default false)",
    "apply_may_circumstances": "true (default) or false",
    "repeat_window_anchor": "violation_end (default) or decision",
    "label": "free text",
}


class _Errors:
    """First error per row, with the field it concerns."""

    def __init__(self, n: int):
        self.msg = np.empty(n, dtype=object)  # None everywhere
        self.field = np.empty(n, dtype=object)
        self.has = np.zeros(n, dtype=bool)

    def add(self, bad: np.ndarray, field: str, messages: np.ndarray | str) -> None:
        new = bad & ~self.has
        if new.any():
            self.has |= new
            self.msg[new] = messages[new] if isinstance(messages, np.ndarray) else messages
            self.field[new] = field


def _column(df: pd.DataFrame, name: str, aliases: tuple[str, ...] = ()) -> pd.Series | None:
    for n in (name, *aliases):
        if n in df.columns:
            return df[n]
    return None


def _arrow_text(s: pd.Series) -> pa.ChunkedArray | None:
    """The column as Arrow strings when pandas already holds it so (the default string dtype
    of pandas 3 and of ``read_csv``), else None."""
    dtype = s.dtype
    arrow = (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or (
        isinstance(dtype, pd.ArrowDtype) and pa.types.is_string(dtype.pyarrow_dtype))
    if not arrow:
        return None
    arr = s.array.__arrow_array__()
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def _strict_cast(arr: pa.ChunkedArray, to: pa.DataType) -> tuple[np.ndarray, np.ndarray] | None:
    """Every cell cast by Arrow in one pass, as (the value's fixed-width integer: days for a
    date, the unscaled value for a decimal; whether the cell is present), or None when some
    cell does not cast; the caller then reads the column value by value and explains."""
    try:
        out = pc.cast(arr, to, safe=True).combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if out.buffers()[1] is None:  # no value buffer (e.g. no rows): read value by value
        return None
    present = np.ones(len(out), bool) if out.null_count == 0 else \
        out.is_valid().to_numpy(zero_copy_only=False)
    if pa.types.is_date32(to):
        values = np.frombuffer(out.buffers()[1], np.int32, len(out), out.offset * 4)
        return values.astype(np.int64), present
    words = np.frombuffer(out.buffers()[1], np.int64, 2 * len(out), out.offset * 16)
    low, high = words[0::2], words[1::2]  # little-endian 128-bit integers
    if ((high != 0) & present).any():  # negative: the slow path words the error
        return None
    return np.where(present, low, 0), present


def _any_e(arr: pa.ChunkedArray) -> bool:
    """Whether any byte of the text is "e" or "E" (looked up in the raw UTF-8 bytes; bytes
    outside the cells only err on the safe side)."""
    for chunk in arr.chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return True
        data = chunk.buffers()[2]
        if data is not None and ((np.frombuffer(data, np.uint8) | 0x20) == ord("e")).any():
            return True
    return False


def _blank(s: pd.Series) -> np.ndarray:
    """Empty cells: missing values and blank text."""
    blank = s.isna().to_numpy(bool, copy=True)
    if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
        blank |= (s.astype("string").str.strip() == "").fillna(True).to_numpy(bool)
    return blank


def _factorized(series: pd.Series, parse, name: str, errors: _Errors) -> np.ndarray:
    """Parse each distinct value once with ``parse(value) -> (result, error or None)``; record
    the errors and return the per-row results (integers)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = [parse(u) for u in uniques] + [parse(None)]  # code -1 (empty) -> parse(None)
    values = np.array([p[0] for p in parsed], dtype=np.int64)
    u_err = np.array([p[1] for p in parsed], dtype=object)
    u_bad = np.not_equal(u_err, None)
    if u_bad.any():
        errors.add(u_bad[codes], name, u_err[codes])
    return values[codes]


def _whole_number_column(df, name: str, low: int, high: int, blank: int, errors: _Errors,
                         n: int) -> tuple[np.ndarray, np.ndarray]:
    """Whole numbers in [low, high]; ``blank`` where the cell is empty. Also returns which
    cells were given."""
    s = _column(df, name)
    if s is None:
        return np.full(n, blank, np.int64), np.zeros(n, bool)
    if pd.api.types.is_integer_dtype(s):
        given = ~s.isna().to_numpy(bool)
        v = s.fillna(blank).to_numpy(np.int64)
        bad = given & ((v < low) | (v > high))
    else:
        f = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        given = ~_blank(s)
        bad = given & (np.isnan(f) | (f < low) | (f > high) | (np.nan_to_num(f) % 1 != 0))
        v = np.where(np.isnan(f), blank, np.nan_to_num(f)).astype(np.int64)
    if bad.any():
        msgs = np.full(n, None, dtype=object)
        rows = np.flatnonzero(bad)
        msgs[rows] = [_message(name, s.iloc[i], f"must be a whole number from {low} to {high}")
                      for i in rows]
        errors.add(bad, name, msgs)
    return np.where(bad, blank, v), given & ~bad


def _date_column(df, name, errors: _Errors, required: bool, n: int) -> np.ndarray:
    s = _column(df, name)
    if s is None:
        if required:
            errors.add(np.ones(n, bool), name, _message(name, None, "is required (ISO date)"))
        return np.full(n, NAT)
    arrow = None if pd.api.types.is_datetime64_any_dtype(s) else _arrow_text(s)
    cast = _strict_cast(arrow, pa.date32()) if arrow is not None else None
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.to_numpy().astype("datetime64[D]")
        missing = np.isnat(out)
    elif cast is not None:  # every cell an ISO date or empty: days since 1970-01-01
        days, missing = cast[0], ~cast[1]
        out = np.where(missing, np.iinfo(np.int64).min, days).view("datetime64[D]")  # min: NaT
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        texts = pd.Series(np.asarray(uniques, dtype=object), dtype=object).map(lambda v: str(v).strip())
        parsed = pd.to_datetime(texts, format="%Y-%m-%d",
                                errors="coerce").to_numpy().astype("datetime64[D]")
        bad_u = np.isnat(parsed) & (texts.str.len() > 0).to_numpy()
        parsed = np.append(parsed, NAT)  # code -1 (empty cell) -> NaT
        bad_u = np.append(bad_u, False)
        out = parsed[codes]
        bad = bad_u[codes]
        if bad.any():
            msgs = np.full(n, None, dtype=object)
            rows = np.flatnonzero(bad)
            msgs[rows] = [_message(name, s.iloc[i], "must be an ISO date YYYY-MM-DD") for i in rows]
            errors.add(bad, name, msgs)
        missing = np.isnat(out) & ~bad
    if required:
        errors.add(missing, name, _message(name, None, "is required (ISO date)"))
    return out


def _parse_money(value, field: str):
    if value is None or (isinstance(value, float) and np.isnan(value)) or (
            isinstance(value, str) and not value.strip()):
        return 0, False, None
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return 0, False, _message(field, value, "must be a number of yuan, e.g. 120000 or 99.50")
    if not d.is_finite() or d < 0:
        return 0, False, _message(field, value, "must be zero or a positive number of yuan")
    if d >= MAX_CNY:
        return 0, False, _message(field, value, f"must be below {MAX_CNY:,} yuan")
    if d != d.quantize(Decimal("0.01")):
        return 0, False, _message(field, value, "may have at most two decimals (fen)")
    return to_fen(d), True, None


_PLAIN_AMOUNT = r"\d{1,13}(?:\.\d{1,2})?"
# Amounts below MAX_CNY (10**13) yuan with fen: 13 digits before the point, 2 after.
_MONEY_DECIMAL = pa.decimal128(len(str(MAX_CNY)) - 1 + 2, 2)
assert MAX_CNY == 10 ** (len(str(MAX_CNY)) - 1) and FEN == 100


def _money_column(df, name, errors: _Errors, n: int):
    """Exact fen from a column of amounts in yuan. Integers are taken as they are; Arrow text
    whose every cell is a plain decimal is cast in one pass; otherwise each distinct value is
    read once: plain decimals ("123", "99.5") textually in bulk, anything else (commas, signs,
    junk) by ``_parse_money``, which explains what is wrong."""
    s = _column(df, name)
    if s is None:
        return np.zeros(n, np.int64), np.zeros(n, bool)
    if pd.api.types.is_integer_dtype(s):
        has = ~s.isna().to_numpy()
        v = s.fillna(0).to_numpy(np.int64)
        bad = (v < 0) | (v >= int(MAX_CNY))
        if bad.any():
            rows = np.flatnonzero(bad)
            msgs = np.full(n, None, dtype=object)
            msgs[rows] = [_message(name, int(v[i]), "must be zero or a positive number of yuan "
                                   "below 10 trillion") for i in rows]
            errors.add(bad, name, msgs)
        return np.where(bad, 0, v * FEN), has & ~bad
    arrow = _arrow_text(s)
    # On text without an exponent, Arrow's decimal cast accepts a subset of what _parse_money
    # accepts, to the same values: at most 13 digits before the point and 2 after (exact fen).
    # Its exponent syntax is looser ("2e+-1", "1e0xA"; tiny values become 0), so any "e" or "E"
    # sends the column to the value-by-value reading.
    cast = _strict_cast(arrow, _MONEY_DECIMAL) if arrow is not None and not _any_e(arrow) \
        else None
    if cast is not None:
        return cast
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if pd.api.types.is_float_dtype(s):  # the shortest text that reads back as each float
        uniques = np.array([repr(float(v)) for v in uniques], dtype=object)
    texts = pd.Series(uniques, dtype="str").str.strip()
    plain = texts.str.fullmatch(_PLAIN_AMOUNT).fillna(False).to_numpy(bool)
    u_fen = np.zeros(len(texts) + 1, np.int64)  # last slot: empty cell
    u_has = np.zeros(len(texts) + 1, bool)
    u_err = np.full(len(texts) + 1, None, dtype=object)
    if plain.any():
        # At most 13 integer digits and 2 decimals: the nearest double times 100, rounded to the
        # nearest integer, is exactly the amount in fen (far below 2**53).
        yuan = texts[plain].astype("float64").to_numpy()
        u_fen[:-1][plain] = np.rint(yuan * FEN).astype(np.int64)
        u_has[:-1][plain] = True
    for i in np.flatnonzero(~plain):
        u_fen[i], u_has[i], u_err[i] = _parse_money(uniques[i], name)
    u_bad = np.not_equal(u_err, None)
    if u_bad.any():
        errors.add(u_bad[codes], name, u_err[codes])
    return u_fen[codes], u_has[codes]


def _split_codes(value) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("["):
        return [str(v).strip() for v in json.loads(text)]
    return [t.strip() for t in text.replace(",", ";").split(";") if t.strip()]


def _bool_column(df, name, default: bool, errors: _Errors, n: int) -> np.ndarray:
    s = _column(df, name)
    if s is None:
        return np.full(n, default)
    truth = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False,
             "": default}

    def parse(u):
        if u is None or (isinstance(u, float) and np.isnan(u)):
            return default, None
        key = str(u).strip().lower()
        if key in truth:
            return truth[key], None
        return default, _message(name, u, "must be true or false")

    return _factorized(s, parse, name, errors).astype(bool)


def _choice_column(df, name, choices: dict[str, int], default: str, errors: _Errors, n: int):
    s = _column(df, name)
    if s is None:
        return np.full(n, choices[default], dtype=np.int64)

    def parse(u):
        if u is None or (isinstance(u, float) and np.isnan(u)) or str(u).strip() == "":
            return choices[default], None
        key = str(u).strip().lower()
        if key in choices:
            return choices[key], None
        return choices[default], _message(name, u, f"must be one of {', '.join(choices)}")

    return _factorized(s, parse, name, errors)


def arrays_from_frame(cat: Catalogue, df: pd.DataFrame) -> CaseArrays:
    """Build the column arrays from a frame with the columns of ``FRAME_COLUMNS``.

    Every row is kept: a row that cannot be read gets its error message instead of a result.
    """
    n = len(df)
    errors = _Errors(n)
    unknown = sorted(set(df.columns) - set(FRAME_COLUMNS) - {"provisions", "row_id"})
    start = _date_column(df, "violation_date", errors, True, n)
    end_raw = _date_column(df, "violation_end_date", errors, False, n)
    discovery = _date_column(df, "discovery_date", errors, False, n)
    decision = _date_column(df, "decision_date", errors, True, n)
    kind = _choice_column(df, "party_kind", KINDS, "organisation", errors, n).astype(np.int8)
    age, _ = _whole_number_column(df, "party_age", 0, 130, -1, errors, n)
    on_org = (age >= 0) & (kind == ORGANISATION)
    errors.add(on_org, "party_age", _message("party_age", "(given)",
                                             "is only allowed when party_kind is individual"))
    gains, has_gains = _money_column(df, "illegal_gain_cny", errors, n)
    turnover, has_turnover = _money_column(df, "turnover_cny", errors, n)
    procurement, has_proc = _money_column(df, "procurement_amount_cny", errors, n)
    # circumstances: parsed once per distinct (text, party kind)
    circ_s = _column(df, "circumstances")
    if circ_s is None:
        circ = np.zeros(n, np.int64)
    else:
        if circ_s.dtype == object and len(circ_s) and not isinstance(circ_s.iloc[0], str) \
                and circ_s.map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
            circ_s = circ_s.map(lambda v: json.dumps([str(x) for x in v])
                                if isinstance(v, (list, tuple, np.ndarray)) else v)
        text_codes, texts = pd.factorize(circ_s, use_na_sentinel=True)
        # one key per (text, party kind); each key present is parsed once
        key = (text_codes + 1) * 2 + kind  # text code -1 (empty cell) -> keys 0 and 1
        present = np.flatnonzero(np.bincount(key, minlength=2 * len(texts) + 2))
        k_bits = np.zeros(2 * len(texts) + 2, np.int64)
        k_err = np.empty(2 * len(texts) + 2, dtype=object)
        for u in present:
            text = texts[u // 2 - 1] if u >= 2 else None
            if text is None or (isinstance(text, float) and np.isnan(text)):
                continue
            try:
                codes = _split_codes(text)
            except ValueError:
                k_err[u] = _message("circumstances", text, "must be codes separated by ';' or "
                                    "a JSON list")
                continue
            k_bits[u], k_err[u] = circumstance_bits(cat, codes, int(u % 2))
        circ = k_bits[key]
        k_bad = np.not_equal(k_err, None)
        if k_bad.any():
            errors.add(k_bad[key], "circumstances", k_err[key])
    # prior penalties: JSON lists, parsed once per distinct text
    prior_s = _column(df, "prior_penalties")
    if prior_s is None:
        prior_days_rows = None
    else:
        adapter = _PRIOR_LIST

        def parse_prior(u):
            if u is None or (isinstance(u, float) and np.isnan(u)) or not str(u).strip():
                return (), None
            try:
                items = adapter.validate_json(u) if isinstance(u, str) else \
                    adapter.validate_python(u)
            except ValidationError as exc:
                first = exc.errors()[0]
                return (), _message("prior_penalties", u, f"must be a JSON list of "
                                    f'{{"decided_on": DATE, "same_kind": bool, "by_cac": bool}} '
                                    f"({first['msg']} at {'.'.join(map(str, first['loc']))})")
            return tuple(np.datetime64(p.decided_on, "D") for p in items
                         if p.same_kind and p.by_cac), None

        pcodes_, puniq_ = pd.factorize(prior_s, use_na_sentinel=True)
        parsed = [parse_prior(u) for u in puniq_] + [((), None)]  # code -1: empty cell
        u_err = np.array([p[1] for p in parsed], dtype=object)
        u_bad = np.not_equal(u_err, None)
        if u_bad.any():
            errors.add(u_bad[pcodes_], "prior_penalties", u_err[pcodes_])
        # the days of every distinct text, flat, with each text's count and offset
        u_count = np.array([len(p[0]) for p in parsed], np.int64)
        u_days = np.array([d for p in parsed for d in p[0]], dtype="datetime64[D]")
        prior_days_rows = (pcodes_, u_count, np.cumsum(u_count) - u_count, u_days)
    persons, _ = _whole_number_column(df, "persons_count", 0, 1000, 1, errors, n)
    turnover_choice = _choice_column(df, "turnover_ceiling", TURNOVER_CHOICES, "higher", errors, n)
    prefer = _bool_column(df, "prefer_mitigated", False, errors, n)
    apply_may = _bool_column(df, "apply_may_circumstances", True, errors, n)
    anchor = _choice_column(df, "repeat_window_anchor", {"violation_end": 0, "decision": 1},
                            "violation_end", errors, n).astype(bool)
    if unknown:
        errors.add(np.ones(n, bool), unknown[0], _message(
            "column", unknown[0], f"is not a known column; known: {', '.join(FRAME_COLUMNS)}"))
    # provisions: one or several ids per row; rows are repeated per id (APL Art. 29)
    prov_s = _column(df, "provision", ("provisions",))
    if prov_s is None:
        errors.add(np.ones(n, bool), "provision", _message("provision", None, "is required"))
        prov_s = pd.Series([""] * n, dtype=object)
    # Each distinct cell is split once ("a;b" -> a, b) into a small table of ids; rows point
    # into it, so nothing here loops over rows.
    pcodes, puniq = pd.factorize(prov_s, use_na_sentinel=True)
    index = cat.index
    lists = [(u,) if isinstance(u, str) and u in index else tuple(_split_codes(u))  # id, "a;b"
             for u in np.asarray(puniq, dtype=object).tolist()] + [()]  # code -1 (empty) -> ()
    ulen = np.array([max(len(t), 1) for t in lists], np.int64)
    uoff = np.concatenate([[0], np.cumsum(ulen)[:-1]])
    table = [t[j] if j < len(t) else "" for t in lists for j in range(max(len(t), 1))]
    table_idx = np.fromiter((cat.index.get(i, -1) for i in table), np.int64, len(table))
    if (ulen == 1).all():  # one provision per row: the rows are the cases
        rep, order, pos = np.arange(n), np.zeros(n, np.int64), uoff[pcodes]

        def expand(a: np.ndarray) -> np.ndarray:
            return a
    else:
        lens = ulen[pcodes]
        rep = np.repeat(np.arange(n), lens)
        order = np.arange(len(rep)) - np.repeat(np.cumsum(lens) - lens, lens)
        pos = uoff[pcodes][rep] + order

        def expand(a: np.ndarray) -> np.ndarray:
            return a[rep]
    given = table_idx[pos]
    msg, field, failed = expand(errors.msg), expand(errors.field), expand(errors.has)
    bad_prov = (given < 0) & ~failed
    if bad_prov.any():
        failed |= bad_prov
        msg[bad_prov] = [unknown_provision(cat, table[pos[i]]) if table[pos[i]] else
                         _message("provision", None, "is required")
                         for i in np.flatnonzero(bad_prov)]
        field[bad_prov] = "provision"
    if prior_days_rows is None:
        offsets = np.zeros(len(rep) + 1, np.int64)
        prior_days = np.array([], dtype="datetime64[D]")
    else:
        pcodes_, u_count, u_start, u_days = prior_days_rows
        code = expand(pcodes_)
        c = u_count[code]
        offsets = np.concatenate([[0], np.cumsum(c)])
        rows = np.flatnonzero(c)  # each row's days: its text's days, in order
        within = np.arange(offsets[-1]) - np.repeat(offsets[rows], c[rows])
        prior_days = u_days[np.repeat(u_start[code[rows]], c[rows]) + within]
    end = np.where(np.isnat(end_raw), start, end_raw)
    return CaseArrays(
        case=rep, order=order, given=given, start=expand(start), end=expand(end),
        discovery=expand(discovery), decision=expand(decision), kind=expand(kind),
        age=expand(age), gains=expand(gains), has_gains=expand(has_gains),
        turnover=expand(turnover), has_turnover=expand(has_turnover),
        procurement=expand(procurement), has_procurement=expand(has_proc), circ=expand(circ),
        prior_offsets=offsets, prior_days=prior_days, persons_count=expand(persons),
        turnover_choice=expand(turnover_choice).astype(np.int8),
        prefer_mitigated=expand(prefer), apply_may=expand(apply_may),
        anchor_decision=expand(anchor), error=msg, error_field=field, failed=failed)


# ------------------------------------------------------------------------------------ rules
class Result:
    """Rule outputs per governing row (one per case). Money in fen; band bounds are
    ``BandTable``s. Per-row arrays are selected for the governing rows on first access, so
    the batch path pays only for the columns it reads.

    Fields:
    case: np.ndarray
    row: np.ndarray  # index into the CaseArrays rows: the governing provision's row
    error: np.ndarray
    error_field: np.ndarray
    failed: np.ndarray  # bool: the case has an error (then error says which)
    applied: np.ndarray
    at_violation: np.ndarray
    at_decision: np.ndarray
    lighter: np.ndarray
    ambiguous: np.ndarray
    stat_low: np.ndarray
    stat_high: np.ndarray
    old_low: np.ndarray
    old_high: np.ndarray
    old_has_fine: np.ndarray
    new_low: np.ndarray
    new_high: np.ndarray
    new_has_fine: np.ndarray
    has_fine: np.ndarray
    optional: np.ndarray
    ceiling_only: np.ndarray
    fallback: np.ndarray
    turnover_missing: np.ndarray
    turnover_used: np.ndarray
    fixed_cap: np.ndarray
    turnover_cap: np.ndarray
    two_stage: np.ndarray
    circ: np.ndarray  # with derived circumstances
    limitation_status: np.ndarray
    limitation_years: np.ndarray
    limitation_expires: np.ndarray
    mask: np.ndarray
    band: np.ndarray
    low: BandTable  # one vector per band
    high: np.ndarray
    float_low: np.ndarray
    float_high: np.ndarray
    fine_low: np.ndarray
    fine_high: np.ndarray
    float_fine_low: np.ndarray
    float_fine_high: np.ndarray
    persons: np.ndarray
    persons_count: np.ndarray
    p_stat_low: np.ndarray
    p_stat_high: np.ndarray
    p_low: np.ndarray
    p_high: np.ndarray
    p_float_low: np.ndarray
    p_float_high: np.ndarray
    p_fine_low: np.ndarray
    p_fine_high: np.ndarray
    p_float_fine_low: np.ndarray
    p_float_fine_high: np.ndarray
    confiscation: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    benchmark_applies: np.ndarray
    absorbed_of, absorbed_owner: rows absorbed under APL Art. 29 and the result row owning each
    """

    def __init__(self, pick: np.ndarray, identity: bool, full: dict, **ready):
        self._pick = None if identity else pick
        if identity:  # nothing to select: plain attributes, only the computed ones wait
            ready.update((k, v) for k, v in full.items() if not callable(v))
            full = {k: v for k, v in full.items() if callable(v)}
        self._full = full
        self.__dict__.update(ready)

    def __getattr__(self, name: str):
        full = self.__dict__.get("_full", {})
        if name not in full:
            raise AttributeError(name)
        value = full.pop(name)
        if callable(value):  # computed on first read, over every row
            value = value()
        if self._pick is not None:
            value = value.take(self._pick) if isinstance(value, BandTable) else value[self._pick]
        setattr(self, name, value)
        return value

    def absorbed_rows(self, j: int) -> np.ndarray:
        """Rows of the other provisions named for result row ``j`` (APL Art. 29)."""
        lo, hi = np.searchsorted(self.absorbed_owner, [j, j + 1])
        return self.absorbed_of[lo:hi]


@lru_cache(maxsize=8)
def _masks(cat: Catalogue) -> dict[str, int]:
    """Bit mask of the circumstances having each legal effect (data/factors.yaml)."""
    masks: dict[str, int] = {}
    for i, code in enumerate(cat.circumstance_codes):
        eff = cat.circumstances[code].effect
        masks[eff] = masks.get(eff, 0) | (1 << i)
    return masks


@lru_cache(maxsize=64)
def _bit(cat: Catalogue, code: str) -> int:
    return 1 << cat.circumstance_codes.index(code)


def _repeat_offences(ca: CaseArrays, anchor: np.ndarray, window_months: int) -> np.ndarray:
    """Provision Art. 9(5): number of same-kind CAC penalties within the window before
    ``anchor`` (inclusive)."""
    out = np.zeros(len(ca), np.int64)
    if len(ca.prior_days) == 0:
        return out
    counts = np.diff(ca.prior_offsets)
    rows = counts.nonzero()[0]  # the rows with prior penalties, in the order of prior_days
    owner = np.repeat(np.arange(len(rows)), counts[rows])
    a = anchor[rows][owner]
    inside = (ca.prior_days <= a) & (ca.prior_days >= add_months(a, -window_months))
    out[rows] = np.bincount(owner, weights=inside, minlength=len(rows)).astype(np.int64)
    return out


def run(cat: Catalogue, ca: CaseArrays) -> Result:
    """Apply every rule to every row; pick the governing norm per case; return the results."""
    A = cat.arrays
    n = len(ca)
    failed = ca.failed.copy()
    error, error_field = ca.error, ca.error_field  # copied on the first new error

    def fail(bad: np.ndarray, field: str, messages, key: np.ndarray | None = None) -> None:
        """Record the first error of each row; ``messages(i)`` phrases it for row i, once per
        distinct ``key`` (rows with the same key get the same message)."""
        nonlocal error, error_field
        new = bad & ~failed
        if new.any():
            failed[new] = True
            if error is ca.error:
                error, error_field = error.copy(), error_field.copy()
            rows = new.nonzero()[0]
            if callable(messages) and key is not None:
                _, first, inverse = np.unique(key[rows], return_index=True, return_inverse=True)
                texts = np.array([messages(rows[i]) for i in first], dtype=object)
                error[rows] = texts[inverse.ravel()]
            elif callable(messages):
                error[rows] = [messages(i) for i in rows]
            else:
                error[rows] = messages
            error_field[rows] = field

    given = np.where(ca.given >= 0, ca.given, 0)
    ok_dates = ~np.isnat(ca.start) & ~np.isnat(ca.decision)
    start = np.where(ok_dates, ca.start, A.effective_from[given])
    end = np.where(ok_dates, ca.end, start)
    decision = np.where(ok_dates, ca.decision, end)
    fail(end < start, "violation_end_date", lambda i: _message(
        "violation_end_date", str(ca.end[i]), f"must be on or after violation_date ({ca.start[i]})"))
    fail(decision < end, "decision_date", lambda i: _message(
        "decision_date", str(ca.decision[i]),
        f"must be on or after the end of the violation ({ca.end[i]})"))
    fail(~np.isnat(ca.discovery) & (ca.discovery < start), "discovery_date", lambda i: _message(
        "discovery_date", str(ca.discovery[i]), f"must be on or after violation_date ({start[i]})"))

    # APL Art. 37: the version in force when the act ended, and the one at the decision date.
    at_violation, amb_v = version_in_force(A, given, end)
    at_decision, amb_d = version_in_force(A, given, decision)

    def not_in_force(i: int) -> str:
        p = cat.provisions[cat.ids[given[i]]]
        versions = [cat.provisions[cat.ids[c]] for c in A.candidates[given[i]] if c >= 0]
        spans = "; ".join(f"{v.id} from {v.effective_from}"
                          + (f" until {v.effective_to}" if v.effective_to else "")
                          for v in versions)
        return _message("violation_date", str(end[i]),
                        f"{p.id} (or a counterpart) must be in force then: {spans}")

    fail((ca.given >= 0) & (at_violation < 0), "violation_date", not_in_force,
         key=given * 10**6 + end.astype(np.int64))
    old = np.where(at_violation >= 0, at_violation, given)
    fail((A.basis[old] == BASIS_CODES["procurement_multiple"]) & ~ca.has_procurement,
         "procurement_amount_cny", lambda i: _message(
             "procurement_amount_cny", None,
             f"is required: the fine under {cat.ids[old[i]]} is a multiple of the procurement "
             "amount"), key=old)
    amounts = (ca.gains, ca.has_gains, ca.turnover, ca.has_turnover, ca.procurement,
               ca.turnover_choice)
    st_old = Statutory(A, old, *amounts)
    # Only rows whose version changed before the decision are computed again and compared.
    moved = ((at_decision >= 0) & (at_decision != old)).nonzero()[0]
    lighter = np.zeros(n, dtype=bool)
    applied, ambiguous, st, st_moved = old, amb_v, st_old, None
    if len(moved):
        st_moved = Statutory(A, at_decision[moved], *(a[moved] for a in amounts))
        lighter_moved = newer_is_lighter(old[moved], at_decision[moved], st_old.has_fine[moved],
                                         st_moved.has_fine, st_old.high[moved], st_moved.high)
        lighter[moved] = lighter_moved
    if lighter.any():
        to_new = moved[lighter_moved]
        applied, ambiguous = old.copy(), amb_v.copy()
        applied[to_new], ambiguous[to_new] = at_decision[to_new], amb_d[to_new]
        st = st_old.with_rows(to_new, st_moved.take(lighter_moved))

    def at_decision_value(name: str):
        """The statutory ``name`` under the version in force at the decision, per row."""
        def value() -> np.ndarray:
            out = getattr(st_old, name)
            if st_moved is not None:
                out = out.copy()
                out[moved] = getattr(st_moved, name)
            return out
        return value

    # Derived circumstances: age (APL Art. 30) and repeat offences (Provision Art. 9(5)).
    apl = cat.apl
    individual = ca.kind == INDIVIDUAL
    circ = ca.circ.copy()
    circ |= np.where(individual & (ca.age >= 0) & (ca.age < apl.no_liability_age_below),
                     _bit(cat, "under_14"), 0)
    circ |= np.where(individual & (ca.age >= apl.no_liability_age_below)
                     & (ca.age < apl.minor_age_below), _bit(cat, "age_14_to_17"), 0)
    ro = cat.benchmark.repeat_offence
    anchor = np.where(ca.anchor_decision, decision, end)
    repeats = _repeat_offences(ca, anchor, ro.window_months)
    circ |= np.where(repeats >= ro.min_prior_penalties, _bit(cat, "repeat_offence_within_year"), 0)

    # APL Art. 36: limitation.
    serious = (circ & _bit(cat, "harm_to_life_health_or_finance")) != 0
    lim_status, lim_years, lim_expires = limitation(
        end, ca.discovery, decision, serious, apl.limitation_years, apl.limitation_years_serious)

    # Provision Arts. 7-11: bands.
    m = _masks(cat)

    def has(effect: str) -> np.ndarray:
        return (circ & m.get(effect, 0)) != 0

    shall_no = has("no_penalty_shall") | (lim_status == EXPIRED)
    mask, band = open_bands_fast(
        shall_no=shall_no, may_no=has("no_penalty_may") & ca.apply_may,
        shall_mild=has("lenient_or_mitigated_shall"),
        may_mild=has("lenient_or_mitigated_may") & ca.apply_may,
        aggravate=has("aggravate_shall"), two_stage=A.two_stage[applied],
        prefer_mitigated=ca.prefer_mitigated)

    # Provision Art. 12: ranges. The band vectors the batch output does not need (the float
    # bounds, the persons' bands) are built only when read (see ``Result``).
    sp = cat.split
    bounds = band_bounds(sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp)
    low, high = band_table(st, bounds["low"]), band_table(st, bounds["high"])
    fine_low, fine_high = union_bound(st, mask, bounds["low"], "low"), \
        union_bound(st, mask, bounds["high"], "high")
    ffine_low, ffine_high = union_bound(st, mask, bounds["float_low"], "low"), \
        union_bound(st, mask, bounds["float_high"], "high")

    # Provision Art. 13: responsible persons take the unit's band on their own range.
    persons = np.where((ca.kind == ORGANISATION) & (ca.persons_count > 0), A.persons[applied], -1)
    st_p = Statutory(A, persons, *amounts)
    p_fine_low = union_bound(st_p, mask, bounds["low"], "low")
    p_fine_high = union_bound(st_p, mask, bounds["high"], "high")
    p_has = (persons >= 0) & st_p.has_fine
    count = np.where(p_has, ca.persons_count, 0)

    # APL Art. 28: confiscation of illegal gains, unless the party is not punished at all.
    not_punished = mask == BIT[NO_PENALTY]
    confiscation = np.where(ca.has_gains & ~not_punished, ca.gains, 0)
    # (a provision without a fine has every bound 0, so it adds nothing)
    total_low = fine_low + count * p_fine_low + confiscation
    total_high = fine_high + count * p_fine_high + confiscation
    benchmark_applies = decision >= np.datetime64(sp.effective_from, "D")

    # APL Art. 29: one act under several norms -> the norm with the higher fine governs.
    pick = pick_higher_fine(ca.case, ca.order, st.high, st.low, st.has_fine, failed)
    n_cases = int(ca.case.max()) + 1 if n else 0
    identity = len(pick) == n
    bad_rows = failed.nonzero()[0]
    if identity or not len(bad_rows):  # a case's error is on its only row, or nowhere
        err_out, field_out = (error, error_field) if identity else (error[pick], error_field[pick])
        failed_out = failed if identity else np.zeros(len(pick), dtype=bool)
    else:  # a case with several rows shows its earliest error
        first_bad = np.full(n_cases, -1, dtype=np.int64)
        first_bad[ca.case[bad_rows[::-1]]] = bad_rows[::-1]
        failed_out = first_bad[ca.case[pick]] >= 0
        shown = np.where(failed_out, first_bad[ca.case[pick]], pick)
        err_out, field_out = error[shown], error_field[shown]
    absorbed_of = np.zeros(0, np.int64)
    absorbed_owner = np.zeros(0, np.int64)
    if not identity:
        rest = np.ones(n, dtype=bool)
        rest[pick] = False
        absorbed_of = np.flatnonzero(rest)  # ascending, so grouped by case
        slot = np.full(n_cases, -1, dtype=np.int64)
        slot[ca.case[pick]] = np.arange(len(pick))
        absorbed_owner = slot[ca.case[absorbed_of]]
    full = dict(
        applied=applied, at_violation=at_violation, at_decision=at_decision, lighter=lighter, ambiguous=ambiguous,
        stat_low=st.low, stat_high=st.high, old_low=st_old.low,
        old_high=st_old.high, old_has_fine=st_old.has_fine, new_low=at_decision_value("low"),
        new_high=at_decision_value("high"), new_has_fine=at_decision_value("has_fine"),
        has_fine=st.has_fine,
        optional=st.optional, ceiling_only=st.ceiling_only, fallback=st.fallback,
        turnover_missing=st.turnover_missing, turnover_used=st.turnover_used,
        fixed_cap=st.fixed_cap, turnover_cap=st.turnover_cap,
        two_stage=A.two_stage[applied], circ=circ, limitation_status=lim_status,
        limitation_years=lim_years, limitation_expires=lim_expires, mask=mask,
        band=band, low=low, high=high,
        float_low=lambda: band_table(st, bounds["float_low"]),
        float_high=lambda: band_table(st, bounds["float_high"]),
        fine_low=fine_low, fine_high=fine_high, float_fine_low=ffine_low,
        float_fine_high=ffine_high, persons=np.where(p_has, persons, -1),
        persons_count=count, p_stat_low=st_p.low, p_stat_high=st_p.high,
        p_low=lambda: band_table(st_p, bounds["low"]),
        p_high=lambda: band_table(st_p, bounds["high"]),
        p_float_low=lambda: band_table(st_p, bounds["float_low"]),
        p_float_high=lambda: band_table(st_p, bounds["float_high"]),
        p_fine_low=p_fine_low, p_fine_high=p_fine_high,
        p_float_fine_low=lambda: union_bound(st_p, mask, bounds["float_low"], "low"),
        p_float_fine_high=lambda: union_bound(st_p, mask, bounds["float_high"], "high"),
        confiscation=confiscation, total_low=total_low, total_high=total_high,
        benchmark_applies=benchmark_applies)
    return Result(pick, identity, full, case=ca.case[pick], row=pick, error=err_out,
                  error_field=field_out, failed=failed_out, absorbed_of=absorbed_of, absorbed_owner=absorbed_owner)
