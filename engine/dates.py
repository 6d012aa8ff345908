"""The one reader of the dates users give (CLI options, API arguments, questions files, compliance inputs).

A legal tool reads `YYYY-MM-DD` and nothing else: Python's `date.fromisoformat` also takes
`20210219` and `2021-W07-5`, which a user never means as a date of law. A well-formed date that
does not exist (2021-02-30) is « date inexistante », said as such, in French as every message a user reads.

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


EXPECTED = "attendu : une date AAAA-MM-JJ, par ex. 2022-01-31"


def date_problem(text: str) -> str | None:
    """Why `text` is not a date YYYY-MM-DD, in French (None when it is one).

    >>> date_problem("2021-02-30")
    "date inexistante (février 2021 n'a que 28 jours) ; attendu : une date AAAA-MM-JJ, par ex. 2022-01-31"
    """
    m = _ISO_DAY.fullmatch(text)
    if not m:
        return ("date vide" if not text else "format non reconnu") + f" ; {EXPECTED}"
    year, month, day = (int(g) for g in m.groups())
    if year < 1:
        return f"date inexistante (l'année 0000 n'existe pas) ; {EXPECTED}"
    if not 1 <= month <= 12:
        return f"date inexistante (il n'y a pas de mois {month:02d}) ; {EXPECTED}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"date inexistante ({FRENCH_MONTHS[month - 1]} {year} n'a que {last} jours) ; {EXPECTED}"
    return None


def parse_user_date(value: str | date | None, what: str = "date", *, default_today: bool = True) -> date:
    """A date from a user: a `date` as is, None as today (when `default_today`), else strictly YYYY-MM-DD.

    Raises QueryError « --on '2021-13-01' : date inexistante (…) ; attendu : … » (exit 2) for anything else,
    the empty string included.
    """
    if value is None and default_today:
        return date.today()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise QueryError(f"{what} {value!r} : pas un texte ; attendu : une date AAAA-MM-JJ écrite comme un texte, "
                         'par ex. "2022-01-31"')
    text = value.strip()
    problem = date_problem(text)
    if problem:
        raise QueryError(f"{what} {value!r} : {problem}")
    return date.fromisoformat(text)
