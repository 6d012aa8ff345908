"""The dates a French question names, and which date a query is asked at.

Two roles: the date the question is asked at (« au 1er janvier 2022 », « le 18 février 2021 »,
« en 2022 », « avant le 1er juillet 2023 ») and the date of the event a délai runs from (« reçue le
3 mars 2022 », « l'exercice 2021 », « pour l'année 2023 »). An explicit --on / --from wins over the
question; without --on, the date asked is the event's when there is one (a délai is asked as the law
stood when the event happened), else today. Every answer says which date it used and where it came from
(« date de la question : 1er janvier 2022, donnée par l'option --on »).

    >>> read_dates("Quel délai pour la délibération reçue le 3 mars 2022 ?").event.value
    datetime.date(2022, 3, 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .gated_patterns import Gated
from .resolve import fold

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
_FOLDED_MONTHS = {fold(m): i for i, m in enumerate(MONTHS, start=1)}
_MONTH = "|".join(sorted(_FOLDED_MONTHS, key=len, reverse=True))

# A day (« 1er », « 18 »), a month in words, a year; or 18/02/2021; or 2021-02-18. Matched on folded text.
DAY_MONTH_YEAR = Gated(rf"\b(?P<d>\d{{1,2}})(?:er)? (?P<m>{_MONTH}) (?P<y>\d{{4}})\b")
NUMERIC = Gated(r"\b(?P<d>\d{1,2}) (?P<m>\d{1,2}) (?P<y>\d{4})\b")
ISO = Gated(r"\b(?P<y>\d{4}) (?P<m>\d{2}) (?P<d>\d{2})\b")
YEAR = Gated(r"\b(?P<y>(?:19|20)\d{2})\b")
DIGIT = re.compile(r"\d")
"""What every date pattern needs: a question without one names no date."""

# Words just before a date that make it the date of an event (folded; the last words before the date).
EVENT_BEFORE = Gated(
    r"\b(?:recue?s?|recus|reception|adoptee?s?|votee?s?|transmise?s?|notifiee?s?|deposee?s?|signee?s?|"
    r"prise?s?|tenue?s?|close?s?|cloture|survenue?s?|intervenue?s?|publiee?s?|elue?s?|election|scrutin|"
    r"deliberation|decision|seance|reunion|vacance|demande|envoyee?s?|a compter du|depuis le|des le|"
    r"a partir du)\s+(?:(?:le|du|en date du|au cours de la seance du)\s+)?$")
ASKED_BEFORE = Gated(r"\bavant (?:le )?$")
# The date of a text's designation (« décret n° 66-137 du 7 mars 1966 ») is not a date of the question.
TEXT_DATE = Gated(r"\b(?:decrets?|lois?|arretes?|ordonnances?|circulaires?)\b(?: n ?° ?[\w ]{0,12}?| [\d ]{0,12})? du $")
# A year alone that names an event: « l'exercice 2021 », « pour l'année 2023 », « le budget 2022 ».
YEAR_EVENT = Gated(r"\b(?:exercices?|annees?|budgets?|comptes?|bilans?|rapports?)(?: \w+)? (?P<y>(?:19|20)\d{2})\b")
OPENING = Gated(r"\b(?:ouverture|debut) de l exercice (?P<y>(?:19|20)\d{2})\b")
YEAR_ASKED = Gated(r"\b(?:en|au cours de|courant|durant|pendant l annee|dans l annee) (?P<y>(?:19|20)\d{2})\b")


@dataclass(frozen=True)
class Found:
    value: date
    words: str  # the words of the question that gave it
    reading: str  # how they were read, in French
    bare: bool = False  # a full date with no « au », « avant », « en » before it


@dataclass(frozen=True)
class QuestionDates:
    asked: Found | None
    event: Found | None


@dataclass(frozen=True)
class DateUsed:
    value: date
    source: str  # "option", "question", "event", "today"
    words: str | None = None
    reading: str = ""

    def note(self, what: str = "date de la question") -> str:
        where = {"option": "donnée par l'option --on" if what.startswith("date de la question") else
                 "donnée par l'option --from",
                 "question": f"lue dans la question (« {self.words} »" + (f", {self.reading}" if self.reading else "")
                             + ")",
                 "event": "celle de l'événement" + (f" (« {self.words} »)" if self.words else " (--from)")
                          + ", faute de date de la question ou d'option --on",
                 "today": "aujourd'hui, faute de date dans la question ou d'option --on"}[self.source]
        # The date once, in French: the ISO form is in the JSON (`query.date`); text output humanizes ISO
        # dates (queries/vocabulary.py), which turned « 1er janvier 2022 (2022-01-01) » into a duplicate.
        return f"{what} : {long_date(self.value)}, {where}"

    def to_json(self) -> dict:
        return {"date": self.value.isoformat(), "source": self.source, "words": self.words, "reading": self.reading}


def long_date(d: date) -> str:
    """date(2021, 2, 1) → « 1er février 2021 »."""
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _full_dates(q: str) -> list[tuple[int, int, date, str]]:
    out = []
    for pattern, month_of in ((DAY_MONTH_YEAR, lambda s: _FOLDED_MONTHS[s]), (NUMERIC, int), (ISO, int)):
        for m in pattern.finditer(q):
            value = _safe(int(m.group("y")), month_of(m.group("m")), int(m.group("d")))
            if value and not any(s <= m.start() < e for s, e, _, _ in out):
                out.append((m.start(), m.end(), value, m.group(0)))
    return sorted(out, key=lambda t: t[0])


def read_dates(question: str) -> QuestionDates:
    """The date asked and the event's date a question names (the first of each role)."""
    q = fold(question)
    if not DIGIT.search(q):  # every date pattern needs a digit: most questions have none
        return QuestionDates(None, None)
    asked = event = None
    spans = []
    for start, end, value, words in _full_dates(q):
        spans.append((start, end))
        before = q[max(0, start - 40):start]
        if TEXT_DATE.search(before):
            continue
        if EVENT_BEFORE.search(before):
            event = event or Found(value, long_date(value), "")
        elif ASKED_BEFORE.search(before):
            asked = asked or Found(value - timedelta(days=1), f"avant le {long_date(value)}",
                                   f"la veille du {long_date(value)}")
        else:
            bare = not re.search(r"\b(?:au|a la date du|a compter du|jusqu au|des le)\s*(?:le\s*)?$", before)
            asked = asked or Found(value, long_date(value), "", bare)
    for m in OPENING.finditer(q):
        if event is None and not any(s <= m.start("y") < e for s, e in spans):
            y = int(m.group("y"))
            event = Found(date(y, 1, 1), m.group(0), f"lu comme le 1er janvier {y}")
            spans.append((m.start(), m.end()))
    for m in YEAR_EVENT.finditer(q):
        if event is None and not any(s <= m.start("y") < e for s, e in spans):
            y = int(m.group("y"))
            event = Found(date(y, 12, 31), m.group(0).replace("annee", "année"),
                          f"lu comme la clôture de l'exercice {y}, le 31 décembre {y}")
            spans.append((m.start(), m.end()))
    for m in YEAR_ASKED.finditer(q):
        if asked is None and not any(s <= m.start("y") < e for s, e in spans):
            y = int(m.group("y"))
            asked = Found(date(y, 1, 1), m.group(0), f"lu comme le 1er janvier {y}")
    return QuestionDates(asked, event)


def dates_used(question: str, on: date | None, from_date: date | None,
               today: date | None = None, deadline: bool = False) -> tuple[DateUsed, DateUsed | None]:
    """(date asked, event date) for a question: explicit options first, then the question's words; without
    a date asked, the event's; else today. In a question on a délai (`deadline`), a date the question states
    without « au » or « avant » (« le préfet a reçu le projet le 3 mars 2022 : jusqu'à quand ? ») is the
    event's as well as the date asked: the délai runs from what happened that day."""
    found = read_dates(question)
    if deadline and found.event is None and found.asked is not None and found.asked.bare:
        found = QuestionDates(found.asked, Found(found.asked.value, found.asked.words, ""))
    if from_date is not None:
        event = DateUsed(from_date, "option")
    elif found.event is not None:
        event = DateUsed(found.event.value, "question", found.event.words, found.event.reading)
    else:
        event = None
    if on is not None:
        asked = DateUsed(on, "option")
    elif found.asked is not None:
        asked = DateUsed(found.asked.value, "question", found.asked.words, found.asked.reading)
    elif event is not None:
        asked = DateUsed(event.value, "event", event.words, event.reading)
    else:
        asked = DateUsed(today or date.today(), "today")
    return asked, event


def asked_date(on: date | None, from_date: date | None, today: date | None = None) -> DateUsed:
    """The date a command asks at from its options alone (deadline, check-*): --on, else --from, else today."""
    return dates_used("", on, from_date, today)[0]


def say_date(resp, used: DateUsed):
    """The answer says which date it was asked at and where that date came from (first note, `query.date`)."""
    resp.notes.insert(0, used.note())
    resp.query["date"] = used.to_json()
    return resp


_MONTH_WORDS = "|".join(MONTHS + ["fevrier", "aout", "decembre"])
_DATE_WORDS = Gated(
    rf"\b(?:(?:le|au|du|avant le|depuis le|à compter du|a compter du|en date du)\s+)?"
    rf"(?:\d{{1,2}}(?:er)?\s+(?:{_MONTH_WORDS})\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"(?:en|pour)\s+(?:19|20)\d{{2}})\b", re.I)
"""(Compiled on first need; case-insensitive, so searched whenever the question has a digit.)"""


def without_dates(question: str) -> str:
    """The question less its dates, for matching its subject (the dates are read apart)."""
    if not DIGIT.search(question):  # every date it removes has a digit
        return re.sub(r"\s+", " ", question).strip()
    return re.sub(r"\s+", " ", _DATE_WORDS.sub(" ", question)).strip()
