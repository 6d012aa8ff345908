"""Shared test fixtures: one knowledge base of the real rules per test session.

The same objects are offered to the docstring examples of engine/ and queries/ (doctest),
so every example in the code runs against the real knowledge base.
"""

from datetime import date
from pathlib import Path

import pytest

from engine.kb import KnowledgeBase
from engine.loader import load_corpus

ROOT = Path(__file__).resolve().parent
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(RULES)


@pytest.fixture(scope="session")
def kb(tmp_path_factory):
    """The real rules as every command reads them: from their built file (engine/store.py)."""
    from engine import store

    return KnowledgeBase.from_store(store.Store(store.build(RULES, tmp_path_factory.mktemp("built") / "kb.sqlite")))


@pytest.fixture(scope="session")
def memory_kb(corpus):
    """The same rules built in memory, asked through pyDatalog: the reference the built file must agree with."""
    return KnowledgeBase(corpus)


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace, request):
    if request.node.__class__.__name__ == "DoctestItem":
        doctest_namespace.update(date=date, load_corpus=load_corpus,
                                 corpus=request.getfixturevalue("corpus"), kb=request.getfixturevalue("kb"))
