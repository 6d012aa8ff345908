"""Which article version holds at a date, and an article's whole history.

    >>> version_at(kb, "décret 66-137", "19", date(2022, 1, 1)).answers[0].fields["version"].status
    'in_force'
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from engine.ast import OPEN_END
from engine.kb import KnowledgeBase
from engine.timelines import Segment, Timeline

from .answers import Answer, Basis, Response, make_basis
from .cite import article_citation
from .resolve import REMEMBERED, exact_text, resolve_article, resolve_text, timeline_of

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


def _timeline(kb: KnowledgeBase, text: str, article: str | None, text_id: str | None = None) -> Timeline:
    from engine.errors import UnknownNameError

    from .code_parts import text_holding  # « code de l'artisanat », art. R. 332-2: the 2023 code's article

    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text) if text_id is None else text_id, article)
    number = resolve_article(kb.corpus, text_id, article)
    tl = kb.timelines.get((text_id, number))
    if tl is None:
        touched = sorted(a or "(texte)" for (t, a) in kb.timelines if t == text_id)
        from .vocabulary import article_label

        raise UnknownNameError(f"{article_label(kb.corpus, text_id, number)} : article que le décret ne modifie "
                               "pas, cmakb n'en a aucune version", [f"art. {a}" for a in touched[:5]])
    return tl


def _untimed(kb: KnowledgeBase, text: str, article: str | None, on: date, kind: str) -> Response | None:
    """An article the décret does not touch: in force and unamended (its base text), repealed with its whole
    text (décret 2014-1499), or unknown to every source (no answer, exit 1). None: the timelines know it."""
    if _touched(kb, resolve_text(kb.corpus, text), article):
        return None
    return _untouched(kb, text, article, on, kind)


def _untouched(kb: KnowledgeBase, text: str, article: str, on: date, kind: str) -> Response | None:
    """`_untimed` for an article whose number the timelines do not know."""
    from .consolidated_text import article_text, locate_article

    loc = locate_article(kb, text, article)
    if timeline_of(kb, loc.text_id, loc.article) is not None:
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


class _Parts:
    """What a version answer on one case of a timeline says whatever the date: its status, VersionInfo (frozen),
    bases (frozen), notes, and its summary up to the date."""

    __slots__ = ("status", "info", "bases", "notes", "summary_head")

    def __init__(self, tl: Timeline, status: str, info: VersionInfo, bases: tuple[Basis, ...], notes: tuple[str, ...]):
        self.status, self.info, self.bases, self.notes = status, info, bases, notes
        self.summary_head = f"{tl.text_id} art. {tl.article}: {status} au "


class _TimelineAnswers:
    """One timeline's version answers, computed per case on first need and kept with the knowledge base.

    Only the choice of the case depends on the date: a bisect over the index rows of `version` for the
    article (the same rows `kb.ask` selects from), or `kb.ask` itself where there are no rows to bisect
    (a base built in memory, a query on date.max, rows that overlap)."""

    __slots__ = ("tl", "question_head", "by_start", "parts", "after", "before")

    def __init__(self, tl: Timeline):
        self.tl = tl
        self.question_head = f"version de {tl.text_id} art. {tl.article} au "
        self.by_start: tuple[list, list, list] | None | bool = False  # False: not read yet
        self.parts: list[_Parts | None] = [None] * len(tl.segments)
        self.after: _Parts | None = None
        self.before: _Parts | None = None

    def _rows_by_start(self, kb: KnowledgeBase) -> tuple[list, list, list] | None:
        """(starts, ends, segment index) of the article's `version` rows, sorted; None: no rows to bisect."""
        tl = self.tl
        art = tl.article or ""
        rows = kb.index_rows("version", tl.text_id, art, None, None)
        if rows is None:
            return None
        rows = sorted((r for r in rows if r[0][0] == tl.text_id and r[0][1] == art and r[1] < r[2]),
                      key=lambda r: r[1])
        if any(a[2] > b[1] for a, b in zip(rows, rows[1:])):
            return None  # overlapping rows: kb.ask chooses among them
        first: dict[str, int] = {}
        for i, s in enumerate(tl.segments):
            first.setdefault(s.version_id, i)
        return [r[1] for r in rows], [r[2] for r in rows], [first.get(r[0][2]) for r in rows]

    def segment_index(self, kb: KnowledgeBase, on: date) -> int | None:
        """Which segment holds at `on` (None: none), as `kb.ask("version", …)` says: the same rows, bisected."""
        by_start = self.by_start
        if by_start is False:
            by_start = self.by_start = self._rows_by_start(kb)
        if by_start is not None and type(on) is date and on != date.max:
            starts, ends, segment_of = by_start
            i = bisect_right(starts, on) - 1
            return segment_of[i] if i >= 0 and on < ends[i] else None
        tl = self.tl
        rows = kb.ask("version", tl.text_id, tl.article or "", None, None, on=on)
        return next((i for i, s in enumerate(tl.segments) if rows and s.version_id == rows[0][2]), None)

    def segment(self, kb: KnowledgeBase, i: int) -> _Parts:
        parts = self.parts[i]
        if parts is None:
            tl, seg = self.tl, self.tl.segments[i]
            info = _info(kb, tl, seg, seg.status)
            notes = []
            if not seg.start_known and not info.text:
                notes.append("version antérieure au décret: sa date de début et son texte ne sont pas "
                             "dans nos sources")
            if seg.full_text is None and seg.status == "in_force" and seg.operations:
                notes.append("texte consolidé à partir du texte de base: voir `cmakb text`" if info.text_complete
                             else "texte intégral inconnu: la version est décrite par les opérations qui l'ont "
                                  "produite")
            parts = self.parts[i] = _Parts(tl, seg.status, info, _segment_bases(kb, seg), tuple(notes))
        return parts

    def unknown_after(self, kb: KnowledgeBase) -> _Parts:
        if self.after is None:
            tl = self.tl
            note = (f"nos sources ne couvrent pas {tl.text_id} après le {tl.known_until.isoformat()} (exclu): "
                    "état inconnu")
            self.after = _Parts(tl, "unknown", _info(kb, tl, None, "unknown"), _segment_bases(kb, tl.segments[-1]),
                                (note,))
        return self.after

    def before_first(self, kb: KnowledgeBase) -> _Parts:
        if self.before is None:
            tl = self.tl
            first = tl.segments[0]
            if _before_the_decret(first):
                # before the base text's version (LEGI's dateDebut): earlier versions are not in our sources
                status = "unknown"
                note = (f"nos sources donnent l'article à partir du {first.start.isoformat()} (version de la base "
                        "LEGI) : ses versions antérieures n'y sont pas")
            else:
                status = "not_yet_in_force"
                note = f"pas encore en vigueur: l'article existe à compter du {first.start.isoformat()}"
            self.before = _Parts(tl, status, _info(kb, tl, None, status), _segment_bases(kb, first), (note,))
        return self.before

    def answer(self, kb: KnowledgeBase, on: date) -> Response:
        """A fresh Response (callers add notes to it) sharing only frozen parts."""
        iso = on.isoformat()
        tl = self.tl
        i = self.segment_index(kb, on)
        if tl.known_until and on >= tl.known_until:
            parts = self.unknown_after(kb)
        elif i is None:
            parts = self.before_first(kb)
        else:
            parts = self.parts[i] or self.segment(kb, i)
        answer = Answer("version", {"version": parts.info}, parts.bases, parts.summary_head + iso)
        return Response(self.question_head + iso, "version", on, [answer], list(parts.notes),
                        {"text": tl.text_id, "article": tl.article, "on": on})


class _VersionAnswers:
    """Per knowledge base (kb.memo): each timeline's answers, and what users typed → the timeline it names."""

    __slots__ = ("by_timeline", "by_input")

    def __init__(self):
        self.by_timeline: dict[tuple[str, str | None], _TimelineAnswers] = {}
        self.by_input: dict[tuple[str, object], _TimelineAnswers] = {}

    def of(self, kb: KnowledgeBase, tl: Timeline) -> _TimelineAnswers:
        key = (tl.text_id, tl.article)
        found = self.by_timeline.get(key)
        if found is None:
            found = self.by_timeline[key] = _TimelineAnswers(tl)
        return found


def _answers(kb: KnowledgeBase) -> _VersionAnswers:
    return kb.memo("article_versions", _VersionAnswers)  # as in version_at, written out there (every call)


def version_at(kb: KnowledgeBase, text: str, article: str | None, on: date) -> Response:
    """The status and version of an article at a date, with the provision that made it so."""
    table = kb.memo("article_versions", _VersionAnswers)
    plain = type(text) is str and (article is None or type(article) is str)
    # What was typed before resolves through the folded text names; the forgiving path only on a miss.
    found = table.by_input.get((exact_text(kb.corpus, text), article)) if plain else None
    if found is None:
        text_id = resolve_text(kb.corpus, text)
        touched = _touched(kb, text_id, article)
        if not touched:
            untimed = _untouched(kb, text, article, on, "version")
            if untimed is not None:
                return untimed
        tl = _timeline(kb, text, article, text_id)
        found = table.of(kb, tl)
        if plain and touched:  # then the same (text id, article) always names this timeline
            if len(table.by_input) >= REMEMBERED:  # spellings users type are unbounded
                table.by_input.clear()
            table.by_input[(text_id, article)] = found
    return found.answer(kb, on)


def _touched(kb: KnowledgeBase, text_id: str, article) -> bool:
    """The timelines know this article's number (or the text itself is asked): not one for `_untimed`."""
    if article is None or not str(article).strip():
        return True
    return timeline_of(kb, text_id, _number(article)) is not None


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
    answers = _answers(kb).of(kb, tl)
    for i, seg in enumerate(tl.segments):
        parts = answers.segment(kb, i)
        start = seg.start.isoformat() if seg.start_known else "?"
        end = seg.end.isoformat() if seg.end != OPEN_END else "…"
        resp.answers.append(Answer("version", {"version": parts.info}, parts.bases, f"[{start}, {end}) {seg.status}"))
    if tl.known_until:
        resp.notes.append(f"état inconnu à partir du {tl.known_until.isoformat()}: hors de nos sources")
    return resp
