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
from .matching import best_matches, content_free
from .norms import MIN_SCORE, record_labels
from .resolve import fold, resolve_text
from .versions import version_at

# Cue patterns per kind, with a weight: a question about a length of time is a deadline question even
# when it names an approval (« combien de jours a le préfet pour s'opposer ? »).
CUES: dict[str, list[tuple[str, int]]] = {
    "approval": [(r"\bqui (?:approuve|autorise|valide|fixe|decide|nomme|designe|arrete|donne son (?:accord|avis))", 2),
                 (r"\bqui peut (?:autoriser|approuver|s opposer|valider)", 2),
                 (r"\bapprobation\b", 1), (r"\bapprouv", 1), (r"\bautoris", 1), (r"\baccord\b", 1), (r"\bavis\b", 1),
                 (r"\bopposition\b", 1), (r"\bs oppos", 1), (r"\btacite", 1), (r"\bexpresse", 1)],
    "deadline": [(r"\bdelai", 2), (r"\bquand\b", 2), (r"\bdate limite", 2), (r"\bau plus tard", 2),
                 (r"\bavant quelle date", 2), (r"\becheance", 2), (r"\bcombien de (?:temps|jours?|mois|semaines?|ans?)", 3),
                 (r"\ben combien de", 3), (r"\bpendant combien", 3), (r"\bperiodicite", 2), (r"\bfrequence", 2),
                 (r"\btous les\b", 1), (r"\bcombien de fois", 2), (r"\bse reunit", 1), (r"\bjusqu a quand", 2),
                 (r"\bdans quel", 2), (r"\bdans les \w+ jours", 2)],
    "version": [(r"\bversion\b", 2), (r"\ben vigueur\b", 2), (r"\babrog", 2), (r"\bredaction\b", 1),
                (r"\bhistorique\b", 2), (r"\brenumerot", 2), (r"\bcodifi", 2), (r"\bdevenu\b", 1)],
    "norm": [(r"\bquorum\b", 2), (r"\bmajorite\b", 2), (r"\bcomposition\b", 2), (r"\bcompose", 2),
             (r"\bcombien de (?:membres|candidats|sieges|elus)", 3), (r"\bseuil\b", 1), (r"\bvoix\b", 1),
             (r"\bcandidat", 1), (r"\bsieges\b", 1), (r"\bpart\b", 1), (r"\bprime\b", 1), (r"\belus?\b", 1),
             (r"\bmembres?\b", 1), (r"\bdepartage", 2), (r"\bpreponderant", 2)],
}

KIND_FIELD = {"approval": "act", "deadline": "obligation", "norm": "statement"}
KIND_IGNORE = {"approval": APPROVAL_WORDS, "deadline": DEADLINE_WORDS, "norm": frozenset()}


def intent_scores(question: str) -> dict[str, int]:
    q = " " + fold(question) + " "
    return {kind: sum(weight for cue, weight in cues if re.search(cue, q)) for kind, cues in CUES.items()}


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
    if content_free(question):
        raise QueryError(f"question vide ou sans contenu : « {question.strip()} »; posez une question sur le "
                         "décret, par exemple « Qui approuve le budget d'une CMAR ? »")
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
