"""cmakb text / diff, and version for articles the décret does not touch: real words, real exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from queries.cli import cli


@pytest.fixture(scope="module")
def run(kb):
    runner = CliRunner()

    def _run(*args):  # one knowledge base for every command (the CLI caches it in ctx.obj)
        r = runner.invoke(cli, list(args), catch_exceptions=False, obj={"kb": kb})
        return r.exit_code, r.output

    return _run


def test_text_blame_marks_each_passage_with_its_provision(run):
    code, out = run("text", "code de l'artisanat", "19", "--on", "2021-03-01", "--blame")
    assert code == 0
    assert "Code de l'artisanat, article 19 : en vigueur du 19 février 2021 au 30 juin 2023" in out
    assert "de l'artisanat⟦ de région⟧ [art. 2, 2° a) i)] a lieu trente jours" in out
    assert "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000034236047" in out


def test_text_json_gives_the_text_the_passages_and_the_version(run):
    code, out = run("text", "CA", "18", "--on", "2021-03-01", "--json")
    a = json.loads(out)["answers"][0]
    assert code == 0 and a["status"] == "in_force"
    assert a["interval"] == {"start": "2021-02-19", "end": "2023-07-01"}
    assert a["text"].split("\n")[1].startswith("-d'indemnités de fonctions aux présidents et aux trésoriers et "
                                               "trésoriers adjoints")
    assert {"text", "provision", "alinea"} <= set(a["passages"][0])
    assert [p["provision"] for p in a["passages"][:3]] == [None, "art. 2, 1° a)", None]
    assert a["basis"][0]["provision"] == "art. 2, 1° a)"


def test_text_before_the_decret_is_the_legi_text(run):
    code, out = run("text", "CA", "18", "--on", "2020-01-01", "--json")
    a = json.loads(out)["answers"][0]
    assert a["interval"] == {"start": "2017-03-19", "end": "2021-02-19"}
    assert {p["provision"] for p in a["passages"]} == {None}


def test_untouched_article_repealed_text_and_unknown_article(run):
    code, out = run("version", "CA", "20-1", "--on", "2022-01-01")
    assert code == 0 and "non modifié par le décret" in out and "au 30 juin 2023" in out
    code, out = run("version", "décret 2014-1499", "1", "--on", "2022-01-01", "--json")
    assert code == 0 and json.loads(out)["answers"][0]["version"]["status"] == "repealed"
    code, out = run("text", "CA", "999", "--on", "2022-01-01")
    assert code == 1 and "aucune de nos sources ne connaît l'article 999" in out
    code, _ = run("text", "CA", "x!", "--on", "2022-01-01")
    assert code == 2


def test_diff_gives_each_change_with_its_provision(run):
    code, out = run("diff", "CA", "18", "--from", "2021-02-18", "--to", "2021-02-19", "--json")
    assert code == 0
    changes = json.loads(out)["answers"]
    first = [c for c in changes if c["provision"] == "art. 2, 1° a)"]
    # a word diff keeps what both versions share (« et de leurs »): the words around it change
    assert "délégations" in " ".join(c["old"] for c in first)
    assert "de région" in " ".join(c["new"] for c in first) and first[0]["alinea"] == 1
    deleted = next(c for c in changes if c["provision"] == "art. 2, 1° d)")
    assert (deleted["change"], deleted["alinea"]) == ("delete", 5)
    assert deleted["old"] == ("et d'une chambre de métiers et de l'artisanat départementale et interdépartementale "
                              "mentionnés à l'article 21")
    # whole alinéas repealed are one change each, with the provision that repealed them
    code, out = run("diff", "CA", "77", "--from", "2021-01-01", "--to", "2021-03-01", "--json")
    gone = json.loads(out)["answers"]
    assert [(c["change"], c["alinea"], c["provision"]) for c in gone] == [("delete", 2, "art. 6, 5°"),
                                                                          ("delete", 3, "art. 6, 5°")]
    code, out = run("diff", "CA", "18", "--from", "2022-01-01", "--to", "2022-06-01")
    assert code == 0 and "aucune différence" in out


def test_check_fails_on_words_it_cannot_locate_with_file_line_col(tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "rules"
    shutil.copytree(Path(__file__).parent.parent / "rules", root)
    f = root / "code-artisanat" / "article-02.cma"
    src = f.read_text(encoding="utf-8")
    # art. 2, 1° a) cited in the wrong alinéa: the words « et de leurs délégations » are not in al. 3
    f.write_text(src.replace('substitute CA "art. 18, al. 1, phrase 1"', 'substitute CA "art. 18, al. 3"'),
                 encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", str(root)])
    assert r.exit_code == 1
    line = next(i for i, t in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if 'CA "art. 18, al. 3"' in t)
    assert f"article-02.cma:{line}:19: art. 2, 1° a): art. 18, al. 3: mots introuvables dans le texte cité: " \
           "« et de leurs délégations »" in r.output
    assert "^" in r.output


@pytest.mark.parametrize("article", ["17", "18", "19", "20", "21", "22", "22-2", "23", "24", "26", "28", "28-1",
                                     "28-2", "51", "76", "77", "82"])
def test_cmakb_text_gives_the_full_text_of_every_article_amended_in_part(kb, article):
    r = CliRunner().invoke(cli, ["text", "code de l'artisanat", article, "--on", "2021-03-01", "--json"],
                           obj={"kb": kb})
    assert r.exit_code == 0
    a = json.loads(r.output)["answers"][0]
    assert a["complete"] and a["version"]["amended"] and a["interval"]["start"] == "2021-02-19"
    assert a["text"] == "\n".join("".join(p["text"] for p in a["passages"] if (p["division"], p["alinea"]) == k)
                                  for k in dict.fromkeys((p["division"], p["alinea"]) for p in a["passages"]))
    assert any(p["provision"] is None for p in a["passages"])
    # 28-2 and 77 only lose words or alinéas: no passage of theirs is written by the décret
    assert any(p["provision"] for p in a["passages"]) == (article not in ("28-2", "77"))
    assert a["url"].startswith("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI")


def test_a_new_code_article_and_a_whole_article_written_by_the_decret(kb):
    r = CliRunner().invoke(cli, ["text", "CA", "R. 332-2", "--on", "2024-01-01", "--json"], obj={"kb": kb})
    a = json.loads(r.output)["answers"][0]
    assert r.exit_code == 0 and a["text"].startswith("CMA France :\n1° Exerce une fonction de veille juridique ;")
    assert "non modifié" not in a.get("summary", "")
    r = CliRunner().invoke(cli, ["text", "CA", "19 quater", "--on", "2022-01-01", "--json"], obj={"kb": kb})
    a = json.loads(r.output)["answers"][0]
    assert {p["provision"] for p in a["passages"]} == {"art. 2, 4°"}
    assert {p["decree_alinea"] for p in a["passages"]} == {None}  # written whole by the décret


def test_before_the_legi_version_the_state_is_unknown_not_yet_to_come(kb, run):
    from datetime import date

    from queries.article_versions import version_at

    info = version_at(kb, "CA", "18", date(2010, 1, 1)).answers[0].fields["version"]
    assert info.status == "unknown"  # art. 18 existed before 2017; LEGI gives only the version of 2017
    code, out = run("text", "CA", "18", "--on", "2010-01-01")
    assert code == 1 and "ses versions antérieures n'y sont pas" in out
    assert version_at(kb, "CA", "25-1", date(2020, 1, 1)).answers[0].fields["version"].status == "not_yet_in_force"
