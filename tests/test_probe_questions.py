"""Probe questions whose subject a verb or a measure carries (tests/fixtures/probe_questions.tsv): « Qui préside
la commission des finances ? », « Qui fixe le montant de la taxe ? », « Dans quel délai le ministre approuve-t-il
le budget ? ». Written before the fix (queries/matching.py, SUBJECT_WORDS): 16 of 25 were wrong on integration
7e9fc85, 11 of them a neighbour's rule at exit 0.

Bars: no question the rules do not cover gets an answer; a covered question gets its rule, except the few
left (KNOWN_ABSTENTIONS), which must abstain, never answer with another rule.
"""

import csv
from datetime import date
from pathlib import Path

import pytest

from queries.ask import ask

ROWS = list(csv.DictReader((Path(__file__).parent / "fixtures" / "probe_questions.tsv").open(encoding="utf-8"),
                           delimiter="\t", quoting=csv.QUOTE_NONE))

# Covered questions still not answered (exit 1, « non couverte »): a safe miss, listed so that a fix shows.
KNOWN_ABSTENTIONS = {
    # routed to the délai of instituting the commission; the norm says « président » as a noun only
    "Qui préside la commission d'organisation des élections ?",
    # « transaction »: the délai of the préfet's décision contraire scores under an unrelated rule of the 2023 code
    "Combien de temps le préfet de région a-t-il pour s'opposer à une transaction d'une CMAR ?",
    # « délibérations »: the record speaks of the bureau's votes, not of its délibérations
    "Qui vote les délibérations du bureau de CMA France par voie électronique ?",
}


def test_file_is_well_formed():
    assert 15 <= len(ROWS) <= 30 and list(ROWS[0]) == ["question", "date", "expected", "note"]
    assert sum(r["expected"] == "NOT_COVERED" for r in ROWS) >= 8


@pytest.mark.parametrize("row", ROWS, ids=[r["question"][:60] for r in ROWS])
def test_probe(kb, row):
    resp = ask(kb, row["question"], date.fromisoformat(row["date"]))
    got = [a.fields.get("id") for a in resp.answers]
    if row["expected"] == "NOT_COVERED" or row["question"] in KNOWN_ABSTENTIONS:
        assert not got, f"answered {got} although {row['note']}"
        assert resp.query["coverage"]["status"] == "not_covered"
        assert any(n.startswith("question non couverte par le décret") for n in resp.notes)
    else:
        assert got and got[0] in row["expected"].split("|"), (got, row["note"])


def test_the_three_known_wrong_answers_abstain_with_their_reason(kb):
    on = date(2022, 1, 1)
    cases = {"Qui préside la commission des finances de CMA France ?": "preside",
             "Qui fixe le montant de la taxe pour frais de chambre ?": "montant",
             "Dans quel délai le ministre approuve-t-il le budget de CMA France ?": "approuve"}
    for question, word in cases.items():
        resp = ask(kb, question, on)
        assert not resp.answers and resp.query["coverage"]["missing"] == [word], question
        assert resp.query["candidates"], question  # the neighbours are shown, with their scores


def test_a_word_said_in_the_negative_does_not_cover_the_question(kb):
    # « budget de CMA France n'est pas adopté ou pas approuvé »: the rule of the temporary execution is not the
    # délai to approve; « si le budget n'est pas approuvé » in a question asks about that rule, and gets it
    from queries.matching import affirmed_tokens, subject_words

    assert "approuve" not in affirmed_tokens("budget non approuvé")
    assert subject_words("Si le budget n'est pas approuvé, dans quel délai doit-il être exécuté ?", "deadline") == ()
    assert [w for w, _ in subject_words("Dans quel délai le ministre approuve-t-il le budget ?", "deadline")] == \
        ["approuve"]
    # a participle describing the object is not the verb asked
    assert subject_words("Qui approuve le budget voté par l'assemblée générale ?", "approval") == ()
    assert [w for w, _ in subject_words("Qui vote le budget ?", "approval")] == ["vote"]


# A second round, asked after the first fix (not written before it): the verbs it showed wrong at exit 0
# (représente, dirige, gère, élit; vote/adopte answered by a commission's avis or by the comptes « votés par
# l'assemblée générale ») are in SUBJECT_WORDS now; the others are controls.
SECOND_ROUND = {
    "Qui représente CMA France en justice ?": None,
    "Qui dirige les services de CMA France ?": None,
    "Qui gère le personnel d'une CMAR ?": None,
    "Qui élit le président de CMA France ?": None,
    "Qui vote le budget de CMA France ?": None,
    "Qui adopte le budget de CMA France ?": None,
    "Qui préside la conférence des présidents ?": "conference_des_presidents_composition",  # « présidée par »
    "Qui vote à bulletin secret à l'assemblée générale d'une CMAR ?": "ag_cmar_scrutin_secret",
    "Qui fixe le siège d'une CMAR ?": "siege_cmar",
    "Dans quel délai le ministre approuve-t-il le règlement intérieur de CMA France ?": "approbation_tacite_cma_france",
}


@pytest.mark.parametrize("question", list(SECOND_ROUND), ids=[q[:60] for q in SECOND_ROUND])
def test_second_round(kb, question):
    got = [a.fields.get("id") for a in ask(kb, question, date(2022, 1, 1)).answers]
    expected = SECOND_ROUND[question]
    assert (got[:1] == [expected]) if expected else not got, got


def test_the_verb_asked_is_the_clause_s_not_a_relative_one():
    from queries.matching import subject_words

    q = "Un président qui dirige à la fois la chambre de région et une chambre départementale : qui vote pour elle ?"
    assert [w for w, _ in subject_words(q, "norm")] == ["vote"]


def test_the_delai_to_approve_comes_from_the_approval_record_when_no_delai_record_gives_it(kb):
    # CA art. 28, II, al. 6 (base text, in force): tacit approval one month after receipt by the préfet de région
    resp = ask(kb, "Dans quel délai le préfet de région approuve-t-il le budget d'une CMAR ?", date(2022, 1, 1),
               date(2022, 3, 10))
    first = resp.answers[0].fields
    assert (first["id"], first["mode"], first["delay"], first["due_date"]) == \
        ("budget_cmar", "tacit", "1 months", "2022-04-10")
    assert "coverage" not in resp.query and resp.query["from_approval"] == ["budget_cmar"]
    assert any(b.citation.startswith("article 28, II, al. 6 du code de l'artisanat") for b in resp.answers[0].basis)
    # 66-137 art. 10, I, 2° e): the délibérations of the 2° are approved tacitly after two months
    resp = ask(kb, "Dans quel délai le ministre autorise-t-il la création d'une caisse de secours par CMA France ?",
               date(2022, 1, 1))
    assert [a.fields["id"] for a in resp.answers] == ["caisses_de_secours_cma_france"]
    assert resp.answers[0].fields["delay"] == "2 months"


def test_an_approval_without_delai_is_said_and_the_delai_question_stays_not_covered(kb):
    # 66-137 art. 10, I, 1° a): the budgets of CMA France are approved expressly by the ministre, no délai
    resp = ask(kb, "Dans quel délai le ministre approuve-t-il le budget de CMA France ?", date(2022, 1, 1))
    assert not resp.answers and resp.query["coverage"]["status"] == "not_covered"
    assert resp.query["coverage"]["approval_without_delay"] == ["budgets_cma_france"]
    assert any(n.startswith("règle d'approbation budgets_cma_france") and "ne fixe pas de délai" in n
               for n in resp.notes)


def test_third_round(kb):
    # asked after the second fix: « élections » (the commission d'organisation des élections) covered « élit »,
    # and today « le budget voté et la délibération » (what is transmitted within eight days) covered « vote »
    assert not ask(kb, "Qui élit les membres de la chambre de niveau départemental ?", date(2022, 1, 1)).answers
    assert not ask(kb, "Dans quel délai l'assemblée générale vote-t-elle le budget d'une CMAR ?", date(2026, 12, 1)).answers
    resp = ask(kb, "Qui préside le bureau d'une chambre de métiers et de l'artisanat de région ?", date(2022, 1, 1))
    assert [a.fields["id"] for a in resp.answers][:1] == ["president_cmar_convocation_compte_rendu"]


def test_a_record_s_name_says_its_act_not_the_participles_of_its_object():
    from queries.matching import _name_tokens

    assert "vote" not in _name_tokens("comptes de gestion de CMA France votés par l'assemblée générale")
    assert "vote" not in _name_tokens("transmettre le budget primitif ou rectificatif voté et la délibération")
    assert "presidee" in _name_tokens("elle est présidée par le président de CMA France")
    assert "approuve" in _name_tokens("faute de quoi il est réputé approuvé")
    assert "autorisee" not in _name_tokens("limite de l'exécution temporaire, autorisée par l'autorité de tutelle")
    assert "ag" in _name_tokens("l'assemblée générale")  # « assemblée » is no participle
