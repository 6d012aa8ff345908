"""KnowledgeBase: one isolated pyDatalog engine per corpus, asked at a date, answers sorted.

pyDatalog keeps its clauses in a per-thread Logic(); each KnowledgeBase owns one and
installs it around every query, under a lock, so two bases never see each other's facts.

    >>> kb = KnowledgeBase.load("rules")
    >>> kb.ask("version", "D66_137", "19", None, None, on=date(2022, 1, 1))
    [('D66_137', '19', 'D66_137:19@2021-02-19', 'in_force')]
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date
from functools import reduce
from pathlib import Path
from typing import Any

from pyDatalog import Logic, pyParser

from . import ast
from .compiler import COMPARISONS, DATE_VAR, Compiler, Registry, literal_clause, number_anonymous
from .errors import QueryError
from .loader import Corpus, load_corpus, nearest
from .versions import Timeline

_LOCK = threading.RLock()


class KnowledgeBase:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        with _LOCK:
            Logic()  # a fresh, empty engine for this base
            compiler = Compiler(corpus)
            self.registry: Registry = compiler.compile()
            self.timelines: dict[tuple[str, str | None], Timeline] = compiler.timelines
            self._logic = Logic(True)

    @property
    def consolidated(self):
        """Every article's versions with their words (engine/consolidation.py), built on first use."""
        if getattr(self, "_consolidated", None) is None:
            from .consolidation import consolidate

            self._consolidated = consolidate(self.corpus, self.timelines)
        return self._consolidated

    @classmethod
    def load(cls, root: str | Path) -> "KnowledgeBase":
        return cls(load_corpus(root))

    @contextmanager
    def _active(self):
        with _LOCK:
            Logic(self._logic)
            try:
                yield
            finally:
                self._logic = Logic(True)

    def ask(self, predicate: str, *args, on: date) -> list[tuple]:
        """Answers to predicate(args…) at date `on`; None marks an unknown. Sorted, so stable.

        Returns full tuples of the predicate's arguments (without the date).
        """
        self.check_query(predicate, args, on)
        terms = [pyParser.Term(f"Q{i}__") if a is None else a for i, a in enumerate(args)]
        with self._active():
            result = pyParser.Term(predicate)(*terms, on).ask() or []
        variables = [i for i, a in enumerate(args) if a is None]
        rows = set()
        for row in result:
            full = list(args)
            for i, value in zip(variables, row):
                full[i] = value
            rows.add(tuple(full))
        return sorted(rows, key=lambda r: tuple(str(x) for x in r))

    def ask_body(self, rule: ast.Rule, bindings: Mapping[str, Any], on: date) -> list[dict[str, Any]]:
        """The instances of a rule's body that hold at `on`, some of its variables already bound.

        Each solution maps every variable of the body (the bindings included; each `_` under the
        name number_anonymous gives it) to its value; sorted, so the first is always the same.
        The conjunction is built by compiler.literal_clause, as the compiled rule is: never from text.

            >>> rule = next(r.rule for r in kb.registry.rules if r.rule.head.predicate == "approves")
            >>> kb.ask_body(rule, {"Act": "budget_cmar"}, date(2022, 1, 1))
            [{'Act': 'budget_cmar', 'Who': 'prefet_de_region', 'Mode': 'express'}]
        """
        if not isinstance(on, date):
            raise QueryError(f"a query date must be a date, not {on!r}")
        body = number_anonymous(rule.body)

        def bound(t: ast.Term) -> bool:
            return isinstance(t, ast.Const) or t.name in bindings

        def value(t: ast.Term) -> Any:
            return t.value if isinstance(t, ast.Const) else bindings[t.name]

        def term(t: ast.Term) -> Any:
            return value(t) if bound(t) else pyParser.Term(t.name)

        with self._active():  # terms and literals register their predicates in the active Logic
            parts = []
            for lit in body:
                if isinstance(lit, ast.Comparison) and bound(lit.left) and bound(lit.right):
                    # Both sides known: decide here; pyDatalog would only see a Python bool.
                    if not COMPARISONS[lit.op](value(lit.left), value(lit.right)):
                        return []
                    continue
                parts.append(literal_clause(lit, term, on))
            if not parts:
                return [dict(bindings)]
            query = reduce(lambda a, b: a & b, parts)
            # The columns of an answer follow the query's variables, in pyDatalog's own order.
            names = list(query._variables().keys())
            rows = query.ask()
        if rows is True:  # pyDatalog's answer to a query without variables that holds
            rows = [()]
        found = {tuple(row) for row in rows or ()}
        ordered = sorted(found, key=lambda row: tuple(str(x) for x in row))
        return [{**bindings, **dict(zip(names, row))} for row in ordered]

    def check_query(self, predicate: str, args: tuple, on: date) -> None:
        """A known predicate, the right number of arguments, a real date — else a QueryError that says which."""
        arity = self.registry.predicates.get(predicate)
        if arity is None:
            raise QueryError(f"unknown predicate {predicate!r}", nearest(predicate, self.registry.predicates))
        if len(args) != arity:
            raise QueryError(f"{predicate} takes {arity} argument(s), got {len(args)}")
        if not isinstance(on, date):
            raise QueryError(f"a query date must be a date, not {on!r}")

    def holds(self, predicate: str, *args, on: date) -> bool:
        return bool(self.ask(predicate, *args, on=on))

    def summary(self) -> dict[str, int]:
        versions = sum(len(tl.segments) for tl in self.timelines.values())
        operations = sum(len(p.operations) for p in self.corpus.provisions.values())
        articles = sum(len(t.articles) for t in self.corpus.texts.values())
        return {"files": len(self.corpus.files), "texts": len(self.corpus.texts), "articles": articles,
                "provisions": len(self.corpus.provisions), "operations": operations,
                "versions": versions, "records": len(self.corpus.records), "facts": len(self.registry.facts),
                "rules": len(self.registry.rules)}


__all__ = ["KnowledgeBase", "DATE_VAR"]
