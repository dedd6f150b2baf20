"""The timeline as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

One all-day event per deadline, titled in the chosen language with the other language and the
citation in the description; deadlines the party must meet (``kind: deadline``) carry a
reminder three days before. UIDs are stable for the same deadline and dates, so importing an
updated file replaces the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from icalendar import Alarm, Calendar, Event

from penalty.messages import t as text_of

from .models import Timeline

PRODID = "-//penalty//procedure timeline//EN"
REMIND_DAYS = 3


def timeline_ics(t: Timeline, lang: Literal["en", "zh"] = "en", label: str | None = None,
                 stamp: dt.datetime | None = None) -> bytes:
    """The deadlines of ``t`` as an ``.ics`` file (bytes)."""
    zh = lang == "zh"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = text_of("timeline_calendar_name", lang)
    cal.add("x-wr-calname", f"{name}: {label}" if label else name)
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    seed = "|".join(f"{k}={v.isoformat()}" for k, v in sorted(t.events.items()))
    for d in t.deadlines:
        ev = Event()
        uid = hashlib.sha256(f"{seed}|{d.code}|{d.date.isoformat()}".encode()).hexdigest()[:32]
        ev.add("uid", f"{uid}@penalty")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", d.date)
        ev.add("dtend", d.date + dt.timedelta(days=1))
        kind = text_of(f"timeline_kind_{d.kind}", lang)
        text = d.zh if zh else d.en
        title = text.split("。")[0] if zh else text.split(". ")[0].split(" (")[0]
        ev.add("summary", f"{kind}: {title}" + (f" [{label}]" if label else ""))
        other = d.en if zh else d.zh
        cite = d.citation_zh if zh else d.citation
        period = text_of("timeline_ics_period", lang, period=d.period_zh if zh else d.period,
                         start=d.runs_from_date.isoformat())
        rolled = ""
        if d.rolled_from:
            rolled = "\n" + text_of("timeline_ics_rolled", lang, day=d.rolled_from.isoformat())
        ev.add("description", f"{text}\n{other}\n{cite}\n{period}{rolled}")
        ev.add("categories", [d.code])
        ev.add("transp", "TRANSPARENT")
        if d.kind == "deadline":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ev["summary"])
            alarm.add("trigger", dt.timedelta(days=-REMIND_DAYS))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()


__all__ = ["timeline_ics"]
