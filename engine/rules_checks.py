"""Semantic checks of a rules tree that the field types alone do not catch (run by the loader).

Each check rejects, with file:line:col, an input that used to pass `check` and then crash a query
or silently drop law: an unknown text in `repeals:`, a deadline in month 13, an approver who is no
actor, a link that is not http(s), a date past the open end, a predicate pyDatalog reserves or one
used with two arities, a rule variable the compiler uses itself, a comparison of two constants, a
rule body too long to evaluate in reasonable time.

`error(message, pos, expected)` is the loader's error collector: every problem of a tree is reported
in one pass.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable

from . import ast
from .errors import SourcePos

MAX_DIGITS = 9
"""The most digits a number of a rules file may have (Python refuses str→int past 4,300 digits)."""

ErrorSink = Callable[[str, SourcePos | None, "list[str] | None"], None]

LATEST_DATE = ast.OPEN_END
"""Every date of a rules file must be before the open end 2999-01-01 (the end of a [start, open) interval)."""

MAX_BODY_LITERALS = 64
"""A rule body of more literals is refused: pyDatalog's cost grows with the square of the body's length,
and the longest rule of the tree has 8 literals."""

MAX_DECLARED_RANGE = 2000
"""A declared range ("1 à 82") may name at most this many articles (the largest text has under 200)."""

# Names pyDatalog's Term.__call__ treats as aggregates or built-ins (pyParser.py), not as predicates.
PYDATALOG_RESERVED = frozenset({
    "ask", "_sum", "sum_", "concat", "concat_", "_min", "min_", "_max", "max_", "rank", "rank_",
    "running_sum", "running_sum_", "tuple_", "mean_", "linear_regression_", "_len", "len_", "range_",
    "format_",
})

# Predicates the compiler defines itself, with their arity (without the date): engine/compiler.py.
BUILTIN_PREDICATES = {"text": 2, "article": 2, "provision": 2, "operation": 4, "version": 4, "produced_by": 2,
                      "successor": 3}

ACTOR_FIELDS = {("approval", "approver"), ("approval", "proposer"), ("deadline", "who"), ("deadline", "to")}
LINK_FIELDS = ("eli", "eli_alias", "url")
MONTH_RULES = {"end_of_month_following_year": ("month",), "before_annual_date": ("month", "day")}


def check_links(texts: Iterable[ast.Record], error: ErrorSink) -> None:
    """A text's eli/url end up as links in HTML reports: http(s) only (no javascript:, file:, data:)."""
    for rec in texts:
        for name in LINK_FIELDS:
            f = rec.get(name)
            for v in f.values if f else ():
                if isinstance(v, ast.Str) and not v.value.lower().startswith(("https://", "http://")):
                    error(f"{name}: {v.value[:60]!r} is not a web link", v.pos, ["a link starting with https://"])


def check_dates(statements: Iterable, error: ErrorSink) -> None:
    """No date of a rules file at or after the open end (2999-01-01): such a date passes the loader
    and then breaks the versions and the calendar arithmetic of every query."""
    for s in statements:
        for f in getattr(s, "fields", ()):
            for v in f.values:
                if isinstance(v, ast.DateValue) and v.value >= LATEST_DATE:
                    error(f"{f.name}: {v.value} is not before {LATEST_DATE} (the open end)", v.pos,
                          [f"a date before {LATEST_DATE}"])
                elif isinstance(v, ast.Interval) and v.start >= LATEST_DATE:
                    error(f"{f.name}: starts on {v.start}, not before {LATEST_DATE} (the open end)", v.pos,
                          [f"a start before {LATEST_DATE}"])
                elif isinstance(v, ast.Interval) and v.end > LATEST_DATE:
                    error(f"{f.name}: ends on {v.end}, after {LATEST_DATE}; write `open` for no end", v.pos,
                          ["`open`", f"an end before {LATEST_DATE}"])


MAX_DURATION = {"days": 36_600, "weeks": 5_300, "months": 1_200, "years": 100}
"""The longest délai a rules file may state, per unit (a hundred years): longer ones are typos, and
push the calendar arithmetic of every due date past 9999-12-31."""


def check_durations(statements: Iterable, error: ErrorSink) -> None:
    for s in statements:
        for f in getattr(s, "fields", ()):
            for v in f.values:
                if isinstance(v, ast.Duration) and v.amount > MAX_DURATION.get(v.unit, 0):
                    error(f"{f.name}: {v.amount} {v.unit} is longer than a hundred years", v.pos,
                          [f"at most {MAX_DURATION[v.unit]} {v.unit}"])


def check_provision_dates(provisions: Iterable[ast.Provision], texts: dict, error: ErrorSink) -> None:
    """A provision takes effect on its `effective` date or its text's `in_force`: one of them must exist."""
    for p in provisions:
        text = texts.get(p.text_id)
        if text is not None and p.get("effective") is None and text.get("in_force") is None:
            error(f"provision {p.label!r} of {p.text_id}: no date of effect; {p.text_id} has no `in_force` "
                  f"(declared at {text.pos}) and the provision no `effective`", p.label_pos,
                  ["`in_force: YYYY-MM-DD` in the text", "`effective: YYYY-MM-DD` in the provision"])


def check_record_references(records: Iterable[ast.Record], texts: dict, actors: set[str], error: ErrorSink) -> None:
    """Symbols that name a text (recodification `repeals`) or an actor (approver, proposer, who, to)."""
    for rec in records:
        for f in rec.fields:
            if rec.kind == "recodification" and f.name == "repeals":
                for v in f.values:
                    if isinstance(v, ast.Symbol) and v.name not in texts:
                        error(f"repeals: unknown text {v.name!r}", v.pos, _near(v.name, texts))
            elif (rec.kind, f.name) in ACTOR_FIELDS:
                for v in f.values:
                    if isinstance(v, ast.Symbol) and v.name not in actors:
                        error(f"{f.name}: unknown actor {v.name!r} (declare it as `actor {v.name} {{ … }}`)",
                              v.pos, _near(v.name, actors))


def check_recodification_dates(records: Iterable[ast.Record], provisions: Iterable[ast.Provision], targets: dict,
                               effective: Callable[[ast.Provision], object], error: ErrorSink) -> None:
    """A text is ended by one recodification, on or after the date of every change made to it (else its
    versions overlap: the old text would end before the décret changed it)."""
    ended: dict[str, ast.Record] = {}
    changes: dict[str, tuple] = {}
    for p in provisions:
        day = effective(p)
        for op in p.operations:
            for t in targets.get(id(op), ()):
                if day is not None and (t.text_id not in changes or day > changes[t.text_id][0]):
                    changes[t.text_id] = (day, p)
    for rec in records:
        if rec.kind != "recodification" or rec.get("on") is None or rec.get("repeals") is None:
            continue
        on = rec.get("on").values[0]
        for v in rec.get("repeals").values:
            if not isinstance(v, ast.Symbol):
                continue
            if v.name in ended:
                error(f"repeals: {v.name} is already ended by recodification {ended[v.name].id!r} "
                      f"(at {ended[v.name].pos})", v.pos, ["one recodification per text"])
                continue
            ended[v.name] = rec
            last = changes.get(v.name)
            # The same day is allowed: a recodifying text may change and end the old articles at once.
            if last is not None and isinstance(on, ast.DateValue) and on.value < last[0]:
                error(f"on: {on.value} is before {last[0]}, when {last[1].text_id} {last[1].label!r} changes "
                      f"{v.name} (at {last[1].pos})", on.pos, [f"a date on or after {last[0]}"])


def check_deadline_calendar(records: Iterable[ast.Record], error: ErrorSink) -> None:
    """`month` and `day` of a deadline name a real day of the year (29 February allowed: the rule falls back
    to the 28th in other years); the rules that need them have them."""
    for rec in records:
        if rec.kind != "deadline":
            continue
        rule = rec.get("rule")
        rule_name = rule.values[0].name if rule and isinstance(rule.values[0], ast.Symbol) else None
        values = {}
        for name in ("month", "day"):
            f = rec.get(name)
            if f is None or not isinstance(f.values[0], ast.Number):
                continue
            v = f.values[0]
            if not isinstance(v.value, int) or isinstance(v.value, bool):
                error(f"{name}: {v.value} is not a whole number", v.pos, [f"a whole {name} number"])
                continue
            values[name] = v
        month = values.get("month")
        if month is not None and not 1 <= month.value <= 12:
            error(f"month: {month.value} is not a month", month.pos, ["1 to 12"])
            month = None
        day = values.get("day")
        if day is not None:
            last = calendar.monthrange(2000, month.value)[1] if month is not None else 31
            if not 1 <= day.value <= last:
                error(f"day: {day.value} is not a day of {'month ' + str(month.value) if month else 'a month'}",
                      day.pos, [f"1 to {last}"])
        for name in MONTH_RULES.get(rule_name, ()):
            if rec.get(name) is None:
                error(f"deadline {rec.id!r}: rule {rule_name} needs `{name}`", rec.pos, [f"`{name}: N`"])


def check_datalog(facts: list[ast.Fact], rules: list[ast.Rule], records: Iterable[ast.Record],
                  error: ErrorSink) -> None:
    """Predicates: one arity each (records and built-ins included), no pyDatalog reserved name, a lower-case
    first letter; rules: no variable of the compiler's own (`…__`), no comparison of two constants,
    at most MAX_BODY_LITERALS literals."""
    arity: dict[str, tuple[int, str]] = {name: (n, "the compiler (built-in)") for name, n in BUILTIN_PREDICATES.items()}
    for rec in records:
        arity.setdefault(rec.kind, (1, f"the {rec.kind} records"))
        for f in rec.fields:
            if f.name not in ("valid", "note", "quote", "text"):
                arity.setdefault(f"{rec.kind}_{f.name}", (2, f"the {rec.kind} records"))

    def use(atom: ast.Atom) -> None:
        name, n = atom.predicate, len(atom.terms)
        if name in PYDATALOG_RESERVED or "__" in name or not name[0].islower():
            error(f"predicate name {name!r} is reserved by pyDatalog or the compiler", atom.pos,
                  ["a name starting with a lower-case letter, without '__', not one of: "
                   + ", ".join(sorted(n for n in PYDATALOG_RESERVED if n[0].isalpha()))])
            return
        known = arity.get(name)
        if known is None:
            arity[name] = (n, str(atom.pos))
        elif known[0] != n:
            error(f"predicate {name} used with {n} argument(s); it has {known[0]} (from {known[1]})", atom.pos,
                  [f"{known[0]} argument(s)"])

    for fact in facts:
        use(fact.atom)
    for rule in rules:
        use(rule.head)
        if len(rule.body) > MAX_BODY_LITERALS:
            error(f"rule body of {len(rule.body)} literals is too long", rule.pos,
                  [f"at most {MAX_BODY_LITERALS} literals (split it into intermediate rules)"])
            continue
        for lit in rule.body:
            atom = lit.atom if isinstance(lit, ast.Negation) else lit
            if isinstance(atom, ast.Atom):
                use(atom)
                terms = atom.terms
            else:
                terms = (lit.left, lit.right)
                if not any(isinstance(t, ast.Var) for t in terms):
                    error(f"comparison of two constants ({_shown(lit.left)} {lit.op} {_shown(lit.right)}) is "
                          "always true or always false", lit.pos, ["a comparison with a variable"])
            for t in terms:
                if isinstance(t, ast.Var) and "__" in t.name:
                    error(f"variable {t.name} is reserved by the compiler (names with '__')", t.pos,
                          ["a variable without '__', e.g. D or Day"])
        for t in rule.head.terms:
            if isinstance(t, ast.Var) and "__" in t.name:
                error(f"variable {t.name} is reserved by the compiler (names with '__')", t.pos,
                      ["a variable without '__', e.g. D or Day"])


def _shown(term: ast.Term) -> str:
    return repr(term.value) if isinstance(term, ast.Const) else term.name


def _near(name: str, known) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
