"""The command line: JSON in, JSON out. Errors go to stderr with a non-zero exit, no traceback."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from penalty.clitools import dump
from penalty.clitools import fail as _fail
from penalty.clitools import read_json as _read_json
from penalty.errors import InputError, PenaltyError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Estimate CAC administrative fines under the 2025 discretion benchmark.")


def _emit(obj: Any) -> None:
    typer.echo(dump(obj))


@app.command()
def assess(case: str = typer.Argument(..., help="CASE.json, or - for standard input. A JSON "
                                                "list is taken as several separate acts.")):
    """Assess one case (or a list of separate acts) and print the assessment as JSON."""
    import penalty

    data = _read_json(case)
    if not isinstance(data, (dict, list)):  # e.g. a JSON string holding JSON text
        _fail(f"{case}: must hold a JSON object (one case) or a JSON list of cases (separate "
              f"acts), not a JSON {type(data).__name__.replace('str', 'string')}")
    try:
        result = penalty.assess_acts(data) if isinstance(data, list) else penalty.assess(data)
    except InputError as exc:
        _fail(str(exc))
    except PenaltyError as exc:
        _fail(str(exc), 3)
    _emit(result.model_dump(mode="json"))


@app.command()
def provisions(
    on: str | None = typer.Option(None, "--on", help="Only provisions in force on DATE"),
    law: str | None = typer.Option(None, "--law", help="Law code, e.g. CSL, DSL, PIPL"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
):
    """List the catalogue's provisions with their versions, tiers and fine amounts."""
    import penalty

    cat = penalty.load_catalogue()
    if law and law.upper() not in cat.laws:
        _fail(f"--law: {law!r} is not a law code; known: {', '.join(cat.laws)}")
    if on:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            _fail(f"--on: {on!r} is not an ISO date (YYYY-MM-DD)")
        items = cat.in_force(day, law)
    else:
        items = [p for p in cat.provisions.values() if not law or p.law == law.upper()]
    rows: list[dict[str, Any]] = [{
        "id": p.id, "law": p.law, "law_version": p.law_version, "article": p.article,
        "paragraph": p.paragraph, "tier": p.tier, "liable": p.liable,
        "effective_from": p.effective_from.isoformat(),
        "effective_to": p.effective_to.isoformat() if p.effective_to else None,
        "fine": p.fine.model_dump(mode="json", exclude_none=True),
        "cac_enforced": p.cac_enforced, "confidence": p.confidence,
    } for p in items]
    if as_json:
        _emit(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "article", "tier", "liable", "in force", "fine")
    for r in rows:
        f = r["fine"]
        if f["basis"] == "none":
            fine = "-"
        elif "min_multiple" in f:
            fine = f"{f['min_multiple']}-{f['max_multiple']}x {f['multiple_of']}"
        else:
            fine = f"{f.get('min_cny', 0)}-{f.get('max_cny')}"
        table.add_row(r["id"], str(r["article"]), r["tier"], r["liable"],
                      f"{r['effective_from']}..{r['effective_to'] or ''}", fine)
    Console().print(table)


@app.command()
def schema(model: str = typer.Argument("all", help="case, assessment, combined, timeline, "
                                                   "or all")):
    """Print the JSON Schema of the input and output models."""
    from penalty.models import Assessment, Case, CombinedAssessment
    from penalty.procedure import Timeline

    models: dict[str, Any] = {"case": Case, "assessment": Assessment,
                              "combined": CombinedAssessment, "timeline": Timeline}
    if model == "all":
        _emit({k: m.model_json_schema() for k, m in models.items()})
    elif model in models:
        _emit(models[model].model_json_schema())
    else:
        _fail(f"model: {model!r} is not known; choose case, assessment, combined, timeline or all")


@app.command()
def check():
    """Validate every data file and the message catalogue; print a summary or the problems found."""
    import penalty
    from penalty.catalogue.procedure import load_procedure
    from penalty.messages import MessageError, written_law
    from penalty.messages import load as load_messages

    try:
        cat = penalty.load_catalogue()
        proc = load_procedure()
        messages = load_messages()
    except (PenaltyError, MessageError) as exc:
        _fail(str(exc), 3)
    apl_code = cat.apl.limitation_citation.split(" Art")[0]  # the APL as its citations name it
    law = written_law(messages, [*cat.laws, apl_code])
    if law:
        _fail("penalty/messages: " + "; ".join(law), 3)
    _emit({"provisions": len(cat.ids), "laws": list(cat.laws),
           "circumstances": len(cat.circumstances), "assumptions": len(cat.assumptions),
           "procedure_periods": len(proc.periods), "messages": len(messages),
           # every dated value of the law, as validated: {first day: value}
           "parameters": {name: {day.isoformat(): _plain(value) for day, value in prm.changes()}
                          for name, prm in cat.parameters.items()},
           "data_sha256": cat.digest})


def _plain(value: Any) -> Any:
    """A parameter's value as JSON: a number or flag as it is, a record (a text) as its fields."""
    return value.model_dump() if hasattr(value, "model_dump") else value


def _mount_cases(target: typer.Typer) -> None:
    from penalty.cases.cli import cases_app

    target.add_typer(cases_app, name="cases", help="Historical CAC decisions: list, compare, check.")


def _mount_exports(target: typer.Typer) -> None:
    from penalty.export.cli import register

    register(target)


def _mount_procedure(target: typer.Typer) -> None:
    from penalty.procedure.cli import register

    register(target)


# Sub-commands that live in their own packages, by name, with the function that mounts them.
_LAZY = {"cases": _mount_cases, "export": _mount_exports, "batch": _mount_exports,
         "statement": _mount_exports, "timeline": _mount_procedure}


class _LazyGroup(TyperGroup):
    """The main command group. A sub-command of another package is imported only when it is
    called (or when ``--help`` lists it), so ``penalty assess`` starts without loading pandas,
    the published decisions or the holiday calendars."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in _LAZY if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in _LAZY and cmd_name not in self.commands:
            holder = typer.Typer()
            holder.callback()(lambda: None)  # a group even when one command is mounted
            _LAZY[cmd_name](holder)
            for name, command in typer.main.get_command(holder).commands.items():  # type: ignore[attr-defined]
                self.commands.setdefault(name, command)
        return super().get_command(ctx, cmd_name)


app.info.cls = _LazyGroup


def main() -> None:
    """The ``penalty`` command (the process ends when it returns)."""
    try:
        app()
    except PenaltyError as exc:  # a data error at import or load time
        typer.echo(f"error: {exc}", err=True)
        sys.exit(3)
    finally:
        # Exempt every object alive now from the garbage collections Python runs while it shuts
        # down: with numpy and pydantic loaded they walk some 10^5 objects, 30-40 ms of every
        # command, to find nothing (whatever is freed, is freed by reference counting as before;
        # the atexit work, saving new likely-range parts, still runs).
        gc.freeze()


if __name__ == "__main__":
    main()
