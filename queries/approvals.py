"""Who approves X: approver, express or tacit approval, delay, conditions — with the legal basis.

    >>> who_approves(kb, "budget de la CMAR", date(2022, 1, 1)).answers[0].fields["approver"]
    'prefet_de_region'
"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from .answers import Response
from .norms import actor_name, answer, common_fields, record_bases, select

MODE_WORDS = {
    "express": "approbation expresse", "tacit": "approbation tacite",
    "deemed_approved": "réputé approuvé à défaut de décision contraire", "opposition": "droit d'opposition",
    "authorisation": "autorisation", "accord": "accord", "avis": "avis", "exempt": "non soumis à approbation",
}

# Words that say "approval" without naming the act: they must not decide the match.
QUESTION_WORDS = frozenset({"approuve", "approbation", "approuver", "autorise", "autorisation", "approuvee",
                            "valide", "valider"})


def who_approves(kb: KnowledgeBase, act: str, on: date) -> Response:
    resp = Response(f"Qui approuve : {act} ?", "approval", on, query={"act": act})
    for rec, match in select(kb, "approval", "act", act, on, resp, ignore=QUESTION_WORDS):
        v = lambda name: kb.corpus.value(rec, name)  # noqa: E731
        approver = v("approver")
        fields = {
            **common_fields(kb, rec, match),
            "act": v("act"),
            "approver": approver,
            "approver_name": actor_name(kb, approver),
            "mode": v("mode"),
            "mode_label": MODE_WORDS.get(v("mode"), v("mode")),
            "delay": str(v("delay")) if v("delay") else None,
            "delay_from": v("delay_from"),
            "suspension": v("suspension"),
            "condition": v("condition") or [],
            "proposer": v("proposer"),
            "subject": v("subject"),
        }
        delay = f", délai {fields['delay']}" if fields["delay"] else ""
        summary = f"{v('act')} : {fields['mode_label']} — {fields['approver_name']}{delay}"
        resp.answers.append(answer("approval", fields, record_bases(kb, rec), summary))
    return resp
