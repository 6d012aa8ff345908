"""The typed syntax tree of a rules file: one frozen dataclass per construct, each with its position."""

from __future__ import annotations

from dataclasses import dataclass, field
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


# ------------------------------------------------------------------ provisions and operations
@dataclass(frozen=True)
class Target:
    """What an operation amends: a text and a citation in it."""

    text_id: str
    citation: str | None  # None: the whole text
    pos: SourcePos  # of the citation
    text_pos: SourcePos | None = None  # of the text id


@dataclass(frozen=True)
class Place:
    """Where an insertion goes: after/before an anchor (words or a unit), or at start/end."""

    where: str  # after | before | start | end
    anchor: Str | None = None


@dataclass(frozen=True)
class Operation:
    """One amending operation. `kind` is the DSL verb; see OPERATION_KINDS."""

    kind: str
    targets: tuple[Target, ...]
    pos: SourcePos
    old: Str | None = None  # words replaced, deleted, or anchor words
    new: Str | None = None  # words or text inserted or replacing
    place: Place | None = None
    new_number: Str | None = None  # renumber … as


OPERATION_KINDS = {
    # DSL verb: (Akoma Ntoso textual modification type, amendment-graph edge)
    "substitute": ("substitution", "substitutes"),
    "delete_words": ("repeal", "deletes"),
    "insert_words": ("insertion", "inserts"),
    "replace": ("replacement", "replaces"),
    "add": ("insertion", "inserts"),
    "repeal": ("repeal", "repeals"),
    "restore": ("insertion", "restores"),
    "renumber": ("renumbering", "renumbers"),
    "retitle_substitute": ("substitution", "retitles"),
    "retitle_insert": ("insertion", "retitles"),
}


@dataclass(frozen=True)
class Provision(HasFields):
    """A provision of the amending text (its label, what it says) and the operations it makes."""

    text_id: str  # the amending text
    label: str  # "art. 9, 4° b) ii)"
    says: Str | None
    operations: tuple[Operation, ...]
    fields: tuple[Field, ...]
    pos: SourcePos
    label_pos: SourcePos


# ------------------------------------------------------------------ Datalog
@dataclass(frozen=True)
class Var:
    """A Datalog variable (capitalised, or `_`)."""

    name: str
    pos: SourcePos


@dataclass(frozen=True)
class Const:
    """A Datalog constant."""

    value: str | int | float | date
    pos: SourcePos


Term = Union[Var, Const]


@dataclass(frozen=True)
class Atom:
    """predicate(term, …)."""

    predicate: str
    terms: tuple[Term, ...]
    pos: SourcePos


@dataclass(frozen=True)
class Negation:
    """not atom."""

    atom: Atom
    pos: SourcePos


@dataclass(frozen=True)
class Comparison:
    """term op term (=, !=, <, <=, >, >=)."""

    left: Term
    op: str
    right: Term
    pos: SourcePos


Literal = Union[Atom, Negation, Comparison]


@dataclass(frozen=True)
class Fact(HasFields):
    """A stored Datalog fact, with its basis."""

    atom: Atom
    fields: tuple[Field, ...]
    pos: SourcePos


@dataclass(frozen=True)
class Rule(HasFields):
    """head :- body, with its basis."""

    head: Atom
    body: tuple[Literal, ...]
    fields: tuple[Field, ...]
    pos: SourcePos


Statement = Union[Record, Provision, Fact, Rule]


@dataclass(frozen=True)
class RulesFile:
    """The statements of one rules file, in order."""

    path: str
    statements: tuple[Statement, ...] = field(default_factory=tuple)
