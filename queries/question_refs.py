"""The legal references a French question names: a text, an article of it, a provision of the décret.

    « Quelles dispositions ont modifié l'article 12 du décret 66-137 ? » → text D66_137, article 12
    « Qu'a modifié l'article 2, 2° d) ? » → provision « art. 2, 2° d) » of the décret n° 2021-168
    « Que dit l'article R. 332-2 ? » → article R. 332-2, of the only text that has it (the code)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from engine.citation import normalize_article
from engine.errors import CitationError, QueryError
from engine.corpus import Corpus

from .gated_patterns import Gated
from .resolve import _text_names, fold, resolve_text

ARTICLE = Gated(r"\b(?:article|art\.?)\s+((?:[RDL]\.?\s*)?\d+(?:er)?(?:-\d+)*(?:\s*(?:bis|ter|quater|quinquies)\b)?)",
                re.I)
# What follows an article number in a provision of the décret: « , 2° d) », « , 5° a) i) », « 1° ».
SUBDIVISION = Gated(r"^\s*,?\s*(?:(?:du\s+)?(\d+)\s*°\s*(?:([a-z])\s*\))?\s*(?:([ivx]+)\s*\))?)", re.I)


@dataclass(frozen=True)
class References:
    text_id: str | None
    article: str | None
    provision: str | None  # label of a provision of the amending text, as the corpus spells it
    ambiguous: tuple[str, ...] = ()  # texts having the article, when the question names none


def _provision_label(number: str, rest: str) -> str:
    m = SUBDIVISION.match(rest)
    label = f"art. {number}"
    if m and m.group(1):
        label += f", {m.group(1)}°"
        if m.group(2):
            label += f" {m.group(2).lower()})"
            if m.group(3):
                label += f" {m.group(3).lower()})"
    return label


# « du décret », « ce décret » with no number nor date after it: the décret n° 2021-168 itself.
THE_DECREE = Gated(r"\b(?:du|le|ce|au|dudit) decret\b(?!\s*(?:n\s*|no\s*|numero\s*)?\d)(?!\s+du\s+\d)"
                   r"(?!\s+de\s+(?:19|20)\d\d)")
# « le décret de 1966 »: a décret named by the year it was signed.
DECREE_OF_YEAR = Gated(r"\bdecrets? de ((?:19|20)\d\d)\b")


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(name)}\b")


@lru_cache(maxsize=1024)
def _number_pattern(number: str) -> re.Pattern:
    return re.compile(rf"(?<![\d-]){re.escape(number)}(?![\d-])")


def _names_of_texts(corpus: Corpus) -> tuple[tuple[str, tuple[str, ...], str | None], ...]:
    """(id, folded names, number) of every text, folded once per corpus rather than on every question."""
    cached = corpus.__dict__.get("_question_refs_names")
    if cached is None or cached[0] != len(corpus.texts):
        table = tuple((t.id, tuple([fold(n) for n in (t.aliases or []) if len(fold(n)) >= 6]
                                   + ([fold(t.title)] if t.title else [])), t.number)
                      for t in corpus.texts.values())
        cached = corpus.__dict__["_question_refs_names"] = (len(corpus.texts), table)
    return cached[1]


def _texts_named(corpus: Corpus, question: str) -> list[str]:
    """Every text the question names, in the order of the question."""
    q = fold(question)
    found: dict[str, int] = {}
    for text_id, names, number in _names_of_texts(corpus):
        # A name or number absent from the question cannot match it: only the others meet the pattern
        # (compiled once, on first need — a cold question compiled one per name of every text).
        spots = [m.start() for n in names if n in q for m in _name_pattern(n).finditer(q)]
        if number and number in question:
            spots += [m.start() for m in _number_pattern(number).finditer(question)]
        if spots:
            found[text_id] = min(spots)
    for m in DECREE_OF_YEAR.finditer(q):
        signed = [t.id for t in corpus.texts.values() if t.kind == "decret" and t.get("signed")
                  and t.get("signed").year == int(m.group(1))]
        if len(signed) == 1:
            found.setdefault(signed[0], m.start())
    return sorted(found, key=found.get)


def _text_named(corpus: Corpus, question: str) -> str | None:
    """The text a question is about: the one it names other than the décret n° 2021-168, when it names
    several (« qu'a modifié le décret 2021-168 dans le décret du 27 mai 1999 ? »)."""
    amending = corpus.amending_text().id
    named = _texts_named(corpus, question)
    others = [t for t in named if t != amending]
    if others:
        return others[0]
    if named:
        return named[0]
    if _may_resolve(corpus, question):
        try:
            return resolve_text(corpus, question)
        except QueryError:
            pass
    return amending if THE_DECREE.search(fold(question)) else None


def _may_resolve(corpus: Corpus, question: str) -> bool:
    """Whether resolve_text could find a text in the question: the whole question is a name, or a number
    or a long name is inside it. When none is, its failure (with the nearest names for a message, by
    difflib) is known without asking: that was a third of a warm `ask`."""
    names = _text_names(corpus)
    key = fold(question)
    return key in names or any(number and number in question for _, _, number in _names_of_texts(corpus)) \
        or any(len(n) >= 8 and n in key for n in names)


# « le 6° de l'article 11 », « le d) du 2° de l'article 2 »: the item before its article.
ITEM_OF_ARTICLE = Gated(r"\b(?:le|au|du)\s+(?:([a-z])\s*\)\s+du\s+)?(\d+)\s*°\s+(?:de l'|de l’|de l )?(?:article|art\.?)\s+(\d+)",
                        re.I)


_DIGIT = re.compile(r"\d")
"""An article or an item has a number: a question without a digit names neither."""


def _unit_named(corpus: Corpus, text_id: str | None, question: str) -> str | None:
    """A unit of a text outside its articles (« l'intitulé », « le titre Ier ») the question names."""
    if text_id is None:
        return None
    q = fold(question)
    units = sorted(corpus.texts[text_id].units, key=len, reverse=True)
    return next((u for u in units if fold(u) in q and _name_pattern(fold(u)).search(q)), None)


def read_references(corpus: Corpus, question: str) -> References:
    amending = corpus.amending_text().id
    text_id = _text_named(corpus, question)
    # An article or an item has a number: without a digit, neither pattern is compiled nor searched.
    numbered = _DIGIT.search(question) is not None
    item = ITEM_OF_ARTICLE.search(question) if numbered else None
    if item and text_id in (None, amending):
        label = f"art. {item.group(3)}, {item.group(2)}°" + (f" {item.group(1).lower()})" if item.group(1) else "")
        labels = {lab for (t, lab) in corpus.provisions if t == amending}
        if label in labels or any(lab.startswith(label + " ") for lab in labels):
            return References(amending, None, label)
    m = ARTICLE.search(question) if numbered else None
    if m is None:
        unit = _unit_named(corpus, text_id, question)
        return References(text_id, unit, None) if unit else References(text_id, None, None)
    try:
        article = normalize_article(m.group(1))
    except CitationError:
        return References(text_id, None, None)
    rest = question[m.end():]
    # A provision of the décret: the décret is named, or no text is and a « 2° d) » follows the number.
    if text_id == amending or (text_id is None and SUBDIVISION.match(rest) and SUBDIVISION.match(rest).group(1)):
        labels = {lab for (t, lab) in corpus.provisions if t == amending}
        label = _provision_label(article, rest)
        if label in labels or any(lab.startswith(label + " ") or lab.startswith(label + ",") for lab in labels):
            return References(amending, None, label)
        if text_id == amending:
            return References(amending, None, label)
    if text_id is None or text_id == amending:
        owners = tuple(t for t, info in corpus.texts.items() if t != amending and article in info.articles)
        if len(owners) == 1:
            return References(owners[0], article, None)
        return References(None, article, None, owners)
    return References(text_id, article, None)
