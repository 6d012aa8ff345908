"""Input files of the compliance checks (queries/compliance/io.py) and run_check's plumbing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import CmakbError
from queries.compliance import KINDS, render_result, result_to_json, run_check
from queries.compliance.io import InputError, read_list, read_votes
from queries.compliance.model import ComplianceError

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

EXAMPLE_KINDS = {"votes.json": "seats", "votes.csv": "seats", "list.csv": "list", "list.json": "list",
                 "bureau.json": "bureau", "bureau.csv": "bureau", "vote.json": "vote",
                 "vote-repartition.json": "vote", "commission.json": "commission", "shares.json": "shares"}


def test_every_example_is_listed():
    assert {p.name for p in EXAMPLES.iterdir()} == set(EXAMPLE_KINDS)


@pytest.mark.parametrize("name", sorted(EXAMPLE_KINDS))
def test_every_example_runs(corpus, name):
    r = run_check(EXAMPLE_KINDS[name], str(EXAMPLES / name), corpus, {"on": "2021-06-01"})
    data = result_to_json(r)
    json.dumps(data, ensure_ascii=False)  # JSON-able all through
    assert data["kind"] == EXAMPLE_KINDS[name] and data["ok"] == (not data["breaches"])
    assert all(b["basis"]["citation"] for b in data["breaches"])
    assert render_result(r).splitlines()[0]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_invalid_json_names_file_and_line(tmp_path):
    path = write(tmp_path, "votes.json", '{\n  "departements": ["D1"],\n  "lists": [,]\n}')
    with pytest.raises(InputError) as exc:
        read_votes(path)
    assert str(exc.value).startswith(f"{path}: ligne 3, colonne") and exc.value.exit_code == 2


def test_bad_vote_count_names_record_and_field(tmp_path):
    doc = {"departements": ["D1", "D2"], "lists": [{"id": "A"}, {"id": "B"}],
           "votes": {"D1": {"A": 10, "B": "many"}, "D2": {"A": 3}}}
    path = write(tmp_path, "v.json", json.dumps(doc))
    with pytest.raises(InputError, match=r"v\.json: votes\.D1 : champ 'B' : attendu : un nombre entier ; trouvé : 'many'"):
        read_votes(path)


def test_unknown_list_and_departement_in_votes(tmp_path):
    doc = {"departements": ["D1"], "lists": [{"id": "A"}], "votes": {"D1": {"Z": 1}}}
    with pytest.raises(InputError, match="champ 'Z' : 'Z' n'est pas une des listes"):
        read_votes(write(tmp_path, "v.json", json.dumps(doc)))
    doc = {"departements": ["D1"], "lists": [{"id": "A"}], "votes": {"D9": {"A": 1}}}
    with pytest.raises(InputError, match="champ 'D9'"):
        read_votes(write(tmp_path, "v.json", json.dumps(doc)))


def test_votes_csv_negative_and_line(tmp_path):
    path = write(tmp_path, "v.csv", "departement,list,votes\nD1,A,10\nD1,B,-3\n")
    with pytest.raises(InputError, match=r"v\.csv: ligne 3 : champ 'votes' : attendu : un nombre entier ≥ 0 ; trouvé : -3"):
        read_votes(path)


def test_list_csv_bad_sex_names_line(tmp_path):
    path = write(tmp_path, "l.csv", "# categories: a, b\ndepartement,name,sex,category\nD1,X,F,a\nD1,Y,Z,b\n")
    with pytest.raises(InputError, match=r"l\.csv: ligne 4 : champ 'sex' : attendu : F ou M"):
        read_list(path)


def test_list_csv_h_means_m_and_positions(tmp_path):
    path = write(tmp_path, "l.csv", "# categories: a, b\ndepartement,position,name,sex,category\n"
                                    "D1,2,Y,H,b\nD1,1,X,f,a\n")
    data = read_list(path)
    assert [(c.name, c.sex) for c in data.sections[0].candidates] == [("X", "F"), ("Y", "M")]
    dup = write(tmp_path, "d.csv", "# categories: a\ndepartement,position,name,sex,category\nD1,1,X,F,a\nD1,1,Y,M,a\n")
    with pytest.raises(InputError, match="champ 'position' : les positions de la section D1 doivent aller de 1 à 2"):
        read_list(dup)


def test_list_csv_missing_column_and_categories(tmp_path, corpus):
    path = write(tmp_path, "l.csv", "departement,name,category\nD1,X,a\n")
    with pytest.raises(InputError, match="champ 'sex' : colonne manquante"):
        read_list(path)
    no_cats = write(tmp_path, "n.csv", "departement,name,sex,category\nD1,X,F,a\n")
    with pytest.raises(InputError, match=r"métadonnées \(# clé: valeur\) : champ 'categories' : manquant"):
        read_list(no_cats)
    # the categories may come from the options instead
    r = run_check("list", no_cats, corpus, {"categories": "a"})
    assert r.details["categories"] == ["a"] and not r.ok


def test_list_json_unknown_category_names_record(tmp_path):
    doc = {"categories": ["a"], "sections": [{"departement": "D1", "candidates": [
        {"name": "X", "sex": "F", "category": "a"}, {"name": "Y", "sex": "M", "category": "b"}]}]}
    with pytest.raises(InputError, match=r"sections\[0\]\.candidates\[1\] : champ 'category' : 'b' n'est pas une des catégories"):
        read_list(write(tmp_path, "l.json", json.dumps(doc)))


def test_bad_files(tmp_path, corpus):
    with pytest.raises(InputError, match="fichier inexistant"):
        run_check("seats", str(tmp_path / "none.json"), corpus, {})
    with pytest.raises(InputError, match="type de fichier inconnu '.txt'"):
        run_check("seats", write(tmp_path, "v.txt", "x"), corpus, {})
    with pytest.raises(InputError, match="attendu : un objet"):
        run_check("vote", write(tmp_path, "v.json", "[1, 2]"), corpus, {})
    with pytest.raises(InputError, match="champ 'operating_share' : part 'lots' illisible"):
        run_check("shares", write(tmp_path, "s.json", '{"operating_share": "lots"}'), corpus, {})


def test_one_record_csv(tmp_path, corpus):
    path = write(tmp_path, "vote.csv", "body,in_office,present,for,against,president_vote\n"
                                       "bureau_cmar,16,9,4,4,against\n")
    assert run_check("vote", path, corpus, {}).details["outcome"] == "rejected"


def test_options_are_checked(corpus):
    votes = str(EXAMPLES / "votes.json")
    with pytest.raises(ComplianceError, match="option inconnue du contrôle seats : 'last_group'"):
        run_check("seats", votes, corpus, {"last_group": "strict"})
    with pytest.raises(ComplianceError, match="lecture inconnue 'up'"):
        run_check("seats", votes, corpus, {"premium_rounding": "up"})
    # a command line passes unset options as None: ignored
    assert run_check("seats", votes, corpus, {"last_group": None, "premium_rounding": None}).ok
    with pytest.raises(ComplianceError, match="contrôle inconnu : 'seat'") as exc:
        run_check("seat", votes, corpus, {})
    assert "seats" in exc.value.suggestions and set(KINDS) >= {"seats", "list"}
    assert isinstance(exc.value, CmakbError) and exc.value.exit_code == 2


def test_on_date_notes_rules_not_in_force(corpus):
    # the bureau rules of the code de l'artisanat end on 2023-07-01 (recodification)
    r = run_check("bureau", str(EXAMPLES / "bureau.csv"), corpus, {"on": "2024-01-01"})
    # said once, in French, with the article (queries.recodified.date_checked)
    assert r.details["date_status"] == "ended"
    assert any(n.startswith("C. artisanat, art. 19, I, al. 3 : règle applicable du 19 février 2021 au 30 juin 2023, "
                            "plus en vigueur au 1er janvier 2024") for n in r.details["notes"])


def test_semantic_errors_name_the_file(tmp_path, corpus):
    bureau = write(tmp_path, "b.json", '{"n_departements": 3, "composition": {"presidente": 1}}')
    with pytest.raises(InputError, match=r"b\.json: composition : champ 'presidente' : rôle inconnu"):
        run_check("bureau", bureau, corpus, {})
    vote = write(tmp_path, "v.json", '{"body": "bureau", "present": 3, "for": 1, "against": 1}')
    with pytest.raises(InputError, match=r"v\.json: objet principal : champ 'body' : 'bureau' inconnu ; attendu :"):
        run_check("vote", vote, corpus, {})
    # found by the check, not the reader: still names the file
    vote = write(tmp_path, "w.json", '{"body": "bureau_cmar", "in_office": 10, "present": 5, "for": 4, "against": 3}')
    with pytest.raises(InputError, match=r"w\.json: for \+ against \(7\) dépasse"):
        run_check("vote", vote, corpus, {})
    doc = {"departements": [f"D{i}" for i in range(14)], "lists": [{"id": "A"}], "votes": {"D0": {"A": 1}}}
    with pytest.raises(InputError, match="pas de ligne pour 14"):
        run_check("seats", write(tmp_path, "s.json", json.dumps(doc)), corpus, {})
