"""French wording of durations and months in answers (« 30 jours », « février »)."""

from __future__ import annotations

from engine.ast import Duration

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
_UNITS = {"days": ("jour", "jours"), "weeks": ("semaine", "semaines"), "months": ("mois", "mois"),
          "years": ("an", "ans")}


def french_duration(d: Duration | None) -> str | None:
    """Duration(30, 'days') → '30 jours'; Duration(1, 'years') → '1 an'."""
    if d is None:
        return None
    singular, plural = _UNITS[d.unit]
    return f"{d.amount} {singular if d.amount == 1 else plural}"


def month_name(month: int | float | None) -> str:
    return MONTHS[int(month) - 1] if month else ""


def day_month(day: int | float | None, month: int | float | None) -> str:
    """(1, 7) → '1er juillet'."""
    if not day or not month:
        return ""
    return f"{'1er' if int(day) == 1 else int(day)} {month_name(month)}"
