"""Routing of natural French questions by ``queries.ask.ask``.

The questions in ``fixtures/questions.tsv`` were written independently of the labels the
knowledge base declares, the way a lawyer, a CMA secretary-general or a compliance officer
would ask them. A question is routed correctly when ``ask`` sends it to the expected kind
(approval | deadline | norm) AND its first answer is one of the expected ids.

The bar is a routing rate of at least 90 %; on failure every miss is printed with what
``ask`` returned, so that the matcher (not this file) can be fixed.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from queries.ask import ask

QUESTIONS = Path(__file__).resolve().parent / "fixtures" / "questions.tsv"
KINDS = {"approval", "deadline", "norm"}
MIN_RATE = 0.90
LEGIFRANCE = "https://www.legifrance.gouv.fr/"


@dataclass(frozen=True)
class Question:
    line: int
    question: str
    kind: str
    expected: frozenset
    on: date
    from_date: date | None


def _load_questions():
    with QUESTIONS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == ["question", "kind", "expected_ids", "on", "from"], reader.fieldnames
        rows = []
        for line, row in enumerate(reader, start=2):
            rows.append(Question(
                line=line,
                question=row["question"],
                kind=row["kind"].strip(),
                expected=frozenset(i.strip() for i in row["expected_ids"].split("|") if i.strip()),
                on=date.fromisoformat(row["on"].strip()),
                from_date=date.fromisoformat(row["from"].strip()) if row["from"].strip() else None,
            ))
    return rows


QUESTION_ROWS = _load_questions()


@pytest.fixture(scope="module")
def responses(kb):
    """Every question asked once; an exception is kept as the 'response' so it counts as a miss."""
    out = []
    for q in QUESTION_ROWS:
        try:
            out.append((q, ask(kb, q.question, q.on, q.from_date)))
        except Exception as exc:  # noqa: BLE001 - a crash is reported as a miss, not hidden
            out.append((q, exc))
    return out


def _first_id(response):
    if not response.answers:
        return None
    return response.answers[0].fields.get("id")


def _is_hit(q, response):
    if isinstance(response, Exception):
        return False
    return response.query.get("routed_to") == q.kind and _first_id(response) in q.expected


def _describe_miss(q, response):
    head = f"  l.{q.line} [{q.kind}] {q.question!r}\n      expected: {q.kind} {' | '.join(sorted(q.expected))}"
    if isinstance(response, Exception):
        return f"{head}\n      got: raised {type(response).__name__}: {response}"
    first_ids = [a.fields.get("id") for a in response.answers[:3]]
    return (f"{head}\n      got: routed_to={response.query.get('routed_to')!r} first ids={first_ids}"
            f" notes={list(response.notes[:1])}")


def test_questions_file_is_well_formed():
    assert len(QUESTION_ROWS) >= 48
    for q in QUESTION_ROWS:
        assert q.question.strip(), f"line {q.line}: empty question"
        assert q.kind in KINDS, f"line {q.line}: unknown kind {q.kind!r}"
        assert q.expected, f"line {q.line}: no expected id"
    counts = {}
    for q in QUESTION_ROWS:
        for i in q.expected:
            counts[i] = counts.get(i, 0) + 1
    overused = {i: n for i, n in counts.items() if n > 2}
    assert not overused, f"ids expected by more than two questions: {overused}"


def test_routing_rate(responses):
    misses = [(q, r) for q, r in responses if not _is_hit(q, r)]
    total = len(responses)
    rate = (total - len(misses)) / total
    by_kind = {}
    for q, r in responses:
        hit, n = by_kind.get(q.kind, (0, 0))
        by_kind[q.kind] = (hit + _is_hit(q, r), n + 1)
    summary = ", ".join(f"{k}: {h}/{n}" for k, (h, n) in sorted(by_kind.items()))
    report = "\n".join(_describe_miss(q, r) for q, r in misses)
    print(f"\nrouting rate: {total - len(misses)}/{total} = {rate:.1%} ({summary})")
    if misses:
        print(f"misses:\n{report}")
    assert rate >= MIN_RATE, (
        f"routing rate {rate:.1%} ({total - len(misses)}/{total}; {summary}) is below {MIN_RATE:.0%}; "
        f"{len(misses)} misses:\n{report}")


def test_answers_cite_an_article_on_legifrance(responses):
    problems = []
    for q, r in responses:
        if isinstance(r, Exception):
            continue  # reported by test_routing_rate
        for a in r.answers:
            ok = any(str(getattr(b, "citation", "") or "").startswith("article")
                     and str(getattr(b, "url", "") or "").startswith(LEGIFRANCE)
                     for b in (a.basis or ()))
            if not ok:
                cites = [(getattr(b, "citation", None), getattr(b, "url", None)) for b in (a.basis or ())]
                problems.append(f"  l.{q.line} {q.question!r}: answer {a.fields.get('id')!r} basis={cites}")
    assert not problems, "answers without an article citation on Légifrance:\n" + "\n".join(problems)


def test_nonsense_question_gets_no_answer(kb):
    question = "Quelle est la couleur du ciel ?"
    response = ask(kb, question, date(2022, 1, 1), None)  # must not raise
    assert response.answers == [] or len(response.answers) == 0
    assert response.notes, "a question that matches nothing must say so in the notes"
    note = " ".join(str(n) for n in response.notes).lower()
    markers = ("aucun", "ne correspond", "candidat", "pas de règle", "no rule", "nothing", "no match")
    assert any(m in note for m in markers), f"note neither lists candidates nor says nothing matched: {response.notes}"
