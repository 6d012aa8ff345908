"""The compiler's output, in plain Python: every fact with its provenance, the rules, the predicates.

Its own module so that a knowledge base read from a built file (engine/kb.py, engine/store.py) can
decode facts and rules without importing the compiler, the loader's checks or the timelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import ast


@dataclass(frozen=True)
class FactEntry:
    """One stored fact, with its provenance: what it says, from where, on which dates."""

    id: str
    predicate: str
    args: tuple
    start: date
    end: date
    basis: tuple[tuple[str, str], ...] = ()  # (text id, citation)
    by: tuple[str, ...] = ()  # provision labels of the amending text
    origin: str = ""  # "file:line" or "derived from versions"
    record: tuple[str, str] | None = None  # (kind, id) when it comes from a record


@dataclass(frozen=True)
class RuleEntry:
    id: str
    rule: ast.Rule
    basis: tuple[tuple[str, str], ...] = ()
    by: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        return f"{self.rule.pos.file}:{self.rule.pos.line}"


@dataclass
class Registry:
    facts: dict[str, FactEntry] = field(default_factory=dict)
    rules: list[RuleEntry] = field(default_factory=list)
    predicates: dict[str, int] = field(default_factory=dict)  # name → arity (without the date)
    views: list[str] = field(default_factory=list)  # predicates with stored facts or none: p(args…, D) over p__f

    @property
    def derived(self) -> frozenset[str]:
        """Predicates that some rule concludes."""
        return frozenset(r.rule.head.predicate for r in self.rules)

    def rule_origins(self) -> dict[str, str]:
        """Each derived predicate → where the first rule concluding it is written (file:line), as an answer
        cites it. A built file stores this table, so an answer need not decode the rules to cite one."""
        out: dict[str, str] = {}
        for r in self.rules:
            out.setdefault(r.rule.head.predicate, r.origin)
        return out

    def facts_of(self, predicate: str, args: tuple | None = None, on: date | None = None) -> list[FactEntry]:
        out = [f for f in self.facts.values() if f.predicate == predicate
               and (args is None or f.args == tuple(args)) and (on is None or f.start <= on < f.end)]
        return sorted(out, key=lambda f: f.id)
