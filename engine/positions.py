"""Where in the rules tree a derived thing comes from: the file:line:col a consistency problem points at.

A version (Segment) is derived from provisions, a recodification or a codification; its `basis`
names them ("D2021_168:art. 9, 6°", or the recodification's basis citation). The position of the
first one found is where the user must look.
"""

from __future__ import annotations

from .errors import SourcePos
from .corpus import Corpus


def segment_position(corpus: Corpus, *segments) -> SourcePos:
    """The position of what produced the first of `segments` that has a known origin (else its text's)."""
    for seg in segments:
        for label in seg.basis:
            text_id, _, citation = label.partition(":")
            prov = corpus.provisions.get((text_id, citation))
            if prov is not None:
                return prov.label_pos
            # A recodification or codification: the one with this basis whose `on` is where the segment turns.
            candidates = [rec for kind in ("recodification", "codification") for rec in corpus.records_of(kind)
                          if any(f"{b[0]}:{b[1]}" == label for b in corpus.value(rec, "basis") or [])]
            candidates.sort(key=lambda rec: corpus.value(rec, "on") not in (seg.start, seg.end))
            if candidates:
                field = candidates[0].get("on") or candidates[0].get("basis")
                return field.values[0].pos if field else candidates[0].pos
    text = corpus.texts.get(segments[0].text_id) if segments else None
    return text.pos if text else SourcePos(corpus.root, 1, 1)
