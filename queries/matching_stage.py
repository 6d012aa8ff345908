"""What matching needs of each record, computed when a knowledge base is built and stored in its file.

A cold question used to decode every record of the kind asked and tokenize each of its labels, its
quote and the names of its actors (≈ 30 ms of a 50 ms cold `ask`), then decode every provision to
find which of them wrote each article a record rests on (≈ 10 ms). This stage holds, for approvals,
délais and norms, the candidates of `matching.record_index` (labels with their tokens, the words of
what the record says) and, per record, which provision wrote each of its bases (`norms.basis_plan`):
plain lists and strings, one row per kind, read back in a few milliseconds.

The code that computes the stage (the tokenizer, the folding, the provisions' attribution, this module:
`SOURCES`) is part of the built file's content key: engine/store.py registers the stage at import with
those files (`STAGE_CODE`), so editing them rebuilds the file, and the key never depends on which modules
a command happened to import. A file opened directly (`--rules FILE.sqlite`), which no key checked, is
read only if the mark of the code stored with the stage (`code_mark()`) is this code's; otherwise the
values are computed in memory, as for a base built in memory.
"""

from __future__ import annotations

from pathlib import Path

KINDS = (("approval", "act"), ("deadline", "obligation"), ("norm", "statement"))
"""The kinds questions are matched against, with the field naming each record (queries/ask.py KIND_FIELD)."""

_SOURCES = ("matching.py", "matching_stage.py", "norms.py", "resolve.py")
SOURCES = tuple(Path(__file__).resolve().parent / name for name in _SOURCES)
"""The files whose code decides the stage's values (engine.store.STAGE_CODE): the key hashes them."""

NAME = "matching"
"""The stage's name in engine.store.STAGES."""


def code_mark() -> str:
    """A hash of the code that computes the stage (read from the modules' files, not imported): stored with
    the stage, and compared only for a file opened directly (`--rules FILE.sqlite`), which no key checked."""
    import hashlib

    h = hashlib.sha256()
    for path in SOURCES:
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:  # installed without its sources: the engine's version still keys the file
            h.update(path.name.encode() + b"\0?")
    return h.hexdigest()[:16]


def compute(kb) -> dict:
    """The stage's output: ("candidates", kind, field) → the candidates of that kind, and
    ("bases", kind) → {record id: its basis plan}."""
    from .matching import compute_index
    from .norms import basis_plan

    out: dict = {("code",): code_mark()}
    for kind, field in KINDS:
        out[("candidates", kind, field)] = [
            [c.id, [[label, sorted(ts)] for label, ts in c.labels], sorted(c.content - c.vocabulary)]
            for c in compute_index(kb, kind, field)]
        out[("bases", kind)] = {rec.id: [list(step) for step in basis_plan(kb.corpus, rec)]
                                for rec in kb.corpus.records_of(kind)}
    return out


def stored(kb, *key):
    """The stored value under `key`, or None: a base built in memory, or a file without this stage (built
    before it, or by other code of these modules)."""
    built = getattr(kb, "_store", None)
    if built is None:
        return None
    if kb.memo(NAME, lambda: _readable(kb, built)):
        return kb.stage(NAME).get(key)
    return None


def _readable(kb, built) -> bool:
    """The file holds this stage, computed by this code: its key said so (the cache), else its mark."""
    if NAME not in built.stages():
        return False
    return getattr(built, "verified", False) or kb.stage(NAME).get(("code",)) == code_mark()
