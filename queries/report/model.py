"""The shape of a report: sections of typed blocks, and the table of authorities they cite.

A report is data, not markup: the builders (build.py) fill it from the queries, the renderers
(render.py) turn it into Markdown, HTML or JSON. Every basis a section cites sits in a
`Citations` block; the table of authorities is derived from those blocks, so a basis cannot be
cited without being listed, nor listed without being cited.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Union

from engine.citation import LATIN, article_sort_key, roman_value
from engine.graph import provision_sort_key
from engine.corpus import Corpus

from ..answers import Basis

SCHEMA_VERSION = 1


# ------------------------------------------------------------------ blocks
@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Facts:
    """Label/value rows (a definition list)."""

    rows: tuple[tuple[str, str], ...]
    kind: str = "facts"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Quote:
    """Words of a text, quoted as the sources give them (newlines kept)."""

    label: str
    text: str
    kind: str = "quote"


@dataclass(frozen=True)
class Figure:
    """An SVG picture drawn by svg.py; `name` is its file name stem when written alone."""

    name: str
    caption: str
    svg: str
    kind: str = "figure"


@dataclass(frozen=True)
class Citations:
    """The bases a section cites; each is an entry of the table of authorities."""

    bases: tuple[Basis, ...]
    label: str = "Fondement"
    kind: str = "citations"


@dataclass(frozen=True)
class Notes:
    items: tuple[str, ...]
    kind: str = "notes"


@dataclass(frozen=True)
class ConsolidatedText:
    """An article's consolidated words: alinéas of passages (text, provision or None, link of the provision);
    the passages a provision wrote are highlighted and linked to it."""

    label: str
    alineas: tuple[tuple[tuple[str, str | None, str | None], ...], ...]
    url: str | None = None  # the article's Légifrance page
    kind: str = "consolidated"


Block = Union[Paragraph, Facts, Table, Quote, Figure, Citations, Notes, ConsolidatedText]


@dataclass(frozen=True)
class Section:
    anchor: str  # unique in the report: the HTML id and the Markdown anchor
    title: str
    level: int = 2  # 2: a part of the report; 3: a subsection (the table of contents nests it)
    blocks: tuple[Block, ...] = ()


# ------------------------------------------------------------------ authorities
@dataclass(frozen=True)
class Authority:
    """One entry of the table of authorities: a distinct basis, its links, and where it is cited.

    Two bases that differ only by their validity are one authority (the same words, the same
    links); the validity periods they were cited for are kept in `periods`.
    """

    anchor: str
    citation: str  # long form, as cite.py builds it
    short: str
    text_id: str
    text: str
    article: str | None
    subdivision: str | None
    provision: str | None
    provision_citation: str | None
    url: str | None
    provision_url: str | None
    periods: tuple[tuple[str | None, str | None], ...] = ()
    cited_in: tuple[tuple[str, str], ...] = ()  # (section anchor, section title), in report order

    @property
    def key(self) -> tuple:
        return authority_key(self)


def authority_key(b: Basis | Authority) -> tuple:
    """What makes two bases the same authority: everything but their validity."""
    return (b.text_id, b.citation, b.short, b.article, b.subdivision, b.provision, b.url, b.provision_url)


# ------------------------------------------------------------------ the report
@dataclass(frozen=True)
class Report:
    kind: str  # questions | text | article
    title: str
    generated_on: str  # ISO date
    sections: tuple[Section, ...]
    authorities: tuple[Authority, ...]
    subtitle: str = ""
    # The docs/json.md object of every query the report ran, so its JSON carries the raw answers too.
    responses: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    @cached_property
    def _anchors(self) -> dict[tuple, str]:
        # cached_property writes the instance __dict__ directly, which a frozen dataclass allows.
        return {a.key: a.anchor for a in self.authorities}

    @cached_property
    def numbers(self) -> dict[str, str]:
        """Section numbers by anchor: "2" for a part, "2.1" for its subsections (the renderers show them)."""
        out, part, sub = {}, 0, 0
        for s in self.sections:
            if s.level <= 2 or part == 0:
                part, sub = part + 1, 0
                out[s.anchor] = str(part)
            else:
                sub += 1
                out[s.anchor] = f"{part}.{sub}"
        return out

    def subsections(self, anchor: str) -> list[Section]:
        """The level-3 sections that follow a part, up to the next part."""
        i = next(i for i, s in enumerate(self.sections) if s.anchor == anchor)
        out = []
        for s in self.sections[i + 1:]:
            if s.level <= 2:
                break
            out.append(s)
        return out

    def anchor_of(self, basis: Basis) -> str:
        """The anchor of a cited basis in the table of authorities."""
        return self._anchors[authority_key(basis)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "generated_on": self.generated_on,
            "sections": [{"anchor": s.anchor, "number": self.numbers[s.anchor], "title": s.title, "level": s.level,
                          "blocks": [self._block_json(b) for b in s.blocks]} for s in self.sections],
            "authorities": [{**asdict(a), "periods": [list(p) for p in a.periods],
                             "cited_in": [{"anchor": x, "title": t} for x, t in a.cited_in]}
                            for a in self.authorities],
            "responses": list(self.responses),
        }

    def _block_json(self, b: Block) -> dict[str, Any]:
        if isinstance(b, Citations):
            # The full basis is in `authorities`; a citation points to it by anchor.
            return {"kind": b.kind, "label": b.label,
                    "refs": [{"authority": self.anchor_of(x), "citation": x.citation, "short": x.short,
                              "provision": x.provision, "valid_from": x.valid_from, "valid_to": x.valid_to}
                             for x in b.bases]}
        out = asdict(b)
        for k, v in out.items():
            if isinstance(v, tuple):
                out[k] = [list(x) if isinstance(x, tuple) else x for x in v]
        return out


# ------------------------------------------------------------------ assembling
def assemble(corpus: Corpus, kind: str, title: str, generated_on: date, sections: list[Section],
             subtitle: str = "", responses: list[dict[str, Any]] | None = None) -> Report:
    """A Report whose table of authorities lists every basis its sections cite, in natural order."""
    anchors = [s.anchor for s in sections]
    if len(set(anchors)) != len(anchors):
        raise ValueError(f"duplicate section anchors: {sorted(a for a in anchors if anchors.count(a) > 1)}")
    found: dict[tuple, Basis] = {}
    periods: dict[tuple, list[tuple[str | None, str | None]]] = {}
    cited: dict[tuple, list[tuple[str, str]]] = {}
    for s in sections:
        for block in s.blocks:
            if not isinstance(block, Citations):
                continue
            for b in block.bases:
                k = authority_key(b)
                found.setdefault(k, b)
                period = (b.valid_from, b.valid_to)
                if period != (None, None) and period not in periods.setdefault(k, []):
                    periods[k].append(period)
                if (s.anchor, s.title) not in cited.setdefault(k, []):
                    cited[k].append((s.anchor, s.title))
    ordered = sorted(found, key=lambda k: authority_sort_key(corpus, found[k]))
    authorities = tuple(
        Authority(f"auth-{i}", b.citation, b.short, b.text_id, b.text, b.article, b.subdivision, b.provision,
                  b.provision_citation, b.url, b.provision_url,
                  tuple(sorted(periods.get(k, []), key=lambda p: (p[0] or "", p[1] or "9999"))),
                  tuple(cited[k]))
        for i, (k, b) in enumerate(((k, found[k]) for k in ordered), start=1))
    return Report(kind, title, generated_on.isoformat(), tuple(sections), authorities, subtitle,
                  tuple(responses or ()))


def text_sort_key(corpus: Corpus, text_id: str) -> tuple:
    """Codes first, then the other texts by date of signature: the order of a table of authorities."""
    info = corpus.texts.get(text_id)
    if info is None:
        return (2, date.max, text_id)
    signed = info.get("signed") or info.get("published") or date.max
    return (0 if info.kind == "code" else 1, signed, text_id)


def authority_sort_key(corpus: Corpus, b: Basis) -> tuple:
    article = (0, (), "") if b.article is None else (1, article_sort_key(b.article), b.article)
    provision = provision_sort_key(b.provision) if b.provision else ()
    return (text_sort_key(corpus, b.text_id), article, natural_key(b.subdivision or ""),
            (b.provision is not None, provision), b.citation)


def natural_key(s: str) -> tuple:
    """Order subdivisions as a reader does: I < I bis < II; 2° < 10°; al. 3 < al. 10.

    Separators sort first, so « I, 2° » comes before « I bis, 1° ».
    """
    out = []
    for tok in re.findall(r"\d+|[IVXLC]+\b|\w+|[^\w\s]", s):
        if tok.isdigit():
            out.append((1, int(tok), ""))
        elif re.fullmatch(r"[IVXLC]+", tok):
            out.append((1, roman_value(tok), ""))
        elif tok in LATIN:
            out.append((2, LATIN.index(tok), ""))
        elif tok.isalnum():
            out.append((3, 0, tok))
        else:
            out.append((0, 0, tok))
    return tuple(out)
