"""When a text entered into force, and why then.

The décret n° 2021-168 sets no date of its own: under article 1er of the code civil, an act published in
the Journal officiel enters into force on the date it sets or, failing that, on the day after its
publication. Published in the JO of 18 February 2021, it is in force from 19 February 2021. The record
that says so is in rules/norms/entry_into_force.cma (a norm of topic `procedure`).
"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from .answers import Answer, Response
from .question_dates import long_date
from .norms import NOT_COVERED, common_fields, record_bases
from .matching import Match

RECORD = "entree_en_vigueur_decret_2021_168"


def entry_into_force(kb: KnowledgeBase, text_id: str | None, on: date) -> Response:
    corpus = kb.corpus
    text = corpus.texts[text_id or corpus.amending_text().id]
    resp = Response(f"Quand le {text.title.split(' relatif')[0]} est-il entré en vigueur ?", "entry_into_force", on,
                    query={"text": text.id})
    rec = corpus.records.get(("norm", RECORD))
    if text.id != corpus.amending_text().id or rec is None or not text.get("in_force"):
        resp.notes.append(f"{NOT_COVERED} : cmakb ne connaît la date d'entrée en vigueur que du décret "
                          f"n° 2021-168, pas celle de {text.id}")
        resp.query["coverage"] = {"status": "not_covered"}
        return resp
    published, in_force = text.get("published"), text.get("in_force")
    fields = {**common_fields(kb, rec, Match(rec.id, 1.0, corpus.value(rec, "statement"))),
              "text_id": text.id, "published": published, "in_force": in_force,
              "journal": text.get("journal"), "statement": corpus.value(rec, "statement")}
    summary = (f"en vigueur le {long_date(in_force)} : le lendemain de sa publication au Journal officiel du "
               f"{long_date(published)} ({text.get('journal')}), le décret ne fixant pas lui-même de date")
    resp.answers.append(Answer("entry_into_force", fields, record_bases(kb, rec), summary))
    return resp
