"""How a command knows its built file is up to date without hashing every rules file (engine/store.py's stamp),
and how a built file's classes are read back one by one (engine/codec.py's resolver)."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from engine import codec, store
from engine.errors import SourcePos
from engine.kb import KnowledgeBase

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture
def rules(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CMAKB_NO_CACHE", raising=False)
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _no_hashing(monkeypatch):
    def refuse(root):
        raise AssertionError("the contents were hashed")

    monkeypatch.setattr(store, "content_key", refuse)


def test_an_untouched_tree_is_answered_from_its_built_file_without_hashing_the_contents(rules, monkeypatch):
    first = KnowledgeBase.load(rules)
    assert first._store.meta.get("stamp")
    _no_hashing(monkeypatch)
    again = KnowledgeBase.load(rules)
    assert again._store.path == first._store.path
    assert again.ask("approves", "budget_cmar", None, None, on=date(2022, 1, 1))[0][1] == "prefet_de_region"


def test_a_touched_file_is_hashed_and_an_unchanged_content_keeps_the_built_file(rules, monkeypatch):
    first = KnowledgeBase.load(rules)
    built = first._store.path.stat().st_ino  # a rebuild writes a new file and renames it over the old
    approvals = rules / "norms" / "approvals.cma"
    os.utime(approvals, ns=(approvals.stat().st_atime_ns, approvals.stat().st_mtime_ns + 10**9))
    again = KnowledgeBase.load(rules)
    assert again._store.meta["key"] == first._store.meta["key"]
    assert again._store.path.stat().st_ino == built  # not rebuilt
    monkeypatch.setattr(store, "content_key", lambda root: pytest.fail("hashed again after a touch"))
    assert KnowledgeBase.load(rules)._store.meta["key"] == first._store.meta["key"]  # the new stamp was kept


def test_a_file_rewritten_with_the_same_size_and_mtime_is_still_seen(rules):
    first = KnowledgeBase.load(rules)
    approvals = rules / "norms" / "approvals.cma"
    before = approvals.stat()
    text = approvals.read_text(encoding="utf-8")
    approvals.write_text(text.replace("# Approvals:", "# APPROVALS:", 1), encoding="utf-8")  # same size
    os.utime(approvals, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` or `cp -p` would leave it
    assert approvals.stat().st_size == before.st_size and approvals.stat().st_mtime_ns == before.st_mtime_ns
    assert KnowledgeBase.load(rules)._store.meta["key"] != first._store.meta["key"]  # its ctime told


def test_a_built_file_reads_each_class_under_the_fields_it_was_stored_with():
    layout = codec.layout()
    resolve = codec.resolver(layout)
    pos = SourcePos("a.cma", 3, 1, "x")
    assert codec.decode(codec.encode(pos), resolve) == pos
    changed = layout.replace("SourcePos=engine.errors:SourcePos(", "SourcePos=engine.errors:SourcePos(extra,")
    with pytest.raises(codec.CodecError, match="rebuild"):
        codec.decode(codec.encode(pos), codec.resolver(changed))
    foreign = layout.replace("SourcePos=engine.errors:SourcePos(", "SourcePos=os:SourcePos(")
    with pytest.raises(codec.CodecError, match="whitelist"):
        codec.decode(codec.encode(pos), codec.resolver(foreign))
    with pytest.raises(codec.CodecError):
        codec.resolver("not a layout")
