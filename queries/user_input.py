"""What both front ends (the CLI and the workbench) read from a person and how they date an answer:
a date, periods of suspension of a délai, the note saying which date a command asked at.

One place, so that `cmakb deadline --suspended …` and the workbench's form read the same periods the same way.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .answers import Response


def user_date(value: str | date | None, what: str = "--on") -> date:
    """Every date a person gives goes through engine/dates.py: YYYY-MM-DD only, « date inexistante » named;
    None is today."""
    from engine.dates import parse_user_date

    return parse_user_date(value, what)


def suspension_periods(values: tuple[str, ...] | list[str]) -> list[tuple[date, date]]:
    """FROM:TO values (--suspended, repeatable): periods [FROM, TO) during which a délai is suspended."""
    out = []
    for value in values:
        start, sep, end = value.partition(":")
        if not sep:
            from engine.errors import QueryError

            raise QueryError(f"--suspended {value!r} : période illisible ; attendu : FROM:TO, deux dates AAAA-MM-JJ "
                             "séparées par « : », par ex. 2022-01-20:2022-02-03")
        period = (user_date(start, f"--suspended {value!r}, début"), user_date(end, f"--suspended {value!r}, fin"))
        if not period[0] < period[1]:
            from engine.errors import QueryError

            raise QueryError(f"--suspended {value!r} : la fin doit venir après le début (période FROM:TO, délai "
                             "suspendu de FROM jusqu'à la veille de TO) ; par ex. 2022-01-20:2022-02-03")
        out.append(period)
    return out


def dated(resp: Response, on: str | None) -> Response:
    """Say which date a command asked at and where it came from (the date given, else today), as `ask` does."""
    from .question_dates import asked_date, say_date

    return say_date(resp, asked_date(user_date(on) if on is not None else None, None))
