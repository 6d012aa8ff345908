"""Compile a Corpus into pyDatalog clauses through its programmatic API, and record where each came from.

Time is implicit in the language and explicit here: a fact `p(a, b)` valid on [s, e) is
stored as `p__f(a, b, fact_id, s, e)`, and every predicate gets a view `p(a, b, D)` that
holds when s <= D < e. A rule `h(X) :- b(X), not c(X)` becomes `h(X, D) <= b(X, D) & ~c(X, D)`:
it holds at D when its body holds at D. Nothing is ever eval'd: clauses are built from
pyParser.Term objects, facts from pyEngine literals (about 16x cheaper, notes/pydatalog.md).

Two steps, so a built knowledge base can skip the engine until a query needs it:
`Compiler(corpus).compile()` computes the registry (every fact with its provenance, the rules,
the predicates) in plain Python; `install(registry)` loads it into the active pyDatalog Logic().
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from . import ast
from .corpus import Corpus, plain_value
from .registry import FactEntry, Registry, RuleEntry  # noqa: F401  (the compiler's output)
from .timelines import Timeline, build_timelines

FACT_SUFFIX = "__f"
DATE_VAR = "D__"


def _term(name: str):
    from pyDatalog import pyParser  # the engine is imported only when a query needs it

    return pyParser.Term(name)


def _value(v):
    """Datalog constants: strings, numbers and dates as they are; durations as '30 days'."""
    if isinstance(v, ast.Duration):
        return str(v)
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v):
        return f"{v[0]}|{v[1]}"  # a citation (text id, citation)
    return v


class Compiler:
    """Builds the registry of one knowledge base: its facts with their provenance, its rules, its predicates."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.registry = Registry()
        self.timelines: dict[tuple[str, str | None], Timeline] = {}
        self._counter = 0

    # ------------------------------------------------------------------ facts
    def _fact(self, predicate: str, args: tuple, start: date, end: date, *, basis=(), by=(), origin="",
              record=None) -> None:
        self._counter += 1
        fid = f"f{self._counter}"
        # _value changes only durations and citations (a tuple): the usual strings, numbers and dates
        # need no call (250,000 facts at 10^5 versions)
        if not all(type(a) is str or type(a) is int or type(a) is date for a in args):
            args = tuple(_value(a) for a in args)
        elif type(args) is not tuple:
            args = tuple(args)
        if self.registry.predicates.get(predicate) != len(args):
            self._declare(predicate, len(args))
        self.registry.facts[fid] = FactEntry(fid, predicate, args, start, end,
                                             basis if type(basis) is tuple else tuple(basis),
                                             by if type(by) is tuple else tuple(by), origin, record)

    def _declare(self, predicate: str, arity: int) -> None:
        """Create the dated view p(args…, D) once per predicate, so even an empty one can be asked."""
        known = self.registry.predicates.get(predicate)
        if known is not None:
            if known != arity:
                raise ValueError(f"predicate {predicate} used with arity {arity} and {known}")
            return
        self.registry.predicates[predicate] = arity
        self.registry.views.append(predicate)

    def compile(self) -> Registry:
        self.compile_texts()
        self.compile_provisions()
        self.compile_versions()
        self.compile_records()
        self.compile_facts()
        self.compile_rules()
        return self.registry

    def compile_texts(self) -> None:
        always = (date.min, date.max)
        for t in sorted(self.corpus.texts.values(), key=lambda t: t.id):
            self._fact("text", (t.id, t.title), *always, origin=str(t.pos))
            for a in t.articles:
                self._fact("article", (t.id, a), *always, origin=str(t.pos))

    def compile_provisions(self) -> None:
        for (text_id, label), p in sorted(self.corpus.provisions.items()):
            day = plain_value(p.get("effective").values[0]) if p.get("effective") else \
                self.corpus.texts[text_id].get("in_force")
            origin = f"{p.pos.file}:{p.pos.line}"
            self._fact("provision", (text_id, label), day, ast.OPEN_END, by=(label,), origin=origin)
            for op in p.operations:
                for t in self.corpus.targets.get(id(op), ()):
                    cit = t.citation.canonical if t.citation else ""
                    self._fact("operation", (label, op.kind, t.text_id, cit), day, ast.OPEN_END, by=(label,),
                               origin=origin)

    def compile_versions(self) -> None:
        self.timelines = build_timelines(self.corpus)
        amending = self.corpus.amending_text().id + ":"
        for (text_id, article), tl in sorted(self.timelines.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            for seg in tl.segments:
                art = article or ""
                by = tuple(b.split(":", 1)[1] for b in seg.basis if b.startswith(amending))
                self._fact("version", (text_id, art, seg.version_id, seg.status), seg.start, seg.end,
                           basis=((text_id, f"art. {art}" if art else ""),), by=by, origin="versions")
                for label in by:
                    self._fact("produced_by", (seg.version_id, label), seg.start, seg.end, by=(label,),
                               origin="versions")
                if seg.successor:
                    self._fact("successor", (seg.version_id, *seg.successor), seg.start, seg.end, by=by,
                               origin="versions")

    def compile_records(self) -> None:
        for (kind, rid), rec in sorted(self.corpus.records.items()):
            valid = rec.get("valid")
            start, end = (valid.values[0].start, valid.values[0].end) if valid else (date.min, date.max)
            basis = tuple(plain_value(v) for v in rec.get("basis").values) if rec.get("basis") else ()
            by = tuple(v.value for v in rec.get("by").values) if rec.get("by") else ()
            origin = f"{rec.pos.file}:{rec.pos.line}"
            self._fact(kind, (rid,), start, end, basis=basis, by=by, origin=origin, record=(kind, rid))
            for f in rec.fields:
                if f.name in ("valid", "note", "quote", "text"):
                    continue
                for v in f.values:
                    self._fact(f"{kind}_{f.name}", (rid, plain_value(v)), start, end, basis=basis, by=by,
                               origin=origin, record=(kind, rid))

    def compile_facts(self) -> None:
        for fact in self.corpus.facts:
            iv = fact.get("valid").values[0]
            basis = tuple(plain_value(v) for v in fact.get("basis").values)
            by = tuple(v.value for v in fact.get("by").values) if fact.get("by") else ()
            args = tuple(t.value for t in fact.atom.terms)
            self._fact(fact.atom.predicate, args, iv.start, iv.end, basis=basis, by=by,
                       origin=f"{fact.pos.file}:{fact.pos.line}")

    # ------------------------------------------------------------------ rules
    def compile_rules(self) -> None:
        heads = {r.head.predicate: len(r.head.terms) for r in self.corpus.rules}
        for r in self.corpus.rules:  # every body predicate must exist, even when nothing asserts it
            for lit in r.body:
                atom = lit.atom if isinstance(lit, ast.Negation) else lit
                if isinstance(atom, ast.Atom) and atom.predicate not in heads:
                    self._declare(atom.predicate, len(atom.terms))
        for i, r in enumerate(self.corpus.rules, start=1):
            basis = tuple(plain_value(v) for v in r.get("basis").values) if r.get("basis") else ()
            by = tuple(v.value for v in r.get("by").values) if r.get("by") else ()
            self.registry.rules.append(RuleEntry(f"r{i}", r, basis, by))
            self.registry.predicates.setdefault(r.head.predicate, len(r.head.terms))



# ------------------------------------------------------------------ the engine
def install(registry: Registry, predicates: frozenset[str] | None = None, rules: bool = True) -> None:
    """Load a registry into the active pyDatalog Logic(): dated views and facts (of `predicates` only,
    when given: a query needs only what it reads), and the rules unless `rules` is False."""
    from pyDatalog import pyEngine

    for predicate in registry.views:
        if predicates is None or predicate in predicates:
            _declare_view(predicate, registry.predicates[predicate])
    assert_, clause, literal, const = pyEngine.assert_, pyEngine.Clause, pyEngine.Literal, pyEngine.Term_of
    facts = registry.facts.values()
    if predicates is not None:
        facts = [f for f in facts if f.predicate in predicates]
    for f in facts:
        # What pyDatalog.assert_fact does, without building pyParser terms first.
        assert_(clause(literal(f.predicate + FACT_SUFFIX, [const(a) for a in (*f.args, f.id, f.start, f.end)]), []))
    if rules:
        for r in registry.rules:
            _install_rule(r.rule)


def _declare_view(predicate: str, arity: int) -> None:
    """The dated view p(args…, D) of p__f, so even a predicate without facts can be asked and negated."""
    from pyDatalog import pyDatalog

    args = [_term(f"A{i}__") for i in range(arity)]
    f, s, e, d = (_term(n) for n in ("F__", "S__", "E__", DATE_VAR))
    base = _term(predicate + FACT_SUFFIX)
    # An empty base must still exist for queries and negation: assert then retract a dummy.
    dummy = ("__dummy__",) * arity
    pyDatalog.assert_fact(predicate + FACT_SUFFIX, *dummy, "__dummy__", date.min, date.min)
    pyDatalog.retract_fact(predicate + FACT_SUFFIX, *dummy, "__dummy__", date.min, date.min)
    _term(predicate)(*args, d) <= base(*args, f, s, e) & (s <= d) & (d < e)


def _install_rule(r: ast.Rule) -> None:
    d = _term(DATE_VAR)

    def term(t):
        return _term(t.name) if isinstance(t, ast.Var) else t.value

    body = None
    for lit in number_anonymous(r.body):
        part = literal_clause(lit, term, d)
        body = part if body is None else body & part
    _term(r.head.predicate)(*[term(t) for t in r.head.terms], d) <= body


COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
               "!=": operator.ne}
"""The comparison operators of the language; on pyDatalog terms they build literals, on values they decide."""


def number_anonymous(body: tuple[ast.Literal, ...]) -> tuple[ast.Literal, ...]:
    """The body with each `_` renamed `__0`, `__1`… in reading order, so every occurrence is its own variable.

    One numbering shared by the compiled clause and KnowledgeBase.ask_body, so an explanation can
    read the value of each `_` back from a solution.
    """
    counter = iter(range(10_000))

    def rename(t: ast.Term) -> ast.Term:
        return replace(t, name=f"__{next(counter)}") if isinstance(t, ast.Var) and t.name == "_" else t

    def rename_atom(a: ast.Atom) -> ast.Atom:
        return replace(a, terms=tuple(rename(t) for t in a.terms))

    out: list[ast.Literal] = []
    for lit in body:
        if isinstance(lit, ast.Atom):
            out.append(rename_atom(lit))
        elif isinstance(lit, ast.Negation):
            out.append(replace(lit, atom=rename_atom(lit.atom)))
        else:
            left = rename(lit.left)
            out.append(replace(lit, left=left, right=rename(lit.right)))
    return tuple(out)


def literal_clause(lit: ast.Literal, term: Callable[[ast.Term], Any], day: Any) -> Any:
    """One body literal as pyDatalog objects: `p(args…, day)`, `~p(args…, day)`, or a comparison.

    `term` maps each term of the literal to a pyDatalog Term or a constant; `day` is the date
    variable of a compiled rule, or a date when a body is asked at that date (KnowledgeBase.ask_body).
    """
    if isinstance(lit, ast.Atom):
        return _term(lit.predicate)(*[term(t) for t in lit.terms], day)
    if isinstance(lit, ast.Negation):
        return ~_term(lit.atom.predicate)(*[term(t) for t in lit.atom.terms], day)
    return COMPARISONS[lit.op](term(lit.left), term(lit.right))
