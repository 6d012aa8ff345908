"""The answers of every predicate, materialised as dated rows, so point lookups need no engine.

A predicate's answers at a date D are a function of which facts hold at D, and a fact changes only
at its start or end (rules cannot name the date: the compiler passes it to every literal). So the
answers of a derived predicate are constant between the boundaries of the facts it depends on:
asking the engine once per boundary gives them all, as rows (args, start, end) valid on [start, end).
A stored fact is its own row. The engine stays the reference: tests/test_store.py checks that the
rows and pyDatalog agree on every predicate at every boundary.

A derived predicate is not materialised when asking the engine at each boundary would cost more
than it saves (boundaries × facts read above MAX_WORK, e.g. `in_force` over 3,000 versions): its
queries go to the engine, which is then built on first need.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .registry import Registry

MAX_WORK = 20_000
"""pyDatalog answers a boundary in ≈ 25 µs per fact it reads: 200,000 cost ≈ 2.6 s of a 3,000-version build
(`in_force`, `worded_by`: 54,000 each), more than the build of 10^4 versions, which was under the limit.
The real rules' largest is 5,148; nothing in queries/ asks `in_force` or `worded_by`."""

Row = tuple[tuple, date, date]  # (args, start, end)


def dependencies(registry: Registry) -> dict[str, frozenset[str]]:
    """Every derived predicate → the predicates with facts (views) it reads, through other rules too."""
    from . import ast

    direct: dict[str, set[str]] = {}
    for entry in registry.rules:
        body = direct.setdefault(entry.rule.head.predicate, set())
        for lit in entry.rule.body:
            atom = lit.atom if isinstance(lit, ast.Negation) else lit
            if isinstance(atom, ast.Atom):
                body.add(atom.predicate)
    closed: dict[str, frozenset[str]] = {}

    def close(p: str, seen: frozenset[str]) -> frozenset[str]:
        if p in closed:
            return closed[p]
        out: set[str] = set()
        for q in direct.get(p, ()):
            if q in direct and q not in seen:
                out |= close(q, seen | {q})
            if q not in direct or q in registry.views:
                out.add(q)
        if p in registry.views:
            out.add(p)
        closed[p] = frozenset(out)
        return closed[p]

    for p in direct:
        close(p, frozenset({p}))
    return closed


def canonical(value):
    """A constant as the engine gives it back (pyDatalog rounds floats to Float_Precision digits)."""
    if isinstance(value, float):
        from pyDatalog import pyEngine

        return pyEngine.Term_of(value).id
    return value


def materialise(registry: Registry) -> dict[str, list[Row]]:
    """predicate → its rows (args, start, end). Predicates left out (too costly) are absent.

    The derived ones are asked of a pyDatalog engine of their own, holding only the facts they read.
    """
    out: dict[str, list[Row]] = {}
    derived = registry.derived
    by_predicate: dict[str, list] = {}
    for f in registry.facts.values():
        by_predicate.setdefault(f.predicate, []).append(f)
    for p in registry.views:
        if p not in derived:
            # a fact's own arguments unless one is a float (the only value the engine changes): the
            # built file then writes each argument tuple's text once for `fact` and `holds`
            out[p] = [(f.args if not any(isinstance(a, float) for a in f.args) else
                       tuple(canonical(a) for a in f.args), f.start, f.end) for f in by_predicate.get(p, ())]
    plans: dict[str, list[date]] = {}
    for p, reads in sorted(dependencies(registry).items()):
        days = {date.min}
        for q in reads:
            for f in by_predicate.get(q, ()):
                days.add(f.start)
                days.add(f.end)
        days.discard(date.max)  # [date.max, …) is empty: a query on date.max goes to the engine
        if len(days) * max(1, sum(len(by_predicate.get(q, ())) for q in reads)) <= MAX_WORK:
            plans[p] = sorted(days)
    if not plans:
        return out
    reads = frozenset().union(*(dependencies(registry)[p] for p in plans))
    for p, rows in _ask_at_days(registry, reads, plans).items():
        out[p] = rows
    return out


def _ask_at_days(registry: Registry, reads: frozenset[str], plans: dict[str, list[date]]) -> dict[str, list[Row]]:
    from pyDatalog import Logic, pyParser

    from .compiler import install
    from .kb import _LOCK

    out: dict[str, list[Row]] = {}
    with _LOCK:  # a fresh engine for this thread; every KnowledgeBase installs its own before asking
        Logic()
        install(registry, predicates=reads)
        for p, days in plans.items():
            variables = [pyParser.Term(f"Q{i}__") for i in range(registry.predicates[p])]
            rows: list[Row] = []
            open_rows: dict[tuple, date] = {}
            for day in days:
                now = {tuple(r) for r in pyParser.Term(p)(*variables, day).ask() or ()}
                for row in [r for r in open_rows if r not in now]:
                    rows.append((row, open_rows.pop(row), day))
                for row in now:
                    open_rows.setdefault(row, day)
            rows.extend((row, start, date.max) for row, start in open_rows.items())
            out[p] = rows
        Logic()  # leave nothing of it behind
    return out


def boundaries(rows: Iterable[Row]) -> set[date]:
    days: set[date] = set()
    for _, start, end in rows:
        days.add(start)
        days.add(end)
    return days


def select(rows: Iterable[Row], args: tuple, on: date) -> list[tuple]:
    """kb.ask's answer from rows: the full tuples holding at `on` whose known arguments match, sorted."""
    known = [(i, a, canonical(a)) for i, a in enumerate(args) if a is not None]
    found = set()
    for row, start, end in rows:
        if start <= on < end and all(row[i] == c for i, _, c in known):
            full = list(row)
            for i, a, _ in known:
                full[i] = a
            found.add(tuple(full))
    return sorted(found, key=lambda r: tuple(str(x) for x in r))
