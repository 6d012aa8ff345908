"""Route a question asked in French to the right query and act, deterministically.

The family of the question is read from the cue table (queries/routing_cues.py): approval, deadline,
norm, version, history, changes, text, the listing of what is encoded, the entry into force of the
décret. The references it names (a text, an article, a provision of the décret) come from
queries/question_refs.py, its dates from queries/question_dates.py. For approvals, deadlines and norms
the act, obligation or norm is matched against the labels declared in rules/; an answer is given only
when the record covers what the question is about, otherwise « question non couverte par le décret ».

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
from .gated_patterns import Gated
from .matching import best_matches, content_free, record_index
from .norms import MIN_SCORE, NOT_COVERED
from .question_dates import dates_used, without_dates
from .question_refs import References, read_references
from .resolve import fold
from .routing_cues import APPROVAL_QUESTION_WORDS as APPROVAL_WORDS
from .routing_cues import DEADLINE_QUESTION_WORDS as DEADLINE_WORDS
from .routing_cues import FAMILIES, LIST_KINDS, NORMATIVE, STRUCTURAL

# Each family's module is imported when a question is routed to it: a cold approval question need not
# import the timelines (versions) nor the calendar of délais (dateutil).

# The cue patterns per family, weighted (the table is data: queries/routing_cues.py).
CUES: dict[str, list[tuple[str, int]]] = {f.name: list(f.cues) for f in FAMILIES}
NEEDS = {f.name: f.needs for f in FAMILIES}
ORDER = [f.name for f in FAMILIES]

KIND_FIELD = {"approval": "act", "deadline": "obligation", "norm": "statement"}
KIND_IGNORE = {"approval": APPROVAL_WORDS, "deadline": DEADLINE_WORDS, "norm": frozenset()}


# The same cues, compiled when a question may match them (queries/gated_patterns.py): a cold question
# compiled all 117 to find the few that match.
_GATED_CUES = {kind: tuple((Gated(cue), weight) for cue, weight in cues) for kind, cues in CUES.items()}


def intent_scores(question: str) -> dict[str, int]:
    q = " " + fold(question) + " "
    return {kind: sum(weight for cue, weight in cues if cue.search(q)) for kind, cues in _GATED_CUES.items()}


def _satisfied(family: str, refs: References, amending: str) -> bool:
    need = NEEDS[family]
    if need == "article":
        return refs.article is not None
    if need == "reference":
        return refs.article is not None or refs.provision is not None or (refs.text_id not in (None,))
    if need == "text":
        return refs.text_id is not None and refs.article is None
    return True


def route(kb: KnowledgeBase, question: str, refs: References | None = None) -> tuple[str, list]:
    """The family to ask, and the scored candidates per kind when the cues leave a doubt."""
    refs = refs or read_references(kb.corpus, question)
    amending = kb.corpus.amending_text().id
    scores = intent_scores(question)
    # A question about the texts (their versions, changes, wording) names one; its cues then win over the
    # normative families' (« quand », « délai » in « quand l'article 4 a-t-il été abrogé ? »).
    structural = [(scores[f], -ORDER.index(f), f) for f in STRUCTURAL if scores[f] > 0 and _satisfied(f, refs, amending)]
    if structural:
        best = max(structural)
        if best[0] >= 2 or (refs.article or refs.provision):
            return best[2], []
    if (refs.article or refs.provision) and not any(scores[k] for k in NORMATIVE):
        return ("changes" if refs.provision else "version"), []
    ranked = sorted(((scores[k], k) for k in NORMATIVE), key=lambda kv: -kv[0])
    if ranked[0][0] > 0 and ranked[0][0] > ranked[1][0]:
        return ranked[0][1], []
    # No clear cue: the kind whose labels match best.
    best_list = []
    for kind, field in KIND_FIELD.items():
        for m in best_matches(question, record_index(kb, kind, field), limit=3, ignore=KIND_IGNORE[kind]):
            best_list.append((m.score + 0.05 * scores[kind], kind, m))
    best_list.sort(key=lambda x: (-x[0], x[1], x[2].id))
    return (best_list[0][1] if best_list else "approval"), best_list[:5]


def _ambiguous_article(kb: KnowledgeBase, question: str, refs: References, family: str, on: date) -> Response:
    resp = Response(question, family, on, query={"article": refs.article, "texts": list(refs.ambiguous)})
    if refs.ambiguous:
        names = ", ".join(refs.ambiguous)
        resp.notes.append(f"question ambiguë : l'article {refs.article} existe dans plusieurs textes ({names}); "
                          f"précisez lequel (par exemple « article {refs.article} du décret 66-137 »)")
        resp.query["coverage"] = {"status": "ambiguous", "candidates": list(refs.ambiguous)}
    else:
        resp.notes.append(f"{NOT_COVERED} : aucun des textes que cmakb connaît n'a d'article {refs.article} "
                          "touché par le décret")
        resp.query["coverage"] = {"status": "not_covered"}
    return resp


def _changes(kb: KnowledgeBase, refs: References, on: date) -> Response:
    from .changes import changes_response

    if refs.provision:
        labels = sorted(lab for (t, lab) in kb.corpus.provisions if t == kb.corpus.amending_text().id)
        if refs.provision in labels:
            return changes_response(kb, None, refs.provision, None, on)[0]
        inside = [lab for lab in labels if lab.startswith(refs.provision + ",") or lab.startswith(refs.provision + " ")]
        if not inside:
            from engine.errors import UnknownNameError

            raise UnknownNameError(f"disposition inconnue du décret n° 2021-168 : « {refs.provision} »",
                             [lab for lab in labels if lab.split(",")[0] == refs.provision.split(",")[0]][:5])
        resp = Response(f"Qu'a modifié l'{refs.provision} du décret ?", "changes", on,
                        query={"provision": refs.provision, "provisions": inside})
        for label in inside:
            resp.answers.extend(changes_response(kb, None, label, None, on)[0].answers)
        return resp
    return changes_response(kb, refs.text_id, None, refs.article, on)[0]


def _text(kb: KnowledgeBase, refs: References, on: date) -> Response:
    from .article_versions import version_at

    resp = version_at(kb, refs.text_id, refs.article, on)
    # Hook for the consolidated text (issue #10): when `queries.text` exists, the lead routes here to it.
    resp.notes.append("texte de l'article : la version en vigueur à la date est donnée avec son texte quand nos "
                      "sources le contiennent, sinon avec les opérations qui l'ont produite (texte consolidé : "
                      "commande `cmakb text` à venir)")
    return resp


def _listing(kb: KnowledgeBase, question: str, refs: References, on: date) -> Response:
    from .listing import encoded

    q = " " + fold(question) + " "
    kinds = [k for pattern, k in LIST_KINDS.items() if re.search(pattern, q)]
    text = refs.text_id if refs.text_id != kb.corpus.amending_text().id else None
    return encoded(kb, kinds or list(NORMATIVE), on, text)


def ask(kb: KnowledgeBase, question: str, on: date | None = None, from_date: date | None = None) -> Response:
    """Answer a French question. `on` / `from_date` given explicitly win over the dates the question names;
    None means: read them from the question (without a date asked, the event's date, else today)."""
    if content_free(question) and max(intent_scores(question).values()) < 3:
        raise QueryError(f"question vide ou sans contenu : « {question.strip()} » ; posez une question sur le "
                         "décret, par exemple « Qui approuve le budget d'une CMAR ? »")
    refs = read_references(kb.corpus, question)
    kind, candidates = route(kb, question, refs)
    asked, event = dates_used(question, on, from_date, deadline=kind == "deadline")
    resp = _answer(kb, question, asked.value, event.value if event else None, refs, (kind, candidates))
    resp.query["date"] = asked.to_json()
    notes = [asked.note()]
    if event is not None:
        resp.query["event"] = event.to_json()
        notes.append(event.note("date de l'événement"))
    resp.notes[:0] = notes
    return resp


def _answer(kb: KnowledgeBase, question: str, on: date, from_date: date | None, refs: References,
            routed: tuple[str, list]) -> Response:
    kind, candidates = routed
    if kind in ("version", "history", "text", "changes") and refs.text_id is None and refs.article is not None:
        resp = _ambiguous_article(kb, question, refs, kind, on)
    elif kind == "version":
        from .article_versions import version_at

        resp = version_at(kb, refs.text_id, refs.article, on)
    elif kind == "history":
        from .article_versions import history

        resp = history(kb, refs.text_id, refs.article)
    elif kind == "text":
        resp = _text(kb, refs, on)
    elif kind == "changes":
        resp = _changes(kb, refs, on)
    elif kind == "entry_into_force":
        from .entry_into_force import entry_into_force

        resp = entry_into_force(kb, refs.text_id, on)
    elif kind == "list":
        resp = _listing(kb, question, refs, on)
    elif kind == "approval":
        from .approvals import who_approves

        resp = who_approves(kb, without_dates(question), on)
    elif kind == "deadline":
        from .deadlines import deadlines

        resp = deadlines(kb, without_dates(question), on, from_date)
    else:
        from .body_rules import norms_about

        resp = norms_about(kb, without_dates(question), on)
    resp.question = question
    resp.query = {"routed_to": kind, **resp.query}
    if candidates and candidates[0][0] < MIN_SCORE + 0.1:
        resp.query["route_candidates"] = [{"kind": k, "id": m.id, "score": round(s, 3), "label": m.label}
                                          for s, k, m in candidates]
    return resp
