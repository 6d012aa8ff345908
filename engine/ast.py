"""The typed syntax tree of a rules file: one frozen dataclass per construct, each with its position."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Union

from .errors import SourcePos

OPEN_END = date(2999, 1, 1)
"""The end of an interval with no end, as in Légifrance's LEGI data (date_fin 2999-01-01)."""


# ------------------------------------------------------------------ values
@dataclass(frozen=True)
class Str:
    """A string value: plain, « guillemets » (quoted words of a text) or a block."""

    value: str
    pos: SourcePos
    quoted: str = "plain"  # plain | guillemets | block


@dataclass(frozen=True)
class DateValue:
    """A date value (YYYY-MM-DD)."""

    value: date
    pos: SourcePos


@dataclass(frozen=True)
class Interval:
    """A half-open period [start, end)."""

    start: date
    end: date  # OPEN_END when open
    pos: SourcePos

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass(frozen=True)
class Duration:
    """A délai: an amount of days, weeks, months or years."""

    amount: int
    unit: str  # days | weeks | months | years
    pos: SourcePos

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@dataclass(frozen=True)
class Number:
    """A number value."""

    value: int | float
    pos: SourcePos


@dataclass(frozen=True)
class Symbol:
    """A bare name: an actor, a mode, an id."""

    name: str
    pos: SourcePos


@dataclass(frozen=True)
class Ref:
    """A citation in a text: `CA "art. 19, II bis, 3°"`."""

    text_id: str
    citation: str
    pos: SourcePos
    citation_pos: SourcePos


Value = Union[Str, DateValue, Interval, Duration, Number, Symbol, Ref]


@dataclass(frozen=True)
class Field:
    """One `name: value, value…` line of a statement."""

    name: str
    values: tuple[Value, ...]
    pos: SourcePos


class HasFields:
    """Statements that carry `field: value` lines (records, provisions, facts, rules)."""

    fields: tuple[Field, ...]

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class Record(HasFields):
    """A `kind id { fields }` statement: a text, an approval, a deadline, a norm…"""

    kind: str
    id: str
    fields: tuple[Field, ...]
    pos: SourcePos


# The provisions and the Datalog nodes live in their own modules, created on first use (PEP 562): every
# `ast.Rule`, `from engine.ast import Provision` works as before. A cold answer from a built file reads
# records only, and each frozen dataclass costs ≈ 0.4 ms to create.
_ELSEWHERE = {
    **dict.fromkeys(("Target", "Place", "Operation", "OPERATION_KINDS", "Provision"), "engine.ast_amending"),
    **dict.fromkeys(("Var", "Const", "Term", "Atom", "Negation", "Comparison", "Literal", "Fact", "Rule",
                     "Statement", "RulesFile"), "engine.ast_datalog"),
}


def __getattr__(name: str):
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_ELSEWHERE])
