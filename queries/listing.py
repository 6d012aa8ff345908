"""What cmakb encodes, as `ask` lists it: the approvals, deadlines and norms in force at a date, the texts
the décret touches, the articles of a text it touches, the actors of the rules, each with its basis. (The
`cmakb list` command of issue #13 is the full listing; this answers « quelles approbations sont encodées ? ».)"""

from __future__ import annotations

from datetime import date

from engine.kb import KnowledgeBase

from .answers import Answer, Response, make_basis
from .cite import article_citation
from .norms import in_force_ids, record_bases

MAIN_FIELD = {"approval": "act", "deadline": "obligation", "norm": "statement"}
KIND_WORDS = {"approval": "approbations", "deadline": "délais", "norm": "autres règles", "text": "textes",
              "article": "articles", "actor": "acteurs"}
ACTOR_FIELDS = ("approver", "proposer", "who", "to", "body")


def encoded(kb: KnowledgeBase, kinds: list[str], on: date, text_id: str | None = None) -> Response:
    corpus = kb.corpus
    resp = Response("Ce que cmakb encode", "list", on, query={"kinds": list(kinds), "text": text_id})
    structural = [k for k in kinds if k in ("text", "article", "actor")]
    record_kinds = [k for k in kinds if k in MAIN_FIELD] or ["approval", "deadline", "norm"]
    counts = {}
    for kind in structural or record_kinds:
        before = len(resp.answers)
        if kind == "text":
            _texts(kb, resp)
        elif kind == "article":
            _articles(kb, resp, text_id)
        elif kind == "actor":
            _actors(kb, resp, record_kinds, on)
        else:
            holding = in_force_ids(kb, kind, on)
            for rec in (r for r in corpus.records_of(kind) if r.id in holding):
                fields = {"id": rec.id, "record_kind": kind, "label": corpus.value(rec, MAIN_FIELD[kind])}
                resp.answers.append(Answer("listing", fields, record_bases(kb, rec),
                                           f"[{KIND_WORDS[kind]}] {fields['label']}"))
        counts[kind] = len(resp.answers) - before
    resp.query["counts"] = counts
    resp.notes.append(f"encodé au {on.isoformat()} : " + ", ".join(f"{n} {KIND_WORDS[k]}" for k, n in counts.items()))
    return resp


def _texts(kb: KnowledgeBase, resp: Response) -> None:
    corpus = kb.corpus
    touched = {t for (t, _a) in kb.timelines}
    for t in corpus.texts.values():
        if t.id in touched:
            resp.answers.append(Answer("listing", {"id": t.id, "record_kind": "text", "label": t.title},
                                       (make_basis(corpus, t.id, ""),), f"[textes] {t.title}"))


def _articles(kb: KnowledgeBase, resp: Response, text_id: str | None) -> None:
    corpus = kb.corpus
    for (t, article) in sorted(kb.timelines, key=lambda k: (k[0], str(k[1]))):
        if article is None or (text_id and t != text_id) or t == corpus.amending_text().id:
            continue
        cit = article_citation(article)
        resp.answers.append(Answer("listing", {"id": f"{t}:{article}", "record_kind": "article", "label": cit},
                                   (make_basis(corpus, t, cit),), f"[articles] {t} {cit}"))


def _actors(kb: KnowledgeBase, resp: Response, kinds: list[str], on: date) -> None:
    corpus = kb.corpus
    seen: dict[str, object] = {}
    for kind in kinds:
        holding = in_force_ids(kb, kind, on)
        for rec in (r for r in corpus.records_of(kind) if r.id in holding):
            for name in ACTOR_FIELDS:
                value = corpus.value(rec, name)
                for actor in value if isinstance(value, list) else [value] if value else []:
                    seen.setdefault(actor, rec)
    for actor, rec in sorted(seen.items()):
        arec = corpus.records.get(("actor", actor))
        label = corpus.value(arec, "name") if arec else actor
        resp.answers.append(Answer("listing", {"id": actor, "record_kind": "actor", "label": label,
                                               "example": rec.id}, record_bases(kb, rec)[:1], f"[acteurs] {label}"))
