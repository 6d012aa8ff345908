"""Deadlines through the query API: due dates, flags, suspension, and rules not yet in force."""

from datetime import date

import pytest

from queries.deadlines import deadlines


def test_tacit_approval_delay_suspended_while_information_is_awaited(kb):
    # Received by the minister on 10 Jan 2022: two months → 10 Mar. Information asked on 20 Jan, produced on
    # 3 Feb: 14 days suspended (D66_137 art. 10, I, al. 16) → 24 Mar 2022.
    r = deadlines(kb, "approbation tacite des délibérations de CMA France", date(2022, 1, 1), date(2022, 1, 10),
                  [(date(2022, 1, 20), date(2022, 2, 3))])
    a = r.answers[0]
    assert a.fields["id"] == "approbation_tacite_cma_france"
    assert (a.fields["due_date_without_suspension"], a.fields["due_date"], a.fields["suspended_days"]) == \
        ("2022-03-10", "2022-03-24", 14)
    assert [b.subdivision for b in a.basis] == ["I, al. 15", "I, al. 16"]


def test_a_suspension_is_not_applied_where_the_text_provides_none(kb):
    r = deadlines(kb, "rapport d'exécution de la convention d'objectifs et de moyens", date(2022, 1, 1),
                  date(2022, 6, 1), [(date(2022, 7, 1), date(2022, 8, 1))])
    assert r.answers[0].fields["due_date"] == "2023-02-28"
    assert any("ne prévoit pas de suspension" in n for n in r.notes)


def test_a_due_date_on_a_public_holiday_is_flagged_not_moved(kb):
    # 15 days after 1 May 2022... choose an event whose due date is 14 July 2022 (Fête nationale): 29 Jun + 15 days.
    r = deadlines(kb, "compte rendu des délibérations de l'assemblée générale de CMA France", date(2022, 6, 29),
                  date(2022, 6, 29))
    a = r.answers[0]
    assert (a.fields["due_date"], a.fields["due_flag"]) == ("2022-07-14", "jour férié : Fête nationale")
    assert any("non reporté" in n for n in r.notes)


def test_a_rule_the_decret_created_does_not_apply_before_19_february_2021(kb):
    r = deadlines(kb, "rapport d'exécution de la convention d'objectifs et de moyens", date(2021, 2, 18),
                  date(2021, 2, 18))
    assert r.answers == []
    assert any("ne s'applique qu'à compter du 2021-02-19" in n for n in r.notes)


def test_a_period_counted_backwards(kb):
    r = deadlines(kb, "pas d'élection partielle avant le renouvellement quinquennal", date(2022, 1, 1),
                  date(2026, 10, 15))
    a = next(x for x in r.answers if x.fields["id"] == "pas_d_election_avant_renouvellement")
    assert (a.fields["due_date"], a.fields["due_reading"]) == ("2025-10-15", "aucune à compter du")


@pytest.mark.parametrize("on,due,year", [("2024-03-01", "2025-02-28", 2024), ("2024-02-10", "2024-02-29", 2023),
                                         ("2024-02-29", "2024-02-29", 2023)])
def test_a_yearly_deadline_asked_without_an_event_gives_the_next_due_date(kb, on, due, year):
    """R. 323-24: the report on a year is due on the last day of February of the next; asked on a date
    without --from, the next due date at that date, and which year's report it is."""
    resp = deadlines(kb, "rapport d'exécution de la convention", date.fromisoformat(on))
    f = resp.answers[0].fields
    assert (f["due_date"], f["due_year"], f["due_computed_from"]) == (due, year, "asked_date")
    assert any(f"celle de l'année {year}" in n for n in resp.notes)
    assert not any(n.startswith("donnez --from") for n in resp.notes)
    with_event = deadlines(kb, "rapport d'exécution de la convention", date(2026, 6, 1), date(2026, 6, 1))
    assert with_event.answers[0].fields["due_date"] == "2027-02-28" and "due_year" not in with_event.answers[0].fields
