"""Which article version holds at a date, and an article's whole history.

    >>> version_at(kb, "décret 66-137", "19", date(2022, 1, 1)).answers[0].fields["version"].status
    'in_force'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.ast import OPEN_END
from engine.kb import KnowledgeBase
from engine.timelines import Segment, Timeline

from .answers import Answer, Basis, Response, make_basis
from .cite import article_citation
from .resolve import resolve_article, resolve_text

STATUSES = ("in_force", "not_yet_in_force", "repealed", "renumbered", "unknown")


@dataclass(frozen=True)
class VersionInfo:
    text_id: str
    article: str | None
    status: str
    version_id: str | None
    start: date | None
    end: date | None
    produced_by: tuple[str, ...]
    full_text: str | None
    units: tuple[tuple[str, str], ...]
    operations: tuple[dict, ...]
    successor: str | None
    predecessor: str | None
    note: str | None
    text: str | None = None  # the consolidated words of the version (engine/consolidation.py), where known
    text_complete: bool = False  # `text` is the whole article


def _segment_bases(kb: KnowledgeBase, seg: Segment) -> tuple[Basis, ...]:
    corpus = kb.corpus
    cit = article_citation(seg.article)
    bases = []
    for b in seg.basis:
        text_id, label = b.split(":", 1)
        if text_id == corpus.amending_text().id:
            bases.append(make_basis(corpus, seg.text_id, cit, label, (seg.start, seg.end),
                                    repealed=seg.status == "repealed"))
        else:  # a later text (décret 2023-500): cite it directly
            bases.append(make_basis(corpus, text_id, label, None, (seg.start, seg.end)))
    if not bases:
        bases.append(make_basis(corpus, seg.text_id, cit, None, (seg.start, seg.end)))
    # the article's own Légifrance page where its LEGIARTI id is known (old code de l'artisanat)
    from dataclasses import replace

    from engine.base_texts import legifrance_article_url

    cons = kb.consolidated.get((seg.text_id, seg.article)) if seg.article else None
    url = legifrance_article_url(seg.text_id, cons.legiarti) if cons else None
    return tuple(replace(b, url=url) if url and b.text_id == seg.text_id else b for b in bases)


def _info(kb: KnowledgeBase, tl: Timeline, seg: Segment | None, status: str) -> VersionInfo:
    amending = kb.corpus.amending_text().id
    produced = tuple(b.split(":", 1)[1] for b in seg.basis if b.startswith(amending + ":")) if seg else ()
    succ = f"{seg.successor[0]} art. {seg.successor[1]}" if seg and seg.successor else None
    pred = f"{seg.predecessor[0]} art. {seg.predecessor[1]}" if seg and seg.predecessor else None
    ops = tuple({"provision": o.provision, "operation": o.kind, "citation": o.citation, "old": o.old,
                 "new": o.new, "place": o.place, "anchor": o.anchor, "new_number": o.new_number}
                for o in (seg.operations if seg else ()))
    cons = kb.consolidated.get((tl.text_id, tl.article)) if seg and tl.article else None
    words = next((v for v in cons.versions if v.version_id == seg.version_id), None) if cons else None
    return VersionInfo(tl.text_id, tl.article, status, seg.version_id if seg else None,
                       seg.start if seg and seg.start_known else None,
                       seg.end if seg and seg.end != OPEN_END else None, produced,
                       seg.full_text if seg else None, seg.units if seg else (), ops, succ, pred,
                       seg.note if seg else None,
                       words.text if words and words.passages else None, bool(words and words.complete))


def _timeline(kb: KnowledgeBase, text: str, article: str | None) -> Timeline:
    from engine.errors import QueryError

    from .code_parts import text_holding  # « code de l'artisanat », art. R. 332-2: the 2023 code's article
    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text), article)
    number = resolve_article(kb.corpus, text_id, article)
    tl = kb.timelines.get((text_id, number))
    if tl is None:
        touched = sorted(a or "(texte)" for (t, a) in kb.timelines if t == text_id)
        raise QueryError(f"{text_id} art. {number} is not touched by the décret: cmakb has no version of it",
                         [f"art. {a}" for a in touched[:5]])
    return tl


def _untimed(kb: KnowledgeBase, text: str, article: str | None, on: date, kind: str) -> Response | None:
    """An article the décret does not touch: in force and unamended (its base text), repealed with its whole
    text (décret 2014-1499), or unknown to every source (no answer, exit 1). None: the timelines know it."""
    from .consolidated_text import article_text, locate_article

    text_id = resolve_text(kb.corpus, text)
    if article is None or not str(article).strip() or (text_id, _number(article)) in kb.timelines:
        return None
    loc = locate_article(kb, text, article)
    if (loc.text_id, loc.article) in kb.timelines:
        return None
    resp = article_text(kb, text, article, on)
    resp.kind = kind
    out = Response(resp.question.replace("texte de", "version de"), kind, on, query=resp.query, notes=resp.notes)
    for a in resp.answers:
        f = a.fields
        start = date.fromisoformat(f["interval"]["start"]) if f["interval"]["start"] else None
        end = date.fromisoformat(f["interval"]["end"]) if f["interval"]["end"] else None
        info = VersionInfo(loc.text_id, loc.article, f["status"], f["version"]["version_id"], start, end, (),
                           f["text"], (), (), None, None,
                           "; ".join(f["notes"]) or ("en vigueur, non modifié par le décret n° 2021-168"
                                                     if f["status"] == "in_force" else None))
        out.answers.append(Answer("version", {"version": info, "url": f.get("url")}, a.basis, a.summary))
    return out


def _number(article: str) -> str | None:
    from engine.citation import normalize_article
    from engine.errors import CitationError

    try:
        return normalize_article(str(article))
    except CitationError:
        return str(article).strip()


def _before_the_decret(seg: Segment) -> bool:
    """The version in force before the décret (no operation, ended by it), not a new code's article."""
    return not seg.operations and seg.status == "in_force" and seg.predecessor is None and seg.end != OPEN_END


def version_at(kb: KnowledgeBase, text: str, article: str | None, on: date) -> Response:
    """The status and version of an article at a date, with the provision that made it so."""
    untimed = _untimed(kb, text, article, on, "version")
    if untimed is not None:
        return untimed
    tl = _timeline(kb, text, article)
    q = {"text": tl.text_id, "article": tl.article, "on": on}
    resp = Response(f"version de {tl.text_id} art. {tl.article} au {on.isoformat()}", "version", on, query=q)
    # The engine says which version holds; the timeline gives its content.
    rows = kb.ask("version", tl.text_id, tl.article or "", None, None, on=on)
    seg = next((s for s in tl.segments if rows and s.version_id == rows[0][2]), None)
    if tl.known_until and on >= tl.known_until:
        status, seg_for_basis = "unknown", tl.segments[-1]
        resp.notes.append(f"nos sources ne couvrent pas {tl.text_id} après le {tl.known_until.isoformat()} "
                          "(exclu): état inconnu")
        info = _info(kb, tl, None, status)
    elif seg is None and _before_the_decret(tl.segments[0]):
        # before the base text's version (LEGI's dateDebut): earlier versions are not in our sources
        first = tl.segments[0]
        status, seg_for_basis = "unknown", first
        resp.notes.append(f"nos sources donnent l'article à partir du {first.start.isoformat()} (version de la base "
                          "LEGI) : ses versions antérieures n'y sont pas")
        info = _info(kb, tl, None, status)
    elif seg is None:
        first = tl.segments[0]
        status, seg_for_basis = "not_yet_in_force", first
        resp.notes.append(f"pas encore en vigueur: l'article existe à compter du {first.start.isoformat()}")
        info = _info(kb, tl, None, status)
    else:
        status, seg_for_basis = seg.status, seg
        info = _info(kb, tl, seg, status)
        if not seg.start_known and not info.text:
            resp.notes.append("version antérieure au décret: sa date de début et son texte ne sont pas "
                              "dans nos sources")
        if seg.full_text is None and seg.status == "in_force" and seg.operations:
            resp.notes.append("texte consolidé à partir du texte de base: voir `cmakb text`" if info.text_complete
                              else "texte intégral inconnu: la version est décrite par les opérations qui l'ont "
                                   "produite")
    summary = f"{tl.text_id} art. {tl.article}: {status} au {on.isoformat()}"
    resp.answers.append(Answer("version", {"version": info}, _segment_bases(kb, seg_for_basis), summary))
    return resp


def history(kb: KnowledgeBase, text: str, article: str | None) -> Response:
    """Every version of an article, oldest first."""
    on = date.today()
    untimed = _untimed(kb, text, article, on, "history")
    if untimed is not None:
        cons = kb.consolidated.get((untimed.query.get("text"), untimed.query.get("article")))
        if cons is not None:  # every version, not only today's
            untimed.answers = [a for v in cons.versions for a in
                               _untimed(kb, text, article, v.start or on, "history").answers]
        return untimed
    tl = _timeline(kb, text, article)
    resp = Response(f"historique de {tl.text_id} art. {tl.article}", "history", on,
                    query={"text": tl.text_id, "article": tl.article})
    for seg in tl.segments:
        info = _info(kb, tl, seg, seg.status)
        start = seg.start.isoformat() if seg.start_known else "?"
        end = seg.end.isoformat() if seg.end != OPEN_END else "…"
        resp.answers.append(Answer("version", {"version": info}, _segment_bases(kb, seg),
                                   f"[{start}, {end}) {seg.status}"))
    if tl.known_until:
        resp.notes.append(f"état inconnu à partir du {tl.known_until.isoformat()}: hors de nos sources")
    return resp
