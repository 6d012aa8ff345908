"""Semantic checks of a rules tree: each mistake is caught, at its position, with the nearest names."""

import shutil
from pathlib import Path

import pytest

from engine.errors import ErrorList
from engine.kb import KnowledgeBase
from engine.loader import load_corpus
from queries.coverage import consistency_problems

RULES = Path(__file__).resolve().parent.parent / "rules"

TEXTS = '''
text AMD { title: "Décret n° 1 du 1er janvier 2021 modifiant" kind: decret number: "1" in_force: 2021-02-19 }
text T { title: "Décret n° 2 du 2 février 2002 relatif à tout" kind: decret number: "2"
         articles: "1", "2", "3", "4", "16", "30 à 33" units: "titre VI" }
actor p { name: "le préfet" }
'''


def tree(tmp_path, body, texts=TEXTS):
    (tmp_path / "texts.cma").write_text(texts, encoding="utf-8")
    (tmp_path / "body.cma").write_text(body, encoding="utf-8")
    return tmp_path


def errors_of(tmp_path, body, texts=TEXTS):
    with pytest.raises(ErrorList) as info:
        load_corpus(tree(tmp_path, body, texts))
    return info.value.errors


def test_a_valid_tree_loads(tmp_path):
    c = load_corpus(tree(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 30 à 33" }'))
    assert c.texts["T"].articles == ["1", "2", "3", "4", "16", "30", "31", "32", "33"]
    (target,) = c.targets[id(c.provisions[("AMD", "art. 1, 1°")].operations[0])]
    assert target.articles == ("30", "31", "32", "33")  # the range expanded


def test_unknown_text_with_nearest_names(tmp_path):
    (err,) = errors_of(tmp_path, 'provision AMD "art. 1, 1°" { repeal TT "art. 1" }')
    assert err.message == "unknown text 'TT'" and "T" in err.expected
    assert (err.pos.file.endswith("body.cma"), err.pos.line, err.pos.column) == (True, 1, 37)


def test_unknown_article_with_nearest_articles(tmp_path):
    (err,) = errors_of(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 17" }')
    assert err.message == "unknown article '17' of T" and {"1", "16"} <= set(err.expected)


def test_bad_citation_points_inside_the_string(tmp_path):
    (err,) = errors_of(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 2, zz" }')
    assert err.message.startswith("partie de citation illisible : 'zz'") and err.pos.column == 48


def test_unknown_provision_cited_by_a_norm(tmp_path):
    errs = errors_of(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 1" }\n'
                               'approval a { act: "x" approver: p mode: express basis: T "art. 2" '
                               'by: "art. 1, 2°" valid: [2021-02-19, open) }')
    assert [e.message for e in errs] == ["unknown provision 'art. 1, 2°' of the amending text"]
    assert errs[0].expected == ["art. 1, 1°"]


def test_duplicate_ids(tmp_path):
    errs = errors_of(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 1" }\n'
                               'provision AMD "art. 1, 1°" { repeal T "art. 2" }')
    assert errs[0].message.startswith("duplicate provision 'art. 1, 1°' (first at ")
    assert errs[0].pos.line == 2


def test_unknown_field_and_missing_required_field(tmp_path):
    errs = errors_of(tmp_path, 'approval a { act: "x" aprover: p mode: express basis: T "art. 2" '
                               'valid: [2021-02-19, open) }')
    messages = [e.message for e in errs]
    assert "unknown field 'aprover' for approval; did you mean: approver, proposer" in messages
    assert "approval 'a' lacks required field 'approver'" in messages


def test_bad_enum_value(tmp_path):
    (err,) = errors_of(tmp_path, 'approval a { act: "x" approver: p mode: tacitly basis: T "art. 2" '
                                 'valid: [2021-02-19, open) }')
    assert err.message.startswith("mode: 'tacitly' is not one of express, tacit")


def test_overlapping_validity_of_the_same_fact(tmp_path):
    (err,) = errors_of(tmp_path, 'fact p(a) { basis: T "art. 1" valid: [2021-01-01, 2022-01-01) }\n'
                                 'fact p(a) { basis: T "art. 1" valid: [2021-06-01, open) }')
    assert err.message.startswith("overlapping validity: p already holds on [2021-01-01, 2022-01-01)")
    assert err.pos.line == 2


def test_a_fact_without_basis(tmp_path):
    (err,) = errors_of(tmp_path, 'fact p(a) { valid: [2021-01-01, open) }')
    assert err.message == "a fact needs `basis`: every fact carries its legal basis and validity"


def test_unbound_variable_in_negation(tmp_path):
    (err,) = errors_of(tmp_path, "rule q(X) :- p(X), not r(Y)")
    assert err.message == "variable Y of a negated literal must be bound by an earlier literal"


def test_quotes_are_checked_against_the_published_decret(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "decret-66-137" / "article-09.cma"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("substitute D66_137 \"art. 17\" « redevances »",
                                 "substitute D66_137 \"art. 17\" « redevancez »"), encoding="utf-8")
    with pytest.raises(ErrorList) as info:
        load_corpus(tmp_path / "rules")
    (err,) = info.value.errors
    assert err.message == "quoted text not found in the source: 'redevancez'"
    assert err.pos.file.endswith("article-09.cma") and (err.pos.line, err.pos.column) == (13, 34)


def test_a_provision_the_decret_does_not_have(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "decret-66-137" / "article-09.cma"
    path.write_text(path.read_text(encoding="utf-8").replace('"art. 9, 6°"', '"art. 9, 7°"'), encoding="utf-8")
    with pytest.raises(ErrorList) as info:
        load_corpus(tmp_path / "rules")
    messages = [e.message for e in info.value.errors]
    assert messages[0] == "provision 'art. 9, 7°' does not exist in D2021_168"
    # and the norms that cite the provision by its label are caught too
    assert set(messages[1:]) <= {"unknown provision 'art. 9, 6°' of the amending text"}


# ------------------------------------------------------------------ consistency (cmakb check)
def problems(tmp_path, body):
    return consistency_problems(KnowledgeBase(load_corpus(tree(tmp_path, body))))


def test_changing_an_article_the_same_decret_repeals_is_caught(tmp_path):
    found = problems(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 30 à 33" }\n'
                               'provision AMD "art. 1, 2°" { delete T "art. 31, al. 1" « mots » }')
    assert len(found) == 1 and found[0].endswith(
        "body.cma:2:39: delete_words on art. 31 of T, which art. 1, 1° repealed on the same date")


def test_changing_an_article_renumbered_away_is_caught(tmp_path):
    found = problems(tmp_path, 'provision AMD "art. 1, 1°" { repeal T "art. 3" }\n'
                               'provision AMD "art. 1, 2°" { renumber T "art. 4" as "art. 3" }\n'
                               'provision AMD "art. 1, 3°" { substitute T "art. 4, al. 2" « a » by « b » }')
    assert len(found) == 1
    assert found[0].endswith("substitute on art. 4 of T, which art. 1, 2° renumbered on the same date "
                             "(cite it under its new number)")


def test_renumbering_into_a_number_still_in_force_is_caught(tmp_path):
    found = problems(tmp_path, 'provision AMD "art. 1, 1°" { renumber T "art. 4" as "art. 3" }')
    assert len(found) == 1 and found[0].endswith(
        "body.cma:1:53: art. 4 of T renumbered as art. 3, which is still in force (repeal it first)")


def test_overlapping_versions_are_caught(tmp_path):
    found = problems(tmp_path, 'provision AMD "art. 1, 1°" { add T "art. 4" after "art. 3" """Art. 4. - x""" }\n'
                               'codification c { source: T "art. 2" target: T "art. 4" on: 2023-07-01 '
                               'basis: T "art. 1" }')
    # The problem points at the codification's `on` date (line 2, column 60), where the second version starts.
    assert f"{tmp_path.name}/body.cma:2:60: T art. 4: versions overlap: [2021-02-19, 2999-01-01) and " \
           "[2023-07-01, 2999-01-01)" in found


def test_a_restored_article_may_be_changed_by_the_same_provision(tmp_path):
    assert problems(tmp_path, 'provision AMD "art. 1, 1°" { restore T "art. 16" """Art. 16. - Rétabli avec des mots."""\n'
                              '  delete T "art. 16, al. 1" « mots » }') == []


def test_the_real_rules_are_consistent(kb):
    assert consistency_problems(kb) == []
