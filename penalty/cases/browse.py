"""Browsing the case dataset: full-text search, sanction and fine-size filters, sorting,
statistics per group (authority type, level, province) and the fine as a share of turnover.

The app's Cases page calls these; it computes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from penalty.cases.i18n import authority_zh, code_label, region_zh
from penalty.cases.schema import CaseRow
from penalty.cases.stats import MIN_CASES_FOR_STATS, compute_stats

SortKey = Literal["date_desc", "date_asc", "fine_desc", "fine_asc", "authority"]
SORT_KEYS: tuple[str, ...] = ("date_desc", "date_asc", "fine_desc", "fine_asc", "authority")


def _text(c: CaseRow) -> str:
    parts: list[Any] = [c.case_id, c.authority, authority_zh(c.authority), c.region,
                        region_zh(c.region or ""), c.province, c.sector, c.party_name,
                        c.violation_summary, " ".join(c.laws), c.articles, c.penalties,
                        c.circumstances, c.notes, " ".join(c.provision_ids)]
    for extra in ("summary_zh", "decision_number", "document_number"):
        parts.append(getattr(c, extra, None))
    return " ".join(str(p) for p in parts if p).lower()


def search_cases(cases: Sequence[CaseRow], text: str) -> list[CaseRow]:
    """Cases whose text (names, summary, articles, penalties, notes, in English and Chinese)
    holds every word of ``text``."""
    words = text.lower().split()
    if not words:
        return list(cases)
    return [c for c in cases if all(w in _text(c) for w in words)]


def with_sanctions(cases: Sequence[CaseRow], sanctions: Sequence[str]) -> list[CaseRow]:
    """Cases carrying every sanction code given."""
    want = set(sanctions)
    return [c for c in cases if want <= set(c.sanctions)]


def fine_between(cases: Sequence[CaseRow], low: Decimal | None, high: Decimal | None) -> list[CaseRow]:
    """Cases whose published entity fine lies in [low, high]; with no bound given every case is
    kept, with a bound only cases with a published amount."""
    if low is None and high is None:
        return list(cases)
    out = []
    for c in cases:
        f = c.fine_entity_cny
        if f is None:
            continue
        if (low is None or f >= low) and (high is None or f <= high):
            out.append(c)
    return out


def sort_cases(cases: Sequence[CaseRow], key: str) -> list[CaseRow]:
    """Sorted by decision date, entity fine (cases without an amount last) or authority."""
    if key not in SORT_KEYS:
        raise ValueError(f"sort: {key!r} is not valid; valid: {', '.join(SORT_KEYS)}")
    cases = list(cases)
    if key in ("date_desc", "date_asc"):
        return sorted(cases, key=lambda c: c.decision_date or "", reverse=key == "date_desc")
    if key == "authority":
        return sorted(cases, key=lambda c: (c.authority, c.decision_date or ""))
    known = [c for c in cases if c.fine_entity_cny is not None]
    rest = [c for c in cases if c.fine_entity_cny is None]
    return sorted(known, key=lambda c: c.fine_entity_cny or 0, reverse=key == "fine_desc") + rest


GROUPS: dict[str, Callable[[CaseRow], str]] = {
    "authority_type": lambda c: c.authority_type,
    "level": lambda c: c.level,
    "province": lambda c: c.province or "undisclosed",
}


def group_label(group: str, value: str, lang: str = "en") -> str:
    """A group value as a reader sees it (no dataset codes), in English or Chinese."""
    if lang != "zh":
        if group == "authority_type":
            return code_label("authority_types", value, "en")
        if group == "level":
            return code_label("levels", value, "en")
        return value
    if group == "authority_type":
        return code_label("authority_types", value, "zh")
    if group == "level":
        return code_label("levels", value, "zh")
    return region_zh(value)


def stats_by(cases: Sequence[CaseRow], group: str, lang: str = "en",
             min_cases: int = MIN_CASES_FOR_STATS) -> list[dict[str, Any]]:
    """One row per group value: cases, cases with a published entity fine, and (from
    ``min_cases`` fines on) the median, minimum and maximum fine; largest groups first."""
    if group not in GROUPS:
        raise ValueError(f"group: {group!r} is not valid; valid: {', '.join(GROUPS)}")
    buckets: dict[str, list[CaseRow]] = {}
    for c in cases:
        buckets.setdefault(GROUPS[group](c), []).append(c)
    rows = []
    for value, members in sorted(buckets.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        s = compute_stats(members, min_cases=min_cases)
        rows.append({"group": value, "label": group_label(group, value, lang),
                     "cases": len(members), "with_fine": s.with_entity_fine,
                     "median_cny": s.fines.median if s.fines else None,
                     "min_cny": s.fines.min if s.fines else None,
                     "max_cny": s.fines.max if s.fines else None})
    return rows


def source_url(entry: str) -> str | None:
    """The address of a ``source_urls`` entry without the note that may follow it ("https://x
    (reprint of …)" -> "https://x"), so a link opens; None for a "cite:" entry (no address)."""
    head = entry.strip().split(maxsplit=1)[0] if entry.strip() else ""
    return head if head.startswith(("http://", "https://")) else None


def source_note(entry: str) -> str:
    """What follows the address of a ``source_urls`` entry (its note), or the whole of a "cite:"
    entry without the prefix."""
    entry = entry.strip()
    if source_url(entry) is None:
        return entry.removeprefix("cite:").strip()
    parts = entry.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def share_of_turnover_pct(c: CaseRow) -> Decimal | None:
    """The entity fine as a percentage of the party's turnover, where the dataset gives both
    (two decimals, rounded down); None otherwise."""
    turnover = getattr(c, "turnover_cny", None)
    if c.fine_entity_cny is None or not turnover:
        return None
    return (Decimal(c.fine_entity_cny) * 100 / Decimal(turnover)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN)
