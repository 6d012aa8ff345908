"""Bureau, commissions territoriales, votes and shares of the taxes (queries/compliance/body_checks.py)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from queries.compliance import render_result, run_check
from queries.compliance.body_checks import (check_bureau, check_commission_territoriale, check_tax_shares, check_vote,
                                       parse_share, role_id)
from queries.compliance.model import ComplianceError

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

BUREAU = {"president": 1, "vice_president": 2, "tresorier": 1, "tresorier_adjoint": 1, "secretaire": 1,
          "secretaire_adjoint": 1}


def rules_of(result) -> list[str]:
    return [b.rule_id for b in result.breaches]


# ------------------------------------------------------------------ bureau (CA art. 19, I, al. 3)

def test_bureau_well_formed(corpus):
    r = check_bureau(corpus, 3, BUREAU)
    assert r.ok and r.details["max_tresoriers_adjoints"] == 2
    assert r.bases[0].citation.startswith("article 19, I, al. 3 du code de l'artisanat")


@pytest.mark.parametrize("change, rule, role", [
    ({"president": 0}, "bureau_cmar_composition", "president"),
    ({"president": 2}, "bureau_cmar_composition", "president"),
    ({"vice_president": 0}, "bureau_cmar_composition", "vice_president"),
    ({"tresorier": 2}, "bureau_cmar_composition", "tresorier"),
    ({"tresorier_adjoint": 0}, "bureau_cmar_composition", "tresorier_adjoint"),
    ({"secretaire": 0}, "bureau_cmar_composition", "secretaire"),
    ({"secretaire_adjoint": 0}, "bureau_cmar_composition", "secretaire_adjoint"),
    ({"tresorier_adjoint": 4}, "bureau_cmar_composition", "tresorier_adjoint"),
])
def test_bureau_breaches(corpus, change, rule, role):
    r = check_bureau(corpus, 3, {**BUREAU, **change})
    assert rules_of(r) == [rule] and r.breaches[0].data["role"] == role


def test_third_assistant_treasurer_only_above_ten_departements(corpus):
    three = {**BUREAU, "tresorier_adjoint": 3}
    r = check_bureau(corpus, 10, three)
    assert rules_of(r) == ["bureau_cmar_troisieme_tresorier_adjoint"]
    assert r.breaches[0].data == {"role": "tresorier_adjoint", "count": 3, "max": 2, "n_departements": 10}
    assert "article 19, I, al. 3" in r.breaches[0].basis.citation
    assert check_bureau(corpus, 11, three).ok
    four = check_bureau(corpus, 12, {**BUREAU, "tresorier_adjoint": 4})
    assert rules_of(four) == ["bureau_cmar_troisieme_tresorier_adjoint"] and four.breaches[0].data["max"] == 3


def test_roles_as_typed(corpus):
    assert role_id("Trésoriers adjoints") == "tresorier_adjoint"
    assert role_id("secrétaire-adjoint") == "secretaire_adjoint"
    with pytest.raises(ComplianceError, match="rôle inconnu : 'tresoriere'") as exc:
        role_id("tresoriere")
    assert "tresorier" in exc.value.suggestions


def test_bureau_example(corpus):
    r = run_check("check-bureau", str(EXAMPLES / "bureau.json"), corpus, {})
    assert rules_of(r) == ["bureau_cmar_composition", "bureau_cmar_troisieme_tresorier_adjoint"]
    assert run_check("bureau", str(EXAMPLES / "bureau.csv"), corpus, {}).ok  # 12 départements, 3 adjoints


# ------------------------------------------------------------------ commissions territoriales (CA art. 21, I)

@pytest.mark.parametrize("members, chef_lieu, rules", [
    (8, False, []), (14, False, []), (15, True, []),
    (7, False, ["commissions_territoriales_effectif"]),
    (16, False, ["commissions_territoriales_effectif"]),
    (14, True, ["commissions_territoriales_chef_lieu"]),
    (16, True, ["commissions_territoriales_effectif", "commissions_territoriales_chef_lieu"]),
    (15, False, ["commissions_territoriales_chef_lieu"]),  # « seules » the chef-lieu has 15
])
def test_commission_territoriale(corpus, members, chef_lieu, rules):
    r = check_commission_territoriale(corpus, members, chef_lieu)
    assert rules_of(r) == rules
    assert all("article 21, I, al. 1 du code de l'artisanat" in b.basis.citation for b in r.breaches)


def test_commission_fifteen_reading(corpus):
    r = check_commission_territoriale(corpus, 15, False, {"fifteen": "any"})
    assert r.ok and r.readings == {"fifteen": "any"} and r.details["allowed"] == [8, 15]
    assert check_commission_territoriale(corpus, 15, False).readings == {"fifteen": "chef_lieu_only (défaut)"}


# ------------------------------------------------------------------ votes of a bureau

def test_quorum_not_met(corpus):
    # 16 in office: the quorum « dépasse la moitié », so 8 present is not enough
    r = check_vote(corpus, "bureau_cmar", 16, 8, 5, 2)
    assert not r.ok and r.details["outcome"] == "invalid"
    assert rules_of(r) == ["bureau_cmar_quorum"]
    assert r.breaches[0].data == {"present": 8, "in_office": 16, "required_more_than": "8"}
    assert "article 19, II, al. 3 du code de l'artisanat" in r.breaches[0].basis.citation
    assert check_vote(corpus, "bureau_cmar", 16, 9, 5, 2).details["outcome"] == "adopted"
    # odd number in office: 7.5 → 8 present suffice
    assert check_vote(corpus, "bureau_cmar", 15, 8, 5, 2).ok


def test_quorum_cma_france_cites_decret_66_137(corpus):
    r = check_vote(corpus, "bureau_cma_france", 20, 10, 6, 3)
    assert rules_of(r) == ["bureau_cma_france_quorum"]
    assert "décret n° 66-137" in r.breaches[0].basis.citation and "article 12, II" in r.breaches[0].basis.citation


@pytest.mark.parametrize("for_, against, president, outcome", [
    (5, 4, None, "adopted"),
    (4, 5, None, "rejected"),
    (3, 2, None, "adopted"),          # 4 abstentions do not count: 3 of 5 votes cast
    (4, 4, "for", "adopted"),         # partage des voix: the president's vote decides
    (4, 4, "against", "rejected"),
    (4, 4, None, "undetermined"),
    (4, 4, "abstain", "rejected"),    # no casting vote without the president's vote
    (0, 0, None, "rejected"),
])
def test_bureau_majority_and_casting_vote(corpus, for_, against, president, outcome):
    r = check_vote(corpus, "bureau_cma_france", 12, 9, for_, against, president)
    assert r.ok and r.details["outcome"] == outcome


def test_vote_example_and_render(corpus):
    r = run_check("check-vote", str(EXAMPLES / "vote.json"), corpus, {})
    assert r.details["outcome"] == "adopted" and r.details["casting_vote"] == "for"
    assert "issue du vote : adoptée" in render_result(r)


def test_vote_bad_numbers(corpus):
    with pytest.raises(ComplianceError, match="dépasse"):
        check_vote(corpus, "bureau_cmar", 10, 6, 4, 3)
    with pytest.raises(ComplianceError, match="present \\(11\\) dépasse in_office"):
        check_vote(corpus, "bureau_cmar", 10, 11, 4, 3)
    with pytest.raises(ComplianceError, match="instance inconnue"):
        check_vote(corpus, "bureau", 10, 6, 4, 1)
    with pytest.raises(ComplianceError, match="aucune voix de ce sens"):
        check_vote(corpus, "bureau_cmar", 10, 6, 0, 3, "for")


# ------------------------------------------------------------------ répartition vote of the AG of CMA France

@pytest.mark.parametrize("for_, against, outcome", [
    (60, 50, "adopted"),          # absolute majority of the 110 votes cast
    (50, 55, "deemed_approved"),  # no majority; 55 < 2/3 × 120 = 80 opponents
    (30, 80, "rejected"),         # exactly two thirds of the 120 present oppose
    (30, 79, "deemed_approved"),
    (55, 55, "deemed_approved"),  # a tie is no absolute majority; no casting vote in the AG
])
def test_repartition_vote(corpus, for_, against, outcome):
    r = check_vote(corpus, "ag_cma_france_repartition", None, 120, for_, against)
    assert r.ok and r.details["outcome"] == outcome
    assert r.bases[1].citation.startswith("article 9, IV, al. 3 du décret n° 66-137")


def test_repartition_two_thirds_base(corpus):
    # 120 present, 105 with voix délibérative; 30 for, 75 against: 75 < 80 (2/3 of the present)
    # but ≥ 70 (2/3 of those with voix délibérative)
    present = check_vote(corpus, "ag_cma_france_repartition", None, 120, 30, 75, voting_present=105)
    deliberative = check_vote(corpus, "ag_cma_france_repartition", None, 120, 30, 75, voting_present=105,
                              options={"two_thirds_of": "deliberative"})
    assert present.details["outcome"] == "deemed_approved"
    assert present.readings == {"two_thirds_of": "present (défaut)"}
    assert deliberative.details["outcome"] == "rejected"


def test_repartition_example(corpus):
    r = run_check("vote", str(EXAMPLES / "vote-repartition.json"), corpus, {})
    assert r.details["outcome"] == "deemed_approved"
    assert "réputée approuvée" in render_result(r)


# ------------------------------------------------------------------ shares of the taxes (D66_137 art. 17-1, I, 1°)

@pytest.mark.parametrize("share, authorised, ok", [
    (0.5, False, True), ("51 %", False, False), ("3/5", True, True), ("75 %", True, True),
    (0.76, True, False), (0, False, True),
])
def test_operating_share(corpus, share, authorised, ok):
    r = check_tax_shares(corpus, share, authorised)
    assert r.ok == ok
    if not ok:
        assert rules_of(r) == ["repartition_part_fonctionnement"]
        assert "article 17-1, I, 1° du décret n° 66-137" in r.breaches[0].basis.citation


def test_share_parsing():
    assert parse_share("50 %") == Fraction(1, 2) and parse_share("0,75") == Fraction(3, 4)
    for bad in ("half", "150 %", -0.1, True):
        with pytest.raises(ComplianceError):
            parse_share(bad)


def test_shares_example(corpus):
    r = run_check("check-shares", str(EXAMPLES / "shares.json"), corpus, {})
    assert not r.ok and "jusqu'à 75 % avec l'autorisation expresse" in r.breaches[0].message
