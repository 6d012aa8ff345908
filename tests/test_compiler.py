"""The compiler: facts, records and rules reach pyDatalog with their dates; negation and date
comparisons work; two knowledge bases never see each other's facts; answers are stable."""

from datetime import date

import pytest

from engine.compiler import Compiler
from engine.errors import QueryError
from engine.kb import KnowledgeBase
from engine.loader import load_corpus

TEXTS = '''
text AMD { title: "Décret n° 1 du 1er janvier 2021 modifiant" kind: decret number: "1" in_force: 2021-02-19 }
text CA { title: "code de l'artisanat" kind: code articles: "19", "20" }
'''

RULES = '''
fact competent(prefet_de_region, "budget") { basis: CA "art. 19" valid: [2021-02-19, 2023-07-01) }
fact competent(ministre, "budget") { basis: CA "art. 19" valid: [2000-01-01, 2021-02-19) }
fact competent(prefet_de_region, "grille") { basis: CA "art. 19" valid: [2021-02-19, 2023-07-01) }
fact exempt("grille") { basis: CA "art. 20" valid: [2022-01-01, open) }
fact due("rapport", 2022-02-28) { basis: CA "art. 20" valid: [2021-02-19, open) }
fact due("bilan", 2022-07-01) { basis: CA "art. 20" valid: [2021-02-19, open) }

rule approves(W, A) :- competent(W, A), not exempt(A) { basis: CA "art. 19" }
rule early(A) :- due(A, D), D < 2022-06-01
rule same_approver(A, B) :- competent(W, A), competent(W, B), A != B
'''


def kb_of(tmp_path, rules=RULES, name="r"):
    d = tmp_path / name
    d.mkdir()
    (d / "texts.cma").write_text(TEXTS, encoding="utf-8")
    (d / "rules.cma").write_text(rules, encoding="utf-8")
    return KnowledgeBase(load_corpus(d))


def test_facts_hold_on_their_interval_only(tmp_path):
    kb = kb_of(tmp_path)
    assert kb.ask("competent", None, "budget", on=date(2021, 2, 18)) == [("ministre", "budget")]
    assert kb.ask("competent", None, "budget", on=date(2021, 2, 19)) == [("prefet_de_region", "budget")]
    assert kb.ask("competent", None, "budget", on=date(2023, 7, 1)) == []


def test_rule_with_negation_follows_time(tmp_path):
    kb = kb_of(tmp_path)
    assert kb.ask("approves", None, None, on=date(2021, 6, 1)) == [("prefet_de_region", "budget"),
                                                                   ("prefet_de_region", "grille")]
    # from 1 Jan 2022 the grille is exempt: negation as failure removes it
    assert kb.ask("approves", None, None, on=date(2022, 6, 1)) == [("prefet_de_region", "budget")]
    assert kb.ask("approves", None, None, on=date(2020, 1, 1)) == [("ministre", "budget")]


def test_date_comparison_in_a_rule(tmp_path):
    kb = kb_of(tmp_path)
    assert kb.ask("early", None, on=date(2022, 1, 1)) == [("rapport",)]


def test_inequality_between_variables(tmp_path):
    kb = kb_of(tmp_path)
    assert kb.ask("same_approver", None, None, on=date(2021, 6, 1)) == [("budget", "grille"), ("grille", "budget")]


def test_records_become_dated_facts(kb):
    on = date(2022, 1, 1)
    assert ("budget_cmar", "prefet_de_region") in kb.ask("approval_approver", None, None, on=on)
    assert kb.ask("approval_approver", "budget_cmar", None, on=date(2021, 2, 18)) == []
    assert kb.ask("approval_mode", "budget_cmar", None, on=on) == [("budget_cmar", "tacit")]


def test_registry_keeps_the_basis_of_every_fact(tmp_path):
    kb = kb_of(tmp_path)
    (entry,) = kb.registry.facts_of("exempt", ("grille",))
    assert entry.basis == (("CA", "art. 20"),) and entry.start == date(2022, 1, 1)
    assert entry.origin.endswith("rules.cma:5")
    (rule,) = [r for r in kb.registry.rules if r.rule.head.predicate == "approves"]
    assert rule.basis == (("CA", "art. 19"),) and rule.origin.endswith("rules.cma:9")


def test_two_knowledge_bases_are_isolated(tmp_path):
    a = kb_of(tmp_path, name="a")
    b = kb_of(tmp_path, RULES.replace("prefet_de_region", "conseil"), name="b")
    on = date(2021, 6, 1)
    assert a.ask("competent", None, "budget", on=on) == [("prefet_de_region", "budget")]
    assert b.ask("competent", None, "budget", on=on) == [("conseil", "budget")]
    # and again, after the other was asked: nothing leaked either way
    assert a.ask("approves", None, None, on=on) == [("prefet_de_region", "budget"), ("prefet_de_region", "grille")]
    assert "exempt" in a.registry.predicates and a.registry.facts is not b.registry.facts


def test_loading_twice_gives_identical_answers(tmp_path):
    a, b = kb_of(tmp_path, name="a"), kb_of(tmp_path, name="b")
    for pred, args in [("approves", (None, None)), ("same_approver", (None, None)), ("early", (None,))]:
        assert a.ask(pred, *args, on=date(2021, 6, 1)) == b.ask(pred, *args, on=date(2021, 6, 1))


def test_a_predicate_with_no_fact_can_be_asked_and_negated(tmp_path):
    kb = kb_of(tmp_path, RULES + 'rule free(A) :- competent(W, A), not reserved(A)\n')
    assert kb.ask("reserved", None, on=date(2022, 1, 1)) == []
    assert kb.ask("free", None, on=date(2021, 6, 1)) == [("budget",), ("grille",)]


def test_unknown_predicate_and_wrong_arity_are_clear(tmp_path):
    kb = kb_of(tmp_path)
    with pytest.raises(QueryError, match="prédicat inconnu : 'aproves' ; vouliez-vous dire : approves"):
        kb.ask("aproves", None, None, on=date(2022, 1, 1))
    with pytest.raises(QueryError, match=r"approves : 1 argument\(s\) donné\(s\) ; attendu : 2"):
        kb.ask("approves", None, on=date(2022, 1, 1))


def test_the_compiler_never_evaluates_text():
    import inspect

    import engine.compiler as compiler

    source = inspect.getsource(compiler)
    for forbidden in ("eval(", "exec(", "pyDatalog.load", "pyDatalog.ask", "create_terms", "@pyDatalog.program"):
        assert forbidden not in source
    assert Compiler  # the module compiles through pyParser.Term objects only
