"""Article versions from the operations: each touched article's timeline of half-open intervals.

An article the décret changes has a version before 19 Feb 2021 (its start from LEGI's
dateDebut where rules/sources holds its base text, else unknown), the version the décret produced (full text where the décret gives it,
else the operations that produced it), and its end where the décret n° 2023-500
repealed the old texts on 1 July 2023. Articles the décret creates are `not_yet_in_force`
before; repealed ones are `repealed` after; renumbered ones point to their new number.

    >>> tl = build_timelines(load_corpus("rules"))[("D66_137", "19")]
    >>> [s.status for s in tl.segments]
    ['in_force', 'in_force', 'repealed']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import ast
from .base_texts import load_base_texts
from .citation import article_sort_key, parse_citation
from .corpus import Corpus, plain_value

UNKNOWN_START = date(1, 1, 1)
"""The start of a version whose first day is not in our sources (shown as 'unknown')."""


@dataclass(frozen=True)
class OperationRef:
    """An operation as it bears on one article: which provision, what it did, where, with which words."""

    provision: str  # "art. 9, 4° b) ii)"
    amending_text: str
    kind: str  # DSL verb
    citation: str  # the unit inside the article ("art. 18-1, II, 5°")
    old: str | None = None
    new: str | None = None
    place: str | None = None
    anchor: str | None = None
    new_number: str | None = None


@dataclass(frozen=True)
class Segment:
    """One stretch of an article's life: [start, end) with a status and, when in force, its content."""

    text_id: str
    article: str | None  # None: the text itself
    start: date
    end: date
    status: str  # in_force | repealed | renumbered
    version_id: str
    operations: tuple[OperationRef, ...] = ()
    full_text: str | None = None
    units: tuple[tuple[str, str], ...] = ()  # (citation, text) of units whose whole text is known
    successor: tuple[str, str] | None = None  # (text id, article)
    predecessor: tuple[str, str] | None = None
    basis: tuple[str, ...] = ()  # provisions (of any amending text) that made it so, "D2021_168:art. 9, 6°"
    note: str | None = None

    @property
    def start_known(self) -> bool:
        return self.start != UNKNOWN_START

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass
class Timeline:
    text_id: str
    article: str | None
    segments: list[Segment] = field(default_factory=list)
    known_until: date | None = None

    def at(self, day: date) -> Segment | None:
        return next((s for s in self.segments if s.contains(day)), None)


def _op_refs(corpus: Corpus, prov: ast.Provision, op: ast.Operation, text_id: str, article: str | None,
             citation: str) -> OperationRef:
    place = op.place.where if op.place else None
    anchor = op.place.anchor.value if op.place and op.place.anchor else None
    return OperationRef(prov.label, prov.text_id, op.kind, citation,
                        old=op.old.value if op.old else None,
                        new=op.new.value if op.new else None,
                        place=place, anchor=anchor,
                        new_number=op.new_number.value if op.new_number else None)


def _effective(corpus: Corpus, prov: ast.Provision) -> date:
    f = prov.get("effective")
    if f is not None:
        return plain_value(f.values[0])
    return corpus.texts[prov.text_id].get("in_force") or corpus.texts[prov.text_id].get("published")


def build_timelines(corpus: Corpus) -> dict[tuple[str, str | None], Timeline]:
    """Every touched article's timeline, keyed by (text id, article number; None for the text itself)."""
    events: dict[tuple[str, str | None], list[tuple[date, ast.Provision, ast.Operation, str]]] = {}
    renumbered_into: dict[tuple[str, str], tuple[date, ast.Provision, str]] = {}
    for (_, _label), prov in corpus.provisions.items():
        day = _effective(corpus, prov)
        for op in prov.operations:
            for target in corpus.targets.get(id(op), ()):
                # Articles by number; a unit outside articles (« titre VI », « intitulé ») by its name;
                # None only for the text itself (« Le décret n° 2014-1499 … est abrogé »).
                unit = target.citation.canonical if target.citation else None
                keys = [(target.text_id, a) for a in target.articles] or [(target.text_id, unit)]
                cit = target.citation.canonical if target.citation else ""
                for key in keys:
                    # A range names each of its articles whole: « les articles 30 à 33 sont abrogés ».
                    whole_cit = f"art. {key[1]}" if target.citation and target.citation.is_range else cit
                    events.setdefault(key, []).append((day, prov, op, whole_cit))
                # Only a whole article renumbered as a whole article moves a number; « la deuxième phrase
                # … devient le troisième alinéa » stays inside its article.
                if (op.kind == "renumber" and op.new_number is not None and target.articles
                        and target.citation.is_whole_article and parse_citation(op.new_number.value).is_whole_article):
                    new_article = parse_citation(op.new_number.value).article
                    renumbered_into[(target.text_id, new_article)] = (day, prov, target.articles[0])
    for key in renumbered_into:
        events.setdefault(key, [])

    ends = recodification_ends(corpus)
    base = load_base_texts(corpus.root)
    timelines: dict[tuple[str, str | None], Timeline] = {}
    for key in sorted(events, key=lambda k: (k[0], article_sort_key(k[1] or ""))):
        timelines[key] = _timeline(corpus, key, events[key], renumbered_into.get(key), ends, base)
    for codif in corpus.records_of("codification"):
        _add_codification(corpus, codif, timelines)
    return timelines


def recodification_ends(corpus: Corpus) -> dict[str, tuple[date, str, str | None]]:
    """Texts whose old articles a later text ended: text id → (date, basis, note)."""
    out = {}
    for rec in corpus.records_of("recodification"):
        day = corpus.value(rec, "on")
        basis = corpus.value(rec, "basis")
        basis_label = f"{basis[0][0]}:{basis[0][1]}" if basis else rec.id
        for text_id in corpus.value(rec, "repeals") or []:
            out[text_id] = (day, basis_label, corpus.value(rec, "note"))
    return out


def _whole(cit: str, article: str | None) -> bool:
    return article is not None and cit in (f"art. {article}", article)


def _timeline(corpus: Corpus, key, evs, renumber_into, ends, base) -> Timeline:
    text_id, article = key
    text = corpus.texts[text_id]
    tl = Timeline(text_id, article, known_until=text.known_until)
    evs = sorted(evs, key=lambda e: (e[0], e[1].label))
    end_info = ends.get(text_id)
    is_new_code_article = article is not None and article[:2] in ("R.", "D.", "L.")
    final_end = end_info[0] if end_info and not is_new_code_article else ast.OPEN_END
    vid = lambda start: f"{text_id}:{article or 'texte'}@{start.isoformat()}"  # noqa: E731

    if not evs and renumber_into is None:
        return tl
    day = evs[0][0] if evs else renumber_into[0]
    kinds = {op.kind for _, _, op, cit in evs if _whole(cit, article) or (article is None)}
    ops = tuple(_op_refs(corpus, p, op, text_id, article, cit) for _, p, op, cit in evs)
    basis = tuple(sorted({f"{p.text_id}:{p.label}" for _, p, _, _ in evs}))
    created = bool(kinds & {"add"}) or (renumber_into is not None and "repeal" not in kinds and
                                        article not in _existing_before(corpus, text_id))
    restored = "restore" in kinds
    repealed = "repeal" in kinds and renumber_into is None and not restored
    renumbered = "renumber" in kinds  # `kinds` holds whole-article operations only

    # Before the amending text: in force (or, for a restored number, repealed) since the date of its base
    # text where the sources give it (LEGI's dateDebut), else since a date we do not know.
    if not created:
        b = base.get(key) if article is not None and not restored else None
        known = b is not None and b.start is not None and b.start < day
        start = b.start if known else UNKNOWN_START
        if known:
            note = (f"version antérieure au décret, en vigueur depuis le {b.start.isoformat()} "
                    f"({b.legiarti or b.source})")
        elif b is not None:
            note = "version antérieure au décret; date de début inconnue, texte dans nos sources"
        elif restored:
            note = "numéro précédemment abrogé (date inconnue), rétabli par le décret"
        else:
            note = "version antérieure au décret; date de début et texte non couverts par nos sources"
        tl.segments.append(Segment(text_id, article, start, day, "repealed" if restored else "in_force",
                                   vid(start), note=note))
    if repealed:
        tl.segments.append(Segment(text_id, article, day, ast.OPEN_END, "repealed", vid(day), ops, basis=basis))
        return tl
    if renumbered:
        new_number = next(op.new_number.value for _, _, op, cit in evs if op.kind == "renumber")
        succ = (text_id, new_number.replace("art. ", "").strip())
        tl.segments.append(Segment(text_id, article, day, ast.OPEN_END, "renumbered", vid(day), ops,
                                   successor=succ, basis=basis))
        return tl

    full_text, units = None, []
    for _, _, op, cit in evs:
        if op.kind in ("replace", "add", "restore") and op.new is not None:
            if _whole(cit, article):
                full_text = op.new.value
            else:
                units.append((cit, op.new.value))
    predecessor = None
    note = None
    if renumber_into is not None:
        predecessor = (text_id, renumber_into[2])
        basis = tuple(sorted(set(basis) | {f"{renumber_into[1].text_id}:{renumber_into[1].label}"}))
        note = f"ancien article {renumber_into[2]}, renuméroté; l'ancien article {article} a été abrogé"
    seg_end = final_end
    tl.segments.append(Segment(text_id, article, day, seg_end, "in_force", vid(day), ops, full_text,
                               tuple(units), predecessor=predecessor, basis=basis, note=note))
    if seg_end != ast.OPEN_END and end_info:
        tl.segments.append(Segment(text_id, article, seg_end, ast.OPEN_END, "repealed", vid(seg_end),
                                   basis=(end_info[1],), note=end_info[2]))
    return tl


def created_articles(corpus: Corpus, text_id: str) -> set[str]:
    """Articles of a text that a provision creates whole (« il est inséré un article 17-1 »)."""
    return {t.articles[0] for p in corpus.provisions.values() for o in p.operations if o.kind == "add"
            for t in corpus.targets.get(id(o), ()) if t.text_id == text_id and t.citation
            and t.citation.is_whole_article}


def _existing_before(corpus: Corpus, text_id: str) -> set[str]:
    """Articles of a text that existed before the amending text (all declared ones but those it creates)."""
    return set(corpus.texts[text_id].articles) - created_articles(corpus, text_id)


def _add_codification(corpus: Corpus, rec: ast.Record, timelines) -> None:
    """A codification: the old article ends, the new code article starts, linked both ways."""
    src_text, src_cit = corpus.value(rec, "source")
    dst_text, dst_cit = corpus.value(rec, "target")
    day = corpus.value(rec, "on")
    src_article = src_cit.replace("art. ", "").strip()
    dst_article = dst_cit.replace("art. ", "").strip()
    basis = corpus.value(rec, "basis")
    basis_label = f"{basis[0][0]}:{basis[0][1]}"
    text = corpus.value(rec, "text")
    dst = timelines.setdefault((dst_text, dst_article), Timeline(dst_text, dst_article,
                                                                 known_until=corpus.texts[dst_text].known_until))
    dst.segments.append(Segment(dst_text, dst_article, day, ast.OPEN_END, "in_force",
                                f"{dst_text}:{dst_article}@{day.isoformat()}", full_text=text,
                                predecessor=(src_text, src_article), basis=(basis_label,),
                                note=corpus.value(rec, "note")))
    src = timelines.get((src_text, src_article))
    if src is not None:
        for i, seg in enumerate(src.segments):
            if seg.start == day and seg.status == "repealed":
                src.segments[i] = Segment(seg.text_id, seg.article, seg.start, seg.end, "repealed", seg.version_id,
                                          seg.operations, successor=(dst_text, dst_article), basis=seg.basis,
                                          note=(seg.note or "") + f" — codifié à l'article {dst_article}")
