"""The built knowledge base: one SQLite file holding every stage's output for one rules tree.

`build(root, path)` parses and validates the rules, computes the timelines and the registry,
materialises every predicate's answers (engine/index.py) and writes them, with the corpus, into
`path`. `Store(path)` reads it back lazily: a part of the corpus, a timeline, a predicate's rows
are decoded the first time they are asked for. Values are stored as JSON through engine/codec.py
(a whitelist of dataclasses; never pickle, never eval), beside plain indexed tables a user can
query with `sqlite3` (fact, version, holds).

`cached(root)` is what KnowledgeBase.load uses: the built file of `root` in the per-user cache
(`$XDG_CACHE_HOME/cmakb`, else ~/.cache/cmakb), rebuilt when the content key changes, or None
when there is no writable cache (the caller then builds in memory). The key hashes every file
under the rules root, the code of the engine package and the codec's schema, so a changed rule,
source text or stage rebuilds the file.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from . import codec
from .errors import CmakbError

try:  # CPython's own SHA-256 (the one hashlib falls back to): the same digests, without loading OpenSSL,
    from _sha2 import sha256  # which is 2.7 ms of every cold command (Python ≥ 3.12)
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

ENGINE_DIR = Path(__file__).resolve().parent
FORMAT = "cmakb-built-kb/2"  # /2: a stored predicate's rows are its facts' (fact.a0, a1; indexed.source)

SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE part (name TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, seq));
CREATE TABLE item (part TEXT NOT NULL, seq INTEGER NOT NULL, k0 TEXT NOT NULL, k1 TEXT NOT NULL, value TEXT NOT NULL,
                   PRIMARY KEY (part, k0, k1));
CREATE TABLE timeline (seq INTEGER PRIMARY KEY, text_id TEXT NOT NULL, article TEXT, key TEXT NOT NULL UNIQUE,
                       value TEXT NOT NULL);
CREATE TABLE stage_item (stage TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                         PRIMARY KEY (stage, key));
CREATE TABLE fact (id TEXT PRIMARY KEY, predicate TEXT NOT NULL, args TEXT NOT NULL, start TEXT NOT NULL,
                   "end" TEXT NOT NULL, basis TEXT NOT NULL, by TEXT NOT NULL, origin TEXT NOT NULL,
                   record TEXT NOT NULL, a0 TEXT, a1 TEXT);
CREATE TABLE version (text_id TEXT NOT NULL, article TEXT, start TEXT NOT NULL, "end" TEXT NOT NULL,
                      status TEXT NOT NULL, version_id TEXT NOT NULL);
CREATE TABLE indexed (predicate TEXT PRIMARY KEY, arity INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE holds (predicate TEXT NOT NULL, a0 TEXT, a1 TEXT, args TEXT NOT NULL, start TEXT NOT NULL,
                    "end" TEXT NOT NULL);
CREATE INDEX item_by_seq ON item (part, seq);
CREATE INDEX fact_by_args ON fact (predicate, a0, a1);
CREATE INDEX version_by_article ON version (text_id, article, start);
CREATE INDEX holds_by_args ON holds (predicate, a0, a1);
"""

PART_CHUNK = 2000
"""Items of a large dict or list per row of `part`."""

FACTS_PART = "registry.facts"
IN_FACT_TABLE = '{"m":[["table","fact"]]}'
"""The part row of registry.facts: its FactEntries are the rows of `fact` (every field is a column),
read back from there rather than stored twice (encoding them twice was a fifth of a large build)."""

KEYED_PARTS = ("corpus.records", "corpus.provisions")
"""Dicts keyed by pairs of strings ((kind, id), (text, label)) stored one row per item: a question
decodes the records of one kind, or one provision, not all of them."""

STAGES: dict[str, Any] = {}
"""Extra keyed stages stored beside the timelines: name → function(kb) returning dict[key, value]
of codec-storable values. Register a new stage with one line, e.g.
`STAGES["consolidated"] = lambda kb: consolidate(kb.corpus, kb.timelines)`; read it with
`kb.stage("consolidated")` (a lazy mapping on a built base, the computed dict in memory)."""


STAGE_CODE: dict[str, tuple[Path, ...]] = {}
"""For a stage computed by code outside engine/: the files of that code. The content key hashes them and
the freshness stamp looks at them, as for the engine's own code, so editing them rebuilds the file."""


def _code_files() -> list[Path]:
    files = sorted(ENGINE_DIR.glob("*.py")) + sorted(ENGINE_DIR.glob("*.lark"))
    for name in sorted(STAGES):
        compute = STAGES[name]
        module = sys.modules.get(getattr(compute, "__module__", "") or "")
        source = getattr(module, "__file__", None)
        if source and Path(source).resolve().parent != ENGINE_DIR:
            files.append(Path(source))
        files.extend(STAGE_CODE.get(name, ()))
    return list(dict.fromkeys(files))


class StoreError(CmakbError):
    """A built file that is not one (or not this version's): rebuild it."""


# ------------------------------------------------------------------ keys and places
def _files_under(root: Path) -> list[Path]:
    if root.is_file():
        extra = root.parent / "sources"
        return [root] + (sorted(p for p in extra.rglob("*") if p.is_file()) if extra.is_dir() else [])
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.startswith("."))


def code_version() -> str:
    """A hash of the engine's own code and the codec schema: a new stage or field makes a new key."""
    h = sha256(f"{FORMAT}/{codec.SCHEMA}".encode())
    for p in _code_files():  # a stage registered from outside engine/ is part of the code too
        h.update(p.name.encode())
        try:
            h.update(p.read_bytes())
        except OSError:  # installed without that source: the engine's code still keys the file
            h.update(b"\0?")
    h.update(",".join(sorted(STAGES)).encode())
    return h.hexdigest()


def content_key(root: str | Path) -> str:
    """The hash of every file of a rules tree (names and bytes) and of code_version()."""
    root = Path(root)
    h = sha256(code_version().encode())
    base = root if root.is_dir() else root.parent
    for p in _files_under(root):
        try:
            name = str(p.relative_to(base))
        except ValueError:
            name = str(p)
        h.update(name.encode() + b"\0")
        h.update(sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _stamp(root: Path) -> str:
    """What the files of a rules tree and of the code look like from outside (path, size, mtime, ctime, inode):
    equal to the one recorded at build time, the content key is equal too, and need not be hashed again.

    Any write changes a file's ctime, which no tool can set back (`touch -r`, `cp -p`, `git checkout` change
    it); a differing stamp only means: hash the contents (content_key), the authority."""
    h = sha256(f"{FORMAT}/{codec.SCHEMA}".encode())
    for p in _code_files() + _files_under(root):
        st = p.stat()
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\0".encode())
    h.update(",".join(sorted(STAGES)).encode())
    return h.hexdigest()


def _record_stamp(path: Path, stamp: str) -> None:
    """Best effort: a file we cannot write is checked by its content key next time, as before."""
    try:
        con = sqlite3.connect(path)
        try:
            with con:
                con.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        finally:
            con.close()
    except sqlite3.Error:
        pass


def cache_dir() -> Path | None:
    """The per-user cache folder, created if need be; None when there is none we can write."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and not os.path.isabs(base):  # the XDG spec: a relative path is invalid, ignore it
        base = None
    try:
        folder = (Path(base) if base else Path.home() / ".cache") / "cmakb"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # read-only or missing home
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def cache_path(folder: Path, root: str | Path) -> Path:
    """The one cache file of a rules tree (by its absolute path): rebuilt in place, never piling up."""
    return folder / f"kb-{sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]}.sqlite"


def cached(root: str | Path) -> "Store | None":
    """The up-to-date built file of `root` from the cache, built now if missing or stale; None without a cache."""
    if os.environ.get("CMAKB_NO_CACHE"):
        return None
    folder = cache_dir()
    if folder is None:
        return None
    root = Path(root).resolve()
    path = cache_path(folder, root)
    try:
        stamp = _stamp(root)
    except OSError:  # a file vanished while we looked: the contents decide
        stamp = None
    store = None
    try:
        store = Store(path)
        if stamp is not None and store.meta.get("stamp") == stamp:
            store.verified = True
            return store  # nothing was written since the build: the key is the same (no hashing, #9)
    except (StoreError, sqlite3.Error, OSError):
        store = None
    key = content_key(root)
    if store is not None:
        if store.meta.get("key") == key:
            store.verified = True
            if stamp is not None:  # touched, not changed (a checkout, `touch`): the next call need not hash
                _record_stamp(path, stamp)
            return store
        store.close()
    try:
        build(root, path, key=key)
        if stamp is not None:
            _record_stamp(path, stamp)
        built = Store(path)
        built.verified = True
    except (OSError, sqlite3.Error):  # a full disk or a vanished folder: answer anyway, from memory
        return None
    prune(folder, keep=path)
    return built


def prune(folder: Path, keep: Path) -> None:
    """Remove the cache files of rules trees that no longer exist (test folders, moved checkouts) and
    temporary files left by an interrupted build. Best effort: a file in use or unreadable stays."""
    import time

    for other in folder.glob("kb-*"):
        try:
            if other == keep:
                continue
            if other.suffix == ".tmp":
                if time.time() - other.stat().st_mtime > 3600:
                    other.unlink()
                continue
            con = sqlite3.connect(f"file:{other}?mode=ro", uri=True)
            try:
                root = con.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
            finally:
                con.close()
            if root and not Path(root[0]).exists():
                other.unlink()
        except (OSError, sqlite3.Error):
            continue


# ------------------------------------------------------------------ writing
def build(root: str | Path, path: str | Path, key: str | None = None, kb=None, public: bool = False) -> Path:
    """Compile `root` and write its built file at `path` (atomically: a reader sees the old or the new).

    A cache file stays private to its user; a `public` one (cmakb build -o) gets the usual permissions.
    """
    from .kb import KnowledgeBase, no_gc

    with no_gc():
        return _build(root, path, key, kb or KnowledgeBase.load_uncached(root), public)


def _build(root, path, key, kb, public) -> Path:
    import tempfile

    root = Path(root)
    path = Path(path)
    key = key or content_key(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            _write(con, kb, key)
            con.commit()
        finally:
            con.close()
        if public:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _write(con: sqlite3.Connection, kb, key: str) -> None:
    from .index import materialise
    from .registry import FactEntry

    enc = codec.encode_row
    tables, indexes = _schema_parts()
    # Pages of 16 KB rather than 4: a timeline or a provision is a few KB of JSON, and a build of 10^5
    # versions writes 200 MB (5 % less time, 5 % smaller). Set before the first table.
    con.execute("PRAGMA page_size = 16384")
    # No rollback journal: a build that fails is deleted, never rolled back (the file is a temporary one,
    # renamed over the old only once committed). The commit's fsync stays: a renamed file is a whole one.
    con.execute("PRAGMA journal_mode = OFF")
    con.executescript(tables)
    corpus, registry = kb.corpus, kb.registry
    meta = {"format": FORMAT, "schema": str(codec.SCHEMA), "layout": codec.layout(), "key": key, "root": corpus.root,
            "built": date.today().isoformat(), "stages": codec.encode_row(sorted(STAGES))}
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())

    def part(name: str, value) -> None:
        if name == FACTS_PART and type(value) is dict and all(type(f) is FactEntry and f.id == k
                                                              for k, f in value.items()):
            con.execute("INSERT INTO part VALUES (?, 0, ?)", (name, IN_FACT_TABLE))
            return
        if name in KEYED_PARTS and type(value) is dict and all(
                type(k) is tuple and len(k) == 2 and type(k[0]) is str and type(k[1]) is str for k in value):
            con.execute("INSERT INTO part VALUES (?, 0, ?)", (name, codec.encode({"keyed": True})))
            con.executemany("INSERT INTO item VALUES (?, ?, ?, ?, ?)",
                            ((name, i, k[0], k[1], codec.encode(v)) for i, (k, v) in enumerate(value.items())))
            return
        # A large dict or list in chunks of PART_CHUNK items: only one chunk's text is in memory at a time.
        if type(value) in (dict, list) and len(value) > PART_CHUNK:
            items = list(value.items()) if type(value) is dict else value
            for seq, i in enumerate(range(0, len(items), PART_CHUNK)):
                chunk = items[i:i + PART_CHUNK]
                con.execute("INSERT INTO part VALUES (?, ?, ?)",
                            (name, seq, codec.encode(dict(chunk) if type(value) is dict else chunk)))
        else:
            con.execute("INSERT INTO part VALUES (?, 0, ?)", (name, codec.encode(value)))

    for f in dataclasses.fields(corpus):
        if f.name == "targets":  # keyed by id(operation): stored by (provision, operation index) instead
            part("corpus.targets", [[key_, i, corpus.targets[id(op)]] for key_, p in corpus.provisions.items()
                                    for i, op in enumerate(p.operations) if id(op) in corpus.targets])
        else:
            part(f"corpus.{f.name}", getattr(corpus, f.name))
    part("corpus.amending_text", corpus.amending_text().id)  # without decoding every provision
    for f in dataclasses.fields(registry):
        part(f"registry.{f.name}", getattr(registry, f.name))
    part("registry.rule_origins", registry.rule_origins())  # cited by answers without decoding the rules
    con.executemany("INSERT INTO timeline (text_id, article, key, value) VALUES (?, ?, ?, ?)",
                    ((k[0], k[1], enc(k), enc(tl)) for k, tl in kb.timelines.items()))
    con.executemany("INSERT INTO version VALUES (?, ?, ?, ?, ?, ?)",
                    ((s.text_id, s.article, s.start.isoformat(), s.end.isoformat(), s.status, s.version_id)
                     for tl in kb.timelines.values() for s in tl.segments))
    for name, compute in STAGES.items():
        con.executemany("INSERT INTO stage_item VALUES (?, ?, ?, ?)",
                        ((name, i, enc(k), enc(v)) for i, (k, v) in enumerate(compute(kb).items())))
    args_text: dict[int, str] = {}  # id(args tuple) → its text: a fact's row in `holds` has the same tuple

    def fact_args(args: tuple) -> str:
        text = args_text[id(args)] = enc(args)
        return text

    # A fact's basis, provisions and record repeat across the facts of one record or provision (and the
    # dates across all): each distinct value is written once, then looked up (≈ 0.5 s of 10^5 versions).
    # Only tuples of strings and None, whose equality is their identity as text (never 1 == True == 1.0).
    texts: dict = {}

    def enc_once(value) -> str:
        text = texts.get(value)
        if text is None:
            text = texts[value] = enc(value)
        return text

    iso: dict = {}

    def day(d: date) -> str:
        text = iso.get(d)
        if text is None:
            text = iso[d] = d.isoformat()
        return text

    con.executemany("INSERT INTO fact VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((f.id, f.predicate, fact_args(f.args), day(f.start), day(f.end), enc_once(f.basis),
                      enc_once(f.by), f.origin, enc_once(f.record), _arg_key(f.args, 0), _arg_key(f.args, 1))
                     for f in registry.facts.values()))
    texts.clear()
    rows = materialise(registry)  # the facts alive throughout, so an id stays theirs
    # A stored predicate's rows are its facts, as `fact` already holds them (the same argument tuples, unless
    # one holds a float, which the engine rounds): they are read from there rather than written again into
    # `holds` (250,000 rows at 10^5 versions).
    rounded = {f.predicate for f in registry.facts.values() if any(type(a) is float for a in f.args)}
    from_facts = {p for p in rows if p not in registry.derived and p not in rounded}
    con.executemany("INSERT INTO indexed VALUES (?, ?, ?)",
                    ((p, registry.predicates[p], "fact" if p in from_facts else "holds") for p in rows))
    con.executemany("INSERT INTO holds VALUES (?, ?, ?, ?, ?, ?)",
                    ((p, _arg_key(args, 0), _arg_key(args, 1), args_text.get(id(args)) or enc(args),
                      day(start), day(end))
                     for p, prow in rows.items() if p not in from_facts for args, start, end in prow))
    args_text.clear()
    con.executescript(indexes)


def _schema_parts() -> tuple[str, str]:
    """SCHEMA_SQL's tables, and its indexes: created once the rows are in (one sort each, rather than
    a B-tree insertion per row)."""
    statements = [s.strip() + ";" for s in SCHEMA_SQL.split(";") if s.strip()]
    return ("\n".join(s for s in statements if not s.startswith("CREATE INDEX")),
            "\n".join(s for s in statements if s.startswith("CREATE INDEX")))


def _arg_key(args: tuple, i: int) -> str | None:
    """The indexed column of a string argument (the lookups that matter bind text ids and names)."""
    return args[i] if len(args) > i and isinstance(args[i], str) else None


# ------------------------------------------------------------------ reading
class Store:
    """A built file opened read-only; every value decoded on first use and kept."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"aucune base construite à {self.path} ; attendu : un fichier écrit par cmakb build")
        self._lock = threading.Lock()
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            self.meta = dict(self._con.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            self._con.close()
            raise StoreError(f"{self.path} n'est pas une base construite par cmakb : {exc}") from exc
        try:
            if self.meta.get("format") != FORMAT or self.meta.get("schema") != str(codec.SCHEMA):
                raise codec.CodecError("another format")
            # Each stored class is checked against this code when first read, importing only its module:
            # comparing the whole layout here imported every stage's module on every cold answer.
            self._resolve = codec.resolver(self.meta.get("layout", ""))
        except codec.CodecError:
            self._con.close()
            raise StoreError(f"{self.path} a été construite par une autre version de cmakb : reconstruisez-la "
                             "(cmakb build)") from None
        self.verified = False  # True once cached() found its key (or stamp) to be this code's and rules'
        self._indexed: dict[str, int] | None = None
        self._rows: dict[tuple, list] = {}

    def close(self) -> None:
        self._con.close()

    def _decode(self, text: str) -> Any:
        return codec.decode(text, self._resolve)

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def part(self, name: str) -> Any:
        from .kb import no_gc

        rows = self._query("SELECT value FROM part WHERE name = ? ORDER BY seq", (name,))
        if not rows:
            raise StoreError(f"{self.path} n'a pas de {name} : reconstruisez-la (cmakb build)")
        if name == FACTS_PART and rows[0][0] == IN_FACT_TABLE:
            return self._facts()
        if name in KEYED_PARTS and rows[0][0] == codec.encode({"keyed": True}):
            return LazyMapping(lambda: self._query("SELECT k0, k1 FROM item WHERE part = ? ORDER BY seq", (name,)),
                               lambda key: self._item(name, key), lambda: self._items(name),
                               lambda k0: self._items(name, k0))
        with no_gc():
            value = self._decode(rows[0][0])
            for (more,) in rows[1:]:  # the further chunks of a large dict or list
                chunk = self._decode(more)
                value.update(chunk) if type(value) is dict else value.extend(chunk)
            return value

    def _facts(self) -> dict:
        """registry.facts from the rows of `fact`, in their order (the order they were compiled in)."""
        from .kb import no_gc
        from .registry import FactEntry

        rows = self._query('SELECT id, predicate, args, start, "end", basis, by, origin, record FROM fact '
                           "ORDER BY rowid")
        day, new = date.fromisoformat, codec.rebuild
        with no_gc():
            # The JSON columns of every row in one document: one json.loads, not one per value.
            values = self._decode("[" + ",".join(f"{a},{b},{by},{r}" for _, _, a, _, _, b, by, _, r in rows) + "]")
            if len(values) != 4 * len(rows):
                raise StoreError(f"{self.path} : faits endommagés ; reconstruisez-la (cmakb build)")
            try:
                return {i: new(FactEntry, (i, p, values[4 * n], day(s), day(e), values[4 * n + 1], values[4 * n + 2],
                                           o, values[4 * n + 3]))
                        for n, (i, p, _, s, e, _, _, o, _) in enumerate(rows)}
            except (ValueError, TypeError) as exc:
                raise StoreError(f"{self.path} : un fait endommagé ({exc}) ; reconstruisez-la (cmakb build)") from exc

    def _item(self, name: str, key) -> Any:
        if type(key) is not tuple or len(key) != 2:
            raise KeyError(key)
        rows = self._query("SELECT value FROM item WHERE part = ? AND k0 = ? AND k1 = ?", (name, *key))
        if not rows:
            raise KeyError(key)
        return self._decode(rows[0][0])

    def _items(self, name: str, k0: str | None = None) -> list[tuple[tuple, Any]]:
        from .kb import no_gc

        sql, args = "SELECT k0, k1, value FROM item WHERE part = ?", (name,)
        if k0 is not None:
            sql, args = sql + " AND k0 = ?", args + (k0,)
        rows = self._query(sql + " ORDER BY seq", args)
        with no_gc():
            return [((a, b), self._decode(v)) for a, b, v in rows]

    def has_part(self, name: str) -> bool:
        return bool(self._query("SELECT 1 FROM part WHERE name = ? LIMIT 1", (name,)))

    # keyed stages: the timelines, and whatever STAGES registers
    def timeline_keys(self) -> list[tuple]:
        return [(t, a) for t, a in self._query("SELECT text_id, article FROM timeline ORDER BY seq")]

    def timeline(self, key: tuple) -> Any:
        rows = self._query("SELECT value FROM timeline WHERE key = ?", (_key_text(key),))
        if not rows:
            raise KeyError(key)
        return self._decode(rows[0][0])

    def stages(self) -> list[str]:
        """The names of the registered stages whose outputs this file holds."""
        return self._decode(self.meta.get("stages", "[]"))

    def stage_keys(self, stage: str) -> list:
        return [self._decode(k) for (k,) in self._query("SELECT key FROM stage_item WHERE stage = ? ORDER BY seq",
                                                        (stage,))]

    def stage_item(self, stage: str, key) -> Any:
        rows = self._query("SELECT value FROM stage_item WHERE stage = ? AND key = ?", (stage, _key_text(key)))
        if not rows:
            raise KeyError(key)
        return self._decode(rows[0][0])

    # the materialised predicates
    def indexed(self) -> dict[str, int]:
        if self._indexed is None:
            found = self._query("SELECT predicate, arity, source FROM indexed")
            self._indexed = {p: arity for p, arity, _ in found}
            self._sources = {p: source for p, _, source in found}
        return self._indexed

    def rows(self, predicate: str, args: tuple) -> list | None:
        """The rows of `predicate` that can match `args` (filtered on the first two string arguments), or None."""
        if predicate not in self.indexed():
            return None
        a0, a1 = _arg_key(args, 0), _arg_key(args, 1)
        if a0 is None:
            a1 = None
        cache_key = (predicate, a0, a1)
        rows = self._rows.get(cache_key)
        if rows is None:
            table = "fact" if self._sources.get(predicate) == "fact" else "holds"
            sql = f'SELECT args, start, "end" FROM {table} WHERE predicate = ?'
            params: tuple = (predicate,)
            if a0 is not None:
                sql, params = sql + " AND a0 = ?", params + (a0,)
            if a1 is not None:
                sql, params = sql + " AND a1 = ?", params + (a1,)
            fromiso = date.fromisoformat
            rows = [(self._decode(a), fromiso(s), fromiso(e)) for a, s, e in self._query(sql, params)]
            self._rows[cache_key] = rows
        return rows


def _key_text(key) -> str:
    """A key as stored; a value that cannot be stored cannot be a key (KeyError, not a damaged file)."""
    try:
        return codec.encode_row(key)
    except codec.CodecError:
        raise KeyError(key) from None


class LazyMapping(Mapping):
    """A read-only dict whose values are decoded from the store on first access; keys in stored order.

    `keys()` lists the stored keys (read on first iteration only); `load(key)` raises KeyError for a
    key that is not stored, so a lookup never needs the whole list.
    """

    def __init__(self, keys, load, load_all=None, load_group=None):
        self._list_keys = keys
        self._keys: list | None = None
        self._load = load
        self._load_all = load_all  # every (key, value) at once, in order: for items() and values()
        self._load_group = load_group  # the (key, value) whose key starts with a given first element
        self._values: dict = {}
        self._complete = False
        self._groups: set = set()

    def _fill(self) -> None:
        if not self._complete and self._load_all is not None:
            for key, value in self._load_all():
                self._values.setdefault(key, value)
            self._complete = True

    def group(self, first) -> list:
        """The (key, value) pairs whose key begins with `first` (the records of one kind), in stored order."""
        if self._load_group is None or self._complete:
            return [(k, self[k]) for k in self if k[0] == first]
        if first not in self._groups:
            for key, value in self._load_group(first):
                self._values.setdefault(key, value)
            self._groups.add(first)
        return [(k, v) for k, v in self._values.items() if k[0] == first]

    def items(self):
        self._fill()
        return [(k, self[k]) for k in self]

    def values(self):
        self._fill()
        return [self[k] for k in self]

    def _all_keys(self) -> list:
        if self._keys is None:
            self._keys = [tuple(k) if type(k) is not tuple and isinstance(k, (list, tuple)) else k
                          for k in self._list_keys()]
        return self._keys

    def __getitem__(self, key):
        try:
            return self._values[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable key is simply absent
            raise KeyError(key) from None
        try:
            value = self._load(key)
        except TypeError:
            raise KeyError(key) from None
        self._values[key] = value
        return value

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator:
        return iter(self._all_keys())

    def __len__(self) -> int:
        return len(self._all_keys())

    def __repr__(self) -> str:
        return f"<{len(self)} stored items>"


def _consolidated(kb) -> dict:
    from .consolidation import consolidate

    return consolidate(kb.corpus, kb.timelines)


STAGES["consolidated"] = _consolidated


# What matching needs of each record (queries/matching_stage.py, a small module importing nothing of
# ours at import): registered here, at import, so every command's key sees it, with the files of the
# queries code that computes it (STAGE_CODE), so the key and the stamp cover that code too.
from queries import matching_stage as _matching  # noqa: E402

STAGES[_matching.NAME] = _matching.compute
STAGE_CODE[_matching.NAME] = _matching.SOURCES
