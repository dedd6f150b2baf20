"""Loading and validating ``data/cases.csv`` (historical penalty decisions).

The file is read at the boundary into frozen pydantic rows; every problem in a file is collected
and reported with its row number (the CSV record number, header = row 1), the column, the value
and what would be valid. Cross-row checks: unique ``case_id`` and no near-duplicate decisions (``near_duplicate_keys``).
Schema and conventions: ``data/README.md``, section "cases.csv — historical decisions".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator

from penalty.base import Strict
from penalty.cases._core import Core, default_core
from penalty.errors import close_matches, problems

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is built: reading cases needs no pandas


COLUMNS: tuple[str, ...] = (
    "case_id", "decision_date", "decision_date_precision", "date_basis", "announcement_date",
    "decision_number", "authority", "authority_type", "level", "region", "province", "sector", "party_type",
    "party_name", "violation_summary", "summary_zh", "laws", "articles", "provision_ids", "provision_link_confidence",
    "fine_entity_cny", "fine_individuals_cny", "persons_fined", "fine_per_person_cny", "confiscated_cny",
    "penalties", "sanctions", "circumstances", "circumstance_codes", "records_affected", "source_urls",
    "source_quality", "source_language", "confidence", "distinct_from", "notes",
)

AuthorityType = Literal["cac", "public_security", "market_regulation", "financial_regulator", "other"]
Level = Literal["national", "provincial", "city", "district"]
PartyType = Literal["company", "public_institution", "individual"]
Precision = Literal["year", "month", "day"]
LinkConfidence = Literal["stated", "inferred", "guessed", "none"]
Confidence = Literal["high", "medium", "low"]
DateBasis = Literal["decision", "announcement", "reprint"]
SourceQuality = Literal["official_notice", "reprint", "news_digest", "machine_translation"]

# Link-confidence values of earlier versions of the file, named in the error message.
_OLD_LINK_VALUES = {"exact": "stated", "likely": "inferred"}

# Province-level region of the deciding authority (English names, as in ``region``); "national"
# for national bodies, "unknown" where no source names or implies it.
PROVINCES: tuple[str, ...] = (
    "Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin", "Heilongjiang",
    "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei",
    "Hunan", "Guangdong", "Guangxi", "Hainan", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet",
    "Shaanxi", "Gansu", "Qinghai", "Ningxia", "Xinjiang", "national", "unknown",
)

# Sanctions as codes (column ``sanctions``); ``penalties`` keeps the wording of the source.
SANCTION_CODES: dict[str, str] = {
    "warning": "warning (警告)",
    "fine": "fine on the party, organisation or individual (罚款)",
    "persons_fine": "fine on the organisation's directly responsible managers or other responsible persons",
    "confiscation": "confiscation of illegal gains (没收违法所得)",
    "suspension": "suspension of business, of updates or of functions; app removal (暂停/停业整顿/下架)",
    "revocation": "revocation or cancellation of a licence, filing or website (吊销/注销/关闭网站)",
    "order_rectify": "order to rectify (责令改正/限期整改)",
    "order_stop": "order to stop the unlawful activity or service (责令停止)",
    "summons": "summons / regulatory talk (约谈), not a penalty in law but reported with one",
    "account_handling": "accounts or content dealt with: closed, cleaned up, restricted (处置账号)",
    "persons_discipline": "responsible staff to be disciplined or dealt with (严肃处理责任人)",
    "referral": "case or clues referred to another authority (移送)",
    "other": "another measure, named in penalties",
    "unknown": "a penalty (or a further penalty) was imposed whose kind is not in the source seen",
}
FINE_CODES = frozenset({"fine", "persons_fine"})

# Instruments cited by cases that are not (fine-bearing) entries of the statute catalogue:
# data/case_laws.yaml. Catalogue law codes (CSL, DSL, PIPL, ...) are read from the catalogue.
CASE_LAWS_FILE = "case_laws.yaml"


class CaseLaw(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    en: str = Field(min_length=1)


class CaseLawsFile(Strict):
    laws: tuple[CaseLaw, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CaseLawsFile:
        codes = [x.code for x in self.laws]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"duplicate law codes: {', '.join(dup)}")
        return self


@lru_cache(maxsize=4)
def _extra_law_codes(path: Path) -> dict[str, str]:
    from penalty.catalogue.loader import validate_file

    return {x.code: x.en for x in validate_file(path, CaseLawsFile).laws}


def extra_law_codes() -> dict[str, str]:
    """The law codes of ``data/case_laws.yaml`` with their names (validated when read)."""
    from penalty.catalogue.loader import data_dir

    return _extra_law_codes(data_dir() / CASE_LAWS_FILE)


_DATE_FORMATS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
_URL = re.compile(r"https?://\S+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _split_list(v: Any, sep: str = ";") -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(str(x).strip() for x in v if str(x).strip())
    return tuple(p.strip() for p in str(v).split(sep) if p.strip())


def _blank_to_none(v: Any) -> Any:
    return None if isinstance(v, str) and v.strip() == "" else v


def parse_partial_date(value: str) -> tuple[dt.date, dt.date, Precision]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → (first day, last day, precision)."""
    try:
        return _parse_partial_date(value)
    except ValueError as exc:
        if "valid:" in str(exc):
            raise
        raise ValueError(f"{value!r} is not a calendar date ({exc}); valid: YYYY, YYYY-MM or YYYY-MM-DD") from None


def _parse_partial_date(value: str) -> tuple[dt.date, dt.date, Precision]:
    v = value.strip()
    for prec, pat in _DATE_FORMATS.items():
        if re.match(pat, v):
            if prec == "year":
                y = int(v)
                return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
            if prec == "month":
                y, m = map(int, v.split("-"))
                first = dt.date(y, m, 1)
                nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
                return first, nxt - dt.timedelta(days=1), "month"
            d = dt.date.fromisoformat(v)
            return d, d, "day"
    raise ValueError(f"{value!r} is not a date; valid: YYYY, YYYY-MM or YYYY-MM-DD")


class CaseRow(Strict):
    """One published penalty decision. Amounts are whole yuan; blank = not published / none."""

    model_config = ConfigDict(str_strip_whitespace=True)

    case_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    decision_date: str | None = None
    decision_date_precision: Precision | None = None
    date_basis: DateBasis | None = None
    announcement_date: str | None = None
    decision_number: str = ""  # 行政处罚决定书文号, only where a source states it; blank = not published
    authority: str = Field(min_length=1)
    authority_type: AuthorityType
    level: Level
    region: str = Field(min_length=1)
    province: str
    sector: str = ""
    party_type: PartyType
    party_name: str = Field(min_length=1)
    violation_summary: str = Field(min_length=1)
    summary_zh: str = Field(min_length=1)  # Chinese rendering of violation_summary, no added facts
    laws: tuple[str, ...] = Field(min_length=1)
    articles: str = Field(min_length=1)
    provision_ids: tuple[str, ...] = ()
    provision_link_confidence: LinkConfidence
    fine_entity_cny: int | None = Field(default=None, ge=0)
    fine_individuals_cny: int | None = Field(default=None, ge=0)
    persons_fined: int | None = Field(default=None, ge=1)
    fine_per_person_cny: int | None = Field(default=None, ge=0)
    confiscated_cny: int | None = Field(default=None, ge=0)
    penalties: str = Field(min_length=1)
    sanctions: tuple[str, ...] = Field(min_length=1)
    circumstances: str = ""
    circumstance_codes: tuple[str, ...] = ()
    records_affected: str = ""
    source_urls: tuple[str, ...] = Field(min_length=1)
    source_quality: SourceQuality
    source_language: str = ""
    confidence: Confidence
    distinct_from: tuple[str, ...] = ()
    notes: str = ""

    @field_validator("decision_date", "announcement_date", "decision_date_precision", "date_basis", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return _blank_to_none(v)

    @field_validator("summary_zh")
    @classmethod
    def _chinese(cls, v: str) -> str:
        if not _CJK.search(v):
            raise ValueError("summary_zh must be a Chinese summary (contain Chinese characters)")
        return v

    @field_validator("fine_entity_cny", "fine_individuals_cny", "confiscated_cny", "persons_fined",
                     "fine_per_person_cny", mode="before")
    @classmethod
    def _whole_number(cls, v: Any, info: Any) -> Any:
        v = _blank_to_none(v)
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            return v
        s = str(v).strip()
        if not re.fullmatch(r"\d+", s):
            what = ("a whole number of persons; valid: digits only, e.g. 2, or blank"
                    if info.field_name == "persons_fined" else
                    "a whole number of yuan; valid: digits only, e.g. 50000, or blank")
            raise ValueError(f"{s!r} is not {what}")
        return int(s)

    @field_validator("laws", "provision_ids", "circumstance_codes", "sanctions", "distinct_from", mode="before")
    @classmethod
    def _semicolons(cls, v: Any) -> tuple[str, ...]:
        return _split_list(v, ";")

    @field_validator("provision_link_confidence", mode="before")
    @classmethod
    def _old_link_value(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip() in _OLD_LINK_VALUES:
            raise ValueError(f"{v.strip()!r} is the earlier name; write {_OLD_LINK_VALUES[v.strip()]!r} "
                             "(valid: stated, inferred, guessed, none)")
        return v

    @field_validator("province")
    @classmethod
    def _province(cls, v: str) -> str:
        if v not in PROVINCES:
            raise ValueError(f"{v!r} is not a province-level region; valid: {', '.join(PROVINCES)}")
        return v

    @field_validator("sanctions")
    @classmethod
    def _sanction_codes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [x for x in v if x not in SANCTION_CODES]
        if bad:
            raise ValueError(f"unknown sanction code(s) {', '.join(bad)}; valid: {', '.join(SANCTION_CODES)}")
        if len(set(v)) != len(v):
            raise ValueError("sanctions lists a code twice")
        return v

    @field_validator("source_urls", mode="before")
    @classmethod
    def _sources(cls, v: Any) -> tuple[str, ...]:
        parts = _split_list(v, " ; ") if isinstance(v, str) else _split_list(v)
        for p in parts:
            if not (_URL.match(p) or p.startswith("cite:")):
                raise ValueError(
                    f"source {p!r} is neither a URL (http/https) nor a citation starting with 'cite:'")
        return parts

    @field_validator("decision_date", "announcement_date")
    @classmethod
    def _date_shape(cls, v: str | None) -> str | None:
        if v is not None:
            parse_partial_date(v)
        return v

    @model_validator(mode="after")
    def _consistent(self) -> CaseRow:
        if self.decision_date is None:
            if self.decision_date_precision is not None:
                raise ValueError("decision_date_precision is set but decision_date is blank; leave both blank")
        else:
            _, _, prec = parse_partial_date(self.decision_date)
            if self.decision_date_precision != prec:
                raise ValueError(f"decision_date_precision is {self.decision_date_precision!r} but decision_date "
                                 f"{self.decision_date!r} has precision {prec!r}")
        if self.decision_date and self.announcement_date:
            d0, _, _ = parse_partial_date(self.decision_date)
            _, a1, _ = parse_partial_date(self.announcement_date)
            if a1 < d0:
                raise ValueError(f"announcement_date {self.announcement_date} is before decision_date "
                                 f"{self.decision_date}")
        if (self.decision_date is None) != (self.date_basis is None):
            raise ValueError("date_basis must be given exactly when decision_date is: decision, announcement "
                             "or reprint" if self.decision_date else
                             "date_basis is set but decision_date is blank; leave both blank")
        if (self.level == "national") != (self.province == "national"):
            raise ValueError(f"province is {self.province!r} but level is {self.level!r}; 'national' goes "
                             "with level national and only with it")
        self._check_sanctions()
        if self.source_quality == "machine_translation" and (
                self.confidence != "low" or self.provision_link_confidence == "stated"):
            raise ValueError("source_quality is machine_translation, so confidence must be 'low' and the "
                             "provision link at most 'inferred'")
        if self.provision_ids and self.provision_link_confidence == "none":
            raise ValueError("provision_ids are given but provision_link_confidence is 'none'; "
                             "use 'stated', 'inferred' or 'guessed'")
        if not self.provision_ids and self.provision_link_confidence != "none":
            raise ValueError(f"provision_link_confidence is {self.provision_link_confidence!r} but no "
                             "provision_ids are given; use 'none'")
        if len(set(self.provision_ids)) != len(self.provision_ids):
            raise ValueError("provision_ids lists an id twice")
        if self.case_id in self.distinct_from:
            raise ValueError("distinct_from names the row itself")
        return self

    def _check_sanctions(self) -> None:
        """The amounts and the sanction codes tell the same story (convention in data/README.md)."""
        s = set(self.sanctions)
        if self.fine_entity_cny is not None:
            if self.party_type == "individual":
                raise ValueError("fine_entity_cny is set but the party is an individual; an individual "
                                 "party's fine goes in fine_individuals_cny")
            if "fine" not in s:
                raise ValueError("sanctions lacks 'fine' but fine_entity_cny is set")
        if self.fine_individuals_cny is not None or self.fine_per_person_cny is not None:
            need = "fine" if self.party_type == "individual" else "persons_fine"
            if need not in s:
                raise ValueError(f"sanctions lacks {need!r} but a fine on "
                                 f"{'the individual party' if need == 'fine' else 'responsible persons'} is set")
        if self.confiscated_cny is not None and "confiscation" not in s:
            raise ValueError("sanctions lacks 'confiscation' but confiscated_cny is set")
        if self.persons_fined is not None and "persons_fine" not in s and self.party_type != "individual":
            raise ValueError("sanctions lacks 'persons_fine' but persons_fined is set")
        if (self.fine_individuals_cny is not None and self.persons_fined is not None
                and self.fine_per_person_cny is not None
                and self.fine_individuals_cny != self.persons_fined * self.fine_per_person_cny):
            raise ValueError(f"fine_individuals_cny {self.fine_individuals_cny} is not persons_fined "
                             f"{self.persons_fined} x fine_per_person_cny {self.fine_per_person_cny}; leave "
                             "fine_per_person_cny blank when the persons' fines differ")

    # --- derived -----------------------------------------------------------------------
    @property
    def decision_period(self) -> tuple[dt.date, dt.date] | None:
        if self.decision_date is None:
            return None
        first, last, _ = parse_partial_date(self.decision_date)
        return first, last

    @property
    def year(self) -> int | None:
        """Decision year, else announcement year, else None."""
        for v in (self.decision_date, self.announcement_date):
            if v:
                return int(v[:4])
        return None

    @property
    def has_fine_amount(self) -> bool:
        return self.fine_entity_cny is not None or self.fine_individuals_cny is not None

    @property
    def fine_imposed(self) -> bool | None:
        """Whether any fine was imposed (party or persons), from ``sanctions``; None when no fine is
        listed but a penalty of unknown kind is. A fine without a published amount counts as imposed."""
        if FINE_CODES & set(self.sanctions):
            return True
        return None if "unknown" in self.sanctions else False

    @property
    def date_is_decision(self) -> bool:
        """``decision_date`` is the decision's own date (not an announcement or reprint date)."""
        return self.date_basis == "decision"


@dataclass(frozen=True)
class RowError:
    row: int  # CSV record number; the header is row 1
    case_id: str
    column: str
    value: Any
    reason: str

    def __str__(self) -> str:
        return f"row {self.row} ({self.case_id or '?'}), column {self.column}: value {self.value!r}: {self.reason}"


class CaseDataError(ValueError):
    """Raised when a case file has invalid rows; carries every row error."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        head = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{source}: {len(errors)} invalid row(s)\n{head}{more}")


@dataclass(frozen=True)
class CaseSet:
    """Validated cases in file order, plus where they came from."""

    cases: tuple[CaseRow, ...]
    source: str
    errors: tuple[RowError, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.cases)

    def by_id(self, case_id: str) -> CaseRow:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        ids = [c.case_id for c in self.cases]
        close = close_matches(case_id, ids)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise KeyError(f"case_id {case_id!r} is not in {self.source}{hint}")

    def frame(self) -> pd.DataFrame:
        return to_frame(self.cases)


def default_path() -> Path:
    from penalty.catalogue.loader import data_dir

    return data_dir() / "cases.csv"


def read_rows(source: str | Path | io.TextIOBase) -> tuple[list[dict[str, str]], list[str], str]:
    """Raw CSV records (strings) and the header, without validation."""
    if isinstance(source, (str, Path)):
        name = str(source)
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        name = getattr(source, "name", "<stream>")
        text = source.read()
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return rows, list(reader.fieldnames or []), name


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
    laws = _split_list(data.get("laws"))
    for law in laws:
        if law not in known_laws:
            out.append(RowError(rowno, cid, "laws", law, f"unknown law code; valid: {', '.join(sorted(known_laws))}"))
    for pid in _split_list(data.get("provision_ids")):
        if not core.has(pid):
            close = core.close_ids(pid)
            out.append(RowError(rowno, cid, "provision_ids", pid, "not a catalogue provision id"
                                + (f"; close matches: {', '.join(close)}" if close else "")))
        elif core.provision(pid).law not in laws:
            out.append(RowError(rowno, cid, "provision_ids", pid,
                                f"provision belongs to law {core.provision(pid).law}, which is not "
                                f"listed in laws ({';'.join(laws)})"))
    for code in _split_list(data.get("circumstance_codes")):
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
    missing = [c for c in COLUMNS if c not in header]
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


def load_cases(path: str | Path | None = None, core: Core | None = None, strict: bool = True) -> CaseSet:
    """Read and validate a case file (default: the bundled ``data/cases.csv``).

    ``strict`` raises :class:`CaseDataError` listing every bad row; otherwise the bad rows are
    dropped and returned in ``CaseSet.errors``.
    """
    rows, header, name = read_rows(path if path is not None else default_path())
    good, errors = validate_rows(rows, header, name, core)
    if errors and strict:
        raise CaseDataError(name, errors)
    return CaseSet(tuple(good), name, tuple(errors))


def to_frame(cases: Iterable[CaseRow]) -> pd.DataFrame:
    """One row per case; list columns joined with ';'; amounts as nullable Int64 (whole yuan)."""
    import pandas as pd

    recs = []
    for c in cases:
        d = c.model_dump()
        for k in ("laws", "provision_ids", "circumstance_codes", "sanctions", "distinct_from"):
            d[k] = ";".join(d[k])
        d["source_urls"] = " ; ".join(d["source_urls"])
        d["year"] = c.year
        recs.append(d)
    df = pd.DataFrame.from_records(recs, columns=[*COLUMNS, "year"])
    for k in ("fine_entity_cny", "fine_individuals_cny", "persons_fined", "fine_per_person_cny",
              "confiscated_cny", "year"):
        df[k] = df[k].astype("Int64")
    return df


@dataclass(frozen=True)
class CaseFilter:
    """Filters shared by the library and the CLI. Empty fields do not filter."""

    law: str | None = None
    # A number (45) or text ("Art 45", "DSL Art 45", "第四十五条"); matched against the linked
    # provisions and the free-text ``articles`` column (see ``article_matches``).
    article: int | str | None = None
    provision: str | None = None
    authority: str | None = None  # case-insensitive substring of the authority name
    level: str | None = None
    region: str | None = None  # case-insensitive substring
    authority_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    with_amount: bool = False

    def matches(self, c: CaseRow, core: Core | None = None) -> bool:
        if self.law and self.law.upper() not in c.laws:
            return False
        if self.provision:
            core = core or default_core()
            fam = core.family(self.provision) if core.has(self.provision) else {self.provision}
            if not fam & set(c.provision_ids):
                return False
        if self.article is not None:
            core = core or default_core()
            if not article_matches(c, self.article, self.law, core):
                return False
        if self.authority and self.authority.lower() not in c.authority.lower():
            return False
        if self.level and c.level != self.level:
            return False
        if self.region and self.region.lower() not in c.region.lower():
            return False
        if self.authority_type and c.authority_type != self.authority_type:
            return False
        if self.year_from is not None and (c.year is None or c.year < self.year_from):
            return False
        if self.year_to is not None and (c.year is None or c.year > self.year_to):
            return False
        return not (self.with_amount and not c.has_fine_amount)

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.__dict__.items() if v not in (None, False)]
        return ", ".join(parts) if parts else "no filter"


def known_law_codes(core: Core | None = None) -> frozenset[str]:
    """Catalogue law codes plus the codes of ``data/case_laws.yaml``."""
    core = core or default_core()
    return core.law_codes() | frozenset(extra_law_codes())


def case_articles(c: CaseRow, core: Core | None = None) -> frozenset[tuple[str | None, int]]:
    """``(law, article)`` pairs the case's free-text ``articles`` cell cites."""
    from penalty.cases.articles import cited_articles

    return cited_articles(c.articles, c.laws, known_law_codes(core))


def article_matches(c: CaseRow, article: int | str, law: str | None = None, core: Core | None = None) -> bool:
    """Whether a case concerns an article: one of its linked provisions has that article, or its
    ``articles`` text cites it. ``article`` may name the law ("DSL Art 45"); ``law`` (the --law
    filter) applies when it does not. An article cited without a recognisable law in the text (an
    instrument named in words) matches only when no law is asked for.
    Numbers are as the source reports them: CSL articles before 2026 use the 2017 numbering."""
    from penalty.cases.articles import parse_article_query

    core = core or default_core()
    q_law, number = parse_article_query(article, known_law_codes(core))
    want_law = q_law or (law.upper() if law else None)
    for pid in c.provision_ids:
        if core.has(pid):
            p = core.provision(pid)
            if p.article == number and (want_law is None or p.law == want_law):
                return True
    return any(a_num == number and (want_law is None or a_law == want_law)
               for a_law, a_num in case_articles(c, core))


def filter_cases(cases: Iterable[CaseRow], flt: CaseFilter, core: Core | None = None) -> list[CaseRow]:
    return [c for c in cases if flt.matches(c, core)]


def coverage(cases: Iterable[CaseRow]) -> dict[str, pd.DataFrame]:
    """Counts by year, law, level, authority type, link confidence, date basis, source quality and
    whether a fine was imposed (all cases / with a published fine / CAC)."""
    import pandas as pd

    cases = list(cases)
    df = to_frame(cases)
    df["with_fine"] = df["fine_entity_cny"].notna() | df["fine_individuals_cny"].notna()
    df["is_cac"] = df["authority_type"] == "cac"
    outcome = {True: "fine imposed", False: "no fine (other sanctions)", None: "sanction unknown"}
    df["outcome"] = [outcome[c.fine_imposed] for c in cases]

    def table(key: pd.Series) -> pd.DataFrame:
        g = pd.DataFrame({"key": key, "with_fine": df["with_fine"], "is_cac": df["is_cac"]})
        out = g.groupby("key", dropna=False).agg(cases=("key", "size"), with_fine=("with_fine", "sum"),
                                                 cac=("is_cac", "sum"))
        return out

    year = df["year"].astype("object").where(df["year"].notna(), "unknown")
    laws = df.assign(law=df["laws"].str.split(";")).explode("law")
    law_tab = pd.DataFrame({
        "cases": laws.groupby("law").size(),
        "with_fine": laws.groupby("law")["with_fine"].sum(),
        "cac": laws.groupby("law")["is_cac"].sum(),
    })
    return {
        "year": table(year.astype(str)),
        "law": law_tab.assign(_n=-law_tab["cases"]).rename_axis("law").reset_index()
                      .sort_values(["_n", "law"]).set_index("law").drop(columns="_n"),
        "level": table(df["level"]),
        "authority_type": table(df["authority_type"]),
        "link_confidence": table(df["provision_link_confidence"]),
        "date_basis": table(df["date_basis"].where(df["date_basis"].notna(), "no date")),
        "source_quality": table(df["source_quality"]),
        "fine_imposed": table(df["outcome"]),
    }


COVERAGE_START = "<!-- cases-coverage:start (generated by penalty.cases.dataset.coverage_markdown) -->"
COVERAGE_END = "<!-- cases-coverage:end -->"


def coverage_markdown(cases: Iterable[CaseRow]) -> str:
    """The coverage tables of ``data/README.md`` (by year, law, level, authority type, link
    confidence, date basis, source quality, sanction outcome), generated from the data so the
    documentation cannot drift from it."""
    cases = list(cases)
    tabs = coverage(cases)
    n = len(cases)
    n_fine = sum(1 for c in cases if c.has_fine_amount)
    n_cac = sum(1 for c in cases if c.authority_type == "cac")
    lines = [COVERAGE_START, "",
             f"{n} decisions; {n_fine} with a published fine amount (entity or persons); {n_cac} by CAC offices.",
             ""]
    titles = {"year": "decision year (else announcement year)", "law": "law code (a case can cite several)",
              "level": "authority level", "authority_type": "authority type",
              "link_confidence": "provision link confidence", "date_basis": "what decision_date is",
              "source_quality": "source quality", "fine_imposed": "sanction outcome"}
    for key, title in titles.items():
        t = tabs[key]
        lines += [f"| {title} | cases | with fine amount | of which CAC |", "|---|---:|---:|---:|"]
        for idx, row in t.iterrows():
            lines.append(f"| {idx} | {int(row['cases'])} | {int(row['with_fine'])} | {int(row['cac'])} |")
        lines.append("")
    lines.append(COVERAGE_END)
    return "\n".join(lines)
