"""The command line: answers with basis, JSON on request, exit codes 0/1/2, never a traceback."""

import json

import pytest
from click.testing import CliRunner

from queries.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def test_ask_the_readme_question():
    r = run("ask", "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?", "--on", "2022-01-01")
    assert r.exit_code == 0
    assert "préfet de région" in r.output
    assert "article 19, II bis, 3° du code de l'artisanat" in r.output


def test_ask_json_carries_the_route_answers_and_basis():
    r = run("ask", "qui approuve la grille des emplois ?", "--on", "2022-01-01", "--json")
    data = json.loads(r.output)
    assert data["query"]["routed_to"] == "approval" and data["kind"] == "approval"
    assert data["answers"][0]["approver"] == "prefet_de_region"
    assert data["answers"][0]["basis"][0]["subdivision"] == "I bis, 4°"
    assert data["answers"][0]["basis"][0]["provision"] == "art. 2, 2° b)"


def test_no_rule_in_force_before_the_decret_exits_1_with_a_note():
    r = run("approves", "grille des emplois", "--on", "2021-01-15", "--json")
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert data["answers"] == []
    assert any("ne s'applique qu'à compter du 2021-02-19" in n for n in data["notes"])


def test_deadline_with_from_date():
    r = run("deadline", "compte rendu des délibérations de l'assemblée générale de CMA France", "--from", "2022-01-31",
            "--on", "2022-01-31", "--json")
    a = json.loads(r.output)["answers"][0]
    assert (a["rule"], a["delay"], a["due_date"]) == ("within", "15 days", "2022-02-15")


def test_version_and_history():
    r = run("version", "décret 99-433", "4", "--on", "2022-01-01", "--json")
    v = json.loads(r.output)["answers"][0]["version"]
    assert (v["status"], v["successor"], v["produced_by"]) == ("renumbered", "D99_433 art. 3", ["art. 11, 6°"])
    r = run("history", "code de l'artisanat", "19quater", "--json")
    assert [a["version"]["status"] for a in json.loads(r.output)["answers"]] == ["in_force", "in_force", "repealed"]


def test_changes_of_an_article_and_by_a_provision(tmp_path):
    r = run("changes", "décret 66-137", "--article", "12", "--json")
    assert [a["provision"] for a in json.loads(r.output)["answers"]] == ["art. 8, 5° a) i)", "art. 8, 5° a) ii)",
                                                                        "art. 8, 5° b)"]
    r = run("changes", "--provision", "art. 11, 6°", "--json")
    (a,) = json.loads(r.output)["answers"]
    assert (a["type"], a["article"], a["new_number"]) == ("renumbers", "4", "art. 3")
    out, nodes = tmp_path / "g.graphml", tmp_path / "g.json"
    assert run("changes", "décret 99-433", "--graphml", str(out), "--graph-json", str(nodes)).exit_code == 0
    assert out.read_text().startswith("<?xml")
    assert "provision:D2021_168:art. 11, 6°" in {n["id"] for n in json.loads(nodes.read_text())["nodes"]}


def test_an_article_no_source_knows_is_no_answer_exit_1():
    # well-formed but unknown to every source: no answer (exit 1) that says so, not bad input
    r = run("version", "décret 66-137", "99")
    assert r.exit_code == 1
    # the text is named as a reader names it (#13's vocabulary: text output never shows the id D66_137)
    text = " ".join(r.output.split())
    assert "aucune de nos sources ne connaît l'article 99 de décret n° 66-137" in text and "art. 9, art. 19" in text


@pytest.mark.parametrize("args,message", [
    (("version", "décret 66-13", "2"), "texte inconnu : 'décret 66-13' ; vouliez-vous dire : décret 66-137"),
    (("version", "décret 66-137", "2", "--on", "2022-02-30"), "--on '2022-02-30' : date inexistante (février 2022 n'a que 28 jours) ; attendu : une date AAAA-MM-JJ"),
    (("deadline", "rapport", "--from", "hier"), "--from 'hier' : format non reconnu"),
    (("changes", "--provision", "art. 2, 2° z)"), "disposition inconnue du décret n° 2021-168 : 'art. 2, 2° z)' ; vouliez-vous dire"),
])
def test_bad_input_exits_2_with_a_clear_message(args, message):
    r = run(*args)
    assert r.exit_code == 2
    assert message in r.output


def test_check_a_broken_rules_file_prints_file_line_column(tmp_path):
    bad = tmp_path / "bad.cma"
    bad.write_text('text T { title: "x" kind: decret }\nprovision T "art. 1" {\n  repeal T "art. 9"\n}\n',
                   encoding="utf-8")
    r = run("check", str(bad))
    assert r.exit_code == 2
    assert "bad.cma:3:12: unknown article '9' of T" in r.output
    assert '      repeal T "art. 9"' in r.output and "^" in r.output


def test_check_and_coverage_of_the_real_rules():
    r = run("check")
    assert r.exit_code == 0 and "165 dispositions" in r.output
    r = run("coverage", "--json")
    rows = json.loads(r.output)
    assert r.exit_code == 0 and sum(row["encoded"] for row in rows) == 165 == sum(row["in_source"] for row in rows)
    assert all(not row["missing"] for row in rows)


def test_deadline_with_a_suspension_period():
    r = run("deadline", "approbation tacite des délibérations de CMA France", "--on", "2022-01-01", "--from",
            "2022-01-10", "--suspended", "2022-01-20:2022-02-03", "--json")
    a = json.loads(r.output)["answers"][0]
    assert (a["due_date_without_suspension"], a["due_date"], a["suspended_days"]) == ("2022-03-10", "2022-03-24", 14)
    assert run("deadline", "x", "--suspended", "2022-01-20").exit_code == 2


def test_report_article_writes_markdown_html_json_and_pictures(tmp_path):
    r = run("report", "article", "décret 66-137", "2", "--out", str(tmp_path), "--date", "2024-01-15")
    assert r.exit_code == 0
    html = (tmp_path / "article-d66-137-2.html").read_text(encoding="utf-8")
    assert "R. 332-2" in html and "art. 7, 2° c)" in html
    data = json.loads((tmp_path / "article-d66-137-2.json").read_text(encoding="utf-8"))
    assert data and (tmp_path / "article-d66-137-2.md").exists()


def test_graph_writes_svg(tmp_path):
    import xml.etree.ElementTree as ET

    r = run("graph", "décret 66-137", "--svg", str(tmp_path))
    assert r.exit_code == 0
    svg = (tmp_path / "amendments-d66-137.svg").read_text(encoding="utf-8")
    assert ET.fromstring(svg).tag.endswith("svg") and "17-1" in svg and "creates" in svg


EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "docs" / "examples"


@pytest.mark.parametrize("command,example,code", [
    ("check-list", "list.csv", 1), ("check-list", "list.json", 0), ("check-seats", "votes.json", 0),
    ("check-bureau", "bureau.json", 1), ("check-vote", "vote.json", 0), ("check-vote", "vote-repartition.json", 0),
    ("check-shares", "shares.json", 1), ("check-commission", "commission.json", 1),
])
def test_compliance_commands_on_the_example_files(command, example, code):
    # asked while the décret's rules are in force: exit 0 exactly when the example complies
    r = run(command, str(EXAMPLES / example), "--on", "2022-01-01", "--json")
    assert r.exit_code == code
    data = json.loads(r.output)
    assert data["ok"] is (code == 0) and data["details"]["date_status"] == "in_force"
    for breach in data["breaches"]:
        assert "décret n° " in breach["basis"]["citation"] or "code de l'artisanat" in breach["basis"]["citation"]


TODAY_STATUS = {"list": "unknown", "seats": "unknown", "bureau": "ended", "vote": "ended"}


@pytest.mark.parametrize("command,example,code", [
    ("check-list", "list.json", 0), ("check-seats", "votes.json", 0), ("check-vote", "vote.json", 0),
    ("check-vote", "vote-repartition.json", 0), ("check-bureau", "bureau.json", 1),
])
def test_compliance_commands_without_on_check_today_and_say_their_rules_are_not_todays_law(command, example, code):
    # without --on a check is asked today: the rules of 2021-2023 it applies ended on 1 July 2023 (code de
    # l'artisanat, décret n° 66-137) or are past what our sources follow (décret n° 99-433): exit 1 even when
    # the data comply, and the verdict says so
    r = run(command, str(EXAMPLES / example), "--json")
    data = json.loads(r.output)
    assert r.exit_code == 1 and data["ok"] is (code == 0)
    assert data["details"]["date_status"] == TODAY_STATUS[command.removeprefix("check-")]
    assert data["date"]["source"] == "today"
    text = run(command, str(EXAMPLES / example)).output.splitlines()[0]
    assert text.endswith({"unknown": "selon des règles dont nos sources ne disent pas si elles sont en vigueur à "
                                     "la date demandée (voir les notes)",
                          "ended": "selon des règles qui ne sont plus en vigueur à la date demandée (voir les notes)"}
                         [TODAY_STATUS[command.removeprefix("check-")]])


def test_the_seat_allocation_of_the_worked_example():
    data = json.loads(run("check-seats", str(EXAMPLES / "votes.json"), "--json").output)
    text = json.dumps(data, ensure_ascii=False)
    assert '"premium_rounding": "ceil"' in text or "premium_rounding" in text
    r = run("check-seats", str(EXAMPLES / "votes.json"))
    assert "D1 (10000 suffrages) : prime de 10 % 2 → A" in r.output


def test_compliance_bad_input_and_bad_reading_exit_2(tmp_path):
    assert run("check-seats", str(EXAMPLES / "votes.json"), "--reading", "premium_roundin=floor").exit_code == 2
    assert run("check-seats", str(tmp_path / "missing.json")).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"departements": "x"}', encoding="utf-8")
    r = run("check-seats", str(bad))
    assert r.exit_code == 2 and "bad.json" in r.output


def test_norm_command_answers_quorum_with_its_basis():
    r = run("norm", "quorum du bureau de la CMAR", "--on", "2022-01-01", "--json")
    a = json.loads(r.output)["answers"][0]
    assert (a["id"], a["topic"]) == ("bureau_cmar_quorum", "quorum")
    assert a["basis"][0]["citation"].startswith("article 19, II, al. 3 du code de l'artisanat")
