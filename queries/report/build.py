"""Build the three citation reports — answers to questions, a text's changes, an article's history — as Reports.

Every fact a report states comes from a query of queries/ (ask, history, version_at, changes_response)
or from the amendment graph and the article timelines; every basis it cites is a `Basis` made by
queries.answers.make_basis, so every citation string is cite.py's.

    >>> r = article_report(kb, "décret 66-137", "2", generated_on=date(2024, 1, 1))
    >>> [s.anchor for s in r.sections][:3]
    ['summary', 'v1', 'v2']
    >>> any("R. 332-2" in a.citation for a in r.authorities)
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import fields as dc_fields
from dataclasses import is_dataclass
from datetime import date
from typing import Any

from engine.ast import OPEN_END
from engine.citation import article_sort_key
from engine.errors import QueryError
from engine.graph import PROVISION_EDGE_TYPES, AmendmentGraph, provision_sort_key
from engine.kb import KnowledgeBase
from engine.timelines import Timeline

from .. import cite
from ..answers import Answer, Basis, Response, make_basis
from ..ask import ask
from ..changes import changes_response
from ..cite import unit_citation
from ..resolve import fold, resolve_article, resolve_text
from ..render import headline
from ..article_versions import history, version_at
from ..vocabulary import french_date, humanize, label
from .model import (
    Block,
    Citations,
    ConsolidatedText,
    Facts,
    Figure,
    Notes,
    Paragraph,
    Quote,
    Report,
    Section,
    Table,
    assemble,
    authority_sort_key,
)
from .questions import QuestionSpec, as_spec, load_questions
from .svg import amendment_svg, timeline_svg

__all__ = ["questions_report", "text_report", "article_report", "QuestionSpec", "load_questions"]

# Words longer than this are quoted below a table rather than inside a cell: table rows stay short
# enough to never break across printed pages.
LONG_QUOTE = 240

# What each DSL verb does, in the words of a French reader (docs/dsl.md gives the verbs).
OPERATION_LABELS = {
    "substitute": "mots remplacés",
    "delete_words": "mots supprimés",
    "insert_words": "mots insérés",
    "replace": "remplacé (nouvelle rédaction)",
    "add": "ajouté",
    "repeal": "abrogé",
    "restore": "rétabli",
    "renumber": "renuméroté",
    "retitle_substitute": "intitulé modifié",
    "retitle_insert": "intitulé complété",
}

# How a reader says that a provision did this to an article (keys: the graph's edge types).
TYPE_LABELS = {
    "creates": "créé par",
    "inserts": "complété (ajout) par",
    "replaces": "réécrit (en tout ou partie) par",
    "substitutes": "modifié (mots remplacés) par",
    "deletes": "modifié (mots supprimés) par",
    "repeals": "abrogé (en tout ou partie) par",
    "restores": "rétabli par",
    "renumbers": "renuméroté par",
    "retitles": "intitulé modifié par",
}

FIELD_LABELS = {
    "act": "acte", "approver_name": "autorité", "mode_label": "mode", "delay": "délai", "delay_from": "à compter de",
    "suspension": "suspension", "condition": "conditions", "proposer": "proposé par", "subject": "établissement",
    "obligation": "obligation", "who_name": "qui", "to": "destinataires", "rule_text": "règle",
    "from_event": "point de départ", "previous_delay": "délai avant le décret", "due_date": "échéance",
    "due_reading": "lecture", "due_weekday": "jour", "due_flag": "signalement", "statement": "énoncé",
    "topic": "sujet", "body": "organe", "value": "valeur", "unit": "unité", "valid_from": "applicable du",
    "valid_to": "jusqu'au (exclu)", "matched_label": "libellé reconnu", "score": "score", "note": "note",
    "id": "identifiant", "derived_by": "règle dérivée",
}
# The order a reader wants: what, who, how, when; then the rest; the matching details last.
FIELD_ORDER = ("act", "obligation", "statement", "approver_name", "who_name", "to", "mode_label", "delay",
               "delay_from", "suspension", "condition", "rule_text", "from_event", "previous_delay", "due_date",
               "due_reading", "due_weekday", "due_flag", "topic", "body", "value", "unit", "proposer", "subject")
FIELD_LAST = ("note", "valid_from", "valid_to", "id", "matched_label", "score", "derived_by")
# Ids shown by their name instead (the JSON keeps both).
_HIDDEN_WHEN = {"approver": "approver_name", "who": "who_name", "mode": "mode_label", "rule": "rule_text"}
# Ids a reader has no use for in a report (the JSON beside it keeps them).
_IDS_ONLY = ("id", "due_weekday")


# ------------------------------------------------------------------ small helpers
PLACE_LABELS = {"after": "après", "before": "avant", "start": "au début", "end": "à la fin"}


def _where(citation: str, place: str | None, anchor: str | None) -> str:
    """« art. 2, 6° (après art. 2, 5°) », « art. 2, 3° (à la fin) », « art. 12 (après « mots ») »."""
    if not place:
        return citation
    if anchor and not re.match(r"(?:art\.|titre|intitulé)", anchor):
        anchor = _q(anchor)  # anchor words, not a unit
    return f"{citation} ({' '.join(x for x in (PLACE_LABELS.get(place, place), anchor) if x)})"


def _q(words: str | None) -> str:
    return f"« {words} »" if words else "—"


def _period(start: date | str | None, end: date | str | None) -> str:
    """« du 19 février 2021 au 30 juin 2023 » (queries/vocabulary.py: the end is exclusive)."""
    from ..vocabulary import interval

    if start in (None, "?") and end in (None, "…"):
        return "date de début inconnue"
    return interval(None if start in ("?",) else start, None if end in ("…",) else end)


def _status(status: str) -> str:
    from ..vocabulary import label

    return label("status", status)


def slug(s: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(s or "texte")).strip("-") or "x"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "" if value == OPEN_END else french_date(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} : {_text(v)}" for k, v in value.items() if v not in (None, "", [], ()))
    return str(value)


def _unique(bases: Iterable[Basis]) -> tuple[Basis, ...]:
    return tuple(dict.fromkeys(bases))


def _article_order(article: str | None) -> tuple:
    # The whole text (None) first, then articles as a code orders them.
    return (0,) if article is None else (1, article_sort_key(article), article)


def _cell_or_quote(words: str | None, label: str, quoted: set[str], quotes: list[Quote]) -> str:
    """The words for a table cell; long words go to a quote below the table (once)."""
    if not words:
        return "—"
    if len(words) <= LONG_QUOTE:
        return _q(words)
    if words not in quoted:
        quoted.add(words)
        quotes.append(Quote(label, words))
    return _q(words[:80].rstrip() + " …") + " (cité en entier ci-dessous)"


# ------------------------------------------------------------------ versions
def _version_blocks(v, bases: Sequence[Basis] = ()) -> list[Block]:
    """Blocks describing one VersionInfo (queries.article_versions): dates, status, provisions, text or operations."""
    rows = [("période", _period(v.start, v.end)), ("statut", _status(v.status))]
    if v.produced_by:
        rows.append(("produite par", ", ".join(v.produced_by)))
    if v.successor:
        rows.append(("devenu", v.successor))
    if v.predecessor:
        rows.append(("issu de", v.predecessor))
    if v.note:
        rows.append(("note", v.note))
    blocks: list[Block] = [Facts(tuple(rows))]
    quotes: list[Quote] = []
    quoted: set[str] = set()
    if v.full_text:
        quotes.append(Quote("texte de la version", v.full_text))
        quoted.add(v.full_text)
    for citation, words in v.units:
        quotes.append(Quote(f"{citation} (texte connu)", words))
        quoted.add(words)
    if v.operations:
        table_rows = []
        for op in v.operations:
            where = _where(op["citation"], op["place"], op["anchor"])
            new = op["new"] if not op["new_number"] else f"{op['new'] or ''} devient {op['new_number']}".strip()
            table_rows.append((op["provision"], OPERATION_LABELS.get(op["operation"]) or op["operation"],
                               where, _cell_or_quote(op["old"], f"{op['provision']} — anciens mots", quoted, quotes),
                               _cell_or_quote(new, f"{op['provision']} — {op['citation']}", quoted, quotes)))
        blocks.append(Table(("disposition", "opération", "unité", "ancien texte", "nouveau texte"), tuple(table_rows),
                            "opérations qui ont produit cette version"))
    elif v.status == "in_force" and not v.full_text and v.start is None:
        blocks.append(Paragraph("Version antérieure au décret : son texte n'est pas dans nos sources."))
    blocks += quotes
    if bases:
        blocks.append(Citations(_unique(bases)))
    return blocks


def _versions_table(resp: Response) -> Table:
    rows = []
    for a in resp.answers:
        v = a.fields["version"]
        link = "; ".join(x for x in (f"devenu {v.successor}" if v.successor else "",
                                     f"issu de {v.predecessor}" if v.predecessor else "") if x)
        rows.append((_period(v.start, v.end), _status(v.status), ", ".join(v.produced_by) or
                     "; ".join(b.short for b in a.basis if not b.provision and b.text_id != v.text_id) or "—",
                     link or "—"))
    return Table(("période", "statut", "produite par", "devenu / issu de"), tuple(rows), "versions")


# ------------------------------------------------------------------ answers
def _answer_blocks(a: Answer, corpus=None) -> list[Block]:
    from ..vocabulary import actor_labels

    if "version" in a.fields and is_dataclass(a.fields["version"]):
        return _version_blocks(a.fields["version"], a.basis)
    rows, quotes = [], []
    rank = {k: i for i, k in enumerate(FIELD_ORDER)}
    last = {k: i for i, k in enumerate(FIELD_LAST)}
    keys = sorted(a.fields, key=lambda k: (k in last, last.get(k, rank.get(k, len(rank)))))
    for key in keys:
        value = a.fields[key]
        if value in (None, "", [], ()) or (key in _HIDDEN_WHEN and _HIDDEN_WHEN[key] in a.fields) \
                or key in _IDS_ONLY:
            continue
        if key in ("to", "proposer", "subject", "body") and corpus is not None:
            value = actor_labels(corpus, value)  # actor ids → their names (rules/norms/actors.cma)
        elif key == "delay":
            from ..vocabulary import duration

            value = duration(value)
        elif key == "due_date":
            value = french_date(value)
        if key == "quote":
            quotes.append(Quote("texte", str(value)))
        elif is_dataclass(value):
            rows += [(f"{key}.{f.name}", _text(getattr(value, f.name))) for f in dc_fields(value)
                     if getattr(value, f.name) not in (None, "", [], ())]
        else:
            rows.append((FIELD_LABELS.get(key, key), _text(value)))
    return [Facts(tuple(rows)), *quotes, Citations(_unique(a.basis))]


def questions_report(kb: KnowledgeBase, questions: Sequence[QuestionSpec | tuple | str],
                     generated_on: date | None = None, title: str | None = None) -> Report:
    """Each question asked (queries.ask) at its date: its answers, their fields, basis and notes.

    A question cmakb cannot read (unknown text…) gets a section with the error, not an exception:
    a report of twenty questions should not fail for one.
    """
    today = generated_on or date.today()
    specs = [as_spec(q, today) for q in questions]
    sections: list[Section] = []
    responses = []
    for i, spec in enumerate(specs, start=1):
        head = [("posée au", french_date(spec.on))]
        if spec.from_date:
            head.append(("à compter du", french_date(spec.from_date)))
        try:
            resp = ask(kb, spec.question, spec.on, spec.from_date)
        except QueryError as exc:
            sections.append(Section(f"q{i}", spec.question, 2,
                                    (Facts(tuple(head)), Notes((f"question non traitée : {exc}",)))))
            continue
        responses.append(resp.to_json())
        head.append(("type de question", label("kind", resp.kind)))
        matched = resp.query.get("matched") or []
        if matched:
            head.append(("reconnu", "; ".join(f"{m['label']} ({m['score']:g})" for m in matched)))
        blocks: list[Block] = [Facts(tuple(head))]
        if not resp.answers:
            blocks.append(Paragraph("Aucune réponse."))
        if resp.notes:
            blocks.append(Notes(tuple(humanize(n, kb.corpus) for n in resp.notes)))
        sections.append(Section(f"q{i}", spec.question, 2, tuple(blocks)))
        for j, a in enumerate(resp.answers, start=1):
            title = headline(a, kb.corpus, resp.on if resp.kind == "version" else None)
            sections.append(Section(f"q{i}-a{j}", title, 3, tuple(_answer_blocks(a, kb.corpus))))
    amending = cite.designation(kb.corpus.amending_text())
    return assemble(kb.corpus, "questions", title or f"Questions sur le {amending} : réponses et fondements",
                    today, sections, subtitle=f"{len(specs)} question(s)", responses=responses)


# ------------------------------------------------------------------ a text
def _changes_of(graph: AmendmentGraph, text_id: str, article: str | None):
    """The graph's Changes (one per operation) to one article, in the décret's order."""
    out = []
    for pc in graph.provisions_changing(text_id, article):
        out += [ch for ch in graph.changes_by_provision(pc.label, pc.amending_text)
                if ch.text_id == text_id and ch.article == article]
    return out


def _validity(tl: Timeline | None, day: str) -> tuple[date, date] | None:
    """The validity of the version a change produced (the segment starting on its date)."""
    seg = next((s for s in tl.segments if s.start.isoformat() == day), None) if tl else None
    return (seg.start, seg.end) if seg else None


def _article_section(kb: KnowledgeBase, graph: AmendmentGraph, text_id: str, article: str | None,
                     responses: list) -> Section:
    corpus = kb.corpus
    cit = unit_citation(article, "")
    changes = _changes_of(graph, text_id, article)
    tl = kb.timelines.get((text_id, article))
    # One row per kind of change; a whole article rewritten is said so, not just « modifié ».
    by_label: dict[tuple[int, str], list[str]] = {}
    for ch in changes:
        whole_replace = ch.operation == "replace" and ch.citation == cit
        label = (PROVISION_EDGE_TYPES.index(ch.type),
                 "remplacé (nouvelle rédaction) par" if whole_replace else TYPE_LABELS[ch.type])
        if ch.provision not in by_label.setdefault(label, []):
            by_label[label].append(ch.provision)
    blocks: list[Block] = [Facts(tuple((label, ", ".join(sorted(provs, key=provision_sort_key)))
                                       for (_, label), provs in sorted(by_label.items())))]
    bases: list[Basis] = []
    if tl is not None:
        resp = history(kb, text_id, article)
        responses.append(resp.to_json())
        blocks.append(_versions_table(resp))
        # The provisions' own bases come with each change below, cited at the unit they changed; from the
        # versions keep what only they cite: the article before the décret, the text that repealed it.
        bases += [b for a in resp.answers for b in a.basis if b.provision is None]
    quotes: list[Quote] = []
    quoted: set[str] = set()
    rows = []
    ops = {(o.provision, o.kind, o.citation): o for seg in (tl.segments if tl else ()) for o in seg.operations}
    for ch in changes:
        unit = unit_citation(ch.article, ch.citation) or "(texte entier)"
        ref = ops.get((ch.provision, ch.operation, ch.citation))
        unit = _where(unit, ref.place, ref.anchor) if ref else unit
        new = ch.new if not ch.new_number else f"{ch.new or ''} devient {ch.new_number}".strip()
        rows.append((ch.provision, OPERATION_LABELS.get(ch.operation) or ch.operation, unit,
                     _cell_or_quote(ch.old, f"{ch.provision} — anciens mots", quoted, quotes),
                     _cell_or_quote(new, f"{ch.provision} — {unit}", quoted, quotes), ch.date))
        bases.append(make_basis(corpus, text_id, unit_citation(ch.article, ch.citation), ch.provision,
                                _validity(tl, ch.date)))
    blocks.append(Table(("disposition", "opération", "unité", "ancien texte", "nouveau texte", "effet au"),
                        tuple(rows), "opérations, dans l'ordre du décret"))
    blocks += quotes
    blocks.append(Citations(tuple(sorted(_unique(bases), key=lambda b: authority_sort_key(corpus, b)))))
    title = (cite.short_citation(corpus, text_id, cit) if cit
             else f"{cite.short_designation(corpus.texts[text_id])} (texte entier)")
    return Section(f"art-{slug(article)}", title, 2, tuple(blocks))


def text_report(kb: KnowledgeBase, text: str, generated_on: date | None = None) -> Report:
    """Everything the décret changed in a text, article by article, operation by operation, with the words."""
    corpus = kb.corpus
    today = generated_on or date.today()
    text_id = resolve_text(corpus, text)
    resp, graph = changes_response(kb, text_id, None, None, today)
    responses = [resp.to_json()]
    groups = graph.changes_in_text(text_id)
    articles = sorted({a for arts in groups.values() for a in arts}, key=_article_order)
    info, amending = corpus.texts[text_id], corpus.amending_text()
    provisions = {pc.label for a in articles for pc in graph.provisions_changing(text_id, a)}
    overview: list[Block] = [
        Facts((("texte modifié", cite.designation(info)), ("texte modificatif", cite.designation(amending)),
               ("articles touchés", str(len(articles))), ("dispositions", str(len(provisions))))),
        Table(("type", "articles"), tuple((t, ", ".join(a or "(texte entier)" for a in arts))
                                          for t, arts in groups.items()), "articles par type de modification"),
        Figure("amendments", f"Dispositions → articles → versions ({text_id})",
               amendment_svg(graph, text_id)),
        Citations((make_basis(corpus, text_id, ""), make_basis(corpus, amending.id, ""))),
    ]
    sections = [Section("overview", "Vue d'ensemble", 2, tuple(overview))]
    sections += [_article_section(kb, graph, text_id, a, responses) for a in articles]
    title = f"Ce que le {cite.designation(amending)} a modifié dans le {cite.designation(info)}"
    return assemble(corpus, "text", title, today, sections, subtitle=f"{len(articles)} article(s)",
                    responses=responses)


# ------------------------------------------------------------------ an article
def _related_section(kb: KnowledgeBase, relation: str, day: date, text_id: str, article: str,
                     responses: list) -> Section:
    """A successor (codification, renumbering) or predecessor of the article: its versions and text."""
    corpus = kb.corpus
    cit = unit_citation(article, "")
    blocks: list[Block] = [Paragraph(f"{relation} le {day.isoformat()} : {cite.long_citation(corpus, text_id, cit)}.")]
    bases: list[Basis] = []
    tl = kb.timelines.get((text_id, article))
    if tl is not None:
        resp = history(kb, text_id, article)
        responses.append(resp.to_json())
        blocks.append(_versions_table(resp))
        for a in resp.answers:
            v = a.fields["version"]
            if v.full_text:
                blocks.append(Quote(f"texte en vigueur {_period(v.start, v.end)}", v.full_text))
            bases += a.basis
        seg = tl.segments[0]
        bases.insert(0, make_basis(corpus, text_id, cit, None, (seg.start, tl.segments[-1].end)))
    else:
        bases.append(make_basis(corpus, text_id, cit))
    blocks.append(Citations(_unique(bases)))
    title = f"{relation} : {cite.short_citation(corpus, text_id, cit)}"
    return Section(f"rel-{slug(text_id)}-{slug(article)}", title, 2, tuple(blocks))


def _consolidated_block(kb: KnowledgeBase, text_id: str, article: str, v) -> ConsolidatedText | None:
    """The words of a version (engine/consolidation.py), changed passages highlighted and linked."""
    cons = kb.consolidated.get((text_id, article))
    version = next((x for x in cons.versions if x.version_id == v.version_id), None) if cons else None
    if version is None or not version.passages:
        return None
    alineas = tuple(tuple((p.text, p.provision, cite.provision_url(kb.corpus, p.provision) if p.provision else None)
                          for p in al) for al in version.alineas)
    label = "texte consolidé" + ("" if version.complete else " (incomplet : seules les parties connues)")
    from engine.base_texts import legifrance_article_url

    url = legifrance_article_url(text_id, cons.legiarti)
    return ConsolidatedText(label, alineas, url)


def article_report(kb: KnowledgeBase, text: str, article: str, generated_on: date | None = None) -> Report:
    """An article's history: every version with its dates, status, the provisions that produced it, its
    text or its operations; what it became (or came from); the provisions of the décret that changed it."""
    corpus = kb.corpus
    today = generated_on or date.today()
    from ..code_parts import text_holding  # « code de l'artisanat », art. R. 332-2: the 2023 code's article

    text_id = text_holding(corpus, resolve_text(corpus, text), article)
    number = resolve_article(corpus, text_id, article)
    hist = history(kb, text_id, number)  # raises QueryError for an article the décret did not touch
    hist.on = today
    now = version_at(kb, text_id, number, today)
    changes, graph = changes_response(kb, text_id, None, number, today)
    responses = [hist.to_json(), now.to_json(), changes.to_json()]
    tl = kb.timelines[(text_id, number)]
    cit = unit_citation(number, "")
    current = now.answers[0].fields["version"]

    summary: list[Block] = [
        Facts((("article", cite.long_citation(corpus, text_id, cit)), ("versions", str(len(hist.answers))),
               (f"état au {today.isoformat()}", _status(current.status)),
               *((("devenu", current.successor),) if current.successor else ()))),
        Figure("timeline", f"Versions de {text_id} art. {number}", timeline_svg(tl)),
        Figure("amendments", f"Dispositions → article → versions ({text_id} art. {number})",
               amendment_svg(graph, text_id, number)),
    ]
    if hist.notes or now.notes:
        summary.append(Notes(tuple(dict.fromkeys(hist.notes + now.notes))))
    summary.append(Citations(_unique((make_basis(corpus, text_id, cit), *now.answers[0].basis))))
    sections = [Section("summary", "Vue d'ensemble", 2, tuple(summary))]
    for i, a in enumerate(hist.answers, start=1):
        v = a.fields["version"]
        blocks = _version_blocks(v, a.basis)
        words = _consolidated_block(kb, text_id, number, v)
        if words is not None:
            blocks.insert(1, words)
        sections.append(Section(f"v{i}", f"Version {i} {_period(v.start, v.end)} : {_status(v.status)}", 2,
                                tuple(blocks)))
    if changes.answers:
        rows = tuple((a.fields["provision"], ", ".join(a.fields["types"]), "; ".join(a.fields["citations"]),
                      a.fields["date"]) for a in changes.answers)
        sections.append(Section("provisions", "Dispositions du décret qui l'ont modifié", 2, (
            Table(("disposition", "types", "unités", "effet au"), rows),
            Citations(_unique(b for a in changes.answers for b in a.basis)))))
    related: dict[tuple[str, str], tuple[str, date]] = {}
    for seg in tl.segments:
        if seg.successor:
            related.setdefault(seg.successor, ("Devenu", seg.start))
        if seg.predecessor:
            related.setdefault(seg.predecessor, ("Issu de", seg.start))
    for (t, art), (relation, day) in related.items():
        sections.append(_related_section(kb, relation, day, t, art, responses))
    title = f"Historique : {cite.short_citation(corpus, text_id, cit)}"
    return assemble(corpus, "article", title, today, sections, subtitle=cite.long_citation(corpus, text_id, cit),
                    responses=responses)
