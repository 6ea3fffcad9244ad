"""Dates, times and durations as people read them, in the active language."""

from __future__ import annotations

import datetime as dt

from homesupport.i18n import N_, _, current_language, ngettext

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def date_text(day: dt.date) -> str:
    # D.M.YYYY is how Finnish and Swedish speakers in Finland write dates (and imports accept).
    return f"{day.day}.{day.month}.{day.year}"


def time_text(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "Today", "Yesterday", the weekday within this week, else the date."""
    if day == today:
        return _("Today")
    if day == today - dt.timedelta(days=1):
        return _("Yesterday")
    week_start = today - dt.timedelta(days=today.weekday())
    if week_start <= day < today:
        return f"{_(WEEKDAYS[day.weekday()])} {day.day}.{day.month}."
    return date_text(day)


def moment_text(moment: dt.datetime, today: dt.date) -> str:
    day = moment.date()
    if day == today:
        return _("today {time}").format(time=time_text(moment))
    if day == today - dt.timedelta(days=1):
        return _("yesterday {time}").format(time=time_text(moment))
    return f"{date_text(day)} {time_text(moment)}"


def minutes_text(minutes: int) -> str:
    if minutes < 60 or (minutes % 60 and minutes < 120):
        return ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return ngettext("{n} h", "{n} h", hours).format(n=hours)
    return _("{h} h {m} min").format(h=hours, m=rest)


def count_text(count: int) -> str:
    """Thousands grouped as each language writes them: 100 150 (fi, sv), 100,150 (en)."""
    grouped = f"{count:,}"
    return grouped if current_language() == "en" else grouped.replace(",", "\u00a0")
