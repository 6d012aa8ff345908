"""Errors as the CLI says them, with an HTTP status: 404 for a name cmakb does not know (a text, an
article, a check, a list), 400 for every other bad input (a date, an option, a file)."""

from __future__ import annotations

from engine.errors import CmakbError

def status_of(exc: CmakbError) -> int:
    """A name cmakb does not know says 404 by its class (engine.errors.UnknownNameError); anything else, 400."""
    return getattr(exc, "http_status", None) or 400


def error_json(exc: CmakbError) -> dict:
    """{"error": the CLI's message (as `cmakb` prints it), "message", "suggestions", "exit_code": 2}."""
    rendered = exc.render() if hasattr(exc, "render") else str(exc)
    return {"error": rendered, "message": getattr(exc, "message", None) or str(exc),
            "suggestions": list(getattr(exc, "suggestions", []) or []), "exit_code": exc.exit_code}


class TooLarge(CmakbError):
    """An upload over the size limit: refused before it is read further."""

    http_status = 413

    def __init__(self, limit: int):
        super().__init__(f"fichier trop volumineux : au plus {limit // 1024} Kio")
        self.message = str(self)
