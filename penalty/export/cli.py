"""Command-line entry points of the exports: ``penalty export xlsx``, ``penalty batch`` and
``penalty statement``. :func:`register` mounts them on the main Typer app. Each command only reads
its input, calls the library and writes the file."""

from __future__ import annotations

import datetime as dt
import json
import math
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from penalty.clitools import Lang, read_json
from penalty.clitools import fail as _fail
from penalty.errors import BatchError, InputError, PenaltyError

export_app = typer.Typer(add_completion=False, no_args_is_help=True,
                         help="Write an estimate in the forms lawyers use (XLSX what-if workbook).")


def _read_case(path: str) -> Any:
    data = read_json(path)
    if not isinstance(data, dict):
        _fail(f"{path}: must hold one case (a JSON object); see `penalty schema case`")
    return data


@export_app.command("xlsx")
def export_xlsx(
    case: str = typer.Argument(..., help="CASE.json, or - for standard input"),
    output: Path = typer.Option(..., "-o", "--output", help="The workbook to write (.xlsx)"),
    base_only: bool = typer.Option(False, "--base-only", help="Only the base case, no variations"),
):
    """Write a what-if workbook: scenarios with live formulas, parameters, provisions, reasons,
    receipt."""
    from penalty.export.xlsx import whatif_workbook

    if case != "-" and same_file(Path(case), output):
        _fail("--output: must not be the input file")
    data = _read_case(case)
    try:
        scenarios = whatif_workbook(data, output, variations=not base_only,
                                    generated=dt.datetime.now().replace(microsecond=0))
    except InputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: cannot be written ({exc.strerror})")
    assert isinstance(scenarios, list)
    refused = sum(1 for s in scenarios if s.assessment is None)
    typer.echo(f"wrote {output}: {len(scenarios)} scenario(s)"
               + (f", {refused} refused by the library (see the Library message column)"
                  if refused else ""), err=True)


class Fmt(str, Enum):
    docx = "docx"
    md = "md"


def statement(
    case: str = typer.Argument(..., help="CASE.json, or - for standard input"),
    fmt: Fmt = typer.Option(Fmt.docx, "--format", "-f", help="docx or md"),
    lang: Lang = typer.Option(Lang.en, "--lang", "-l", help="en or zh"),
    output: Path | None = typer.Option(None, "-o", "--output",
                                          help="File to write; Markdown goes to standard output "
                                               "when omitted"),
    notice_served: str | None = typer.Option(
        None, "--notice-served", help="Rights section: notice of the intended penalty served"),
    decision_received: str | None = typer.Option(
        None, "--decision-received", help="Rights section: decision received (default: the "
                                          "case's decision date)"),
    fine: str | None = typer.Option(None, "--fine", help="Rights section: the fine in CNY"),
):
    """Write the discretion statement of a case (facts, provision and version, limitation,
    circumstances, band and range with the arithmetic, persons, confiscation, assumptions,
    the party's rights and deadlines, receipt)."""
    from penalty.export.statement import statement_markdown, write_statement

    if output is not None and case != "-" and same_file(Path(case), output):
        _fail("--output: must not be the input file")
    data = _read_case(case)
    if output is None and fmt is Fmt.docx:
        _fail("--output: a DOCX statement needs a file name (-o FILE.docx)")
    try:
        tl = None
        if notice_served or decision_received or fine:
            import penalty

            tl = penalty.timeline(data, notice_served=notice_served,
                                  decision_received=decision_received or data.get(
                                      "decision_date"), fine_cny=fine)
        if output is None:
            typer.echo(statement_markdown(data, lang.value, timeline=tl), nl=False)
            return
        write_statement(data, output, fmt.value, lang.value, timeline=tl)
    except InputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: cannot be written ({exc.strerror})")
    typer.echo(f"wrote {output}", err=True)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same path, a symbolic link or a hard link
    (compared by device and inode)."""
    if a.resolve() == b.resolve():
        return True
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False  # one of them does not exist yet
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def batch(
    input: Path = typer.Argument(..., help="Cases, one per row: .csv (UTF-8) or .xlsx; columns "
                                           "as in penalty.FRAME_COLUMNS"),
    output: Path = typer.Option(..., "-o", "--output", help="Results: .csv or .xlsx"),
    max_mb: float = typer.Option(512, "--max-mb", help="Largest input accepted, in MiB"),
    chunk_rows: int = typer.Option(100_000, "--chunk-rows", min=1, help="Rows per engine call"),
    progress: bool | None = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: on a terminal, for "
                                                 "more than one chunk)"),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON"),
    keep_memory: bool = typer.Option(
        False, "--keep-memory/--no-keep-memory", envvar="PENALTY_KEEP_MEMORY",
        help="Linux/glibc: keep freed memory for reuse between chunks (faster on large files; "
             "the process keeps its peak memory). See penalty/memory.py"),
):
    """Assess every row of a CSV or XLSX file; write every row with its result or its error."""
    if keep_memory:
        from penalty.memory import keep_freed_memory

        keep_freed_memory()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from penalty.export.batch.run import run_batch

    console = Console(stderr=True)
    if same_file(input, output):
        _fail("--output: must not be the input file (the same file, a link to it or a hard "
              "link of it)")
    if not math.isfinite(max_mb) or max_mb <= 0:
        _fail(f"--max-mb: {max_mb} is not valid; must be a positive number of MiB, e.g. 512")
    show = progress if progress is not None else console.is_terminal
    bar = Progress(TextColumn("assessing"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                   transient=True, disable=not show)
    try:
        with bar:
            task = bar.add_task("rows", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            summary = run_batch(input, output, max_bytes=int(max_mb * 1024 * 1024),
                                chunk_rows=chunk_rows, progress=tick)
    except BatchError as exc:
        _fail(str(exc))
    except PenaltyError as exc:
        _fail(str(exc), 3)
    except OSError as exc:
        _fail(f"{exc.filename or output}: {exc.strerror}")
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from penalty.money import amount_text

    table = Table("", "", title=f"{summary.input} -> {summary.output}", show_header=False)
    table.add_row("rows in / out", f"{summary.rows_in:,} / {summary.rows_out:,}")
    table.add_row("assessed", f"{summary.rows_ok:,}")
    table.add_row("with an error", f"{summary.rows_with_error:,}")
    for k, v in sorted(summary.errors_by_field.items(), key=lambda kv: -kv[1])[:8]:
        table.add_row(f"  error in {k}", f"{v:,}")
    for k, v in sorted(summary.bands.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  band {k}", f"{v:,}")
    table.add_row("fines, sum of lows (CNY)", amount_text(summary.fine_low_total_cny, cents=True))
    table.add_row("fines, sum of highs (CNY)", amount_text(summary.fine_high_total_cny, cents=True))
    table.add_row("total exposure, sum of highs (CNY)", amount_text(summary.exposure_high_total_cny, cents=True))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Mount ``export xlsx``, ``batch`` and ``statement`` on ``app``."""
    app.add_typer(export_app, name="export", help="Write a what-if workbook (XLSX).")
    app.command("batch")(batch)
    app.command("statement")(statement)


__all__ = ["batch", "export_app", "export_xlsx", "register", "statement"]
