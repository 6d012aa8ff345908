"""What matching needs of each record, computed when a knowledge base is built and stored in its file.

A cold question used to decode every record of the kind asked and tokenize each of its labels, its
quote and the names of its actors (≈ 30 ms of a 50 ms cold `ask`), then decode every provision to
find which of them wrote each article a record rests on (≈ 10 ms). This stage holds, for approvals,
délais and norms, the candidates of `matching.record_index` (labels with their tokens, the words of
what the record says) and, per record, which provision wrote each of its bases (`norms.basis_plan`):
plain lists and strings, one row per kind, read back in a few milliseconds.

The built file's content key hashes the engine's code, not this package's; so every key of this stage
begins with `code_mark()`, a hash of the modules whose code decides its values (the tokenizer, the
folding, the provisions' attribution, this module). A file built by other code holds other keys: the
lookup misses and the values are computed in memory, as they are for a base built in memory.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

NAME = "matching"
"""The stage's name in engine.store.STAGES (registered at the end of engine/store.py)."""

KINDS = (("approval", "act"), ("deadline", "obligation"), ("norm", "statement"))
"""The kinds questions are matched against, with the field naming each record (queries/ask.py KIND_FIELD)."""

_SOURCES = ("matching.py", "matching_stage.py", "norms.py", "resolve.py")


@cache
def code_mark() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _SOURCES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.hexdigest()[:16]


def compute(kb) -> dict:
    """The stage's output: (mark, "candidates", kind, field) → the candidates of that kind, and
    (mark, "bases", kind) → {record id: its basis plan}."""
    from .matching import compute_index
    from .norms import basis_plan

    mark = code_mark()
    out = {}
    for kind, field in KINDS:
        out[(mark, "candidates", kind, field)] = [
            [c.id, [[label, sorted(ts)] for label, ts in c.labels], sorted(c.content - c.vocabulary)]
            for c in compute_index(kb, kind, field)]
        out[(mark, "bases", kind)] = {rec.id: [list(step) for step in basis_plan(kb.corpus, rec)]
                                      for rec in kb.corpus.records_of(kind)}
    return out


def stored(kb, *key):
    """The stored value under (code_mark(), *key), or None: a base built in memory, a file without this
    stage or built by other code of these modules."""
    built = getattr(kb, "_store", None)
    if built is None:
        return None
    if kb.memo("matching_stage_stored", lambda: NAME in built.stages()):
        return kb.stage(NAME).get((code_mark(), *key))
    return None
