"""Why each answer holds: the derivation tree of an Answer, chosen by its kind (engine/derivations.py builds it).

- approval: the Datalog rule that derived it, as queries/approvals.py asked it (`approves`,
  `gives_avis` or `exempt_from_approval`); the record itself when no rule derived it;
- deadline, norm: the record, its facts (one per field) as children;
- version: the version fact, with the `worded_by` / `repealed_by` derivations of the provisions
  that produced it (else its `produced_by` facts) and its `successor`; not yet in force: the
  absence of any version at the date;
- change: the provision, with the `operation` facts it applied to the article or text; per text,
  the article with one such provision node per provision.

    >>> from queries.approvals import who_approves
    >>> resp = attach_explanations(kb, who_approves(kb, "grille des emplois", date(2022, 1, 1)))
    >>> resp.answers[0].fields["why"]["rule_origin"]
    'rules/norms/derived.cma:9'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

from engine.compiler import FactEntry
from engine.derivations import Derivation, atom_text, explain, fact_node
from engine.graph import edge_type
from engine.kb import KnowledgeBase

from .cite import short_citation
from engine.corpus import ResolvedTarget

from .answers import Answer, Response
from .recodified import explained_on

# Fields of a record that are not norms: search labels, and its basis and provision, which the
# record node already carries.
_NOT_NORMS = frozenset({"labels", "basis", "by"})

# The rule of rules/norms/derived.cma that says why an article has a status, from the provision that produced it.
_STATUS_RULES = {"in_force": "worded_by", "repealed": "repealed_by"}


def explain_answer(kb: KnowledgeBase, answer: Answer, on: date) -> Derivation | None:
    """The derivation of one answer at `on`; None when nothing in the engine holds it (an unknown status)."""
    handler = _HANDLERS.get(answer.kind)
    return handler(kb, answer, on) if handler else None


def attach_explanations(kb: KnowledgeBase, response: Response) -> Response:
    """Put each answer's tree in its fields as `why` (JSON form; None when there is none)."""
    for a in response.answers:
        tree = explain_answer(kb, a, explained_on(a, response.on))  # an ended rule: on its last day
        a.fields["why"] = _with_short_citations(kb, tree.to_dict()) if tree else None  # fields is mutable
    return response


def _with_short_citations(kb: KnowledgeBase, node: dict) -> dict:
    """Each basis of the tree also as cite.py writes it (« C. artisanat, art. 19, II bis, 3° »): the
    engine stores (text id, citation) and knows no text's designation."""
    for b in node.get("basis", ()):
        if b.get("text_id") in kb.corpus.texts:
            b["short"] = short_citation(kb.corpus, b["text_id"], b["citation"])
    for child in node.get("children", ()):
        _with_short_citations(kb, child)
    return node


def record_tree(kb: KnowledgeBase, kind: str, record_id: str, on: date) -> Derivation | None:
    """A record at `on`: the fact `kind(id)`, with the facts of its fields as children, in source order."""
    heads = kb.registry.facts_of(kind, (record_id,), on)
    if not heads:
        return None
    prefix = f"{kind}_"
    fields = [f for f in kb.registry.facts.values()  # insertion order: the order of the fields in the file
              if f.record == (kind, record_id) and f.predicate.startswith(prefix)
              and f.predicate[len(prefix):] not in _NOT_NORMS and f.start <= on < f.end]
    return fact_node(kb, heads[0], on, "record", tuple(fact_node(kb, f, on) for f in fields))


# ------------------------------------------------------------------ by kind
def _approval(kb: KnowledgeBase, answer: Answer, on: date) -> Derivation | None:
    f = answer.fields
    # derived_by is "approves (rules/norms/derived.cma:9)": the predicate _engine_answer found the answer with.
    predicate = (f.get("derived_by") or "").split(" ", 1)[0]
    args = {"approves": (f["id"], f["approver"], f["mode"]), "gives_avis": (f["id"], f["approver"]),
            "exempt_from_approval": (f["id"],)}.get(predicate)
    tree = explain(kb, predicate, args, on) if args and predicate in kb.registry.predicates else None
    return tree or record_tree(kb, "approval", f["id"], on)


def _record(kind: str) -> Callable[[KnowledgeBase, Answer, date], Derivation | None]:
    def handler(kb: KnowledgeBase, answer: Answer, on: date) -> Derivation | None:
        return record_tree(kb, kind, answer.fields["id"], on)

    return handler


def _version(kb: KnowledgeBase, answer: Answer, on: date) -> Derivation | None:
    info = answer.fields["version"]
    article = info.article or ""
    if info.version_id is None:
        if info.status == "not_yet_in_force":  # nothing holds yet: say so, as a negation would
            return Derivation("negation", atom_text("version", (info.text_id, article, None, None)), on.isoformat())
        return None  # unknown: past our sources, the engine has nothing to say
    fact = next((f for f in kb.registry.facts_of("version", (info.text_id, article, info.version_id, info.status))),
                None)
    if fact is None:
        return None
    # A history lists versions that no longer hold: explain each at a date it held (its first, or for a
    # version older than the décret, whose start is unknown, its last).
    day = on if fact.start <= on < fact.end else fact.start if fact.start != date.min else \
        fact.end - timedelta(days=1)
    rule = _STATUS_RULES.get(info.status)
    children: list[Derivation] = []
    for produced in _facts_about(kb, "produced_by", info.version_id, day):
        derived = explain(kb, rule, (info.text_id, article, produced.args[1]), day) \
            if rule and rule in kb.registry.predicates else None
        children.append(derived or fact_node(kb, produced, day))
    children += [fact_node(kb, s, day) for s in _facts_about(kb, "successor", info.version_id, day)]
    return fact_node(kb, fact, day, "record", tuple(children))


def _facts_about(kb: KnowledgeBase, predicate: str, first: str, day: date) -> list[FactEntry]:
    return [f for f in kb.registry.facts_of(predicate, on=day) if f.args[0] == first]


def _change(kb: KnowledgeBase, answer: Answer, on: date) -> Derivation | None:
    f = answer.fields
    day = max(on, date.fromisoformat(f["date"])) if f.get("date") else on
    text_id, article = f["text_id"], f.get("article")
    if "provisions" not in f:  # one provision: by provision (with its operation) or by article
        return _provision_tree(kb, f["provision"], text_id, article, day, operation=f.get("operation"))
    # Per text: the article (or the text, for a unit outside articles or the whole text) and its provisions.
    nodes = tuple(n for label in f["provisions"]
                  if (n := _provision_tree(kb, label, text_id, article, day, edge=f["type"])) is not None)
    owner = kb.registry.facts_of("article", (text_id, article)) if article else []
    owner = owner or _facts_about(kb, "text", text_id, day)
    return fact_node(kb, owner[0], day, "record", nodes) if owner else None


def _provision_tree(kb: KnowledgeBase, label: str, text_id: str, article: str | None, day: date, *,
                    operation: str | None = None, edge: str | None = None) -> Derivation | None:
    """The provision of the amending text, with the operation facts it applied to an article (or unit, or text)."""
    amending = kb.corpus.amending_text().id
    heads = kb.registry.facts_of("provision", (amending, label), day)
    if not heads:
        return None
    # A range (« art. 30 à 33 ») is one operation fact for several articles: keep each fact once.
    ops = dict.fromkeys(_operation_facts(kb, amending, label, text_id, article, day, operation, edge))
    return fact_node(kb, heads[0], day, "record", tuple(fact_node(kb, o, day) for o in ops))


def _operation_facts(kb: KnowledgeBase, amending: str, label: str, text_id: str, article: str | None, day: date,
                     operation: str | None, edge: str | None) -> Iterator[FactEntry]:
    prov = kb.corpus.provisions.get((amending, label))
    for op in prov.operations if prov else ():
        if operation is not None and op.kind != operation:
            continue
        for target in kb.corpus.targets.get(id(op), ()):
            if target.text_id != text_id:
                continue
            citation = target.citation.canonical if target.citation else ""
            for art, cit in _places(target):
                if art != article or (edge is not None and edge_type(op, cit, art) != edge):
                    continue
                yield from kb.registry.facts_of("operation", (label, op.kind, text_id, citation), day)


def _places(target: ResolvedTarget) -> list[tuple[str | None, str]]:
    """(article, citation) of each place a target names, as the amendment graph counts them:
    a range names each article whole, a unit outside articles names itself, no citation the whole text."""
    if target.citation is None:
        return [(None, "")]
    cit = target.citation.canonical
    if not target.articles:
        return [(cit, cit)]
    if target.citation.is_range:
        return [(a, f"art. {a}") for a in target.articles]
    return [(a, cit) for a in target.articles]


_HANDLERS: dict[str, Callable[[KnowledgeBase, Answer, date], Derivation | None]] = {
    "approval": _approval, "deadline": _record("deadline"), "norm": _record("norm"), "version": _version,
    "change": _change,
}

__all__ = ["attach_explanations", "explain_answer", "record_tree"]
