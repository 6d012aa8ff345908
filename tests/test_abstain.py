"""Abstaining visibly: a question the décret does not answer gets no answer (exit 1), « question non
couverte par le décret » and the closest candidates with their scores; an empty question is exit 2.

The questions below were written for these tests from what the décret does not say (other chambers,
other codes, neighbours of encoded rules); the measured sets are tests/fixtures/questions_not_covered.tsv.
"""

from datetime import date

import pytest

from engine.errors import QueryError
from queries.ask import ask
from queries.cli import main

ON = date(2022, 1, 1)

NOT_COVERED = [
    "Qui approuve le budget d'une chambre d'agriculture ?",
    "Qui approuve le licenciement d'un agent de la CMAR ?",
    "Qui approuve le licenciement du directeur général de CMA France ?",
    "Qui approuve les subventions versées par la commune à la CMAR ?",
    "Dans quel délai la chambre de commerce et d'industrie vote-t-elle son budget ?",
    "Quel est le quorum du conseil municipal ?",
    "Qui fixe la rémunération du président de la CMAR ?",
    "Qui approuve le recrutement d'un apprenti par un artisan ?",
    "Qui autorise la vente d'un immeuble de la chambre de région ?",
    "Quel est le délai de préavis d'un salarié selon le code du travail ?",
    "Qui approuve les statuts d'une association d'artisans ?",
    "Qui contrôle les comptes d'une chambre régionale des comptes ?",
    "Qui approuve la dissolution d'une société artisanale ?",
    "Qui décide des sanctions disciplinaires contre un agent de CMA France ?",
    # neighbours: the same act for another body or organ than the one the décret rules on
    "Qui approuve le budget d'une chambre de niveau départemental ?",
    "Quel est le quorum de l'assemblée générale de CMA France ?",
    "Qui approuve les emprunts d'une CMAR ?",
    "Qui approuve la grille des emplois de CMA France ?",
    "Quel est le délai pour contester les élections ?",
    "Qui approuve le budget de la chambre de métiers d'Alsace ?",
]


@pytest.mark.parametrize("question", NOT_COVERED)
def test_not_covered_gets_no_answer_and_candidates(kb, question):
    r = ask(kb, question, ON)
    assert not r.answers, [a.fields.get("id") for a in r.answers]
    assert any(n.startswith("question non couverte par le décret") for n in r.notes), r.notes
    assert r.query["coverage"]["status"] == "not_covered"


def test_issue_examples_name_what_is_missing(kb):
    r = ask(kb, "Qui approuve le licenciement d'un agent de la CMAR ?", ON)
    assert "licenciement" in r.query["coverage"]["missing"]
    r = ask(kb, "Qui approuve le budget d'une chambre d'agriculture ?", ON)
    assert r.query["coverage"]["foreign"].startswith("chambre d'agriculture")
    assert r.query["candidates"] and r.query["candidates"][0]["score"] > 0


def test_covered_neighbours_still_answer(kb):
    r = ask(kb, "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?", ON)
    assert r.answers[0].fields["id"] == "budget_cmar"
    # the matched label and its score are in the notes, so the text output shows them
    assert any(n.startswith("règle retenue : budget_cmar") and "score" in n for n in r.notes)
    # a question naming a CCI and a CMA is about the network (art. 19 quater of the code)
    r = ask(kb, "Un élu au bureau d'une CCI et au bureau d'une CMAR : combien de jours pour choisir ?", ON)
    assert r.answers and r.answers[0].fields["id"] == "choix_fonction_cumul_bureaux"


@pytest.mark.parametrize("question", ["", "   ", "Bonjour", "Bonjour, merci !", "?", "article", "Quel article ?"])
def test_content_free_question_is_bad_input(kb, question):
    with pytest.raises(QueryError):
        ask(kb, question, ON)


def _exit(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    return exc.value.code, capsys.readouterr()


def test_cli_exit_codes(capsys):
    code, out = _exit(["ask", "Qui approuve le budget d'une chambre d'agriculture ?", "--on", "2022-01-01"], capsys)
    assert code == 1 and "question non couverte par le décret" in out.out and "score" in out.out
    code, out = _exit(["ask", "Bonjour", "--on", "2022-01-01"], capsys)
    assert code == 2 and "sans contenu" in out.err
    code, out = _exit(["approves", "licenciement du directeur", "--on", "2022-01-01"], capsys)
    assert code == 1 and "licenciement" in out.out


def test_entry_into_force_of_another_text_is_not_covered(kb):
    r = ask(kb, "Quand le décret 66-137 est-il entré en vigueur ?", ON)
    assert r.query["routed_to"] == "entry_into_force" and not r.answers
    assert any(n.startswith("question non couverte par le décret") for n in r.notes)


def test_a_suspended_delay_is_still_answered(kb):
    r = ask(kb, "Le délai d'approbation tacite des délibérations de CMA France est-il suspendu quand le ministre "
                "demande des documents ?", ON)
    assert r.answers and r.answers[0].fields["id"] in ("approbation_tacite_cma_france", "reglement_interieur_cma_france")


def test_a_norm_question_on_one_topic_is_not_answered_by_another(kb):
    for q in ("Quel est le quorum de la conférence des présidents ?", "À quelle majorité vote la commission des finances ?",
              "Quelle est la composition du bureau de CMA France ?", "Combien de membres compte le bureau de CMA France ?"):
        assert not ask(kb, q, ON).answers, q
    r = ask(kb, "Quel est le quorum du bureau de CMA France ?", ON)
    assert r.answers[0].fields["id"] == "bureau_cma_france_quorum"
    assert ask(kb, "Combien d'élus compte une chambre de niveau départemental ?", ON).answers[0].fields["id"] == \
        "chambre_niveau_departemental_composition"


def test_general_abstentions_found_by_asking_the_not_covered_set_at_a_date_the_decret_holds(kb):
    from queries.matching import tokens

    # « chambre régionale des comptes » is a juridiction financière, not the chambre de région
    assert "cmar" not in tokens("la chambre régionale des comptes") and "cmar" in tokens("la chambre régionale")
    # the « à compter de » of a délai does not stand for « les comptes »
    assert "comptes_financier" in tokens("les comptes de la chambre") and "compter" not in tokens("à compter du 1er mars")
    for q in ("La chambre régionale des comptes peut-elle contrôler une CMAR ?",  # another juridiction
              "Un artisan doit-il payer la taxe foncière sur son atelier ?",  # another law, though the network is named
              "À quelle fréquence le bureau de CMA France doit-il se réunir ?",  # the conférence's meetings are not the bureau's
              "Les commissions territoriales doivent-elles se réunir un nombre minimum de fois par an ?"):  # no periodicity
        r = ask(kb, q, ON)
        assert not r.answers and "coverage" in r.query, q
    # what the same rules must still answer
    assert ask(kb, "Combien de fois par an la conférence des présidents doit-elle se réunir ?", ON).answers[0] \
        .fields["id"] == "reunion_conference_des_presidents"
    assert ask(kb, "Les délibérations de l'AG de CMA France sur un emprunt ou des garanties : au bout de combien de "
                   "temps sont-elles approuvées tacitement ?", ON).answers[0].fields["id"] == "approbation_tacite_cma_france"


def test_candidates_of_an_abstention_read_once_in_text_output(corpus):
    from queries.vocabulary import humanize

    note = "question non couverte par le décret : …; candidats les plus proches : budget_cmar (« budget de la CMAR », score 0.20)"
    assert humanize(note, corpus).endswith("candidats les plus proches : « budget de la CMAR » (score 0.20)")
