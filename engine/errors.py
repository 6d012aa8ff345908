"""One error hierarchy for cmakb: every message says what, where, and what was expected.

A rules-file error renders as::

    rules/x.cma:12:5: unknown text 'D66_13'; known: D66_137, D99_433
        substitute D66_13 "art. 17" « a » by « b »
                   ^
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePos:
    """A place in a rules file (1-based line and column), with the text of that line."""

    file: str
    line: int
    column: int
    line_text: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class CmakbError(Exception):
    """Base of every error cmakb reports to a user (never shown as a traceback)."""

    exit_code = 2

    def render(self) -> str:
        return str(self)


class RulesError(CmakbError):
    """An error in a rules file, at a position."""

    def __init__(self, message: str, pos: SourcePos | None = None, expected: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.expected = sorted(expected or [])

    def render(self) -> str:
        head = f"{self.pos}: {self.message}" if self.pos else self.message
        lines = [head]
        if self.pos and self.pos.line_text:
            lines.append("    " + self.pos.line_text.rstrip("\n"))
            lines.append("    " + caret_padding(self.pos.line_text, self.pos.column) + "^")
        if self.expected:
            lines.append("expected one of: " + ", ".join(self.expected))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class RulesSyntaxError(RulesError):
    """The text does not follow the grammar."""


class RulesSemanticError(RulesError):
    """The text parses but says something impossible (unknown text, bad date, overlap …)."""


class CitationError(CmakbError):
    """A citation string ("art. 19, II bis, 3°") that cannot be read."""

    def __init__(self, message: str, text: str, offset: int = 0):
        super().__init__(message)
        self.message, self.text, self.offset = message, text, offset

    def __str__(self) -> str:
        return f"{self.message}\n    {self.text}\n    {' ' * self.offset}^"


class QueryError(CmakbError):
    """A bad query input, said in French with the value typed, what was expected, an example; `suggestions`
    are the nearest known names (« texte inconnu : 'nosuchtext' ; vouliez-vous dire : CA, CA2023, CCIV ? »)."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions or [])

    def __str__(self) -> str:
        if self.suggestions:
            return f"{self.message} ; vouliez-vous dire : {', '.join(self.suggestions)} ?"
        return self.message


class UnknownNameError(QueryError):
    """A query names a text, an article, a provision or a check cmakb does not know (HTTP 404 on the workbench)."""

    http_status = 404


class CalendarError(QueryError):
    """Date arithmetic that leaves Python's calendar (0001-01-01 to 9999-12-31): a message, not an OverflowError."""


class OutputError(CmakbError):
    """A file cmakb was asked to write cannot be written (missing folder, a directory, a full disk …)."""


class ErrorList(CmakbError):
    """Several rules errors found in one pass, reported together."""

    def __init__(self, errors: list[RulesError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)

    def __str__(self) -> str:
        return self.render()


def caret_padding(line_text: str, column: int) -> str:
    """Spaces (tabs kept) so that a caret lands under `column` of `line_text`."""
    prefix = line_text[: max(column - 1, 0)]
    return "".join("\t" if ch == "\t" else " " for ch in prefix)
