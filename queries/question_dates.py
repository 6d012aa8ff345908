"""Dates in French: how answers write them (« 19 février 2021 »)."""

from __future__ import annotations

from datetime import date

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def long_date(d: date) -> str:
    """date(2021, 2, 1) → « 1er février 2021 »."""
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"
