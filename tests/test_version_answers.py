"""version_at answers from per-base tables (queries/article_versions.py): the segment is found by bisecting the
same index rows kb.ask selects from; each call still returns a fresh Response (callers add notes to it)."""

from datetime import date, timedelta

from engine.timelines import UNKNOWN_START
from queries.article_versions import version_at


def _days(tl):
    days = {date(2021, 2, 18), date(2021, 2, 19), date(2023, 6, 30), date(2023, 7, 1), date.max}
    for seg in tl.segments:
        for d in (seg.start, seg.end):
            if d != UNKNOWN_START:
                days |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    return sorted(days)


def test_the_bisect_agrees_with_the_index_and_the_engine_on_every_day_that_matters(kb, memory_kb):
    """Every timeline, both sides of every boundary: the version the built base answers (twice: the second
    call answers from its tables) is the one kb.ask and the in-memory base (pyDatalog) give."""
    checked = 0
    for (text_id, article), tl in list(kb.timelines.items())[::3]:
        for on in _days(tl):
            rows = kb.ask("version", text_id, article or "", None, None, on=on)
            expected = rows[0][2] if rows and not (tl.known_until and on >= tl.known_until) else None
            for base in (kb, kb, memory_kb):
                info = version_at(base, text_id, article, on).answers[0].fields["version"]
                assert info.version_id == expected or (expected is None and info.status in
                                                       ("unknown", "not_yet_in_force")), (text_id, article, on)
            checked += 1
    assert checked > 300


def test_each_call_returns_a_fresh_response(kb):
    """A note added by one caller (cmakb version --on adds one) must not show up in the next answer."""
    first = version_at(kb, "décret 66-137", "19", date(2022, 1, 1))
    first.notes.append("ajoutée par un appelant")
    first.answers[0].fields["url"] = "https://example.org"
    first.query["on"] = None
    again = version_at(kb, "D66_137", "19", date(2022, 1, 1))
    assert "ajoutée par un appelant" not in again.notes
    assert "url" not in again.answers[0].fields
    assert again.query == {"text": "D66_137", "article": "19", "on": date(2022, 1, 1)}
    assert again.answers[0] is not first.answers[0]
    assert again.answers[0].basis == first.answers[0].basis  # frozen, shared
    assert again.question == "version de D66_137 art. 19 au 2022-01-01"
    assert again.answers[0].summary == "D66_137 art. 19: in_force au 2022-01-01"


def test_the_date_still_decides_after_the_first_call(kb):
    """The tables hold what does not depend on the date; the version is chosen at each call."""
    before = version_at(kb, "décret 66-137", "19", date(2021, 2, 18)).answers[0].fields["version"]
    after = version_at(kb, "décret 66-137", "19", date(2021, 2, 19)).answers[0].fields["version"]
    again = version_at(kb, "décret 66-137", "19", date(2021, 2, 18)).answers[0].fields["version"]
    assert (before.version_id, before.start, before.end, before.produced_by) == \
        ("D66_137:19@0001-01-01", None, date(2021, 2, 19), ())
    assert (after.version_id, after.start, after.end, after.produced_by) == \
        ("D66_137:19@2021-02-19", date(2021, 2, 19), date(2023, 7, 1), ("art. 9, 6°",))
    assert again == before


def test_a_name_seen_before_and_a_forgiving_one_give_the_same_answer(kb):
    on = date(2022, 1, 1)
    exact = version_at(kb, "décret 66-137", "19", on).to_json(kb.corpus)
    forgiving = version_at(kb, "le décret n° 66-137 modifié", "19", on).to_json(kb.corpus)
    assert exact == forgiving == version_at(kb, "décret 66-137", "19", on).to_json(kb.corpus)


def test_what_users_type_is_remembered_within_bounds(kb, monkeypatch):
    """A long-running server sees endless spellings and unknown numbers: the per-base tables stay bounded, and
    forgetting changes no answer."""
    from queries import article_versions, resolve

    monkeypatch.setattr(article_versions, "REMEMBERED", 3)
    monkeypatch.setattr(resolve, "REMEMBERED", 3)
    on = date(2022, 1, 1)
    expected = version_at(kb, "décret 66-137", "19", on).to_json(kb.corpus)
    for spelling in ("19", " 19", "19 ", " 19 ", "  19", "19  "):
        assert version_at(kb, "décret 66-137", spelling, on).to_json(kb.corpus) == expected
    assert len(kb.memo("article_versions", dict).by_input) <= 3
    for number in range(900, 910):
        assert resolve.timeline_of(kb, "D66_137", str(number)) is None
    assert len(kb.memo("absent_timelines", set)) <= 3
    assert version_at(kb, "décret 66-137", "19", on).to_json(kb.corpus) == expected
