"""The French words of everything a person reads: statuses, operations, approval modes, deadline rules,
edge types, answer kinds and field names (tables, one per family), dates and half-open intervals, and the
citation form of texts and articles. JSON keeps the stable ids and adds these labels beside them.

    >>> interval(date(2021, 2, 19), date(2023, 7, 1))
    'du 19 février 2021 au 30 juin 2023'
    >>> interval(date(2021, 2, 19), None)
    'depuis le 19 février 2021'
    >>> french_date(date(2023, 7, 1))
    '1er juillet 2023'
    >>> label("status", "renumbered")
    'renuméroté'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from engine.ast import OPEN_END

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")

# One table per family of ids. A missing id is a bug the vocabulary test catches (tests/test_vocabulary.py).
TABLES: dict[str, dict[str, str]] = {
    "status": {
        "in_force": "en vigueur",
        "not_yet_in_force": "pas encore en vigueur",
        "repealed": "abrogé",
        "renumbered": "renuméroté",
        "unknown": "état inconnu (hors de nos sources)",
        "ended": "n'est plus applicable",
    },
    # DSL verbs of engine.ast.OPERATION_KINDS
    "operation": {
        "substitute": "substitution de mots",
        "delete_words": "suppression de mots",
        "insert_words": "insertion de mots",
        "replace": "remplacement",
        "add": "insertion",
        "repeal": "abrogation",
        "restore": "rétablissement",
        "renumber": "renumérotation",
        "retitle_substitute": "substitution dans l'intitulé",
        "retitle_insert": "insertion dans l'intitulé",
    },
    # amendment-graph edge types (engine.graph)
    "edge": {
        "creates": "crée",
        "inserts": "insère",
        "replaces": "remplace",
        "substitutes": "modifie",
        "deletes": "supprime des mots",
        "repeals": "abroge",
        "restores": "rétablit",
        "renumbers": "renumérote",
        "retitles": "modifie l'intitulé",
        "contains": "contient",
        "has_version": "a pour version",
        "succeeds": "succède à",
        "renumbered_to": "devenu",
        "codifies": "codifié à",
    },
    # approval modes (rules/norms/approvals.cma)
    "mode": {
        "express": "approbation expresse",
        "tacit": "approbation tacite",
        "deemed_approved": "réputé approuvé à défaut de décision contraire",
        "opposition": "droit d'opposition",
        "authorisation": "autorisation",
        "accord": "accord",
        "avis": "avis",
        "exempt": "non soumis à approbation",
        "decision": "décision",
    },
    # how a deadline counts (rules/norms/deadlines.cma `rule:`)
    "rule": {
        "within": "dans un délai",
        "end_of_month_following_year": "fin du mois désigné de l'année suivante",
        "before_annual_date": "avant une date de chaque année",
        "end_of_year_following": "31 décembre de l'année suivant l'exercice",
        "at_least_every": "au moins tous les …",
        "at_least_once_per": "au moins une fois par …",
        "limit": "dans la limite de",
        "none_within_before": "aucune dans la période qui précède",
        "first_day_of_previous_month": "premier jour du mois précédent",
        "from_date": "à compter d'une date",
        "within_after_vacancy": "dans un délai après la dernière vacance",
    },
    # Response.kind and Answer.kind
    "kind": {
        "approval": "approbation",
        "deadline": "délai",
        "version": "version",
        "history": "historique",
        "changes": "modifications",
        "change": "modification",
        "norm": "règle",
        "ask": "question",
        "not_covered": "non couvert",
        "uncovered": "non couvert",
        "list": "liste",
    },
    # field names shown in text output
    "field": {
        "approver": "autorité",
        "mode": "mode",
        "delay": "délai",
        "delay_from": "point de départ",
        "condition": "condition",
        "rule": "mode de calcul",
        "due_date": "échéance",
        "due_flag": "attention",
        "obligation": "obligation",
        "who": "qui",
        "to": "destinataire",
        "statement": "énoncé",
        "proposer": "sur proposition de",
        "subject": "objet",
        "produced_by": "produite par",
        "successor": "devenu",
        "predecessor": "issu de",
        "text": "texte",
        "basis": "fondement",
        "provision": "disposition",
        "status": "état",
        "version": "version",
    },
    "unit": {"days": "jours", "day": "jour", "weeks": "semaines", "week": "semaine", "months": "mois",
             "month": "mois", "years": "ans", "year": "an"},
    # the texts' kinds (rules/texts.cma `kind:`)
    "text_kind": {"code": "code", "decret": "décret", "loi": "loi", "arrete": "arrêté"},
    # what `cmakb check` counts (KnowledgeBase.summary)
    "summary": {"files": "fichiers", "texts": "textes", "articles": "articles", "provisions": "dispositions",
                "operations": "opérations", "versions": "versions", "records": "enregistrements",
                "facts": "faits", "rules": "règles", "anchors_located": "ancrages localisés",
                "tolerances": "tolérances appliquées", "source_warnings": "avertissements sur les sources",
                "articles_with_text": "articles dont le texte est connu",
                "norm_citations_to_check": "citations de normes à vérifier"},
    # what `cmakb list` lists
    "list": {"texts": "textes", "articles": "articles", "approvals": "approbations", "deadlines": "délais",
             "norms": "règles", "actors": "acteurs"},
}


def label(family: str, value: str | None) -> str:
    """The French label of an id; an id the table lacks is shown as is (and the vocabulary test fails)."""
    if value is None:
        return ""
    return TABLES[family].get(value, value)


def labels(family: str, values) -> list[str]:
    return [label(family, v) for v in values]


# ------------------------------------------------------------------ dates
def french_date(d: date | str | None) -> str:
    """date(2023, 7, 1) → '1er juillet 2023'; an ISO string is read first."""
    if d is None:
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def _known(d: date | None) -> bool:
    return d is not None and d.year > 1 and d != OPEN_END


def interval(start: date | str | None, end: date | str | None) -> str:
    """A half-open [start, end) in French: the end is exclusive, so the last day is the day before.

    >>> interval(None, date(2021, 2, 19))
    "jusqu'au 18 février 2021"
    >>> interval(None, None)
    'sans limite de date connue'
    """
    start = date.fromisoformat(start) if isinstance(start, str) else start
    end = date.fromisoformat(end) if isinstance(end, str) else end
    last = end - timedelta(days=1) if _known(end) else None
    if _known(start) and last:
        return f"du {french_date(start)} au {french_date(last)}"
    if _known(start):
        return f"depuis le {french_date(start)}"
    if last:
        return f"jusqu'au {french_date(last)}"
    return "sans limite de date connue"


_ISO = re.compile(r"(?<!--on )(?<!--from )(?<!--date )\b(\d{4})-(\d{2})-(\d{2})\b")  # an option's value stays ISO


_ISO_AFTER_FRENCH = re.compile(r" \((\d{4})-(\d{2})-(\d{2})\)")


def french_dates_in(text: str) -> str:
    """Every ISO date inside a sentence written in French (« le 2022-02-15 » → « le 15 février 2022 »); an ISO
    date in brackets after the same date in words (the notes keep it for the JSON: « 1er janvier 2022
    (2022-01-01) ») is dropped, not written twice."""
    def twice(m: re.Match) -> str:
        try:
            words = french_date(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]
        return "" if text[:m.start()].endswith(words) else m[0]

    text = _ISO_AFTER_FRENCH.sub(twice, text)

    def one(m: re.Match) -> str:
        try:
            return french_date(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return m[0]
    return _ISO.sub(one, text)


def duration(value: str | None) -> str:
    """'15 days' (an ast.Duration as str) → '15 jours'; '1 years' → '1 an'."""
    if not value:
        return ""
    m = re.fullmatch(r"\s*(\d+)\s+([a-z]+)\s*", str(value))
    if not m:
        return str(value)
    n, unit = int(m[1]), m[2]
    singular = {"days": "jour", "weeks": "semaine", "months": "mois", "years": "an"}.get(unit, unit)
    return f"{n} {singular if n == 1 else label('unit', unit)}"


# ------------------------------------------------------------------ texts, articles, actors
def text_label(corpus, text_id: str) -> str:
    """« décret n° 99-433 », « code de l'artisanat »: how a researcher names the text."""
    text = corpus.texts.get(text_id)
    if text is None:
        return text_id
    if text.kind == "code":
        return text.title
    if text.number:
        return f"{label('text_kind', text.kind)} n° {text.number}"
    return text.title


def article_label(corpus, text_id: str, article: str | None) -> str:
    """« décret n° 99-433, art. 3 », « code de l'artisanat, art. 19 quater », « décret n° 99-433, intitulé »."""
    head = text_label(corpus, text_id)
    if article is None:
        return head
    number = "1er" if article == "1" else article
    if article[:1].isdigit() or article[:2] in ("R.", "D.", "L."):
        return f"{head}, art. {number}"
    return f"{head}, {article}"


def ref_label(corpus, ref: str | None) -> str:
    """'D99_433 art. 3' (how timelines name a successor) → « décret n° 99-433, art. 3 »."""
    if not ref:
        return ""
    text_id, _, rest = ref.partition(" art. ")
    if text_id in corpus.texts:
        return article_label(corpus, text_id, rest or None)
    return ref


def actor_label(corpus, actor_id: str | None) -> str:
    """The actor record's name (rules/norms/actors.cma); an unknown id reads as words, not as an id."""
    if not actor_id:
        return ""
    rec = corpus.records.get(("actor", actor_id))
    if rec is not None:
        name = corpus.value(rec, "name")
        if name:
            return name
    return actor_id.replace("_", " ")


def actor_labels(corpus, ids) -> str:
    if isinstance(ids, str):
        ids = [ids]
    return ", ".join(actor_label(corpus, i) for i in ids or ())


# ------------------------------------------------------------------ JSON: labels beside the ids
_FIELD_FAMILIES = {"status": "status", "operation": "operation", "type": "edge", "mode": "mode", "rule": "rule"}


def json_labels(fields: dict, corpus=None) -> dict[str, str]:
    """The labels a JSON answer carries beside its ids (docs/json.md, « labels »)."""
    out: dict[str, str] = {}
    for key, family in _FIELD_FAMILIES.items():
        value = fields.get(key)
        if isinstance(value, str) and value in TABLES[family]:
            out[key] = TABLES[family][value]
    if isinstance(fields.get("types"), (list, tuple)):
        out["types"] = ", ".join(label("edge", t) for t in fields["types"])
    if corpus is not None:
        for key in ("approver", "who", "proposer", "subject", "to"):
            value = fields.get(key)
            if value and (isinstance(value, str) and ("actor", value) in corpus.records
                          or isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
                out[key] = actor_labels(corpus, value)
        if fields.get("text_id") in corpus.texts:
            out["text"] = text_label(corpus, fields["text_id"])
    if fields.get("delay"):
        out["delay"] = duration(fields["delay"])
    return out


# ------------------------------------------------------------------ sentences written by other modules
_SNAKE = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b( \(([^()]*)\))?")
_RECORD_MAIN = {"approval": "act", "deadline": "obligation", "norm": "statement"}


def humanize(text: str, corpus=None) -> str:
    """A sentence for a person: ISO dates in French, text ids as their citation form, record and actor ids
    as their labels. The modules that write notes keep ids for the JSON; text output passes through here."""
    text = french_dates_in(text)
    text = re.sub(r"\bde type (approval|deadline|norm)\b", lambda m: f"de type « {label('kind', m[1])} »", text)
    if corpus is None:
        return text
    ids = "|".join(sorted((re.escape(t) for t in corpus.texts), key=len, reverse=True))
    if ids:
        text = re.sub(rf"(?<![\w-])({ids})(?![\w-])( art\. )?",
                      lambda m: text_label(corpus, m[1]) + (", art. " if m[2] else ""), text)

    def record(m: re.Match) -> str:
        rid, paren, inner = m[1], m[2] or "", m[3]
        if ("actor", rid) in corpus.records:
            return actor_label(corpus, rid) + paren
        for kind, main in _RECORD_MAIN.items():
            rec = corpus.records.get((kind, rid))
            if rec is not None:
                if inner and inner.startswith("«"):
                    # a candidate of an abstention, « id (« label », score 0.53) »: its label, then the score
                    label_, _, rest = inner[1:].partition("»")
                    return f"« {label_.strip()} »" + (f" ({rest.strip(' ,')})" if rest.strip(" ,") else "")
                return f"« {inner} »" if inner else f"« {corpus.value(rec, main) or rid.replace('_', ' ')} »"
        return m[0]

    return _SNAKE.sub(record, text)
