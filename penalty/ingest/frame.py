"""Column arrays from a ``DataFrame``: the batch path.

Columns of plain ISO dates or amounts are cast by Arrow in one pass; anything else is parsed
once per distinct value. Every row is kept: a row that cannot be read gets its error message.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter, ValidationError

from penalty.catalogue import FEN, Catalogue
from penalty.errors import InputError, problems
from penalty.ingest.arrays import (
    FLAG,
    FLAG_OPTIONS,
    KINDS,
    LEVEL_CODES,
    NAT,
    ORGANISATION,
    CaseArrays,
    _message,
    circumstance_bits,
    to_fen,
    unknown_provision,
)
from penalty.models import (
    AGE_RANGE,
    DATE_ALLOWED,
    LOOKBACK_RANGE,
    MAX_DATE,
    MIN_DATE,
    ONE_PROVISION_FIELD,
    PERSONS_RANGE,
    REQUIRED,
    REQUIRED_DATE,
    Case,
    Options,
    Party,
    PriorPenalty,
    choices_of,
    default_of,
    parse_bool,
    parse_choice,
    parse_date,
    parse_whole,
)
from penalty.money import MAX_CNY, parse_cny, shown
from penalty.rules.ranges import TURNOVER_CHOICES

_PRIOR_LIST = TypeAdapter(list[PriorPenalty])  # the prior_penalties column, one JSON list a cell


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
    "warning_alone_in_standard_band": "true or false (default false)",
    "first_violation_lookback_months": "whole number of months, or empty (any earlier penalty)",
    "confiscate_when_not_punished": "true or false (default false)",
    "aggravated_for_minors": "true (default) or false",
    "apl_2021_lighter_rules_for_earlier_acts": "true (default) or false",
    "label": "free text",
    "authority_level": "national, provincial, city or district, or empty; weighs similar decisions "
                       "for the likely range (observed practice) only",
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


def _all_missing(s: pd.Series) -> bool:
    """Whether every cell of the column is missing (then there is nothing to read). Arrow text
    knows its count of missing cells; numpy integers and flags cannot be missing."""
    arrow = _arrow_text(s)
    if arrow is not None:
        return arrow.null_count == len(s)
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iub":
        return len(s) == 0
    return bool(s.isna().all())


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
    u_bad = np.not_equal(u_err, None)  # type: ignore[call-overload]
    if u_bad.any():
        errors.add(u_bad[codes], name, u_err[codes])
    return values[codes]


def _whole_number_column(df, name: str, bounds: tuple[int, int], blank: int, errors: _Errors,
                         n: int) -> tuple[np.ndarray, np.ndarray]:
    """Whole numbers within ``bounds`` (from the ``Case`` model), read by ``parse_whole``;
    ``blank`` where the cell is empty. Also returns which cells were given."""
    low, high = bounds
    s = _column(df, name)
    if s is None or _all_missing(s):  # no column, or every cell empty
        return np.full(n, blank, np.int64), np.zeros(n, bool)

    def refused(value) -> str:
        try:
            parse_whole(value, name, low, high)
        except InputError as exc:
            return str(exc)
        raise AssertionError(value)  # pragma: no cover - called on refused values only

    if pd.api.types.is_integer_dtype(s) or pd.api.types.is_float_dtype(s):
        f = s.to_numpy(dtype=float, na_value=np.nan)
        given = ~np.isnan(f)
        bad = given & ((f < low) | (f > high) | (np.nan_to_num(f) % 1 != 0))
        v = np.where(given & ~bad, np.nan_to_num(f), blank).astype(np.int64)
        if bad.any():
            msgs = np.full(n, None, dtype=object)
            rows = np.flatnonzero(bad)
            msgs[rows] = [refused(s.iloc[i].item() if hasattr(s.iloc[i], "item") else s.iloc[i])
                          for i in rows]
            errors.add(bad, name, msgs)
        return v, given & ~bad

    def parse(u):
        if u is None or (isinstance(u, float) and np.isnan(u)) or (
                isinstance(u, str) and not u.strip()):
            return blank, None
        try:
            return parse_whole(u, name, low, high), None
        except InputError as exc:
            return blank, str(exc)

    s = _bools_as_text(s)
    given = ~_blank(s)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    parsed = [parse(u) for u in np.asarray(uniques, dtype=object).tolist()] + [(blank, None)]
    values = np.array([p[0] for p in parsed], np.int64)
    u_err = np.array([p[1] for p in parsed], dtype=object)
    u_bad = np.not_equal(u_err, None)  # type: ignore[call-overload]
    if u_bad.any():
        errors.add(u_bad[codes], name, u_err[codes])
    return values[codes], given & ~u_bad[codes]


_MIN_DAY = np.datetime64(MIN_DATE, "D")
_MAX_DAY = np.datetime64(MAX_DATE, "D")


def _date_column(df, name, errors: _Errors, required: bool, n: int) -> np.ndarray:
    """Calendar dates read as ``parse_date`` (the model's reader) reads them: ISO text
    ``YYYY-MM-DD`` within [MIN_DATE, MAX_DATE], or date-times, whose calendar date is taken in
    their own time zone. Whole columns of ISO text are cast by Arrow in one pass."""
    s = _column(df, name)
    if s is None or _all_missing(s):  # no column, or every cell empty
        if required:
            errors.add(np.ones(n, bool), name, _message(name, None, REQUIRED_DATE))
        return np.full(n, NAT)
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)  # the wall-clock time in the column's own zone
    arrow = None if pd.api.types.is_datetime64_any_dtype(s) else _arrow_text(s)
    cast = _strict_cast(arrow, pa.date32()) if arrow is not None else None
    bad = np.zeros(n, bool)
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.to_numpy().astype("datetime64[D]")
        missing = np.isnat(out)
    elif cast is not None:  # every cell an ISO date or empty: days since 1970-01-01
        days, missing = cast[0], ~cast[1]
        out = np.where(missing, np.iinfo(np.int64).min, days).view("datetime64[D]")  # min: NaT
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)

        def parse(u):
            if isinstance(u, str) and not u.strip():
                return NAT, None
            try:
                return np.datetime64(parse_date(u, name), "D"), None
            except InputError as exc:
                return NAT, str(exc)
            except (TypeError, ValueError, OverflowError):  # e.g. a pandas NaT or an odd object
                return NAT, str(InputError(name, shown(u), DATE_ALLOWED))

        parsed = [parse(u) for u in np.asarray(uniques, dtype=object).tolist()] + [(NAT, None)]
        u_day = np.array([p[0] for p in parsed], dtype="datetime64[D]")
        u_err = np.array([p[1] for p in parsed], dtype=object)
        u_bad = np.not_equal(u_err, None)  # type: ignore[call-overload]
        out, bad = u_day[codes], u_bad[codes]
        if bad.any():
            errors.add(bad, name, u_err[codes])
        missing = np.isnat(out) & ~bad
    # Outside the calendar the rules can extend (the fast paths above do not check it)
    far = ~np.isnat(out) & ((out < _MIN_DAY) | (out > _MAX_DAY)) & ~bad
    if far.any():
        msgs = np.full(n, None, dtype=object)
        msgs[far] = [str(InputError(name, str(d), DATE_ALLOWED)) for d in out[far]]
        errors.add(far, name, msgs)
        out = np.where(far, NAT, out)
    if required:
        errors.add(missing, name, _message(name, None, REQUIRED_DATE))
    return out


def _parse_money(value, field: str):
    """(fen, given, error message or None) of one cell, read by ``penalty.money.parse_cny``."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or (
            isinstance(value, str) and not value.strip()):
        return 0, False, None
    try:
        return to_fen(parse_cny(value, field)), True, None
    except InputError as exc:
        return 0, False, str(exc)


_PLAIN_AMOUNT = r"[0-9]{1,13}(?:\.[0-9]{1,2})?"
# Amounts below MAX_CNY (10**13) yuan with fen: 13 digits before the point, 2 after.
_MONEY_DECIMAL = pa.decimal128(len(str(MAX_CNY)) - 1 + 2, 2)
assert 10 ** (len(str(MAX_CNY)) - 1) == MAX_CNY and FEN == 100


def _money_column(df, name, errors: _Errors, n: int):
    """Exact fen from a column of amounts in yuan. Integers are taken as they are; Arrow text
    whose every cell is a plain decimal is cast in one pass; otherwise each distinct value is
    read once: plain decimals ("123", "99.5") textually in bulk, anything else (commas, signs,
    junk) by ``_parse_money``, which explains what is wrong."""
    s = _column(df, name)
    if s is None or _all_missing(s):  # no column, or every cell empty
        return np.zeros(n, np.int64), np.zeros(n, bool)
    if pd.api.types.is_integer_dtype(s):
        has = ~s.isna().to_numpy()
        v = s.fillna(0).to_numpy(np.int64)
        bad = (v < 0) | (v >= int(MAX_CNY))
        if bad.any():
            rows = np.flatnonzero(bad)
            msgs = np.full(n, None, dtype=object)
            msgs[rows] = [_parse_money(int(v[i]), name)[2] for i in rows]
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
    s = _bools_as_text(s)
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
    u_bad = np.not_equal(u_err, None)  # type: ignore[call-overload]
    if u_bad.any():
        errors.add(u_bad[codes], name, u_err[codes])
    return u_fen[codes], u_has[codes]


MAX_LIST_TEXT = 100_000  # characters of one list cell (codes or ids)


def _split_codes(value) -> list[str]:
    """Codes or ids from a cell: ``a;b`` (or ``a,b``), a flat JSON list of texts, or a list.
    Raises ValueError for anything else (a nested or malformed JSON list, a huge cell)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in value):
            raise ValueError("a nested list")
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if len(text) > MAX_LIST_TEXT:
        raise ValueError("too long")
    if text.startswith("["):
        if text.count("[") > 1 or "{" in text:  # nested: refused before json reads it
            raise ValueError("a nested list")
        items = json.loads(text)  # JSONDecodeError is a ValueError
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ValueError("not a list of texts")
        return [v.strip() for v in items if v.strip()]
    return [t.strip() for t in text.replace(",", ";").split(";") if t.strip()]


def _bools_as_text(s: pd.Series) -> pd.Series:
    """The column with ``True``/``False`` cells as the text "true"/"false": in a column of
    mixed objects ``True == 1`` would make them one distinct value with 1, and a flag is not a
    number (both are refused as numbers by the model's readers)."""
    if s.dtype != object or len(s) == 0:
        return s
    flags = s.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(bool)
    if not flags.any():
        return s
    out = s.copy()
    out[flags] = ["true" if v else "false" for v in s[flags]]
    return out


def _hashable(s: pd.Series) -> pd.Series:
    """The column with list and dict cells (as ``assess_frame`` callers may pass) turned into
    their JSON text, so each distinct value can be read once; other cells unchanged."""
    if s.dtype != object or len(s) == 0:
        return s
    nested = s.map(lambda v: isinstance(v, (list, tuple, dict, set, np.ndarray))).to_numpy(bool)
    if not nested.any():
        return s

    def text(v):
        try:
            return json.dumps(v.tolist() if isinstance(v, np.ndarray) else
                              sorted(map(str, v)) if isinstance(v, set) else v, default=str,
                              ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            return repr(v)[:200]

    out = s.copy()
    out[nested] = [text(v) for v in s[nested]]
    return out


def _bool_column(df, name, default: bool, errors: _Errors, n: int) -> np.ndarray:
    """true/false read by ``parse_bool`` (the model's reader); ``default`` where empty."""
    s = _column(df, name)
    if s is None:
        return np.full(n, default)
    if pd.api.types.is_bool_dtype(s) and not s.isna().any():
        return s.to_numpy(bool)

    def parse(u):
        if u is None or (isinstance(u, float) and np.isnan(u)) or (
                isinstance(u, str) and not u.strip()):
            return default, None
        try:
            return parse_bool(u, name), None
        except InputError as exc:
            return default, str(exc)

    return _factorized(s, parse, name, errors).astype(bool)


def _choice_column(df, name, choices: dict[str, int], default: str, errors: _Errors, n: int):
    """One of ``choices`` (the model's ``Literal`` values) read by ``parse_choice``."""
    s = _column(df, name)
    if s is None:
        return np.full(n, choices[default], dtype=np.int64)
    allowed = tuple(choices)

    def parse(u):
        if u is None or (isinstance(u, float) and np.isnan(u)) or str(u).strip() == "":
            return choices[default], None
        try:
            return choices[parse_choice(u, name, allowed)], None
        except InputError as exc:
            return choices[default], str(exc)

    return _factorized(s, parse, name, errors)


def _codes(literal_choices: tuple[str, ...], table: dict[str, int]) -> dict[str, int]:
    """The model's choices, in its order, with the engine's code of each."""
    return {c: table[c] for c in literal_choices}


def arrays_from_frame(cat: Catalogue, df: pd.DataFrame) -> CaseArrays:
    """Build the column arrays from a frame with the columns of ``FRAME_COLUMNS``.

    Every row is kept: a row that cannot be read gets its error message instead of a result.
    """
    n = len(df)
    errors = _Errors(n)
    nested: dict[str, pd.Series] = {}
    for c, dtype in df.dtypes.items():
        if dtype == np.dtype(object):
            s = df[c]  # each access builds a new Series (pandas 3): one per column
            if (h := _hashable(s)) is not s:
                nested[c] = h
    if nested:  # list or dict cells: their JSON text, which each column's reader judges
        df = df.assign(**nested)
    unknown = sorted(set(df.columns) - set(FRAME_COLUMNS) - {"provisions", "row_id"})
    start = _date_column(df, "violation_date", errors, True, n)
    end_raw = _date_column(df, "violation_end_date", errors, False, n)
    discovery = _date_column(df, "discovery_date", errors, False, n)
    decision = _date_column(df, "decision_date", errors, True, n)
    kind = _choice_column(df, "party_kind", _codes(choices_of(Party, "kind"), KINDS),
                          default_of(Party, "kind"), errors, n).astype(np.int8)
    age, _ = _whole_number_column(df, "party_age", AGE_RANGE, -1, errors, n)
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
        circ_s = _hashable(circ_s)
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
        k_bad = np.not_equal(k_err, None)  # type: ignore[call-overload]
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
            if isinstance(u, str) and len(u) > MAX_LIST_TEXT:
                return (), _message("prior_penalties", shown(u), f"must be at most "
                                    f"{MAX_LIST_TEXT:,} characters of JSON")
            try:
                items = adapter.validate_json(u) if isinstance(u, str) else \
                    adapter.validate_python(u)
            except ValidationError as exc:
                first = problems(exc)[0]
                return (), _message("prior_penalties", u, f"must be a JSON list of "
                                    f'{{"decided_on": DATE, "same_kind": bool, "by_cac": bool}} '
                                    f"({first.msg} at {first.field})")
            return tuple((np.datetime64(p.decided_on, "D"), p.by_cac) for p in items
                         if p.same_kind), None

        pcodes_, puniq_ = pd.factorize(_hashable(prior_s), use_na_sentinel=True)
        parsed = [parse_prior(u) for u in puniq_] + [((), None)]  # code -1: empty cell
        u_err = np.array([p[1] for p in parsed], dtype=object)
        u_bad = np.not_equal(u_err, None)  # type: ignore[call-overload]
        if u_bad.any():
            errors.add(u_bad[pcodes_], "prior_penalties", u_err[pcodes_])
        # the days of every distinct text, flat, with each text's count and offset
        u_count = np.array([len(p[0]) for p in parsed], np.int64)
        u_days = np.array([d for p in parsed for d, _ in p[0]], dtype="datetime64[D]")
        u_cac = np.array([cac for p in parsed for _, cac in p[0]], dtype=bool)
        prior_days_rows = (pcodes_, u_count, np.cumsum(u_count) - u_count, u_days, u_cac)
    persons, _ = _whole_number_column(df, "persons_count", PERSONS_RANGE,
                                      default_of(Case, "persons_count"), errors, n)
    turnover_choice = _choice_column(
        df, "turnover_ceiling", _codes(choices_of(Options, "turnover_ceiling"), TURNOVER_CHOICES),
        default_of(Options, "turnover_ceiling"), errors, n)
    prefer = _bool_column(df, "prefer_mitigated", default_of(Options, "prefer_mitigated"),
                          errors, n)
    apply_may = _bool_column(df, "apply_may_circumstances",
                             default_of(Options, "apply_may_circumstances"), errors, n)
    anchor = _choice_column(
        df, "repeat_window_anchor",
        _codes(choices_of(Options, "repeat_window_anchor"), {"violation_end": 0, "decision": 1}),
        default_of(Options, "repeat_window_anchor"), errors, n).astype(bool)
    level = _choice_column(df, "authority_level", LEVEL_CODES, "none", errors, n).astype(np.int8)
    flags = np.zeros(n, np.int64)
    for name in FLAG_OPTIONS:
        flags |= np.where(_bool_column(df, name, default_of(Options, name), errors, n),
                          FLAG[name], 0)
    lookback, _ = _whole_number_column(df, "first_violation_lookback_months", LOOKBACK_RANGE, -1,
                                       errors, n)
    if unknown:
        errors.add(np.ones(n, bool), unknown[0], _message(
            "column", unknown[0], f"is not a known column; known: {', '.join(FRAME_COLUMNS)}"))
    # provisions: one or several ids per row; rows are repeated per id (APL Art. 29)
    # Rule: a row names its provisions in ``provision`` or in ``provisions``; when a frame has
    # both columns, each row uses the one it fills, and a row filling both is an error (as a
    # case giving both is).
    prov_s = _column(df, "provision")
    several_s = _column(df, "provisions")
    if prov_s is not None and several_s is not None:
        one, many = ~_blank(prov_s), ~_blank(several_s)
        errors.add(one & many, "provision",
                   _message("provision", "(and provisions)", ONE_PROVISION_FIELD))
        prov_s = prov_s.astype(object).where(one, several_s.astype(object))
    elif prov_s is None:
        prov_s = several_s
    if prov_s is None:
        errors.add(np.ones(n, bool), "provision", _message("provision", None, REQUIRED))
        prov_s = pd.Series([""] * n, dtype=object)
    # Each distinct cell is split once ("a;b" -> a, b) into a small table of ids; rows point
    # into it, so nothing here loops over rows.
    pcodes, puniq = pd.factorize(_hashable(prov_s), use_na_sentinel=True)
    index = cat.index

    def ids_of(u) -> tuple[str, ...]:
        if isinstance(u, str) and u in index:  # one id
            return (u,)
        try:
            return tuple(_split_codes(u))  # "a;b" or a JSON list
        except ValueError:
            return (str(shown(u)),)  # not a list of ids: reported as an unknown id

    lists = [ids_of(u) for u in np.asarray(puniq, dtype=object).tolist()] + [()]  # -1: empty
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
                         _message("provision", None, REQUIRED)
                         for i in np.flatnonzero(bad_prov)]
        field[bad_prov] = "provision"
    if prior_days_rows is None:
        offsets = np.zeros(len(rep) + 1, np.int64)
        prior_days = np.array([], dtype="datetime64[D]")
        prior_cac = np.array([], dtype=bool)
    else:
        pcodes_, u_count, u_start, u_days, u_cac = prior_days_rows
        code = expand(pcodes_)
        c = u_count[code]
        offsets = np.concatenate([[0], np.cumsum(c)])
        rows = np.flatnonzero(c)  # each row's days: its text's days, in order
        within = np.arange(offsets[-1]) - np.repeat(offsets[rows], c[rows])
        take = np.repeat(u_start[code[rows]], c[rows]) + within
        prior_days, prior_cac = u_days[take], u_cac[take]
    end = np.where(np.isnat(end_raw), start, end_raw)
    return CaseArrays(
        case=rep, order=order, given=given, start=expand(start), end=expand(end),
        discovery=expand(discovery), decision=expand(decision), kind=expand(kind),
        age=expand(age), gains=expand(gains), has_gains=expand(has_gains),
        turnover=expand(turnover), has_turnover=expand(has_turnover),
        procurement=expand(procurement), has_procurement=expand(has_proc), circ=expand(circ),
        prior_offsets=offsets, prior_days=prior_days, prior_cac=prior_cac,
        persons_count=expand(persons),
        turnover_choice=expand(turnover_choice).astype(np.int8),
        prefer_mitigated=expand(prefer), apply_may=expand(apply_may),
        anchor_decision=expand(anchor), level=expand(level), flags=expand(flags),
        lookback=expand(lookback), error=msg, error_field=field, failed=failed, frame=True)


