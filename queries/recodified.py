"""Today's law: what becomes of a question whose rule ended on 1 July 2023, when the décret n° 2023-500
recodified the old articles into the new code de l'artisanat (partie réglementaire).

A rule of the new code that we have (rules/code-2023/) names the 2021-2023 rule it carries on in its
`continues` field. Asked at a date the old rule no longer covers:
- if a rule of the new code continues it → answer from the new article, status `in_force`, showing
  the 2021-2023 rule it continues (`continues`);
- otherwise → the last answer of the décret, status `ended` with `valid_until`, marked « règle
  applicable du 19 février 2021 au 30 juin 2023 », with the recodification note; the command exits 1;
- a rule of a text our sources do not follow past a date (`known_until`: décret n° 99-433) → status
  `unknown` with `known_until`; exit 1 too: neither is today's law.

`follow` is called by queries/norms.select for each record a question names; `mark` by approvals,
deadlines and norms once their answers are built; `exit_code` by the command line.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from engine import ast
from engine.citation import parse_citation
from engine.kb import KnowledgeBase
from engine.corpus import Corpus, plain_value

from . import cite
from .answers import Basis, Response
from .french import MONTHS

if TYPE_CHECKING:
    from engine.article_sources import ArticleSource

ENDED, IN_FORCE, UNKNOWN, NOT_YET = "ended", "in_force", "unknown", "not_yet_in_force"
NOT_TODAY = frozenset({ENDED, UNKNOWN, NOT_YET})


def french_date(d: date) -> str:
    """date(2021, 2, 19) → « 19 février 2021 »; the first of a month is « 1er »."""
    return f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}"


def applicable_label(start: date, end: date, known: date | None = None) -> str:
    """« règle applicable du 19 février 2021 au 30 juin 2023 » (the end is exclusive: its day before); a rule
    with no end, of a text our sources follow only until `known`, says so."""
    if end == ast.OPEN_END:
        last = f", connue de nos sources jusqu'au {french_date(known - timedelta(days=1))}" if known else ""
        return f"règle applicable à compter du {french_date(start)}{last}"
    return f"règle applicable du {french_date(start)} au {french_date(end - timedelta(days=1))}"


def _valid(rec: ast.Record) -> tuple[date, date]:
    return plain_value(rec.get("valid").values[0])


def _basis_texts(corpus: Corpus, rec: ast.Record) -> set[str]:
    return {t for t, _ in corpus.value(rec, "basis") or []}


def recodification_of(corpus: Corpus, rec: ast.Record) -> ast.Record | None:
    """The recodification that ended this rule: one whose date is the rule's end and which repeals its text."""
    end = _valid(rec)[1]
    for r in corpus.records_of("recodification"):
        if corpus.value(r, "on") == end and _basis_texts(corpus, rec) & set(corpus.value(r, "repeals") or []):
            return r
    return None


def known_until(corpus: Corpus, rec: ast.Record) -> date | None:
    """The earliest date past which our sources do not follow a text the rule is based on."""
    dates = [corpus.texts[t].known_until for t in _basis_texts(corpus, rec) if corpus.texts[t].known_until]
    return min(dates) if dates else None


def continued(corpus: Corpus, rec: ast.Record) -> list[str]:
    """Ids of the 2021-2023 records this one continues."""
    return list(corpus.value(rec, "continues") or [])


def successors(corpus: Corpus, kind: str, rec_id: str) -> list[ast.Record]:
    """Records of the new code that continue `rec_id`."""
    return [r for r in corpus.records_of(kind) if rec_id in continued(corpus, r)]


def cited_sources(corpus: Corpus, rec: ast.Record) -> list[ArticleSource]:
    """The source texts of the new code's articles a record cites (none for the other texts)."""
    out = []
    for text_id, cit in corpus.value(rec, "basis") or []:
        text = corpus.texts.get(text_id)
        if text is None or not text.get("article_sources"):
            # Only a text declaring its article files has any (the loader reads them): the others need not
            # decode them all (≈ 5 ms of a cold question on a rule of the décret).
            continue
        arts = corpus.article_sources.get(text_id)
        art = arts.get(parse_citation(cit).article) if arts else None
        if art is not None and art not in out:
            out.append(art)
    return out


def _codified_into(corpus: Corpus, rec: ast.Record) -> list[tuple[str, str, ArticleSource | None]]:
    """(old article, new article key, its source) for the codifications of the articles a rule cites."""
    out = []
    for text_id, cit in corpus.value(rec, "basis") or []:
        article = parse_citation(cit).article
        for c in corpus.records_of("codification"):
            (src_text, src_cit), (dst_text, dst_cit) = corpus.value(c, "source"), corpus.value(c, "target")
            if src_text == text_id and parse_citation(src_cit).article == article and _carried(corpus, c, text_id, cit):
                key = parse_citation(dst_cit).article
                item = (cite.short_citation(corpus, text_id, f"art. {article}"), key, corpus.article_sources.get(dst_text, {}).get(key))
                if item not in out:
                    out.append(item)
    return out


def _carried(corpus: Corpus, codification: ast.Record, text_id: str, citation: str) -> bool:
    """Whether a codification carries the unit a rule cites: all of the old article, or the units it names."""
    carries = corpus.value(codification, "carries")
    if not carries:
        return True
    cited = parse_citation(citation).canonical
    for t, c in carries:
        unit = parse_citation(c).canonical
        if t == text_id and (cited == unit or cited.startswith(unit + ",")):
            return True
    return False


# ------------------------------------------------------------------ selection (norms.select)

def follow(kb: KnowledgeBase, kind: str, rec: ast.Record, match, on: date, resp: Response, out: list,
           holding: Container[str]) -> bool:
    """Decide what a chosen record answers at `on`, when the recodification concerns it; True if decided.

    Appends to `out` (the selection) the new code's rules that continue a rule which ended (or which
    our sources no longer follow), or the ended rule itself when none continues it.
    """
    corpus = kb.corpus
    if any(r.id == rec.id for r, _ in out):
        return True  # already answered as the continuation of a rule chosen before it
    start, end = _valid(rec)
    if rec.id not in holding and on < start and continued(corpus, rec):
        return True  # a rule of the new code asked before 1 July 2023: the old rule answers
    ended = rec.id not in holding and on >= end and recodification_of(corpus, rec) is not None
    until = known_until(corpus, rec)
    # encoded open-ended, or (#15) until the date our sources stop following the text: unknown, not ended
    unknown = until is not None and on >= until and (rec.id in holding or end >= until)
    if unknown and rec.id not in holding:
        resp.query.setdefault("unknown", []).append(rec.id)
        ended = True  # answered as the last rule we know, marked « vigueur inconnue » by `mark`
    if not (ended or unknown):
        return False
    succ = [s for s in successors(corpus, kind, rec.id) if s.id in holding]
    if succ:
        for s in succ:
            if not any(r.id == s.id for r, _ in out):
                out.append((s, match))
        return True
    if ended:
        out.append((rec, match))
        return True
    return False  # unknown: answered as before, with its note; `mark` gives it the status


# ------------------------------------------------------------------ answers

def new_code_basis(corpus: Corpus, b: Basis) -> Basis:
    """The basis of a rule of the new code: the article by its number, or by its LEGIARTI id where no
    source shows the number; its Légifrance page where the id is known; the décret n° 2023-500."""
    art = corpus.article_sources.get(b.text_id, {}).get(b.article or "")
    text = corpus.texts[b.text_id]
    sub = f", {b.subdivision}" if b.subdivision else ""
    if art is not None and art.number is None:
        head = f"article du {text.title} dont nos sources ne donnent pas le numéro (Légifrance {art.legiarti}){sub}"
        short = f"{text.get('short') or text.id}, art. {art.legiarti}{sub}"
    else:
        head, short = b.citation, b.short
    decree = corpus.texts.get("D2023_500")
    return replace(b, citation=head + ", en vigueur depuis le 1er juillet 2023",
                   short=short, url=(art.url if art and art.url else b.url),
                   provision="décret n° 2023-500, art. 7" if decree else None,
                   provision_citation=f"article 7 du {cite.designation(decree)}" if decree else None,
                   provision_url=decree.url if decree else None)


def _continues_field(kb: KnowledgeBase, kind: str, rec: ast.Record) -> list[dict]:
    from .norms import record_bases

    out = []
    for old_id in continued(kb.corpus, rec):
        old = kb.corpus.records.get((kind, old_id))
        if old is None:
            continue
        start, end = _valid(old)
        out.append({"id": old_id, "valid_from": start.isoformat(),
                    "valid_until": None if end == ast.OPEN_END else end.isoformat(),
                    "status_label": applicable_label(start, end, known_until(kb.corpus, old)), "quote": kb.corpus.value(old, "quote"),
                    "basis": [b.citation for b in record_bases(kb, old)],
                    "short": [b.short for b in record_bases(kb, old)]})
    return out


def mark(kb: KnowledgeBase, resp: Response) -> Response:
    """Give each answer its status at the date asked (in_force, ended, unknown), the rule of 2021-2023 a
    rule of the new code continues, the mark of an ended rule, and the notes that explain them."""
    corpus = kb.corpus
    for i, a in enumerate(resp.answers):
        rec = corpus.records.get((a.kind, a.fields.get("id")))
        if rec is None or rec.get("valid") is None:
            continue
        start, end = _valid(rec)
        until = known_until(corpus, rec)
        f = a.fields
        summary, basis = a.summary, a.basis
        if until is not None and resp.on >= until and end >= until:
            f.update(status=UNKNOWN, known_until=until.isoformat(),
                     status_label=f"règle connue de nos sources jusqu'au {french_date(until - timedelta(days=1))}")
            summary = f"[vigueur inconnue après le {french_date(until - timedelta(days=1))}] {summary}"
            resp.notes.append(f"{rec.id} : état inconnu au {french_date(resp.on)} : nos sources ne suivent pas le "
                              f"{', '.join(sorted(cite.designation(corpus.texts[t]) for t in _basis_texts(corpus, rec)))} "
                              f"après le {french_date(until - timedelta(days=1))} ; la règle est donnée telle que nous "
                              "la connaissons jusque-là, ce n'est pas le droit vérifié à la date demandée")
        elif resp.on >= end:
            recod = recodification_of(corpus, rec)
            label = applicable_label(start, end)
            f.update(status=ENDED, valid_until=end.isoformat(), status_label=label)
            summary = f"[plus en vigueur : {label}] {summary}"
            resp.notes.append(_ended_note(corpus, rec, label, recod))
            if f.get("due_date"):
                resp.notes.append(f"{rec.id} : l'échéance du {f['due_date']} est calculée selon une règle qui "
                                  f"n'est plus en vigueur ({label})")
        elif resp.on < start:
            f.update(status=NOT_YET, status_label=f"règle applicable à compter du {french_date(start)}")
        else:
            f.update(status=IN_FORCE, status_label="en vigueur")
        sources = cited_sources(corpus, rec)
        if sources:
            basis = tuple(new_code_basis(corpus, b) if b.text_id in corpus.article_sources else b for b in basis)
            cut = [s for s in sources if s.complete is False]
            f["source_complete"] = not cut
            for s in cut:
                resp.notes.append(f"{rec.id} : {_article_words(s)} est coupé dans nos sources "
                                  f"(rules/sources/{s.path}) : la suite de l'article n'y est pas ; la réponse "
                                  "ne vaut que pour la partie que nous avons")
        old = _continues_field(kb, a.kind, rec)
        if old:
            f["continues"] = old
            for o in old:
                resp.notes.append(f"{rec.id} : continue depuis le 1er juillet 2023 la {o['status_label']} "
                                  f"({'; '.join(o['basis'])})")
        resp.answers[i] = replace(a, summary=summary, basis=basis)
    return resp


def _article_words(s: ArticleSource) -> str:
    return f"l'article {s.number}" if s.number else f"l'article {s.legiarti} (numéro non donné par nos sources)"


def _ended_note(corpus: Corpus, rec: ast.Record, label: str, recod: ast.Record | None) -> str:
    words = f"{rec.id} : {label}, plus en vigueur"
    if recod is not None:
        words += (f" : son texte a été abrogé le {french_date(corpus.value(recod, 'on'))} par le décret n° 2023-500 "
                  "(recodification dans la partie réglementaire du nouveau code de l'artisanat)")
    into = _codified_into(corpus, rec)
    if into:
        for old, key, src in into:
            where = _article_words(src) if src else f"l'article {key}"
            state = " (coupé dans nos sources)" if src is not None and src.complete is False else ""
            words += (f" ; {where} du nouveau code{state} reprend tout ou partie de {old}, mais nos sources "
                      "n'y montrent pas cette règle")
    else:
        words += " ; l'article du nouveau code qui reprend cette règle n'est pas dans nos sources"
    return words + " — cette réponse n'est pas le droit en vigueur à la date demandée"


def exit_code(resp: Response) -> int:
    """0 when some answer is today's law (in force at the date asked); 1 otherwise (none, or only rules
    that ended, are not yet in force, or that our sources no longer follow)."""
    return 0 if any(a.fields.get("status") not in NOT_TODAY for a in resp.answers) else 1


# ------------------------------------------------------------------ compliance checks

def date_checked(corpus: Corpus, result, on: date | None):
    """A compliance result run at a date: whether the rules it applied are the law of that date.

    `details["date_status"]`: in_force, ended (a rule it applied ended, e.g. on 1 July 2023), unknown
    (a text our sources do not follow past a date: décret n° 99-433 after 30 June 2023) or not_yet_in_force
    (asked before 19 February 2021); with a note per rule. No date asked: the result is left as it is (the rules as encoded).
    """
    if on is None or not result.bases:
        return result
    status, notes = IN_FORCE, []
    for b in dict.fromkeys(result.bases):
        end = date.fromisoformat(b.valid_to) if b.valid_to else None
        start = date.fromisoformat(b.valid_from) if b.valid_from else None
        until = corpus.texts[b.text_id].known_until
        # A rule encoded until the date our sources stop following its text (décret n° 99-433: the norms end
        # at its known_until) did not end there: what became of it is unknown, not « plus en vigueur ».
        if until is not None and on >= until and (end is None or end >= until):
            status = ENDED if status == ENDED else UNKNOWN
            notes.append(f"{b.short} : nos sources ne suivent pas ce texte après le "
                         f"{french_date(until - timedelta(days=1))} ; la règle appliquée n'est pas vérifiée en "
                         f"vigueur au {french_date(on)}")
        elif start is not None and on < start:
            status = status if status in (ENDED, UNKNOWN) else NOT_YET
            notes.append(f"{b.short} : règle applicable à compter du {french_date(start)}, pas encore en vigueur "
                         f"au {french_date(on)} ; ce n'est pas le droit en vigueur à cette date")
        elif end is not None and on >= end:
            status = ENDED
            notes.append(f"{b.short} : {applicable_label(start, end) if start else 'règle'}, plus en vigueur au "
                         f"{french_date(on)} (recodification par le décret n° 2023-500 au 1er juillet 2023) ; "
                         "le contrôle applique la règle de 2021-2023, ce n'est pas le droit en vigueur à cette date")
    for b in dict.fromkeys(result.bases):
        art = corpus.article_sources.get(b.text_id, {}).get(b.article or "")
        if art is not None and art.complete is False:
            notes.append(f"{b.short} : {_article_words(art)} est coupé dans nos sources (rules/sources/{art.path}) : "
                         "le contrôle ne vaut que pour la partie que nous avons")
    if status == IN_FORCE:
        return replace(result, details={**result.details, "date_status": IN_FORCE,
                                        "notes": list(result.details.get("notes", [])) + notes})
    return replace(result, details={**result.details, "date_status": status,
                                    "notes": list(result.details.get("notes", [])) + notes})


def compliance_verdict_suffix(result) -> str:
    """What the verdict of a check run at a date says when its rules are not that date's law."""
    return {ENDED: " — selon des règles qui ne sont plus en vigueur à la date demandée (voir les notes)",
            UNKNOWN: " — selon des règles dont nos sources ne disent pas si elles sont en vigueur à la date "
                     "demandée (voir les notes)",
            NOT_YET: " — selon des règles qui ne sont pas encore en vigueur à la date demandée (voir les notes)",
            }.get(result.details.get("date_status"), "")


def today_norm(corpus: Corpus, norm_id: str, on: date | None) -> str:
    """The norm a check applies at `on`: the rule of the new code that continues `norm_id` when it holds
    then (R. 312-2 for the share of the taxe after 1 July 2023), else `norm_id` itself."""
    if on is None:
        return norm_id
    for rec in successors(corpus, "norm", norm_id):
        start, end = _valid(rec)
        if start <= on < end:
            return rec.id
    return norm_id


def explained_on(answer, on: date) -> date:
    """The date an answer's derivation is shown at: its last day for a rule that ended (`--why` shows
    why it held then), else the date asked."""
    until = answer.fields.get("valid_until") if answer.fields.get("status") == ENDED else None
    return date.fromisoformat(until) - timedelta(days=1) if until else on
