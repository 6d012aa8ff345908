"""Read the published décret (rules/sources/decret-2021-168.txt) into its articles and numbered provisions.

This is what the knowledge base is checked against: coverage (every leaf provision
encoded, none invented) and quotations (every quoted line found in the source).

    >>> src = load_source("rules/sources/decret-2021-168.txt")
    >>> src.leaf_labels()[:2]
    ['art. 1, 1°', 'art. 1, 2°']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

_ITEM_RE = re.compile(r"^(?P<label>\d+°(?: bis)?|[a-z]{1,4}\))\s")
_ROMAN_SUB = {"i)", "ii)", "iii)", "iv)", "v)", "vi)", "vii)", "viii)", "ix)", "x)"}


def normalize_space(text: str) -> str:
    """Fold white space, so a quotation compares equal whatever its line breaks."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class SourceProvision:
    """A numbered item of an article (1°, a), i) …), with its own line and its children."""

    article: int
    path: tuple[str, ...]
    line: str
    line_number: int
    children: list["SourceProvision"] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # quoted lines that follow (new text)

    @property
    def label(self) -> str:
        return f"art. {self.article}, " + " ".join(self.path)

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class SourceArticle:
    number: int
    opening: str
    line_number: int
    lines: list[str] = field(default_factory=list)
    items: list[SourceProvision] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def leaves(self) -> list[SourceProvision]:
        out: list[SourceProvision] = []

        def walk(items):
            for it in items:
                if it.is_leaf:
                    out.append(it)
                walk(it.children)

        walk(self.items)
        return out


@dataclass
class SourceText:
    path: str
    text: str
    articles: list[SourceArticle]

    @cached_property
    def normalized(self) -> str:
        # Hundreds of quotations are checked against it: fold the white space once.
        return normalize_space(self.text)

    def leaf_labels(self, amending_only: bool = True) -> list[str]:
        """Labels of the provisions that carry operations: the leaves, or the article itself when it has no items.

        The last article (execution by the ministers) amends nothing and is left out when `amending_only`.
        """
        labels = []
        articles = self.articles[:-1] if amending_only else self.articles
        for art in articles:
            leaves = art.leaves()
            labels.extend(p.label for p in leaves) if leaves else labels.append(f"art. {art.number}")
        return labels

    def provision(self, label: str) -> SourceProvision | SourceArticle | None:
        for art in self.articles:
            if label == f"art. {art.number}":
                return art
            for p in _all(art.items):
                if p.label == label:
                    return p
        return None

    def contains(self, quotation: str) -> bool:
        return normalize_space(quotation) in self.normalized


def _all(items):
    for it in items:
        yield it
        yield from _all(it.children)


def _level(label: str, previous_levels: list[str]) -> str:
    """Kind of an item label: 'num' (1°), 'letter' (a)) or 'roman' (i)) — i) is roman under a letter."""
    if label.endswith("°") or label.endswith("° bis"):
        return "num"
    # No article of the décret reaches an h) item, so an i) under a letter is always the roman i).
    if label in _ROMAN_SUB and "letter" in previous_levels:
        return "roman"
    return "letter"


def parse_source(text: str, path: str = "<source>") -> SourceText:
    lines = text.splitlines()
    articles: list[SourceArticle] = []
    stack: list[tuple[str, SourceProvision]] = []
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith("•"):
            opening = stripped.lstrip("• ").strip()
            articles.append(SourceArticle(len(articles) + 1, opening, number, [opening]))
            stack = []
            continue
        if stripped.startswith("Fait le"):  # the signature closes the last article
            break
        if not articles:
            continue
        art = articles[-1]
        if stripped:
            art.lines.append(stripped)
        m = _ITEM_RE.match(stripped)
        if not m or stripped.startswith("«"):
            if stack and stripped:
                stack[-1][1].body.append(stripped)
            continue
        label = m.group("label")
        level = _level(label, [lvl for lvl, _ in stack])
        order = {"num": 0, "letter": 1, "roman": 2}[level]
        while stack and {"num": 0, "letter": 1, "roman": 2}[stack[-1][0]] >= order:
            stack.pop()
        parent_path = stack[-1][1].path if stack else ()
        item = SourceProvision(art.number, parent_path + (label,), stripped, number)
        (stack[-1][1].children if stack else art.items).append(item)
        stack.append((level, item))
    return SourceText(path, text, articles)


@lru_cache(maxsize=4)
def load_source(path: str | Path) -> SourceText:
    """The source text at `path`: a bounded, strict UTF-8 regular file (engine/input_reader.py)."""
    from .input_reader import read_text

    return parse_source(read_text(path, what="source text"), str(path))
