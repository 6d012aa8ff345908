"""Tests for engine.legal_dates: due dates of French legal délais."""

from __future__ import annotations

import doctest
import random
from datetime import date, timedelta

import pytest

from engine import legal_dates
from engine.legal_dates import (
    UNITS,
    DayFlag,
    Delay,
    add_delay,
    add_delay_with_suspensions,
    end_of_month_following_year,
    end_of_year_following,
    flag_day,
    french_public_holidays,
    last_day_of_month,
    next_annual_date,
)


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(legal_dates)
    assert result.attempted > 0
    assert result.failed == 0


# --- Delay ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("30 days", 30, "days"),
        ("2 mois", 2, "months"),
        ("15 jours", 15, "days"),
        ("6 months", 6, "months"),
        ("1 an", 1, "years"),
        ("3 mois", 3, "months"),
        ("quinze jours", 15, "days"),
        ("deux mois", 2, "months"),
        ("trente jours", 30, "days"),
        ("six mois", 6, "months"),
        ("trois mois", 3, "months"),
        ("douze mois", 12, "months"),
        ("un mois", 1, "months"),
        ("un an", 1, "years"),
        ("deux ans", 2, "years"),
        ("une année", 1, "years"),
        ("deux années", 2, "years"),
        ("une semaine", 1, "weeks"),
        ("huit semaines", 8, "weeks"),
        ("1 day", 1, "days"),
        ("1 week", 1, "weeks"),
        ("2 weeks", 2, "weeks"),
        ("1 month", 1, "months"),
        ("1 year", 1, "years"),
        ("5 years", 5, "years"),
        ("dix-sept jours", 17, "days"),
        ("vingt et un jours", 21, "days"),
        ("vingt-et-un jours", 21, "days"),
        ("vingt-huit jours", 28, "days"),
        ("quarante-cinq jours", 45, "days"),
        ("soixante jours", 60, "days"),
        ("soixante et onze jours", 71, "days"),
        ("quatre-vingts jours", 80, "days"),
        ("quatre-vingt-dix jours", 90, "days"),
        ("  Deux   Mois ", 2, "months"),
        ("2\u00a0mois", 2, "months"),
    ],
)
def test_parse_accepts_french_and_english(text: str, amount: int, unit: str) -> None:
    assert Delay.parse(text) == Delay(amount, unit)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("un", 1), ("deux", 2), ("trois", 3), ("quatre", 4), ("cinq", 5),
        ("six", 6), ("sept", 7), ("huit", 8), ("neuf", 9), ("dix", 10),
        ("onze", 11), ("douze", 12), ("treize", 13), ("quatorze", 14),
        ("quinze", 15), ("seize", 16), ("dix-sept", 17), ("dix-huit", 18),
        ("dix-neuf", 19), ("vingt", 20), ("vingt et un", 21), ("vingt-deux", 22),
        ("vingt-trois", 23), ("vingt-quatre", 24), ("vingt-cinq", 25),
        ("vingt-six", 26), ("vingt-sept", 27), ("vingt-huit", 28),
        ("vingt-neuf", 29), ("trente", 30),
    ],
)
def test_parse_number_words_un_to_trente(word: str, value: int) -> None:
    assert Delay.parse(f"{word} jours").amount == value


@pytest.mark.parametrize(
    "text",
    ["trente poires", "", "mois", "30", "trente", "3.5 days", "-3 days",
     "trente-deux-trois jours", "cent jours", "30 jours francs", "deux mois et demi"],
)
def test_parse_rejects_unknown_delays(text: str) -> None:
    with pytest.raises(ValueError, match="unknown delay .*expected e.g. '30 days' or '2 mois'"):
        Delay.parse(text)


def test_parse_error_message_names_the_input() -> None:
    with pytest.raises(ValueError) as info:
        Delay.parse("trente poires")
    assert str(info.value) == (
        "unknown delay 'trente poires'; expected e.g. '30 days' or '2 mois'"
    )


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(1, "fortnights"), (1, "mois"), (1, "day"), (-1, "days"), (True, "days"), (1.5, "days")],
)
def test_delay_validates_its_fields(amount: object, unit: str) -> None:
    with pytest.raises(ValueError):
        Delay(amount, unit)  # type: ignore[arg-type]


def test_unknown_unit_message_lists_the_units() -> None:
    with pytest.raises(ValueError, match="days, weeks, months, years"):
        Delay(1, "fortnights")


def test_delay_is_frozen() -> None:
    delay = Delay(2, "months")
    with pytest.raises(AttributeError):
        delay.amount = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("delay", "text"),
    [(Delay(30, "days"), "30 days"), (Delay(2, "months"), "2 months"),
     (Delay(1, "years"), "1 year"), (Delay(1, "weeks"), "1 week")],
)
def test_str(delay: Delay, text: str) -> None:
    assert str(delay) == text


@pytest.mark.parametrize("unit", UNITS)
def test_str_round_trips_through_parse(unit: str) -> None:
    for amount in (1, 2, 30):
        assert Delay.parse(str(Delay(amount, unit))) == Delay(amount, unit)


# --- add_delay -----------------------------------------------------------

@pytest.mark.parametrize(
    ("start", "delay", "due"),
    [
        (date(2021, 1, 31), Delay(1, "months"), date(2021, 2, 28)),
        (date(2024, 1, 31), Delay(1, "months"), date(2024, 2, 29)),
        (date(2021, 3, 31), Delay(1, "months"), date(2021, 4, 30)),
        (date(2022, 1, 31), Delay(2, "months"), date(2022, 3, 31)),
        (date(2021, 1, 31), Delay.parse("deux mois"), date(2021, 3, 31)),
        (date(2021, 2, 19), Delay(30, "days"), date(2021, 3, 21)),
        (date(2020, 2, 29), Delay(1, "years"), date(2021, 2, 28)),
        (date(2020, 2, 29), Delay(4, "years"), date(2024, 2, 29)),
        (date(2021, 2, 28), Delay(1, "months"), date(2021, 3, 28)),
        (date(2021, 8, 31), Delay(6, "months"), date(2022, 2, 28)),
        (date(2021, 11, 15), Delay(3, "months"), date(2022, 2, 15)),
        (date(2021, 12, 25), Delay(2, "weeks"), date(2022, 1, 8)),
        (date(2021, 12, 31), Delay(15, "days"), date(2022, 1, 15)),
        (date(2021, 5, 1), Delay(0, "days"), date(2021, 5, 1)),
    ],
)
def test_add_delay(start: date, delay: Delay, due: date) -> None:
    assert add_delay(start, delay) == due


# --- fixed annual deadlines ---------------------------------------------

@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2024, 2, date(2024, 2, 29)), (2023, 2, date(2023, 2, 28)),
     (1900, 2, date(1900, 2, 28)), (2000, 2, date(2000, 2, 29)),
     (2021, 4, date(2021, 4, 30)), (2021, 12, date(2021, 12, 31))],
)
def test_last_day_of_month(year: int, month: int, last: date) -> None:
    assert last_day_of_month(year, month) == last


def test_last_day_of_month_rejects_bad_month() -> None:
    with pytest.raises(ValueError):
        last_day_of_month(2021, 13)


@pytest.mark.parametrize(
    ("event", "month", "due"),
    [
        (date(2023, 6, 1), 2, date(2024, 2, 29)),
        (date(2023, 1, 1), 2, date(2024, 2, 29)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2022, 6, 1), 2, date(2023, 2, 28)),
        (date(2022, 3, 15), 6, date(2023, 6, 30)),
    ],
)
def test_end_of_month_following_year(event: date, month: int, due: date) -> None:
    assert end_of_month_following_year(event, month) == due


@pytest.mark.parametrize(
    ("after", "month", "day", "inclusive", "due"),
    [
        (date(2022, 7, 1), 7, 1, False, date(2023, 7, 1)),
        (date(2022, 7, 1), 7, 1, True, date(2022, 7, 1)),
        (date(2022, 6, 30), 7, 1, False, date(2022, 7, 1)),
        (date(2022, 7, 2), 7, 1, True, date(2023, 7, 1)),
        (date(2022, 1, 1), 7, 1, False, date(2022, 7, 1)),
        (date(2022, 12, 31), 1, 1, False, date(2023, 1, 1)),
        (date(2023, 3, 1), 2, 29, False, date(2024, 2, 29)),
        (date(2024, 3, 1), 2, 29, False, date(2025, 2, 28)),
    ],
)
def test_next_annual_date(after: date, month: int, day: int, inclusive: bool, due: date) -> None:
    assert next_annual_date(after, month, day, inclusive=inclusive) == due


def test_next_annual_date_rejects_impossible_day() -> None:
    with pytest.raises(ValueError):
        next_annual_date(date(2022, 1, 1), 2, 30)


@pytest.mark.parametrize(
    ("event", "due"),
    [(date(2022, 5, 1), date(2023, 12, 31)), (date(2022, 1, 1), date(2023, 12, 31)),
     (date(2022, 12, 31), date(2023, 12, 31))],
)
def test_end_of_year_following(event: date, due: date) -> None:
    assert end_of_year_following(event) == due


# --- suspensions ---------------------------------------------------------

# Received 31 Jan 2021, délai de deux mois: unsuspended due date 31 Mar 2021.
START = date(2021, 1, 31)
TWO_MONTHS = Delay(2, "months")


@pytest.mark.parametrize(
    ("suspensions", "due"),
    [
        pytest.param([], date(2021, 3, 31), id="none"),
        pytest.param([(date(2021, 2, 10), date(2021, 2, 20))], date(2021, 4, 10), id="one"),
        pytest.param(
            [(date(2021, 2, 10), date(2021, 2, 20)), (date(2021, 3, 1), date(2021, 3, 6))],
            date(2021, 4, 15), id="two-disjoint"),
        pytest.param(
            [(date(2021, 2, 10), date(2021, 2, 20)), (date(2021, 2, 15), date(2021, 2, 25))],
            date(2021, 4, 15), id="overlapping-count-once"),
        pytest.param(
            [(date(2021, 2, 10), date(2021, 2, 20)), (date(2021, 2, 10), date(2021, 2, 20))],
            date(2021, 4, 10), id="duplicate-counts-once"),
        pytest.param(
            [(date(2021, 2, 10), date(2021, 2, 20)), (date(2021, 2, 20), date(2021, 2, 25))],
            date(2021, 4, 15), id="adjacent"),
        pytest.param([(date(2021, 1, 20), date(2021, 2, 5))], date(2021, 4, 4),
                     id="starts-before-start"),
        pytest.param([(date(2021, 1, 31), date(2021, 2, 5))], date(2021, 4, 4),
                     id="starts-on-start-day-not-counted"),
        pytest.param([(date(2021, 1, 1), date(2021, 1, 31))], date(2021, 3, 31),
                     id="ends-on-start"),
        pytest.param([(date(2021, 4, 1), date(2021, 4, 30))], date(2021, 3, 31),
                     id="after-due-date-no-effect"),
        pytest.param([(date(2021, 3, 31), date(2021, 4, 5))], date(2021, 4, 5),
                     id="request-on-due-date-suspends"),
        pytest.param([(date(2021, 4, 5), date(2021, 4, 20)), (date(2021, 3, 1), date(2021, 3, 11))],
                     date(2021, 4, 25), id="pushed-into-later-suspension"),
    ],
)
def test_add_delay_with_suspensions(suspensions: list[tuple[date, date]], due: date) -> None:
    assert add_delay_with_suspensions(START, TWO_MONTHS, suspensions) == due


def test_suspension_pushing_due_date_into_another_suspension_days() -> None:
    # Running days: 2, 3, 4 Jan; 5-6 suspended; 7-11 Jan; 12-19 suspended; 20, 21 Jan.
    suspensions = [(date(2021, 1, 5), date(2021, 1, 7)), (date(2021, 1, 12), date(2021, 1, 20))]
    assert add_delay_with_suspensions(date(2021, 1, 1), Delay(10, "days"), suspensions) == date(
        2021, 1, 21
    )


def test_suspensions_do_not_depend_on_order() -> None:
    suspensions = [(date(2021, 3, 1), date(2021, 3, 6)), (date(2021, 2, 10), date(2021, 2, 20))]
    assert add_delay_with_suspensions(START, TWO_MONTHS, suspensions) == date(2021, 4, 15)
    assert add_delay_with_suspensions(START, TWO_MONTHS, suspensions[::-1]) == date(2021, 4, 15)


@pytest.mark.parametrize(
    "suspension",
    [(date(2021, 2, 10), date(2021, 2, 10)), (date(2021, 2, 20), date(2021, 2, 10))],
)
def test_suspension_must_end_after_it_begins(suspension: tuple[date, date]) -> None:
    with pytest.raises(ValueError, match="half-open"):
        add_delay_with_suspensions(START, TWO_MONTHS, [suspension])


def _nth_running_day(start: date, n: int, suspensions: list[tuple[date, date]]) -> date:
    """Reference: walk day by day, counting only days that no suspension covers."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if not any(begin <= day < end for begin, end in suspensions):
            counted += 1
    return day


def test_day_delays_match_day_by_day_count() -> None:
    rng = random.Random(20240520)
    for _ in range(500):
        start = date(2021, 1, 1) + timedelta(days=rng.randrange(365))
        n = rng.randrange(1, 90)
        suspensions = []
        for _ in range(rng.randrange(4)):
            begin = start + timedelta(days=rng.randrange(-20, 120))
            suspensions.append((begin, begin + timedelta(days=rng.randrange(1, 30))))
        due = add_delay_with_suspensions(start, Delay(n, "days"), suspensions)
        assert due == _nth_running_day(start, n, suspensions), (start, n, suspensions)


# --- public holidays -----------------------------------------------------

@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2021, 1, 1), "Jour de l'an"),
        (date(2021, 4, 5), "Lundi de Pâques"),
        (date(2021, 5, 1), "Fête du travail"),
        (date(2021, 5, 8), "Victoire 1945"),
        (date(2021, 5, 13), "Ascension"),
        (date(2021, 5, 24), "Lundi de Pentecôte"),
        (date(2021, 7, 14), "Fête nationale"),
        (date(2021, 8, 15), "Assomption"),
        (date(2021, 11, 1), "Toussaint"),
        (date(2021, 11, 11), "Armistice"),
        (date(2021, 12, 25), "Noël"),
        (date(2024, 4, 1), "Lundi de Pâques"),
        (date(2024, 5, 9), "Ascension"),
        (date(2024, 5, 20), "Lundi de Pentecôte"),
        (date(2025, 4, 21), "Lundi de Pâques"),
        (date(2025, 5, 29), "Ascension"),
        (date(2025, 6, 9), "Lundi de Pentecôte"),
    ],
)
def test_french_public_holidays(day: date, name: str) -> None:
    assert french_public_holidays(day.year)[day] == name


def test_eleven_holidays_nationally_thirteen_in_alsace_moselle() -> None:
    from dateutil.easter import easter

    for year in range(1990, 2100):
        ascension = easter(year) + timedelta(days=39)
        shared = ascension in (date(year, 5, 1), date(year, 5, 8))
        assert len(french_public_holidays(year)) == (10 if shared else 11), year
    assert len(french_public_holidays(2021)) == 11
    assert len(french_public_holidays(2021, alsace_moselle=True)) == 13


def test_alsace_moselle_days_only_with_the_flag() -> None:
    national = french_public_holidays(2024)
    local = french_public_holidays(2024, alsace_moselle=True)
    assert date(2024, 3, 29) not in national
    assert date(2024, 12, 26) not in national
    assert local[date(2024, 3, 29)] == "Vendredi saint"
    assert local[date(2024, 12, 26)] == "Saint-Étienne"
    assert national.items() <= local.items()


def test_holidays_sharing_a_date_keep_both_names() -> None:
    # Easter 2008 was 23 March, so Ascension fell on 1 May.
    holidays = french_public_holidays(2008)
    assert holidays[date(2008, 5, 1)] == "Fête du travail et Ascension"
    assert len(holidays) == 10


def test_holidays_are_in_date_order() -> None:
    days = list(french_public_holidays(2024, alsace_moselle=True))
    assert days == sorted(days)


# --- flag_day ------------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "weekday", "reason"),
    [
        (date(2021, 3, 21), "dimanche", "dimanche"),
        (date(2021, 3, 20), "samedi", "samedi"),
        (date(2021, 5, 13), "jeudi", "jour férié : Ascension"),
        (date(2021, 2, 22), "lundi", None),
        (date(2021, 2, 23), "mardi", None),
        (date(2021, 2, 24), "mercredi", None),
        (date(2021, 2, 26), "vendredi", None),
        # 1 May 2022 was a Sunday: the holiday is reported, not the Sunday.
        (date(2022, 5, 1), "dimanche", "jour férié : Fête du travail"),
        # Vendredi saint is an ordinary Friday outside Alsace-Moselle.
        (date(2024, 3, 29), "vendredi", None),
    ],
)
def test_flag_day(day: date, weekday: str, reason: str | None) -> None:
    flag = flag_day(day)
    assert flag == DayFlag(day, weekday, reason)
    assert flag.is_working_day is (reason is None)


def test_flag_day_alsace_moselle() -> None:
    flag = flag_day(date(2024, 3, 29), alsace_moselle=True)
    assert flag.reason == "jour férié : Vendredi saint"
    assert not flag.is_working_day


def test_flag_day_never_moves_the_date() -> None:
    due = add_delay(date(2021, 2, 19), Delay(30, "days"))
    flag = flag_day(due)
    assert flag.date == due == date(2021, 3, 21)
    assert not flag.is_working_day
