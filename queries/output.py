"""The one writer of what the CLI produces: files (--out, --graphml, --graph-json, --svg) and standard output.

An OS error while writing (a missing folder, a directory where a file is wanted, /dev/full, /proc)
becomes an OutputError naming the option, the path and the reason (exit 2), never a traceback.
Standard output always receives valid UTF-8: text that carries undecodable bytes (Python's surrogate
escapes) is refused at the arguments (`check_arguments`) and, as a last guard, replaced by U+FFFD.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.errors import OutputError, QueryError

_REASONS = {
    errno.ENOENT: "dossier inexistant",
    errno.ENOTDIR: "une partie du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.ENOSPC: "plus de place sur le périphérique",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EEXIST: "existe déjà et n'est pas un dossier",
}


@contextmanager
def writing(option: str, path: str | os.PathLike | None) -> Iterator[None]:
    """Run the writes of one output option; an OSError becomes « impossible d'écrire OPTION 'PATH' : raison »."""
    try:
        yield
    except OSError as exc:
        reason = _REASONS.get(exc.errno, exc.strerror or type(exc).__name__)
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        raise OutputError(f"impossible d'écrire {option} {str(path)!r} : {reason}{where} ; attendu : un chemin "
                          "modifiable dans un dossier existant") from None


def write_text(path: str | os.PathLike, text: str, option: str) -> Path:
    """Write `text` as UTF-8 to `path` (the folder must exist)."""
    path = Path(path)
    with writing(option, path):
        path.write_text(safe_text(text), encoding="utf-8")
    return path


def safe_text(text: str) -> str:
    """`text` encodable as UTF-8: lone surrogates (undecodable input bytes) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def echo(text: str, err: bool = False) -> None:
    """click.echo of valid UTF-8 only (see safe_text)."""
    import click

    click.echo(safe_text(text), err=err)


def check_arguments(values) -> None:
    """Refuse a command-line argument that is not valid UTF-8 (exit 2): it cannot name law, and echoing it
    back would write invalid UTF-8 (or crash a strict stdout)."""
    for value in values:
        items = value if isinstance(value, (tuple, list)) else (value,)
        for item in items:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError as exc:
                    try:
                        shown = item.encode("utf-8", errors="surrogateescape")[:40]
                    except UnicodeEncodeError:
                        shown = item.encode("utf-8", errors="backslashreplace")[:40]
                    raise QueryError(f"argument illisible {shown!r} : ce n'est pas du texte UTF-8 (octet "
                                     f"{exc.start + 1}) ; attendu : du texte UTF-8") from None

