"""The question sets written by an independent writer who saw neither the cue table nor the matcher
(tests/fixtures/questions_not_covered.tsv, questions_families.tsv; provenance in
tests/fixtures/independent-sets-README.md, the writer's own notes): loading, asking and scoring. Not used to tune the cues.

A question is asked as a user would: without --on, so that the date comes from its words; when it names
no date, again with the fixture's `on` and `from` (as the user would then pass --on / --from).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine.errors import CmakbError
from queries.ask import ask

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = ["question", "kind", "expected_ids", "on", "from", "note"]
LIST_KINDS = {"approvals": "approval", "deadlines": "deadline", "norms": "norm", "texts": "text",
              "articles": "article", "actors": "actor"}


@dataclass(frozen=True)
class Row:
    line: int
    question: str
    kind: str
    expected: tuple[str, ...]
    on: date | None
    from_date: date | None
    note: str


def load(name: str) -> list[Row]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == HEADER, reader.fieldnames
        out = []
        for line, row in enumerate(reader, start=2):
            ids = row["expected_ids"].replace("|", ",")
            # a provision label holds commas: « PROVISION:art. 2, 2° d) » is one id
            expected = (ids.strip(),) if ids.startswith("PROVISION:") else tuple(i.strip() for i in ids.split(",") if i.strip())
            out.append(Row(line, row["question"].strip(), row["kind"].strip(), expected,
                           date.fromisoformat(row["on"]) if row["on"].strip() else None,
                           date.fromisoformat(row["from"]) if row["from"].strip() else None, row["note"]))
    return out


def ask_as_user(kb, row: Row):
    """(response or the error raised, whether the date came from the question)."""
    try:
        resp = ask(kb, row.question)
        if resp.query["date"]["source"] == "today" and (row.on or row.from_date):
            resp = ask(kb, row.question, row.on, row.from_date)
            return resp, False
        return resp, True
    except CmakbError as exc:
        return exc, False


def _valid_at(kb, kind: str, rid: str, on: date | None) -> bool:
    rec = kb.corpus.records.get((kind, rid))
    if rec is None or on is None:
        return True
    start, end = kb.corpus.value(rec, "valid")
    return start <= on < end


def routed_right(kb, row: Row, resp) -> bool:
    if isinstance(resp, Exception) or resp.query.get("routed_to") != row.kind:
        return False
    q, answers = resp.query, resp.answers
    if row.kind in ("approval", "deadline", "norm"):
        if not any(_valid_at(kb, row.kind, rid, row.on) for rid in row.expected):
            return not answers  # asked before the rule applies: no answer, with a note
        return bool(answers) and answers[0].fields.get("id") in row.expected
    if row.kind in ("version", "text"):
        v = answers[0].fields["version"] if answers else None
        return v is not None and f"{v.text_id}:{v.article}" in row.expected
    if row.kind == "history":
        return f"{q.get('text')}:{q.get('article')}" in row.expected
    if row.kind == "changes":
        exp = row.expected[0]
        if exp.startswith("PROVISION:"):
            return q.get("provision") == exp.split(":", 1)[1]
        text, _, article = exp.partition(":")
        return q.get("text") == text and (q.get("article") or "") == article
    if row.kind == "list":
        return LIST_KINDS.get(row.expected[0]) in q.get("kinds", [])
    if row.kind == "entry_into_force":
        return bool(answers) and answers[0].fields.get("text_id") in row.expected
    return False


def date_right(row: Row, resp, from_question: bool) -> bool | None:
    """Whether the date asked (and the event's) read from the question are the fixture's; None when the
    question names no date or the fixture gives none."""
    if isinstance(resp, Exception) or not from_question or (row.on is None and row.from_date is None):
        return None
    ok = row.on is None or resp.on == row.on
    if row.from_date is not None:
        ok = ok and (resp.query.get("event") or {}).get("date") == row.from_date.isoformat()
    return ok
