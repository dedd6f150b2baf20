"""The schema of ``data/cases.csv`` (historical penalty decisions): its columns, the values each
column allows, and one row as a frozen pydantic model whose validators check a row on its own
(cross-row and catalogue checks: :mod:`penalty.cases.validate`).

Schema and conventions: ``data/README.md``, section "cases.csv — historical decisions".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from penalty.base import Strict
from penalty.cases._core import Core, default_core

COLUMNS: tuple[str, ...] = (
    "case_id", "decision_date", "decision_date_precision", "date_basis", "announcement_date",
    "decision_number", "authority", "authority_type", "level", "region", "province", "sector", "party_type",
    "party_name", "violation_summary", "summary_zh", "laws", "articles", "provision_ids", "provision_link_confidence",
    "fine_entity_cny", "fine_individuals_cny", "persons_fined", "fine_per_person_cny", "confiscated_cny",
    "turnover_cny", "turnover_year", "turnover_source",
    "penalties", "sanctions", "circumstances", "circumstance_codes", "records_affected", "source_urls",
    "source_quality", "source_language", "confidence", "distinct_from", "notes",
)
# Columns a file may leave out (added after the first published version of the schema); a file
# that has one of them must still use the name exactly.
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"turnover_cny", "turnover_year", "turnover_source"})

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
    zh: str = Field(min_length=1, pattern=r"[\u4e00-\u9fff]")  # the name in Chinese


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


def extra_law_names_zh() -> dict[str, str]:
    """The Chinese names of the law codes of ``data/case_laws.yaml``."""
    from penalty.catalogue.loader import data_dir

    return _extra_law_names_zh(data_dir() / CASE_LAWS_FILE)


@lru_cache(maxsize=4)
def _extra_law_names_zh(path: Path) -> dict[str, str]:
    from penalty.catalogue.loader import validate_file

    return {x.code: x.zh for x in validate_file(path, CaseLawsFile).laws}


def known_law_codes(core: Core | None = None) -> frozenset[str]:
    """Catalogue law codes plus the codes of ``data/case_laws.yaml``."""
    core = core or default_core()
    return core.law_codes() | frozenset(extra_law_codes())


_DATE_FORMATS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
_URL = re.compile(r"https?://\S+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def split_list(v: Any, sep: str = ";") -> tuple[str, ...]:
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
    # The party's turnover (营业额, revenue) for the year before the decision, only where a public
    # source states it for that party (not a parent's or group's figure for a different entity);
    # with its year and the source's URL. Blank = not published.
    turnover_cny: int | None = Field(default=None, gt=0)
    turnover_year: int | None = Field(default=None, ge=1990, le=2100)
    turnover_source: str = ""
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
                     "fine_per_person_cny", "turnover_cny", "turnover_year", mode="before")
    @classmethod
    def _whole_number(cls, v: Any, info: Any) -> Any:
        v = _blank_to_none(v)
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            return v
        s = str(v).strip()
        if not re.fullmatch(r"\d+", s):
            what = ("a whole number of persons; valid: digits only, e.g. 2, or blank"
                    if info.field_name == "persons_fined" else
                    "a year; valid: four digits, e.g. 2021, or blank"
                    if info.field_name == "turnover_year" else
                    "a whole number of yuan; valid: digits only, e.g. 50000, or blank")
            raise ValueError(f"{s!r} is not {what}")
        return int(s)

    @field_validator("laws", "provision_ids", "circumstance_codes", "sanctions", "distinct_from", mode="before")
    @classmethod
    def _semicolons(cls, v: Any) -> tuple[str, ...]:
        return split_list(v, ";")

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
        parts = split_list(v, " ; ") if isinstance(v, str) else split_list(v)
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
        self._check_turnover()
        return self

    def _check_turnover(self) -> None:
        """A turnover comes with the year it is for and the URL of the source stating it."""
        given = {"turnover_cny": self.turnover_cny is not None,
                 "turnover_year": self.turnover_year is not None,
                 "turnover_source": bool(self.turnover_source)}
        if any(given.values()) and not all(given.values()):
            blank = next(k for k, v in given.items() if not v)
            there = next(k for k, v in given.items() if v)
            raise ValueError(f"{blank} is blank but {there} is given; turnover_cny, turnover_year and "
                             "turnover_source go together (give all three, or leave all three blank)")
        if self.turnover_source and not _URL.match(self.turnover_source):
            raise ValueError(f"turnover_source {self.turnover_source!r} is not a URL (http/https) of the "
                             "source stating the turnover")
        if self.turnover_year is not None and self.decision_date is not None and \
                self.turnover_year >= parse_partial_date(self.decision_date)[0].year:
            raise ValueError(f"turnover_year {self.turnover_year} is not before the decision year; the "
                             "turnover is the previous year's (营业额 of the year before the decision)")

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
