"""Read citation strings ("art. 19, II bis, 3°") into typed parts; normalise article numbers.

The same reader serves rules files and what users type, so it is forgiving about
forms ("19quater", "19-quater", "1er", "R332-2") and strict about structure.

    >>> parse_citation("art. 19 quater, I bis, al. 2").canonical
    'art. 19 quater, I bis, al. 2'
    >>> normalize_article("R332-2")
    'R. 332-2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .errors import CitationError

LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "decies")
_LATIN_RE = "|".join(LATIN)
ROMAN_RE = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
ORDINAL_WORDS = {"premier": 1, "première": 1, "second": 2, "seconde": 2, "deuxième": 2, "troisième": 3,
                 "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9,
                 "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14,
                 "quinzième": 15}

_ARTICLE_RE = re.compile(
    rf"""^(?P<prefix>[RDL])?\s*\.?\s*
         (?P<num>\d+(?:er)?(?:\s*-\s*\d+)*)
         (?:\s*[-\s]?\s*(?P<latin>{_LATIN_RE}))?$""",
    re.X | re.I,
)


@dataclass(frozen=True)
class Part:
    """One subdivision below the article: kind is division, alinea, alineas, item, letter, phrase, table,
    row, column, title, heading (« mention A » of a titre) or structure; label is its canonical text ("II bis", "2", "3°", "a)").

    `alineas` names several alinéas at once, as one unit of an operation (« Les troisième, quatrième et
    cinquième alinéas sont remplacés par … »): a range "3 à 5" or a pair "3 et 4".
    """

    kind: str
    label: str

    def __str__(self) -> str:
        return {"alinea": f"al. {self.label}", "alineas": f"al. {self.label}", "phrase": f"phrase {self.label}",
                "row": f"ligne {self.label}", "column": f"colonne {self.label}"}.get(self.kind, self.label)


@dataclass(frozen=True)
class Citation:
    """A place in a text: an article (or a range of articles) and the parts below it.

    `article` is None for a citation of the text itself or of a structural unit ("titre VI", "intitulé").
    """

    article: str | None
    parts: tuple[Part, ...] = ()
    article_end: str | None = None

    @property
    def canonical(self) -> str:
        head = []
        if self.article is not None:
            head.append(f"art. {self.article}" + (f" à {self.article_end}" if self.article_end else ""))
        return ", ".join(head + [str(p) for p in self.parts])

    @property
    def is_range(self) -> bool:
        return self.article_end is not None

    @property
    def is_whole_article(self) -> bool:
        return self.article is not None and not self.parts

    def __str__(self) -> str:
        return self.canonical


@lru_cache(maxsize=1 << 14)  # pure, and asked for the same citations on every query (#9)
def normalize_article(text: str) -> str:
    """Canonical article number: '19quater' → '19 quater', '1er' → '1', 'R332-2' → 'R. 332-2'.

    Raises CitationError when the text is not an article number.
    """
    raw = text.strip()
    cleaned = re.sub(r"^(?:article|art\.?)\s*", "", raw, flags=re.I).strip()
    if re.fullmatch(r"LEGIARTI\d{12}", cleaned):  # an article of the new code whose number no source shows
        return cleaned
    m = _ARTICLE_RE.match(cleaned)
    if not m:
        raise CitationError(f"numéro d'article illisible : {raw!r} ; attendu : un numéro comme 17, 17-1, 19 quater ou R. 332-2", raw)
    num = re.sub(r"\s*-\s*", "-", m.group("num"))
    num = re.sub(r"er$", "", num, flags=re.I)
    out = num
    if m.group("prefix"):
        out = f"{m.group('prefix').upper()}. {num}"
    if m.group("latin"):
        out += " " + m.group("latin").lower()
    return out


_SORTABLE = re.compile(r"^(?:(?P<prefix>[RDL])\. )?(?P<num>[\d-]+)(?: (?P<latin>\w+))?$")


def article_sort_key(number: str) -> tuple:
    """Order articles as a code does: R. before plain numbers, then 19 < 19 bis < 19 ter < 19-1 < 20."""
    m = _SORTABLE.match(number)
    if not m:
        return (9, (), 0, number)
    prefix = {"L": 1, "R": 2, "D": 3}.get(m.group("prefix") or "", 0)
    nums = tuple(int(n) for n in m.group("num").split("-") if n)
    latin = LATIN.index(m.group("latin")) + 1 if m.group("latin") in LATIN else 0
    return (prefix, nums[:1], latin, nums[1:])


@cache
def _part_patterns() -> tuple:
    """The forms of a citation's parts, compiled once, on first use (not at import: a cold answer that cites
    nothing need not compile them; a build of 10^5 versions reads 50,000 citations)."""
    patterns = [
        (rf"^(?P<l>{ROMAN_RE}(?:\s+(?:{_LATIN_RE}))?)$", "division", lambda m: re.sub(r"\s+", " ", m["l"])),
        (r"^(?:al\.?|alinéa)\s*(?P<l>\d+|dernier)$", "alinea", lambda m: m["l"]),
        (r"^(?:al\.?|alinéas?)\s*(?P<a>\d+)\s+à\s+(?P<b>\d+)$", "alineas", lambda m: f"{m['a']} à {m['b']}"),
        (r"^(?:al\.?|alinéas?)\s*(?P<a>\d+)\s+et\s+(?P<b>\d+)$", "alineas", lambda m: f"{m['a']} et {m['b']}"),
        (rf"^(?P<n>\d+)\s*°(?:\s*(?P<lat>{_LATIN_RE}))?$", "item",
         lambda m: f"{m['n']}°" + (f" {m['lat']}" if m["lat"] else "")),
        (r"^(?P<l>[a-z]{1,4})\s*\)$", "letter", lambda m: f"{m['l']})"),
        (r"^(?:phrase|ph\.)\s*(?P<l>\d+|dernière)$", "phrase", lambda m: m["l"]),
        (r"^tableau$", "table", lambda m: "tableau"),
        (r"^(?:ligne)\s*(?P<l>\d+)$", "row", lambda m: m["l"]),
        (r"^(?:colonne)\s*(?P<l>\d+)$", "column", lambda m: m["l"]),
        (r"^intitulé$", "title", lambda m: "intitulé"),
        # a heading printed inside a titre (« A.-Chambres régionales… », before article 1er): « mention A »
        (r"^mention\s+(?P<l>[A-Z])$", "heading", lambda m: f"mention {m['l']}"),
        (rf"^(?P<k>titre|chapitre|section)\s+(?P<l>{ROMAN_RE}(?:er)?(?:\s+(?:{_LATIN_RE}))?)$", "structure",
         lambda m: f"{m['k']} {m['l']}"),
    ]
    return tuple((re.compile(pattern, re.I if kind not in ("division", "letter") else 0), kind, label)
                 for pattern, kind, label in patterns)


def _part(segment: str) -> Part | None:
    s = segment.strip()
    for pattern, kind, label in _part_patterns():
        m = pattern.match(s)
        if m and (kind != "division" or m["l"]):
            return Part(kind, label(m))
    return None


@lru_cache(maxsize=1 << 14)  # pure, and a Citation is frozen: safe to share (#9)
def parse_citation(text: str) -> Citation:
    """Parse a citation string; raise CitationError pointing at the offending part."""
    if not text.strip():
        raise CitationError("citation vide ; attendu : une citation comme 'art. 19, II bis, 3°'", text)
    segments, offsets, start = [], [], 0
    for piece in text.split(","):
        segments.append(piece)
        offsets.append(start + len(piece) - len(piece.lstrip()))
        start += len(piece) + 1
    article = article_end = None
    first = segments[0].strip()
    parts: list[Part] = []
    rest = list(zip(segments, offsets))
    if re.match(r"^(?:art\.?|article)\b", first, flags=re.I):
        body = re.sub(r"^(?:article|art\.?)\s*", "", first, flags=re.I)
        range_m = re.match(r"^(?P<a>.+?)\s+à\s+(?P<b>.+)$", body)
        try:
            if range_m:
                article, article_end = normalize_article(range_m["a"]), normalize_article(range_m["b"])
            else:
                article = normalize_article(body)
        except CitationError as exc:
            raise CitationError(exc.message, text, offsets[0]) from None
        rest = rest[1:]
    for segment, offset in rest:
        part = _part(segment)
        if part is None:
            raise CitationError(
                f"partie de citation illisible : {segment.strip()!r} ; attendu : I, II bis, al. 2, al. 3 à 5, 3°, "
                "1° bis, a), phrase 2, tableau, ligne 1, colonne 2, intitulé ou titre VI", text, offset)
        parts.append(part)
    return Citation(article, tuple(parts), article_end)


def alinea_numbers(part: Part) -> list[int]:
    """The alinéa numbers a part names: "3" → [3], "3 à 5" → [3, 4, 5], "3 et 4" → [3, 4].

        >>> alinea_numbers(parse_citation("art. 19, IV, al. 3 à 5").parts[-1])
        [3, 4, 5]
        >>> parse_citation("art. 77, al. 2 et 3").canonical
        'art. 77, al. 2 et 3'
    """
    if part.kind == "alinea":
        return [int(part.label)] if part.label.isdigit() else []
    m = re.match(r"^(\d+) à (\d+)$", part.label)
    if m:
        a, b = int(m[1]), int(m[2])
        if b <= a:
            raise CitationError(f"alinéas {part.label} : la fin doit venir après le début, par ex. al. 3 à 5", part.label)
        return list(range(a, b + 1))
    return [int(n) for n in re.findall(r"\d+", part.label)]


_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(s: str) -> int | None:
    """'iv' → 4, 'XIII' → 13 (either case); None when `s` is not a roman number."""
    s = s.lower()
    if not s or any(ch not in _ROMAN_DIGITS for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_DIGITS[ch]
        total += -v if i + 1 < len(s) and _ROMAN_DIGITS[s[i + 1]] > v else v
    return total


def ordinal(word: str) -> int | None:
    """'deuxième' → 2; for reading « le deuxième alinéa » in user questions."""
    return ORDINAL_WORDS.get(word.lower())
