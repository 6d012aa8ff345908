"""The typed syntax tree of Datalog: terms, atoms, literals, facts and rules; and a whole rules file.

Part of engine/ast.py (which re-exports every name): its own module so that a knowledge base read from its
built file, answering from its indexed rows, need not create these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Union

from .ast import Field, HasFields, Record
from .ast_amending import Provision
from .errors import SourcePos


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
