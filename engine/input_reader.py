"""Read one input file (a rules file, a source text, a questions file, a compliance input): bounded and strict.

Every reader of user-supplied files goes through `read_text`, so the same limits hold everywhere:
- only regular files (a directory, a device such as /dev/zero, a FIFO is refused with a message);
- at most `limit` bytes (reading stops at limit + 1, so /dev/zero-like inputs cannot exhaust memory);
- strict UTF-8: an invalid byte is reported at its real line:col, counted as the rules lexer counts
  (lines end at "\\n" only, columns in characters), with the line shown.

No newline translation is done (Path.read_text would turn a lone "\\r" into a line break the lexer
never sees); "\\r\\n" becomes "\\n", which keeps every line number.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import CmakbError, RulesSyntaxError, SourcePos

MAX_INPUT_BYTES = 8 * 1024 * 1024
"""The largest input file cmakb reads (8 MiB; the whole rules tree is under 400 KB)."""


class InputFileError(CmakbError):
    """A file that cannot be read as text: what, where, and what was expected.

    `problem` is the message without the file's name, `line`/`column` where it is known, so that a
    reader with its own message style (queries/compliance/io.py) can say it its way."""

    def __init__(self, message: str, problem: str | None = None, line: int | None = None,
                 column: int | None = None):
        super().__init__(message)
        self.problem, self.line, self.column = problem or message, line, column


def _file_error(name: str, problem: str) -> InputFileError:
    return InputFileError(f"{name}: {problem}", problem)


def line_col(data: bytes, offset: int) -> tuple[int, int, str]:
    """Line and column (1-based, characters) of byte `offset`, and that line's text (bad bytes as U+FFFD).

    Lines are split at "\\n" only: the rules lexer counts lines the same way.
    """
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    end = len(data) if end < 0 else end
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column, data[start:end].decode("utf-8", errors="replace")


def read_bytes(path: str | Path, *, what: str = "file", limit: int = MAX_INPUT_BYTES, name: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else raises InputFileError."""
    shown = name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _file_error(shown, "no such file") from None
    except OSError as exc:
        raise _file_error(shown, f"cannot read this {what} ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise _file_error(shown, f"is a directory; expected a {what} (a regular file)")
    if not stat.S_ISREG(st.st_mode):
        raise _file_error(shown, f"is not a regular file (device, pipe or socket); expected a {what}")
    if st.st_size > limit:
        raise _file_error(shown, f"{st.st_size} bytes; a {what} may have at most {limit} bytes")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _file_error(shown, f"cannot read this {what} ({exc.strerror})") from None
    if len(data) > limit:  # the file grew while we read it
        raise _file_error(shown, f"more than {limit} bytes; a {what} may have at most {limit} bytes")
    return data


def decode_utf8(data: bytes, name: str, *, what: str = "file", rules: bool = False) -> str:
    """Strict UTF-8 text; "\\r\\n" → "\\n". An invalid byte raises at its line:col (RulesSyntaxError if `rules`)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column, line_text = line_col(data, exc.start)
        message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded; expected UTF-8"
        if rules:
            raise RulesSyntaxError(message, SourcePos(name, line, column, line_text)) from None
        raise InputFileError(f"{name}:{line}:{column}: {message}", message, line, column) from None
    return text.replace("\r\n", "\n")


def read_text(path: str | Path, *, what: str = "file", limit: int = MAX_INPUT_BYTES, name: str | None = None,
              rules: bool = False, bom: bool = False) -> str:
    """A bounded, strict UTF-8 text file (see the module's doc). `bom`: drop a leading byte-order mark."""
    shown = name or str(path)
    data = read_bytes(path, what=what, limit=limit, name=shown)
    if bom and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return decode_utf8(data, shown, what=what, rules=rules)


MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects an input JSON file may have (the formats need 4)."""

MAX_JSON_DIGITS = 30
"""The longest number an input JSON file may write (Python refuses str→int past 4,300 digits)."""


class _JsonValueError(ValueError):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_DIGITS:
        raise _JsonValueError(f"a number of {len(text.lstrip('-'))} digits; expected at most {MAX_JSON_DIGITS}")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if len(text) > 2 * MAX_JSON_DIGITS or value in (float("inf"), float("-inf")):
        raise _JsonValueError(f"number {text[:40]!r} is out of range; expected a number of at most "
                              f"{MAX_JSON_DIGITS} digits")
    return value


def _json_constant(name: str):
    raise _JsonValueError(f"{name} is not a number; expected a finite number")


def parse_json(text: str, name: str) -> object:
    """JSON with limits: no NaN/Infinity, numbers of at most MAX_JSON_DIGITS digits, at most MAX_JSON_DEPTH
    levels. A problem raises InputFileError « NAME:LINE:COL: invalid JSON (…) »."""
    import json

    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg})",
                             f"invalid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except _JsonValueError as exc:
        raise InputFileError(f"{name}: invalid JSON: {exc}", f"invalid JSON: {exc}") from None
    except RecursionError:
        problem = f"invalid JSON: nested too deeply; expected at most {MAX_JSON_DEPTH} levels of arrays and objects"
        raise InputFileError(f"{name}: {problem}", problem) from None
    stack = [(data, 1)]
    while stack:  # iterative: a deep structure must not overflow our own stack either
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth > MAX_JSON_DEPTH:
                problem = (f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels; expected at most "
                           f"{MAX_JSON_DEPTH} levels of arrays and objects")
                raise InputFileError(f"{name}: {problem}", problem)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return data
