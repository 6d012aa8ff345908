"""Patterns compiled on first need (queries/gated_patterns.py): the literal a pattern's text says every
match holds must really be in every match, or a cue, a phrase or a date would silently stop matching."""

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries import ask, matching, norms, question_dates, question_refs
from queries.gated_patterns import Gated, required_literals
from queries.resolve import fold

FIXTURES = Path(__file__).parent / "fixtures"


def _gated() -> list[Gated]:
    out = [g for cues in ask._GATED_CUES.values() for g, _ in cues]
    out += [g for g, _ in matching._PHRASES_COMPILED + matching._FOREIGN + matching._FOREIGN_LAW]
    out += [matching.NETWORK, norms._FREQUENCY, *norms._NORM_TOPICS.values()]
    for module in (question_dates, question_refs):
        out += [v for v in vars(module).values() if isinstance(v, Gated)]
    return out


GATED = _gated()


def _texts(kb) -> list[str]:
    texts = []
    for f in sorted(FIXTURES.glob("questions*.tsv")):
        with open(f, encoding="utf-8") as fh:
            texts += [row["question"] for row in csv.DictReader(fh, delimiter="\t")]
    for kind, field in (("approval", "act"), ("deadline", "obligation"), ("norm", "statement")):
        for rec in kb.corpus.records_of(kind):
            texts += [kb.corpus.value(rec, field) or ""] + list(kb.corpus.value(rec, "labels") or [])
    # as the modules search them: raw, folded, folded and padded, and after the phrases are joined
    return [v for t in texts for v in (t, fold(t), f" {fold(t)} ", " ".join(matching.tokens(t)))]


@pytest.mark.parametrize("pattern,literals", [
    (r"\bqui (?:approuve|valide)", ("qui ",)),
    (r"chambres? regionales?", (" regionale",)),
    (r"compte de gestion|comptes de gestion", ("compte de gestion", "comptes de gestion")),
    (r"ab+c", ("ab",)), (r"x{2}yz", ("yz",)), (r"abc?d", ("ab",)), (r"[ab]cd", ("cd",)), (r"ab(?=c)de", ("ab",)),
    (r"\b(?:listez|lister)\b", ("listez", "lister")), (r"\b(?:a|(?:b|c)d)\b", ("a", "d")),
    (r"a\1", None), (r"(?i)abc", None), (r"\x41bc", None), (r"a|", None), (r"(?:ab)?", None), (r"(?:a|\w)", None),
])
def test_required_literals(pattern, literals):
    assert required_literals(pattern) == literals


def test_every_match_holds_a_literal_on_real_questions_and_labels(kb):
    assert len(GATED) > 150
    for text in _texts(kb):
        for g in GATED:
            if re.compile(g.pattern, g.flags).search(text):
                assert g.may_match(text), (g.pattern, text)


_PIECES = sorted({w for g in GATED for w in re.findall(r"[a-z]+", g.pattern)} | {"1er", "2022", "12", "°", "-"})


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map(" ".join))
def test_every_match_holds_a_literal_on_generated_texts(text):
    for g in GATED:
        for t in (text, f" {text} "):
            if re.compile(g.pattern, g.flags).search(t):
                assert g.may_match(t), (g.pattern, t)


def test_a_pattern_is_compiled_only_when_a_text_may_match():
    g = Gated(r"\bdelai")
    assert g.search(" qui approuve le budget ") is None and g._compiled is None
    assert g.search(" quel delai ") is not None and g._compiled is not None
    assert Gated(r"\bart", re.I).search("ART. 2") is not None  # with flags: always searched
