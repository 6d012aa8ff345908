"""Which deadline applies: the rule, its basis, and the concrete due date computed from an event date.

A due date on a Saturday, Sunday or public holiday is flagged, never moved: the text says
nothing of a report to the next working day, so the reader decides.

    >>> r = deadlines(kb, "rapport d'exécution de la convention d'objectifs et de moyens", date(2022, 1, 1),
    ...               date(2023, 6, 1))
    >>> r.answers[0].fields["due_date"]
    '2024-02-29'
"""

from __future__ import annotations

from datetime import date, timedelta

from typing import TYPE_CHECKING

from engine.ast import Duration
from engine.kb import KnowledgeBase

from . import recodified
from .answers import Response
from .french import day_month, french_duration, month_name
from .routing_cues import DEADLINE_QUESTION_WORDS
from .norms import NOT_COVERED, actor_name, answer, common_fields, record_bases, select

QUESTION_WORDS = DEADLINE_QUESTION_WORDS  # words that say "délai" without naming the obligation

RULE_WORDS = {
    "within": "dans un délai de {delay}",
    "end_of_month_following_year": "au plus tard le dernier jour du mois de {month} de l'année suivante",
    "before_annual_date": "avant le {day_month} de chaque année",
    "end_of_year_following": "au plus tard le 31 décembre de l'année suivant l'exercice",
    "at_least_every": "au moins tous les {delay}",
    "at_least_once_per": "au moins une fois par {delay}",
    "limit": "dans la limite de {delay}",
    "none_within_before": "aucune dans les {delay} qui précèdent",
    "first_day_of_previous_month": "au plus tard le premier jour du mois précédant celui de l'événement",
    "from_date": "à compter du {date}",
    "within_after_vacancy": "dans un délai de {delay} à compter de la dernière vacance",
}


if TYPE_CHECKING:
    from engine.legal_dates import Delay

# engine.legal_dates (and dateutil under it) is imported by the functions that compute a date: a question
# on an approval imports this module for its QUESTION_WORDS only (≈ 2.5 ms of a cold `ask`).


def _delay(d: Duration | None) -> Delay | None:
    from engine.legal_dates import Delay

    return Delay(d.amount, d.unit) if d else None


def due_date(rule: str, event: date, *, delay: Duration | None = None, month: int | None = None,
             day: int | None = None, fixed: date | None = None) -> tuple[date, str]:
    """The concrete date a rule gives for an event, and how to read it.

    « dans un délai de trente jours suivant la réception »: the day of the event is not counted, so the
    last day is event + 30 days. « dans la limite de trois mois » from the opening of the exercice: the
    first day is a day of the period, so the last day is event + 3 months - 1 day. « au moins une fois
    par an »: once in each calendar year, so after an event in 2022 the next is due by 31 Dec 2023.
    « dans les douze mois qui précèdent »: a period counted backwards; the date is its first day.
    """
    from engine.legal_dates import (Delay, add_delay, end_of_month_following_year, end_of_year_following,
                                    next_annual_date, subtract_delay)

    if rule in ("within", "at_least_every", "within_after_vacancy"):
        return add_delay(event, _delay(delay)), "au plus tard le"
    if rule == "limit":
        return add_delay(event, _delay(delay)) - timedelta(days=1), "jusqu'au (inclus)"
    if rule == "at_least_once_per":
        d = _delay(delay) or Delay(1, "years")
        if d.unit == "years":
            return date(event.year + d.amount, 12, 31), "au plus tard le"
        return add_delay(event, d), "au plus tard le"
    if rule == "none_within_before":
        return subtract_delay(event, _delay(delay)), "aucune à compter du"
    if rule == "first_day_of_previous_month":
        first = event.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1), "au plus tard le"
    if rule == "end_of_month_following_year":
        return end_of_month_following_year(event, int(month)), "au plus tard le"
    if rule == "before_annual_date":
        # « avant le 1er juillet »: the last day allowed is the day before.
        return next_annual_date(event, int(month), int(day)) - timedelta(days=1), "au plus tard le"
    if rule == "end_of_year_following":
        return end_of_year_following(event), "au plus tard le"
    if rule == "from_date":
        return fixed, "à compter du"
    raise ValueError(f"unknown deadline rule {rule!r}")


ANNUAL_RULES = ("end_of_month_following_year", "end_of_year_following", "before_annual_date")
"""Rules that fall due once a year: without an event, the next due date at the date asked is the answer."""


def next_due(rule: str, on: date, *, month: int | None = None, day: int | None = None) -> tuple[date, str, int]:
    """The first due date on or after `on` of a rule that falls due every year, how to read it, and the year
    (or exercice) it concerns: what a person asking « quand ? » at `on` wants, without an event.

    « au plus tard le dernier jour du mois de février de l'année suivant celle sur laquelle porte ce
    rapport », asked on 1 March 2024: the report on 2023 was due on 29 February 2024, so the next is the
    report on 2024, due on 28 February 2025.
    """
    from engine.legal_dates import end_of_month_following_year, end_of_year_following, next_annual_date

    if rule == "end_of_month_following_year":
        year = on.year - 1 if end_of_month_following_year(date(on.year - 1, 1, 1), int(month)) >= on else on.year
        return end_of_month_following_year(date(year, 1, 1), int(month)), "au plus tard le", year
    if rule == "end_of_year_following":  # due on 31 December of the year after the exercice
        return end_of_year_following(date(on.year - 1, 1, 1)), "au plus tard le", on.year - 1
    if rule == "before_annual_date":  # « avant le 1er juillet »: the last day allowed is the day before
        due = next_annual_date(on + timedelta(days=1), int(month), int(day), inclusive=True) - timedelta(days=1)
        return due, "au plus tard le", due.year
    raise ValueError(f"not a yearly rule: {rule!r}")


def deadlines(kb: KnowledgeBase, subject: str, on: date, from_date: date | None = None,
              suspensions: list[tuple[date, date]] | tuple = ()) -> Response:
    """The deadlines a phrase names, in force at `on`; with `from_date`, the due date of each.

    `suspensions` are half-open periods [from, to) during which a délai is suspended (a request for
    information until it is answered); they apply only to a délai whose text provides for suspension.
    """
    from engine.legal_dates import add_delay_with_suspensions, flag_day

    resp = Response(f"Quel délai : {subject} ?", "deadline", on,
                    query={"subject": subject, "from": from_date, "suspensions": [list(p) for p in suspensions]})
    for rec, match in select(kb, "deadline", "obligation", subject, on, resp, ignore=QUESTION_WORDS):
        v = lambda name: kb.corpus.value(rec, name)  # noqa: E731
        rule = v("rule")
        words = RULE_WORDS[rule].format(delay=french_duration(v("delay")) or "", month=month_name(v("month")),
                                        day_month=day_month(v("day"), v("month")),
                                        date=v("date").isoformat() if v("date") else "")
        fields = {
            **common_fields(kb, rec, match),
            "obligation": v("obligation"),
            "who": v("who"), "who_name": actor_name(kb, v("who")),
            "to": v("to") or [],
            "rule": rule, "rule_text": words,
            "delay": str(v("delay")) if v("delay") else None,
            "from_event": v("from_event"),
            "suspension": v("suspension"),
            "previous_delay": str(v("previous_delay")) if v("previous_delay") else None,
            "due_date": None, "due_reading": None, "due_flag": None,
        }
        event = from_date if rule != "from_date" else (from_date or on)
        if event is not None and rule in ("within", "at_least_every", "limit", "within_after_vacancy",
                                          "none_within_before") \
                and v("delay") is None:
            # A cut-off stated as a date of its own (« le premier jour du mois précédant … »): no length to add.
            resp.notes.append(f"{rec.id}: pas d'échéance calculée: la règle n'énonce pas de durée "
                              f"({v('note') or words})")
            event = None
        if event is not None:
            due, reading = due_date(rule, event, delay=v("delay"), month=v("month"), day=v("day"), fixed=v("date"))
            if suspensions and v("suspension") and rule == "within":
                fields["due_date_without_suspension"] = due.isoformat()
                due = add_delay_with_suspensions(event, _delay(v("delay")), list(suspensions))
                fields["suspended_days"] = (due - date.fromisoformat(fields["due_date_without_suspension"])).days
                resp.notes.append(f"{rec.id}: délai suspendu ({v('suspension')}) : "
                                  f"{fields['suspended_days']} jour(s) ajouté(s)")
            elif suspensions:
                resp.notes.append(f"{rec.id}: le texte ne prévoit pas de suspension de ce délai; "
                                  "la suspension demandée n'est pas appliquée")
            flag = flag_day(due)
            fields.update(due_date=due.isoformat(), due_reading=reading, due_weekday=flag.weekday,
                          due_flag=flag.reason)
            if flag.reason:
                resp.notes.append(f"{rec.id}: l'échéance du {due.isoformat()} tombe un {flag.reason} "
                                  "(signalé, non reporté: le texte ne prévoit pas de report)")
        if event is None and rule in ANNUAL_RULES:
            due, reading, year = next_due(rule, on, month=v("month"), day=v("day"))
            flag = flag_day(due)
            fields.update(due_date=due.isoformat(), due_reading=reading, due_year=year,
                          due_computed_from="asked_date", due_weekday=flag.weekday, due_flag=flag.reason)
            period = f"l'exercice {year}" if rule == "end_of_year_following" else f"l'année {year}"
            resp.notes.append(f"{rec.id}: sans date d'événement, l'échéance est la plus proche à compter du "
                              f"{on.isoformat()}, celle de {period} ; donnez --from une date de l'année "
                              "concernée pour une autre année")
        summary = f"{v('obligation')} : {words}"
        if fields["due_date"]:
            summary += f" → {fields['due_reading']} {fields['due_date']}"
        resp.answers.append(answer("deadline", fields, record_bases(kb, rec), summary))
    if not resp.answers and _asks_an_approval(subject):
        _approval_delays(kb, subject, on, from_date, resp)
    if from_date is None and any(a.fields["due_date"] is None for a in resp.answers):
        resp.notes.append("donnez --from AAAA-MM-JJ (date de l'événement) pour calculer l'échéance")
    return recodified.mark(kb, resp)


def _asks_an_approval(subject: str) -> bool:
    """Whether a délai question asks the délai to approve (« dans quel délai le ministre approuve-t-il … ? »)."""
    from .matching import subject_words

    return any(sw.kinds == APPROVAL_SUBJECT for _, sw in subject_words(subject, "deadline"))


APPROVAL_SUBJECT = frozenset({"deadline"})
"""The kinds of the SUBJECT_WORDS that make the approval the subject of a délai question (queries/matching.py)."""


def _approval_delays(kb: KnowledgeBase, subject: str, on: date, from_date: date | None, resp: Response) -> None:
    """The délai to approve, when no délai record answers: an approval record carries the délai of its tacit
    approval or of the opposition (budget of a CMAR: one month from receipt by the préfet de région). An
    approval that states none (the express approval of CMA France's budget by the ministre) is said so, and
    the question stays « non couverte »: the décret gives no délai for it."""
    from .approvals import MODE_WORDS, QUESTION_WORDS as APPROVAL_WORDS
    from .french import french_duration as duration

    found = Response(resp.question, "approval", on, query={})
    records = select(kb, "approval", "act", subject, on, found, ignore=APPROVAL_WORDS)
    timed = [(rec, m) for rec, m in records if kb.corpus.value(rec, "delay")]
    if not timed:
        for rec, _m in records:
            v = lambda name, rec=rec: kb.corpus.value(rec, name)  # noqa: E731
            resp.notes.append(f"règle d'approbation {rec.id} (« {v('act')} ») : {MODE_WORDS.get(v('mode'), v('mode'))} "
                              f"— {actor_name(kb, v('approver'))}; le texte ne fixe pas de délai pour cette décision")
        if records:
            resp.query.setdefault("coverage", {})["approval_without_delay"] = [rec.id for rec, _ in records]
        return
    # Answered by the approval records: the délai records' abstention no longer holds.
    resp.notes[:] = [n for n in resp.notes if not n.startswith(NOT_COVERED)]
    for key in ("coverage", "candidates"):
        resp.query.pop(key, None)
    resp.notes.extend(n for n in found.notes if n not in resp.notes)
    resp.query["matched"] = found.query.get("matched", [])
    resp.query["from_approval"] = [rec.id for rec, _ in timed]
    for rec, match in timed:
        v = lambda name, rec=rec: kb.corpus.value(rec, name)  # noqa: E731
        mode = MODE_WORDS.get(v("mode"), v("mode"))
        words = f"dans un délai de {duration(v('delay'))}"
        fields = {
            **common_fields(kb, rec, match),
            "obligation": f"{mode} : {v('act')}",
            "approver": v("approver"), "approver_name": actor_name(kb, v("approver")), "mode": v("mode"),
            "who": v("approver"), "who_name": actor_name(kb, v("approver")), "to": [],
            "rule": "within", "rule_text": words, "delay": str(v("delay")), "from_event": v("delay_from"),
            "delay_from": v("delay_from"), "suspension": v("suspension"), "condition": v("condition") or [],
            "previous_delay": None, "due_date": None, "due_reading": None, "due_flag": None, "record_kind": "approval",
        }
        summary = f"{v('act')} : {mode} — {fields['approver_name']}, {words}"
        if from_date is not None:
            from engine.legal_dates import flag_day

            due, reading = due_date("within", from_date, delay=v("delay"))
            flag = flag_day(due)
            fields.update(due_date=due.isoformat(), due_reading=reading, due_weekday=flag.weekday,
                          due_flag=flag.reason)
            summary += f" → {reading} {due.isoformat()}"
        resp.answers.append(answer("deadline", fields, record_bases(kb, rec), summary))


def deadlines_asked(kb: KnowledgeBase, subject: str, on: date | None, event: date | None,
                    suspensions: list[tuple[date, date]] | tuple = ()) -> Response:
    """`deadlines` as a person asks it (CLI, workbench): without an explicit date, the law as it stood on the
    day of the event; the answer says which date it used."""
    from .question_dates import asked_date, say_date

    asked = asked_date(on, event)
    return say_date(deadlines(kb, subject, asked.value, event, suspensions), asked)
