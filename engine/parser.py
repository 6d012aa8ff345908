"""Parse rules text into the typed AST (engine/ast.py): Lark LALR + a Transformer, nothing else.

    >>> rf = parse_text('fact approval(budget, prefet) { valid: [2021-02-19, open) }', "x.cma")
    >>> rf.statements[0].atom.predicate
    'approval'
"""

from __future__ import annotations

import re
import textwrap
import threading
from datetime import date
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from . import ast
from .errors import RulesSemanticError, RulesSyntaxError, SourcePos
from .input_reader import read_text

from .rules_checks import MAX_DIGITS  # noqa: E402  (one bound, shared with the loader)
"""The longest whole number a rules file may write (a number, a duration, a date part): 9 digits.

Python refuses to convert integers over 4,300 digits and every legal number here is far smaller."""

UNIT_NAMES = {
    "day": "days", "days": "days", "jour": "days", "jours": "days",
    "week": "weeks", "weeks": "weeks", "semaine": "weeks", "semaines": "weeks",
    "month": "months", "months": "months", "mois": "months",
    "year": "years", "years": "years", "an": "years", "ans": "years",
}

# Names for the terminals Lark reports as expected, so messages speak the user's language.
TERMINAL_NAMES = {
    "NAME": "a name", "STRING": 'a "string"', "GUILLEMETS": "« quoted words »", "BLOCK": 'a """block"""',
    "DATE": "a date YYYY-MM-DD", "SIGNED_NUMBER": "a number", "UNIT": "a unit (days, months …)",
    "LBRACE": "'{'", "RBRACE": "'}'", "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "COMMA": "','",
    "COLON": "':'", "_BY": "'by'", "_RULE": "'rule'", "COMPARATOR": "a comparison (<, <=, ==, …)", "OPEN": "'open'", "__ANON_0": "':-'",
    "$END": "end of file",
}


@lru_cache(maxsize=1)
def _lark() -> Lark:
    """The parser that builds a tree (then _ToAst): the reference, and every error's message."""
    return Lark.open("grammar.lark", rel_to=__file__, parser="lalr", propagate_positions=True,
                     maybe_placeholders=True)


_META_RULES = ("interval", "substitute", "delete_words", "delete_after", "insert_words", "replace", "replace_end",
               "add", "repeal", "restore", "renumber", "retitle_substitute", "retitle_insert")
"""The rules (or aliases) whose node position is their first token's (an operation's keyword, the "["
of an interval): _ToAst reads it from the tree's meta (v_args(meta=True)), which Lark gives no
in-parse transformer."""


@lru_cache(maxsize=1)
def _fast() -> tuple[Lark, "_InlineAst", threading.Lock] | None:
    """The same grammar with _InlineAst applied during the parse: no tree, no second pass.

    A rule of _META_RULES gets its first token from a wrapper around Lark's callback: the parser
    hands a callback the rule's children before filtering out keywords and punctuation."""
    transformer = _InlineAst()
    try:
        lark = Lark.open("grammar.lark", rel_to=__file__, parser="lalr", maybe_placeholders=True,
                         transformer=transformer)
        callbacks = lark._callbacks  # the dict the LALR parser calls (lark 1.3, pinned)
    except Exception:  # noqa: BLE001 — another lark: the reference path alone (tests/test_parser_inline.py)
        return None
    _install_lexer_loop(lark)
    for rule, callback in list(callbacks.items()):
        if getattr(rule, "alias", None) in _META_RULES or getattr(getattr(rule, "origin", None), "name", None) \
                in _META_RULES:
            callbacks[rule] = _with_first_token(callback, transformer)
    return lark, transformer, threading.Lock()


def _install_lexer_loop(lark: Lark) -> None:
    """Lark's contextual lexer with its per-token glue (four Python calls: next_token, two `match`es,
    the line counter) folded into one loop. The matching is Lark's own: the same compiled regular
    expressions of each parser state, tried in the same order, the same keyword callbacks, the same
    Token fields. Anything unusual (no match: a syntax error) raises, and parse_text takes the
    reference path. Left as Lark's when its internals are not the expected ones."""
    from types import MethodType

    lexer = getattr(getattr(lark, "parser", None), "lexer", None)
    if not isinstance(getattr(lexer, "lexers", None), dict):
        return
    plans: dict = {}  # parser state → what _lex needs, made when the state is first met (as Lark does)
    lexer.lex = MethodType(lambda self, lexer_state, parser_state: _lex(self, plans, lexer_state, parser_state),
                           lexer)


def _plan(basic) -> tuple:
    mres = tuple(basic.scanner._mres)  # built on first use, with the keyword callbacks
    if any(t in basic.callback for t in basic.ignore_types):
        raise _NoToken("an ignored terminal with a callback")  # not in this grammar; the reference would do it
    return mres, basic.ignore_types, basic.newline_types, basic.callback


class _NoToken(Exception):
    """No terminal matches here: a syntax error, which the reference path reports."""


def _lex(lexer, plans: dict, lexer_state, parser_state):
    new_token = Token._future_new
    source = lexer_state.text
    text, end = source.text, source.end
    counter = lexer_state.line_ctr
    pos, line, line_start = counter.char_pos, counter.line, counter.line_start_pos
    while pos < end:
        state = parser_state.position
        try:
            mres, ignore, newline, callback = plans[state]
        except KeyError:
            mres, ignore, newline, callback = plans[state] = _plan(lexer.lexers[state])
        for mre in mres:
            m = mre.match(text, pos, end)
            if m:
                break
        else:
            raise _NoToken(pos)
        value, type_ = m.group(0), m.lastgroup
        start, start_line, start_column = pos, line, pos - line_start + 1
        if type_ in newline:
            n = value.count("\n")
            if n:
                line += n
                line_start = pos + value.rindex("\n") + 1
        pos += len(value)
        if type_ in ignore:
            continue
        token = new_token(type_, value, start, start_line, start_column, line, pos - line_start + 1, pos)
        if type_ in callback:
            token = callback[type_](token)
        lexer_state.last_token = token
        counter.char_pos, counter.line, counter.line_start_pos = pos, line, line_start
        counter.column = pos - line_start + 1
        yield token


def _with_first_token(callback, transformer: "_InlineAst"):
    def with_first(children):
        transformer.first = children[0]
        return callback(children)

    return with_first


def parse_file(path: str | Path, name: str | None = None) -> ast.RulesFile:
    """Read and parse one rules file; `name` is how messages call it (default: the path)."""
    path = Path(path)
    name = name or str(path)
    # Bounded, strict UTF-8 (an invalid byte at its real line:col), no newline translation, a BOM dropped.
    return parse_text(read_text(path, what="rules file", name=name, rules=True, bom=True), name)


def lexer_lines(text: str) -> list[str]:
    """The lines of `text` as the lexer counts them: split at "\n" only.

    str.splitlines also splits at \f, \v, \x1c-\x1e, \x85, U+2028 and U+2029, which Lark does not
    count, so the line shown under a message would not be the line of its position.
    """
    return text.split("\n")


def parse_text(text: str, filename: str = "<rules>") -> ast.RulesFile:
    """Parse rules text; syntax errors become RulesSyntaxError with file:line:col, the line and a caret."""
    text = text.replace("\r\n", "\n")
    lines = lexer_lines(text)
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    inline = _fast()
    if inline is not None:
        fast, transformer, lock = inline
        with lock:  # one transformer holds the file being parsed
            transformer.filename, transformer.lines = filename, lines
            try:
                return ast.RulesFile(filename, tuple(fast.parse(text)))
            except Exception:  # noqa: BLE001 — any problem: the reference path below says what, and where
                pass
            finally:
                transformer.filename, transformer.lines, transformer.first = "", [], None
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, lines, filename) from None
    try:
        statements = _ToAst(filename, lines).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, RulesSemanticError):
            raise exc.orig_exc from None
        raise
    return ast.RulesFile(filename, tuple(statements))


def _syntax_error(exc: UnexpectedInput, text: str, lines: list[str], filename: str) -> RulesSyntaxError:
    line = getattr(exc, "line", None) or len(lines) or 1
    column = getattr(exc, "column", None) or 1
    if isinstance(exc, UnexpectedEOF) or line < 1:
        line = max(len(lines), 1)
        column = len(lines[-1]) + 1 if lines else 1
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    pos = SourcePos(filename, line, column, line_text)
    expected = sorted({TERMINAL_NAMES.get(t, f"'{t.lower()}'" if t.isalpha() else t) for t in _expected(exc)})
    if isinstance(exc, UnexpectedCharacters):
        char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        message = _named_character_error(char, line_text, column)
    elif isinstance(exc, UnexpectedToken):
        tok = exc.token
        shown = "end of file" if tok.type == "$END" else repr(str(tok))
        message = f"unexpected {shown}"
    else:
        message = "unexpected end of file"
    return RulesSyntaxError(message, pos, expected)


def _expected(exc: UnexpectedInput) -> set[str]:
    names = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    return {n for n in names if not n.startswith("_") or n in TERMINAL_NAMES} or names


def _named_character_error(char: str, line_text: str, column: int) -> str:
    """Common mistakes get a name (lark's match_examples idea, done by the offending character)."""
    rest = line_text[column - 1:]
    if char == '"' and rest.startswith('"') and rest.count('"') % 2 == 1 and '"""' not in rest:
        return 'missing closing quote "'
    if char == "«":
        return "missing closing » for this «"
    if char == '"' and rest.startswith('"""'):
        return 'missing closing """ for this block'
    if char == "»":
        return "» without an opening «"
    return f"unexpected character {char!r}"


def dedent_block(raw: str) -> str:
    """The text of a \"\"\"block\"\"\": common indentation removed, first and last blank lines dropped."""
    body = raw[3:-3]
    body = textwrap.dedent(body.replace("\t", "    "))
    return body.strip("\n").rstrip()


def guillemets_value(raw: str) -> str:
    """« quoted words »: the guillemets and the spaces just inside them dropped."""
    return raw[1:-1].strip()


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw[1:-1]
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


class _ToAst(Transformer):
    """Lark tree → engine.ast nodes; each method is named after a grammar rule or alias."""

    def __init__(self, filename: str, lines: list[str]):
        super().__init__()
        self.filename, self.lines = filename, lines

    def _pos(self, line: int, column: int) -> ast.SourcePos:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return SourcePos(self.filename, line, column, text)

    def _tok_pos(self, tok) -> ast.SourcePos:
        if isinstance(tok, Token):
            return self._pos(tok.line, tok.column)
        return tok.pos

    def _meta_pos(self, meta) -> ast.SourcePos:
        return self._pos(getattr(meta, "line", 1), getattr(meta, "column", 1))

    # ---------------------------------------------------------- strings
    def plain_string(self, items):
        (tok,) = items
        return ast.Str(_unescape(str(tok)), self._tok_pos(tok), "plain")

    def guillemets(self, items):
        (tok,) = items
        return ast.Str(guillemets_value(str(tok)), self._tok_pos(tok), "guillemets")

    def block(self, items):
        (tok,) = items
        return ast.Str(dedent_block(str(tok)), self._tok_pos(tok), "block")

    # ---------------------------------------------------------- values
    def _date(self, tok) -> date:
        try:
            return date.fromisoformat(str(tok))
        except ValueError:
            raise RulesSemanticError(f"bad date {str(tok)!r}: no such day", self._tok_pos(tok),
                                     ["a real date YYYY-MM-DD"]) from None

    def date(self, items):
        (tok,) = items
        return ast.DateValue(self._date(tok), self._tok_pos(tok))

    def open_end(self, items):
        (tok,) = items
        return ast.DateValue(ast.OPEN_END, self._tok_pos(tok))

    @v_args(meta=True)
    def interval(self, meta, items):
        start_tok, end = items
        start = self._date(start_tok)
        pos = self._meta_pos(meta)
        if end.value <= start:
            raise RulesSemanticError(f"empty interval: end {end.value} is not after start {start}", pos,
                                     ["[start, end) with end after start"])
        return ast.Interval(start, end.value, pos)

    def duration(self, items):
        amount, unit = items
        pos = self._tok_pos(amount)
        if "." in str(amount) or str(amount).startswith("-"):
            raise RulesSemanticError(f"a duration needs a whole positive number, not {amount}", pos)
        return ast.Duration(self._whole(amount), UNIT_NAMES[str(unit)], pos)

    def _check_digits(self, tok) -> None:
        """At most MAX_DIGITS digits before the point (Python refuses str→int past 4,300 digits)."""
        digits = len(str(tok).lstrip("+-").split(".")[0])
        if digits > MAX_DIGITS:
            raise RulesSemanticError(f"number of {digits} digits is too long", self._tok_pos(tok),
                                     [f"a number of at most {MAX_DIGITS} digits"])

    def _whole(self, tok) -> int:
        self._check_digits(tok)
        return int(str(tok))

    def _number_value(self, tok) -> int | float:
        self._check_digits(tok)
        text = str(tok)
        return float(text) if "." in text else int(text)

    def number(self, items):
        (tok,) = items
        return ast.Number(self._number_value(tok), self._tok_pos(tok))

    def symbol(self, items):
        (tok,) = items
        return ast.Symbol(str(tok), self._tok_pos(tok))

    def ref(self, items):
        name, citation = items
        return ast.Ref(str(name), citation.value, self._tok_pos(name), citation.pos)

    def field(self, items):
        name, *values = items
        return ast.Field(str(name), tuple(values), self._tok_pos(name))

    # ---------------------------------------------------------- records
    def record(self, items):
        kind, ident, *fields = items
        return ast.Record(str(kind), str(ident), tuple(fields), self._tok_pos(kind))

    # ---------------------------------------------------------- provisions
    def says(self, items):
        return ("says", items[0])

    def targets(self, items):
        name, *citations = items
        return tuple(ast.Target(str(name), c.value, c.pos, self._tok_pos(name)) for c in citations)

    def target(self, items):
        name, citation = items
        return (ast.Target(str(name), citation.value, citation.pos, self._tok_pos(name)),)

    def after(self, items):
        return ast.Place("after", items[0])

    def before(self, items):
        return ast.Place("before", items[0])

    def at_start(self, _items):
        return ast.Place("start")

    def at_end(self, _items):
        return ast.Place("end")

    def _op(self, kind, meta, targets, **kw):
        return ast.Operation(kind, targets, self._meta_pos(meta), **kw)

    @v_args(meta=True)
    def substitute(self, meta, items):
        targets, old, new = items
        return self._op("substitute", meta, targets, old=old, new=new)

    @v_args(meta=True)
    def delete_words(self, meta, items):
        targets, old = items
        return self._op("delete_words", meta, targets, old=old)

    @v_args(meta=True)
    def delete_after(self, meta, items):
        # « après les mots X, les mots Y sont supprimés »: Y is looked for after X only
        targets, old, anchor = items
        return self._op("delete_words", meta, targets, old=old, place=ast.Place("after", anchor))

    @v_args(meta=True)
    def insert_words(self, meta, items):
        targets, new, place = items
        return self._op("insert_words", meta, targets, new=new, place=place, old=place.anchor)

    @v_args(meta=True)
    def replace(self, meta, items):
        targets, new = items
        return self._op("replace", meta, targets, new=new)

    @v_args(meta=True)
    def replace_end(self, meta, items):
        # « après les mots X, la fin de la phrase est ainsi rédigée »: the unit is rewritten after X only
        targets, anchor, new = items
        return self._op("replace", meta, targets, new=new, place=ast.Place("after", anchor), old=anchor)

    @v_args(meta=True)
    def add(self, meta, items):
        targets, place, new = items
        return self._op("add", meta, targets, new=new, place=place)

    @v_args(meta=True)
    def repeal(self, meta, items):
        name, *citations = items
        citations = [c for c in citations if c is not None]
        if citations:
            targets = tuple(ast.Target(str(name), c.value, c.pos, self._tok_pos(name)) for c in citations)
        else:
            targets = (ast.Target(str(name), None, self._tok_pos(name), self._tok_pos(name)),)
        return self._op("repeal", meta, targets)

    @v_args(meta=True)
    def restore(self, meta, items):
        targets, new = items
        return self._op("restore", meta, targets, new=new)

    @v_args(meta=True)
    def renumber(self, meta, items):
        targets, new_number = items
        return self._op("renumber", meta, targets, new_number=new_number)

    @v_args(meta=True)
    def retitle_substitute(self, meta, items):
        targets, old, new = items
        return self._op("retitle_substitute", meta, targets, old=old, new=new)

    @v_args(meta=True)
    def retitle_insert(self, meta, items):
        targets, new, place = items
        return self._op("retitle_insert", meta, targets, new=new, place=place, old=place.anchor)

    def provision(self, items):
        name, label, *body = items
        says = None
        operations, fields = [], []
        for item in body:
            if isinstance(item, tuple) and item and item[0] == "says":
                if says is not None:
                    raise RulesSemanticError("a provision has one `says`", item[1].pos)
                says = item[1]
            elif isinstance(item, ast.Operation):
                operations.append(item)
            else:
                fields.append(item)
        return ast.Provision(str(name), label.value, says, tuple(operations), tuple(fields),
                             self._tok_pos(name), label.pos)

    # ---------------------------------------------------------- Datalog
    def name_term(self, items):
        (tok,) = items
        text, pos = str(tok), self._tok_pos(tok)
        if text[0].isupper() or text[0] == "_":
            return ast.Var(text, pos)
        return ast.Const(text, pos)

    def string_term(self, items):
        (s,) = items
        return ast.Const(s.value, s.pos)

    def date_term(self, items):
        (tok,) = items
        return ast.Const(self._date(tok), self._tok_pos(tok))

    def number_term(self, items):
        (tok,) = items
        return ast.Const(self._number_value(tok), self._tok_pos(tok))

    def atom(self, items):
        name, *terms = items
        terms = tuple(t for t in terms if t is not None)
        return ast.Atom(str(name), terms, self._tok_pos(name))

    def negation(self, items):
        (atom,) = items
        return ast.Negation(atom, atom.pos)

    def comparison(self, items):
        left, op, right = items
        return ast.Comparison(left, str(op), right, left.pos)

    def meta(self, items):
        return tuple(items)

    def fact(self, items):
        atom, *rest = items
        fields = rest[0] if rest and rest[0] else ()
        for t in atom.terms:
            if isinstance(t, ast.Var):
                raise RulesSemanticError(f"a fact holds constants only; {t.name!r} is a variable "
                                         "(names starting with an upper-case letter are variables; quote it)",
                                         t.pos)
        return ast.Fact(atom, tuple(fields), atom.pos)

    def rule(self, items):
        head, *rest = items
        fields: tuple = ()
        if rest and isinstance(rest[-1], tuple):
            fields = rest.pop()
        return ast.Rule(head, tuple(rest), tuple(fields), head.pos)

    def start(self, items):
        return items


class _Meta:
    """The position of a node as _ToAst._meta_pos reads it from a tree's meta."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


def _at_first_token(name: str):
    """_ToAst's `name` (decorated with v_args(meta=True)) called with the position of the rule's first
    token, which the wrapper of _fast() has just set."""
    base = getattr(_ToAst, name).base_func

    def callback(self, items):
        first = self.first
        return base(self, _Meta(first.line, first.column), items)

    callback.__name__ = name
    return callback


class _InlineAst(_ToAst):
    """_ToAst applied by the parser as it reduces (Lark's `transformer=`): the same nodes, built in the
    same order (a reduction order is the tree's post-order). An error of any kind goes to the
    reference path (tree, then _ToAst), so every message is the reference's."""

    first: Token | None = None

    def __init__(self):
        super().__init__("", [])


for _name in _META_RULES:
    setattr(_InlineAst, _name, _at_first_token(_name))
