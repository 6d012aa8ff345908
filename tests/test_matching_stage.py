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


def test_the_content_key_covers_the_matching_code(kb, tmp_path, monkeypatch):
    """The queries code computing the stage is part of the key (engine.store.STAGE_CODE), and a file no key
    checked (opened directly) is read only under the code that computed it."""
    from engine import store
    from engine.kb import KnowledgeBase

    assert matching_stage.NAME in store.STAGES and matching_stage.NAME in kb._store.stages()
    assert store.STAGE_CODE[matching_stage.NAME] == matching_stage.SOURCES
    key = store.code_version()
    other = tmp_path / "matching.py"
    other.write_text("# other code\n", encoding="utf-8")
    with monkeypatch.context() as m:
        m.setitem(store.STAGE_CODE, matching_stage.NAME, (other,) + matching_stage.SOURCES[1:])
        assert store.code_version() != key
    direct = KnowledgeBase.load(kb._store.path)  # a .sqlite file is opened as it is: no key checked
    assert direct._store.verified is False
    assert matching_stage.stored(direct, "bases", "approval") is not None
    monkeypatch.setattr(matching_stage, "code_mark", lambda: "0000000000000000")
    built_by_other_code = KnowledgeBase.load(kb._store.path)
    assert matching_stage.stored(built_by_other_code, "candidates", "approval", "act") is None
    assert matching_stage.stored(built_by_other_code, "bases", "approval") is None


def test_a_fresh_base_answers_the_same_from_the_stage(kb, memory_kb):
    on = date(2022, 1, 1)
    built = who_approves(kb, "budget de la CMAR", on).to_json(kb.corpus)
    assert built == who_approves(memory_kb, "budget de la CMAR", on).to_json(memory_kb.corpus)
    assert built["answers"][0]["approver"] == "prefet_de_region"
