"""Consolidation: the words of every version of every article, each passage traced to its provision.

A stage of its own, after the timelines and before the compiler: a pure function of the corpus, the
timelines and the base texts (engine/base_texts.py). It applies each provision's operations, in the
order of the décret, to the base text at the subdivision they cite (I, I bis, alinéa, phrase, 1°, a),
tableau/ligne/colonne, words), and yields for every version its full text as passages.

Two numberings of alinéas, never mixed:
- the décret's (`decree_alinea`): a citation in an operation counts the alinéas of the article as
  it stood before the décret (an earlier item inserting or removing alinéas does not shift them);
- the consolidated text's (`alinea`): the number of the alinéa in its division at the date, the one
  a norm cites. One article, one date, one number per alinéa.

Words the décret quotes are located exactly, else through a named tolerance of TOLERANCES (each
use reported as a note on the version); a citation or words that cannot be located are a
`Problem` with the file:line:col of the operation, reported by `cmakb check`, never skipped silently.

    >>> from engine.loader import load_corpus
    >>> from engine.timelines import build_timelines
    >>> corpus = load_corpus("rules")
    >>> cons = consolidate(corpus, build_timelines(corpus))
    >>> v = cons[("CA", "18")].at(date(2021, 3, 1))
    >>> v.passages[0].text[:40], v.passages[0].provision
    ('Les fonctions des membres des chambres d', None)
    >>> v.passages[1].text[:30], v.passages[1].provision
    ('de région et de leurs chambres', 'art. 2, 1° a)')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import ast
from .base_texts import BaseText, load_base_texts
from .citation import Part, alinea_numbers, parse_citation
from .errors import SourcePos, caret_padding
from .corpus import Corpus

PRIOR = None
"""The provision of a passage the décret did not write (« texte antérieur au décret »)."""


# ------------------------------------------------------------------ outputs (frozen, plain types)
@dataclass(frozen=True)
class Passage:
    """A run of words of one alinéa, written by one provision (None: the text before the décret)."""

    text: str
    provision: str | None
    alinea: int  # as the consolidated text counts it at the date, within its division
    division: str | None = None  # "I", "II bis"; None outside divisions
    decree_alinea: int | None = None  # as the décret counts it (base text); None for an alinéa it wrote
    kind: str = "text"  # text | table


@dataclass(frozen=True)
class ToleranceUse:
    """Words the décret quotes that the base text writes otherwise, and how they were matched."""

    tolerance: str  # a key of TOLERANCES
    provision: str
    quoted: str
    found: str

    def describe(self) -> str:
        return (f"{self.provision}: le décret cite « {self.quoted} », le texte porte « {self.found} » "
                f"(tolérance « {TOLERANCES[self.tolerance][0]} »)")


@dataclass(frozen=True)
class Problem:
    """An operation that cannot be applied: what, and where in the rules."""

    message: str
    provision: str
    file: str
    line: int
    column: int
    line_text: str = ""
    severity: str = "error"  # error: the encoding; source: the base text is cut or of uncertain date

    def render(self) -> str:
        head = "" if self.severity == "error" else "avertissement (texte de base): "
        out = f"{self.file}:{self.line}:{self.column}: {head}{self.provision}: {self.message}"
        if self.line_text:
            out += "\n    " + self.line_text.rstrip("\n") + "\n    " + caret_padding(self.line_text, self.column) + "^"
        return out


@dataclass(frozen=True)
class ConsolidatedVersion:
    """One version of an article: [start, end), its status and, where known, its words."""

    text_id: str
    article: str
    version_id: str
    start: date | None  # None: not in our sources
    end: date | None  # None: open
    status: str  # in_force | repealed | renumbered | not_yet_in_force
    passages: tuple[Passage, ...] = ()
    complete: bool = False  # the passages are the whole article
    amended: bool = False  # the décret changed this version's words
    basis: tuple[str, ...] = ()  # provisions that made this version, "D2021_168:art. 2, 1° a)"
    notes: tuple[str, ...] = ()
    tolerances: tuple[ToleranceUse, ...] = ()
    located: int = 0  # operation targets located and applied to the base text

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def alineas(self) -> tuple[tuple[Passage, ...], ...]:
        """The passages grouped by alinéa, in order."""
        groups: list[list[Passage]] = []
        key = None
        for p in self.passages:
            k = (p.division, p.alinea)
            if k != key:
                groups.append([])
                key = k
            groups[-1].append(p)
        return tuple(tuple(g) for g in groups)

    @property
    def text(self) -> str:
        """The whole article, alinéas separated by newlines."""
        return "\n".join("".join(p.text for p in al) for al in self.alineas)


@dataclass(frozen=True)
class ConsolidatedArticle:
    text_id: str
    article: str
    versions: tuple[ConsolidatedVersion, ...]
    legiarti: str | None = None
    base_source: str | None = None  # the file of rules/sources the base text was read from
    touched: bool = False  # the décret has operations on it
    problems: tuple[Problem, ...] = ()

    def at(self, day: date) -> ConsolidatedVersion | None:
        return next((v for v in self.versions if v.contains(day)), None)


# ------------------------------------------------------------------ tolerances (data)
TOLERANCES = {
    # key: (French name shown to users, what it allows)
    "typographie": ("typographie", "apostrophes droites ou courbes, espaces multiples ou insécables"),
    "casse": ("casse", "majuscules et minuscules"),
    "article_contracte": ("article « de »/« des »", "« de » pour « des » et inversement (« chambres de "
                          "métiers » / « chambres des métiers »)"),
    "pluriel": ("singulier/pluriel", "un « s » ou un « x » final de plus ou de moins (« examens » / "
                "« examen »)"),
    "fin_de_phrase": ("fin de phrase", "les derniers mots cités manquent là où la phrase du texte se termine "
                      "(« … de l'artisanat de » / « … de l'artisanat. »): la ponctuation finale est remplacée "
                      "avec les mots"),
}
_TOLERANCE_ORDER = ("typographie", "casse", "article_contracte", "pluriel", "fin_de_phrase")


def _token_pattern(token: str, levels: set[str]) -> str:
    if token in ("'", "’"):
        return "['’]"
    if "article_contracte" in levels and token.lower() in ("de", "des"):
        return "des?"
    if "pluriel" in levels and re.match(r"^\w{3,}$", token):
        stem = token[:-1] if token[-1] in "sx" else token
        return re.escape(stem) + "[sx]?"
    return re.escape(token)


def locate_words(text: str, words: str) -> tuple[int, int, str | None] | None:
    """Where `words` are in `text`: (start, end, tolerance key or None when exact); None if nowhere.

        >>> locate_words("Les chambres des métiers et", "Les chambres de métiers")
        (0, 24, 'article_contracte')
    """
    i = text.find(words)
    if i >= 0:
        return i, i + len(words), None
    tokens = re.findall(r"\w+|[^\w\s]", words)
    if not tokens:
        return None
    levels: set[str] = set()
    for name in _TOLERANCE_ORDER:
        levels.add(name)
        toks = tokens
        tail = ""
        if name == "fin_de_phrase":
            if len(tokens) < 4:
                continue
            toks, tail = tokens[:-1], r"(?=\s*[.;])"
        pattern = r"\s*".join(_token_pattern(t, levels) for t in toks) + tail
        flags = re.I if "casse" in levels else 0
        m = re.search(pattern, text, flags)
        if m:
            return m.start(), m.end(), name
    return None


# ------------------------------------------------------------------ working state (private, mutable)
_DIV_RE = re.compile(r"^(?P<d>[IVX]+(?: (?:bis|ter|quater|quinquies|sexies))?)\s*\.\s*[-–—]")
_ART_HEAD_RE = re.compile(r"^Art\.\s*[\w\s-]+?\s*\.\s*-\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ«0-9])")


class _Al:
    """An alinéa while operations apply: runs of (text, provision), and its number in the base text."""

    __slots__ = ("runs", "base_div", "base_no", "base_article_no", "kind", "cited_as", "from_base")

    def __init__(self, text: str, provision: str | None, kind: str = "text", base_div=None, base_no=None,
                 base_article_no=None):
        self.runs = [[text, provision]]
        self.kind = kind
        self.base_div, self.base_no, self.base_article_no = base_div, base_no, base_article_no
        self.cited_as: tuple[str | None, str] | None = None  # (division, number) given by the `add` that wrote it
        self.from_base = False  # an alinéa of the text before the décret (not one it gave whole)

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs)

    def splice(self, start: int, end: int, new: str, provision: str | None) -> None:
        """Replace characters [start, end) by `new`, written by `provision`; runs are split at the edges."""
        runs = _cut(self.runs, 0, start) + ([[new, provision]] if new else []) + _cut(self.runs, end, None)
        merged: list[list] = []
        for text, prov in runs:
            if merged and merged[-1][1] == prov:
                merged[-1][0] += text
            else:
                merged.append([text, prov])
        self.runs = merged or [["", provision]]


def _cut(runs: list[list], a: int, b: int | None) -> list[list]:
    """The runs restricted to characters [a, b) (b None: to the end)."""
    out, pos = [], 0
    for text, prov in runs:
        lo, hi = pos, pos + len(text)
        pos = hi
        s, e = max(a, lo), hi if b is None else min(b, hi)
        if s < e:
            out.append([text[s - lo:e - lo], prov])
    return out


class _Unlocated(Exception):
    pass


def _division_of(als: list[_Al]) -> list[str | None]:
    """The division each alinéa is in, as the text reads now (an alinéa starting « II.- » opens the II)."""
    out, cur = [], None
    for a in als:
        m = _DIV_RE.match(a.text) if a.kind == "text" else None
        if m:
            cur = m["d"]
        out.append(cur)
    return out


@dataclass
class _Scope:
    als: list  # the alinéas the citation names, in order
    span: tuple | None = None  # (alinéa, start, end) when it names a phrase or a table cell


def _item_re(label: str) -> re.Pattern:
    latin = "" if " " in label else r"(?!\s*(?:bis|ter|quater|quinquies|sexies)\b)"
    return re.compile(r"^\s*" + re.escape(label).replace(r"\ ", r"\s*") + latin + r"(?=[\s.,;:]|$)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _cell(text: str, row: int, col: int) -> tuple[int, int] | None:
    offset = 0
    for r, line in enumerate(text.split("\n"), 1):
        if r == row:
            pos = 0
            for c, cell in enumerate(line.split(" | "), 1):
                if c == col:
                    return offset + pos, offset + pos + len(cell)
                pos += len(cell) + 3
            return None
        offset += len(line) + 1
    return None


def _resolve(als: list[_Al], parts: tuple[Part, ...], complete: bool = True) -> _Scope:
    """The alinéas (and span) a citation's parts name; raises _Unlocated with a French message.
    On a cut base text (`complete` False) « le dernier alinéa » is beyond what we know: never guessed."""
    divs = dict(zip(map(id, als), _division_of(als)))
    scope = _Scope([a for a in als if a.kind != "heading"])
    div_named = None
    for part in parts:
        if part.kind == "division":
            div_named = part.label
            chosen = [a for a in scope.als if (a.base_div if a.base_no is not None else divs[id(a)]) == part.label]
            if not chosen:
                raise _Unlocated(f"le {part.label} n'existe pas dans le texte")
            scope = _Scope(chosen)
        elif part.kind == "alinea":
            based = [a for a in scope.als if a.base_no is not None]
            number = (lambda a: a.base_no) if div_named else (lambda a: a.base_article_no)
            if part.label == "dernier":
                if not complete:
                    raise _Unlocated("le dernier alinéa est au-delà de la partie connue du texte de base")
                chosen = [based[-1]] if based else scope.als[-1:]
            else:
                n = int(part.label)
                chosen = [a for a in based if number(a) == n]
                if not chosen:
                    chosen = [a for a in scope.als if a.base_no is None and a.cited_as == (div_named, part.label)]
            if not chosen:
                raise _Unlocated(f"l'alinéa {part.label} n'existe pas dans le texte cité")
            scope = _Scope(chosen)
        elif part.kind == "alineas":
            scope = _Scope(_alineas_numbered(scope.als, part, div_named))
        elif part.kind in ("item", "letter"):
            pattern = _item_re(part.label)
            matching = [a for a in scope.als if pattern.match(a.text)]
            # the décret's numbering first: an item it wrote does not hide the one it cites
            chosen = [a for a in matching if a.base_no is not None] or matching
            if not chosen:
                raise _Unlocated(f"le {part.label} n'existe pas dans le texte cité")
            scope = _Scope(chosen[:1])
        elif part.kind == "phrase":
            if len(scope.als) != 1:
                scope = _Scope(scope.als[:1])
            al = scope.als[0]
            sents = _sentences(al.text)
            k = len(sents) if part.label == "dernière" else int(part.label)
            if not 1 <= k <= len(sents):
                raise _Unlocated(f"la phrase {part.label} n'existe pas (l'alinéa en a {len(sents)})")
            scope = _Scope([al], (al, *sents[k - 1]))
        elif part.kind == "table":
            tables = [a for a in scope.als if a.kind == "table"]
            if not tables:
                raise _Unlocated("pas de tableau dans le texte cité")
            scope = _Scope(tables[:1])
        elif part.kind in ("row", "column"):
            continue  # read with the cell below
        else:
            raise _Unlocated(f"subdivision {part} non prise en charge")
    rows = [p for p in parts if p.kind == "row"]
    cols = [p for p in parts if p.kind == "column"]
    if rows and cols:
        al = scope.als[0]
        span = _cell(al.text, int(rows[0].label), int(cols[0].label))
        if span is None:
            raise _Unlocated(f"ligne {rows[0].label}, colonne {cols[0].label} absente du tableau")
        scope = _Scope([al], (al, *span))
    return scope


def _alineas_numbered(als: list[_Al], part: Part, div_named) -> list[_Al]:
    wanted = alinea_numbers(part)
    number = (lambda a: a.base_no) if div_named else (lambda a: a.base_article_no)
    chosen = [a for a in als if a.base_no is not None and number(a) in wanted]
    if len(chosen) != len(wanted):
        raise _Unlocated(f"les alinéas {', '.join(map(str, wanted))} n'existent pas tous dans le texte cité")
    return chosen


# ------------------------------------------------------------------ applying operations
def _fix_edges(al: _Al, start: int, end: int, new: str) -> tuple[int, int, str]:
    """Spacing at the edges of an edit: one space between words, none before « , » « . » « ; »."""
    text = al.text
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if not new:
        if before == " " and (after in " ,.;:)\n" or after == ""):
            start -= 1
        elif before == "" and after == " ":
            end += 1
        return start, end, new
    if new[0] in ",.;:)" and before == " ":
        start -= 1
    elif before and before not in " ('’-\n" and new[0] not in " ,.;:)":
        new = " " + new
    if after and after not in " ,.;:)\n" and new[-1] not in " ('’":
        new = new + " "
    if new[-1:] in ".;" and after == new[-1]:  # the new words bring their own closing mark
        end += 1
    return start, end, new


class _Applier:
    """Applies one provision's operation to an article's alinéas; records tolerances and notes."""

    def __init__(self, als: list[_Al], provision: str):
        self.als, self.provision = als, provision
        self.tolerances: list[ToleranceUse] = []
        self.notes: list[str] = []

    def _find(self, scope: _Scope, words: str) -> tuple[_Al, int, int]:
        candidates = [scope.span] if scope.span else [(a, 0, len(a.text)) for a in scope.als]
        for al, lo, hi in candidates:
            found = locate_words(al.text[lo:hi], words)
            if found:
                s, e, tol = found
                if tol:
                    self.tolerances.append(ToleranceUse(tol, self.provision, words, al.text[lo + s:lo + e]))
                    if tol == "fin_de_phrase":  # the sentence's closing mark goes with the quoted words
                        while lo + e < len(al.text) and al.text[lo + e] in " .;":
                            e += 1
                return al, lo + s, lo + e
        raise _Unlocated(f"mots introuvables dans le texte cité: « {words} »")

    def substitute(self, scope, op):
        al, s, e = self._find(scope, op.old.value)
        new = op.new.value
        s, e, new = _fix_edges(al, s, e, new)
        al.splice(s, e, new, self.provision)

    def delete_words(self, scope, op):
        if op.place is not None and op.place.where == "after":  # « après les mots X, les mots Y sont supprimés »
            al, _, anchor_end = self._find(scope, op.place.anchor.value)
            hi = scope.span[2] if scope.span and scope.span[0] is al else len(al.text)
            al, s, e = self._find(_Scope([al], (al, anchor_end, hi)), op.old.value)
        else:
            al, s, e = self._find(scope, op.old.value)
        s, e, _ = _fix_edges(al, s, e, "")
        al.splice(s, e, "", self.provision)

    def insert_words(self, scope, op):
        new = op.new.value
        where = op.place.where
        if where in ("after", "before"):
            al, s, e = self._find(scope, op.place.anchor.value)
            at = e if where == "after" else s
            s2, e2, new = _fix_edges(al, at, at, new)
            al.splice(s2, e2, new, self.provision)
            return
        al = scope.span[0] if scope.span else (scope.als[0] if where == "start" else scope.als[-1])
        lo, hi = (scope.span[1], scope.span[2]) if scope.span else (0, len(al.text))
        if where == "start":
            if re.fullmatch(r"[IVX]+", new):  # a division number put at the start: written as the code writes them
                new = new + ".-"
                self.notes.append(f"{self.provision}: le « {op.new.value} » inséré au début de l'alinéa est écrit "
                                  f"« {new} », comme les autres divisions de l'article")
                al.splice(lo, lo, new, self.provision)
                return
            s, e, new = _fix_edges(al, lo, lo, new)
            al.splice(s, e, new, self.provision)
            return
        # at the end: words completing the unit go before its closing mark, or take its place
        text = al.text
        end = hi
        while end > lo and text[end - 1] == " ":
            end -= 1
        closing = end
        while closing > lo and text[closing - 1] in ".;:":
            closing -= 1
        if closing < end and new.rstrip()[-1:] in ".;:":
            s, e, new = _fix_edges(al, closing, end, new)
        else:
            s, e, new = _fix_edges(al, closing, closing, new)
        al.splice(s, e, new, self.provision)

    def replace(self, scope, op):
        new_lines = _lines(op.new.value)
        if op.place is not None and op.place.where == "after":  # « la fin de la phrase … est ainsi rédigée »
            al, s, e = self._find(scope, op.place.anchor.value)
            hi = scope.span[2] if scope.span and scope.span[0] is al else len(al.text)
            stop = hi
            while stop > e and al.text[stop - 1] in ".;: ":
                stop -= 1
            text = " ".join(new_lines)
            s2, e2, text = _fix_edges(al, e, stop, text)
            al.splice(s2, e2, text, self.provision)
            return
        if scope.span:
            al, s, e = scope.span
            text = " ".join(new_lines)
            al.splice(s, e, text, self.provision)
            return
        first = self.als.index(scope.als[0])
        for a in scope.als:
            self.als.remove(a)
        for k, line in enumerate(new_lines):
            self.als.insert(first + k, _new_al(line, self.provision))

    def repeal(self, scope, op):
        if scope.span:
            al, s, e = scope.span
            text = al.text
            while e < len(text) and text[e] == " ":
                e += 1
            if e == len(text):
                while s > 0 and text[s - 1] == " ":
                    s -= 1
            al.splice(s, e, "", self.provision)
            if not al.text.strip():
                self.als.remove(al)
            return
        for a in scope.als:
            self.als.remove(a)

    def add(self, target_parts, op, resolve):
        lines = _lines(op.new.value)
        place = op.place
        if place.where == "end":
            index = len(self.als)
        else:
            anchor = parse_citation(place.anchor.value)
            scope = resolve(anchor.parts)
            if place.where == "after":
                index = self.als.index(scope.als[-1]) + 1
            else:
                index = self.als.index(scope.als[0])
        cited = _cited_numbers(target_parts)
        for k, line in enumerate(lines):
            al = _new_al(line, self.provision)
            if k < len(cited):
                al.cited_as = cited[k]
            self.als.insert(index + k, al)


def _split_new_alineas(als: list[_Al]) -> None:
    """Words replaced by a block of several lines: each further line is a new alinéa (the rest of the
    old alinéa after the words follows the last line)."""
    i = 0
    while i < len(als):
        al = als[i]
        text = al.text
        if al.kind != "table" and "\n" in text:
            cut = text.index("\n")
            head, tail = _cut(al.runs, 0, cut), _cut(al.runs, cut + 1, None)
            while tail and tail[0][0][:1] in (" ", "\n"):
                tail[0][0] = tail[0][0][1:]
                if not tail[0][0]:
                    tail.pop(0)
            al.runs = head or [["", None]]
            new = _Al("", None)
            new.runs = tail or [["", None]]
            als.insert(i + 1, new)
        i += 1


def _cited_numbers(parts: tuple[Part, ...]) -> list[tuple[str | None, str]]:
    div = next((p.label for p in parts if p.kind == "division"), None)
    out = []
    for p in parts:
        if p.kind == "alinea":
            out.append((div, p.label))
        elif p.kind == "alineas":
            out += [(div, str(n)) for n in alinea_numbers(p)]
    return out


def _lines(text: str) -> list[str]:
    """A quoted block as alinéas: one per line; consecutive « | a | b | » rows make one table alinéa."""
    out: list[str] = []
    rows: list[str] = []
    for ln in (ln.strip() for ln in text.strip("\n").splitlines()):
        if ln.startswith("|"):
            rows.append(" | ".join(c.strip() for c in ln.strip("|").split("|")))
            continue
        if rows:
            out.append(_TABLE_MARK + "\n".join(rows))
            rows = []
        if ln:
            out.append(ln)
    if rows:
        out.append(_TABLE_MARK + "\n".join(rows))
    if out:
        out[0] = _ART_HEAD_RE.sub("", out[0])  # « Art. 10. - » heads the quotation, not the article's words
    return out


_TABLE_MARK = "\x00table\x00"


def _kind_of(line: str) -> str:
    return "table" if line.startswith(_TABLE_MARK) else "text"


def _new_al(line: str, provision: str | None) -> _Al:
    kind = _kind_of(line)
    return _Al(line[len(_TABLE_MARK):] if kind == "table" else line, provision, kind)


# Operation semantics as data: DSL verb → (what it does, in French, for docs and notes; how it applies).
OPERATION_SEMANTICS = {
    "substitute": ("les mots cités sont remplacés par les nouveaux mots, à leur première occurrence dans "
                   "la subdivision citée", "substitute"),
    "delete_words": ("les mots cités sont supprimés de la subdivision citée (l'espace qui les précédait avec "
                     "eux)", "delete_words"),
    "insert_words": ("les nouveaux mots sont insérés après ou avant les mots cités, au début, ou à la fin de "
                     "la subdivision (avant sa ponctuation finale, ou à sa place si les mots en portent une)",
                     "insert_words"),
    "replace": ("les unités citées (une ou plusieurs: « al. 3 à 5 ») sont remplacées, ensemble, par le nouveau "
                "texte; « after » mots: seule la fin de la phrase après ces mots est réécrite", "replace"),
    "add": ("les nouveaux alinéas (ou la nouvelle division) sont insérés après ou avant l'unité d'ancrage, "
            "comptée comme le décret la compte, ou à la fin de l'article", "add"),
    "repeal": ("les unités citées sont supprimées; une phrase supprimée emporte l'espace qui la suit", "repeal"),
    "restore": ("l'article est rétabli avec le texte donné", None),
    "renumber": ("l'unité change de numéro; son texte ne change pas", None),
    "retitle_substitute": ("intitulé d'une division: hors du texte des articles", None),
    "retitle_insert": ("intitulé d'une division: hors du texte des articles", None),
}


# ------------------------------------------------------------------ the stage
def _provision_order(corpus: Corpus) -> dict[tuple[str, str], int]:
    src = corpus.source
    order = {}
    if src is not None:
        for i, label in enumerate(src.leaf_labels(amending_only=False)):
            order.setdefault(label, i)
    fallback = len(order)
    return {key: order.get(key[1], fallback + i) for i, key in enumerate(corpus.provisions)}


def _base_alineas(base: BaseText) -> list[_Al]:
    als, div, per_div = [], None, {}
    for k, ba in enumerate(base.alineas, 1):
        m = _DIV_RE.match(ba.text) if ba.kind == "text" else None
        if m:
            div = m["d"]
        per_div[div] = per_div.get(div, 0) + 1
        al = _Al(ba.text, PRIOR, ba.kind, div, per_div[div], k)
        al.from_base = True
        als.append(al)
    return als


def _numbered(als: list[_Al]) -> list[_Al]:
    per_div: dict = {}
    for k, (al, div) in enumerate(zip(als, _division_of(als)), 1):
        per_div[div] = per_div.get(div, 0) + 1
        al.base_div, al.base_no, al.base_article_no = div, per_div[div], k
    return als


def _passages(als: list[_Al]) -> tuple[Passage, ...]:
    out, counts = [], {}
    for al, div in zip(als, _division_of(als)):
        counts[div] = counts.get(div, 0) + 1
        decree = al.base_no if al.from_base else None
        for text, prov in al.runs:
            if text:
                out.append(Passage(text, prov, counts[div], div, decree, al.kind))
    return tuple(out)


def _pos_problem(message: str, provision: str, pos: SourcePos, severity: str = "error") -> Problem:
    return Problem(message, provision, pos.file, pos.line, pos.column, pos.line_text, severity)


def consolidate(corpus: Corpus, timelines: dict, base: dict[tuple[str, str], BaseText] | None = None
                ) -> dict[tuple[str, str], ConsolidatedArticle]:
    """Every article of a base text or of a timeline, with the words of each of its versions."""
    if base is None:
        base = load_base_texts(corpus.root)
    order = _provision_order(corpus)
    ops_by_article: dict[tuple[str, str], list] = {}
    for key, prov in sorted(corpus.provisions.items(), key=lambda kv: order[kv[0]]):
        for op in prov.operations:
            per_article: dict[tuple[str, str], list] = {}
            for target in corpus.targets.get(id(op), ()):
                for article in target.articles:
                    per_article.setdefault((target.text_id, article), []).append(target)
            for art_key, targets in per_article.items():
                ops_by_article.setdefault(art_key, []).append((prov, op, tuple(targets)))
    out: dict[tuple[str, str], ConsolidatedArticle] = {}
    keys = {k for k in timelines if k[1] is not None} | set(base)
    from .timelines import recodification_ends

    ends = recodification_ends(corpus)
    for key in sorted(keys, key=lambda k: (k[0], k[1])):
        tl = timelines.get(key)
        b = base.get(key)
        out[key] = _article(corpus, key, tl, b, ops_by_article.get(key, []), ends)
    return out


def _article(corpus, key, tl, b, ops, ends) -> ConsolidatedArticle:
    text_id, article = key
    versions: list[ConsolidatedVersion] = []
    problems: list[Problem] = []
    if tl is None:  # in the base, untouched by the décret
        end = ends.get(text_id)
        passages = _passages(_base_alineas(b))
        note = "en vigueur, non modifié par le décret n° 2021-168"
        versions.append(ConsolidatedVersion(text_id, article, f"{text_id}:{article}@base", b.start,
                                            end[0] if end else None, "in_force", passages, b.complete,
                                            notes=tuple(n for n in (note, b.note) if n)))
        if end:
            versions.append(ConsolidatedVersion(text_id, article, f"{text_id}:{article}@{end[0].isoformat()}",
                                                 end[0], None, "repealed", basis=(end[1],),
                                                 notes=tuple(n for n in (end[2],) if n)))
        return ConsolidatedArticle(text_id, article, tuple(versions), b.legiarti, b.source)
    for seg in tl.segments:
        start = seg.start if seg.start_known else (b.start if b is not None and not versions else None)
        end = seg.end if seg.end != ast.OPEN_END else None
        common = dict(basis=seg.basis)
        if seg.status != "in_force":
            versions.append(ConsolidatedVersion(text_id, article, seg.version_id, start, end, seg.status,
                                                notes=tuple(n for n in (seg.note,) if n), **common))
            continue
        if not seg.start_known or (b is not None and not seg.operations and not versions):
            if b is not None:
                versions.append(ConsolidatedVersion(text_id, article, seg.version_id, start, end, "in_force",
                                                    _passages(_base_alineas(b)), b.complete,
                                                    notes=tuple(n for n in ("texte antérieur au décret", b.note)
                                                                if n), **common))
            else:
                versions.append(ConsolidatedVersion(text_id, article, seg.version_id, None, end, "in_force",
                                                    notes=("version antérieure au décret: texte non couvert par "
                                                           "nos sources",), **common))
            continue
        applied = [(p, op, ts) for p, op, ts in ops if _effective_on(corpus, p) <= seg.start]
        v, probs = _apply_all(corpus, text_id, article, seg, start, end, b, applied)
        versions.append(v)
        problems += [p for p in probs if p not in problems]
    return ConsolidatedArticle(text_id, article, tuple(versions), b.legiarti if b else None,
                               b.source if b else None, bool(ops), tuple(problems))


def _effective_on(corpus, prov) -> date:
    from .timelines import _effective

    return _effective(corpus, prov)


_WHOLE_ARTICLE_KINDS = ("replace", "add", "restore", "repeal", "renumber")


def _apply_all(corpus, text_id, article, seg, start, end, b, applied):
    problems: list[Problem] = []
    notes: list[str] = []
    tolerances: list[ToleranceUse] = []
    whole = [(p, op, ts) for p, op, ts in applied if ts[0].citation is not None and ts[0].citation.is_whole_article
             and op.kind in ("replace", "add", "restore") and op.new is not None]
    if whole:  # the décret gives the article in full: later operations apply to that text
        p, op, _ = whole[-1]
        # numbered as a base text: a later operation of the décret cites the alinéas of this text
        als = _numbered([_new_al(line, p.label) for line in _lines(op.new.value)])
        skip_until = applied.index(whole[-1]) + 1
        complete = True
    elif not applied and seg.full_text:  # a text given whole by another text (the code of 2023)
        return ConsolidatedVersion(text_id, article, seg.version_id, start, end, "in_force",
                                   _passages(_numbered([_new_al(line, None) for line in _lines(seg.full_text)])),
                                   True, False, seg.basis, tuple(n for n in (seg.note,) if n)), []
    elif b is not None:
        als = _base_alineas(b)
        skip_until = 0
        complete = b.complete
        if b.note:
            notes.append(b.note)
    else:
        units = [f"{u[0]}" for u in seg.units]
        msg = ("texte de base absent de nos sources: la version est décrite par les opérations qui l'ont "
               "produite" + (" et les unités données en entier (" + ", ".join(units) + ")" if units else ""))
        passages = []
        for cit, text in seg.units:
            prov = next((o.provision for o in seg.operations if o.citation == cit), None)
            for line in _lines(text):
                al = _new_al(line, prov)
                passages.append(Passage(al.text, prov, len(passages) + 1, None, None, al.kind))
        return ConsolidatedVersion(text_id, article, seg.version_id, start, end, "in_force", tuple(passages),
                                   False, True, seg.basis, (msg,)), []
    located = 0
    source_doubt = b is not None and (not b.complete or "UNCERTAIN" in b.state) and not whole
    for p, op, targets in applied[skip_until:]:
        sem = OPERATION_SEMANTICS.get(op.kind)
        if any(t.citation is None or t.citation.is_range for t in targets) or (
                op.kind in _WHOLE_ARTICLE_KINDS and any(t.citation.is_whole_article for t in targets)):
            continue  # the whole article: the timelines say it (repealed, renumbered, given in full)
        if sem is None or sem[1] is None:
            if op.kind == "renumber":
                notes.append(f"{p.label}: renumérotation ({targets[0].citation}), texte inchangé")
            continue
        applier = _Applier(als, p.label)
        try:
            if op.kind == "add":
                for t in targets:
                    applier.add(t.citation.parts, op, lambda ps: _resolve(als, ps, complete))
            else:
                scopes = [_resolve(als, t.citation.parts, complete) for t in targets]
                if op.kind == "replace" and len(scopes) > 1 and not any(sc.span for sc in scopes):
                    # several units replaced by one text: ONE replacement (« les 3e, 4e et 5e alinéas sont
                    # remplacés par … »), never a copy in each
                    merged = [a for sc in scopes for a in sc.als]
                    scopes = [_Scope(sorted(set(merged), key=als.index))]
                for sc in sorted(scopes, key=lambda sc: (als.index(sc.span[0]) if sc.span else als.index(sc.als[0]),
                                                         sc.span[1] if sc.span else 0), reverse=True):
                    getattr(applier, sem[1])(sc, op)
        except _Unlocated as exc:
            if source_doubt:
                problems.append(_pos_problem(f"{targets[0].citation}: {exc} — {b.note}", p.label, targets[0].pos,
                                             "source"))
            else:
                problems.append(_pos_problem(f"{targets[0].citation}: {exc}", p.label, targets[0].pos))
            continue
        _split_new_alineas(als)
        located += len(targets)
        tolerances += applier.tolerances
        notes += applier.notes
    notes += [t.describe() for t in tolerances]
    if problems:
        notes.append(f"{len(problems)} opération(s) non localisée(s): voir cmakb check")
    return ConsolidatedVersion(text_id, article, seg.version_id, start, end, "in_force", _passages(als),
                               complete and not problems, True, seg.basis, tuple(notes), tuple(tolerances),
                               located), problems


def all_problems(consolidated: dict[tuple[str, str], ConsolidatedArticle]) -> list[Problem]:
    """Every operation that could not be applied, once, in file order."""
    seen, out = set(), []
    for art in consolidated.values():
        for p in art.problems:
            key = (p.file, p.line, p.column, p.message)
            if key not in seen:
                seen.add(key)
                out.append(p)
    return sorted(out, key=lambda p: (p.file, p.line, p.column))


__all__ = ["Passage", "ConsolidatedVersion", "ConsolidatedArticle", "Problem", "ToleranceUse", "TOLERANCES",
           "OPERATION_SEMANTICS", "consolidate", "locate_words", "all_problems"]
