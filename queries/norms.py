"""Shared machinery for questions on normative records (approvals, deadlines, norms):
find the records a phrase names, keep those in force at the date (asked of the Datalog engine),
and turn each into an Answer with its basis.
"""

from __future__ import annotations

from datetime import date

from engine import ast
from engine.kb import KnowledgeBase
from engine.loader import plain_value

from .answers import Answer, Basis, Response, make_basis
from . import recodified
from .matching import Match, best_matches

MIN_SCORE = 0.34
"""Below this a match is a guess: shown as a candidate, not answered."""


def record_labels(kb: KnowledgeBase, kind: str, main_field: str) -> dict[str, list[str]]:
    out = {}
    for rec in kb.corpus.records_of(kind):
        labels = [kb.corpus.value(rec, main_field) or ""] + list(kb.corpus.value(rec, "labels") or [])
        out[rec.id] = [lab for lab in labels if lab]
    return out


def record_bases(kb: KnowledgeBase, rec: ast.Record) -> tuple[Basis, ...]:
    corpus = kb.corpus
    refs = corpus.value(rec, "basis") or []
    by = corpus.value(rec, "by") or []
    valid = plain_value(rec.get("valid").values[0]) if rec.get("valid") else None
    return tuple(make_basis(corpus, text_id, cit, _provision_for(corpus, by, text_id, cit), valid)
                 for text_id, cit in refs)


def _provision_for(corpus, by: list[str], text_id: str, citation: str) -> str | None:
    """Of the provisions a record names, the one whose operations wrote this basis: the one targeting the
    same unit, else the same article; the first otherwise (a record citing one provision)."""
    from engine.citation import parse_citation

    if len(by) <= 1:
        return by[0] if by else None
    wanted = parse_citation(citation)
    best, best_rank = by[0], 0
    amending = corpus.amending_text().id
    for label in by:
        prov = corpus.provisions.get((amending, label))
        for op in prov.operations if prov else ():
            for t in corpus.targets.get(id(op), ()):
                if t.text_id != text_id or t.citation is None:
                    continue
                rank = 2 if citation.startswith(t.citation.canonical) or t.citation.canonical.startswith(citation) \
                    else 1 if wanted.article in t.articles else 0
                if rank > best_rank:
                    best, best_rank = label, rank
    return best


def actor_name(kb: KnowledgeBase, actor_id: str | None) -> str | None:
    if actor_id is None:
        return None
    rec = kb.corpus.records.get(("actor", actor_id))
    return kb.corpus.value(rec, "name") if rec else actor_id


def in_force_ids(kb: KnowledgeBase, kind: str, on: date) -> set[str]:
    """Ids of the records of a kind that hold at `on`, as the engine answers it."""
    return {row[0] for row in kb.ask(kind, None, on=on)} if kind in kb.registry.predicates else set()


def select(kb: KnowledgeBase, kind: str, main_field: str, phrase: str, on: date, resp: Response,
           ignore: frozenset[str] = frozenset()) -> list[tuple[ast.Record, Match]]:
    """Records of `kind` the phrase names and that hold at `on`; notes explain what is left out."""
    matches = best_matches(phrase, record_labels(kb, kind, main_field), limit=12, ignore=ignore)
    if not matches:
        resp.notes.append(f"aucune règle de type {kind} ne correspond à « {phrase} »")
        return []
    top = matches[0].score
    if top < MIN_SCORE:
        resp.notes.append("correspondance incertaine; candidats : " +
                          "; ".join(f"{m.id} ({m.score:.2f}: « {m.label} »)" for m in matches[:5]))
        resp.query["candidates"] = [m.__dict__ for m in matches[:5]]
        return []
    chosen = [m for m in matches if m.score >= max(MIN_SCORE, top - 0.12)]
    resp.query["matched"] = [m.__dict__ for m in chosen]
    holding = in_force_ids(kb, kind, on)
    out = []
    for m in chosen:
        rec = kb.corpus.records[(kind, m.id)]
        if recodified.follow(kb, kind, rec, m, on, resp, out, holding):  # today's law (queries/recodified.py)
            continue
        if m.id in holding:
            out.append((rec, m))
            for text_id, _cit in kb.corpus.value(rec, "basis") or []:
                until = kb.corpus.texts[text_id].known_until
                if until and on >= until:
                    resp.notes.append(f"{m.id}: nos sources ne couvrent pas {text_id} après le "
                                      f"{until.isoformat()}; cette règle est donnée telle qu'encodée, "
                                      "son maintien en vigueur n'est pas vérifié")
        else:
            start, end = plain_value(rec.get("valid").values[0])
            when = (f"ne s'applique qu'à compter du {start.isoformat()}" if on < start
                    else f"a cessé de s'appliquer le {end.isoformat()}")
            resp.notes.append(f"{m.id} ({kb.corpus.value(rec, main_field)}) {when} "
                              f"(question posée au {on.isoformat()})")
    return out


def common_fields(kb: KnowledgeBase, rec: ast.Record, match: Match) -> dict:
    start, end = plain_value(rec.get("valid").values[0])
    return {"id": rec.id, "valid_from": start, "valid_to": end, "quote": kb.corpus.value(rec, "quote"),
            "note": kb.corpus.value(rec, "note"), "matched_label": match.label, "score": match.score}


def answer(kind: str, fields: dict, bases: tuple[Basis, ...], summary: str) -> Answer:
    return Answer(kind, fields, bases, summary)
