"""Art. R. 332-2 of the new code de l'artisanat (CMA France's missions, art. 2 of décret n° 66-137 until
30 June 2023): an article of CA2023, its words those of the official text, and its 6° today's law."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.article_sources import load_article_sources
from engine.graph import AmendmentGraph, article_node, version_node
from queries.cli import cli
from queries.code_parts import text_holding

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "rules" / "sources" / "code-artisanat-R332-2.txt"
ARTICLE_FILE = ROOT / "rules" / "sources" / "code-2023" / "R332-2_missions_CMA_France.txt"
QUESTION = "Qui habilite les organismes de formation professionnelle ?"
HABILITE_2023 = ("Il habilite les organismes de formation professionnelle sous réserve de l'avis des organisations "
                 "professionnelles concernées représentées au niveau national.")
HABILITE_2021 = ("CMA France habilite les organismes de formation professionnelle sous réserve de l'avis des "
                 "organisations professionnelles concernées représentées au niveau national.")
RETRAIT_2023 = ("Cette habilitation peut être retirée aux organismes ne satisfaisant pas aux dispositions du règlement "
                "général de la certification et, le cas échéant, du règlement particulier de la certification, par une "
                "instance composée de représentants de CMA France et des organisations professionnelles concernées.")
SIXTH = ("6° Elabore les certifications professionnelles dans les conditions prévues à l'article L. 6113-1 du code du "
         "travail. " + HABILITE_2023 + " " + RETRAIT_2023)


@pytest.fixture(scope="module")
def run(kb):
    runner = CliRunner()

    def _run(*args):
        r = runner.invoke(cli, list(args), catch_exceptions=False, obj={"kb": kb})
        return r.exit_code, r.output

    return _run


def _json(run, *args):
    code, out = run(*args, "--json")
    return code, json.loads(out)


# ------------------------------------------------------------------ the source: the seed's words, laid out
def _seed_alineas() -> list[str]:
    """The seed as shipped (HTML: alinéas separated by <br/>, a link, a NOTA), read again here."""
    body = SEED.read_text(encoding="utf-8").partition("<i>NOTA:")[0]
    lines = [re.sub(r"<[^>]+>", "", part).strip() for part in body.split("<br/>")]
    return [line for line in lines if line and not line.startswith("# Article")]


def test_the_article_file_has_the_seeds_words_one_alinea_per_line():
    art = load_article_sources(str(ROOT / "rules" / "sources" / "code-2023"))["R. 332-2"]
    assert list(art.lines) == _seed_alineas()
    assert len(art.lines) == 8 and art.lines[0] == "CMA France :" and art.lines[6] == SIXTH
    assert art.lines[7].startswith("L'assemblée plénière de la chambre de métiers d'Alsace et la chambre de métiers "
                                   "de la Moselle peuvent décider de confier à CMA France")
    assert (art.number, art.legiarti, art.complete) == ("R. 332-2", None, True)
    assert art.in_force.startswith("2023-07-01") and "décret n° 66-137 art. 2" in art.old
    # the nota closes the article and is kept after it, as on the other files of the folder
    assert ARTICLE_FILE.read_text(encoding="utf-8").rstrip().endswith(
        "Nota\nConformément à l’article 7 du décret n° 2023-500 du 22 juin 2023, ces dispositions entrent en "
        "vigueur le 1er juillet 2023.")


def test_r_332_2_is_an_article_of_the_new_code_not_of_the_old(corpus):
    assert corpus.texts["CA2023"].has_article("R. 332-2") and not corpus.texts["CA"].has_article("R. 332-2")
    rec = corpus.records[("codification", "d66_137_art2_to_r332_2")]
    assert corpus.value(rec, "source") == ("D66_137", "art. 2")
    assert corpus.value(rec, "target") == ("CA2023", "art. R. 332-2")
    assert corpus.value(rec, "on") == date(2023, 7, 1)


def test_the_amendment_graph_links_66_137_art_2_to_ca2023_r_332_2(corpus):
    g = AmendmentGraph.from_corpus(corpus).graph
    edges = g.get_edge_data(version_node("CA2023:R. 332-2@2023-07-01"), article_node("D66_137", "2"))
    assert [(e["type"], e["date"], e["record"], e["basis"]) for e in edges.values()] == \
        [("codifies", "2023-07-01", "d66_137_art2_to_r332_2", "D2023_500:art. 7")]
    assert not g.has_node(article_node("CA", "R. 332-2"))
    assert not g.has_node(version_node("CA:R. 332-2@2023-07-01"))


# ------------------------------------------------------------------ who habilitates, by date
@pytest.mark.parametrize("on", [date(2023, 7, 1), date(2024, 1, 1), date.today()])
def test_today_the_habilitation_is_answered_from_r_332_2_6(run, on):
    code, d = _json(run, "ask", QUESTION, "--on", on.isoformat())
    assert code == 0
    a = d["answers"][0]
    assert (a["id"], a["status"], a["approver"], a["mode"]) == \
        ("habilitation_organismes_formation_2023", "in_force", "organisations_professionnelles", "avis")
    assert a["approver_name"] == "organisations professionnelles concernées représentées au niveau national"
    assert a["quote"] == HABILITE_2023
    assert (a["valid_from"], a["valid_to"]) == ("2023-07-01", None)
    [b] = a["basis"]
    assert (b["text_id"], b["short"]) == ("CA2023", "C. artisanat (2023), art. R. 332-2, 6°")
    assert b["citation"].startswith("article R. 332-2, 6° du code de l'artisanat (partie réglementaire issue du "
                                    "décret n° 2023-500)")
    [c] = a["continues"]
    assert (c["id"], c["valid_from"], c["valid_until"], c["quote"]) == \
        ("habilitation_organismes_formation", "2021-02-19", "2023-07-01", HABILITE_2021)
    assert c["short"] == ["Décr. n° 66-137, art. 2, 6°"]


def test_today_in_words_the_answer_says_which_rule_it_continues(run):
    code, out = run("ask", QUESTION, "--on", "2024-01-01")
    out = " ".join(out.split())  # the notes are wrapped
    assert code == 0
    assert "fondement : article R. 332-2, 6° du code de l'artisanat" in out
    assert "continue depuis le 1er juillet 2023 la règle applicable du 19 février 2021 au 30 juin 2023" in out
    assert "plus en vigueur" not in out and "nos sources n'y montrent pas cette règle" not in out


@pytest.mark.parametrize("on", ["2021-02-19", "2022-01-01", "2023-06-30"])
def test_in_2022_the_habilitation_is_answered_from_66_137_art_2_6(run, on):
    code, d = _json(run, "ask", QUESTION, "--on", on)
    assert code == 0
    a = d["answers"][0]
    assert (a["id"], a["status"], a["quote"]) == ("habilitation_organismes_formation", "in_force", HABILITE_2021)
    [b] = a["basis"]
    assert (b["text_id"], b["short"], b["provision"]) == ("D66_137", "Décr. n° 66-137, art. 2, 6°", "art. 7, 2° c)")


def test_the_withdrawal_today_is_r_332_2_6_phrase_3_in_its_own_words(run):
    code, d = _json(run, "ask", "Qui retire l'habilitation d'un organisme de formation ?", "--on", "2024-01-01")
    assert code == 0
    a = d["answers"][0]
    assert (a["id"], a["status"], a["approver"], a["mode"]) == \
        ("retrait_habilitation_organismes_formation_2023", "in_force", "instance_certification", "decision")
    assert a["quote"] == RETRAIT_2023
    assert a["condition"] == ["organisme ne satisfaisant pas aux dispositions du règlement général de la "
                              "certification et, le cas échéant, du règlement particulier de la certification"]
    assert a["basis"][0]["short"] == "C. artisanat (2023), art. R. 332-2, 6°, phrase 3"
    assert [c["id"] for c in a["continues"]] == ["retrait_habilitation_organismes_formation"]
    # in 2022 the same question is the décret's rule, in the décret's words
    code, d = _json(run, "ask", "Qui retire l'habilitation d'un organisme de formation ?", "--on", "2022-01-01")
    assert code == 0 and d["answers"][0]["id"] == "retrait_habilitation_organismes_formation"
    assert "de son règlement particulier" in d["answers"][0]["quote"]


# ------------------------------------------------------------------ version, text, history of R. 332-2
@pytest.mark.parametrize("text", ["CA2023", "nouveau code de l'artisanat", "code de l'artisanat"])
def test_version_of_r_332_2_on_2024(run, text):
    code, d = _json(run, "version", text, "R332-2", "--on", "2024-01-01")
    assert code == 0
    v = d["answers"][0]["version"]
    assert (v["text_id"], v["article"], v["status"], v["start"], v["end"]) == \
        ("CA2023", "R. 332-2", "in_force", "2023-07-01", None)
    assert v["predecessor"] == "D66_137 art. 2"
    assert v["full_text"].splitlines()[6] == SIXTH
    assert [b["short"] for b in d["answers"][0]["basis"]] == ["Décr. n° 2023-500, art. 7"]


def test_version_of_r_332_2_before_the_new_code(run):
    code, d = _json(run, "version", "code de l'artisanat", "R. 332-2", "--on", "2023-06-30")
    assert d["answers"][0]["version"]["status"] == "not_yet_in_force"


@pytest.mark.parametrize("text", ["CA2023", "code de l'artisanat"])
def test_text_of_r_332_2_on_2024(run, text):
    code, d = _json(run, "text", text, "R. 332-2", "--on", "2024-01-01")
    assert code == 0
    a = d["answers"][0]
    assert (a["text_id"], a["article"], a["status"], a["complete"]) == ("CA2023", "R. 332-2", "in_force", True)
    assert a["interval"] == {"start": "2023-07-01", "end": None}
    assert [p["text"] for p in a["passages"]] == _seed_alineas()
    code, out = run("text", text, "R. 332-2", "--on", "2024-01-01")
    assert out.startswith("Code de l'artisanat (partie réglementaire issue du décret n° 2023-500), article R. 332-2 : "
                          "en vigueur du 1er juillet 2023, sans terme connu")
    assert HABILITE_2023 in out


@pytest.mark.parametrize("text", ["CA2023", "code de l'artisanat"])
def test_history_of_r_332_2(run, text):
    code, d = _json(run, "history", text, "R. 332-2")
    assert code == 0
    [a] = d["answers"]
    assert a["summary"] == "[2023-07-01, …) in_force"
    assert (a["version"]["text_id"], a["version"]["predecessor"]) == ("CA2023", "D66_137 art. 2")


def test_the_old_article_became_ca2023_r_332_2(run):
    code, d = _json(run, "version", "décret 66-137", "2", "--on", "2024-01-01")
    v = d["answers"][0]["version"]
    assert (v["status"], v["successor"], v["start"]) == ("repealed", "CA2023 art. R. 332-2", "2023-07-01")


# ------------------------------------------------------------------ « code de l'artisanat »: one code, two texts
def test_an_article_only_the_new_code_has_is_found_there(corpus):
    assert text_holding(corpus, "CA", "R. 332-2") == "CA2023"
    assert text_holding(corpus, "CA", "art. R323-24") == "CA2023"
    assert text_holding(corpus, "CA", "19 quater") == "CA"          # the old code's own article
    assert text_holding(corpus, "CA", "R. 999-9") == "CA"           # unknown to both: stays unknown in CA
    assert text_holding(corpus, "D66_137", "R. 332-2") == "D66_137"  # not a code
    assert text_holding(corpus, "CA", "pas un numéro") == "CA"
    assert text_holding(corpus, "CA", None) == "CA"
