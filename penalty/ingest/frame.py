"""Column arrays from a ``DataFrame``: the batch path.

Columns of plain ISO dates or amounts are cast by Arrow in one pass; anything else is parsed
once per distinct value. Every row is kept: a row that cannot be read gets its error message.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter, ValidationError

from penalty.catalogue import FEN, Catalogue
from penalty.ingest.arrays import (
    KINDS, LEVEL_CODES, NAT, ORGANISATION, CaseArrays, _message, circumstance_bits, to_fen, unknown_provision,
)
from penalty.models import MAX_CNY, PriorPenalty
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
    level = _choice_column(df, "authority_level", LEVEL_CODES, "none", errors, n).astype(np.int8)
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
        anchor_decision=expand(anchor), level=expand(level), error=msg, error_field=field, failed=failed)


