"""Format every citation cmakb prints, in French legal style, and build its links. Nothing else builds them.

    >>> long_citation(corpus, "CA", "art. 19, II bis, 3°", by="art. 2, 2° d)")
    "article 19, II bis, 3° du code de l'artisanat, dans sa rédaction issue de l'article 2 du décret n° 2021-168 du 16 février 2021"
"""

from __future__ import annotations

import re

from engine.citation import parse_citation
from engine.errors import CitationError
from engine.corpus import Corpus, TextInfo


def designation(text: TextInfo) -> str:
    """« code de l'artisanat », « décret n° 66-137 du 7 mars 1966 »."""
    if text.kind == "code":
        return text.title
    head = re.split(r"\s+relati(?:f|ve)s?\s", text.title, maxsplit=1)[0]
    return head[0].lower() + head[1:]


def short_designation(text: TextInfo) -> str:
    if text.get("short"):
        return text.get("short")
    return f"Décr. n° {text.number}" if text.kind == "decret" and text.number else text.id


def _article_words(citation: str) -> tuple[str, str]:
    """('article 19', 'II bis, 3°') from 'art. 19, II bis, 3°'; for units: ('', 'titre VI')."""
    c = parse_citation(citation) if citation else None
    if c is None or c.article is None:
        return "", citation
    number = "1er" if c.article == "1" else c.article
    head = f"article {number}" + (f" à {c.article_end}" if c.article_end else "")
    return head, ", ".join(str(p) for p in c.parts)


def article_citation(article: str | None) -> str:
    """The citation of an article or unit as timelines name it: '19' → 'art. 19', 'R. 332-2' →
    'art. R. 332-2', a unit outside articles ('titre VI', 'intitulé') as it is, the text itself ''."""
    if article is None:
        return ""
    return f"art. {article}" if article[0].isdigit() or article[:2] in ("R.", "D.", "L.") else article


def unit_citation(article: str | None, citation: str) -> str:
    """The unit an operation touched inside an article (its citation), else the article itself."""
    return "" if article is None else citation or article_citation(article)


def provision_article(label: str) -> str:
    """'art. 2, 2° d)' → '2' (the article of the amending text)."""
    m = re.match(r"art\.\s*(\d+)", label)
    return m.group(1) if m else label


def provision_words(label: str, whole: bool = False) -> str:
    """« article 1er » from 'art. 1, 1°' (the article); with `whole`, « article 1er, 1° » (the provision)."""
    number = provision_article(label)
    head = f"article {'1er' if number == '1' else number}"
    rest = re.sub(r"^art\.\s*\d+\s*,?\s*", "", label) if whole else ""
    return f"{head}, {rest}" if rest else head


def long_citation(corpus: Corpus, text_id: str, citation: str, by: str | None = None, *,
                  repealed: bool = False, unchanged: bool = False) -> str:
    """The citation in full. `by`: the provision of the décret that wrote this wording (« dans sa rédaction
    issue de l'article 2 du décret … ») or, with `repealed`, that repealed it (« abrogé par l'article 1er,
    1° du décret … »). `unchanged`: words of the article the décret amends elsewhere but leaves as they were
    (« dans sa rédaction antérieure au décret …, en vigueur »)."""
    text = corpus.texts[text_id]
    head, sub = _article_words(citation)
    where = ", ".join(x for x in (head, sub) if x)
    out = f"{where} {'du' if text.kind in ('code', 'decret') else 'de'} {designation(text)}" if where else \
        designation(text)
    amending = corpus.amending_text()
    if by and repealed:
        out += f", abrogé par l'{provision_words(by, whole=True)} du {designation(amending)}"
    elif by:
        out += f", dans sa rédaction issue de l'{provision_words(by)} du {designation(amending)}"
    elif unchanged:
        out += f", dans sa rédaction antérieure au {designation(amending)}, en vigueur"
    return out


def short_citation(corpus: Corpus, text_id: str, citation: str) -> str:
    """« C. artisanat, art. 19, II bis, 3° »; a provision of the amending text: « Décr. n° 2021-168, art. 8, 5° a) i) »."""
    text = corpus.texts[text_id]
    try:
        head, sub = _article_words(citation)
    except CitationError:  # a provision label ("art. 8, 5° a) i)") is not a citation of the text's units
        return f"{short_designation(text)}, {citation}"
    head = head.replace("article ", "art. ")
    return ", ".join(x for x in (short_designation(text), head, sub) if x)


def provision_citation(corpus: Corpus, label: str, text_id: str | None = None) -> str:
    """« art. 2, 2° d) du décret n° 2021-168 du 16 février 2021 »."""
    text = corpus.texts[text_id] if text_id else corpus.amending_text()
    return f"{label} du {designation(text)}"


def provision_url(corpus: Corpus, label: str, text_id: str | None = None) -> str | None:
    """ELI of the article of the published décret: …/jo/article_7."""
    text = corpus.texts[text_id] if text_id else corpus.amending_text()
    eli = text.get("eli")
    if not eli or not eli.endswith("/texte"):
        return text.url
    return eli[: -len("texte")] + f"article_{provision_article(label)}"


def text_url(corpus: Corpus, text_id: str) -> str | None:
    """The Légifrance link of a text: its ELI, its code page, or the ELI alias by number."""
    return corpus.texts[text_id].url
