"""The workbench's JSON API (queries/web/), through FastAPI's test client (no browser, no socket): the same
answers, bases and JSON as `cmakb … --json`, errors in the CLI's words with HTTP 400/404."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from queries.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"


@pytest.fixture(scope="module")
def client(kb):
    from fastapi.testclient import TestClient

    from queries.web import create_app

    return TestClient(create_app(kb, max_upload=64 * 1024))


def cli_json(kb, *args):
    r = CliRunner().invoke(cli, [*args, "--json"], obj={"kb": kb})
    return json.loads(r.stdout)


@pytest.mark.parametrize("route, params, command", [
    ("/api/ask", {"q": "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?",
                  "on": "2022-01-01"},
     ["ask", "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?", "--on", "2022-01-01"]),
    ("/api/approvals", {"act": "grille des emplois", "on": "2022-01-01"},
     ["approves", "grille des emplois", "--on", "2022-01-01"]),
    ("/api/deadlines", {"subject": "approbation tacite des délibérations de CMA France", "on": "2022-01-10",
                        "from": "2022-01-10", "suspended": "2022-01-20:2022-02-03"},
     ["deadline", "approbation tacite des délibérations de CMA France", "--on", "2022-01-10", "--from", "2022-01-10",
      "--suspended", "2022-01-20:2022-02-03"]),
    ("/api/norms", {"about": "quorum du bureau de la CMAR", "on": "2022-01-01"},
     ["norm", "quorum du bureau de la CMAR", "--on", "2022-01-01"]),
    ("/api/versions", {"text": "décret 99-433", "article": "4", "on": "2022-01-01"},
     ["version", "décret 99-433", "4", "--on", "2022-01-01"]),
    ("/api/history", {"text": "code de l'artisanat", "article": "19 quater"},
     ["history", "code de l'artisanat", "19 quater"]),
    ("/api/changes", {"text": "décret 66-137", "article": "12"}, ["changes", "décret 66-137", "--article", "12"]),
    ("/api/changes", {"provision": "art. 2, 2° d)"}, ["changes", "--provision", "art. 2, 2° d)"]),
    ("/api/list/approvals", {"on": "2022-01-01"}, ["list", "approvals", "--on", "2022-01-01"]),
    # an article no source knows is no answer (exit 1) with the nearest articles, not bad input (#10)
    ("/api/versions", {"text": "décret 99-433", "article": "99", "on": "2022-01-01"},
     ["version", "décret 99-433", "99", "--on", "2022-01-01"]),
])
def test_the_api_answers_as_the_cli_does(client, kb, route, params, command):
    r = client.get(route, params=params)
    assert r.status_code == 200
    assert r.json() == cli_json(kb, *command)


def test_an_answer_carries_its_basis_and_labels(client):
    a = client.get("/api/approvals", params={"act": "budget de la CMAR", "on": "2022-01-01"}).json()["answers"][0]
    assert a["approver"] == "prefet_de_region" and a["labels"]["approver"] == "préfet de région"
    assert a["basis"][0]["citation"].startswith("article 19, II bis, 3° du code de l'artisanat")
    assert a["basis"][0]["provision"] == "art. 2, 2° d)"
    assert a["basis"][0]["provision_url"].endswith("/jo/article_2")


def test_why_is_the_cli_why(client, kb):
    r = client.get("/api/approvals", params={"act": "grille des emplois", "on": "2022-01-01", "why": "true"})
    assert r.json() == cli_json(kb, "approves", "grille des emplois", "--on", "2022-01-01", "--why")
    assert r.json()["answers"][0]["why"]["rule_origin"].startswith("rules/norms/derived.cma:")


def test_a_deadline_due_date(client):
    a = client.get("/api/deadlines", params={"subject": "rapport d'exécution de la convention d'objectifs et de moyens",
                                             "from": "2023-06-01", "on": "2023-06-01"}).json()["answers"][0]
    assert a["due_date"] == "2024-02-29"


@pytest.mark.parametrize("route, params, status, cli_args", [
    ("/api/versions", {"text": "décret 99-999"}, 404, ["version", "décret 99-999"]),
    ("/api/approvals", {"act": "budget", "on": "2022-13-01"}, 400, ["approves", "budget", "--on", "2022-13-01"]),
    ("/api/deadlines", {"subject": "rapport", "suspended": "2022-01-20"}, 400,
     ["deadline", "rapport", "--suspended", "2022-01-20"]),
    ("/api/list/approval", {}, 404, ["list", "approval"]),
])
def test_errors_are_json_with_the_cli_message(client, kb, route, params, status, cli_args):
    r = client.get(route, params=params)
    assert r.status_code == status
    body = r.json()
    cli_result = CliRunner().invoke(cli, cli_args, obj={"kb": kb})
    assert cli_result.exit_code == 2 and body["exit_code"] == 2
    assert body["error"] == cli_result.stderr.strip()


def test_a_missing_parameter_is_400_in_french(client):
    r = client.get("/api/approvals")
    assert r.status_code == 400 and r.json()["error"] == "paramètre manquant : act"
    assert client.get("/api/nope").status_code == 404


def test_compliance_check_posts_the_file_and_gets_the_cli_json(client, kb):
    body = (EXAMPLES / "list.csv").read_bytes()
    r = client.post("/api/check/list", content=body, headers={"content-type": "text/csv"})
    assert r.status_code == 200
    expected = cli_json(kb, "check-list", str(EXAMPLES / "list.csv"))
    assert r.json()["breaches"] == expected["breaches"] and r.json()["ok"] is False
    assert [b["rule_id"] for b in r.json()["breaches"]][:2] == ["scrutin_liste_regional",
                                                                 "liste_section_trente_cinq_candidats"]
    r = client.post("/api/check/seats", params={"reading": "premium_rounding=floor"},
                    content=(EXAMPLES / "votes.json").read_bytes(), headers={"content-type": "application/json"})
    assert r.json() == cli_json(kb, "check-seats", str(EXAMPLES / "votes.json"), "--reading", "premium_rounding=floor")


def test_compliance_errors(client):
    assert client.post("/api/check/nope", content=b"{}").status_code == 404
    r = client.post("/api/check/vote", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "vote.json" in r.json()["error"] and "/tmp" not in r.json()["error"]
    r = client.post("/api/check/vote", content=b" " * (65 * 1024), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "trop volumineux" in r.json()["error"]
    r = client.post("/api/check/seats", params={"reading": "premium_rounding=sideways"},
                    content=(EXAMPLES / "votes.json").read_bytes())
    assert r.status_code == 400 and "lecture inconnue 'sideways'" in r.json()["error"]


def test_the_api_is_read_only(client):
    for route in ("/api/ask", "/api/versions", "/api/list/texts"):
        assert client.post(route).status_code == 405
        assert client.delete(route).status_code == 405


@pytest.mark.parametrize("params", [
    {"text": "code de l'artisanat", "article": "19", "on": "2021-03-01"},
    {"text": "décret 66-137", "article": "2", "on": "2022-01-01"},
    {"text": "décret 99-433", "article": "99", "on": "2022-01-01"},  # no source knows it: no answer, as the CLI
])
def test_text_is_cmakb_text_json(client, kb, params):
    r = client.get("/api/text", params=params)
    assert r.status_code == 200
    assert r.json() == cli_json(kb, "text", params["text"], params["article"], "--on", params["on"])


def test_text_gives_the_consolidated_words_each_passage_with_its_provision(client):
    body = client.get("/api/text", params={"text": "code de l'artisanat", "article": "19", "on": "2021-03-01"}).json()
    a = body["answers"][0]
    assert a["status"] == "in_force" and a["interval"] == {"start": "2021-02-19", "end": "2023-07-01"}
    first = [p for p in a["passages"] if p["division"] == "I" and p["alinea"] == 1]
    assert "".join(p["text"] for p in first).startswith(
        "I.-L'installation de l'assemblée générale des chambres de métiers et de l'artisanat de région a lieu trente "
        "jours au plus tard après la proclamation des résultats des élections")
    assert {"text": " de région", "provision": "art. 2, 2° a) i)"}.items() <= first[1].items()
    assert any(b["provision"] == "art. 2, 2° a) i)" for b in a["basis"])
    none = client.get("/api/text", params={"text": "décret 99-433", "article": "99", "on": "2022-01-01"}).json()
    assert none["answers"] == [] and "articles proches : art. 9, art. 19" in none["notes"][0]
    assert client.get("/api/text", params={"text": "code de l'artisanat"}).status_code == 400  # ARTICLE is required


def test_the_api_says_which_date_it_used_as_the_cli_does(client):
    for route, params in (("/api/approvals", {"act": "grille des emplois"}),
                          ("/api/norms", {"about": "quorum du bureau de la CMAR"}),
                          ("/api/versions", {"text": "décret 99-433", "article": "4"})):
        body = client.get(route, params={**params, "on": "2022-01-01"}).json()
        assert body["notes"][0] == "date de la question : 1er janvier 2022, donnée par l'option --on"
        assert body["query"]["date"] == {"date": "2022-01-01", "source": "option", "words": None, "reading": ""}
    # a délai without `on` is asked as the law stood at the event (`from`), as `cmakb deadline --from` is
    body = client.get("/api/deadlines", params={"subject": "approbation tacite des délibérations de CMA France",
                                                "from": "2022-01-10"}).json()
    assert body["on"] == "2022-01-10" and body["query"]["date"]["source"] == "event"
    assert body["answers"][0]["due_date"] == "2022-03-10"


def test_openapi_and_our_own_doc_page_without_cdn(client):
    spec = client.get("/openapi.json").json()
    for route in ("/api/ask", "/api/approvals", "/api/deadlines", "/api/norms", "/api/versions", "/api/history",
                  "/api/changes", "/api/list/{what}", "/api/check/{kind}", "/api/text"):
        assert route in spec["paths"], route
    assert client.get("/docs").status_code == 404  # FastAPI's Swagger UI page would load from a CDN
    page = client.get("/api").text
    assert "/api/ask" in page and "cdn" not in page.lower() and "https://" not in page.split("<footer")[0]


def test_serve_binds_to_loopback_by_default_and_help_stays_light():
    from queries.cli_serve import serve_cmd

    host = next(p for p in serve_cmd.params if p.name == "host")
    assert host.default == "127.0.0.1"
    code = "import sys, queries.cli; sys.exit(int(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'pydantic'))))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_ask_reads_the_date_in_the_question_when_on_is_not_given(client):
    # « le 18 février 2021 »: the day before the décret, art. 17-1 of 66-137 is not yet in force (as `cmakb ask`)
    q = "Quelle version de l'article 17-1 du décret 66-137 est en vigueur le 18 février 2021 ?"
    body = client.get("/api/ask", params={"q": q}).json()
    assert body["on"] == "2021-02-18"
    assert body["answers"][0]["version"]["status"] == "not_yet_in_force"
    assert body["query"]["date"]["source"] == "question"
