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
    assert str(exc.value).startswith(f"{path}: line 3, column") and exc.value.exit_code == 2


def test_bad_vote_count_names_record_and_field(tmp_path):
    doc = {"departements": ["D1", "D2"], "lists": [{"id": "A"}, {"id": "B"}],
           "votes": {"D1": {"A": 10, "B": "many"}, "D2": {"A": 3}}}
    path = write(tmp_path, "v.json", json.dumps(doc))
    with pytest.raises(InputError, match=r"v\.json: votes\.D1: field 'B': expected a whole number, got 'many'"):
        read_votes(path)


def test_unknown_list_and_departement_in_votes(tmp_path):
    doc = {"departements": ["D1"], "lists": [{"id": "A"}], "votes": {"D1": {"Z": 1}}}
    with pytest.raises(InputError, match="field 'Z': 'Z' is not one of the lists"):
        read_votes(write(tmp_path, "v.json", json.dumps(doc)))
    doc = {"departements": ["D1"], "lists": [{"id": "A"}], "votes": {"D9": {"A": 1}}}
    with pytest.raises(InputError, match="field 'D9'"):
        read_votes(write(tmp_path, "v.json", json.dumps(doc)))


def test_votes_csv_negative_and_line(tmp_path):
    path = write(tmp_path, "v.csv", "departement,list,votes\nD1,A,10\nD1,B,-3\n")
    with pytest.raises(InputError, match=r"v\.csv: line 3: field 'votes': expected a whole number ≥ 0, got -3"):
        read_votes(path)


def test_list_csv_bad_sex_names_line(tmp_path):
    path = write(tmp_path, "l.csv", "# categories: a, b\ndepartement,name,sex,category\nD1,X,F,a\nD1,Y,Z,b\n")
    with pytest.raises(InputError, match=r"l\.csv: line 4: field 'sex': expected F or M"):
        read_list(path)


def test_list_csv_h_means_m_and_positions(tmp_path):
    path = write(tmp_path, "l.csv", "# categories: a, b\ndepartement,position,name,sex,category\n"
                                    "D1,2,Y,H,b\nD1,1,X,f,a\n")
    data = read_list(path)
    assert [(c.name, c.sex) for c in data.sections[0].candidates] == [("X", "F"), ("Y", "M")]
    dup = write(tmp_path, "d.csv", "# categories: a\ndepartement,position,name,sex,category\nD1,1,X,F,a\nD1,1,Y,M,a\n")
    with pytest.raises(InputError, match="field 'position': positions of section D1 must be 1 to 2"):
        read_list(dup)


def test_list_csv_missing_column_and_categories(tmp_path, corpus):
    path = write(tmp_path, "l.csv", "departement,name,category\nD1,X,a\n")
    with pytest.raises(InputError, match="field 'sex': missing column"):
        read_list(path)
    no_cats = write(tmp_path, "n.csv", "departement,name,sex,category\nD1,X,F,a\n")
    with pytest.raises(InputError, match="metadata: field 'categories': missing"):
        read_list(no_cats)
    # the categories may come from the options instead
    r = run_check("list", no_cats, corpus, {"categories": "a"})
    assert r.details["categories"] == ["a"] and not r.ok


def test_list_json_unknown_category_names_record(tmp_path):
    doc = {"categories": ["a"], "sections": [{"departement": "D1", "candidates": [
        {"name": "X", "sex": "F", "category": "a"}, {"name": "Y", "sex": "M", "category": "b"}]}]}
    with pytest.raises(InputError, match=r"sections\[0\]\.candidates\[1\]: field 'category': 'b' is not one"):
        read_list(write(tmp_path, "l.json", json.dumps(doc)))


def test_bad_files(tmp_path, corpus):
    with pytest.raises(InputError, match="no such file"):
        run_check("seats", str(tmp_path / "none.json"), corpus, {})
    with pytest.raises(InputError, match="unknown file type '.txt'"):
        run_check("seats", write(tmp_path, "v.txt", "x"), corpus, {})
    with pytest.raises(InputError, match="expected an object"):
        run_check("vote", write(tmp_path, "v.json", "[1, 2]"), corpus, {})
    with pytest.raises(InputError, match="field 'operating_share': share 'lots' is not a number"):
        run_check("shares", write(tmp_path, "s.json", '{"operating_share": "lots"}'), corpus, {})


def test_one_record_csv(tmp_path, corpus):
    path = write(tmp_path, "vote.csv", "body,in_office,present,for,against,president_vote\n"
                                       "bureau_cmar,16,9,4,4,against\n")
    assert run_check("vote", path, corpus, {}).details["outcome"] == "rejected"


def test_options_are_checked(corpus):
    votes = str(EXAMPLES / "votes.json")
    with pytest.raises(ComplianceError, match="option 'last_group' does not apply to check seats"):
        run_check("seats", votes, corpus, {"last_group": "strict"})
    with pytest.raises(ComplianceError, match="unknown reading 'up'"):
        run_check("seats", votes, corpus, {"premium_rounding": "up"})
    # a command line passes unset options as None: ignored
    assert run_check("seats", votes, corpus, {"last_group": None, "premium_rounding": None}).ok
    with pytest.raises(ComplianceError, match="unknown check 'seat'") as exc:
        run_check("seat", votes, corpus, {})
    assert "seats" in exc.value.suggestions and set(KINDS) >= {"seats", "list"}
    assert isinstance(exc.value, CmakbError) and exc.value.exit_code == 2


def test_on_date_notes_rules_not_in_force(corpus):
    # the bureau rules of the code de l'artisanat end on 2023-07-01 (recodification)
    r = run_check("bureau", str(EXAMPLES / "bureau.csv"), corpus, {"on": "2024-01-01"})
    assert any(n.startswith("« Un troisième trésorier adjoint peut être élu dans les chambres dont la circonscription "
                            "compte plus de dix départements » : règle encodée du 19 février 2021 au 30 juin 2023, "
                            "pas en vigueur au 1er janvier 2024") for n in r.details["notes"])


def test_semantic_errors_name_the_file(tmp_path, corpus):
    bureau = write(tmp_path, "b.json", '{"n_departements": 3, "composition": {"presidente": 1}}')
    with pytest.raises(InputError, match=r"b\.json: composition: field 'presidente': unknown role"):
        run_check("bureau", bureau, corpus, {})
    vote = write(tmp_path, "v.json", '{"body": "bureau", "present": 3, "for": 1, "against": 1}')
    with pytest.raises(InputError, match=r"v\.json: top level: field 'body': 'bureau' is not one of"):
        run_check("vote", vote, corpus, {})
    # found by the check, not the reader: still names the file
    vote = write(tmp_path, "w.json", '{"body": "bureau_cmar", "in_office": 10, "present": 5, "for": 4, "against": 3}')
    with pytest.raises(InputError, match=r"w\.json: for \+ against \(7\) exceeds"):
        run_check("vote", vote, corpus, {})
    doc = {"departements": [f"D{i}" for i in range(14)], "lists": [{"id": "A"}], "votes": {"D0": {"A": 1}}}
    with pytest.raises(InputError, match="no row for 14"):
        run_check("seats", write(tmp_path, "s.json", json.dumps(doc)), corpus, {})
