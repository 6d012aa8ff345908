"""Who approves X: approver, express or tacit approval, delay, conditions — with the legal basis.

    >>> who_approves(kb, "budget de la CMAR", date(2022, 1, 1)).answers[0].fields["approver"]
    'prefet_de_region'
"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from . import recodified
from .answers import Response
from .french import french_duration
from .routing_cues import APPROVAL_QUESTION_WORDS
from .norms import actor_name, answer, common_fields, record_bases, select

MODE_WORDS = {
    "express": "approbation expresse", "tacit": "approbation tacite",
    "deemed_approved": "réputé approuvé à défaut de décision contraire", "opposition": "droit d'opposition",
    "authorisation": "autorisation", "accord": "accord", "avis": "avis", "exempt": "non soumis à approbation",
    "decision": "décision",
}

QUESTION_WORDS = APPROVAL_QUESTION_WORDS  # words that say "approval" without naming the act


def _engine_answer(kb: KnowledgeBase, act_id: str, on: date) -> tuple[str, str, str] | None:
    """(approver, mode, rule) as the Datalog rules of rules/norms/derived.cma derive them at `on`."""
    for predicate in ("approves", "gives_avis", "exempt_from_approval"):
        if predicate not in kb.registry.predicates:
            continue
        rows = kb.ask(predicate, act_id, *([None] * (kb.registry.predicates[predicate] - 1)), on=on)
        if rows:
            row = rows[0]
            origin = kb.registry.rule_origins()[predicate]
            approver = row[1] if len(row) > 1 else kb.corpus.value(kb.corpus.records[("approval", act_id)], "approver")
            mode = row[2] if len(row) > 2 else ("avis" if predicate == "gives_avis" else "exempt")
            return approver, mode, f"{predicate} ({origin})"
    return None


def who_approves(kb: KnowledgeBase, act: str, on: date) -> Response:
    resp = Response(f"Qui approuve : {act} ?", "approval", on, query={"act": act})
    for rec, match in select(kb, "approval", "act", act, on, resp, ignore=QUESTION_WORDS):
        v = lambda name: kb.corpus.value(rec, name)  # noqa: E731
        approver, mode, rule = _engine_answer(kb, rec.id, on) or (v("approver"), v("mode"), None)
        fields = {
            **common_fields(kb, rec, match),
            "act": v("act"),
            "approver": approver,
            "approver_name": actor_name(kb, approver),
            "mode": mode,
            "mode_label": MODE_WORDS.get(mode, mode),
            "derived_by": rule,
            "delay": str(v("delay")) if v("delay") else None,
            "delay_from": v("delay_from"),
            "suspension": v("suspension"),
            "condition": v("condition") or [],
            "proposer": v("proposer"),
            "subject": v("subject"),
        }
        delay = f", délai de {french_duration(v('delay'))}" if fields["delay"] else ""
        summary = f"{v('act')} : {fields['mode_label']} — {fields['approver_name']}{delay}"
        resp.answers.append(answer("approval", fields, record_bases(kb, rec), summary))
    return recodified.mark(kb, resp)
