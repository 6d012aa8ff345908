"""One code held as several texts: which of them has the article a user names.

The old regulatory articles of the code de l'artisanat (text `CA`) and its partie réglementaire of
2023 (text `CA2023`) are one code on Légifrance, under one identifier (LEGITEXT000006075116), and
users write « code de l'artisanat, art. R. 332-2 » as the code's own pages do. `CA` is what the name
« code de l'artisanat » resolves to; an article number that `CA` does not have but the one other text
of the same code does is that text's article. Nothing is guessed: a number that neither has, or that
several have, stays with the text named (and is reported unknown there, as before).

    >>> text_holding(corpus, "CA", "R. 332-2"), text_holding(corpus, "CA", "R323-24"), text_holding(corpus, "CA", "19")
    ('CA2023', 'CA2023', 'CA')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.citation import normalize_article
from engine.errors import CitationError

if TYPE_CHECKING:  # only named here: importing the loader would cost every command that asks
    from engine.loader import Corpus


def text_holding(corpus: Corpus, text_id: str, article: str | None) -> str:
    """The id of the text of the same code as `text_id` that has `article`, when `text_id` has it not."""
    text = corpus.texts.get(text_id)
    if text is None or article is None or not str(article).strip() or not text.url:
        return text_id
    try:
        number = normalize_article(str(article).strip())
    except CitationError:
        return text_id
    if text.has_article(number):
        return text_id
    others = [t.id for t in corpus.texts.values()
              if t.id != text_id and t.kind == text.kind == "code" and t.url == text.url and t.has_article(number)]
    return others[0] if len(others) == 1 else text_id


def held_elsewhere(corpus: Corpus, text_id: str, article: str) -> list[str]:
    """« CA2023 art. R. 332-2 » when that is where the article `text_id` lacks is: what to suggest."""
    other = text_holding(corpus, text_id, article)
    return [f"{other} art. {normalize_article(article)}"] if other != text_id else []
