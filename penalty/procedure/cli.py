"""``penalty timeline``: the deadlines around the fine of a case, as JSON, a table or an
iCalendar file. Only reads the input, calls :func:`penalty.timeline` and writes."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from penalty.clitools import Lang, read_json
from penalty.clitools import fail as _fail
from penalty.errors import InputError, PenaltyError


class Authority(str, Enum):
    national = "national"
    local = "local"


class CreditClass(str, Enum):
    minor = "minor"
    general = "general"
    serious = "serious"


def timeline_command(
    case: str = typer.Argument(..., help="CASE.json (one case), or - for standard input"),
    notice_served: str | None = typer.Option(
        None, "--notice-served", help="Notice of the intended penalty served (YYYY-MM-DD)"),
    decision_received: str | None = typer.Option(
        None, "--decision-received", help="Penalty decision received (YYYY-MM-DD)"),
    case_filed: str | None = typer.Option(None, "--case-filed", help="Case filed (立案)"),
    decision_made: str | None = typer.Option(
        None, "--decision-made", help="Decision made (default: the day it was received)"),
    hearing_notice_served: str | None = typer.Option(
        None, "--hearing-notice-served", help="Hearing notice served"),
    reconsideration_applied: str | None = typer.Option(
        None, "--reconsideration-applied", help="Reconsideration applied for"),
    reconsideration_decision_received: str | None = typer.Option(
        None, "--reconsideration-decision-received", help="Reconsideration decision received"),
    fine: str | None = typer.Option(
        None, "--fine", help="Fine in CNY (default: the estimate's expected range)"),
    authority: Authority | None = typer.Option(
        None, "--authority", help="national CAC or a local office (default: both shown)"),
    province: str | None = typer.Option(None, "--province", help="Two-letter code, e.g. GD"),
    credit_class: CreditClass | None = typer.Option(
        None, "--credit-class", help="Credit-record class (default: the documented assumption)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
    ics: Path | None = typer.Option(None, "--ics", help="Also write the deadlines to an "
                                                           "iCalendar file (.ics)"),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the table and the .ics"),
):
    """The procedure around the fine: hearing, payment, surcharge, reconsideration, lawsuit,
    enforcement and credit record, each deadline counted on China's official calendar."""
    import penalty

    data = read_json(case)
    if not isinstance(data, dict):
        _fail(f"{case}: must hold one case (a JSON object); see `penalty schema case`")
    try:
        t = penalty.timeline(
            data, notice_served=notice_served, decision_received=decision_received,
            case_filed=case_filed, decision_made=decision_made,
            hearing_notice_served=hearing_notice_served,
            reconsideration_applied=reconsideration_applied,
            reconsideration_decision_received=reconsideration_decision_received,
            fine_cny=fine, authority=authority.value if authority else None, province=province,
            credit_class=credit_class.value if credit_class else None)
    except InputError as exc:
        _fail(_option_message(exc))
    except PenaltyError as exc:
        _fail(str(exc), 3)
    if ics is not None:
        from penalty.procedure.ics import timeline_ics

        try:
            ics.write_bytes(timeline_ics(t, lang.value, label=data.get("label")))
        except OSError as exc:
            _fail(f"{ics}: cannot be written ({exc.strerror})")
        typer.echo(f"wrote {ics}: {len(t.deadlines)} deadline(s)", err=True)
    if as_json:
        typer.echo(json.dumps(t.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _table(t, lang.value)


_OPTIONS = {"notice_served", "decision_received", "case_filed", "decision_made",
            "hearing_notice_served", "reconsideration_applied",
            "reconsideration_decision_received", "authority", "province", "credit_class"}


def _option_message(exc: InputError) -> str:
    """The library's message, naming the command-line option rather than the keyword."""
    if exc.field == "fine_cny":
        option = "--fine"
    elif exc.field in _OPTIONS:
        option = "--" + exc.field.replace("_", "-")
    else:
        return str(exc)
    if exc.value is None:
        return f"{option}: {exc.allowed}"
    return f"{option}: {exc.value!r} is not valid; {exc.allowed}"


def _table(t, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from penalty.messages import t as text_of
    from penalty.money import format_cny

    zh = lang == "zh"
    con = Console()
    table = Table(*(text_of(f"timeline_col_{c}", lang) for c in ("date", "code", "what", "citation")))
    for d in t.deadlines:
        table.add_row(d.date.isoformat(), d.code, d.zh if zh else d.en,
                      d.citation_zh if zh else d.citation)
    con.print(table)
    con.print(t.hearing.zh if zh else t.hearing.en)
    s = t.surcharge
    if s is not None:
        line = text_of("timeline_surcharge", lang, per_day=format_cny(s.per_day_cny, lang, cents=True),
                       cap=format_cny(s.cap_cny, lang, cents=True), day=s.cap_reached_on)
        if s.per_day_cny != s.per_day_high_cny:
            high = text_of("timeline_surcharge_high_end", lang,
                           per_day=format_cny(s.per_day_high_cny, lang, cents=True))
            line += high if zh else f" {high}"  # no space before a Chinese bracket
        con.print(line)
    for a in t.assumptions:
        con.print(f"- {a.zh if zh else a.en}", style="dim")


def register(app: typer.Typer) -> None:
    """Mount ``penalty timeline`` on the main command line."""
    app.command("timeline")(timeline_command)


__all__ = ["register", "timeline_command"]
