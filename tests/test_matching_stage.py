"""The matching stage of the built file (queries/matching_stage.py) holds exactly what matching computes
from the records, and a file built by other code of the matcher is not read."""

from datetime import date

import pytest

from queries import matching, matching_stage, norms
from queries.approvals import who_approves


@pytest.mark.parametrize("kind,field", matching_stage.KINDS)
def test_stored_candidates_are_the_computed_ones(kb, memory_kb, kind, field):
    rows = matching_stage.stored(kb, "candidates", kind, field)
    assert rows is not None and len(rows) > 10
    stored = tuple(matching._stored_candidate(*row) for row in rows)
    assert stored == tuple(matching.compute_index(memory_kb, kind, field))
    assert matching.record_index(kb, kind, field) == matching.record_index(memory_kb, kind, field)
    budget = {c.id: c for c in stored}.get("budget_cmar")
    if kind == "approval":  # real content: the préfet de région's name is among what the record says
        assert "cmar" in budget.vocabulary and "prefet" in budget.content


@pytest.mark.parametrize("kind,field", matching_stage.KINDS)
def test_stored_basis_plans_are_the_computed_ones(kb, memory_kb, kind, field):
    plans = matching_stage.stored(kb, "bases", kind)
    records = memory_kb.corpus.records_of(kind)
    assert set(plans) == {r.id for r in records}
    for rec in records:
        assert tuple(tuple(step) for step in plans[rec.id]) == norms.basis_plan(memory_kb.corpus, rec)
        assert norms.record_bases(kb, kb.corpus.records[(kind, rec.id)]) == norms.record_bases(memory_kb, rec)


def test_budget_cmar_rests_on_the_base_text(kb):
    """The tacit approval of the budget rests on art. 28, II of the code in its words before the décret."""
    plan = dict(((t, c), (p, u)) for t, c, p, u in matching_stage.stored(kb, "bases", "approval")["budget_cmar"])
    assert any(t == "CA" and c.startswith("art. 28, II") and u and p is None for (t, c), (p, u) in plan.items())


def test_the_content_key_covers_the_matching_code(kb, monkeypatch):
    """The stage's name carries a hash of the queries code computing it: the key sees that code, and a
    file built by other code (another name) is not read."""
    from engine import store

    assert matching_stage.NAME in store.STAGES and matching_stage.NAME in kb._store.stages()
    key = store.code_version()
    monkeypatch.delitem(store.STAGES, matching_stage.NAME)
    monkeypatch.setitem(store.STAGES, "matching-0000000000000000", matching_stage.compute)
    assert store.code_version() != key
    monkeypatch.setattr(matching_stage, "NAME", "matching-0000000000000000")
    assert matching_stage.stored(kb, "candidates", "approval", "act") is None
    assert matching_stage.stored(kb, "bases", "approval") is None


def test_a_fresh_base_answers_the_same_from_the_stage(kb, memory_kb):
    on = date(2022, 1, 1)
    built = who_approves(kb, "budget de la CMAR", on).to_json(kb.corpus)
    assert built == who_approves(memory_kb, "budget de la CMAR", on).to_json(memory_kb.corpus)
    assert built["answers"][0]["approver"] == "prefet_de_region"
