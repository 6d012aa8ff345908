"""Route a question asked in French to the right query and act, deterministically.

The question's kind is read from cue words (« qui approuve », « dans quel délai », « en vigueur »,
« quorum » …); the act, obligation or norm is matched against the labels declared in rules/.
When the kind is unclear, every kind is tried and the best-scoring match wins; when the best
match is weak, the candidates are shown with their scores instead of a guess.

    >>> ask(kb, "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?",
    ...     date(2022, 1, 1)).answers[0].fields["approver"]
    'prefet_de_region'
"""

from __future__ import annotations

import re
from datetime import date

from engine.errors import QueryError
from engine.kb import KnowledgeBase

from .answers import Response
from .approvals import QUESTION_WORDS as APPROVAL_WORDS
from .approvals import who_approves
from .bodies import norms_about
from .deadlines import QUESTION_WORDS as DEADLINE_WORDS
from .deadlines import deadlines
from .matching import best_matches
from .norms import MIN_SCORE, record_labels
from .resolve import fold, resolve_text
from .versions import version_at

CUES = {
    "approval": [r"\bqui (?:approuve|autorise|valide|donne son (?:accord|avis))", r"\bapprobation\b",
                 r"\bapprouv", r"\bautoris", r"\baccord\b", r"\bavis\b", r"\bopposition\b", r"\bs oppos",
                 r"\btacite", r"\bexpresse"],
    "deadline": [r"\bdelai", r"\bquand\b", r"\bdate limite", r"\bau plus tard", r"\bavant quelle date",
                 r"\becheance", r"\bcombien de temps", r"\bperiodicite", r"\bfrequence", r"\btous les\b",
                 r"\bcombien de fois", r"\bse reunit", r"\bjusqu a quand", r"\bdans quel"],
    "version": [r"\bversion\b", r"\ben vigueur\b", r"\babrog", r"\bredaction\b", r"\bhistorique\b",
                r"\brenumerot", r"\bcodifi", r"\bdevenu\b"],
    "norm": [r"\bquorum\b", r"\bmajorite\b", r"\bcomposition\b", r"\bcompose", r"\bcombien de membres",
             r"\bseuil\b", r"\bvoix\b", r"\bcandidat", r"\bsiege", r"\bpart\b", r"\bprime\b", r"\belus?\b",
             r"\bmembres?\b"],
}

KIND_FIELD = {"approval": "act", "deadline": "obligation", "norm": "statement"}
KIND_IGNORE = {"approval": APPROVAL_WORDS, "deadline": DEADLINE_WORDS, "norm": frozenset()}


def intent_scores(question: str) -> dict[str, int]:
    q = " " + fold(question) + " "
    return {kind: sum(1 for cue in cues if re.search(cue, q)) for kind, cues in CUES.items()}


def _article_in(question: str) -> str | None:
    m = re.search(r"\b(?:article|art\.?)\s+((?:[RDL]\.?\s*)?\d+(?:er)?(?:-\d+)*(?:\s+(?:bis|ter|quater))?)",
                  question, flags=re.I)
    return m.group(1) if m else None


def route(kb: KnowledgeBase, question: str) -> tuple[str, list]:
    """The kind to ask, and the scored candidates per kind when the cues leave a doubt."""
    scores = intent_scores(question)
    article = _article_in(question)
    if scores["version"] and article:
        return "version", []
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked[0][1] > 0 and ranked[0][1] > ranked[1][1] and ranked[0][0] != "version":
        return ranked[0][0], []
    # No clear cue: the kind whose labels match best.
    best = []
    for kind, field in KIND_FIELD.items():
        for m in best_matches(question, record_labels(kb, kind, field), limit=3, ignore=KIND_IGNORE[kind]):
            best.append((m.score + 0.05 * scores[kind], kind, m))
    best.sort(key=lambda x: (-x[0], x[1], x[2].id))
    if article and not best:
        return "version", []
    return (best[0][1] if best else "approval"), best[:5]


def ask(kb: KnowledgeBase, question: str, on: date, from_date: date | None = None) -> Response:
    kind, candidates = route(kb, question)
    if kind == "version":
        article = _article_in(question)
        try:
            text_id = resolve_text(kb.corpus, question)
        except QueryError as exc:
            raise QueryError(f"which text? {exc.message}", exc.suggestions) from None
        resp = version_at(kb, text_id, article, on)
    elif kind == "approval":
        resp = who_approves(kb, question, on)
    elif kind == "deadline":
        resp = deadlines(kb, question, on, from_date)
    else:
        resp = norms_about(kb, question, on)
    resp.question = question
    resp.query = {"routed_to": kind, **resp.query}
    if candidates and candidates[0][0] < MIN_SCORE + 0.1:
        resp.query["route_candidates"] = [{"kind": k, "id": m.id, "score": round(s, 3), "label": m.label}
                                          for s, k, m in candidates]
    return resp
