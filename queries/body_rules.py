"""Other norms scripts need: quorum, majorities, composition, thresholds, shares, the table of seats.

    >>> norms_about(kb, "quorum du bureau de la CMAR", date(2022, 1, 1)).answers[0].fields["topic"]
    'quorum'
"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from . import recodified
from .answers import Response
from .norms import answer, common_fields, record_bases, select

QUESTION_WORDS = frozenset({"combien", "regle", "quel", "quelle"})


def norms_about(kb: KnowledgeBase, phrase: str, on: date) -> Response:
    resp = Response(f"Quelle règle : {phrase} ?", "norm", on, query={"about": phrase})
    for rec, match in select(kb, "norm", "statement", phrase, on, resp, ignore=QUESTION_WORDS):
        v = lambda name: kb.corpus.value(rec, name)  # noqa: E731
        values = v("value")
        fields = {**common_fields(kb, rec, match), "statement": v("statement"), "topic": v("topic"),
                  "body": v("body"), "value": values if isinstance(values, list) else
                  ([values] if values is not None else []), "unit": v("unit")}
        resp.answers.append(answer("norm", fields, record_bases(kb, rec), v("statement")))
    return recodified.mark(kb, resp)
