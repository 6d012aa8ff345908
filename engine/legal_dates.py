"""Compute the due dates of French legal délais.

This module has one job: turn an event date and a délai as written in a
regulation (« dans un délai de deux mois », « avant le 1er juillet de chaque
année », « le délai est suspendu jusqu'à la production de ces informations »)
into a calendar date, and say whether a given day is a weekend day or a
French public holiday.

It deliberately never moves a due date off a weekend or a holiday: whether
a délai expiring on a Sunday is extended (as under article 642 of the Code
de procédure civile) depends on the text that sets the délai, so that
decision belongs to the caller.  `flag_day` only reports what the day is.

Month and year arithmetic uses `dateutil.relativedelta` and Easter uses
`dateutil.easter.easter`, so neither calendar rule is re-implemented here.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from .errors import CalendarError

__all__ = [
    "UNITS",
    "Delay",
    "add_delay",
    "subtract_delay",
    "last_day_of_month",
    "end_of_month_following_year",
    "next_annual_date",
    "end_of_year_following",
    "add_delay_with_suspensions",
    "french_public_holidays",
    "DayFlag",
    "flag_day",
]

UNITS = ("days", "weeks", "months", "years")

# Regulations spell units in French; the knowledge base itself uses English.
# Both are accepted so that a délai can be copied verbatim from the text.
_UNIT_WORDS: dict[str, str] = {
    "day": "days",
    "days": "days",
    "jour": "days",
    "jours": "days",
    "week": "weeks",
    "weeks": "weeks",
    "semaine": "weeks",
    "semaines": "weeks",
    "month": "months",
    "months": "months",
    "mois": "months",
    "year": "years",
    "years": "years",
    "an": "years",
    "ans": "years",
    "année": "years",
    "années": "years",
    # Unaccented spellings turn up in copy-pasted or ASCII-only sources.
    "annee": "years",
    "annees": "years",
}

_UNIT_SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year"}


def _french_number_words() -> dict[str, int]:
    """Map French number words (1 to 99) to their value.

    Keys are normalised with hyphens turned into spaces, so "vingt-deux",
    "vingt deux", "vingt-et-un" (1990 spelling) and "vingt et un" all match.
    """
    small = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
        "neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ]
    words: dict[str, int] = {small[n]: n for n in range(1, 17)}
    words["une"] = 1  # « une semaine », « une année »
    for n in (17, 18, 19):
        words[f"dix {small[n - 10]}"] = n

    def below_twenty(n: int) -> str:
        return small[n] if n <= 16 else f"dix {small[n - 10]}"

    # 20 to 69 follow one regular pattern: "et un" for the 1, hyphen otherwise.
    for tens, name in ((20, "vingt"), (30, "trente"), (40, "quarante"),
                       (50, "cinquante"), (60, "soixante")):
        words[name] = tens
        words[f"{name} et un"] = tens + 1
        for unit in range(2, 10):
            words[f"{name} {small[unit]}"] = tens + unit
    # 70 to 79 are "soixante-dix", "soixante et onze", "soixante-douze", ...
    words["soixante dix"] = 70
    words["soixante et onze"] = 71
    for n in range(72, 80):
        words[f"soixante {below_twenty(n - 60)}"] = n
    # 80 to 99 are built on "quatre-vingt(s)"; only 80 itself takes the s,
    # but both spellings are common, so accept both everywhere.
    words["quatre vingts"] = 80
    words["quatre vingt"] = 80
    for n in range(81, 100):
        rest = below_twenty(n - 80)
        words[f"quatre vingt {rest}"] = n
        words[f"quatre vingts {rest}"] = n
    return words


_NUMBER_WORDS = _french_number_words()


def _normalise_number_words(text: str) -> str:
    return " ".join(text.replace("-", " ").split())


@dataclass(frozen=True)
class Delay:
    """A délai: an amount of calendar days, weeks, months or years.

    >>> Delay(2, "months")
    Delay(amount=2, unit='months')
    """

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(
                f"unknown delay unit {self.unit!r}; expected one of {', '.join(UNITS)}"
            )
        # bool is an int subclass; Delay(True, "days") is certainly a bug.
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise ValueError(f"delay amount must be an int, got {self.amount!r}")
        if self.amount < 0:
            raise ValueError(f"delay amount must not be negative, got {self.amount}")

    @classmethod
    def parse(cls, text: str) -> Delay:
        """Parse a délai written in English or French, in digits or words.

        >>> Delay.parse("deux mois")
        Delay(amount=2, unit='months')
        >>> Delay.parse("30 days")
        Delay(amount=30, unit='days')
        """
        error = ValueError(f"unknown delay {text!r}; expected e.g. '30 days' or '2 mois'")
        if not isinstance(text, str):
            raise error
        # Non-breaking spaces are common in text pasted from Légifrance.
        tokens = text.replace("\u00a0", " ").replace("\u202f", " ").lower().split()
        if len(tokens) < 2:
            raise error
        unit = _UNIT_WORDS.get(tokens[-1])
        number = " ".join(tokens[:-1])
        if unit is None:
            raise error
        if re.fullmatch(r"\d+", number):
            amount = int(number)
        else:
            found = _NUMBER_WORDS.get(_normalise_number_words(number))
            if found is None:
                raise error
            amount = found
        return cls(amount, unit)

    def __str__(self) -> str:
        """Render as "<amount> <unit>", singular for one.

        >>> str(Delay(30, "days")), str(Delay(1, "months"))
        ('30 days', '1 month')
        """
        unit = _UNIT_SINGULAR[self.unit] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def _within_calendar(fn):
    """Date arithmetic past 9999-12-31 or before 0001-01-01 raises CalendarError (exit 2), not OverflowError."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OverflowError:
            pass
        except ValueError as exc:
            if not (str(exc).startswith("year ") and "out of range" in str(exc)):
                raise
        raise CalendarError("date hors du calendrier : le délai compté à partir de cette date finirait avant le "
                            "1er janvier 0001 ou après le 31 décembre 9999 ; attendu : une date dont le délai finit "
                            "dans le calendrier, par ex. 2022-01-31") from None

    return wrapper


@_within_calendar
def add_delay(start: date, delay: Delay) -> date:
    """Return the last day of a délai that runs from `start`.

    `start` is the event date (receipt, notification, decision).  As in
    French practice, the day of the event itself is not counted: the délai
    begins the next day and expires at the end of the returned day.

    - days and weeks: `start` plus that many calendar days;
    - months and years: the same day number that many months later, or the
      last day of that month when it has no such day.

    Weekends and holidays are not skipped; see `flag_day`.

    >>> add_delay(date(2021, 1, 31), Delay.parse("deux mois"))  # received 31 Jan
    datetime.date(2021, 3, 31)
    >>> add_delay(date(2021, 1, 31), Delay(1, "months"))
    datetime.date(2021, 2, 28)
    >>> add_delay(date(2021, 2, 19), Delay(30, "days"))
    datetime.date(2021, 3, 21)
    """
    if delay.unit == "days":
        return start + timedelta(days=delay.amount)
    if delay.unit == "weeks":
        return start + timedelta(weeks=delay.amount)
    # relativedelta clamps to the month's last day (31 Mar + 1 month = 30 Apr),
    # which is the rule French courts apply when the day number is missing.
    if delay.unit == "months":
        return start + relativedelta(months=delay.amount)
    return start + relativedelta(years=delay.amount)


@_within_calendar
def subtract_delay(end: date, delay: Delay) -> date:
    """The first day of a period of `delay` counted backwards to `end` (« dans les douze mois qui
    précèdent le renouvellement »): the mirror of add_delay, months keeping their day number or
    falling on the last day of a shorter month.

    >>> subtract_delay(date(2026, 10, 15), Delay(12, "months"))
    datetime.date(2025, 10, 15)
    >>> subtract_delay(date(2021, 3, 31), Delay(1, "months"))
    datetime.date(2021, 2, 28)
    """
    return end - relativedelta(**{delay.unit: delay.amount})


@_within_calendar
def last_day_of_month(year: int, month: int) -> date:
    """Return the last day of the given month.

    >>> last_day_of_month(2024, 2)
    datetime.date(2024, 2, 29)
    """
    # day=31 in relativedelta means "day 31, or the last day if shorter".
    return date(year, month, 1) + relativedelta(day=31)


@_within_calendar
def end_of_month_following_year(event: date, month: int) -> date:
    """Return the last day of `month` in the year after the year of `event`.

    Models « au plus tard le dernier jour du mois de février de l'année
    suivant celle sur laquelle porte ce rapport »: any date within the year
    the report covers gives the same deadline.

    >>> end_of_month_following_year(date(2023, 6, 1), 2)
    datetime.date(2024, 2, 29)
    """
    return last_day_of_month(event.year + 1, month)


@_within_calendar
def next_annual_date(after: date, month: int, day: int, inclusive: bool = False) -> date:
    """Return the next occurrence of a yearly date (`month`, `day`) after `after`.

    Models « avant le 1er juillet de chaque année »: the next 1 July strictly
    after `after`, or `after` itself when it is that date and `inclusive`.
    For 29 February, a year without it uses 28 February, so the deadline
    still falls once a year.

    >>> next_annual_date(date(2022, 7, 1), 7, 1)
    datetime.date(2023, 7, 1)
    >>> next_annual_date(date(2022, 7, 1), 7, 1, inclusive=True)
    datetime.date(2022, 7, 1)
    """
    # Check against a leap year so that 29 February is accepted but 30 February is not.
    date(2000, month, day)

    def in_year(year: int) -> date:
        return date(year, 1, 1) + relativedelta(month=month, day=day)

    candidate = in_year(after.year)
    if candidate > after or (inclusive and candidate == after):
        return candidate
    return in_year(after.year + 1)


@_within_calendar
def end_of_year_following(fiscal_year_event: date) -> date:
    """Return 31 December of the year after the exercice containing the date.

    Models « au plus tard le 31 décembre de l'année suivant l'exercice »,
    with exercices that coincide with calendar years.

    >>> end_of_year_following(date(2022, 5, 1))
    datetime.date(2023, 12, 31)
    """
    return date(fiscal_year_event.year + 1, 12, 31)


def _merged(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Merge half-open date intervals so that overlapping days count once."""
    merged: list[tuple[date, date]] = []
    for begin, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _suspended_days(merged: list[tuple[date, date]], first: date, last: date) -> int:
    """Count the days of `merged` within [first, last]."""
    total = 0
    for begin, end in merged:
        low, high = max(begin, first), min(end, last + timedelta(days=1))
        if low < high:
            total += (high - low).days
    return total


@_within_calendar
def add_delay_with_suspensions(
    start: date, delay: Delay, suspensions: list[tuple[date, date]]
) -> date:
    """Return the last day of a délai that is suspended while information is awaited.

    Models « le délai … est suspendu jusqu'à la production de ces
    informations ».  Conventions:

    - The délai runs from `start` as in `add_delay` (the event day is not
      counted) and its unsuspended due date is `add_delay(start, delay)`.
    - Each suspension is a half-open pair ``(from, to)``: the days from
      `from` (the request) up to the day before `to` are suspended; on `to`
      (the information is produced) the délai runs again.  An empty or
      reversed pair is rejected.
    - A suspended day counts if it falls after `start` and no later than the
      due date as it stands after earlier suspended days have pushed it.
      "No later than" (rather than strictly before) means a request made on
      the last day still suspends the délai, and the due date never falls
      on a suspended day.
    - The due date moves later by one calendar day per suspended day, also
      for délais in months or years; days covered by several overlapping
      suspensions count once.  Suspensions entirely after the due date, or
      before `start`, have no effect.

    >>> add_delay_with_suspensions(
    ...     date(2021, 1, 31), Delay(2, "months"),
    ...     [(date(2021, 2, 10), date(2021, 2, 20))])  # 10 days suspended
    datetime.date(2021, 4, 10)
    """
    for begin, end in suspensions:
        if not begin < end:
            raise ValueError(
                f"suspension ({begin}, {end}) must end after it begins; "
                "it is half-open: suspended from the first date until the day before the second"
            )
    merged = _merged(list(suspensions))
    base = add_delay(start, delay)
    first_counted = start + timedelta(days=1)
    due = base
    # Pushing the due date can bring further suspended days into the délai,
    # so iterate to the fixed point; it only ever grows and suspensions are
    # finite, so this terminates.
    while True:
        pushed = base + timedelta(days=_suspended_days(merged, first_counted, due))
        if pushed == due:
            return due
        due = pushed


def french_public_holidays(year: int, alsace_moselle: bool = False) -> dict[date, str]:
    """Return the French public holidays (jours fériés) of `year`, by date.

    The eleven holidays of article L3133-1 of the Code du travail, computed
    for any year; with `alsace_moselle`, also the two extra days of the local
    law of Bas-Rhin, Haut-Rhin and Moselle (article L3134-13): Vendredi saint
    and Saint-Étienne.  The current list is applied to every year; historical
    changes (such as 8 May before 1982) are not modelled.  When two holidays
    share a date (Ascension can fall on 1 or 8 May), their names are joined.

    >>> french_public_holidays(2021)[date(2021, 5, 13)]
    'Ascension'
    """
    sunday = easter(year)
    holidays = [
        (date(year, 1, 1), "Jour de l'an"),
        (sunday + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du travail"),
        (date(year, 5, 8), "Victoire 1945"),
        (sunday + timedelta(days=39), "Ascension"),
        # Still a jour férié in law even where it is the journée de solidarité.
        (sunday + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice"),
        (date(year, 12, 25), "Noël"),
    ]
    if alsace_moselle:
        holidays += [
            (sunday - timedelta(days=2), "Vendredi saint"),
            (date(year, 12, 26), "Saint-Étienne"),
        ]
    result: dict[date, str] = {}
    # Sort on the date alone so a shared date keeps the order listed above.
    for day, name in sorted(holidays, key=lambda holiday: holiday[0]):
        result[day] = f"{result[day]} et {name}" if day in result else name
    return result


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class DayFlag:
    """What a calendar day is: its French weekday and why it is not worked, if so.

    >>> DayFlag(date(2021, 2, 22), "lundi", None).is_working_day
    True
    """

    # `datetime.date` spelled out: the field name shadows the type here.
    date: _dt.date
    weekday: str
    reason: str | None

    @property
    def is_working_day(self) -> bool:
        """True for a jour ouvré: Monday to Friday and not a public holiday.

        Saturdays are not working days here even though they are jours
        ouvrables; a caller counting jours ouvrables checks `reason`.

        >>> flag_day(date(2021, 3, 21)).is_working_day
        False
        """
        return self.reason is None


def flag_day(d: date, alsace_moselle: bool = False) -> DayFlag:
    """Describe `d`: weekday, and whether it is a weekend day or a holiday.

    Only flags the day; it never moves a date, because what happens to a
    délai ending on such a day depends on the text that sets it.  A holiday
    falling on a weekend is reported as the holiday.

    >>> flag_day(date(2021, 5, 13)).reason
    'jour férié : Ascension'
    >>> flag_day(date(2021, 3, 21)).reason
    'dimanche'
    """
    weekday = _WEEKDAYS[d.weekday()]
    holiday = french_public_holidays(d.year, alsace_moselle).get(d)
    if holiday is not None:
        reason: str | None = f"jour férié : {holiday}"
    elif weekday in ("samedi", "dimanche"):
        reason = weekday
    else:
        reason = None
    return DayFlag(d, weekday, reason)
