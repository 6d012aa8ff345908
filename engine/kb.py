"""KnowledgeBase: one corpus, its timelines and registry, asked at a date, answers sorted.

`KnowledgeBase.load(root)` reads the built file of the rules tree (engine/store.py) from the
per-user cache, building it first when the rules changed; its corpus, timelines and registry are
decoded lazily, and `ask` answers point lookups from the materialised rows (engine/index.py).
The pyDatalog engine is built only when a query needs it (`ask_body`, the reasons of `--why`, a
predicate not materialised). `KnowledgeBase(corpus)` builds everything in memory and asks the engine.

pyDatalog keeps its clauses in a per-thread Logic(); each KnowledgeBase owns one and
installs it around every query, under a lock, so two bases never see each other's facts.

    >>> kb = KnowledgeBase.load("rules")
    >>> kb.ask("version", "D66_137", "19", None, None, on=date(2022, 1, 1))
    [('D66_137', '19', 'D66_137:19@2021-02-19', 'in_force')]
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import ast
from .errors import QueryError
from .corpus import Corpus, nearest
from .registry import Registry

if TYPE_CHECKING:
    from .timelines import Timeline

# A base read from a built file answers from its rows: the compiler (and the timelines, the base texts it
# imports) is imported only to build a base in memory or to install the engine.

_LOCK = threading.RLock()


@contextmanager
def no_gc():
    """The cyclic garbage collector paused while a base is built or decoded: millions of new, acyclic
    objects would otherwise trigger full collections over everything built so far (≈ 30 % at 10^4)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # What was made meanwhile joins the oldest generation directly (freeze, then unfreeze): it is
            # collected with it, as usual, but the first allocation after enabling does not traverse every
            # object made meanwhile as the youngest generation (≈ 0.3 s after a build of 10^5 versions).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


class KnowledgeBase:
    def __init__(self, corpus: Corpus):
        from .compiler import Compiler

        self.corpus = corpus
        compiler = Compiler(corpus)
        self.registry: Registry = compiler.compile()
        self.timelines: Mapping[tuple[str, str | None], Timeline] = compiler.timelines
        self._store = None
        self._logic = None
        self._stages: dict[str, Any] = {}
        self._memo: dict[str, Any] = {}

    @property
    def consolidated(self) -> Mapping:
        """Every article's versions with their words (engine/consolidation.py): read from the built file
        per article, else computed once."""
        return self.stage("consolidated")

    @classmethod
    def load(cls, root: str | Path) -> "KnowledgeBase":
        """The knowledge base of a rules tree: from its built file in the cache when there is a cache
        (built now if the rules changed), else built in memory. A `.sqlite` file made by `cmakb build`
        is opened as it is."""
        from . import store

        path = Path(root)
        if path.is_file() and path.suffix in (".sqlite", ".db"):
            return cls.from_store(store.Store(path))
        built = store.cached(path) if path.exists() else None
        return cls.from_store(built) if built is not None else cls.load_uncached(path)

    @classmethod
    def load_uncached(cls, root: str | Path) -> "KnowledgeBase":
        from .loader import load_corpus

        with no_gc():
            return cls(load_corpus(root))

    @classmethod
    def from_store(cls, built) -> "KnowledgeBase":
        """A knowledge base read lazily from a built file (engine.store.Store)."""
        from .store import LazyMapping

        kb = cls.__new__(cls)
        kb._store = built
        kb._logic = None
        kb._stages = {}
        kb._memo = {}
        kb.corpus = StoredCorpus(built)
        kb.registry = StoredRegistry(built)
        kb.timelines = LazyMapping(built.timeline_keys, built.timeline)
        return kb

    def memo(self, name: str, compute):
        """A table derived from this base once and kept with it (label tokens, folded text names…):
        `kb.memo("label_tokens", lambda: …)`. Per base, so nothing leaks from one to another."""
        try:
            return self._memo[name]
        except KeyError:
            value = self._memo[name] = compute()
            return value

    def stage(self, name: str) -> Mapping:
        """The output of a stage registered in engine.store.STAGES: stored when built, else computed once."""
        from .store import STAGES, LazyMapping

        if name not in self._stages:
            if self._store is not None and name in self._store.stages():
                self._stages[name] = LazyMapping(lambda: self._store.stage_keys(name),
                                                 lambda key: self._store.stage_item(name, key))
            else:
                self._stages[name] = STAGES[name](self)
        return self._stages[name]

    @contextmanager
    def _active(self, reads: set[str] | None = None):
        """This base's engine, installed in the thread; built on first need, with the views and facts
        of the predicates a query `reads` (and what the rules they call read), added as queries come."""
        from pyDatalog import Logic

        from .compiler import install
        from .index import dependencies

        with _LOCK:
            if self._logic is None:
                Logic()
                install(self.registry, predicates=frozenset())  # the rules; no fact yet
                self._installed: set[str] = set()
            else:
                Logic(self._logic)
            if reads is None:
                needed = set(self.registry.views)
            else:
                deps = self.memo("dependencies", lambda: dependencies(self.registry))
                views = set(self.registry.views)
                needed = {p for p in reads if p in views}.union(*(deps.get(p, ()) for p in reads))
            missing = needed - self._installed
            if missing:
                install(self.registry, predicates=frozenset(missing), rules=False)
                self._installed |= missing
            try:
                yield
            finally:
                self._logic = Logic(True)

    def ask(self, predicate: str, *args, on: date) -> list[tuple]:
        """Answers to predicate(args…) at date `on`; None marks an unknown. Sorted, so stable.

        Returns full tuples of the predicate's arguments (without the date).
        """
        self.check_query(predicate, args, on)
        if self._store is not None:
            rows = self._store.rows(predicate, args)
            if rows is not None and on != date.max:
                from .index import select

                return select(rows, args, on)
        return self.engine_ask(predicate, args, on)

    def index_rows(self, predicate: str, *args) -> list | None:
        """The stored rows (args, start, end) `ask` selects from for these arguments (filtered on the first two
        string ones), for a caller that bisects them at each date itself; None where only the engine answers
        (a base built in memory, a predicate not materialised)."""
        self.check_query(predicate, args, date.min)
        return self._store.rows(predicate, args) if self._store is not None else None

    def engine_ask(self, predicate: str, args: tuple, on: date) -> list[tuple]:
        """What pyDatalog answers to predicate(args…) at `on` (the reference the index is checked against)."""
        from pyDatalog import pyParser

        terms = [pyParser.Term(f"Q{i}__") if a is None else a for i, a in enumerate(args)]
        with self._active({predicate}):
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
            >>> kb.ask_body(rule, {"Act": "grille_des_emplois_cmar"}, date(2022, 1, 1))
            [{'Act': 'grille_des_emplois_cmar', 'Who': 'prefet_de_region', 'Mode': 'express'}]
        """
        if not isinstance(on, date):
            raise QueryError(f"date de la requête invalide : {on!r} ; attendu : une date (datetime.date), "
                             "par ex. date(2022, 1, 31)")
        from pyDatalog import pyParser

        from .compiler import COMPARISONS, literal_clause, number_anonymous

        body = number_anonymous(rule.body)

        def bound(t: ast.Term) -> bool:
            return isinstance(t, ast.Const) or t.name in bindings

        def value(t: ast.Term) -> Any:
            return t.value if isinstance(t, ast.Const) else bindings[t.name]

        def term(t: ast.Term) -> Any:
            return value(t) if bound(t) else pyParser.Term(t.name)

        reads = {(lit.atom if isinstance(lit, ast.Negation) else lit).predicate for lit in body
                 if not isinstance(lit, ast.Comparison)}
        with self._active(reads):  # terms and literals register their predicates in the active Logic
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
            raise QueryError(f"prédicat inconnu : {predicate!r}", nearest(predicate, self.registry.predicates))
        if len(args) != arity:
            raise QueryError(f"{predicate} : {len(args)} argument(s) donné(s) ; attendu : {arity}")
        if not isinstance(on, date):
            raise QueryError(f"date de la requête invalide : {on!r} ; attendu : une date (datetime.date), "
                             "par ex. date(2022, 1, 31)")

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


class _Stored:
    """A field read from the built file on first access, then kept in the instance (which takes precedence)."""

    def __init__(self, name: str, load):
        self.name, self.load = name, load

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.load(obj, self.name)
        return value


def _stored_fields(cls, load):
    for f in dataclasses.fields(cls):
        setattr(cls, f.name, _Stored(f.name, load))
    return cls


def _corpus_field(corpus, name: str):
    built = corpus.__dict__["_store"]
    if name == "targets":  # stored by (provision, operation index): id() keys of these very objects
        provisions = dict(corpus.provisions.items())  # all at once (one query), then by key
        return {id(provisions[tuple(key)].operations[i]): targets for key, i, targets in built.part("corpus.targets")}
    return built.part(f"corpus.{name}")


class StoredCorpus(Corpus):
    """A Corpus whose fields are decoded from a built file the first time each is read."""

    def __init__(self, built):  # the fields come later, one by one
        self.__dict__["_store"] = built

    def records_of(self, kind: str) -> list[ast.Record]:
        # The records of one kind, decoded alone when the records are stored one per row.
        records = self.records
        if not hasattr(records, "group"):
            return super().records_of(kind)
        return sorted((r for _, r in records.group(kind)), key=lambda r: r.id)

    def amending_text(self):
        # Asked by every answer's basis: read its id rather than decode every provision to find it.
        if "provisions" in self.__dict__:
            return super().amending_text()
        if "_amending_id" not in self.__dict__:
            self.__dict__["_amending_id"] = self.__dict__["_store"].part("corpus.amending_text")
        return self.texts[self.__dict__["_amending_id"]]


class StoredRegistry(Registry):
    """A Registry whose fields are decoded from a built file the first time each is read."""

    def __init__(self, built):
        self.__dict__["_store"] = built

    def rule_origins(self) -> dict[str, str]:
        # Asked by every approval answer: the file is asked once whether it stores the table, not each time.
        origins = self.__dict__.get("_origins")
        if origins is None:
            built = self.__dict__["_store"]
            origins = self.__dict__["_origins"] = (built.part("registry.rule_origins")
                                                   if built.has_part("registry.rule_origins")
                                                   else super().rule_origins())
        return origins


_stored_fields(StoredCorpus, _corpus_field)
_stored_fields(StoredRegistry, lambda registry, name: registry.__dict__["_store"].part(f"registry.{name}"))

__all__ = ["KnowledgeBase"]
