"""What matching needs of each record, computed when a knowledge base is built and stored in its file.

A cold question used to decode every record of the kind asked and tokenize each of its labels, its
quote and the names of its actors (≈ 30 ms of a 50 ms cold `ask`), then decode every provision to
find which of them wrote each article a record rests on (≈ 10 ms). This stage holds, for approvals,
délais and norms, the candidates of `matching.record_index` (labels with their tokens, the words of
what the record says) and, per record, which provision wrote each of its bases (`norms.basis_plan`):
plain lists and strings, one row per kind, read back in a few milliseconds.

The built file's content key hashes the engine's code and the names of the stages, not this package's
code: so the stage's name carries `code_mark()`, a hash of the modules whose code decides its values
(the tokenizer, the folding, the provisions' attribution, this module). Changing one of them changes
the name, hence the key, and the file is rebuilt; a file built by other code (`--rules FILE.sqlite`)
holds a stage of another name, not read: the values are then computed in memory, as for a base built
in memory. engine/store.py registers the stage at import (one entry), so the key never depends on
which modules a command happened to import.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

KINDS = (("approval", "act"), ("deadline", "obligation"), ("norm", "statement"))
"""The kinds questions are matched against, with the field naming each record (queries/ask.py KIND_FIELD)."""

_SOURCES = ("matching.py", "matching_stage.py", "norms.py", "resolve.py")


def code_mark() -> str:
    """A hash of the code that computes the stage (read from the modules' files, not imported)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _SOURCES:
        try:
            h.update(name.encode() + b"\0" + (here / name).read_bytes())
        except OSError:  # installed without its sources: the engine's version still keys the file
            h.update(name.encode() + b"\0?")
    return h.hexdigest()[:16]


NAME = f"matching-{code_mark()}"
"""The stage's name in engine.store.STAGES: what the built file's content key sees of this code."""


def compute(kb) -> dict:
    """The stage's output: ("candidates", kind, field) → the candidates of that kind, and
    ("bases", kind) → {record id: its basis plan}."""
    from .matching import compute_index
    from .norms import basis_plan

    out = {}
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
    if kb.memo(NAME, lambda: NAME in built.stages()):
        return kb.stage(NAME).get(key)
    return None
