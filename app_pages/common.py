"""Shared by the pages: cached data, the scenario state (URL and JSON round trip), language and
formatting. No band or amount is computed here: formatting only."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, get_args

import streamlit as st

import penalty
from app_pages.i18n import t
from penalty.explain import range_words
from penalty.messages import MessageError
from penalty.models import (
    AGE_RANGE,
    LOOKBACK_RANGE,
    PERSONS_RANGE,
    REQUIRED,
    RepeatAnchor,
    TurnoverCeiling,
)
from penalty.money import amount_text, format_cny

CASE = "case"  # session key of the canonical scenario (a case dict as in the case JSON)
AMOUNTS = ("illegal_gain_cny", "turnover_cny", "procurement_amount_cny")
OPTION_DEFAULTS = penalty.Case.model_fields["options"].default.model_dump()
# Every option as a shared-link parameter: (parameter, option, kind). A "flag" is true/false, a
# "choice" one of OPTION_CHOICES, "months" a whole number of months in LOOKBACK_RANGE.
OPTION_PARAMS = (("tc", "turnover_ceiling", "choice"), ("pm", "prefer_mitigated", "flag"),
                 ("am", "apply_may_circumstances", "flag"),
                 ("ra", "repeat_window_anchor", "choice"),
                 ("wa", "warning_alone_in_standard_band", "flag"),
                 ("lb", "first_violation_lookback_months", "months"),
                 ("cw", "confiscate_when_not_punished", "flag"),
                 ("mn", "aggravated_for_minors", "flag"),
                 ("lr", "apl_2021_lighter_rules_for_earlier_acts", "flag"))
OPTION_CHOICES: dict[str, tuple[str, ...]] = {"turnover_ceiling": get_args(TurnoverCeiling),
                                              "repeat_window_anchor": get_args(RepeatAnchor)}
_CHOICE_PREFIX = {"turnover_ceiling": "tc_", "repeat_window_anchor": "ra_"}
DEFAULT_PROVISION = "dsl-45-1-entity-base"
DATE_MIN, DATE_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # widget bounds, not law
from penalty.cases.charts import BAND_COLOURS, BAND_TEXT_COLOURS  # noqa: E402  one palette


# ------------------------------------------------------------------------------ cached data
@st.cache_resource(show_spinner=False)
def catalogue() -> penalty.Catalogue:
    return penalty.load_catalogue()


@st.cache_resource(show_spinner=False)
def case_set() -> Any:
    from penalty.cases import load_cases

    return load_cases(strict=False)


@st.cache_data(show_spinner=False)
def cases_frame() -> Any:
    return case_set().frame()


@st.cache_data(show_spinner=False)
def positions_frame() -> Any:
    from penalty.cases import positions_frame as pf

    return pf(case_set().cases)


# ---------------------------------------------------------------------------------- language
# Widgets whose option labels depend on the language (selectboxes and radios): Streamlit matches
# their value by its label, so a language switch re-sets them to refresh the label.
RELABEL_PREFIXES = ("in_law", "in_provision", "in_party_kind", "in_opt_turnover_ceiling",
                    "in_opt_repeat_anchor", "cg_law", "cg_detail", "cs_", "wi_sweep_field",
                    "in_authority_level")


def relabel_widgets() -> None:
    """Callback of the language switch: re-set language-labelled widgets to their values."""
    for k in list(st.session_state.keys()):
        if isinstance(k, str) and k.startswith(RELABEL_PREFIXES):
            value = st.session_state.pop(k)
            if not k.startswith(("cs_", "cg_")):
                st.session_state[k] = value


_LANG: contextvars.ContextVar[str | None] = contextvars.ContextVar("lang", default=None)


def lang() -> str:
    return _LANG.get() or st.session_state.get("lang", "en")


def bound(fn: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's format_func that keeps the language of the run that made it (Streamlit may
    call it outside the run, where the session's language cannot be read)."""
    current = lang()

    def fmt(value: Any) -> str:
        token = _LANG.set(current)
        try:
            return fn(value)
        finally:
            _LANG.reset(token)

    return fmt


def tr(key: str, **kw: object) -> str:
    return t(key, lang(), **kw)


def field(key: str) -> str:
    """A bold field label and its colon as each language writes it: "**Party:** ", "**当事人**："
    (the full-width colon outside the bold, which CommonMark would not render bold otherwise)."""
    return tr("field_bold", label=tr(key))


def sep(key: str) -> str:
    """A plain label and its colon: "Decision no.: ", "决定书文号："."""
    return tr("field_plain", label=tr(key))


def bi(en: str, zh: str) -> str:
    """Pick the data's English or Chinese text."""
    return zh if lang() == "zh" else en


def band_label(code: str | None) -> str:
    if code is None:
        return tr("no_single_band")
    b = next(b for b in catalogue().bands if b.code == code)
    return bi(b.en, b.zh)


def band_badge(code: str | None, large: bool = False) -> str:
    """A band's name on its colour (HTML for st.markdown(unsafe_allow_html=True)); the same
    colour as in every chart."""
    if code is None:
        return f"<span class='band-badge' style='font-size:{'1.6rem' if large else '1rem'};" \
               f"font-weight:600'>{tr('no_single_band')}</span>"
    bg, fg = BAND_COLOURS[code], BAND_TEXT_COLOURS[code]
    size = "1.6rem" if large else "1.05rem"
    return (f"<span class='band-badge band-{code}' style='background:{bg};color:{fg};"
            f"padding:0.1em 0.5em;border-radius:0.3em;font-size:{size};font-weight:600'>"
            f"{band_label(code)}</span>")


def cite_zh(citation_en: str | None, citation_zh: str | None = None) -> str:
    """A citation in the page's language: the data's Chinese form where it has one, else the
    library's rendering of the English one."""
    if lang() != "zh" or not citation_en:
        return citation_en or ""
    if citation_zh:
        return citation_zh
    from penalty.citations import citation_zh as to_zh

    return to_zh(citation_en, catalogue())


def law_title(code: str) -> str:
    p = next(p for p in catalogue().provisions.values() if p.law == code)
    return bi(p.law_title_en, p.law_title_zh)


def citation(p: Any) -> str:
    return p.citation_zh if lang() == "zh" else p.citation_en


# -------------------------------------------------------------------------------- formatting
def amount(value: Decimal | int | None) -> str:
    """``Decimal('365000.00')`` -> ``365,000`` (fen shown only when not zero)."""
    if value is None:
        return "—"
    return amount_text(value)


def money(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return format_cny(value, lang())


def money_range(r: Any) -> str:
    if r is None:
        return "—"
    lo, hi = r.low_cny, r.high_cny
    if getattr(r, "high_exclusive", False):  # mitigated: below the statutory minimum
        return range_words(r, lang())
    if lo == hi:
        return money(lo)
    return tr("money_range", low=amount(lo), high=amount(hi))


def signed_money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    sign = "+" if value > 0 else "−"
    return sign + amount(abs(value))


# ------------------------------------------------------------------------------- widget input
def init_state(key: str, value: Any) -> None:
    """Give widget ``key`` its first value (the widget then owns it)."""
    if key not in st.session_state:
        st.session_state[key] = value


def widget_date(value: Any) -> dt.date | None:
    """An ISO date a date widget can show: None when it is blank, malformed or outside the
    widget's bounds (Streamlit raises on a value below ``min_value`` or above ``max_value``)."""
    try:
        d = dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return d if d is not None and DATE_MIN <= d <= DATE_MAX else None


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def amount_input(value: str | None, field: str = "amount") -> str | None:
    """An amount as typed ("5万", "2亿元", "1,000,000", "365000.50") as the case's decimal text;
    blank -> None. The one place every amount input goes through: ``penalty.money.parse_cny``
    where the library has it. Text it cannot read is passed on unchanged, so the library's own
    error ("1,2,3" is not an amount) appears on the field."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        from penalty.money import parse_cny
    except ImportError:
        return _amount_text(text)
    try:
        return str(parse_cny(text, field))
    except (ValueError, TypeError):
        return text


def _amount_text(text: str) -> str:
    """Reading of typed amounts until ``penalty.money.parse_cny`` is available."""
    t = text.replace(" ", "").replace("\u00a0", "").replace("，", ",")
    t = t.removeprefix("¥").removeprefix("￥").removeprefix("CNY").removesuffix("元")
    unit = Decimal(1)
    if t[-1:] in _UNIT:
        unit, t = _UNIT[t[-1]], t[:-1]
    if "," in t:
        if not _GROUPED.match(t):
            return text  # "1,2,3": not thousands separators
        t = t.replace(",", "")
    try:
        d = Decimal(t)
    except ArithmeticError:
        return text
    if not d.is_finite():
        return text
    return format(d * unit, "f") if unit != 1 else t


def money_text(value: str | None) -> str | None:
    """Kept for callers of the old name: :func:`amount_input`."""
    return amount_input(value)


# ----------------------------------------------------------------------- provisions and cases
def versions(p: Any) -> list[Any]:
    """The provision and its other versions in the catalogue (its counterparts)."""
    cat = catalogue()
    return [p, *(cat.provisions[c] for c in p.counterparts if c in cat.provisions)]


def version_lines(p: Any, fine_text: Any = None) -> list[str]:
    """One markdown line per version of ``p``: citation, dates in force, (fine,) id."""
    lines = []
    for v in versions(p):
        until = f", {tr('in_force_until', end=v.effective_to)}" if v.effective_to else ""
        fine = f" · {fine_text(v)}" if fine_text else ""
        lines.append(f"- {citation(v)} — {tr('in_force_from', start=v.effective_from)}{until}"
                     f"{fine}")
    return lines


def provision_label(pid: str) -> str:
    """Citation, liable party and trigger: what a lawyer reads (no catalogue id)."""
    cat = catalogue()
    p = cat.provisions[pid]
    liable = cat.labels.liable[p.liable].text(lang(), short=True)
    return f"{citation(p)} · {liable} · {bi(p.trigger.en, p.trigger.zh)}"


def law_name(code: str) -> str:
    """A law as a lawyer names it: the abbreviation and title in English, the title in Chinese."""
    return law_title(code) if lang() == "zh" else f"{code} · {law_title(code)}"


def case_provisions(case: dict[str, Any]) -> list[str]:
    """The provisions a case names: its ``provisions`` (one act under several norms, APL
    Art. 29) or its one ``provision``."""
    many = case.get("provisions")
    if isinstance(many, list) and many:
        return [str(x) for x in many]
    return [str(case["provision"])] if case.get("provision") else []


def amounts_used(pids: str | list[str]) -> list[str]:
    """Which amounts the provisions (or other versions of them) can use: the library's
    ``penalty.amounts_used``. Illegal gains always count (confiscation and total exposure,
    APL Art. 28), whatever the fine's basis."""
    used: set[str] = set()
    for pid in [pids] if isinstance(pids, str) else pids:
        if pid in catalogue().provisions:
            used.update(penalty.amounts_used(pid, catalogue()))
    return [a for a in AMOUNTS if a in used]


# ------------------------------------------------------------------------- scenario state
def default_case() -> dict[str, Any]:
    today = dt.date.today()
    return {"provision": DEFAULT_PROVISION,
            "violation_date": (today - dt.timedelta(days=120)).isoformat(),
            "decision_date": today.isoformat(),
            "party": {"kind": "organisation"}, "circumstances": [], "prior_penalties": [],
            "persons_count": 1}


def _flags(p: dict[str, Any]) -> str:
    return ("s" if p.get("same_kind", True) else "") + ("c" if p.get("by_cac", True) else "")


def case_to_query(case: dict[str, Any]) -> dict[str, str]:
    """A case as readable URL parameters (only what is set)."""
    q: dict[str, str] = {"p": ",".join(case_provisions(case))}
    for k, key in (("vd", "violation_date"), ("ve", "violation_end_date"),
                   ("dd", "discovery_date"), ("de", "decision_date")):
        if case.get(key):
            q[k] = str(case[key])
    party = case.get("party") or {}
    q["kind"] = party.get("kind", "organisation")
    if party.get("age") is not None:
        q["age"] = str(party["age"])
    for k, key in (("gain", "illegal_gain_cny"), ("turnover", "turnover_cny"),
                   ("proc", "procurement_amount_cny")):
        if case.get(key) not in (None, ""):
            q[k] = str(case[key])
    if case.get("circumstances"):
        q["c"] = ",".join(case["circumstances"])
    if case.get("prior_penalties"):
        q["prior"] = ",".join(f"{p['decided_on']}:{_flags(p)}" for p in case["prior_penalties"])
    if case.get("persons_count", 1) != 1:
        q["n"] = str(case["persons_count"])
    opts = {**OPTION_DEFAULTS, **(case.get("options") or {})}
    for k, key, kind in OPTION_PARAMS:
        if opts[key] != OPTION_DEFAULTS[key]:
            q[k] = str(opts[key]).lower() if kind == "flag" else str(opts[key])
    if case.get("label"):
        q["label"] = str(case["label"])
    if case.get("authority_level"):
        q["lv"] = str(case["authority_level"])
    return q


def query_to_case(q: dict[str, str]) -> dict[str, Any] | None:
    """The case encoded by :func:`case_to_query`, or None when the URL holds no scenario."""
    if not q.get("p"):
        return None
    pids = [x for x in q["p"].split(",") if x]
    case: dict[str, Any] = {"provisions": pids} if len(pids) > 1 else \
        {"provision": pids[0] if pids else q["p"]}
    for k, key in (("vd", "violation_date"), ("ve", "violation_end_date"),
                   ("dd", "discovery_date"), ("de", "decision_date")):
        if q.get(k):
            case[key] = q[k]
    party: dict[str, Any] = {"kind": q.get("kind", "organisation")}
    if q.get("age"):
        party["age"] = int(q["age"]) if q["age"].isdigit() else q["age"]
    case["party"] = party
    for k, key in (("gain", "illegal_gain_cny"), ("turnover", "turnover_cny"),
                   ("proc", "procurement_amount_cny")):
        if q.get(k):
            case[key] = q[k]
    case["circumstances"] = [c for c in q.get("c", "").split(",") if c]
    case["prior_penalties"] = [p for p in (_prior(x) for x in q.get("prior", "").split(",") if x)
                               if p is not None]
    case["persons_count"] = int(q["n"]) if _in_range(q.get("n"), PERSONS_RANGE) else 1
    opts: dict[str, Any] = {}
    for k, key, kind in OPTION_PARAMS:
        if q.get(k):
            opts[key] = q[k] == "true" if kind == "flag" else \
                int(q[k]) if kind == "months" and q[k].isdigit() else q[k]
    if opts:
        case["options"] = opts
    if q.get("label"):
        case["label"] = q["label"]
    if q.get("lv"):
        case["authority_level"] = q["lv"]
    return case


def _in_range(text: str | None, bounds: tuple[int, int]) -> bool:
    """Whether ``text`` is a whole number within ``bounds`` (the library's limits)."""
    return bool(text) and str(text).isdigit() and bounds[0] <= int(str(text)) <= bounds[1]


def _prior(item: str) -> dict[str, Any] | None:
    """One ``prior`` entry of a link, ``DATE`` or ``DATE:FLAGS`` (``s`` same kind, ``c`` by the
    CAC), as a prior penalty; None when it is not one (a bad date, flags or shape)."""
    day, sep, flags = item.partition(":")
    if widget_date(day) is None or (sep and not set(flags) <= set("sc")):
        return None
    return {"decided_on": day, "same_kind": "s" in flags or not sep,
            "by_cac": "c" in flags or not sep}


LINK_WARNINGS = "_link_warnings"
_DATE_PARAMS = (("vd", "violation_date"), ("ve", "violation_end_date"),
                ("dd", "discovery_date"), ("de", "decision_date"))


def check_link(case: dict[str, Any], q: dict[str, str]) -> tuple[dict[str, Any],
                                                                  list[tuple[str, dict[str, str]]]]:
    """A case read from a shared link, with every value the form cannot show replaced: the
    case used and, per replaced value, a warning (string key and its fields: the parameter,
    the value given, what is used instead). Nothing is changed silently."""
    cat = catalogue()
    d = default_case()
    case = json.loads(json.dumps(case))
    warn: list[tuple[str, dict[str, str]]] = []
    kept_pids: list[str] = []
    for pid in case_provisions(case) or [""]:
        if pid in cat.provisions and cat.provisions[pid].liable != "responsible_person":
            if pid not in kept_pids:
                kept_pids.append(pid)
        elif len(case_provisions(case)) > 1:
            warn.append(("lw_provision_drop", {"param": "p", "value": pid}))
        else:
            warn.append(("lw_provision", {"param": "p", "value": pid,
                                          "used": provision_label(d["provision"])}))
    case.pop("provisions", None)
    case.pop("provision", None)
    if len(kept_pids) > 1:
        case["provisions"] = kept_pids
    else:
        case["provision"] = kept_pids[0] if kept_pids else d["provision"]
    for k, key in _DATE_PARAMS:
        if q.get(k) and widget_date(q[k]) is None:
            if key in ("violation_date", "decision_date"):
                case[key] = d[key]
                warn.append(("lw_date", {"param": k, "value": q[k], "used": d[key]}))
            else:
                case.pop(key, None)
                warn.append(("lw_date_blank", {"param": k, "value": q[k]}))
    party = case.get("party") or {}
    if party.get("kind") not in ("organisation", "individual"):
        warn.append(("lw_kind", {"param": "kind", "value": str(party.get("kind")),
                                 "used": "organisation"}))
        party = {"kind": "organisation"}
    age = party.get("age")
    if age is not None and not (isinstance(age, int) and AGE_RANGE[0] <= age <= AGE_RANGE[1]):
        warn.append(("lw_age", {"param": "age", "value": str(age), "lo": str(AGE_RANGE[0]),
                                "hi": str(AGE_RANGE[1])}))
        party.pop("age")
    if party.get("kind") == "organisation":
        party.pop("age", None)
    case["party"] = party
    n = q.get("n")
    if n is not None and not _in_range(n, PERSONS_RANGE):
        warn.append(("lw_n", {"param": "n", "value": n, "used": "1"}))
        case["persons_count"] = 1
    for k, key in (("gain", "illegal_gain_cny"), ("turnover", "turnover_cny"),
                   ("proc", "procurement_amount_cny")):
        if case.get(key) not in (None, ""):
            try:
                penalty.money.parse_cny(amount_input(str(case[key])), key)
            except (penalty.InputError, TypeError):
                warn.append(("lw_amount", {"param": k, "value": str(case.pop(key))}))
    from penalty.whatif import givable_circumstances

    givable = set(givable_circumstances(party["kind"], cat))
    kept = []
    for c in case.get("circumstances") or []:
        if c in givable and c not in kept:
            kept.append(c)
        elif c not in kept:
            warn.append(("lw_circ", {"param": "c", "value": c}))
    case["circumstances"] = kept
    for item in (x for x in (q.get("prior") or "").split(",") if x):
        if _prior(item) is None:  # left out by query_to_case: say so
            warn.append(("lw_prior", {"param": "prior", "value": item}))
    opts = dict(case.get("options") or {})
    for k, key, kind in OPTION_PARAMS:
        if key in opts and not _valid_option(key, kind, opts[key], q.get(k)):
            warn.append(("lw_option", {"param": k, "value": str(q.get(k)),
                                       "used_key": option_value_key(key, OPTION_DEFAULTS[key])}))
            opts.pop(key)
    if opts:
        case["options"] = opts
    else:
        case.pop("options", None)
    if case.get("authority_level") is not None and \
            case["authority_level"] not in penalty.models.AUTHORITY_LEVELS:
        warn.append(("lw_option", {"param": "lv", "value": str(case.pop("authority_level")),
                                   "used": "—"}))
    return case, warn


def _valid_option(key: str, kind: str, value: Any, given: str | None) -> bool:
    if kind == "flag":
        return given in ("true", "false") if given is not None else isinstance(value, bool)
    if kind == "months":
        return isinstance(value, int) and LOOKBACK_RANGE[0] <= value <= LOOKBACK_RANGE[1]
    return value in OPTION_CHOICES[key]


def option_value_key(key: str, value: Any) -> str:
    """The message key of an option's value as a lawyer reads it ("yes", "the decision date",
    "no limit"), never the code."""
    if key in _CHOICE_PREFIX:
        return _CHOICE_PREFIX[key] + str(value)
    if value is None:
        return "opt_lookback_none"
    if isinstance(value, bool):
        return "opt_yes" if value else "opt_no"
    raise ValueError(f"no label for {key}={value!r}")


def option_help(key: str) -> str:
    """The assumption behind option ``key`` as data/assumptions.yaml words it, with its citation,
    in the page's language (the help of its widget)."""
    cat = catalogue()
    a = next((x for x in cat.assumptions.values() if x.option == key), None)
    if a is None:
        return ""
    cite = bi(cat.numbering_caveat(a.citation), cat.numbering_caveat(a.citation_zh, "zh"))
    return tr("name_with_note", name=bi(a.en, a.zh), note=cite)


def get_case() -> dict[str, Any]:
    """The scenario: from the URL the first time a session sees it, else the session's."""
    if CASE not in st.session_state:
        qp = {k: st.query_params.get(k) for k in st.query_params}
        warnings: list[tuple[str, dict[str, str]]] = []
        try:
            from_url = query_to_case(qp)
        except (ValueError, TypeError):
            from_url = None
        if from_url is not None:
            from_url, warnings = check_link(from_url, qp)
        st.session_state[CASE] = from_url or default_case()
        st.session_state[LINK_WARNINGS] = warnings
    return st.session_state[CASE]


def link_warnings() -> list[str]:
    """What a shared link asked for that could not be used, in the page's language."""
    get_case()
    out = []
    for key, kw in st.session_state.get(LINK_WARNINGS, []):
        kw = dict(kw)
        if "used_key" in kw:  # the value used, in the page's language
            kw["used"] = tr(str(kw.pop("used_key")))
        out.append(tr(key, **kw))
    return out


def set_case(case: dict[str, Any], reset_widgets: bool = False) -> None:
    st.session_state[CASE] = case
    if reset_widgets:
        st.session_state[LINK_WARNINGS] = []
        for k in list(st.session_state.keys()):
            if isinstance(k, str) and k.startswith("in_"):
                del st.session_state[k]


def write_query(case: dict[str, Any]) -> None:
    """Mirror the scenario and the language into the address bar."""
    q = case_to_query(case)
    if lang() != "en":
        q["lang"] = lang()
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != q:
        st.query_params.from_dict(q)


def case_json(case: dict[str, Any]) -> str:
    return json.dumps(case, ensure_ascii=False, indent=2)


def assess(case: dict[str, Any]) -> tuple[Any, penalty.InputError | None]:
    """The library's assessment, or its InputError (never a traceback on the page)."""
    try:
        return penalty.assess(case, catalogue()), None
    except penalty.InputError as e:
        return None, e


def error_field(err: penalty.InputError) -> str:
    """The input a library error belongs to ("party.age" -> "party_age", ...)."""
    f = str(err.field or "")
    if f.startswith("prior_penalties"):
        return "prior_penalties"
    if f.startswith("party"):
        return "party_age" if "age" in f or f == "party" else "party_kind"
    if f.startswith("options"):
        return "options"
    return f.split(".")[0]


_FIELD_KEYS = {"party_age": "party_age", "party_kind": "party_kind", "prior_penalties": "prior_n",
               "case": "upload", "circumstances": "f_circ_short"}
# The library's input errors (English) and the message that says the same in the page's language.
_ALLOWED = (
    (re.compile(r"must be on or after violation_date \((.+?)\)"), "input_after_violation"),
    (re.compile(r"must be on or after the end of the violation \((.+?)\)"), "input_after_violation_end"),
    (re.compile(r"must be on or before decision_date \((.+?)\)"), "input_before_decision"),
    (re.compile(r"input should be a valid decimal"), "input_amount"),
    (re.compile(r"input should be greater than or equal to (\S+)"), "input_at_least"),
    (re.compile(r"input should be less than or equal to (\S+)"), "input_at_most"),
    (re.compile(r"no more than 2 decimal places"), "input_fen"),
    (re.compile(r"must be a catalogue id"), "input_provision"),
    (re.compile(r"must be a circumstance code"), "input_circumstance"),
    (re.compile(r"\(or a counterpart\) must be in force then"), "input_in_force"),
    (re.compile(r"must be a date from (\S+) to (\S+) in this form"), "input_form_date"),
    (re.compile(r"must be a circumstance a party of kind '(\w+)' can have"), "input_form_circumstance"),
    (re.compile(r"must be one JSON object of case fields"), "input_one_object"),
    (re.compile(r"must be a provision fining the organisation or individual"), "input_not_persons"),
    (re.compile(r"give exactly one of 'provision' \(one id\) or 'provisions'"), "input_one_provision"),
)
_WORDS = ("organisation", "individual")  # codes a library message names, shown in words


def error_text(err: penalty.InputError) -> str:
    """The library's input error in the page's language: in Chinese, the field's label, the
    value and what is valid (the library's English text is kept when no wording is known)."""
    if lang() != "zh":
        return str(err)
    field = error_field(err)
    key = _FIELD_KEYS.get(field, field)
    try:
        label = tr(key)
    except MessageError:  # a field without a label of its own: named as the library names it
        label = str(err.field)
    msg = str(err)
    m = re.match(r"^[\w.\[\]]+: (.*?) is not valid; (.*)$", msg, re.S)
    value, allowed = (m.group(1), m.group(2)) if m else ("", msg)
    if err.value is None and allowed.startswith(REQUIRED):  # a required field left out
        return tr("input_missing", label=label)
    for pattern, key in _ALLOWED:
        hit = pattern.search(allowed)
        if hit:
            words = [tr(g) if g in _WORDS else g for g in hit.groups()]
            return tr("input_invalid_why", label=label, value=value, why=tr(key).format(*words))
    return tr("input_invalid", label=label, value=value, allowed=allowed)


PHONE_CSS = """<style>
@media (min-width: 700px) { .st-key-phone_headline { display: none; } }
@media (max-width: 699px) { .st-key-phone_headline { position: sticky; top: 2.8rem; z-index: 50;
  background: var(--background-color, #fff); } }
</style>"""


def phone_css() -> None:
    """On a narrow screen the estimate's summary sits at the top of the page."""
    st.html(PHONE_CSS)


def export_module() -> Any:
    """``penalty.export`` when another part of the project has built it, else None."""
    try:
        import penalty.export as ex
    except ImportError:
        return None
    return ex
