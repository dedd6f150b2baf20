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

from .models import Timeline

PRODID = "-//penalty//procedure timeline//EN"
REMIND_DAYS = 3
KIND = {"deadline": ("Deadline", "期限"), "due": ("Authority due", "机关应当"),
        "from": ("From", "起始"), "until": ("Until", "截止")}


def timeline_ics(t: Timeline, lang: Literal["en", "zh"] = "en", label: str | None = None,
                 stamp: dt.datetime | None = None) -> bytes:
    """The deadlines of ``t`` as an ``.ics`` file (bytes)."""
    zh = lang == "zh"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = "行政处罚程序期限" if zh else "Penalty procedure deadlines"
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
        kind = KIND[d.kind][1 if zh else 0]
        text = d.zh if zh else d.en
        title = text.split("。")[0] if zh else text.split(". ")[0].split(" (")[0]
        ev.add("summary", f"{kind}: {title}" + (f" [{label}]" if label else ""))
        other = d.en if zh else d.zh
        cite = d.citation_zh if zh else d.citation
        period = (f"{d.period_zh}，自{d.runs_from_date.isoformat()}起算" if zh
                  else f"{d.period} from {d.runs_from_date.isoformat()}")
        rolled = ""
        if d.rolled_from:
            rolled = (f"\n期间届满日{d.rolled_from.isoformat()}为休息日，顺延。" if zh else
                      f"\nThe period ended on {d.rolled_from.isoformat()}, a rest day; moved to "
                      "the next working day.")
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
