"""`ask` routes every family of question: approval, deadline, norm, version, history, changes (by text,
article or provision), text, the listing of what is encoded, the entry into force of the décret.

The questions were written from the families' meaning, not copied from the cue table
(queries/routing_cues.py); each test also checks the legal content of the answer routed to.
"""

from datetime import date

import pytest

from queries.ask import ask

ON = date(2022, 1, 1)

ROUTES = [
    ("Qui donne son feu vert au règlement intérieur d'une chambre de région ?", "approval"),
    ("Combien de jours le préfet a-t-il pour transmettre le procès-verbal des élections ?", "deadline"),
    ("Quel est le quorum du bureau de CMA France ?", "norm"),
    ("L'article 17-1 du décret 66-137 est-il toujours en vigueur ?", "version"),
    ("Sous quelle version l'article 19 du code de l'artisanat s'appliquait-il ?", "version"),
    ("Retracez l'historique de l'article 10 du décret 66-137", "history"),
    ("Quelles dispositions ont modifié l'article 12 du décret 66-137 ?", "changes"),
    ("Qu'a modifié l'article 2, 2° d) ?", "changes"),
    ("Quelles modifications le décret a-t-il apportées au décret 99-433 ?", "changes"),
    ("Que dit l'article R. 332-2 ?", "text"),
    ("Quel est le texte de l'article 19 quater du code de l'artisanat ?", "text"),
    ("Listez les délais que vous connaissez", "list"),
    ("Quand le décret n° 2021-168 est-il entré en vigueur ?", "entry_into_force"),
    ("À partir de quand le décret du 16 février 2021 s'applique-t-il ?", "entry_into_force"),
]


@pytest.mark.parametrize("question,family", ROUTES)
def test_routes_to_family(kb, question, family):
    r = ask(kb, question, ON)
    assert r.query["routed_to"] == family, (r.query, r.notes[:2])


def test_changes_of_an_article_name_the_provisions(kb):
    r = ask(kb, "Quelles dispositions ont modifié l'article 12 du décret 66-137 ?", ON)
    assert [a.fields["provision"] for a in r.answers] == ["art. 8, 5° a) i)", "art. 8, 5° a) ii)", "art. 8, 5° b)"]


def test_changes_of_a_provision(kb):
    r = ask(kb, "Qu'a modifié l'article 2, 2° d) ?", ON)
    assert r.query["provision"] == "art. 2, 2° d)"
    assert {a.fields["text_id"] for a in r.answers} == {"CA"}
    assert all(a.fields["article"] == "19" for a in r.answers)


def test_changes_of_a_whole_article_of_the_decree(kb):
    r = ask(kb, "Qu'a modifié l'article 8 du décret ?", ON)
    provisions = {a.fields["provision"] for a in r.answers}
    assert "art. 8, 3°" in provisions and all(p.startswith("art. 8,") for p in provisions)


def test_version_article_and_text_owner(kb):
    r = ask(kb, "Que dit l'article R. 332-2 ?", date(2024, 1, 1))
    assert r.answers[0].fields["version"].text_id == "CA2023" and r.answers[0].fields["version"].article == "R. 332-2"
    r = ask(kb, "L'article 17-1 du décret 66-137 est-il toujours en vigueur ?", date(2022, 1, 1))
    assert r.answers[0].fields["version"].status == "in_force"


def test_article_in_several_texts_is_ambiguous(kb):
    r = ask(kb, "L'article 4 est-il abrogé ?", ON)
    assert not r.answers and r.query["coverage"]["status"] == "ambiguous"
    assert set(r.query["coverage"]["candidates"]) == {"D66_137", "D99_433"}
    assert any("question ambiguë" in n for n in r.notes)


def test_listing_by_kind(kb):
    r = ask(kb, "Listez les délais que vous connaissez", ON)
    assert r.query["kinds"] == ["deadline"]
    ids = {a.fields["id"] for a in r.answers}
    assert "approbation_tacite_cma_france" in ids and all(a.basis for a in r.answers)


def test_entry_into_force(kb):
    r = ask(kb, "Quand le décret n° 2021-168 est-il entré en vigueur ?", ON)
    a = r.answers[0]
    assert a.fields["in_force"] == date(2021, 2, 19) and a.fields["published"] == date(2021, 2, 18)
    assert "19 février 2021" in a.summary and "lendemain de sa publication" in a.summary
    assert a.basis[0].citation == "article 1er, al. 1 du code civil"
    assert a.basis[0].url.startswith("https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070721")


def test_references_a_question_can_name(kb):
    from queries.question_refs import read_references

    c = kb.corpus
    # the text changed, not the décret that changed it
    assert read_references(c, "Qu'a changé le décret 2021-168 dans le décret du 27 mai 1999 ?").text_id == "D99_433"
    # a décret named by its year
    assert read_references(c, "L'article 2 du décret de 1966 a-t-il changé ?").text_id == "D66_137"
    # an item before its article
    assert read_references(c, "Que fait le 3° de l'article 8 du décret n° 2021-168 ?").provision == "art. 8, 3°"
    # a unit outside the articles
    refs = read_references(c, "Quel est l'intitulé du décret n° 99-433 ?")
    assert (refs.text_id, refs.article) == ("D99_433", "intitulé")


def test_listing_texts_articles_actors(kb):
    r = ask(kb, "Quels textes le décret modifie-t-il ?", ON)
    assert r.query["routed_to"] == "list" and {"CA", "D66_137", "D99_433", "D2014_1499"} <= {a.fields["id"] for a in r.answers}
    r = ask(kb, "Énumérez les articles du décret n° 66-137 que le décret de 2021 touche", ON)
    assert r.query["kinds"] == ["article"] and "D66_137:17-1" in {a.fields["id"] for a in r.answers}
    assert all(a.fields["id"].startswith("D66_137:") for a in r.answers)
    r = ask(kb, "Quels acteurs approuvent les actes de CMA France ?", ON)
    assert {"ministre_artisanat", "prefet_de_region"} <= {a.fields["id"] for a in r.answers}


def test_a_date_in_a_deadline_question_is_the_event(kb):
    r = ask(kb, "Projet de transaction de la CMAR reçu par le préfet de région le 3 mars 2022 : dans quel délai "
                "peut-il s'y opposer ?")
    a = r.answers[0]
    assert a.fields["id"] == "approbation_transaction_cmar" and a.fields["due_date"] == "2022-04-02"
    assert r.on.isoformat() == "2022-03-03" and r.query["event"]["date"] == "2022-03-03"
