"""The French question sets (fixtures/questions*.tsv): loading, asking, scoring and reporting misses.

A question is right when `ask` routes it to the expected kind (approval | deadline | norm) AND its
first answer is one of the expected ids. Shared by the main set (test_ask.py) and the held-out set
(test_ask_heldout.py), which differ only in their file and their bar.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from queries.ask import ask

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = ["question", "kind", "expected_ids", "on", "from"]
KINDS = {"approval", "deadline", "norm"}


@dataclass(frozen=True)
class Question:
    line: int
    question: str
    kind: str
    expected: frozenset
    on: date
    from_date: date | None


def load_questions(name: str) -> list[Question]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == HEADER, reader.fieldnames
        rows = []
        for line, row in enumerate(reader, start=2):
            frm = (row["from"] or "").strip()
            rows.append(Question(
                line=line,
                question=row["question"].strip(),
                kind=row["kind"].strip(),
                expected=frozenset(i.strip() for i in row["expected_ids"].split("|") if i.strip()),
                on=date.fromisoformat(row["on"].strip()),
                from_date=date.fromisoformat(frm) if frm else None,
            ))
    return rows


def ask_all(kb, rows: list[Question]) -> list[tuple]:
    """Each question asked once; an exception is kept in place of the response, so it counts as a miss."""
    out = []
    for q in rows:
        try:
            out.append((q, ask(kb, q.question, q.on, q.from_date)))
        except Exception as exc:  # noqa: BLE001 - a crash is reported as a miss, never hidden
            out.append((q, exc))
    return out


def first_ids(response, n: int = 3) -> list:
    return [a.fields.get("id") for a in list(response.answers)[:n]]


def is_hit(q: Question, response) -> bool:
    if isinstance(response, Exception):
        return False
    first = first_ids(response, 1)
    return response.query.get("routed_to") == q.kind and bool(first) and first[0] in q.expected


def describe_miss(q: Question, response) -> str:
    head = f"  l.{q.line} [{q.kind}] {q.question!r}\n      expected: {q.kind} {' | '.join(sorted(q.expected))}"
    if isinstance(response, Exception):
        return f"{head}\n      got: raised {type(response).__name__}: {response}"
    notes = list(response.notes or [])
    return (f"{head}\n      got: routed_to={response.query.get('routed_to')!r} first ids={first_ids(response)}"
            f"\n      first note: {notes[0] if notes else None!r}")


def routing_rate(asked: list[tuple]) -> tuple[float, str, str]:
    """(rate, per-kind summary, report of every miss)."""
    misses = [(q, r) for q, r in asked if not is_hit(q, r)]
    per_kind: dict[str, tuple[int, int]] = {}
    for q, r in asked:
        h, n = per_kind.get(q.kind, (0, 0))
        per_kind[q.kind] = (h + is_hit(q, r), n + 1)
    summary = ", ".join(f"{k}: {h}/{n}" for k, (h, n) in sorted(per_kind.items()))
    rate = (len(asked) - len(misses)) / len(asked)
    print(f"\nrouting rate: {len(asked) - len(misses)}/{len(asked)} = {rate:.1%} ({summary})")
    report = "\n".join(describe_miss(q, r) for q, r in misses)
    if misses:
        print(f"misses ({len(misses)}):\n{report}")
    return rate, summary, report
