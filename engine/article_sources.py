"""Read the articles of the new code de l'artisanat (2023) that we have, one file per article or section,
as shipped in rules/sources/code-2023/ (headers SOURCE, ARTICLE, LEGIARTI, IN FORCE, COMPLETE, OLD,
NOTE, a blank line, then one alinéa per line; words untouched).

What a file says of itself is kept as data: whether the text is complete, where it was cut, which old
article it is read to continue. Quotations of the new code are checked against these texts.

    >>> arts = load_article_sources("rules/sources/code-2023")
    >>> arts["R. 323-24"].complete, arts["LEGIARTI000047725332"].number
    (True, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .citation import normalize_article
from .source_text import normalize_space

LEGIARTI_RE = re.compile(r"LEGIARTI\d{12}")
_CUT_RE = re.compile(r"^\[\.\.\. .*(?:cut|truncated).*\]$")
_HEADING_RE = re.compile(r"^Article ([RDL]\d+(?:-\d+)+)$")
_NUMBER_RE = re.compile(r"^([RDL])\. ?(\d+(?:-\d+)+)")


@dataclass(frozen=True)
class ArticleSource:
    """One article of the new code as a source gives it."""

    key: str  # how rules cite it: its number ("R. 323-24"), else its LEGIARTI id
    number: str | None  # None when no source shows the number: never guess one
    legiarti: str | None
    complete: bool | None  # None: the source neither says nor shows that it is whole
    lines: tuple[str, ...]  # its alinéas, as the source gives them (the cut one last)
    path: str
    source: str = ""
    in_force: str = ""
    old: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def url(self) -> str | None:
        """The article's Légifrance page, where its LEGIARTI id is known."""
        return f"https://www.legifrance.gouv.fr/codes/article_lc/{self.legiarti}" if self.legiarti else None

    def contains(self, quotation: str) -> bool:
        return normalize_space(quotation) in normalize_space(self.text)


def _headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return headers, lines[i + 1:]
        name, _, value = line.partition(":")
        headers[name.strip().upper()] = value.strip()
    return headers, []


def _body(lines: list[str]) -> tuple[tuple[str, ...], bool]:
    """The article's alinéas, and whether the source cut it. A « Nota » closes the article."""
    out, cut = [], False
    for line in lines:
        s = line.strip()
        if _CUT_RE.match(s):
            cut = True
            break
        if s == "Nota":
            break
        if s:
            out.append(s)
    return tuple(out), cut


def parse_article_file(text: str, path: str) -> list[ArticleSource]:
    headers, body = _headers(text.splitlines())
    legiarti = next(iter(LEGIARTI_RE.findall(headers.get("LEGIARTI", ""))), None) or \
        next(iter(LEGIARTI_RE.findall(Path(path).name)), None)
    stated = headers.get("COMPLETE", "").lower()
    complete_header = True if stated.startswith("yes") else False if stated.startswith("no") else None
    common = dict(path=path, source=headers.get("SOURCE", ""), in_force=headers.get("IN FORCE", ""),
                  old=headers.get("OLD", ""), note=headers.get("NOTE", ""))
    # A section page holding several articles: split on its « Article D333-1 » headings.
    starts = [i for i, line in enumerate(body) if _HEADING_RE.match(line.strip())]
    if starts:
        out = []
        for n, i in enumerate(starts):
            chunk = body[i + 1:(starts[n + 1] if n + 1 < len(starts) else len(body))]
            lines, cut = _body(chunk)
            number = normalize_article(_HEADING_RE.match(body[i].strip()).group(1))
            out.append(ArticleSource(number, number, None, not cut, lines, **common))
        return out
    m = _NUMBER_RE.match(headers.get("ARTICLE", ""))
    number = normalize_article(m.group(1) + m.group(2)) if m else None
    lines, cut = _body(body)
    key = number or legiarti
    if key is None:
        return []
    return [ArticleSource(key, number, legiarti, False if cut else complete_header, lines, **common)]


@lru_cache(maxsize=4)
def load_article_sources(folder: str | Path) -> dict[str, ArticleSource]:
    """Every article of the files of `folder` (*.txt), keyed as rules cite them."""
    out: dict[str, ArticleSource] = {}
    for path in sorted(Path(folder).glob("*.txt")):
        rel = f"{Path(folder).name}/{path.name}"
        for art in parse_article_file(path.read_text(encoding="utf-8"), rel):
            out[art.key] = art
    return out
