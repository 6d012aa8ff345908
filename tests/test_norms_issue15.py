"""The norms issue #15 found missing or wrong, asked the way users ask, with their legal content.

Expectations written from rules/sources/decret-2021-168.txt and, for the base text the décret leaves in
force (code de l'artisanat, art. 28, II), from ../shared/sources/legi (LEGIARTI000034236174).
"""

from datetime import date

from queries.approvals import who_approves
from queries.ask import ask
from queries.body_rules import norms_about
from queries.article_versions import version_at

ON = date(2022, 1, 1)
DECRET = "décret n° 2021-168 du 16 février 2021"


def _first(resp):
    assert resp.answers, resp.notes
    return resp.answers[0]


def test_president_nominates_to_permanent_posts(kb):
    a = _first(ask(kb, "Qui nomme aux emplois permanents de la CMAR ?", ON))
    assert a.fields["id"] == "nomination_emplois_permanents_cmar"
    assert (a.fields["approver"], a.fields["mode"], a.fields["proposer"]) == \
        ("cmar_president", "decision", "cmar_secretaire_general")
    assert a.basis[0].citation == ("article 19, II bis, 4° du code de l'artisanat, dans sa rédaction issue de "
                                   f"l'article 2 du {DECRET}")


def test_audits_of_cma_france(kb):
    a = _first(ask(kb, "Qui peut demander un audit à CMA France ?", ON))
    assert a.fields["id"] == "audits_cma_france"
    assert "à la demande d'un établissement public du réseau" in a.fields["statement"]
    assert "autorité de tutelle" in a.fields["statement"]
    assert (a.basis[0].text_id, a.basis[0].article, a.basis[0].provision) == ("D66_137", "3 bis", "art. 7, 4°")


def test_extraordinary_general_assembly(kb):
    a = _first(norms_about(kb, "assemblée générale extraordinaire en cas d'empêchement du trésorier", ON))
    assert a.fields["id"] == "age_cmar_empechement_tresoriers"
    assert "le premier vice-président ou, à défaut, par le préfet de région" in a.fields["statement"]
    assert a.basis[0].subdivision == "III bis, al. 4"


def test_general_assembly_decisions(kb):
    a = _first(who_approves(kb, "élection du bureau après chaque renouvellement", ON))
    assert (a.fields["id"], a.fields["approver"]) == ("election_bureau_cmar", "cmar_assemblee_generale")
    assert a.basis[0].subdivision == "II, 6°" and a.basis[0].provision == "art. 2, 5° g)"
    a = _first(who_approves(kb, "adoption des comptes de gestion de l'exercice précédent", ON))
    assert a.fields["id"] == "adoption_comptes_gestion_ag_cmar"
    assert "lors de sa première session ordinaire" in a.fields["condition"]
    assert [b.subdivision for b in a.basis] == ["II, 2°", "I, al. 3"]
    assert [b.provision for b in a.basis] == ["art. 2, 5° g)", "art. 5, 2° a)"]
    a = _first(ask(kb, "Qui désigne les membres associés d'une chambre de région ?", ON))
    assert a.fields["id"] == "designation_membres_associes_cmar"
    assert a.fields["proposer"] == "presidents_chambres_niveau_departemental"
    assert a.basis[0].subdivision == "II, al. 1"


def test_withdrawal_of_habilitation(kb):
    a = _first(who_approves(kb, "retrait de l'habilitation d'un organisme de formation", ON))
    assert (a.fields["id"], a.fields["approver"], a.fields["mode"]) == \
        ("retrait_habilitation_organismes_formation", "instance_certification", "decision")
    assert "règlement général de la certification" in a.fields["condition"][0]


def test_tax_elements_for_the_budget_of_cma_france(kb):
    a = _first(norms_about(kb, "éléments nécessaires sur le montant de la taxe pour l'élaboration du budget", ON))
    assert a.fields["id"] == "elements_taxe_budget_cma_france"
    assert a.basis[0].subdivision == "I, al. 2" and a.basis[0].provision == "art. 9, 3° a)"


def test_budget_of_a_cmar_is_approved_tacitly_after_one_month(kb):
    a = _first(ask(kb, "Qui approuve le budget d'une CMAR ?", ON))
    assert (a.fields["approver"], a.fields["mode"], a.fields["delay"]) == ("prefet_de_region", "tacit", "1 months")
    assert "réception" in a.fields["delay_from"] and "par écrit" in a.fields["suspension"]
    assert [b.citation for b in a.basis[1:]] == [
        f"article 28, II, al. {n} du code de l'artisanat, dans sa rédaction antérieure au {DECRET}, en vigueur"
        for n in (6, 7)]
    assert all(b.provision is None for b in a.basis[1:])


def test_siege_is_a_decision_of_the_prefet(kb):
    a = _first(ask(kb, "Qui fixe le siège d'une chambre de région ?", ON))
    assert (a.fields["id"], a.fields["mode"], a.fields["mode_label"]) == ("siege_cmar", "decision", "décision")
    # the décret's first article is « l'article 1er »
    assert a.basis[0].citation == f"article 16, al. 1 du code de l'artisanat, dans sa rédaction issue de l'article 1er du {DECRET}"


def test_tutelle_is_the_states(kb):
    rows = set(kb.ask("supervises", None, None, on=ON))
    assert ("prefet_de_region", "cmar") in rows and ("ministre_artisanat", "cma_france") in rows
    assert ("cmar_bureau", "cmar") not in rows and ("cma_france_tresorier", "cma_france") not in rows
    assert {who for who, _ in rows} == {"prefet_de_region", "ministre_artisanat"}


def test_nomination_of_the_directeur_general_rests_on_the_decrets_words(kb):
    rec = kb.corpus.records[("approval", "nomination_directeur_general_cma_france")]
    assert kb.corpus.source.contains(kb.corpus.value(rec, "quote"))
    assert "« après accord du »" in kb.corpus.value(rec, "quote")
    assert "LEGIARTI000047725372" in kb.corpus.value(rec, "note")


def test_article_13_of_66_137_is_divided_into_i_and_ii(kb):
    a = _first(who_approves(kb, "comptes de gestion de CMA France", ON))
    assert any(b.citation.startswith("article 13, I, al. 7 du décret n° 66-137") for b in a.basis)


def test_decret_99_433_norms_are_unknown_after_its_sources_end(kb):
    assert _first(norms_about(kb, "seuil de 5 % des suffrages exprimés", date(2023, 6, 30))).fields["id"] == \
        "seuil_cinq_pour_cent"
    r = norms_about(kb, "seuil de 5 % des suffrages exprimés", date(2024, 1, 1))
    assert not r.answers and r.query["unknown"] == ["seuil_cinq_pour_cent"]
    assert any("état inconnu" in n for n in r.notes)
    # as `version` does
    assert version_at(kb, "décret 99-433", "1", date(2024, 1, 1)).answers[0].fields["version"].status == "unknown"


def test_a_repealed_article_is_cited_as_repealed(kb):
    a = _first(version_at(kb, "code de l'artisanat", "19 bis", ON))
    assert a.basis[0].citation == f"article 19 bis du code de l'artisanat, abrogé par l'article 2, 3° du {DECRET}"


def test_decisions_of_the_president_and_the_general_assembly(kb):
    a = _first(ask(kb, "Qui exerce le pouvoir disciplinaire sur le personnel d'une CMAR ?", ON))
    assert (a.fields["id"], a.fields["approver"]) == ("pouvoir_disciplinaire_cmar", "cmar_president")
    assert a.basis[0].subdivision == "II bis, 5°"
    a = _first(ask(kb, "Qui nomme le commissaire aux comptes d'une chambre de région ?", ON))
    assert (a.fields["id"], a.fields["approver"]) == ("nomination_commissaire_aux_comptes_cmar", "cmar_assemblee_generale")
    a = _first(who_approves(kb, "fixation des indemnités de fonctions", ON))
    assert a.fields["id"] == "indemnites_cmar" and "limites définies par l'arrêté" in a.fields["condition"][0]


def test_charter_of_ethics(kb):
    a = _first(norms_about(kb, "charte déontologique", ON))
    assert a.fields["id"] == "charte_deontologique_cma_france"
    assert a.basis[0].citation.startswith("article 1er, 2° bis du décret n° 66-137")
