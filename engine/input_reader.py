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


_WHAT_FR = {"input file": "fichier d'entrée", "questions file": "fichier de questions",
            "text file of amending sentences": "fichier de phrases modificatives"}
"""The files a user gives to a query (a compliance input, questions, amending sentences): their messages are in
French, as every message a user reads; the files of a rules tree (for rule authors) keep English."""


def _problems(what: str, rules: bool) -> dict[str, str]:
    if rules or what not in _WHAT_FR:
        return {"missing": "no such file", "unreadable": f"cannot read this {what} ({{reason}})",
                "directory": f"is a directory; expected a {what} (a regular file)",
                "special": f"is not a regular file (device, pipe or socket); expected a {what}",
                "large": f"{{size}} bytes; a {what} may have at most {{limit}} bytes",
                "grew": f"more than {{limit}} bytes; a {what} may have at most {{limit}} bytes"}
    fr = _WHAT_FR.get(what, what)
    return {"missing": "fichier inexistant", "unreadable": f"impossible de lire ce {fr} ({{reason}})",
            "directory": f"c'est un dossier ; attendu : un {fr} (un fichier ordinaire)",
            "special": f"pas un fichier ordinaire (périphérique, tube ou socket) ; attendu : un {fr}",
            "large": f"{{size}} octets ; attendu : un {fr} d'au plus {{limit}} octets",
            "grew": f"plus de {{limit}} octets ; attendu : un {fr} d'au plus {{limit}} octets"}


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


def read_bytes(path: str | Path, *, what: str = "file", limit: int = MAX_INPUT_BYTES, name: str | None = None,
               rules: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else raises InputFileError."""
    shown = name or str(path)
    say = _problems(what, rules)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _file_error(shown, say["missing"]) from None
    except OSError as exc:
        raise _file_error(shown, say["unreadable"].format(reason=exc.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _file_error(shown, say["directory"])
    if not stat.S_ISREG(st.st_mode):
        raise _file_error(shown, say["special"])
    if st.st_size > limit:
        raise _file_error(shown, say["large"].format(size=st.st_size, limit=limit))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _file_error(shown, say["unreadable"].format(reason=exc.strerror)) from None
    if len(data) > limit:  # the file grew while we read it
        raise _file_error(shown, say["grew"].format(limit=limit))
    return data


def decode_utf8(data: bytes, name: str, *, what: str = "file", rules: bool = False) -> str:
    """Strict UTF-8 text; "\\r\\n" → "\\n". An invalid byte raises at its line:col (RulesSyntaxError if `rules`)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column, line_text = line_col(data, exc.start)
        message = (f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded; expected UTF-8"
                   if rules or what not in _WHAT_FR else
                   f"texte illisible : l'octet 0x{data[exc.start]:02x} n'est pas de l'UTF-8 ; attendu : du texte UTF-8")
        if rules:
            raise RulesSyntaxError(message, SourcePos(name, line, column, line_text)) from None
        raise InputFileError(f"{name}:{line}:{column}: {message}", message, line, column) from None
    return text.replace("\r\n", "\n")


def read_text(path: str | Path, *, what: str = "file", limit: int = MAX_INPUT_BYTES, name: str | None = None,
              rules: bool = False, bom: bool = False) -> str:
    """A bounded, strict UTF-8 text file (see the module's doc). `bom`: drop a leading byte-order mark."""
    shown = name or str(path)
    data = read_bytes(path, what=what, limit=limit, name=shown, rules=rules)
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
        raise _JsonValueError(f"un nombre de {len(text.lstrip('-'))} chiffres ; attendu : au plus {MAX_JSON_DIGITS}")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if len(text) > 2 * MAX_JSON_DIGITS or value in (float("inf"), float("-inf")):
        raise _JsonValueError(f"nombre {text[:40]!r} hors limites ; attendu : un nombre d'au plus "
                              f"{MAX_JSON_DIGITS} chiffres")
    return value


def _json_constant(name: str):
    raise _JsonValueError(f"{name} n'est pas un nombre ; attendu : un nombre fini")


_JSON_MESSAGES = {  # the json module's words (json/decoder.py, json/scanner.py), in French
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de propriété attendu, entre guillemets droits \"…\"",
    "Expecting ':' delimiter": "« : » attendu",
    "Expecting ',' delimiter": "« , » attendu",
    "Extra data": "données en trop après la fin",
    "Unterminated string starting at": "texte non terminé",
    "Invalid control character at": "caractère de contrôle interdit",
    "Invalid \\escape": "échappement « \\ » invalide",
    "Invalid \\uXXXX escape": "échappement « \\uXXXX » invalide",
    "Illegal trailing comma before end of object": "virgule en trop avant la fin de l'objet",
    "Illegal trailing comma before end of array": "virgule en trop avant la fin de la liste",
}


def _json_message(msg: str) -> str:
    return _JSON_MESSAGES.get(msg, msg)


def parse_json(text: str, name: str) -> object:
    """JSON with limits: no NaN/Infinity, numbers of at most MAX_JSON_DIGITS digits, at most MAX_JSON_DEPTH
    levels. A problem raises InputFileError « NAME:LINE:COL: JSON invalide (…) »."""
    import json

    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        problem = f"JSON invalide ({_json_message(exc.msg)})"
        raise InputFileError(f"{name}:{exc.lineno}:{exc.colno}: {problem}", problem, exc.lineno, exc.colno) from None
    except _JsonValueError as exc:
        raise InputFileError(f"{name}: JSON invalide : {exc}", f"JSON invalide : {exc}") from None
    except RecursionError:
        problem = (f"JSON invalide : imbriqué trop profondément ; attendu : au plus {MAX_JSON_DEPTH} niveaux de "
                   "listes et d'objets")
        raise InputFileError(f"{name}: {problem}", problem) from None
    stack = [(data, 1)]
    while stack:  # iterative: a deep structure must not overflow our own stack either
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            if depth > MAX_JSON_DEPTH:
                problem = (f"JSON invalide : plus de {MAX_JSON_DEPTH} niveaux d'imbrication ; attendu : au plus "
                           f"{MAX_JSON_DEPTH} niveaux de listes et d'objets")
                raise InputFileError(f"{name}: {problem}", problem)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return data
