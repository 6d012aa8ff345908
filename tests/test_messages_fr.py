"""Bad query inputs are said in French, through the CLI (exit 2) and the workbench (JSON error, HTTP 400/404):
the value typed, what is expected, an example, the nearest known names — « texte inconnu : 'nosuchtext' ;
vouliez-vous dire : CA, CA2023, CCIV ? ». French typography: a space before « : ; ? »."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from queries.cli import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
DATE = "attendu : une date AAAA-MM-JJ, par ex. 2022-01-31"
ENGLISH = re.compile(r"\b(expected|did you mean|unknown|bad|cannot|not a|missing|got|e\.g\.|invalid|no such)\b")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("args, message", [
    (("version", "nosuchtext", "19"), "texte inconnu : 'nosuchtext' ; vouliez-vous dire : CA, CA2023, CCIV ?"),
    (("history", "décret 66-13", "2"), "texte inconnu : 'décret 66-13' ; vouliez-vous dire : décret 66-137"),
    (("version", "CA", "19", "--on", "2021-13-01"), f"--on '2021-13-01' : date inexistante (il n'y a pas de mois 13) ; {DATE}"),
    (("version", "CA", "19", "--on", "2021-02-29"),
     f"--on '2021-02-29' : date inexistante (février 2021 n'a que 28 jours) ; {DATE}"),
    (("version", "CA", "19", "--on", "20210219"), f"--on '20210219' : format non reconnu ; {DATE}"),
    (("deadline", "x", "--from", "2021-13-01"), f"--from '2021-13-01' : date inexistante (il n'y a pas de mois 13) ; {DATE}"),
    (("deadline", "x", "--from", ""), f"--from '' : date vide ; {DATE}"),
    (("diff", "CA", "19", "--from", "2021-01-01", "--to", "hier"), f"--to 'hier' : format non reconnu ; {DATE}"),
    (("deadline", "x", "--suspended", "2022"), "--suspended '2022' : période illisible ; attendu : FROM:TO, deux dates "
                                               "AAAA-MM-JJ séparées par « : », par ex. 2022-01-20:2022-02-03"),
    (("version", "CA", "zz!"), "numéro d'article illisible : 'zz!' ; attendu : un numéro comme 17, 17-1, 19 quater "
                               "ou R. 332-2"),
    (("text", "CA", "zz!"), "numéro d'article illisible : 'zz!' ; attendu : un numéro comme 17, 17-1, 19 quater "
                            "ou R. 332-2"),
    (("changes", "CA", "--article", "999"), "article inconnu du code de l'artisanat : '999' ; vouliez-vous dire : "
                                            "art. 79, art. 39, art. 19 ?"),
    (("changes", "--provision", "art. 2, 2° z)"), "disposition inconnue du décret n° 2021-168 : 'art. 2, 2° z)' ; "
                                                  "vouliez-vous dire :"),
    (("changes",), "texte manquant : nommez un texte (par ex. « décret 99-433 ») ou une --provision "
                   "(par ex. « art. 2, 2° d) »)"),
    (("deadline", "approbation tacite des délibérations de CMA France", "--from", "9999-12-31", "--on", "2022-01-01"),
     "date hors du calendrier : le délai compté à partir de cette date finirait avant le 1er janvier 0001 ou après "
     "le 31 décembre 9999"),
    (("check-vote", "/nonexistent/vote.json"), "/nonexistent/vote.json: fichier inexistant"),
    (("check-vote", "--reading", "majority"), "--reading 'majority' : lecture illisible ; attendu : NOM=VALEUR, "
                                              "par ex. threshold_scope=region"),
])
def test_cli_bad_inputs_exit_2_in_french(args, message):
    if args[:2] == ("check-vote", "--reading"):
        args = (*args, EXAMPLES / "vote.json")
    r = run(*args)
    assert r.exit_code == 2
    assert message in r.output
    assert not ENGLISH.search(r.output), r.output


def test_the_suggestions_are_the_nearest_known_names():
    from engine.errors import QueryError

    err = QueryError("texte inconnu : 'nosuchtext'", ["CA", "CA2023", "CCIV"])
    assert str(err) == "texte inconnu : 'nosuchtext' ; vouliez-vous dire : CA, CA2023, CCIV ?"
    assert str(QueryError("question vide")) == "question vide"


@pytest.mark.parametrize("name, content, message", [
    ("shares.json", '{"operating_share": NaN, "express_authorisation": false}',
     "JSON invalide : NaN n'est pas un nombre ; attendu : un nombre fini"),
    ("shares.json", '{"operating_share": "beaucoup", "express_authorisation": false}',
     "objet principal : champ 'operating_share' : part 'beaucoup' illisible ; attendu : un nombre, un pourcentage "
     "ou une fraction d'au plus 18 chiffres, par ex. 0.5"),
    ("commission.json", '{"is_chef_lieu": false}', "objet principal : champ 'members' : manquant"),
    ("commission.csv", "members,is_chef_lieu\nquinze,false\n",
     "ligne 2 : champ 'members' : attendu : un nombre entier ; trouvé : 'quinze'"),
    ("commission.json", '{"members": 15,', "ligne 1, colonne 16 : JSON invalide (nom de propriété attendu, entre "
     "guillemets droits"),
])
def test_compliance_inputs_are_said_in_french(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    r = run(f"check-{name.split('.')[0]}", path)
    assert r.exit_code == 2 and message in r.output and str(path) in r.output
    assert not ENGLISH.search(r.output.replace(str(path), "")), r.output


def test_an_unwritable_output_is_said_in_french(tmp_path):
    r = run("changes", "décret 99-433", "--graphml", tmp_path / "nodir" / "g.graphml")
    assert r.exit_code == 2 and r.output.strip() == (
        f"impossible d'écrire --graphml '{tmp_path}/nodir/g.graphml' : dossier inexistant ; attendu : un chemin "
        "modifiable dans un dossier existant")


def test_a_questions_file_is_said_in_french(tmp_path):
    path = tmp_path / "q.json"
    path.write_text('[{"question": "budget", "quand": "2022-01-01"}]', encoding="utf-8")
    r = run("report", "questions", path, "--out", tmp_path / "out")
    assert r.exit_code == 2
    assert r.output.strip() == f"{path}: question 1 : clé(s) inconnue(s) quand ; attendu : question, on, from"


# ------------------------------------------------------------------ the workbench's API and pages
@pytest.fixture(scope="module")
def client(kb):
    from fastapi.testclient import TestClient

    from queries.web import create_app

    return TestClient(create_app(kb, max_upload=64 * 1024))


def test_api_unknown_text_is_a_french_404(client):
    r = client.get("/api/versions", params={"text": "nosuchtext", "article": "19"})
    assert r.status_code == 404
    assert r.json() == {"error": "texte inconnu : 'nosuchtext' ; vouliez-vous dire : CA, CA2023, CCIV ?",
                        "message": "texte inconnu : 'nosuchtext'", "suggestions": ["CA", "CA2023", "CCIV"],
                        "exit_code": 2}


def test_api_mistyped_route_suggests_the_right_one(client):
    r = client.get("/api/version", params={"text": "nosuchtext"})
    assert r.status_code == 404
    assert r.json()["message"] == "route inconnue de l'API : /api/version"
    assert r.json()["suggestions"][0] == "/api/versions"


@pytest.mark.parametrize("url, params, status, message", [
    ("/api/deadlines", {"subject": "x", "from": "2021-13-01"}, 400,
     f"--from '2021-13-01' : date inexistante (il n'y a pas de mois 13) ; {DATE}"),
    ("/api/versions", {"text": "CA", "article": "19", "on": "2021-02-30"}, 400,
     f"--on '2021-02-30' : date inexistante (février 2021 n'a que 28 jours) ; {DATE}"),
    ("/api/changes", {"text": "CA", "article": "999"}, 404,
     "article inconnu du code de l'artisanat : '999' ; vouliez-vous dire : art. 79, art. 39, art. 19 ?"),
    ("/api/changes", {"provision": "art. 99"}, 404, "disposition inconnue du décret n° 2021-168 : 'art. 99' ;"),
    ("/api/changes", {"text": "CA", "article": "zz!"}, 400, "numéro d'article illisible : 'zz!'"),
])
def test_api_bad_inputs_in_french(client, url, params, status, message):
    r = client.get(url, params=params)
    assert r.status_code == status and r.json()["error"].startswith(message) and r.json()["exit_code"] == 2
    assert not ENGLISH.search(r.json()["error"])


def test_api_checks_in_french(client):
    r = client.post("/api/check/nope", content=b"{}")
    assert r.status_code == 404 and r.json()["message"].startswith("contrôle inconnu : 'nope' ; attendu : list, seats")
    r = client.post("/api/check/vote", content=b"{}", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "vote.json: objet principal : champ 'body' : manquant"


def test_a_page_keeps_the_dates_of_an_error_as_typed(client):
    r = client.get("/approbations", params={"on": "2022-02-30"})
    assert r.status_code == 400
    assert (f"--on &#39;2022-02-30&#39; : date inexistante (février 2022 n&#39;a que 28 jours) ; {DATE}"
            .replace("'", "&#39;") in r.text)


@pytest.mark.parametrize("url, message", [
    ("/api/approvals", "paramètre manquant : act"),
    ("/api/approvals?act=budget&why=peut-etre", "paramètre invalide : why = 'peut-etre' ; attendu : true ou false"),
    ("/api/approvals?act=" + "x" * 600, "paramètre trop long : act ; attendu : au plus 500 caractères"),
])
def test_api_parameters_are_said_in_french(client, url, message):
    r = client.get(url)
    assert r.status_code == 400 and r.json()["error"] == message


def test_clicks_number_types_are_french():
    r = run("serve", "--port", "abc")
    assert r.exit_code == 2 and "Valeur invalide pour '--port' : 'abc' n'est pas un entier valide." in r.output


def test_text_and_diff_without_an_answer_name_the_text():
    r = run("text", "CA", "999")
    assert r.exit_code == 1
    assert "note : aucune de nos sources ne connaît l'article 999 de code de l'artisanat" in r.output
    r = run("diff", "CA", "999", "--from", "2021-01-01", "--to", "2022-01-01")
    assert r.exit_code == 1
    assert r.output.startswith("différences de code de l'artisanat, art. 999 du 1er janvier 2021 au 1er janvier 2022")
