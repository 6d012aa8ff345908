"""`cmakb list`: what is encoded, with ids, French labels and bases (queries/listing.py)."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from queries.cli import cli
from queries.listing import WHATS, list_items


def run(kb, *args):
    result = CliRunner().invoke(cli, list(args), obj={"kb": kb})
    assert "Traceback" not in result.output
    return result


def test_texts_are_named_in_citation_form(kb):
    r = run(kb, "list", "texts")
    assert r.exit_code == 0
    assert "1. décret n° 2021-168 ; texte modificateur" in r.stdout
    assert "code de l'artisanat ; 48 article(s) touché(s)" in r.stdout
    assert "décret n° 2014-1499 ; texte entier" in r.stdout  # repealed whole by art. 17
    # the new code de l'artisanat of 2023 (#11) and the texts only cited as a basis, after the texts changed
    assert r.stdout.startswith("Textes encodés : 8\n")
    assert "6. code de l'artisanat (partie réglementaire issue du décret n° 2023-500) ; 11 article(s) touché(s)" \
        in r.stdout
    assert "7. code civil ; cité comme fondement\n8. décret n° 2023-500 ; cité comme fondement" in r.stdout


def test_approvals_on_a_date_carry_approver_mode_and_basis(kb):
    items = {i.id: i for i in list_items(kb, "approvals", date(2022, 1, 1))}
    grille = items["grille_des_emplois_cmar"]
    assert grille.fields["approver"] == "prefet_de_region" and grille.labels["approver"] == "préfet de région"
    assert grille.labels["mode"] == "approbation expresse"
    assert grille.period == "du 19 février 2021 au 30 juin 2023"
    assert grille.basis[0].short == "C. artisanat, art. 19, I bis, 4°" and grille.basis[0].provision == "art. 2, 2° b)"
    # before the décret none of its approvals holds
    assert list_items(kb, "approvals", date(2021, 1, 15)) == []


def test_articles_on_a_date_show_their_status(kb):
    r = run(kb, "list", "articles", "--on", "2022-01-01", "--json")
    data = json.loads(r.stdout)
    item = next(i for i in data["items"] if i["id"] == "D99_433:4")
    assert item["status"] == "renumbered" and item["labels"]["status"] == "renuméroté"
    assert item["label"] == "décret n° 99-433, art. 4" and item["provisions"] == ["art. 11, 6°"]
    assert "décret n° 99-433, art. 4 ; 2 version(s) ; renuméroté" in run(kb, "list", "articles", "--on",
                                                                        "2022-01-01").stdout


def test_actors_deadlines_and_norms(kb):
    actors = {i.id: i for i in list_items(kb, "actors", None)}
    assert actors["prefet_de_region"].label == "préfet de région"
    deadlines = list_items(kb, "deadlines", date(2022, 1, 1))
    assert any(i.labels.get("delay") == "15 jours" and i.labels.get("to") == "ministre chargé de l'artisanat"
               for i in deadlines)
    assert len(list_items(kb, "norms", date(2022, 1, 1))) >= 50


@pytest.mark.parametrize("what", WHATS)
def test_every_list_answers_in_json(kb, what):
    data = json.loads(run(kb, "list", what, "--json").stdout)
    assert data["what"] == what and data["items"]
    assert all(i["id"] and i["label"] for i in data["items"])


def test_an_unknown_list_is_bad_input(kb):
    r = run(kb, "list", "approval")
    assert r.exit_code == 2 and "approvals" in r.output
