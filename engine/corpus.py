"""The loader's output: a validated Corpus of texts, provisions, records, facts and rules, and the helpers
that read it (a field's plain value, the nearest known names).

Its own module, so that a knowledge base read from a built file (engine/kb.py) has its Corpus without
importing the loader's checks and source readers (engine/loader.py builds it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from . import ast
from .errors import SourcePos
from .schema import KINDS

if TYPE_CHECKING:
    from .article_sources import ArticleSource
    from .citation import Citation
    from .source_text import SourceText


@dataclass
class TextInfo:
    """A text as declared in a `text` record."""

    id: str
    title: str
    kind: str
    pos: SourcePos
    values: dict[str, object] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def get(self, name: str, default=None):
        return self.values.get(name, default)

    def has_article(self, number: str) -> bool:
        """Whether the text declares this article; a set kept while the list is unchanged (was a list scan,
        quadratic over a tree's targets)."""
        cached = self.__dict__.get("_article_set")
        if cached is None or cached[0] != len(self.articles):
            cached = self.__dict__["_article_set"] = (len(self.articles), frozenset(self.articles))
        return number in cached[1]

    @property
    def number(self) -> str | None:
        return self.values.get("number")

    @property
    def known_until(self) -> date | None:
        return self.values.get("known_until")

    @property
    def url(self) -> str | None:
        return self.values.get("eli") or self.values.get("url") or self.values.get("eli_alias")


@dataclass(frozen=True)
class ResolvedTarget:
    """An operation's target, its citation read and ranges expanded to articles."""

    text_id: str
    citation: Citation | None
    articles: tuple[str, ...]  # the articles it touches (several for a range); () for the text itself or a unit
    pos: SourcePos


@dataclass
class Corpus:
    root: str
    files: list[str] = field(default_factory=list)
    texts: dict[str, TextInfo] = field(default_factory=dict)
    provisions: dict[tuple[str, str], ast.Provision] = field(default_factory=dict)
    records: dict[tuple[str, str], ast.Record] = field(default_factory=dict)
    facts: list[ast.Fact] = field(default_factory=list)
    rules: list[ast.Rule] = field(default_factory=list)
    targets: dict[int, tuple[ResolvedTarget, ...]] = field(default_factory=dict)  # id(operation) → targets
    source: SourceText | None = None
    article_sources: dict[str, dict[str, ArticleSource]] = field(default_factory=dict)  # text id → key → article

    def records_of(self, kind: str) -> list[ast.Record]:
        return sorted((r for (k, _), r in self.records.items() if k == kind), key=lambda r: r.id)

    def amending_text(self) -> TextInfo:
        # Asked once per basis of every segment: remembered while no provision is added (was a sort per call).
        cached = self.__dict__.get("_amending")
        if cached is None or cached[0] != len(self.provisions):
            text_id = min((t for t, _ in self.provisions), default=None)
            cached = (len(self.provisions), self.texts[text_id] if text_id else next(iter(self.texts.values())))
            self.__dict__["_amending"] = cached
        return cached[1]

    def value(self, record: ast.Record | ast.Provision | ast.Fact | ast.Rule, name: str):
        """A field's Python value (list for `many` fields), or None."""
        f = record.get(name)
        if f is None:
            return None
        values = [plain_value(v) for v in f.values]
        return values if len(values) != 1 or _is_many(record, name) else values[0]


def _is_many(record, name: str) -> bool:
    spec = KINDS.get(getattr(record, "kind", ""), None)
    fs = spec.field(name) if spec else None
    return bool(fs and fs.many) or name in ("basis", "by")


_PLAIN = {
    ast.Str: lambda v: v.value,
    ast.DateValue: lambda v: v.value,
    ast.Interval: lambda v: (v.start, v.end),
    ast.Duration: lambda v: v,
    ast.Number: lambda v: v.value,
    ast.Symbol: lambda v: v.name,
    ast.Ref: lambda v: (v.text_id, v.citation),
}


def plain_value(v: ast.Value):
    """The Python value of a field value: str, date, (start, end), Duration, number, name, (text id, citation)."""
    return _PLAIN[type(v)](v)


def nearest(name: str, known, n: int = 3) -> list[str]:
    """The nearest known names, for 'did you mean' messages."""
    known = list(known)
    import difflib  # only for a message

    close = difflib.get_close_matches(name, known, n=n, cutoff=0.5)
    if not close:
        lowered = {k.lower(): k for k in known}
        close = [lowered[k] for k in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.4)]
    return close
