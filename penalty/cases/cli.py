"""``penalty cases …``: list, show, similar, stats and check historical decisions.

Defines the Typer app ``cases_app``; the main CLI mounts it as ``penalty cases``. Every command
takes ``--json``; errors exit non-zero with a message naming what was wrong and what is valid.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer

from penalty.cases._core import default_core
from penalty.cases.filters import CaseFilter
from penalty.cases.i18n import label_zh, unnamed_in_chinese
from penalty.cases.load import CaseSet, default_path, load_cases, read_rows
from penalty.cases.schema import CaseDataError, known_law_codes
from penalty.cases.similar import SimilarQuery, similar_cases
from penalty.cases.stats import compare, compute_stats, position_of
from penalty.cases.validate import validate_rows
from penalty.clitools import fail as _fail
from penalty.clitools import read_json
from penalty.errors import PenaltyError
from penalty.money import amount_text

cases_app = typer.Typer(help="Historical CAC (and related) penalty decisions: list, show, similar, stats, check.",
                        no_args_is_help=True, add_completion=False)

AUTHORITY_TYPES = ("cac", "public_security", "market_regulation", "financial_regulator", "other")
LEVELS = ("national", "provincial", "city", "district")

_law = typer.Option(None, "--law", help="Law code, e.g. DSL, CSL, PIPL")
_article = typer.Option(None, "--article", help="Article: 45, 'Art 45', 'DSL Art 45' or '第四十五条'; matches linked "
                                                  "provisions and the cases' articles text")
_provision = typer.Option(None, "--provision", help="Catalogue provision id (counterpart versions included)")
_authority = typer.Option(None, "--authority", help="Substring of the authority's name, e.g. Beijing")
_level = typer.Option(None, "--level", help=f"One of: {', '.join(LEVELS)}")
_region = typer.Option(None, "--region", help="Substring of the region, e.g. Hunan")
_atype = typer.Option(None, "--authority-type", help=f"One of: {', '.join(AUTHORITY_TYPES)}")
_yfrom = typer.Option(None, "--from-year", help="First decision year (inclusive)")
_yto = typer.Option(None, "--to-year", help="Last decision year (inclusive)")
_file = typer.Option(None, "--file", help="Case file to use instead of the bundled data/cases.csv")
_json = typer.Option(False, "--json", help="Print JSON (carries English and Chinese fields)")
_lang = typer.Option("en", "--lang", help="Language of the text output: en or zh (JSON carries both)")


def _check_lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        _fail(f"--lang {lang!r} is not valid; valid: en, zh")
    return lang


def _emit(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _filter(law, article, provision, authority, level, region, atype, yfrom, yto, with_amount=False) -> CaseFilter:
    if level is not None and level not in LEVELS:
        _fail(f"--level {level!r} is not valid; valid: {', '.join(LEVELS)}")
    if atype is not None and atype not in AUTHORITY_TYPES:
        _fail(f"--authority-type {atype!r} is not valid; valid: {', '.join(AUTHORITY_TYPES)}")
    if law is not None and law.upper() not in known_law_codes():
        _fail(f"--law {law!r} is not a law code; valid: {', '.join(sorted(known_law_codes()))}")
    if provision is not None and not default_core().has(provision):
        close = default_core().close_ids(provision)
        _fail(f"--provision {provision!r} is not a catalogue id"
              + (f"; close matches: {', '.join(close)}" if close else ""))
    if article is not None:
        from penalty.cases.articles import parse_article_query

        try:
            a_law, _ = parse_article_query(article, known_law_codes())
        except ValueError as exc:
            _fail(f"--article: {exc}")
        if a_law and law and a_law != law.upper():
            _fail(f"--article {article!r} names law {a_law} but --law is {law!r}; give one law")
    if yfrom is not None and yto is not None and yfrom > yto:
        _fail(f"--from-year {yfrom} is after --to-year {yto}")
    return CaseFilter(law=law, article=article, provision=provision, authority=authority, level=level,
                      region=region, authority_type=atype, year_from=yfrom, year_to=yto, with_amount=with_amount)


def _unreadable(path: Path, exc: Exception) -> str:
    """A one-line reason why a case file cannot be read."""
    if isinstance(exc, FileNotFoundError):
        return f"case file not found: {path}"
    if isinstance(exc, UnicodeDecodeError):
        return f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the CSV as UTF-8"
    if isinstance(exc, csv.Error):
        return f"{path}: not a readable CSV file ({exc})"
    return f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"


def _load(file: Path | None) -> CaseSet:
    try:
        return load_cases(file)
    except CaseDataError as exc:
        _fail(str(exc))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        _fail(_unreadable(file or default_path(), exc))


def _benchmark_note(lang: str = "en") -> str:
    core = default_core()
    s = core.split()
    if lang == "zh":
        return (f"《{core.benchmark_title_zh()}》仅适用于{s.provision_from}起作出的处罚决定；裁量基准施行前作出的"
                "决定仅供参考，并非对其裁量阶次的适用。")
    return (f"The benchmark Provision applies only to decisions from {s.provision_from}; earlier decisions are "
            "context, not applications of its bands.")


def _notes() -> dict[str, str]:
    return {"note": _benchmark_note("en"), "note_zh": _benchmark_note("zh")}


@cases_app.command("list")
def list_cmd(law: str | None = _law, article: str | None = _article, provision: str | None = _provision,
             authority: str | None = _authority, level: str | None = _level, region: str | None = _region,
             authority_type: str | None = _atype, from_year: int | None = _yfrom,
             to_year: int | None = _yto,
             with_amount: bool = typer.Option(False, "--with-amount", help="Only cases with a published fine"),
             file: Path | None = _file, as_json: bool = _json, lang: str = _lang) -> None:
    """List cases matching the filters."""
    _check_lang(lang)
    flt = _filter(law, article, provision, authority, level, region, authority_type, from_year, to_year, with_amount)
    cs = _load(file)
    rows = [c for c in cs.cases if flt.matches(c)]
    if as_json:
        _emit({"filters": flt.describe(), "count": len(rows), **_notes(),
               "cases": [c.model_dump(mode="json") for c in rows]})
        return
    from rich.console import Console
    from rich.table import Table

    zh = lang == "zh"
    t = Table(title=f"{len(rows)}件案例 — {flt.describe()}" if zh else f"{len(rows)} case(s) — {flt.describe()}")
    cols = (("case_id", "决定日期", "执法机关类型", "层级", "地区", "法律", "单位罚款", "个人罚款") if zh else
            ("case_id", "date", "authority type", "level", "region", "laws", "entity fine", "persons"))
    for col in cols:
        t.add_column(col)
    for c in rows:
        atype = label_zh('authority_types', c.authority_type) if zh else c.authority_type
        lvl = label_zh('levels', c.level) if zh else c.level
        t.add_row(c.case_id, c.decision_date or "?", atype, lvl, c.region, ";".join(c.laws),
                  "" if c.fine_entity_cny is None else amount_text(c.fine_entity_cny),
                  "" if c.fine_individuals_cny is None else amount_text(c.fine_individuals_cny))
    Console().print(t)
    typer.echo(_benchmark_note(lang))


@cases_app.command("show")
def show_cmd(case_id: str = typer.Argument(..., help="case_id, e.g. bjcac-2023-es-1"),
             file: Path | None = _file, as_json: bool = _json, lang: str = _lang) -> None:
    """Show one case with its position in the statutory range."""
    _check_lang(lang)
    cs = _load(file)
    try:
        c = cs.by_id(case_id)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    pos = position_of(c)
    out: dict[str, Any] = {"case": c.model_dump(mode="json"),
                           "positions": [p.model_dump(mode="json") for p in pos],
                           **_notes()}
    if as_json:
        _emit(out)
        return
    for k, v in out["case"].items():
        typer.echo(f"{k:28} {v}")
    core = default_core()
    for p in pos:
        pct = p.position_pct if p.position_pct is not None else "—"
        if lang == "zh":
            band = core.band_label(p.implied_band, "zh") if p.implied_band else "—"
            typer.echo(f"{label_zh('fine_of', p.fine_of)}在{core.provision(p.provision_linked).citation_zh}"
                       f"（{p.provision_linked}）法定幅度[{p.statutory_low_cny}, {p.statutory_high_cny}]中的位置："
                       f"{pct}% → {band}；{p.note_zh}")
        else:
            typer.echo(f"position ({p.fine_of}) on {p.provision_linked}: {pct} % "
                       f"of [{p.statutory_low_cny}, {p.statutory_high_cny}] → {p.implied_band or '—'}; {p.note}")
    typer.echo(_benchmark_note(lang))


@cases_app.command("similar")
def similar_cmd(case_file: str = typer.Argument(..., help="Case JSON as for `penalty assess` (or - for stdin)"),
                law: str | None = _law, article: str | None = _article,
                authority: str | None = _authority, level: str | None = _level,
                region: str | None = _region, authority_type: str | None = _atype,
                from_year: int | None = _yfrom, to_year: int | None = _yto,
                sector: str | None = typer.Option(None, "--sector", help="Party's sector, for ranking"),
                min_results: int = typer.Option(3, "--min", min=1, help="Widen until this many comparables"),
                limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many"),
                file: Path | None = _file, as_json: bool = _json, lang: str = _lang) -> None:
    """Similar historical cases for an assessment case, each with why it matched, and guarded statistics."""
    _check_lang(lang)
    data = read_json(case_file)
    if not isinstance(data, dict):
        _fail(f"{case_file}: expected a JSON object with at least 'provision'")
    flt = _filter(law, article, None, authority, level, region, authority_type, from_year, to_year)
    cs = _load(file)
    try:
        q = SimilarQuery.from_case_json(data, sector=sector)
        res = similar_cases(q, cs.cases, flt, min_results=min_results, limit=limit)
    except ValueError as exc:
        _fail(str(exc))
    chosen = [cs.by_id(m.case_id) for m in res.matches]
    qp = default_core().provision(q.provision)
    st = compute_stats(chosen, description=f"similar cases to {q.provision}",
                       description_zh=f"与{qp.citation_zh}（{q.provision}）相似的案例")
    comparison = None
    assess_error = assess_error_zh = None
    try:
        import penalty

        payload = {k: v for k, v in data.items() if k != "context"}
        a = penalty.assess(payload)
        rng = a.fine if getattr(a, "fine", None) is not None else a.statutory
        if rng is not None:
            comparison = compare(rng.low_cny, rng.high_cny, chosen, authority=q.authority)
    except (PenaltyError, ValueError) as exc:  # report, do not hide: the similar list is still useful
        assess_error = f"assessment not compared: {exc}"
        assess_error_zh = f"未与估算结果比较：{exc}"
    out = {"result": res.model_dump(mode="json"), "stats": st.model_dump(mode="json"),
           "comparison": comparison.model_dump(mode="json") if comparison else None,
           "assessment_error": assess_error, "assessment_error_zh": assess_error_zh if assess_error else None,
           **_notes()}
    if as_json:
        _emit(out)
        return
    zh = lang == "zh"
    if zh:
        widened = label_zh('match_levels', res.widened_to) if res.widened_to else res.widened_to
        typer.echo(f"与{qp.citation_zh}（{q.provision}）相似的案例（匹配层级：{widened}；筛选条件：{res.filters}）")
    else:
        typer.echo(f"Similar cases for {q.provision} (widened to: {res.widened_to}; filters: {res.filters})")
    for m in res.matches:
        why = "；".join(m.reasons_zh) if zh else "; ".join(m.reasons)
        typer.echo(f"  [{m.score:3}] {m.case_id:34} {m.decision_date or '?':10} "
                   f"{'罚款' if zh else 'fine'}={m.fine_entity_cny} — {why}")
    for w in (res.warnings_zh + st.warnings_zh) if zh else (res.warnings + st.warnings):
        typer.echo(f"注意：{w}" if zh else f"warning: {w}")
    if st.fines:
        f = st.fines
        typer.echo(f"单位罚款：n={f.count} 中位数={f.median} 下四分位数={f.q1} 上四分位数={f.q3}" if zh else
                   f"entity fines: n={f.count} median={f.median} q1={f.q1} q3={f.q3}")
    if comparison:
        for e in comparison.explanation_zh if zh else comparison.explanation:
            typer.echo(e)
    if assess_error:
        typer.echo(assess_error_zh if zh else assess_error)
    typer.echo(_benchmark_note(lang))


@cases_app.command("stats")
def stats_cmd(law: str | None = _law, article: str | None = _article, provision: str | None = _provision,
              authority: str | None = _authority, level: str | None = _level, region: str | None = _region,
              authority_type: str | None = _atype, from_year: int | None = _yfrom,
              to_year: int | None = _yto, file: Path | None = _file, as_json: bool = _json,
              lang: str = _lang) -> None:
    """Guarded statistics (count, quartiles, min/max of fines and positions, band shares) for a filter."""
    _check_lang(lang)
    flt = _filter(law, article, provision, authority, level, region, authority_type, from_year, to_year)
    cs = _load(file)
    rows = [c for c in cs.cases if flt.matches(c)]
    st = compute_stats(rows, description=f"cases with {flt.describe()}",
                       description_zh=f"符合筛选条件（{flt.describe()}）的案例")
    if as_json:
        _emit({"filters": flt.describe(), "stats": st.model_dump(mode="json"), **_notes()})
        return
    zh = lang == "zh"
    typer.echo(st.computed_from_zh if zh else st.computed_from)
    if st.fines:
        f = st.fines
        typer.echo(f"单位罚款（元）：n={f.count} 最小值={f.min} 下四分位数={f.q1} 中位数={f.median} "
                   f"上四分位数={f.q3} 最大值={f.max}" if zh else
                   f"entity fines (CNY): n={f.count} min={f.min} q1={f.q1} median={f.median} q3={f.q3} max={f.max}")
    if st.positions:
        p = st.positions
        typer.echo(f"在法定幅度中的位置（%）：n={p.count} 最小值={p.min} 下四分位数={p.q1} 中位数={p.median} "
                   f"上四分位数={p.q3} 最大值={p.max}" if zh else
                   f"position in range (%): n={p.count} min={p.min} q1={p.q1} median={p.median} q3={p.q3} max={p.max}")
    core = default_core()
    for b in st.band_shares:
        name = core.band_label(b.band, "zh") if zh else b.band
        typer.echo(f"  {name}: {b.count} ({b.share_pct} %)")
    if st.outside_range:
        typer.echo(f"超出法定幅度：{'、'.join(st.outside_range)}" if zh else
                   f"outside the statutory range: {', '.join(st.outside_range)}")
    for w in st.warnings_zh if zh else st.warnings:
        typer.echo(f"注意：{w}" if zh else f"warning: {w}")
    typer.echo(_benchmark_note(lang))


@cases_app.command("check")
def check_cmd(path: Path = typer.Argument(..., help="A case CSV to validate"), as_json: bool = _json) -> None:
    """Validate a case file; report every bad row with its number, column, value and what is valid
    (an authority or region without a Chinese name in data/case_labels.yaml included)."""
    try:
        rows, header, name = read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        _fail(_unreadable(path, exc))
    good, errors = validate_rows(rows, header, name)
    errors += unnamed_in_chinese(rows)  # Chinese mode names every authority and region in Chinese
    if as_json:
        _emit({"file": name, "rows": len(rows), "valid": len(good),
               "errors": [e.__dict__ for e in errors]})
    else:
        for e in errors:
            typer.echo(str(e))
        typer.echo(f"{name}: {len(rows)} row(s), {len(good)} valid, {len(errors)} error(s)")
    if errors:
        raise typer.Exit(1)


# The back-test commands live in their own module; registered here so `penalty cases` lists them.
from penalty.cases import backtest_cli  # noqa: E402  (needs cases_app defined above)

backtest_cli.register(cases_app)
