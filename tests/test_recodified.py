"""Today's law (issue 11): questions asked after 1 July 2023 answer from the new code de l'artisanat
where we have the article, else with the last rule of the décret marked as no longer in force.

Expectations written from rules/sources/code-2023/ (the new articles as public sources give them)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from engine.article_sources import load_article_sources
from engine.errors import ErrorList
from engine.loader import load_corpus
from queries.approvals import who_approves
from queries.body_rules import norms_about
from queries.cli import cli
from queries.deadlines import deadlines
from queries.recodified import applicable_label, exit_code

TODAY = date(2026, 12, 1)
BUDGET_ID = "LEGIARTI000047725332"


def run(*args, kb=None):
    """The command line, on the session's knowledge base when given (one load for the whole file)."""
    result = CliRunner().invoke(cli, list(args), obj={"kb": kb} if kb is not None else None)
    return result.exit_code, result.output


def test_the_new_code_is_a_text_from_1_july_2023(corpus):
    text = corpus.texts["CA2023"]
    assert text.kind == "code" and text.get("in_force") == date(2023, 7, 1)
    assert "R. 323-24" in text.articles and BUDGET_ID in text.articles
    # Never a guessed number for the budget article: no R. 323-28 anywhere.
    assert "R. 323-28" not in text.articles


def test_sources_say_what_is_cut(corpus):
    arts = corpus.article_sources["CA2023"]
    assert arts["R. 323-24"].complete is True and arts["R. 321-3"].complete is True
    assert arts[BUDGET_ID].complete is False and arts[BUDGET_ID].number is None
    assert arts["D. 333-5"].complete is False and arts["R. 312-2"].complete is False
    assert arts["D. 323-7"].legiarti == "LEGIARTI000047725278"
    assert arts["D. 333-5"].lines[-1] == "Les décisions prises en assemblée générale sont mises en œuvre selon"


def test_shipped_sources_are_the_shared_files_untouched():
    from pathlib import Path

    shared = Path("/work/shared/sources/code-2023")
    if not shared.is_dir():
        pytest.skip("shared sources not on this machine")
    ours = Path(__file__).resolve().parent.parent / "rules" / "sources" / "code-2023"
    for f in shared.glob("*.txt"):
        assert (ours / f.name).read_bytes() == f.read_bytes(), f.name


def test_a_quote_not_in_the_new_article_is_an_error(tmp_path):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "rules"
    shutil.copytree(root, tmp_path / "rules")
    p = tmp_path / "rules" / "code-2023" / "cmar.cma"
    p.write_text(p.read_text(encoding="utf-8").replace("au plus tard le dernier jour du mois de février",
                                                        "au plus tard le dernier jour du mois de mars"),
                 encoding="utf-8")
    with pytest.raises(ErrorList) as exc:
        load_corpus(tmp_path / "rules")
    assert "R323-24_COM_rapport_fevrier.txt" in str(exc.value)


def test_every_continues_names_a_record_of_the_same_kind_that_ended_or_is_no_longer_followed(corpus):
    from queries.recodified import known_until, recodification_of

    links = 0
    for (kind, rid), rec in corpus.records.items():
        for old in corpus.value(rec, "continues") or []:
            links += 1
            prev = corpus.records.get((kind, old))
            assert prev is not None, f"{rid} continues unknown {kind} {old}"
            assert recodification_of(corpus, prev) is not None or known_until(corpus, prev) == date(2023, 7, 1)
    assert links >= 25


def test_com_report_today_answers_r_323_24_with_its_due_date(kb):
    r = deadlines(kb, "rapport d'exécution de la COM", TODAY, date(2026, 6, 1))
    a = r.answers[0]
    assert a.fields["id"] == "rapport_execution_com_2023"
    assert a.fields["status"] == "in_force"
    assert a.basis[0].article == "R. 323-24" and a.basis[0].subdivision == "al. 3"
    assert a.fields["due_date"] == "2027-02-28"
    assert a.fields["continues"][0]["id"] == "rapport_execution_com"
    assert a.fields["continues"][0]["status_label"] == "règle applicable du 19 février 2021 au 30 juin 2023"
    assert exit_code(r) == 0


def test_cmar_budget_today_is_tacit_approval_by_the_prefet_after_one_month(kb):
    r = who_approves(kb, "budget de la CMAR", TODAY)
    a = r.answers[0]
    assert a.fields["id"] == "budget_cmar_2023"
    assert (a.fields["approver"], a.fields["mode"], a.fields["delay"]) == ("prefet_de_region", "tacit", "1 months")
    b = a.basis[0]
    assert b.article == BUDGET_ID
    assert b.url == f"https://www.legifrance.gouv.fr/codes/article_lc/{BUDGET_ID}"
    assert f"Légifrance {BUDGET_ID}" in b.citation and "R. 323-2" not in b.citation
    assert a.fields["source_complete"] is False
    assert any("coupé dans nos sources" in n for n in r.notes)
    assert a.fields["continues"][0]["id"] == "budget_cmar"


def test_composition_of_the_assembly_today_answers_from_r_321_3(kb):
    r = norms_about(kb, "composition de l'assemblée générale de la CMAR", TODAY)
    a = r.answers[0]
    assert a.fields["id"] == "composition_ag_cmar_2023"
    assert a.basis[0].article == "R. 321-3"
    assert a.fields["status"] == "in_force"
    rows = {a.fields["id"]: a for a in norms_about(kb, "7 départements", TODAY).answers}
    row = rows["tableau_elus_7_departements_2023"]  # the matcher does not weigh numbers (issue 15)
    assert row.fields["value"] == [7, 25, 14, 98] and row.basis[0].article == "R. 321-3"
    assert "tableau_elus_7_departements" not in rows  # continued: the new row answers, not the 2021 one


def test_a_rule_no_article_of_ours_continues_is_the_last_answer_marked_ended(kb):
    r = who_approves(kb, "grille des emplois", TODAY)
    a = r.answers[0]
    assert a.fields["id"] == "grille_des_emplois_cmar"
    assert a.fields["status"] == "ended" and a.fields["valid_until"] == "2023-07-01"
    assert a.summary.startswith("[plus en vigueur : règle applicable du 19 février 2021 au 30 juin 2023]")
    assert any("décret n° 2023-500" in n for n in r.notes)
    assert exit_code(r) == 1


def test_the_same_question_before_july_2023_is_unchanged(kb):
    r = who_approves(kb, "budget de la CMAR", date(2022, 1, 1))
    assert [a.fields["id"] for a in r.answers] == ["budget_cmar"]
    assert r.answers[0].fields["status"] == "in_force"


def test_cli_exit_codes_and_json_today(kb):
    code, out = run("approves", "grille des emplois", "--on", "2026-12-01", "--json", kb=kb)
    data = json.loads(out)
    assert code == 1 and data["answers"][0]["status"] == "ended" and data["answers"][0]["valid_until"] == "2023-07-01"
    code, out = run("approves", "budget de la CMAR", "--on", "2026-12-01", "--json", kb=kb)
    data = json.loads(out)
    assert code == 0 and data["answers"][0]["status"] == "in_force"
    assert data["answers"][0]["basis"][0]["url"].endswith(BUDGET_ID)


def test_cut_d333_5_answers_only_for_the_part_we_have(kb):
    r = who_approves(kb, "règlement intérieur de CMA France", TODAY)
    a = r.answers[0]
    assert a.fields["id"] == "reglement_interieur_cma_france_2023"
    assert (a.fields["approver"], a.fields["mode"], a.fields["delay"]) == ("ministre_artisanat", "tacit", "2 months")
    assert a.basis[0].article == "D. 333-5" and a.basis[0].subdivision == "2°, a)"
    assert any("D. 333-5 est coupé" in n for n in r.notes)


def test_label_of_an_interval():
    assert applicable_label(date(2021, 2, 19), date(2023, 7, 1)) == \
        "règle applicable du 19 février 2021 au 30 juin 2023"


def test_article_file_reader():
    arts = load_article_sources("rules/sources/code-2023")
    assert set(arts) >= {"D. 333-1", "D. 333-2", "LEGIARTI000047725264"}
    assert arts["D. 333-1"].lines[0].startswith("A l'assemblée générale, chaque membre dispose d'une voix")
    assert arts["LEGIARTI000047725264"].lines[-1] == "Le bureau d'âge organise l'élection du bureau et des commissions de la chambre."


def test_check_list_after_2023_says_its_rules_are_not_known_to_be_in_force(kb):
    code, out = run("check-list", "docs/examples/list.csv", "--on", "2030-01-01", kb=kb)
    assert code == 1
    assert "selon des règles dont nos sources ne disent pas si elles sont en vigueur" in out.splitlines()[0]
    assert "Décr. n° 99-433, art. 1er, I, al. 2 : nos sources ne suivent pas ce texte après le 30 juin 2023" in out


def test_check_bureau_after_2023_applies_an_ended_rule_and_says_so(kb):
    code, out = run("check-bureau", "docs/examples/bureau.json", "--on", "2030-01-01", "--json", kb=kb)
    data = json.loads(out)
    assert code == 1 and data["details"]["date_status"] == "ended"
    assert any("règle applicable du 19 février 2021 au 30 juin 2023" in n for n in data["details"]["notes"])


def test_check_shares_after_2023_applies_r_312_2(kb, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"operating_share": "40 %", "express_authorisation": false}', encoding="utf-8")
    code, out = run("check-shares", str(path), "--on", "2030-01-01", "--json", kb=kb)
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["details"]["date_status"] == "in_force"
    assert data["bases"][0]["article"] == "R. 312-2"
    assert any("R. 312-2 est coupé" in n for n in data["details"]["notes"])
    code, _ = run("check-shares", str(path), "--on", "2022-01-01", kb=kb)
    assert code == 0


def test_every_question_of_the_set_asked_today_gets_its_2022_answers_or_their_continuation(kb):
    """No neighbour's rule appears today that did not answer in 2022: each answer today is a rule of
    2021-2023 marked (ended / unknown), or the rule of the new code that continues one."""
    from queries.ask import ask
    from tests.question_sets import load_questions

    def continued_id(a):
        rec = kb.corpus.records[(a.kind, a.fields["id"])]
        return (kb.corpus.value(rec, "continues") or [a.fields["id"]])[0]

    counts = {"in_force": 0, "ended": 0, "unknown": 0}
    for q in load_questions("questions.tsv"):
        then = {a.fields["id"] for a in ask(kb, q.question, q.on).answers}
        now = ask(kb, q.question, TODAY)
        assert {continued_id(a) for a in now.answers} == then, q.question
        for a in now.answers:
            assert a.fields["status"] in counts, (q.question, a.fields["id"])
            counts[a.fields["status"]] += 1
            if a.fields["status"] == "ended":
                assert a.summary.startswith("[plus en vigueur : règle applicable du 19 février 2021 au 30 juin 2023]")
    # 11 in force (12 before #15: two questions on parity and on the préfet of Alsace-Moselle then got the
    # neighbour bureau_grand_est_alsace_moselle, which #15's matcher no longer gives); 6 of décret n° 99-433
    assert counts["in_force"] >= 11 and counts["ended"] >= 30 and counts["unknown"] >= 6, counts


def test_coverage_today_states_where_each_norm_went(kb):
    from queries.coverage import today_table

    rows = {r.id: r for r in today_table(kb)}
    assert rows["rapport_execution_com"].where == "article" and rows["rapport_execution_com"].articles == ("R. 323-24",)
    assert rows["budget_cmar"].articles == (BUDGET_ID,) and rows["budget_cmar"].cut == (BUDGET_ID,)
    assert rows["repartition_taxes_opposition"].where == "content"  # R. 312-2 is cut before that rule
    assert rows["grille_des_emplois_cmar"].where == "unknown"  # art. 19, I bis: no article of ours carries it
    assert rows["liste_parite"].status_today == "unknown"  # décret n° 99-433 not followed after 30 June 2023
    assert not any(r.id.endswith("_2023") for r in rows.values())
    code, out = run("coverage", "--today", kb=kb)
    assert code == 0 and "art. R. 323-24" in out and "article du nouveau code connu" in out
    code, out = run("coverage", "--today", "--json", kb=kb)
    assert code == 0 and {"id": "budget_cmar", "where": "article"}.items() <= \
        next(r for r in json.loads(out) if r["id"] == "budget_cmar").items()


def test_codification_edges_link_each_new_article_to_the_old_one(corpus):
    from engine.graph import AmendmentGraph, article_node, version_node

    g = AmendmentGraph.from_corpus(corpus)
    for new, old_text, old in [("R. 323-24", "CA", "25"), (BUDGET_ID, "CA", "28"), ("R. 321-3", "D99_433", "1"),
                               ("D. 333-5", "D66_137", "10"), ("R. 312-2", "D66_137", "17-1")]:
        data = g.graph.get_edge_data(version_node(f"CA2023:{new}@2023-07-01"), article_node(old_text, old))
        assert data, new
        assert any(e["type"] == "codifies" and e["date"] == "2023-07-01" for e in data.values()), new


def test_version_of_a_complete_new_article_shows_its_text_checked_against_its_source(kb, tmp_path):
    import shutil
    from pathlib import Path

    from queries.article_versions import version_at

    v = version_at(kb, "CA2023", "R. 323-24", TODAY).answers[0].fields["version"]
    assert v.status == "in_force" and v.predecessor == "CA art. 25"
    assert v.full_text.splitlines()[1] == "La convention peut être pluriannuelle."
    cut = version_at(kb, "CA2023", BUDGET_ID, TODAY).answers[0].fields["version"]
    assert cut.full_text is None and "coupé" in cut.note  # a cut text is never shown as the whole article
    root = Path(__file__).resolve().parent.parent / "rules"
    shutil.copytree(root, tmp_path / "rules")
    p = tmp_path / "rules" / "recodification-2023.cma"
    p.write_text(p.read_text(encoding="utf-8").replace("La convention peut être pluriannuelle.",
                                                        "La convention est pluriannuelle."), encoding="utf-8")
    with pytest.raises(ErrorList) as exc:
        load_corpus(tmp_path / "rules")
    assert "text not found in code-2023/R323-24_COM_rapport_fevrier.txt" in str(exc.value)


# Written from the texts of rules/sources/code-2023/, not from the .cma files:
# id → (approver, mode, delay, article, subdivision).
NEW_APPROVALS = {
    "budget_cmar_2023": ("prefet_de_region", "tacit", "1 months", BUDGET_ID, "al. 6"),
    "budgets_cma_france_2023": ("ministre_artisanat", "express", None, "D. 333-5", "1°, a)"),
    "repartition_taxes_approbation_2023": ("ministre_artisanat", "express", None, "D. 333-5", "1°, b)"),
    "reglement_interieur_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, a)"),
    "credit_bail_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, b)"),
    "garanties_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, c)"),
    "participations_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, d)"),
    "autorisation_transactions_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, e)"),
    "caisses_de_secours_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, f)"),
    "emprunt_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, g)"),
    "ligne_de_tresorerie_cma_france_2023": ("ministre_artisanat", "tacit", "2 months", "D. 333-5", "2°, h)"),
    "emprunt_cma_france_sous_seuil_2023": ("ministre_artisanat", "exempt", None, "D. 333-5", "al. 14"),
    "ligne_de_tresorerie_cma_france_sous_seuil_2023": ("ministre_artisanat", "exempt", None, "D. 333-5", "al. 14"),
    "part_fonctionnement_trois_quarts_2023": ("ministre_artisanat", "authorisation", None, "R. 312-2", "1°"),
    "pourcentage_part_fonctionnement_2023": ("ministre_artisanat", "deemed_approved", "15 days", "R. 312-2", "1°"),
    "nomination_directeur_general_cma_france_2023": ("cma_france_bureau", "accord", None,
                                                     "LEGIARTI000047725372", "al. 1"),
    "budget_cma_france_avis_commission_finances_2023": ("commission_des_finances", "avis", None,
                                                        "LEGIARTI000047725368", "4°"),
    "comptes_gestion_cma_france_2023": ("ministre_artisanat", "express", None, "LEGIARTI000047725368", "5°"),
    "transaction_president_cma_france_2023": ("cma_france_assemblee_generale", "authorisation", None,
                                              "LEGIARTI000047725368", "al. 9"),
    "habilitation_organismes_formation_2023": ("organisations_professionnelles", "avis", None, "R. 332-2", "6°"),
    "retrait_habilitation_organismes_formation_2023": ("instance_certification", "decision", None, "R. 332-2",
                                                       "6°, phrase 3"),
}

# id → (rule, delay, month, day, article, subdivision)
NEW_DEADLINES = {
    "rapport_execution_com_2023": ("end_of_month_following_year", None, 2, None, "R. 323-24", "al. 3"),
    "approbation_tacite_budget_cmar_2023": ("within", "1 months", None, None, BUDGET_ID, "al. 6"),
    "transmission_budget_primitif_cmar_2023": ("before_annual_date", None, 12, 1, BUDGET_ID, "al. 4"),
    "transmission_budget_huit_jours_2023": ("within", "8 days", None, None, BUDGET_ID, "al. 5"),
    "installation_ag_cmar_2023": ("within", "30 days", None, None, "LEGIARTI000047725264", "al. 1"),
    "compte_rendu_ag_cma_france_2023": ("within", "15 days", None, None, "D. 333-1", "al. 5"),
    "approbation_tacite_cma_france_2023": ("within", "2 months", None, None, "D. 333-5", "al. 15"),
}


def _new_code_ids(corpus, kind):
    return {rid for (k, rid), rec in corpus.records.items() if k == kind
            and any(t == "CA2023" for t, _ in corpus.value(rec, "basis"))}


def test_every_rule_of_the_new_code_is_reviewed(corpus):
    assert _new_code_ids(corpus, "approval") == set(NEW_APPROVALS)
    assert _new_code_ids(corpus, "deadline") == set(NEW_DEADLINES)


@pytest.mark.parametrize("rid", sorted(NEW_APPROVALS))
def test_new_approval_content(corpus, rid):
    from engine.citation import parse_citation

    approver, mode, delay, article, sub = NEW_APPROVALS[rid]
    rec = corpus.records[("approval", rid)]
    v = lambda name: corpus.value(rec, name)  # noqa: E731
    assert (v("approver"), v("mode")) == (approver, mode)
    assert (str(v("delay")) if v("delay") else None) == delay
    text_id, cit = v("basis")[0]
    c = parse_citation(cit)
    assert (text_id, c.article, ", ".join(map(str, c.parts))) == ("CA2023", article, sub)
    assert v("valid") == (date(2023, 7, 1), date(2999, 1, 1)) and v("by") is None


@pytest.mark.parametrize("rid", sorted(NEW_DEADLINES))
def test_new_deadline_content(corpus, rid):
    from engine.citation import parse_citation

    rule, delay, month, day, article, sub = NEW_DEADLINES[rid]
    rec = corpus.records[("deadline", rid)]
    v = lambda name: corpus.value(rec, name)  # noqa: E731
    assert (v("rule"), str(v("delay")) if v("delay") else None, v("month"), v("day")) == (rule, delay, month, day)
    text_id, cit = v("basis")[0]
    c = parse_citation(cit)
    assert (text_id, c.article, ", ".join(map(str, c.parts))) == ("CA2023", article, sub)


def test_r_321_3_table_rows(corpus):
    rows = {rid: corpus.value(corpus.records[("norm", rid)], "value")
            for rid in _new_code_ids(corpus, "norm") if rid.startswith("tableau_elus_")}
    assert rows == {f"tableau_elus_{n}_departements_2023": [n, 25, s, t] for n, s, t in
                    [(4, 20, 80), (5, 20, 100), (6, 16, 96), (7, 14, 98), (8, 12, 96), (9, 11, 99),
                     (10, 10, 100), (11, 9, 99), (12, 8, 96), (13, 7, 91)]}


def test_why_of_an_ended_rule_is_its_derivation_on_its_last_day(kb):
    code, out = run("approves", "grille des emplois", "--on", "2026-12-01", "--why", "--json", kb=kb)
    a = json.loads(out)["answers"][0]
    assert code == 1 and a["status"] == "ended" and a["why"]["date"] == "2023-06-30"
    assert a["why"]["valid"] == {"from": "2021-02-19", "to": "2023-07-01"}


def test_the_retained_rule_is_the_one_answered_once_not_the_rule_it_continues_too(kb):
    today = who_approves(kb, "budget de la chambre de région", date(2026, 12, 1))
    before = who_approves(kb, "budget de la chambre de région", date(2022, 1, 1))
    (note_today,) = [n for n in today.notes if n.startswith("règle retenue")]
    (note_before,) = [n for n in before.notes if n.startswith("règle retenue")]
    assert [a.fields["id"] for a in today.answers] == ["budget_cmar_2023"] and "budget_cmar_2023 —" in note_today
    assert "budget_cmar —" not in note_today
    assert [a.fields["id"] for a in before.answers] == ["budget_cmar"] and "budget_cmar —" in note_before
    assert "budget_cmar_2023" not in note_before
