"""``penalty cases backtest``: leave-one-out check of the likely range (``penalty.cases.likely``)."""

from __future__ import annotations

import json

import typer

from penalty.clitools import fail as _fail
from penalty.errors import PenaltyError


def register(app: typer.Typer) -> None:
    @app.command("backtest")
    def backtest_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                     compare: bool = typer.Option(False, "--compare",
                                                  help="Also back-test the candidate methods"),
                     lang: str = typer.Option("en", "--lang", help="Language of the table: en or zh"),
                     write_readme: bool = typer.Option(False, "--write-readme",
                                                       help="Rewrite the table in data/README.md")) -> None:
        """Leave-one-out back-test of the likely range over every decision with a positioned fine:
        share of actual fines inside the statutory range, the rule band's range and the likely
        range; the likely range's mean width; the median log error of its midpoint. Overall and
        per period (before / from the benchmark Provision). Observed practice, not law."""
        from penalty.cases.likely import (
            CANDIDATES_END,
            CANDIDATES_START,
            backtest,
            backtest_markdown,
            candidates_markdown,
            compare_methods,
            default_engine,
            readme_with_table,
        )

        if lang not in ("en", "zh"):
            _fail(f"--lang {lang!r} is not valid; valid: en, zh")
        try:
            eng = default_engine()
            report = backtest(eng)
            if compare or write_readme:
                report["candidates"] = compare_methods(eng)
        except PenaltyError as exc:
            _fail(str(exc), 3)
        if write_readme:
            from penalty.catalogue.loader import data_dir

            path = data_dir() / "README.md"
            try:
                text = readme_with_table(path.read_text(encoding="utf-8"), backtest_markdown(report["summary"]))
                text = readme_with_table(text, candidates_markdown(report["candidates"]),
                                         CANDIDATES_START, CANDIDATES_END)
                path.write_text(text, encoding="utf-8")
            except PenaltyError as exc:
                _fail(str(exc), 3)
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
            return
        typer.echo(("方法：" if lang == "zh" else "method: ") + report["method"])
        typer.echo(backtest_markdown(report["summary"], lang))
        for name, summ in report.get("candidates", {}).items():
            a = summ["all"]
            typer.echo(f"{name}: inside {_pct(a['in_likely_share'])}, width {_pct(a['likely_mean_width_share'])}, "
                       f"log error {a['median_abs_log_error']}")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.1f} %"
