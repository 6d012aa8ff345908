"""The consolidated text of an article at a date, once the pipeline has it (#10 builds
engine/consolidation.py and `kb.consolidated`, a dict {(text_id, article): …} of frozen dataclasses).
Until then /api/text answers 501 with a clear message, and the article page says so."""

from __future__ import annotations

from datetime import date

from engine.errors import CmakbError

from ..answers import _plain
from ..resolve import resolve_article, resolve_text


class NotYet(CmakbError):
    http_status = 501

    def __init__(self):
        super().__init__("le texte consolidé n'est pas encore disponible dans cette version de cmakb")
        self.message = str(self)


def available(kb) -> bool:
    return hasattr(type(kb), "consolidated") or "consolidated" in getattr(kb, "__dict__", {})


def consolidated_of(kb, text_id: str, article: str | None):
    """The consolidation entry of one article, or None (no text for it), or NotYet."""
    if not available(kb):
        raise NotYet()
    return kb.consolidated.get((text_id, article))


def consolidated_json(kb, text: str, article: str | None, on: date) -> dict:
    text_id = resolve_text(kb.corpus, text)
    number = resolve_article(kb.corpus, text_id, article)
    entry = consolidated_of(kb, text_id, number)
    # TODO(lead, at merge with #10): prefer #10's own `text` response (queries/text.py) when it exists,
    # so that /api/text and `cmakb text --json` are the same JSON.
    return {"schema": 1, "kind": "text", "on": on.isoformat(), "text_id": text_id, "article": number,
            "consolidated": _plain(entry)}
