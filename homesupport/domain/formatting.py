"""Dates, times, months, durations and counts as people read them, in one place for every
layer (GUI, PDFs, services, the coordinator's pages): pure Python, no Qt.

Dates are written D.M.YYYY in every language, as Finnish and Swedish speakers in Finland
write them (and as imports accept); only a printed guide in English spells the month out.
Month names are lower-case, as Finnish and Swedish write them in running text;
:func:`capitalised` where one starts a line. Numbers are grouped as CLDR says each language
does (a no-break space in Finnish and Swedish).
"""

from __future__ import annotations

import datetime as dt
import re

from homesupport.i18n import N_, _, current_language, ngettext

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# CLDR's stand-alone month names (what Qt's QLocale gives), long and abbreviated.
MONTHS = {
    "fi": [
        "tammikuu",
        "helmikuu",
        "maaliskuu",
        "huhtikuu",
        "toukokuu",
        "kesäkuu",
        "heinäkuu",
        "elokuu",
        "syyskuu",
        "lokakuu",
        "marraskuu",
        "joulukuu",
    ],
    "sv": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
SHORT_MONTHS = {
    "fi": [
        "tammi",
        "helmi",
        "maalis",
        "huhti",
        "touko",
        "kesä",
        "heinä",
        "elo",
        "syys",
        "loka",
        "marras",
        "joulu",
    ],
    "sv": ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
NOT_A_TIME = N_("“{value}” is not a time of day; write it as HH:MM.")
_CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)", re.ASCII)  # never other scripts' digits
_GROUP_SEPARATOR = {"en": ","}  # others: a no-break space


def date_text(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def day_month_text(day: dt.date) -> str:
    """The date within the current weeks: ``4.3.``."""
    return f"{day.day}.{day.month}."


def printed_date(day: dt.date, language: str) -> str:
    """A date on paper: 1.11.2026 in Finnish and Swedish, 1 November 2026 in English, where
    a reader from abroad might take 1.11. for January 11th."""
    if language == "en":
        return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
    return date_text(day)


def time_text(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def parse_time_text(text: str) -> dt.time | None:
    """What :func:`time_text` writes, back: ``9:30``, ``09.30``, ``23:59``; None for nothing
    typed; ValueError for anything else (``24:00``, ``9``, ``9:3``)."""
    text = text.strip()
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f"not a time of day: {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "Today", "Yesterday", the weekday within this week, else the date."""
    if day == today:
        return _("Today")
    if day == today - dt.timedelta(days=1):
        return _("Yesterday")
    week_start = today - dt.timedelta(days=today.weekday())
    if week_start <= day < today:
        return f"{_(WEEKDAYS[day.weekday()])} {day_month_text(day)}"
    return date_text(day)


def moment_text(moment: dt.datetime, today: dt.date) -> str:
    day = moment.date()
    if day == today:
        return _("today {time}").format(time=time_text(moment))
    if day == today - dt.timedelta(days=1):
        return _("yesterday {time}").format(time=time_text(moment))
    return f"{date_text(day)} {time_text(moment)}"


def month_name(period: str, language: str) -> str:
    """``2026-10`` -> "lokakuu 2026" / "oktober 2026" / "October 2026"."""
    year, month = (int(part) for part in period.split("-"))
    return f"{MONTHS[language][month - 1]} {year}"


def short_month(period: str, language: str) -> str:
    """``2026-10`` -> "loka 26" / "okt 26" / "Oct 26": twelve of them fit side by side."""
    year, month = (int(part) for part in period.split("-"))
    return f"{SHORT_MONTHS[language][month - 1]} {year % 100:02d}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def minutes_text(minutes: int) -> str:
    """``45 min``, ``90 min``, ``1 h``, ``2 h 30 min``."""
    if minutes < 60 or (minutes % 60 and minutes < 120):
        return ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return ngettext("{n} h", "{n} h", hours).format(n=hours)
    return _("{h} h {m} min").format(h=hours, m=rest)


def count_text(count: int, language: str | None = None) -> str:
    """Thousands grouped as each language writes them: 100 150 (fi, sv), 100,150 (en);
    in the active language unless one is given (a coordinator page has its visitor's)."""
    language = language or current_language()
    return f"{count:,}".replace(",", _GROUP_SEPARATOR.get(language, "\u00a0"))
