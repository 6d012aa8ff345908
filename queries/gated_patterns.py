"""Regular expressions compiled on first need, and searched only in a text that holds a word every match
holds.

A cold `ask` compiled about 250 patterns (the routing cues, the phrases of the matcher, the dates…),
most of them to find that they do not match: compiling was most of its time. A `Gated` pattern reads,
from its own text, the literal runs every match must contain (« delai » in `\\bdelai`, « qui » in
`\\bqui (?:approuve|…)`; one per branch of a top-level alternation); a text holding none of them cannot
match, so the pattern is neither compiled nor searched. The reading is conservative: a pattern it does
not understand (inline flags, an escape it does not know) is always searched.

    >>> Gated(r"\\bqui (?:approuve|valide)").search(" qui valide le budget ") is not None
    True
    >>> Gated(r"\\bqui (?:approuve|valide)").literals
    ('qui ',)
"""

from __future__ import annotations

import re

_QUANTIFIERS = "?*{+"
_SPECIAL = frozenset("\\[](){}|?*+.^$")


def _skip_group(p: str, i: int) -> int:
    """The index just past the group opening at p[i] == "(" (classes and escapes inside skipped)."""
    depth = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced group")


def _skip_class(p: str, i: int) -> int:
    """The index just past the character class opening at p[i] == "["."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":  # a leading ] is a member
        i += 1
    while i < len(p):
        if p[i] == "\\":
            i += 2
            continue
        if p[i] == "]":
            return i + 1
        i += 1
    raise ValueError("unbalanced class")


def _skip_quantifier(p: str, i: int) -> int:
    """Past the quantifier at p[i] (and its lazy/possessive mark), or i when there is none."""
    if i >= len(p) or p[i] not in _QUANTIFIERS:
        return i
    if p[i] == "{":
        end = p.find("}", i)
        if end < 0:
            raise ValueError("open repetition")
        i = end + 1
    else:
        i += 1
    return i + 1 if i < len(p) and p[i] in "?+" else i


def _skip_escape(p: str, i: int) -> int:
    """Past the escape at p[i] == "\\": a class (\\w, \\d, \\s…), an anchor (\\b…) or an escaped sign; any
    other (\\1, \\x41, \\n…) makes the pattern unreadable here, so it is always searched."""
    if i + 1 < len(p) and (p[i + 1] in "bBwWdDsSAZ" or not p[i + 1].isalnum()):
        return i + 2
    raise ValueError("escape")


def _branches(p: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    out, start, i = [], 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(p, i)
        elif c == "(":
            i = _skip_group(p, i)
        elif c == "|":
            out.append(p[start:i])
            start = i = i + 1
        else:
            i += 1
    return out + [p[start:]]


def _required_run(branch: str) -> str:
    """The longest run of plain characters every match of this branch (no top-level |) contains."""
    runs, run, i = [], "", 0
    while i < len(branch):
        c = branch[i]
        if c in "\\[(":  # an escape, a class or a group: not a literal, and it ends the run
            i = _skip_escape(branch, i) if c == "\\" else _skip_class(branch, i) if c == "[" else _skip_group(branch, i)
            i = _skip_quantifier(branch, i)
            runs.append(run)
            run = ""
        elif c in "?*{":  # the character before is optional or repeated: not part of the run
            runs.append(run[:-1])
            run = ""
            i = _skip_quantifier(branch, i)
        elif c == "+":  # the character before is there at least once, but may repeat
            runs.append(run)
            run = ""
            i = _skip_quantifier(branch, i)
        elif c in ".^$)":
            runs.append(run)
            run = ""
            i += 1
        else:
            run += c
            i += 1
    runs.append(run)
    return max(runs, key=len)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of the pattern contains (one per top-level branch), or None when
    the pattern's text does not say (a branch with no literal, inline flags, an unreadable pattern)."""
    core = pattern.replace("\\b", "")
    if core and not _SPECIAL.intersection(core):  # « \bdelai », « cma france »: the words themselves
        return (core,)
    if any(pattern.startswith(flag, i + 2) for i in _positions(pattern, "(?") for flag in "aiLmsux"):
        return None  # inline flags change what the letters match
    try:
        runs: list[str] = []
        for branch in _branches(pattern):
            inner = _group_alone(branch)
            if inner is not None:  # « \b(?:listez|lister)\b »: one of the alternatives' literals
                found = required_literals(inner)
                if found is None:
                    return None
                runs.extend(found)
            else:
                runs.append(_required_run(branch))
    except ValueError:
        return None
    return None if not all(runs) else tuple(dict.fromkeys(runs))


def _positions(text: str, sub: str) -> list[int]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def _group_alone(branch: str) -> str | None:
    """The content of a branch that is one non-capturing group, unrepeated, between word boundaries."""
    core = branch.removeprefix("\\b").removesuffix("\\b")
    if not core.startswith("(?:") or _skip_group(core, 0) != len(core):
        return None
    return core[3:-1]


class Gated:
    """A pattern (its text kept as given), compiled on first search of a text that may match it."""

    __slots__ = ("pattern", "flags", "_literals", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        # False: not read yet. With flags (re.I…) a literal says nothing of the text: always searched.
        self._literals: tuple[str, ...] | None | bool = None if flags else False
        self._compiled: re.Pattern | None = None

    @property
    def literals(self) -> tuple[str, ...] | None:
        if self._literals is False:
            self._literals = required_literals(self.pattern)
        return self._literals

    def may_match(self, text: str) -> bool:
        literals = self.literals
        return literals is None or any(lit in text for lit in literals)

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match | None:
        # may_match and compiled() inlined: the 117 routing cues are asked of every question
        literals = self._literals
        if literals is False:
            literals = self.literals
        if literals is not None:
            for lit in literals:
                if lit in text:
                    break
            else:
                return None
        return (self._compiled or self.compiled()).search(text)

    def sub(self, repl: str, text: str) -> str:
        return self.compiled().sub(repl, text) if self.may_match(text) else text

    def match(self, text: str) -> re.Match | None:
        return self.compiled().match(text) if self.may_match(text) else None

    def finditer(self, text: str):
        return self.compiled().finditer(text) if self.may_match(text) else iter(())

    def __repr__(self) -> str:
        return f"Gated({self.pattern!r})"
