"""Is the décret fully encoded, and is the encoding coherent?

`coverage_table`: per article of the décret, its leaf provisions in the source, those encoded,
those missing, and labels the rules cite that the source does not have.
`consistency_problems`: versions that overlap or leave gaps, operations on an article that
does not exist at that date, incoherent restorations and renumberings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.kb import KnowledgeBase
from engine.corpus import Corpus
from engine.positions import segment_position
from engine.timelines import created_articles


@dataclass
class CoverageRow:
    article: int
    in_source: int
    encoded: int
    missing: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # encoded labels the source does not have


def _article_of(label: str) -> int:
    m = re.match(r"art\. (\d+)", label)
    return int(m.group(1)) if m else 0


def coverage_table(corpus: Corpus) -> list[CoverageRow]:
    if corpus.source is None:
        return []
    amending = corpus.amending_text().id
    expected = corpus.source.leaf_labels()
    encoded = {label for (t, label) in corpus.provisions if t == amending}
    rows: dict[int, CoverageRow] = {}
    for label in expected:
        row = rows.setdefault(_article_of(label), CoverageRow(_article_of(label), 0, 0))
        row.in_source += 1
        if label in encoded:
            row.encoded += 1
        else:
            row.missing.append(label)
    for label in sorted(encoded - set(expected)):
        rows.setdefault(_article_of(label), CoverageRow(_article_of(label), 0, 0)).unknown.append(label)
    return [rows[k] for k in sorted(rows)]


def render_coverage(rows: list[CoverageRow]) -> str:
    lines = [f"{'article':>7}  {'provisions':>10}  {'encoded':>7}  missing"]
    for r in rows:
        extra = ", ".join(r.missing) + (f" (not in source: {', '.join(r.unknown)})" if r.unknown else "")
        lines.append(f"{r.article:>7}  {r.in_source:>10}  {r.encoded:>7}  {extra or '-'}")
    total, done = sum(r.in_source for r in rows), sum(r.encoded for r in rows)
    lines.append(f"{'total':>7}  {total:>10}  {done:>7}  {100 * done / total if total else 0:.0f} %")
    return "\n".join(lines)


def consistency_problems(kb: KnowledgeBase) -> list[str]:
    """Every incoherence of the versions and operations, as 'file:line:col: message' lines."""
    problems: list[str] = []
    for (text_id, article), tl in sorted(kb.timelines.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        segs = sorted(tl.segments, key=lambda s: s.start)
        for a, b in zip(segs, segs[1:]):
            name = f"{text_id} art. {article}" if article else text_id
            where = f"{segment_position(kb.corpus, b, a)}: "  # engine/positions.py: the file:line:col responsible
            if b.start < a.end:
                problems.append(f"{where}{name}: versions overlap: [{a.start}, {a.end}) and [{b.start}, {b.end})")
            elif b.start > a.end:
                problems.append(f"{where}{name}: gap in the history between {a.end} and {b.start}")
    problems.extend(_operation_problems(kb))
    from engine.consolidation import all_problems  # words or places the consolidation cannot locate

    problems.extend(p.render() for p in all_problems(kb.consolidated) if p.severity == "error")
    return problems


def _operation_problems(kb: KnowledgeBase) -> list[str]:
    """Per article and date: no change to an article the same date repeals or renumbers away, and a
    renumbering only into a number that is free (never used, or repealed on that date)."""
    corpus = kb.corpus
    events: dict[tuple[str, str], list[tuple[str, object, object, bool]]] = {}
    for (_, label), prov in sorted(corpus.provisions.items()):
        for op in prov.operations:
            for t in corpus.targets.get(id(op), ()):
                whole = t.citation is not None and (t.citation.is_whole_article or t.citation.is_range)
                for article in t.articles:
                    events.setdefault((t.text_id, article), []).append((label, op, t, whole))
    problems = []
    for (text_id, article), evs in sorted(events.items()):
        ending = [(lab, op) for lab, op, _, whole in evs if whole and op.kind in ("repeal", "renumber")]
        changing = [(lab, op, t) for lab, op, t, whole in evs if not (whole and op.kind in ("repeal", "renumber"))]
        for end_label, end_op in ending[:1]:
            for label, op, t in changing:
                verb = "repealed" if end_op.kind == "repeal" else "renumbered"
                problems.append(f"{t.pos}: {op.kind} on art. {article} of {text_id}, which {end_label} "
                                f"{verb} on the same date" + (" (cite it under its new number)"
                                                              if verb == "renumbered" else ""))
        for label, op, t, whole in evs:
            if op.kind == "renumber" and whole and op.new_number is not None:
                new = op.new_number.value.replace("art. ", "").strip()
                freed = any(o.kind == "repeal" and w for _, o, _, w in events.get((text_id, new), []))
                created_before = new not in created_articles(corpus, text_id)
                if new in corpus.texts[text_id].articles and created_before and not freed:
                    problems.append(f"{op.new_number.pos}: art. {article} of {text_id} renumbered as "
                                    f"art. {new}, which is still in force (repeal it first)")
    return problems


# ------------------------------------------------------------------ today: where each norm went on 1 July 2023

WHERE_WORDS = {
    "article": "article du nouveau code connu",
    "content": "contenu repris dans un article connu, règle non lue dans nos sources",
    "unknown": "inconnu",
    "not_ended": "non abrogée dans nos sources",
}


@dataclass(frozen=True)
class TodayRow:
    """Where a norm of the décret went on 1 July 2023.

    `where`: "article" (a rule of the new code continues it: `articles` are its numbers, or LEGIARTI ids
    where no source shows the number), "content" (its old article is carried by a new article we have,
    but the part of that text we have does not show this rule: `articles`), or "unknown".
    `status_today`: ended (the rule ended on 1 July 2023) or unknown (a text our sources do not follow
    past that date, décret n° 99-433).
    """

    kind: str
    id: str
    basis: str  # short citation of its 2021-2023 basis
    where: str
    articles: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    cut: tuple[str, ...] = ()  # the articles of `articles` that our sources cut
    status_today: str = "ended"


def today_table(kb: KnowledgeBase) -> list[TodayRow]:
    """For every norm of the décret (approvals, deadlines, norms based on the texts it amends)."""
    from queries.norms import record_bases
    from queries.recodified import _codified_into, cited_sources, known_until, recodification_of, successors

    corpus = kb.corpus
    rows = []
    for kind in ("approval", "deadline", "norm"):
        for rec in corpus.records_of(kind):
            if cited_sources(corpus, rec) or corpus.value(rec, "continues"):
                continue  # a rule of the new code itself
            ended = recodification_of(corpus, rec) is not None
            until = known_until(corpus, rec)
            if not ended and until is None:
                status = "not_ended"
            else:
                status = "ended" if ended else "unknown"
            basis = "; ".join(b.short for b in record_bases(kb, rec))
            succ = successors(corpus, kind, rec.id)
            if succ:
                arts = [a for s in succ for a in cited_sources(corpus, s)]
                keys = tuple(dict.fromkeys(a.number or a.legiarti for a in arts))
                cut = tuple(dict.fromkeys(a.number or a.legiarti for a in arts if a.complete is False))
                rows.append(TodayRow(kind, rec.id, basis, "article", keys, tuple(s.id for s in succ), cut, status))
                continue
            into = _codified_into(corpus, rec)
            if into:
                keys = tuple(dict.fromkeys(key for _, key, _ in into))
                cut = tuple(dict.fromkeys(key for _, key, src in into if src is not None and src.complete is False))
                rows.append(TodayRow(kind, rec.id, basis, "content", keys, (), cut, status))
            else:
                rows.append(TodayRow(kind, rec.id, basis, "unknown", (), (), (), status))
    return rows


def render_today(rows: list[TodayRow]) -> str:
    lines = ["Règles du décret n° 2021-168 : où elles sont allées au 1er juillet 2023 (recodification, décret n° 2023-500)",
             ""]
    for r in rows:
        arts = ""
        if r.articles:
            arts = " : " + ", ".join(f"art. {a}" + (" (coupé dans nos sources)" if a in r.cut else "")
                                     for a in r.articles)
        state = "" if r.status_today == "ended" else \
            " [texte non suivi par nos sources après le 30 juin 2023]" if r.status_today == "unknown" else ""
        lines.append(f"{r.kind:<8} {r.id:<48} {r.basis} → {WHERE_WORDS[r.where]}{arts}{state}")
    counts = {w: sum(1 for r in rows if r.where == w) for w in ("article", "content", "unknown")}
    lines += ["", f"total : {len(rows)} règles ; article du nouveau code connu : {counts['article']} ; "
                  f"contenu seulement : {counts['content']} ; inconnu : {counts['unknown']}",
              "Le numéro d'un article que nos sources ne donnent pas est remplacé par son identifiant LEGIARTI "
              "(jamais un numéro deviné) ; voir docs/recodification-2023.md."]
    return "\n".join(lines)
