"""The one reader of the dates users give (CLI options, API arguments, questions files, compliance inputs).

A legal tool reads `YYYY-MM-DD` and nothing else: Python's `date.fromisoformat` also takes
`20210219` and `2021-W07-5`, which a user never means as a date of law. A well-formed date that
does not exist (2021-02-30) is « date inexistante », said as such.

    >>> parse_user_date("2021-02-19", "--on")
    datetime.date(2021, 2, 19)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .errors import QueryError

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")


def date_problem(text: str) -> str | None:
    """Why `text` is not a date YYYY-MM-DD (None when it is one)."""
    m = _ISO_DAY.fullmatch(text)
    if not m:
        return "expected YYYY-MM-DD, e.g. 2022-01-31"
    year, month, day = (int(g) for g in m.groups())
    if year < 1:
        return "date inexistante (l'année 0000 n'existe pas); expected YYYY-MM-DD, e.g. 2022-01-31"
    if not 1 <= month <= 12:
        return f"date inexistante (pas de mois {month:02d}); expected YYYY-MM-DD, e.g. 2022-01-31"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"date inexistante ({FRENCH_MONTHS[month - 1]} {year} a {last} jours); "
                "expected YYYY-MM-DD, e.g. 2022-01-31")
    return None


def parse_user_date(value: str | date | None, what: str = "date", *, default_today: bool = True) -> date:
    """A date from a user: a `date` as is, None as today (when `default_today`), else strictly YYYY-MM-DD.

    Raises QueryError « bad WHAT 'VALUE': … » (exit 2) for anything else, the empty string included.
    """
    if value is None and default_today:
        return date.today()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise QueryError(f"bad {what} {value!r}: expected a date YYYY-MM-DD (as text), e.g. 2022-01-31")
    text = value.strip()
    problem = date_problem(text)
    if problem:
        raise QueryError(f"bad {what} {value!r}: {problem}")
    return date.fromisoformat(text)
