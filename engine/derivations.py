"""Why an atom holds at a date: its derivation tree, rebuilt from the registry and the engine.

pyDatalog keeps no proof trace, so the tree is rebuilt: a stored fact is a leaf with its basis;
a derived atom is explained by the first rule whose body holds for it (KnowledgeBase.ask_body,
solutions sorted), each positive body atom explained in turn, each negated literal and comparison
a leaf of its own. Recording (`explain`) and rendering (`render`) are separate.

    >>> tree = explain(kb, "approves", ("grille_des_emplois_cmar", "prefet_de_region", "express"), date(2022, 1, 1))
    >>> print(render(tree))  # doctest: +ELLIPSIS
    approves(grille_des_emplois_cmar, prefet_de_region, express) — règle rules/norms/derived.cma:9
      approval_approver(grille_des_emplois_cmar, prefet_de_region) — fait ...approvals.cma:... — CA art. 19, I bis, 4° [art. 2, 2° b)] — [2021-02-19, 2023-07-01)
      approval_mode(grille_des_emplois_cmar, express) — fait ...approvals.cma:... — CA art. 19, I bis, 4° [art. 2, 2° b)] — [2021-02-19, 2023-07-01)
      express != exempt — vrai
      express != avis — vrai
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import ast
from .compiler import FactEntry, RuleEntry, number_anonymous
from .kb import KnowledgeBase

KINDS = ("rule", "fact", "negation", "comparison", "record")
"""`record`: a fact with the facts that depend on it as children (a record and its fields; built by queries/)."""

# Facts compile_versions derives about a version (first argument: its id). Those the décret did not
# produce have no provision to cite; they then rest on the version's own basis (its article).
_VERSION_FACTS = frozenset({"produced_by", "successor"})


@dataclass(frozen=True)
class Derivation:
    """One node of a proof: what holds (`atom`, at `date`), from what, and the nodes it rests on.

    A `rule` node with no children is one the depth limit left unexpanded (a body is never empty).
    """

    kind: str  # one of KINDS
    atom: str  # "approves(budget_cmar, prefet_de_region, express)"; for a negation, the atom that is absent
    date: str  # ISO date the atom is asked at
    rule_origin: str | None = None  # "rules/norms/derived.cma:9"
    fact_id: str | None = None
    fact_origin: str | None = None  # "file:line", or "versions" for facts built from the article timelines
    basis: tuple[tuple[str, str], ...] = ()  # (text id, citation)
    by: tuple[str, ...] = ()  # provisions of the amending text
    valid: tuple[str | None, str | None] | None = None  # [start, end) of a fact; None: unknown start, open end
    children: tuple[Derivation, ...] = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown derivation kind {self.kind!r}; expected one of {', '.join(KINDS)}")

    def walk(self) -> Iterator[Derivation]:
        """This node, then every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (docs/json.md, `why`)."""
        return {
            "kind": self.kind, "atom": self.atom, "date": self.date, "rule_origin": self.rule_origin,
            "fact_id": self.fact_id, "fact_origin": self.fact_origin,
            "basis": [{"text_id": t, "citation": c} for t, c in self.basis], "by": list(self.by),
            "valid": None if self.valid is None else {"from": self.valid[0], "to": self.valid[1]},
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Derivation:
        """The inverse of to_dict, so a tree stored in an answer's fields can be rendered."""
        valid = d.get("valid")
        return cls(d["kind"], d["atom"], d["date"], d.get("rule_origin"), d.get("fact_id"), d.get("fact_origin"),
                   tuple((b["text_id"], b["citation"]) for b in d.get("basis", ())), tuple(d.get("by", ())),
                   None if valid is None else (valid["from"], valid["to"]),
                   tuple(cls.from_dict(c) for c in d.get("children", ())))


# ------------------------------------------------------------------ recording
def explain(kb: KnowledgeBase, predicate: str, args: tuple, on: date, depth_limit: int = 8) -> Derivation | None:
    """The derivation of predicate(args…) at `on`, or None when it does not hold then.

    An argument None matches any value; the tree shows the value found. Rule nodes deeper than
    `depth_limit` are kept without their children.
    """
    kb.check_query(predicate, tuple(args), on)
    return _explain(kb, predicate, tuple(args), on, depth_limit, frozenset())


def fact_node(kb: KnowledgeBase, entry: FactEntry, on: date, kind: str = "fact",
              children: tuple[Derivation, ...] = ()) -> Derivation:
    """The node of one stored fact (kind `record` when queries/ hang its fields under it)."""
    return Derivation(kind, atom_text(entry.predicate, entry.args), on.isoformat(), fact_id=entry.id,
                      fact_origin=entry.origin, basis=_fact_basis(kb, entry), by=entry.by,
                      valid=(_iso(entry.start), _iso(entry.end)), children=children)


def atom_text(predicate: str, args: tuple) -> str:
    """`p(a, b)`: values as written in rules files, dates in ISO, `_` for an unknown."""
    return f"{predicate}({', '.join(_show(a) for a in args)})"


def _explain(kb: KnowledgeBase, predicate: str, args: tuple, on: date, depth: int,
             ancestors: frozenset[tuple[str, tuple]]) -> Derivation | None:
    facts = [f for f in kb.registry.facts_of(predicate, on=on) if _matches(f.args, args)]
    if facts:  # a stored fact is the shortest proof
        return fact_node(kb, facts[0], on)
    for entry in kb.registry.rules:
        head = entry.rule.head
        if head.predicate != predicate or len(head.terms) != len(args):
            continue
        bindings = _unify(head, args)
        if bindings is None:
            continue
        body = number_anonymous(entry.rule.body)
        for solution in kb.ask_body(entry.rule, bindings, on):
            atom = (predicate, tuple(_instance(t, solution) for t in head.terms))
            if depth <= 0:
                return _rule_node(entry, atom, on, ())
            children = _body_nodes(kb, body, solution, on, depth - 1, ancestors | {atom})
            if children is not None:
                return _rule_node(entry, atom, on, children)
    return None


def _body_nodes(kb: KnowledgeBase, body: tuple[ast.Literal, ...], solution: dict[str, Any], on: date, depth: int,
                ancestors: frozenset[tuple[str, tuple]]) -> tuple[Derivation, ...] | None:
    """One node per literal of an instantiated body; None when an atom can only be proved through itself."""
    nodes = []
    day = on.isoformat()
    for lit in body:
        if isinstance(lit, ast.Atom):
            args = tuple(_instance(t, solution) for t in lit.terms)
            # A proof that needs the atom it proves is no proof (recursive rules): try the next solution.
            if (lit.predicate, args) in ancestors:
                return None
            node = _explain(kb, lit.predicate, args, on, depth, ancestors)
            if node is None:
                return None
        elif isinstance(lit, ast.Negation):
            node = Derivation("negation", atom_text(lit.atom.predicate,
                                                    tuple(_instance(t, solution) for t in lit.atom.terms)), day)
        else:
            left, right = _instance(lit.left, solution), _instance(lit.right, solution)
            node = Derivation("comparison", f"{_show(left)} {lit.op} {_show(right)}", day)
        nodes.append(node)
    return tuple(nodes)


def _rule_node(entry: RuleEntry, atom: tuple[str, tuple], on: date, children: tuple[Derivation, ...]) -> Derivation:
    return Derivation("rule", atom_text(*atom), on.isoformat(), rule_origin=entry.origin, basis=entry.basis,
                      by=entry.by, children=children)


def _unify(head: ast.Atom, args: tuple) -> dict[str, Any] | None:
    bindings: dict[str, Any] = {}
    for t, a in zip(head.terms, args):
        if a is None:
            continue
        if isinstance(t, ast.Const):
            if t.value != a:
                return None
        elif t.name != "_":
            if t.name in bindings and bindings[t.name] != a:
                return None
            bindings[t.name] = a
    return bindings


def _instance(t: ast.Term, solution: dict[str, Any]) -> Any:
    # A `_` inside a negation is never bound: it stays unknown (None).
    return t.value if isinstance(t, ast.Const) else solution.get(t.name)


def _matches(fact_args: tuple, args: tuple) -> bool:
    return all(a is None or a == b for a, b in zip(args, fact_args))


def _fact_basis(kb: KnowledgeBase, entry: FactEntry) -> tuple[tuple[str, str], ...]:
    """The fact's basis; for facts the compiler derives from provisions and versions, which carry none,
    the provision of the amending text that made them (`by`), else the basis of their version."""
    if entry.basis:
        return entry.basis
    if entry.by and kb.corpus.provisions:
        amending = kb.corpus.amending_text().id
        return tuple((amending, label) for label in entry.by)
    if entry.predicate in _VERSION_FACTS:
        version = next((f for f in kb.registry.facts_of("version") if f.args[2] == entry.args[0]), None)
        return version.basis if version else ()
    return ()


def _iso(day: date) -> str | None:
    return None if day in (date.min, date.max, ast.OPEN_END) else day.isoformat()


def _show(value: Any) -> str:
    if value is None:
        return "_"
    return value.isoformat() if isinstance(value, date) else str(value)


# ------------------------------------------------------------------ rendering
def render(tree: Derivation, indent: str = "  ", cite=None) -> str:
    """The tree as indented text, one node a line: the atom, where it comes from, its basis and validity.

    `cite(text_id, citation)` writes a basis; by default as stored ("CA art. 19, II bis, 3°"), since the
    engine does not know the texts' designations: queries/ passes the citations cite.py writes.
    """
    return "\n".join(_lines(tree, indent, 0, cite or (lambda t, c: f"{t} {c}".strip())))


def _lines(node: Derivation, indent: str, level: int, cite) -> Iterator[str]:
    yield indent * level + " — ".join(_describe(node, cite))
    for child in node.children:
        yield from _lines(child, indent, level + 1, cite)


def _describe(node: Derivation, cite) -> list[str]:
    if node.kind == "negation":
        return [f"non {node.atom}", f"aucun fait au {node.date}"]
    if node.kind == "comparison":
        return [node.atom, "vrai"]
    parts = [node.atom]
    if node.kind == "rule":
        parts.append(f"règle {node.rule_origin}" + ("" if node.children else " (non développée)"))
    else:
        parts.append(f"{'fiche' if node.kind == 'record' else 'fait'} {node.fact_origin}")
    cited = {c for _, c in node.basis}
    by = [label for label in node.by if label not in cited]  # a provision cited as the basis is not repeated
    cites = "; ".join(cite(t, c) for t, c in node.basis)
    provisions = f"[{'; '.join(by)}]" if by else ""
    if cites or provisions:
        parts.append(" ".join(x for x in (cites, provisions) if x))
    if node.valid is not None and node.valid != (None, None):  # (None, None): always, as texts and articles
        start, end = node.valid
        parts.append(f"[{start or '…'}, {end or '…'})")
    return parts
