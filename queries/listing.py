"""What cmakb encodes, as `ask` lists it: the approvals, deadlines and norms in force at a date, each with
its basis. (The `cmakb list` command of issue #13 is the full listing; this is the answer to « quelles
approbations sont encodées ? ».)"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from .answers import Answer, Response
from .norms import in_force_ids, record_bases

MAIN_FIELD = {"approval": "act", "deadline": "obligation", "norm": "statement"}
KIND_WORDS = {"approval": "approbations", "deadline": "délais", "norm": "autres règles"}


def encoded(kb: KnowledgeBase, kinds: list[str], on: date) -> Response:
    corpus = kb.corpus
    resp = Response("Ce que cmakb encode", "list", on, query={"kinds": list(kinds)})
    counts = {}
    for kind in kinds:
        holding = in_force_ids(kb, kind, on)
        recs = [r for r in corpus.records_of(kind) if r.id in holding]
        counts[kind] = len(recs)
        for rec in recs:
            fields = {"id": rec.id, "record_kind": kind, "label": corpus.value(rec, MAIN_FIELD[kind])}
            resp.answers.append(Answer("listing", fields, record_bases(kb, rec), f"[{KIND_WORDS[kind]}] {fields['label']}"))
    resp.query["counts"] = counts
    resp.notes.append("règles encodées en vigueur au " + on.isoformat() + " : " +
                      ", ".join(f"{n} {KIND_WORDS[k]}" for k, n in counts.items()))
    return resp
