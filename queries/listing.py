"""What is encoded: texts, articles, approvals, deadlines, norms, actors — each with its id, its French label,
its validity and its basis. `cmakb list` and the workbench's tables show the same rows.

    >>> rows = list_items(kb, "approvals", None)
    >>> next(r for r in rows if r.id == "grille_des_emplois_cmar").fields["approver"]
    'prefet_de_region'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from engine.ast import OPEN_END
from engine.errors import UnknownNameError
from engine.corpus import nearest, plain_value

from . import vocabulary as vocab
from .answers import Basis, _plain, make_basis
from .cite import article_citation

WHATS = ("texts", "articles", "approvals", "deadlines", "norms", "actors")


@dataclass(frozen=True)
class Item:
    """One encoded thing: a stable id, the words a person reads, its own fields and its basis."""

    what: str
    id: str
    label: str
    fields: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    basis: tuple[Basis, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None  # exclusive; None when open

    @property
    def period(self) -> str:
        return vocab.interval(self.valid_from, self.valid_to) if (self.valid_from or self.valid_to) else ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, **_plain(self.fields), "labels": dict(self.labels),
                "valid_from": _iso(self.valid_from), "valid_to": _iso(self.valid_to),
                "period": self.period, "basis": [asdict(b) for b in self.basis]}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d and d.year > 1 and d != OPEN_END else None


def _holds(item: Item, on: date | None) -> bool:
    if on is None:
        return True
    start = item.valid_from or date.min
    end = item.valid_to or OPEN_END
    return start <= on < end


def list_items(kb, what: str, on: date | None) -> list[Item]:
    """Every item of a kind; with a date, only those that hold at that date."""
    if what not in WHATS:
        raise UnknownNameError(f"cmakb list : on ne sait pas lister {what!r} ; attendu : {', '.join(WHATS)}",
                               nearest(what, WHATS) or list(WHATS))
    items = {"texts": _texts, "articles": _articles, "approvals": _approvals, "deadlines": _deadlines,
             "norms": _norms, "actors": _actors}[what](kb, on)
    return [i for i in items if what in ("texts", "actors") or _holds(i, on)]


def _texts(kb, on) -> list[Item]:
    corpus = kb.corpus
    out = []
    for text_id, text in corpus.texts.items():
        articles = sorted({a for (t, a) in kb.timelines if t == text_id and a is not None})
        out.append(Item("texts", text_id, vocab.text_label(corpus, text_id),
                        {"title": text.title, "kind": text.kind, "url": text.url, "articles": len(articles),
                         "whole_text": (text_id, None) in kb.timelines,
                         "amending": text_id == corpus.amending_text().id},
                        {"kind": vocab.label("text_kind", text.kind)},
                        (make_basis(corpus, text_id, ""),)))
    # The order a researcher reads them in: the décret, the texts it changes (as declared), then the texts only
    # cited as a basis (code civil, décret n° 2023-500), not the order in which the rules files happen to load.
    cited = lambda i: not (i.fields["amending"] or i.fields["articles"] or i.fields["whole_text"])  # noqa: E731
    return sorted(out, key=lambda i: (not i.fields["amending"], cited(i)))


def _articles(kb, on) -> list[Item]:
    from .article_versions import _segment_bases

    corpus = kb.corpus
    out = []
    touched = [(key, tl) for key, tl in kb.timelines.items() if key[1] is not None]
    for (text_id, article), tl in sorted(touched, key=lambda kv: (kv[0][0], _sort(kv[0][1]))):
        seg = tl.at(on) if on else None
        if on is not None and seg is None:
            continue
        shown = seg or tl.segments[-1]
        status = seg.status if seg else None
        produced = sorted({b.split(":", 1)[1] for s in tl.segments for b in s.basis
                           if b.startswith(corpus.amending_text().id + ":")})
        fields = {"text_id": text_id, "article": article, "citation": article_citation(article),
                  "versions": len(tl.segments), "status": status, "provisions": produced}
        labels = {"text": vocab.text_label(corpus, text_id)}
        if status:
            labels["status"] = vocab.label("status", status)
        start = shown.start if seg else None
        end = shown.end if seg else None
        out.append(Item("articles", f"{text_id}:{article}", vocab.article_label(corpus, text_id, article), fields,
                        labels, _segment_bases(kb, shown),
                        start if start and start.year > 1 else None, end if end != OPEN_END else None))
    return out


def _sort(article: str) -> tuple:
    from engine.graph import article_sort_key

    return article_sort_key(article)


def _record_items(kb, kind: str, main: str, what: str, extra) -> list[Item]:
    from .norms import record_bases

    corpus = kb.corpus
    out = []
    for rec in corpus.records_of(kind):
        start, end = plain_value(rec.get("valid").values[0]) if rec.get("valid") else (None, None)
        fields, labels = extra(rec)
        out.append(Item(what, rec.id, corpus.value(rec, main) or rec.id, fields, labels, record_bases(kb, rec),
                        start if start and start.year > 1 else None, end if end and end != OPEN_END else None))
    return out


def _approvals(kb, on) -> list[Item]:
    corpus = kb.corpus

    def extra(rec):
        v = lambda n: corpus.value(rec, n)  # noqa: E731
        fields = {"approver": v("approver"), "mode": v("mode"), "delay": str(v("delay")) if v("delay") else None}
        return fields, vocab.json_labels(fields, corpus)

    return _record_items(kb, "approval", "act", "approvals", extra)


def _deadlines(kb, on) -> list[Item]:
    corpus = kb.corpus

    def extra(rec):
        v = lambda n: corpus.value(rec, n)  # noqa: E731
        fields = {"who": v("who"), "to": v("to") or [], "rule": v("rule"),
                  "delay": str(v("delay")) if v("delay") else None}
        return fields, vocab.json_labels(fields, corpus)

    return _record_items(kb, "deadline", "obligation", "deadlines", extra)


def _norms(kb, on) -> list[Item]:
    corpus = kb.corpus

    def extra(rec):
        fields = {"body": corpus.value(rec, "body"), "topic": corpus.value(rec, "topic")}
        fields = {k: v for k, v in fields.items() if v}
        labels = {"body": vocab.actor_label(corpus, fields["body"])} if fields.get("body") else {}
        return fields, labels

    return _record_items(kb, "norm", "statement", "norms", extra)


def _actors(kb, on) -> list[Item]:
    corpus = kb.corpus
    return [Item("actors", rec.id, corpus.value(rec, "name") or rec.id,
                 {"aliases": list(corpus.value(rec, "labels") or [])}, {}, ())
            for rec in corpus.records_of("actor")]


def render_items(kb, what: str, items: list[Item], on: date | None, width: int = 100) -> str:
    """The list as text, in French: one line per item, then its basis (short citation) on the next."""
    title = vocab.label("list", what)
    feminine = what in ("approvals", "norms")
    when = f" en vigueur au {vocab.french_date(on)}" if on and what not in ("texts", "actors") else \
        (" encodées" if feminine else " encodés")
    if what == "articles":
        when = f" touchés par le décret, état au {vocab.french_date(on)}" if on else " touchés par le décret"
    out = [f"{title.capitalize()}{when} : {len(items)}"]
    for i, item in enumerate(items, start=1):
        parts = [item.label]
        f, lab = item.fields, item.labels
        if what == "texts":
            parts.append("texte modificateur" if f["amending"] else
                         f"{f['articles']} article(s) touché(s)" if f["articles"] else
                         "texte entier" if f["whole_text"] else "cité comme fondement")
        elif what == "articles":
            parts.append(f"{f['versions']} version(s)")
            if lab.get("status"):
                parts.append(lab["status"])
        elif what == "approvals":
            parts.append(" — ".join(x for x in (lab.get("mode"), lab.get("approver"), lab.get("delay")) if x))
        elif what == "deadlines":
            parts.append(" — ".join(x for x in (lab.get("who"), lab.get("delay")) if x))
        elif what == "norms" and lab.get("body"):
            parts.append(lab["body"])
        elif what == "actors" and f["aliases"]:
            parts.append("aussi : " + ", ".join(f["aliases"][:4]))
        if item.period:
            parts.append(item.period)
        out.append(f"{i}. " + " ; ".join(p for p in parts if p))
        if item.basis and what not in ("texts", "actors"):
            out.append("   fondement : " + "; ".join(dict.fromkeys(
                b.short + (f" [{b.provision}]" if b.provision else "") for b in item.basis)))
    return "\n".join(out)


# `ask` lists what is encoded with the same rows as `cmakb list`, as answers (each with its basis).
_ASK_KINDS = {"approval": "approvals", "deadline": "deadlines", "norm": "norms", "text": "texts",
              "article": "articles", "actor": "actors"}
_ACTOR_FIELDS = ("approver", "proposer", "who", "to", "body")


def encoded(kb, kinds: list[str], on: date, text_id: str | None = None):
    """« Quelles approbations sont encodées ? »: the rows of `list_items` as a Response of `ask`.

    An actor is not a rule: its basis is that of a rule in force that names it (none: not listed)."""
    from .answers import Answer, Response
    from .norms import record_bases

    resp = Response("Ce que cmakb encode", "list", on, query={"kinds": list(kinds), "text": text_id})
    counts = {}
    for kind in kinds:
        what = _ASK_KINDS[kind]
        items = list_items(kb, what, on)
        if what == "articles" and text_id:
            items = [i for i in items if i.id.startswith(f"{text_id}:")]
        if what == "actors":
            naming = _actor_rules(kb, on)
            items = [replace(i, basis=record_bases(kb, naming[i.id])[:1]) for i in items if i.id in naming]
        for item in items:
            if item.basis:
                resp.answers.append(Answer("listing", {"id": item.id, "record_kind": kind, "label": item.label},
                                           item.basis, f"[{vocab.label('list', what)}] {item.label}"))
        counts[kind] = len(items)
    resp.query["counts"] = counts
    resp.notes.append(f"encodé au {vocab.french_date(on)} : "
                      + ", ".join(f"{n} {vocab.label('list', _ASK_KINDS[k]).lower()}" for k, n in counts.items()))
    return resp


def _actor_rules(kb, on: date) -> dict:
    """Each actor → the first rule in force at `on` that names it (its basis stands for the actor's)."""
    from .norms import in_force_ids

    corpus = kb.corpus
    seen: dict = {}
    for kind in ("approval", "deadline", "norm"):
        holding = in_force_ids(kb, kind, on)
        for rec in (r for r in corpus.records_of(kind) if r.id in holding):
            for name in _ACTOR_FIELDS:
                value = corpus.value(rec, name)
                for actor in value if isinstance(value, list) else [value] if value else []:
                    seen.setdefault(actor, rec)
    return seen
