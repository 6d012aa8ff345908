"""A compliance check on an uploaded or pasted file: the CLI's own reader and checks (queries/compliance),
fed a temporary file, with a size limit. The front end never computes law."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from engine.errors import QueryError

from .errors import TooLarge

MAX_UPLOAD = 256 * 1024  # bytes: a list of 35 candidates × 13 départements is about 40 Kio


async def read_limited(request, limit: int | None = None) -> bytes:
    """The request body, refused past the limit (Content-Length first, then as it streams)."""
    limit = limit or request.app.state.max_upload
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _options(readings, on: str | None) -> dict:
    """--reading NAME=VALUE and --on, read as `cmakb check-KIND` reads them."""
    from ..compliance import reading_options
    from ..user_input import user_date

    return reading_options(readings, user_date(on, "date") if on else None)


def _safe_name(name: str | None, kind: str, fmt: str) -> str:
    """The name the messages give the file: the uploaded name if plain, else « KIND.FMT »."""
    stem = Path(name or "").stem
    stem = stem if re.fullmatch(r"[\w .-]{1,80}", stem or "") else kind
    return f"{stem}.{fmt}"


def run_uploaded(kb, kind: str, data: bytes, fmt: str, readings=(), on: str | None = None,
                 filename: str | None = None):
    from ..compliance import kind_of, run_check

    kind = kind_of(kind)  # an unknown check is refused before anything is written
    if fmt not in ("json", "csv"):
        raise QueryError(f"type de fichier inconnu : {fmt!r} ; attendu : json ou csv")
    options = _options(readings, on)
    with tempfile.TemporaryDirectory(prefix="cmakb-check-") as tmp:
        path = Path(tmp) / _safe_name(filename, kind, fmt)
        path.write_bytes(data)
        try:
            return run_check(kind, str(path), kb.corpus, options)
        except Exception as exc:  # the reader names the temporary path: name the file as the user sent it
            for attr in ("file", "message"):
                if isinstance(getattr(exc, attr, None), str):
                    setattr(exc, attr, getattr(exc, attr).replace(str(path), path.name))
            if exc.args and isinstance(exc.args[0], str):
                exc.args = (exc.args[0].replace(str(path), path.name), *exc.args[1:])
            raise
