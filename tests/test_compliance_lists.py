"""Election lists against art. 1er, I of décret n° 99-433 (queries/compliance/lists.py).

A well-formed section below: categories cycling alimentation, batiment, production, services
(so each has 4 among positions 1–16), sexes alternating F, M (3 + 2 in every group of five),
a métiers d'art candidate at position 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.compliance import check_list, render_result, result_to_json, run_check
from queries.compliance.lists import Candidate, Section
from queries.compliance.model import ComplianceError

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
CATS = ("alimentation", "batiment", "production", "services")


def section(dep: str = "D1", n: int = 35, sexes: dict[int, str] | None = None, cats: dict[int, str] | None = None,
            art: tuple[int, ...] = (3,)) -> Section:
    """A section of n candidates; `sexes`, `cats` override positions (1-based)."""
    sexes, cats = sexes or {}, cats or {}
    return Section(dep, tuple(
        Candidate(f"{dep}-{i}", sexes.get(i, "F" if i % 2 else "M"), cats.get(i, CATS[(i - 1) % 4]), i in art)
        for i in range(1, n + 1)))


def rules_of(result) -> list[str]:
    return [b.rule_id for b in result.breaches]


def test_well_formed_list(corpus):
    r = check_list(corpus, [section("D1"), section("D2")], CATS, departements=["D1", "D2"])
    assert r.ok and r.breaches == ()
    assert r.readings == {"last_group": "ignore (défaut)"}
    assert r.details["sections"][0]["categories_in_first"] == {c: 4 if c in ("production", "services") else 5
                                                               for c in CATS}


def test_thirty_five_candidates(corpus):
    r = check_list(corpus, [section(n=34)], CATS)
    assert rules_of(r) == ["liste_section_trente_cinq_candidats"]
    b = r.breaches[0]
    assert b.data == {"departement": "D1", "count": 34, "required": 35, "missing": 1}
    assert "décret n° 99-433" in b.basis.citation and "article 1er, I, al. 2" in b.basis.citation
    assert b.basis.provision == "art. 11, 3°"


def test_four_per_category_among_first_eighteen(corpus):
    # services only at 4, 8, 12 among the first 18 (16 is made alimentation; 17 and 18 are
    # alimentation and batiment anyway); services at 20 is too late.
    r = check_list(corpus, [section(cats={16: "alimentation"})], CATS)
    assert rules_of(r) == ["liste_quatre_par_categorie"]
    b = r.breaches[0]
    assert (b.data["category"], b.data["count"], b.data["positions"]) == ("services", 3, [4, 8, 12])
    assert "article 1er, I, al. 3" in b.basis.citation and "décret n° 99-433" in b.basis.citation


def test_each_category_reported(corpus):
    # the first 18 all alimentation: the three other categories each have 0
    r = check_list(corpus, [section(cats={i: "alimentation" for i in range(1, 19)})], CATS)
    assert sorted(b.data["category"] for b in r.breaches) == ["batiment", "production", "services"]
    assert all(b.data["positions"] == [] for b in r.breaches)


def test_metiers_d_art_among_first_seven(corpus):
    r = check_list(corpus, [section(art=(8, 20))], CATS)
    assert rules_of(r) == ["liste_metiers_d_art"]
    b = r.breaches[0]
    assert b.data["positions"] == [1, 2, 3, 4, 5, 6, 7] and b.data["first_metiers_d_art_position"] == 8
    assert "article 1er, I, al. 4" in b.basis.citation
    assert check_list(corpus, [section(art=(7,))], CATS).ok


def test_parity_groups_of_five(corpus):
    # group 2 (6–10): F F F F M; group 7 (31–35): M M M M F → both reported, with positions
    sexes = {6: "F", 7: "F", 8: "F", 9: "F", 10: "M", 31: "M", 32: "M", 33: "M", 34: "M", 35: "F"}
    r = check_list(corpus, [section(sexes=sexes)], CATS)
    assert rules_of(r) == ["liste_parite", "liste_parite"]
    g2, g7 = r.breaches
    assert (g2.data["group"], g2.data["positions"], g2.data["F"], g2.data["M"], g2.data["short_of"]) == \
        (2, [6, 7, 8, 9, 10], 4, 1, ["M"])
    assert (g7.data["group"], g7.data["positions"], g7.data["short_of"]) == (7, [31, 32, 33, 34, 35], ["F"])
    assert "article 1er, I, al. 5" in g2.basis.citation


@pytest.mark.parametrize("tail, ignore, proportional, strict", [
    # 38 candidates: the last group is 36–38 (3 candidates)
    (("F", "F", "F"), 0, 1, 1),   # proportional: ⌊2 × 3 / 5⌋ = 1 of each sex → no M
    (("F", "F", "M"), 0, 0, 1),   # strict: 2 of each even in a group of 3 → impossible
])
def test_last_incomplete_group_readings(corpus, tail, ignore, proportional, strict):
    sexes = {36 + i: s for i, s in enumerate(tail)}
    sec = section(n=38, sexes=sexes)
    for reading, expected in (("ignore", ignore), ("proportional", proportional), ("strict", strict)):
        r = check_list(corpus, [sec], CATS, {"last_group": reading})
        assert len(r.breaches) == expected, reading
        assert r.readings["last_group"].startswith(reading)
        if expected:
            assert r.breaches[0].data["positions"] == [36, 37, 38] and r.breaches[0].data["incomplete_group"]


def test_last_group_of_four(corpus):
    # 39 candidates, last group 36–39: F F F M → proportional needs ⌊8/5⌋ = 1 of each: met;
    # strict needs 2 M: not met.
    sec = section(n=39, sexes={36: "F", 37: "F", 38: "F", 39: "M"})
    assert check_list(corpus, [sec], CATS, {"last_group": "proportional"}).ok
    assert rules_of(check_list(corpus, [sec], CATS, {"last_group": "strict"})) == ["liste_parite"]


def test_one_section_per_departement(corpus):
    r = check_list(corpus, [section("D1"), section("D1"), section("D4")], CATS, departements=["D1", "D2", "D3"])
    assert rules_of(r) == ["scrutin_liste_regional"]
    assert r.breaches[0].data["missing"] == ["D2", "D3"] and r.breaches[0].data["extra"] == ["D4"]
    assert r.breaches[0].data["doubled"] == ["D1"]
    assert "article 1er, I, al. 1" in r.breaches[0].basis.citation


def test_all_breaches_of_a_bad_section_are_reported(corpus):
    sec = section(n=30, art=(), sexes={1: "M", 3: "M", 5: "M"}, cats={i: "batiment" for i in range(1, 19)})
    r = check_list(corpus, [sec], CATS, list_id="Z")
    assert set(rules_of(r)) == {"liste_section_trente_cinq_candidats", "liste_quatre_par_categorie",
                                "liste_metiers_d_art", "liste_parite"}
    assert all(b.data["list"] == "Z" and b.data["departement"] == "D1" for b in r.breaches)


def test_bad_data_is_refused(corpus):
    bad_sex = Section("D1", (Candidate("X", "W", "services"),))
    with pytest.raises(ComplianceError, match="position 1 .*sexe 'W'"):
        check_list(corpus, [bad_sex], CATS)
    bad_cat = Section("D1", (Candidate("X", "F", "transport"),))
    with pytest.raises(ComplianceError, match="catégorie 'transport'"):
        check_list(corpus, [bad_cat], CATS)
    with pytest.raises(ComplianceError, match="aucune catégorie"):
        check_list(corpus, [section()], [])
    with pytest.raises(ComplianceError, match="last_group"):
        check_list(corpus, [section()], CATS, {"last_group": "lenient"})


def test_example_list_with_breaches(corpus):
    # docs/examples/list.csv: list B, region D1 D2 D3; D1 is well formed; D2 has 33 candidates,
    # services only at 4, 8, 12 among the first 18, the first métiers d'art at 9, and F F F F M
    # at 6–10; no section for D3. Its last group (31–33: F F M) counts only in the strict reading.
    r = run_check("list", str(EXAMPLES / "list.csv"), corpus, {})
    assert rules_of(r) == ["scrutin_liste_regional", "liste_section_trente_cinq_candidats",
                           "liste_quatre_par_categorie", "liste_metiers_d_art", "liste_parite"]
    assert [b.data.get("positions") for b in r.breaches[2:]] == [[4, 8, 12], [1, 2, 3, 4, 5, 6, 7],
                                                                   [6, 7, 8, 9, 10]]
    assert all(b.data["list"] == "B" for b in r.breaches)
    strict = run_check("list", str(EXAMPLES / "list.csv"), corpus, {"last_group": "strict"})
    assert len(strict.breaches) == 6 and strict.breaches[-1].data["positions"] == [31, 32, 33]
    text = render_result(r)
    assert "NON CONFORME (5 manquement(s))" in text and "positions : 6–10" in text
    assert "lecture : last_group = ignore (défaut)" in text
    data = result_to_json(r)
    assert data["breaches"][1]["basis"]["short"] == "Décr. n° 99-433, art. 1er, I, al. 2"


def test_example_list_well_formed(corpus):
    r = run_check("check-list", str(EXAMPLES / "list.json"), corpus, {})
    assert r.ok and len(r.details["sections"]) == 3


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.sampled_from("FM"), min_size=35, max_size=45))
def test_parity_matches_a_direct_count(corpus, sexes):
    sec = Section("D1", tuple(Candidate(str(i), s, CATS[i % 4], i == 0) for i, s in enumerate(sexes)))
    r = check_list(corpus, [sec], CATS)
    bad_groups = [g + 1 for g in range(len(sexes) // 5)
                  if min(sexes[5 * g:5 * g + 5].count("F"), sexes[5 * g:5 * g + 5].count("M")) < 2]
    assert [b.data["group"] for b in r.breaches if b.rule_id == "liste_parite"] == bad_groups
