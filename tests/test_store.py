"""The built knowledge base (engine/store.py): what it stores is what was computed, its indexed answers
are the engine's, it is rebuilt when the rules change, and a missing cache never stops an answer."""

import dataclasses
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import codec, store
from engine.compiler import Registry
from engine.errors import CmakbError
from engine.kb import KnowledgeBase
from engine.corpus import Corpus
from queries.cli import cli

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


def test_corpus_timelines_and_registry_come_back_equal(kb, memory_kb):
    for f in dataclasses.fields(Corpus):
        if f.name != "targets":
            assert getattr(kb.corpus, f.name) == getattr(memory_kb.corpus, f.name), f.name
    # targets are keyed by id(operation): compare them by (provision, operation index)
    def targets(c):
        return {(key, i): c.targets.get(id(op)) for key, p in c.provisions.items() for i, op in enumerate(p.operations)}
    assert targets(kb.corpus) == targets(memory_kb.corpus)
    assert dict(kb.timelines) == dict(memory_kb.timelines)
    assert list(kb.timelines) == list(memory_kb.timelines)  # same order: reports and coverage iterate it
    for f in dataclasses.fields(Registry):
        assert getattr(kb.registry, f.name) == getattr(memory_kb.registry, f.name), f.name
    assert kb.summary() == memory_kb.summary()


def test_the_index_and_the_engine_agree_on_every_predicate_at_every_boundary(kb, memory_kb):
    days = {date.min, date(2021, 2, 18), date(2022, 1, 1), date(2026, 12, 1)}
    for f in memory_kb.registry.facts.values():
        days |= {f.start, f.end}
    days.discard(date.max)
    indexed = kb._store.indexed()
    assert set(indexed) == set(memory_kb.registry.predicates)  # every predicate is materialised on the real rules
    for predicate, arity in sorted(memory_kb.registry.predicates.items()):
        for day in sorted(days):
            assert kb.ask(predicate, *([None] * arity), on=day) == \
                memory_kb.engine_ask(predicate, (None,) * arity, day), (predicate, day)


def test_the_index_and_the_engine_agree_on_every_fact_asked_with_its_arguments(kb, memory_kb):
    first = {}
    for f in memory_kb.registry.facts.values():  # one fact per predicate and shape of arguments (all are asked above)
        first.setdefault((f.predicate, tuple(type(a) for a in f.args)), f)
    for f in first.values():
        for day in (f.start, f.end):
            if day != date.max:
                assert kb.ask(f.predicate, *f.args, on=day) == memory_kb.engine_ask(f.predicate, f.args, day)
    # a derived predicate with one argument bound: who approves the budget of a CMAR
    assert kb.ask("approves", "budget_cmar", None, None, on=date(2022, 1, 1)) == \
        memory_kb.engine_ask("approves", ("budget_cmar", None, None), date(2022, 1, 1)) == \
        [("budget_cmar", "prefet_de_region", "tacit")]  # tacit one month after receipt (old CA art. 28, II)


def test_a_query_on_the_last_day_goes_to_the_engine(kb):
    assert kb.ask("approves", "budget_cmar", None, None, on=date.max) == []


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CMAKB_NO_CACHE", raising=False)
    return tmp_path / "cache" / "cmakb"


def test_the_cache_is_built_once_and_rebuilt_when_a_rules_file_changes(tmp_path, cache):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("__pycache__"))
    first = KnowledgeBase.load(rules)
    (path,) = cache.glob("kb-*.sqlite")
    assert first._store.path == path
    stamp = path.stat().st_mtime_ns
    again = KnowledgeBase.load(rules)
    assert path.stat().st_mtime_ns == stamp and again._store.meta["key"] == first._store.meta["key"]
    on = date(2022, 1, 1)
    assert again.ask("approves", "budget_cmar", None, None, on=on)[0][1] == "prefet_de_region"
    approvals = rules / "norms" / "approvals.cma"
    text = approvals.read_text(encoding="utf-8")
    start = text.index("approval budget_cmar")
    end = text.index("approver:", start)
    line_end = text.index("\n", end)
    approvals.write_text(text[:end] + "approver: ministre_artisanat" + text[line_end:], encoding="utf-8")
    changed = KnowledgeBase.load(rules)
    assert changed._store.meta["key"] != first._store.meta["key"]
    assert changed.ask("approves", "budget_cmar", None, None, on=on)[0][1] == "ministre_artisanat"
    assert list(cache.glob("kb-*.sqlite")) == [path]  # replaced in place, not piling up


def test_a_stale_or_broken_cache_file_is_rebuilt(tmp_path, cache):
    path = store.cache_path(store.cache_dir(), RULES)
    path.write_bytes(b"not a database")
    kb = KnowledgeBase.load(RULES)
    assert kb._store is not None and kb.summary()["provisions"] == 165


@pytest.mark.parametrize("where", ["XDG_CACHE_HOME", "HOME"])
def test_no_writable_cache_answers_from_memory(tmp_path, monkeypatch, where):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv(where, str(blocker / "below"))  # a folder cannot be made under a file, even by root
    kb = KnowledgeBase.load(RULES)
    assert kb._store is None
    assert kb.ask("approves", "budget_cmar", None, None, on=date(2022, 1, 1))[0][1] == "prefet_de_region"


def test_cmakb_build_writes_a_file_sqlite3_opens_and_the_commands_read(tmp_path):
    out = tmp_path / "cmakb.sqlite"
    r = CliRunner().invoke(cli, ["build", str(RULES), "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    with sqlite3.connect(out) as con:
        assert con.execute("SELECT count(*) FROM version").fetchone()[0] == 243  # with the versions of the base texts and of the code of 2023
        assert con.execute("SELECT status FROM version WHERE text_id = 'D99_433' AND article = '4' "
                           "ORDER BY start").fetchall() == [("in_force",), ("renumbered",)]
        assert con.execute("SELECT count(*) FROM fact").fetchone()[0] == 3773  # with the two rules of R. 332-2, 6° and a label of the withdrawal
    args = ["version", "décret 99-433", "4", "--on", "2022-01-01", "--json"]
    from_file = CliRunner().invoke(cli, ["--rules", str(out), *args])
    from_rules = CliRunner().invoke(cli, args)
    assert from_file.exit_code == 0 and from_file.output == from_rules.output


def test_a_file_that_is_not_a_built_base_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.sqlite"
    bad.write_bytes(b"hello")
    r = CliRunner().invoke(cli, ["--rules", str(bad), "version", "décret 99-433", "4"])
    assert r.exit_code == 2 and "Traceback" not in r.output and "n'est pas une base construite par cmakb" in r.output
    with pytest.raises(CmakbError):
        KnowledgeBase.load(bad)


def test_the_codec_rebuilds_only_whitelisted_classes():
    with pytest.raises(codec.CodecError):
        codec.decode('{"c": "os.system", "f": []}')
    with pytest.raises(codec.CodecError):
        codec.decode('{"c": "system", "v": ["ls"]}')
    with pytest.raises(codec.CodecError):
        codec.decode('{"eval": "1"}')
    with pytest.raises(codec.CodecError):
        codec.decode('{"r": 3}')  # a reference to a string never written
    with pytest.raises(codec.CodecError):
        codec.encode(object())
    long = "a long string written once"
    value = {("CA", None): [(date(2021, 2, 19), 0.5, frozenset({"a", long}), long, {long: long})]}
    assert codec.decode(codec.encode(value)) == value


def test_the_store_never_evaluates_or_unpickles():
    import re

    forbidden = re.compile(r"(?<![.\w])(?:eval|exec|compile|__import__)\(|\bimport (?:pickle|marshal|shelve)\b"
                           r"|\bfrom (?:pickle|marshal|shelve)\b|\bpickle\.")
    for name in ("store.py", "codec.py", "index.py", "kb.py"):
        source = (ROOT / "engine" / name).read_text(encoding="utf-8")
        assert not forbidden.search(source), (name, forbidden.search(source))


def test_the_cli_lists_every_compliance_check_without_importing_them():
    from queries import cli as cli_module
    from queries.compliance import KINDS

    assert cli_module.COMPLIANCE_KINDS == KINDS


def test_a_registered_stage_is_stored_and_read_back_lazily(tmp_path, monkeypatch, memory_kb):
    """How consolidation (or any later stage) rides along: one line in STAGES; its output comes back equal."""
    def articles_per_text(kb):
        return {(t.id, "articles"): tuple(t.articles) for t in kb.corpus.texts.values()}

    monkeypatch.setitem(store.STAGES, "articles_per_text", articles_per_text)
    built = KnowledgeBase.from_store(store.Store(store.build(RULES, tmp_path / "kb.sqlite")))
    stage = built.stage("articles_per_text")
    assert isinstance(stage, store.LazyMapping)
    assert stage[("D66_137", "articles")][:3] == ("1", "2", "3")
    assert dict(stage) == memory_kb.stage("articles_per_text") == articles_per_text(memory_kb)
    with sqlite3.connect(tmp_path / "kb.sqlite") as con:
        assert con.execute("SELECT count(*) FROM stage_item WHERE stage = 'articles_per_text'").fetchone()[0] == \
            len(memory_kb.corpus.texts)


def test_the_cache_of_a_vanished_rules_tree_is_pruned_at_the_next_build(tmp_path, cache):
    def tiny(name):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "t.cma").write_text('text T {\n    title: "texte minimal"\n    kind: code\n    articles: "1"\n}\n',
                                      encoding="utf-8")
        return folder

    gone, kept = tiny("gone"), tiny("kept")
    assert KnowledgeBase.load(gone).summary()["texts"] == 1
    (stale,) = cache.glob("kb-*.sqlite")
    shutil.rmtree(gone)
    KnowledgeBase.load(kept)
    assert not stale.exists() and len(list(cache.glob("kb-*"))) == 1


def test_a_damaged_built_file_is_a_message_not_a_traceback(tmp_path):
    out = store.build(RULES, tmp_path / "kb.sqlite", public=True)
    with sqlite3.connect(out) as con:
        con.execute("UPDATE part SET value = '{\"c\": \"Nope\", \"v\": []}' WHERE name = 'corpus.texts'")
    r = CliRunner().invoke(cli, ["--rules", str(out), "version", "décret 99-433", "4"])
    assert r.exit_code == 2 and "Traceback" not in r.output and "Nope" in r.output


def test_the_consolidated_texts_are_stored_and_read_back_per_article(kb, memory_kb):
    from engine.consolidation import consolidate

    assert kb._store is not None and "consolidated" in kb._store.stages()
    computed = consolidate(memory_kb.corpus, memory_kb.timelines)
    assert set(kb.consolidated) == set(computed)
    art19 = kb.consolidated[("CA", "19")]
    assert art19 == computed[("CA", "19")]
    # the words the décret wrote into art. 19, I, al. 1 (art. 2, 2° a) i)), read back from the file
    v2021 = next(v for v in art19.versions if v.start == date(2021, 2, 19))
    assert "chambres de métiers et de l'artisanat de région" in v2021.text
