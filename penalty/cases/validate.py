"""Validating a whole case file: the header, every row against the schema and the catalogue
(law codes, provision ids, circumstance codes), unique ``case_id`` and no near-duplicate decisions
(``near_duplicate_keys``). Every problem is collected and reported with its row number (the CSV
record number, header = row 1), the column, the value and what would be valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from penalty.cases._core import Core, default_core
from penalty.cases.schema import COLUMNS, OPTIONAL_COLUMNS, CaseRow, RowError, known_law_codes, split_list
from penalty.errors import problems

_FRIENDLY = {
    "string_too_short": "required: must not be blank",
    "too_short": "required: at least one value (several separated by ';')",
    "string_pattern_mismatch": "valid: lower-case letters, digits and hyphens, e.g. bjcac-2023-es-1",
}


def _field_errors(exc: ValidationError, data: dict[str, Any], rowno: int, cid: str) -> list[RowError]:
    """Pydantic's errors for one row, each naming the column, the value and what is valid."""
    out = []
    for e in problems(exc):
        msg = e.message
        col = str(e.loc[0]) if e.loc else "(row)"
        if col == "(row)" and msg.split(" ")[0] in COLUMNS:  # row-level rule about one column
            col = msg.split(" ")[0]
        if col == "source_urls" and e.type == "too_short":
            msg = "at least one source is required: a URL (http/https) or a citation starting with 'cite:'"
        elif e.type in _FRIENDLY:
            msg = _FRIENDLY[e.type]
        out.append(RowError(rowno, cid, col, data.get(col), msg))
    return out


def _catalogue_errors(data: dict[str, Any], rowno: int, cid: str, core: Core,
                      known_laws: frozenset[str], known_codes: frozenset[str]) -> list[RowError]:
    """Law codes, provision ids and circumstance codes that the catalogue does not know. Read from
    the raw cells, so they are reported even when other columns of the row are invalid."""
    out = []
    laws = split_list(data.get("laws"))
    for law in laws:
        if law not in known_laws:
            out.append(RowError(rowno, cid, "laws", law, f"unknown law code; valid: {', '.join(sorted(known_laws))}"))
    for pid in split_list(data.get("provision_ids")):
        if not core.has(pid):
            close = core.close_ids(pid)
            out.append(RowError(rowno, cid, "provision_ids", pid, "not a catalogue provision id"
                                + (f"; close matches: {', '.join(close)}" if close else "")))
        elif core.provision(pid).law not in laws:
            out.append(RowError(rowno, cid, "provision_ids", pid,
                                f"provision belongs to law {core.provision(pid).law}, which is not "
                                f"listed in laws ({';'.join(laws)})"))
    for code in split_list(data.get("circumstance_codes")):
        if code not in known_codes:
            out.append(RowError(rowno, cid, "circumstance_codes", code,
                                f"unknown circumstance code; valid: {', '.join(sorted(known_codes))}"))
    return out


def validate_rows(rows: Iterable[dict[str, Any]], header: list[str], source: str = "<rows>",
                  core: Core | None = None) -> tuple[list[CaseRow], list[RowError]]:
    """Validate every row; return the good rows and every error (nothing stops at the first)."""
    if not header:
        return [], [RowError(1, "", "(header)", None,
                             f"no header row; the first line must name the columns: {', '.join(COLUMNS)}")]
    errors: list[RowError] = []
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [c for c in header if c not in COLUMNS]
    for c in missing:
        errors.append(RowError(1, "", c, None, "required column missing from the header row"))
    for c in unknown:
        errors.append(RowError(1, "", c, c, f"unknown column; valid columns: {', '.join(COLUMNS)}"))
    if missing:
        return [], errors
    core = core or default_core()
    known_laws = known_law_codes(core)
    known_codes = core.circumstance_codes()

    good: list[CaseRow] = []
    seen_ids: dict[str, int] = {}
    all_ids = {str(r.get("case_id") or "").strip() for r in rows}
    near: dict[tuple, list[tuple[int, CaseRow]]] = {}
    for i, raw in enumerate(rows):
        rowno = i + 2
        data = {k: (v if v is not None else "") for k, v in raw.items() if k in COLUMNS}
        cid = str(data.get("case_id", "")).strip()
        row_errs: list[RowError] = []
        cells = (sum(1 for k, v in raw.items() if k is not None and v is not None)
                 + len(raw.get(None) or ()))  # type: ignore[call-overload]  # csv's overflow key
        if cells != len(header):
            row_errs.append(RowError(rowno, cid, "(row)", f"{cells} cells",
                                     f"the header has {len(header)} columns; quote cells that contain commas"))
        try:
            row: CaseRow | None = CaseRow(**data)
        except ValidationError as exc:
            row = None
            row_errs.extend(_field_errors(exc, data, rowno, cid))
        row_errs.extend(_catalogue_errors(data, rowno, cid, core, known_laws, known_codes))
        if row is None:
            errors.extend(row_errs)
            continue
        for other in row.distinct_from:
            if other not in all_ids:
                row_errs.append(RowError(rowno, cid, "distinct_from", other, "no row has this case_id"))
        keys = near_duplicate_keys(row)
        if not row_errs:  # a row with other errors is not compared (its cells may be wrong)
            row_errs.extend(_near_duplicates(row, rowno, keys, near))
        if row.case_id in seen_ids:
            row_errs.insert(0, RowError(rowno, cid, "case_id", row.case_id,
                                        f"duplicate case_id (first used in row {seen_ids[row.case_id]})"))
        if row_errs:
            errors.extend(row_errs)
            continue
        seen_ids[row.case_id] = rowno
        for key in keys.values():
            near.setdefault(key, []).append((rowno, row))
        good.append(row)
    return good, errors


def _near_duplicates(row: CaseRow, rowno: int, keys: dict[str, tuple],
                     near: dict[tuple, list[tuple[int, CaseRow]]]) -> list[RowError]:
    """One error per earlier row that shares a near-duplicate key with ``row`` and is not
    declared distinct (``distinct_from`` on either row)."""
    hits: dict[int, tuple[CaseRow, list[str]]] = {}
    for what, key in keys.items():
        for prev_no, prev in near.get(key, ()):
            if prev.case_id in row.distinct_from or row.case_id in prev.distinct_from:
                continue
            hits.setdefault(prev_no, (prev, []))[1].append(what)
    return [RowError(rowno, row.case_id, "distinct_from", prev.case_id,
                     f"near-duplicate of row {no} ({prev.case_id}): same {' and same '.join(whats)}; if both "
                     f"are distinct decisions, name {prev.case_id} in distinct_from")
            for no, (prev, whats) in sorted(hits.items())]


def near_duplicate_keys(row: CaseRow) -> dict[str, tuple]:
    """The keys under which two rows are suspected to record the same decision: the same authority,
    decision date and party; or, for a fine linked to a provision, the same fine, provision and
    date. Text is compared case-insensitively with runs of spaces folded."""
    def norm(s: str) -> str:
        return " ".join(s.lower().split())

    keys: dict[str, tuple] = {
        "authority, decision date and party": ("party", norm(row.authority), row.decision_date or "",
                                               norm(row.party_name)),
    }
    if row.fine_entity_cny is not None and row.provision_ids:
        keys["entity fine, provision and decision date"] = ("fine", row.fine_entity_cny, row.provision_ids[0],
                                                           row.decision_date or "")
    return keys
