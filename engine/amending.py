"""Parse one French amending sentence (légistique of the JO) into a typed `Sentence`.

The grammar is engine/amending.lark; engine/amending_resolve.py turns a Sentence, in the context its
chapeaux give, into operations with the DSL's verbs.

    >>> [c.kind for c in parse_sentence("Le deuxième alinéa est supprimé ;").clauses]
    ['repeal']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedEOF, UnexpectedInput, VisitError

from .citation import LATIN, normalize_article
from .errors import CmakbError

GRAMMAR = Path(__file__).with_name("amending.lark")

# ------------------------------------------------------------------ vocabulary (data, not code)
ORDINALS = {
    "premier": 1, "première": 1, "premiere": 1, "second": 2, "seconde": 2, "deuxième": 2, "troisième": 3,
    "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9,
    "dixième": 10, "onzième": 11, "douzième": 12, "treizième": 13, "quatorzième": 14, "quinzième": 15,
    "seizième": 16, "dix-septième": 17, "dix-huitième": 18, "dix-neuvième": 19, "vingtième": 20,
    "vingt-et-unième": 21, "vingt-deuxième": 22, "vingt-troisième": 23, "vingt-quatrième": 24,
    "vingt-cinquième": 25,
}
LAST = {"dernier": "dernier", "dernière": "dernier", "avant-dernier": "avant-dernier",
        "avant-dernière": "avant-dernier", "antépénultième": "antépénultième"}
CARDINALS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
             "neuf": 9, "dix": 10}


# What a person reads when the grammar expects a terminal (error messages).
EXPECTED_WORDS = {
    "QUOTE": "« … »", "ORDINAL": "un ordinal (premier, deuxième …)", "ART_NUM": "un numéro d'article",
    "ITEM": "1°", "LETTER": "a)", "ROMAN": "I, II …", "_WORD_KIND": "les mots", "_REPLACED": "sont remplacés",
    "_DELETED": "sont supprimés", "_REPEALED": "est abrogé", "_INSERTED": "sont insérés", "_PAR": "par",
    "_COMPLETED": "est complété", "_DRAFTED": "ainsi rédigé", "_DISPOSITIONS": "les dispositions suivantes",
    "_MODIFIED": "est ainsi modifié", "_BECOMES": "devient", "_RESTORED": "est rétabli", "_ALINEA": "alinéa",
    "_PHRASE": "phrase", "_ARTICLE": "article", "_AND": "et", "_TERMINATOR": "; ou .", "_OF": "du / de la",
    "_AT": "au / à la", "COLON": ":", "COMMA": ",", "_THE": "le / la / les", "_LA_FIN": "la fin",
    "NUMBER_WORD": "deux, trois …", "_MOTS": "mots", "WORDS_WHERE": "après / avant", "ADD_WHERE": "après / avant",
    "_AFTER": "après", "_BEFORE": "avant", "_IL": "il", "_UN": "un", "STRAY_CLOSE": "»",
    "CODE_NAME": "code de …", "ACT_NAME": "décret / loi …", "_CET_ARTICLE": "cet article",
    "_INTITULE": "intitulé", "STRUCTURE_KIND": "titre / chapitre …", "_MENTIONS": "mentions",
    "_CET_ALINEA": "cet alinéa", "LOWER_ROMAN": "i, ii …", "_SAME": "même", "_SAME_ALINEA": "même alinéa",
    "_SAME_ARTICLE": "même article", "_SON": "son / sa", "_LIST_SEP": ", / et", "_A": "à",
    "ACT_TITLE": "relatif à …", "INT": "un numéro", "LATIN": "bis, ter …", "ORDINAL_PLURAL": "premiers / derniers",
    "STRUCTURE_NUM": "un numéro (Ier, II …)", "TEXT_KIND": "code / décret …", "_AND_WORDS": "et",
    "_ARTICLE_WORD": "article", "_AT_END": "à la fin", "_AT_START": "au début", "_BETWEEN": "entre",
    "_COLONNE": "colonne", "_DANS": "dans", "_DISPS": "les dispositions", "_LA_PHRASE_SUIVANTE": "la phrase suivante",
    "_LES": "les", "_LES_PHRASES_SUIVANTES": "les phrases suivantes", "_LIGNE": "ligne",
    "_LIST_REPEALED": "sont abrogés", "_NOUVEL": "nouvel", "_PRECEDANT": "précédant",
    "_RESPECTIVEMENT": "respectivement", "_SUIVANTES": "suivantes", "_SUIVANTS": "suivants", "_TABLEAU": "tableau",
    "_THIS": "ce / cet / cette", "_TITLE_OF_TEXT": "titre du …",
}


class AmendingSyntaxError(CmakbError):
    """A sentence the grammar cannot read: the column, the sentence with a caret, what was expected."""

    def __init__(self, message: str, sentence: str, column: int, expected: tuple[str, ...] = ()):
        super().__init__(message)
        self.message, self.sentence, self.column, self.expected = message, sentence, column, expected

    def render(self, where: str = "") -> str:
        head = f"{where}:{self.column}: " if where else f"colonne {self.column} : "
        lines = [head + self.message, "    " + self.sentence, "    " + " " * (self.column - 1) + "^"]
        if self.expected:
            lines.append("attendu : " + ", ".join(self.expected))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


# ------------------------------------------------------------------ typed results
@dataclass(frozen=True)
class Level:
    """One level of a reference: kind (see RANK) and its labels (several for a list).

    `range` marks labels given as a range (« 30 à 33 »); `same` a « cet / même » reference resolved later.
    """

    kind: str
    labels: tuple[str, ...] = ()
    range: bool = False
    same: bool = False


@dataclass(frozen=True)
class Chain:
    """A reference as written: its levels outermost first, and the text it names (None: from the context)."""

    levels: tuple[Level, ...]
    text: str | None = None
    same_text: bool = False
    own: bool = False  # « son intitulé »: the unit of the context


@dataclass(frozen=True)
class NewUnit:
    kind: str | None  # article | alinea | phrase | item | division | None (from the block)
    label: str | None = None
    count: int | None = None  # « deux alinéas »; None: one, or as many as the block has paragraphs


@dataclass(frozen=True)
class Clause:
    kind: str
    subject: Chain | None = None
    locators: tuple[tuple[str, Chain], ...] = ()
    old: str | None = None
    new: str | None = None
    where: str | None = None  # after | before | start | end
    anchor_words: str | None = None
    anchor: Chain | None = None
    new_unit: NewUnit | None = None
    renumber_to: Chain | None = None
    words: tuple[str, ...] = ()
    inline: bool = False  # the new text is quoted in the sentence itself


@dataclass(frozen=True)
class Sentence:
    kind: str  # chapeau | statement | quote | mentions
    clauses: tuple[Clause, ...] = ()
    locators: tuple[tuple[str, Chain], ...] = ()
    subject: Chain | None = None
    quote: str | None = None
    announces_block: bool = False  # ends with « : » and waits for the new text


# ------------------------------------------------------------------ quotes
def unquote(token: str) -> str:
    """« X » → X, keeping every character inside exactly, minus the spaces just inside the quotes."""
    inner = token[1:-1]
    return inner.strip(" \t\u00a0\u202f\u2009")


def _ordinal(word: str) -> str:
    w = word.lower().replace("premiere", "première")
    m = re.match(r"^(\d+)(?:e|ème|er|re)$", w)  # « 4e alinéa », « 1er alinéa »
    if m:
        return m[1]
    if w in LAST:
        return LAST[w]
    w = re.sub(r"ie(me)$", r"iè\1", w)
    if w not in ORDINALS:
        raise ValueError(word)
    return str(ORDINALS[w])


# ------------------------------------------------------------------ tree → typed sentence
@v_args(inline=True)
class _ToSentence(Transformer):
    # --- sentences
    def start(self, s):
        return s

    def bare_quote(self, q, *_):
        return Sentence("quote", quote=unquote(str(q)))

    def chapeau_subject(self, subject, *_):
        return Sentence("chapeau", subject=subject)

    def chapeau_locator(self, *locs):
        return Sentence("chapeau", locators=tuple(locs))

    def chapeau(self, s):
        return s

    def chapeau_repeal(self):
        return Sentence("chapeau_repeal")

    def listed_unit(self, subject, *_):
        return Sentence("listed", subject=subject)

    def listed_words(self, *items):
        locs = tuple(i for i in items if isinstance(i, tuple))
        words = next(i for i in items if isinstance(i, str) and not isinstance(i, Token))
        return Sentence("listed", locators=locs, quote=words)

    def mentions(self, *chain):
        return Sentence("mentions", subject=chain[0] if chain else None)

    def statement(self, *items):
        locs = tuple(i for i in items if isinstance(i, tuple))
        clauses = tuple(i for i in items if isinstance(i, Clause))
        return Sentence("statement", clauses=clauses, locators=locs)

    # --- locators
    def at(self, chain):
        return ("at", chain)

    def at_end(self, chain):
        return ("end", chain)

    def at_start(self, chain):
        return ("start", chain)

    def after_unit(self, chain):
        return ("after", chain)

    def before_unit(self, chain):
        return ("before", chain)

    def located(self, loc, clause):
        return replace(clause, locators=(loc,) + clause.locators)

    # --- clauses
    def substitution(self, old, new):
        return Clause("substitute", old=old, new=new)

    def substitution_after(self, anchor, old, new):
        return Clause("substitute", old=old, new=new, where="after", anchor_words=anchor)

    def deletion(self, *words):
        return Clause("delete_words", words=tuple(words))

    def deletion_after(self, anchor, old):
        return Clause("delete_words", words=(old,), where="after", anchor_words=anchor)

    def insertion_words(self, where, anchor, new):
        return Clause("insert_words", new=new[1], where="after" if str(where).lower() == "après" else "before",
                      anchor_words=anchor)

    def insertion_between(self, first, second, new):
        # « entre les mots « A » et « B » »: the words go right after A
        return Clause("insert_words", new=new[1], where="after", anchor_words=first)

    def insertion_plain(self, new):
        # « Au début (à la fin) du 3°, sont insérés les mots : « Y » »: the edge comes from the locator
        return Clause("insert_words", new=new[1], where="edge")

    def insertion_edge(self, *items):
        quote, chain = items[-2], items[-1]
        return Clause("insert_words", new=unquote(str(quote)), where=self._edge, subject=chain)

    def completion_words(self, subject, new):
        return Clause("complete", subject=subject, new=new[1], inline=True)

    def completion_block(self, subject):
        return Clause("complete", subject=subject)

    def completion_unit(self, subject, unit, *quote):
        return Clause("complete_unit", subject=subject, new_unit=unit, new=_q(quote), inline=bool(quote))

    def replacement(self, subject, *rest):
        unit = next((r for r in rest if isinstance(r, NewUnit)), None)
        quote = tuple(r for r in rest if isinstance(r, Token) and r.type == "QUOTE")
        return Clause("replace", subject=subject, new_unit=unit, new=_q(quote), inline=bool(quote))

    def end_of_sentence(self, *items):
        words = [i for i in items if isinstance(i, str) and not isinstance(i, Token)]
        chain = next(i for i in items if isinstance(i, Chain))
        quote = tuple(i for i in items if isinstance(i, Token) and i.type == "QUOTE")
        return Clause("replace_end", subject=chain, anchor_words=words[0] if words else None, new=_q(quote),
                      inline=bool(quote))

    def add_in(self, chain):
        return ("at", chain)

    def add_where(self, where, chain):
        return ("where", str(where).lower(), chain)

    def addition(self, *items):
        placed = next((i for i in items if isinstance(i, tuple) and i[0] == "where"), None)
        where, chain = (placed[1], placed[2]) if placed else (None, None)
        inside = tuple(i for i in items if isinstance(i, tuple) and i[0] == "at")
        unit = next(i for i in items if isinstance(i, NewUnit))
        quote = tuple(i for i in items if isinstance(i, Token) and i.type == "QUOTE")
        return Clause("add", anchor=chain, where=("after" if where == "après" else "before") if where else None,
                      new_unit=unit, new=_q(quote), inline=bool(quote), locators=inside)

    def restoration(self, unit, *quote):
        return Clause("restore", new_unit=unit, new=_q(quote), inline=bool(quote))

    def repeal(self, subject):
        return Clause("repeal", subject=subject)

    def renumbering(self, subject, to):
        return Clause("renumber", subject=subject, renumber_to=to)

    def text_repeal(self, text):
        return Clause("repeal_text", subject=text)

    # --- words
    def words(self, q):
        return unquote(str(q))

    def new_words(self, q):
        return ("words", unquote(str(q)))

    # --- references
    def subject(self, chain):
        return chain

    def text_subject(self, text):
        return text

    def unit_chain(self, *items):
        text = next((i for i in items if isinstance(i, Chain)), None)
        units = [i for i in items if isinstance(i, Level)]
        return Chain(tuple(reversed(units)), text.text if text else None, text.same_text if text else False)

    def own_unit(self, unit):
        return Chain((unit,), own=True)

    def articles(self, art_list):
        return art_list

    def art_list(self, *ranges):
        labels, is_range = [], False
        for r in ranges:
            labels.append(r)
            is_range = is_range or " à " in r
        return Level("article", tuple(labels))

    def art_range(self, a, b=None):
        a = normalize_article(str(a))
        return f"{a} à {normalize_article(str(b))}" if b is not None else a

    def alineas(self, ords):
        return Level("alinea", ords)

    def alinea_number(self, n):
        return Level("alinea", (str(n),))

    def phrases(self, ords):
        return Level("phrase", ords)

    def first_n_alineas(self, n, which):
        return Level("alinea", _first_n(n, which))

    def first_n_phrases(self, n, which):
        return Level("phrase", _first_n(n, which))

    def ordinal_range(self, first, last):
        a, b = _ordinal(str(first)), _ordinal(str(last))
        if not (a.isdigit() and b.isdigit()) or int(b) < int(a):
            return (a, b)
        return tuple(str(n) for n in range(int(a), int(b) + 1))

    def ordinal_list(self, *ords):
        return tuple(_ordinal(str(o)) for o in ords)

    def ordinal_plural(self, tok):
        return str(tok).lower()

    def division(self, roman, latin=None):
        return Level("division", (f"{roman} {latin}".strip() if latin else str(roman),))

    def items(self, *toks):
        return Level("item", tuple(_item(str(t)) for t in toks))

    def item_range(self, first, last):
        a, b = _item(str(first)), _item(str(last))
        lo, hi = int(a.rstrip("°")) if a[:-1].isdigit() else None, int(b.rstrip("°")) if b[:-1].isdigit() else None
        if lo is None or hi is None or hi < lo:
            return Level("item", (a, b))
        return Level("item", tuple(f"{n}°" for n in range(lo, hi + 1)))

    def letter(self, tok):
        return Level("letter", (str(tok).replace(" ", ""),))

    def bare_roman(self, tok):
        return Level("letter", (f"{tok})",))

    def table_row(self, ordinal):
        return Level("row", (_ordinal(str(ordinal)),))

    def table_column(self, ordinal):
        return Level("column", (_ordinal(str(ordinal)),))

    def structure(self, kind, num, latin=None):
        return Level("structure", (f"{str(kind).lower()} {num}" + (f" {latin}" if latin else ""),))

    def title(self):
        return Level("title", ("intitulé",))

    def same_article(self):
        return Level("article", same=True)

    def same_alinea(self):
        return Level("alinea", same=True)

    # --- new units
    def one_new_unit(self, kind, label=None):
        return NewUnit(kind, normalize_article(str(label)) if label is not None else None)

    def several_new_units(self, *items):
        n = next((CARDINALS[str(i).lower()] for i in items if isinstance(i, Token) and i.type == "NUMBER_WORD"), None)
        kind = next(i for i in items if isinstance(i, str) and not isinstance(i, Token))
        return NewUnit(kind, None, n or 0)

    def nth_new_alinea(self, ordinal):
        return NewUnit("alinea", _ordinal(str(ordinal)))

    def new_item(self, tok):
        return NewUnit("item", _item(str(tok)))

    def new_division(self, level):
        return NewUnit("division", level.labels[0])

    def kind_article(self):
        return "article"

    def kind_alinea(self):
        return "alinea"

    def kind_phrase(self):
        return "phrase"

    def label(self, tok):
        return tok

    # --- texts
    def named_text(self, name, title=None):
        return Chain((), re.sub(r"\s+(?:modifiée?|susvisée?)\b", "", re.sub(r"\s+", " ", str(name))).strip())

    def same_text(self, kind):
        return Chain((), None, True)


_ToSentence._edge = None


def _q(quote) -> str | None:
    return unquote(str(quote[0])) if quote else None


def _item(text: str) -> str:
    m = re.match(r"(\d+)\s*°\s*(\w+)?", text)
    return f"{m[1]}°" + (f" {m[2]}" if m[2] else "")


def _first_n(n, which: str) -> tuple[str, ...]:
    count = CARDINALS[str(n).lower()]
    if which.startswith("premi"):
        return tuple(str(i) for i in range(1, count + 1))
    # « les deux derniers alinéas »: counted from the end, as the citation reader names them
    from_end = ["antépénultième", "avant-dernier", "dernier"]
    if count > len(from_end):
        raise ValueError(f"les {count} derniers")
    return tuple(from_end[-count:])


# ------------------------------------------------------------------ parsing
@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="earley", lexer="dynamic", ambiguity="resolve",
                propagate_positions=False)


_ITEM_LABEL = re.compile(
    r"^\s*(?:\d+°(?:\s*(?:%s))?|[a-z]{1,4}\)"  # 1°, 1° bis, a), ii)
    r"|[IVX]+(?:\s+(?:%s))?\s*\.\s*[-–—]"  # I. -, II bis. –
    r"|Art\.?\s*\d+(?:er)?(?:[-.]\d+)*(?:\s+(?:%s))?\s*\.?\s*[-–—]"  # Art. 3. -
    r"|[-–—](?=\s*\S))\s*" % (("|".join(LATIN),) * 3))


def strip_label(line: str) -> tuple[str, str]:
    """'2° a) Au I :' → ('2°', 'a) Au I :') is not split; '3° A l'article 17 :' → ('3°', "A l'article 17 :")."""
    m = _ITEM_LABEL.match(line)
    if not m:
        return "", line.strip()
    return m.group(0).strip(), line[m.end():].strip()


@lru_cache(maxsize=4096)
def parse_sentence(sentence: str) -> Sentence:
    """Parse one sentence (its item label already removed) into a typed Sentence (pure, so cached)."""
    text = sentence.strip()
    if not text:
        raise AmendingSyntaxError("phrase vide", sentence, 1, ("une phrase modificative",))
    # Quotations are most of a sentence's length and none of its structure: the parser sees a short slot for
    # each (Earley's chart grows with every character), and their exact words are put back afterwards.
    compact, quotes, index = _compact(text)
    try:
        tree = _parser().parse(compact)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, index) from None
    try:
        result = _restore(_ToSentence().transform(tree), quotes)
    except VisitError as exc:  # a reference the vocabulary cannot number (« les dix derniers alinéas »)
        raise AmendingSyntaxError(f"référence non reconnue : {exc.orig_exc}", text, 1,
                                  ("premier … vingt-cinquième, dernier, avant-dernier",)) from None
    # Which edge « au début » / « à la fin » is lost by the tree: read it from the words.
    result = _fix_edges(result, compact)
    announces = text.rstrip().endswith(":") and result.kind == "statement" and not any(c.inline for c in result.clauses)
    return replace(result, announces_block=announces)


_QUOTE_RE = re.compile(r'«(?:[^«»]|«[^«»]*»)*»|"[^"\n]*"')
_SLOT_RE = re.compile(r"⟦(\d+)⟧")


def _compact(text: str) -> tuple[str, tuple[str, ...], list[int]]:
    """The sentence with each quotation replaced by « ⟦n⟧ », the quotations' words, and for each character
    of the compact sentence its position in the original (for the column of an error)."""
    quotes: list[str] = []
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _QUOTE_RE.finditer(text):
        out.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        slot = f"«⟦{len(quotes)}⟧»"
        quotes.append(unquote(m.group(0)))
        out.append(slot)
        index.extend([m.start()] * len(slot))
        pos = m.end()
    out.append(text[pos:])
    index.extend(range(pos, len(text) + 1))
    return "".join(out), tuple(quotes), index


def _restore(obj, quotes: tuple[str, ...]):
    """Put the quotations' words back into a parsed sentence (strings, tuples, frozen dataclasses)."""
    if isinstance(obj, str):
        return _SLOT_RE.sub(lambda m: quotes[int(m[1])], obj) if "⟦" in obj else obj
    if isinstance(obj, tuple):
        return tuple(_restore(x, quotes) for x in obj)
    if is_dataclass(obj):
        return replace(obj, **{f.name: _restore(getattr(obj, f.name), quotes) for f in fields(obj)})
    return obj


def _fix_edges(s: Sentence, text: str) -> Sentence:
    if s.kind != "statement":
        return s
    edge = "start" if re.search(r"\bau\s+début\b", text, re.I) else "end"
    return replace(s, clauses=tuple(replace(c, where=edge) if c.kind == "insert_words" and c.where is None else c
                                     for c in s.clauses))


def _syntax_error(exc: UnexpectedInput, text: str, index: list[int]) -> AmendingSyntaxError:
    compact_column = getattr(exc, "column", None)
    if isinstance(exc, UnexpectedEOF) or not compact_column:
        column = len(text) + 1
    else:
        column = index[min(compact_column - 1, len(index) - 1)] + 1
    allowed = getattr(exc, "allowed", None) or getattr(exc, "expected", None) or set()
    expected = tuple(sorted({EXPECTED_WORDS.get(a, a.strip("_").lower()) for a in allowed
                             if not a.startswith("__")}))
    found = text[column - 1:column + 19] if column <= len(text) else "la fin de la phrase"
    return AmendingSyntaxError(f"phrase non reconnue à partir de « {found.strip()} »", text, column, expected)
