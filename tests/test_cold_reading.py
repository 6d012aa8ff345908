"""What a cold answer reads of its built file: only what it cites (no rule decoded to cite one, no stage
module imported to answer an approval)."""

from datetime import date
from pathlib import Path

from engine.kb import KnowledgeBase
from queries.approvals import who_approves

RULES = Path(__file__).resolve().parent.parent / "rules"


def test_the_stored_rule_origins_are_the_rules_own(kb, memory_kb):
    assert kb.registry.rule_origins() == memory_kb.registry.rule_origins()
    assert kb.registry.rule_origins()["approves"] == "rules/norms/derived.cma:9"


def test_an_approval_is_answered_and_cited_without_decoding_the_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CMAKB_NO_CACHE", raising=False)
    KnowledgeBase.load(RULES)  # built once
    kb = KnowledgeBase.load(RULES)
    resp = who_approves(kb, "budget de la CMAR", date(2022, 1, 1))
    assert resp.answers[0].fields["approver"] == "prefet_de_region"
    assert "rules/norms/derived.cma:9" in resp.answers[0].fields["derived_by"]
    assert "rules" not in kb.registry.__dict__
