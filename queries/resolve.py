"""Resolve what users type ("décret n° 66-137 du 7 mars 1966", "CA", "art. 19quater", "R332-2") to known ids.

Unknown names raise QueryError with the nearest known names.

    >>> resolve_text(corpus, "décret n° 66-137 du 7 mars 1966")
    'D66_137'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from engine.citation import normalize_article
from engine.errors import CitationError, QueryError, UnknownNameError
from engine.corpus import Corpus, nearest


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, apostrophes and punctuation as spaces, single spaces.

    Pure, and asked again and again for the same labels and names: remembered.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[’'`´]", " ", text)
    text = re.sub(r"[^\w°]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _text_names(corpus: Corpus) -> dict[str, str]:
    """Every folded name of every text → its id; computed once per corpus (was once per question)."""
    cached = corpus.__dict__.get("_text_names")
    if cached is not None and cached[0] == len(corpus.texts):
        return cached[1]
    names: dict[str, str] = {}
    for t in corpus.texts.values():
        for name in [t.id, t.title, *(t.aliases or [])]:
            names[fold(name)] = t.id
        if t.number:
            names[fold(t.number)] = t.id
    corpus.__dict__["_text_names"] = (len(corpus.texts), names)
    return names


def exact_text(corpus: Corpus, name: str) -> str | None:
    """The id of the text `name` names exactly (any of its names or its number, folded), else None: the
    quick first step of resolve_text, for callers that remember what a name resolved to."""
    return _text_names(corpus).get(fold(name))


def resolve_text(corpus: Corpus, name: str) -> str:
    """A text id from any of its names, its number, or a sentence that contains its number."""
    names = _text_names(corpus)
    key = fold(name)
    if key in names:
        return names[key]
    for t in corpus.texts.values():  # "décret n° 66-137 modifié", "le décret 99-433 sur les élections"
        if t.number and re.search(rf"(?<![\d-]){re.escape(t.number)}(?![\d-])", name):
            return t.id
    # "le décret du 27 mai 1999", "selon le code de l'artisanat": the longest known name inside the input.
    inside = sorted((n for n in names if len(n) >= 8 and re.search(rf"\b{re.escape(n)}\b", key)), key=len, reverse=True)
    if inside:
        return names[inside[0]]
    raise UnknownNameError(f"texte inconnu : {name!r}", _nearest_texts(corpus, name))


def _nearest_texts(corpus: Corpus, name: str) -> list[str]:
    shown = {fold(a): a for t in corpus.texts.values() for a in [t.id, *(t.aliases or [])][:3]}
    return [shown[k] for k in nearest(fold(name), list(shown))] or sorted(t.id for t in corpus.texts.values())[:3]


def resolve_article(corpus: Corpus, text_id: str, name: str | None) -> str | None:
    """A declared article number of the text from forgiving input; None or '' means the text itself."""
    if name is None or not str(name).strip():
        return None
    raw = str(name).strip()
    text = corpus.texts[text_id]
    if raw in text.units:
        return raw
    try:
        number = normalize_article(raw)
    except CitationError:
        raise not_an_article_number(raw, [f"art. {a}" for a in nearest(raw, text.articles)]) from None
    if text.has_article(number):
        return number
    from .code_parts import held_elsewhere  # « CA », R. 332-2: suggest CA2023's article, not CA's neighbours
    from .vocabulary import text_label

    raise UnknownNameError(f"article inconnu du {text_label(corpus, text.id)} : {raw!r}",
                           held_elsewhere(corpus, text_id, number)
                           or [f"art. {a}" for a in nearest(number, text.articles)])


def not_an_article_number(raw: str, suggestions: list[str] | None = None) -> QueryError:
    """« numéro d'article illisible : 'zz!' ; attendu : … »: what `version`, `text`, `changes` … say alike."""
    return QueryError(f"numéro d'article illisible : {raw!r} ; attendu : un numéro comme 17, 17-1, 19 quater "
                      "ou R. 332-2", suggestions)


REMEMBERED = 1 << 14  # at most this many typed keys kept per base and table; then forgotten all at once


def timeline_of(kb, text_id: str, article: str | None):
    """kb.timelines' timeline of (text id, article), or None; see `_stored`."""
    return _stored(kb, "absent_timelines", kb.timelines, (text_id, article))


def consolidated_of(kb, text_id: str, article: str | None):
    """kb.consolidated's article (text id, article), or None; see `_stored`."""
    return _stored(kb, "absent_consolidated", kb.consolidated, (text_id, article))


def _stored(kb, absent_name: str, mapping, key):
    """mapping.get(key). A built base looks an absent key up in its file each time, and untouched articles are
    asked again and again: the base remembers which keys it does not hold."""
    absent = kb.memo(absent_name, set)
    if key in absent:
        return None
    found = mapping.get(key)
    if found is None:
        if len(absent) >= REMEMBERED:  # what users type is unbounded (a long-running `cmakb serve`)
            absent.clear()
        absent.add(key)
    return found


