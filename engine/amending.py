"""Read French amending sentences (légistique of the JO) into typed operations.

A sentence is parsed with its own grammar (engine/amending.lark), then resolved against the
context its chapeaux give (the amended text, article and unit) into `DraftOperation`s that use
the verbs of the rules DSL (substitute, insert_words, delete_words, replace, add, repeal, restore,
renumber, retitle_substitute, retitle_insert).

    >>> ctx = Context(text="code de l'artisanat", levels=(Level("article", ("18",)),))
    >>> [op.target for op in read_sentence("b) Le deuxième alinéa est supprimé ;", ctx).operations]
    ['art. 18, al. 2']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
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

# Rank of each kind of unit in a citation, outermost first: a reference replaces the context from its
# outermost unit down ("Au 3°" under "Au I de l'article 23" is art. 23, I, 3°).
RANK = {"structure": 0, "article": 1, "division": 2, "item": 3, "letter": 4, "alinea": 5, "phrase": 6,
        "row": 7, "column": 8, "title": 9}

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


@dataclass(frozen=True)
class Context:
    """What the chapeaux above a sentence give: the amended text's name and the unit (levels)."""

    text: str | None = None
    levels: tuple[Level, ...] = ()
    pending_delete: bool = False  # « Les mentions suivantes … sont supprimées : » over quoted items
    pending_repeal: bool = False  # « Sont abrogés : » over listed units


@dataclass(frozen=True)
class DraftOperation:
    kind: str
    text: str | None
    target: str | None
    old: str | None = None
    new: str | None = None
    where: str | None = None
    anchor: str | None = None
    new_number: str | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "target": self.target, "old": self.old, "new": self.new,
                "place": {"where": self.where, "anchor": self.anchor} if self.where else None,
                "new_number": self.new_number}


@dataclass(frozen=True)
class Reading:
    """What one sentence says: its operations, or the context it gives its items."""

    operations: tuple[DraftOperation, ...] = ()
    context: Context | None = None  # set for a chapeau
    announces_block: bool = False
    last: tuple[Level, ...] = ()  # levels of the last unit named, for « cet alinéa », « ce même article »


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


# ------------------------------------------------------------------ resolving against the context
def _merge(base: tuple[Level, ...], new: tuple[Level, ...]) -> tuple[Level, ...]:
    if not new:
        return base
    top = min(RANK[lv.kind] for lv in new)
    kept = tuple(lv for lv in base if RANK[lv.kind] < top)
    out = kept + tuple(sorted(new, key=lambda lv: RANK[lv.kind]))
    if any(lv.kind == "article" for lv in out):
        out = tuple(lv for lv in out if lv.kind != "structure")
    return out


@dataclass
class Memory:
    """The last article and unit named, for « cet article », « ce même article », « cet alinéa »."""

    last: tuple[Level, ...] = ()
    text: str | None = None


def resolve_chain(chain: Chain | None, base: tuple[Level, ...], memory: Memory) -> tuple[Level, ...]:
    if chain is None:
        return base
    if chain.text and not chain.same_text:
        base = ()
    levels = []
    for lv in chain.levels:
        if lv.same:
            source = memory.last or base
            upto = [x for x in source if RANK[x.kind] <= RANK[lv.kind]]
            if not any(x.kind == lv.kind for x in upto):
                upto = [x for x in base if RANK[x.kind] <= RANK[lv.kind]]
            base = tuple(x for x in upto)
            continue
        levels.append(lv)
    if chain.own:
        return base + tuple(levels)
    return _merge(base, tuple(levels))


def _label(lv: Level, label: str) -> str:
    if lv.kind == "phrase" and label == "dernier":
        label = "dernière"
    return {"article": f"art. {label}", "alinea": f"al. {label}", "phrase": f"phrase {label}",
            "row": f"tableau, ligne {label}", "column": f"colonne {label}"}.get(lv.kind, label)


def _joined(lv: Level) -> str:
    """Several units as ONE citation (the agreed form for a replacement): 'al. 3 à 5', 'al. 3 et 4'."""
    labels = lv.labels
    nums = [int(x) for x in labels if x.isdigit()]
    if len(nums) == len(labels) >= 3 and nums == list(range(nums[0], nums[0] + len(nums))):
        return _label(lv, f"{nums[0]} à {nums[-1]}")
    return _label(lv, " et ".join(labels))


def citations(levels: tuple[Level, ...], joined: bool = False) -> list[str]:
    """Citation strings for levels; a list at one level gives one citation each (or one, `joined`)."""
    out = [[]]
    for lv in levels:
        if len(lv.labels) > 1 and joined:
            out = [o + [_joined(lv)] for o in out]
        elif lv.labels:
            out = [o + [_label(lv, lab)] for o in out for lab in lv.labels]
    return [", ".join(o) for o in out if o]


def _citation(levels) -> str | None:
    cs = citations(levels, joined=True)
    return cs[0] if cs else None


_BLOCK_LABEL = [
    (re.compile(r"^Art\.?\s*(?P<l>[LRD]?\.?\s*\d+(?:-\d+)*(?:er)?(?:\s+(?:%s))?)\s*\.?\s*-" % "|".join(LATIN)),
     "article"),
    (re.compile(r"^(?P<l>(?:X{0,3})(?:IX|IV|V?I{1,3}|V|X)(?:\s+(?:%s))?)\s*\.\s*-" % "|".join(LATIN)), "division"),
    (re.compile(r"^(?P<l>\d+°(?:\s*(?:%s))?)" % "|".join(LATIN)), "item"),
]


def block_unit(paragraph: str) -> Level | None:
    """The unit a new text names at its start: « II. - … », « 12° … », « Art. 25-1. - … »."""
    for pattern, kind in _BLOCK_LABEL:
        m = pattern.match(paragraph)
        if m:
            label = normalize_article(m["l"]) if kind == "article" else _item(m["l"]) if kind == "item" else m["l"]
            return Level(kind, (label,))
    return None


def _bump(label: str, by: int = 1) -> str:
    return str(int(label) + by) if label.isdigit() else label


def read_sentence(sentence: str, context: Context, memory: Memory | None = None,
                  block: tuple[str, ...] = ()) -> Reading:
    """Read one sentence in its context; `block` holds the paragraphs of the new text it announces."""
    memory = memory or Memory(last=context.levels, text=context.text)
    _, body = strip_label(sentence)
    s = parse_sentence(body)
    return resolve(s, context, memory, block)


def resolve(s: Sentence, context: Context, memory: Memory, block: tuple[str, ...] = ()) -> Reading:
    text = context.text
    if s.kind == "quote":
        if context.pending_delete:
            return Reading((DraftOperation("delete_words", text, _citation(context.levels), old=s.quote),))
        raise AmendingSyntaxError("citation seule hors d'une énumération (« Les mentions suivantes … »)",
                                  s.quote or "", 1, ("une phrase modificative",))
    if s.kind == "chapeau_repeal":
        return Reading(context=Context(context.text, context.levels, pending_repeal=True), last=context.levels)
    if s.kind == "listed":
        if not context.pending_repeal:
            raise AmendingSyntaxError("unité citée seule hors d'une énumération (« Sont abrogés : »)", "", 1,
                                      ("une phrase modificative",))
        levels, text = context.levels, context.text
        chains = [c for _, c in s.locators] + ([s.subject] if s.subject else [])
        for chain in chains:
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        memory.last, memory.text = levels, text
        if s.quote is not None:
            return Reading((DraftOperation("delete_words", text, _citation(levels), old=s.quote),))
        if s.subject is not None and not s.subject.levels:
            return Reading((DraftOperation("repeal", text, None),))
        return Reading(tuple(DraftOperation("repeal", text, t) for t in citations(levels)))
    if s.kind in ("chapeau", "mentions"):
        levels, text = context.levels, context.text
        chains = [c for _, c in s.locators] + ([s.subject] if s.subject else [])
        for chain in chains:
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        if s.kind == "mentions":
            levels = context.levels
        memory.last = levels
        return Reading(context=Context(text, levels, s.kind == "mentions"), last=levels)
    # a statement: locators, then each clause (a clause's own locators refine the sentence's)
    base = context.levels
    for _, chain in s.locators:
        text = _text_of(chain, text, memory)
        base = resolve_chain(chain, base, memory) if _ != "after" and _ != "before" else base
    unit_anchor = next(((w, c) for w, c in s.locators if w in ("after", "before")), None)
    edge = next((w for w, _ in s.locators if w in ("start", "end")), None)
    ops: list[DraftOperation] = []
    for clause in s.clauses:
        levels = base
        for w, chain in clause.locators:
            if w in ("after", "before"):
                unit_anchor = (w, chain)
                continue
            edge = w if w in ("start", "end") else edge
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        clause_text = text
        for chain in (clause.subject, clause.anchor):
            if isinstance(chain, Chain):
                clause_text = _text_of(chain, clause_text, memory)
        if clause.where == "edge":
            clause = replace(clause, where=edge or "end")
        ops.extend(_operations(clause, clause_text, levels, memory, unit_anchor, block))
        base = levels if not clause.locators else base
    return Reading(tuple(ops), announces_block=s.announces_block, last=memory.last)


def _text_of(chain: Chain, text: str | None, memory: Memory) -> str | None:
    """The text a reference names: its own, the last one named for « du même décret », else the context's."""
    if chain.text and not chain.same_text:
        memory.text = chain.text
        return chain.text
    if chain.same_text:
        return memory.text or text
    return text


def _paragraphs(block: tuple[str, ...], inline: str | None) -> list[str]:
    if inline is not None:
        return [inline]
    return [p for p in (clean_block_line(b) for b in block) if p]


def clean_block_line(line: str) -> str:
    """A paragraph of new text as the rules files quote it: without the opening « and the closing » ; »."""
    s = line.strip()
    if s.startswith("«"):
        s = s[1:].lstrip(" \u00a0\u202f")
    s = re.sub(r"\s*»\s*[;.,]?\s*$", "", s) if s.count("»") > s.count("«") else s
    return s.strip()


def _operations(c: Clause, text, levels, memory: Memory, unit_anchor, block) -> list[DraftOperation]:
    def at(chain):
        lv = resolve_chain(chain, levels, memory)
        memory.last = lv
        return lv

    if c.kind == "repeal_text":
        return [DraftOperation("repeal", c.subject.text, None)]
    title = lambda lv: any(x.kind == "title" for x in lv)  # noqa: E731
    if c.kind in ("substitute", "delete_words", "insert_words"):
        lv = at(c.subject) if c.subject else levels
        memory.last = lv
        kind = c.kind
        if title(lv):
            kind = {"substitute": "retitle_substitute", "insert_words": "retitle_insert"}.get(kind, kind)
        out = []
        for target in citations(lv) or [None]:
            if c.kind == "substitute":
                out.append(DraftOperation(kind, text, target, old=c.old, new=c.new))
            elif c.kind == "delete_words":
                out.extend(DraftOperation(kind, text, target, old=w, where=c.where, anchor=c.anchor_words)
                           for w in c.words)
            else:
                out.append(DraftOperation(kind, text, target, new=c.new, where=c.where, anchor=c.anchor_words))
        return out
    if c.kind == "repeal" and c.subject is not None and not c.subject.levels and c.subject.text:
        return [DraftOperation("repeal", c.subject.text, None)]  # « Le décret n° … est abrogé. »
    if c.kind == "repeal":
        lv = at(c.subject)
        return [DraftOperation("repeal", text, t) for t in citations(lv)]
    if c.kind == "replace":
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        return [DraftOperation("replace", text, _citation(lv), new="\n".join(paras) or None)]
    if c.kind == "replace_end":
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        return [DraftOperation("replace", text, _citation(lv), new="\n".join(paras) or None,
                               where="after" if c.anchor_words else "end", anchor=c.anchor_words)]
    if c.kind == "renumber":
        lv = at(c.subject)
        to = resolve_chain(c.renumber_to, tuple(x for x in lv if RANK[x.kind] < RANK[lv[-1].kind]), memory)
        return [DraftOperation("renumber", text, _citation(lv), new_number=_citation(to))]
    if c.kind in ("complete", "complete_unit"):
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        whole = lv and lv[-1].kind in ("article", "division", "structure")
        if c.kind == "complete" and not whole:
            return [DraftOperation("insert_words", text, t, new=" ".join(paras) or None, where="end")
                    for t in citations(lv)]
        # The new text is one unit, or several, each opening with its own number (« II. - … », « 3° … »):
        # a paragraph that names no unit belongs to the unit before it.
        groups: list[list[str]] = []
        for p in paras:
            if not groups or block_unit(p) is not None:
                groups.append([p])
            else:
                groups[-1].append(p)
        ops = []
        for group in groups or [[]]:
            unit = block_unit(group[0]) if group else None
            if unit is None and c.new_unit and c.new_unit.kind in ("alinea", "phrase"):
                unit = Level(c.new_unit.kind, ("dernier" if c.new_unit.kind == "alinea" else "dernière",))
            new = _merge(lv, (unit,)) if unit else lv
            ops.append(DraftOperation("add", text, _citation(new), new="\n".join(group) or None, where="end"))
        return ops
    if c.kind in ("add", "restore"):
        anchor_chain = c.anchor
        where = c.where
        if anchor_chain is None and unit_anchor is not None:
            where, anchor_chain = unit_anchor
        anchor = resolve_chain(anchor_chain, levels, memory) if anchor_chain is not None else None
        paras = _paragraphs(block, c.new)
        unit = c.new_unit
        if c.kind == "restore":
            lv = _merge(levels, (_unit_level(unit, anchor, paras),))
            memory.last = lv
            return [DraftOperation("restore", text, _citation(lv), new="\n".join(paras) or None)]
        several = unit.count is not None and unit.kind in ("alinea", "phrase")
        if several:
            ops, prev = [], anchor
            for p in paras or [None]:
                nxt = _next_unit(prev, unit.kind)
                ops.append(DraftOperation("add", text, _citation(nxt), new=p, where=where or "after",
                                          anchor=_citation(prev)))
                prev = nxt
            memory.last = prev
            return ops
        new_level = _unit_level(unit, anchor, paras)
        if anchor is None and where is None:
            # « Il est inséré un 3° bis » names its place: right after the 3°
            before = _previous_number(new_level)
            if before is not None:
                anchor, where = _merge(levels, (before,)), "after"
        lv = _merge(anchor if anchor is not None else levels, (new_level,))
        memory.last = lv
        return [DraftOperation("add", text, _citation(lv), new="\n".join(paras) or None,
                               where=where or "end", anchor=_citation(anchor) if anchor is not None else None)]
    raise AssertionError(c.kind)


def _previous_number(level: Level) -> Level | None:
    """II bis → II, 3° ter → 3° bis, 16 bis → 16: where a number with a Latin suffix is inserted."""
    label = level.labels[0] if level.labels else ""
    m = re.match(r"^(?P<base>.+?) (?P<latin>%s)$" % "|".join(LATIN), label)
    if not m:
        return None
    i = LATIN.index(m["latin"])
    return Level(level.kind, (m["base"] if i == 0 else f"{m['base']} {LATIN[i - 1]}",))


def _next_unit(anchor: tuple[Level, ...], kind: str) -> tuple[Level, ...]:
    last = anchor[-1] if anchor else None
    if last is not None and last.kind == kind:
        return anchor[:-1] + (Level(kind, (_bump(last.labels[-1]),)),)
    return _merge(anchor, (Level(kind, ("1",)),))


def _unit_level(unit: NewUnit, anchor, paras) -> Level:
    if unit.label is not None and unit.kind is not None:
        return Level(unit.kind, (unit.label,))
    if unit.kind in ("alinea", "phrase") and anchor:
        nxt = _next_unit(anchor, unit.kind)
        return nxt[-1]
    if unit.kind in ("alinea", "phrase") and not anchor:  # « Il est ajouté à l'article 4 un alinéa »: at the end
        return Level(unit.kind, ("dernier" if unit.kind == "alinea" else "dernière",))
    named = block_unit(paras[0]) if paras else None
    return named or Level(unit.kind or "alinea", ("?",))
