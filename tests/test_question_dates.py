"""Dates in the question: the date asked and the event's date, read from French words; explicit
--on / --from win; without --on the date asked is the event's; every answer says which date it used."""

from datetime import date

import pytest

from queries.ask import ask
from queries.cli import main
from queries.question_dates import asked_date, dates_used, read_dates


@pytest.mark.parametrize("question,asked,event", [
    ("Qui approuve le budget de la CMAR au 1er janvier 2022 ?", date(2022, 1, 1), None),
    ("L'article 17-1 du décret 66-137 était-il en vigueur le 18 février 2021 ?", date(2021, 2, 18), None),
    ("Qui approuve le budget d'une CMAR en 2022 ?", date(2022, 1, 1), None),
    ("Quelle règle s'appliquait avant le 1er juillet 2023 ?", date(2023, 6, 30), None),
    ("Quand publier les comptes de l'exercice 2021 ?", None, date(2021, 12, 31)),
    ("Rapport d'exécution de la COM pour l'année 2023 : quelle date limite ?", None, date(2023, 12, 31)),
    ("Délibération reçue le 3 mars 2022 par le ministre : quel délai ?", None, date(2022, 3, 3)),
    ("Au 01/02/2022, qu'en est-il ?", date(2022, 2, 1), None),
    ("Le décret n° 66-137 du 7 mars 1966 a-t-il été modifié ?", None, None),
    ("Quand le décret du 16 février 2021 est-il entré en vigueur ?", None, None),
])
def test_read_dates(question, asked, event):
    found = read_dates(question)
    assert (found.asked.value if found.asked else None) == asked
    assert (found.event.value if found.event else None) == event


def test_options_win_and_event_sets_the_date_asked():
    q = "Délibération reçue le 3 mars 2022 : quel délai au 1er janvier 2023 ?"
    asked, event = dates_used(q, None, None)
    assert (asked.value, asked.source, event.value, event.source) == (date(2023, 1, 1), "question", date(2022, 3, 3), "question")
    asked, event = dates_used(q, date(2022, 6, 1), date(2022, 4, 1))
    assert (asked.value, asked.source, event.value, event.source) == (date(2022, 6, 1), "option", date(2022, 4, 1), "option")
    asked, event = dates_used("Délibération reçue le 3 mars 2022 : quel délai ?", None, None)
    assert (asked.value, asked.source) == (date(2022, 3, 3), "event")
    assert asked_date(None, date(2023, 6, 1)).value == date(2023, 6, 1)
    assert asked_date(None, None, today=date(2030, 1, 1)).source == "today"


def test_version_question_is_asked_at_its_date(kb):
    r = ask(kb, "Quelle version de l'article 17-1 du décret 66-137 est en vigueur le 18 février 2021 ?")
    assert r.on == date(2021, 2, 18) and r.query["date"]["source"] == "question"
    assert r.answers[0].fields["version"].status == "not_yet_in_force"  # art. 17-1 is created by the décret
    assert "date de la question : 18 février 2021, lue dans la question" in r.notes[0]
    r = ask(kb, "L'article 17-1 du décret 66-137 est-il en vigueur au 1er janvier 2022 ?")
    assert r.answers[0].fields["version"].status == "in_force"


def test_deadline_event_in_question_gives_due_date(kb):
    r = ask(kb, "Délai d'approbation tacite des délibérations de CMA France reçues le 3 mars 2022 par le ministre ?")
    a = r.answers[0]
    assert a.fields["id"] == "approbation_tacite_cma_france"
    assert a.fields["due_date"] == "2022-05-03" and r.on == date(2022, 3, 3)
    assert any(n.startswith("date de l'événement : 3 mars 2022") for n in r.notes)


def _run(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    return exc.value.code, capsys.readouterr().out


def test_cli_from_without_on_asks_at_the_event(capsys):
    code, out = _run(["deadline", "rapport d'exécution de la convention d'objectifs et de moyens",
                      "--from", "2023-06-01"], capsys)
    assert code == 0 and "[délai, au 1er juin 2023]" in out  # the header's date in French (#13's vocabulary)
    assert "date de la question : 1er juin 2023, celle de l'événement (--from)" in out
    code, out = _run(["ask", "Quand faut-il transmettre le rapport d'exécution de la convention d'objectifs et de "
                      "moyens ?", "--from", "2023-06-01"], capsys)
    assert code == 0 and "au 1er juin 2023]" in out and "29 février 2024" in out


EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "docs" / "examples"


def test_every_command_says_which_date_it_used(capsys):
    code, out = _run(["approves", "budget de la CMAR", "--on", "2022-01-01"], capsys)
    assert code == 0 and "date de la question : 1er janvier 2022, donnée par l'option --on" in out
    code, out = _run(["norm", "quorum du bureau de la CMAR"], capsys)
    assert "aujourd'hui, faute de date dans la question ou d'option --on" in " ".join(out.split())
    # check-* give the date with and without --on (without, they checked today's rules silently)
    for argv in (["check-bureau", str(EXAMPLES / "bureau.json")],
                 ["check-bureau", str(EXAMPLES / "bureau.json"), "--on", "2022-01-01"]):
        code, out = _run(argv, capsys)
        assert code == 1 and "note : date de la question : " in out
    code, out = _run(["check-bureau", str(EXAMPLES / "bureau.json"), "--on", "2022-01-01", "--json"], capsys)
    import json

    assert json.loads(out)["date"] == {"date": "2022-01-01", "source": "option", "words": None, "reading": ""}


@pytest.mark.parametrize("argv", [["ask", "Qui approuve le budget de la CMAR ?", "--on", ""],
                                  ["deadline", "rapport d'exécution", "--on", ""],
                                  ["approves", "budget", "--on", ""]])
def test_an_empty_on_is_bad_input(argv, capsys):
    code, _ = _run(argv, capsys)
    assert code == 2
