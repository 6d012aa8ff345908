"""Routing of natural French questions by ``queries.ask.ask``.

The questions in ``fixtures/questions.tsv`` were written independently of the labels the
knowledge base declares, the way a lawyer, a CMA secretary-general or a compliance officer
would ask them. A question is routed correctly when ``ask`` sends it to the expected kind
(approval | deadline | norm) AND its first answer is one of the expected ids.

The bar is a routing rate of at least 90 %; on failure every miss is printed with what
``ask`` returned, so that the matcher (not this file) can be fixed.
"""

from datetime import date

import pytest

from queries.ask import ask

from .question_sets import KINDS, ask_all, load_questions, routing_rate

MIN_RATE = 0.90
LEGIFRANCE = "https://www.legifrance.gouv.fr/"
QUESTION_ROWS = load_questions("questions.tsv")


@pytest.fixture(scope="module")
def responses(kb):
    return ask_all(kb, QUESTION_ROWS)


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
    rate, summary, report = routing_rate(responses)
    assert rate >= MIN_RATE, f"routing rate {rate:.1%} ({summary}) is below {MIN_RATE:.0%}; misses:\n{report}"


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
