"""The consolidated text of an article at a date, for the workbench: the same query as `cmakb text`
(queries/consolidated_text.py, reading `kb.consolidated`), so /api/text is `cmakb text --json` and the
article page shows the same words, each passage marked by the provision of the décret that wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import vocabulary as vocab


def consolidated_json(kb, text: str, article: str, on: date) -> dict:
    """Exactly what `cmakb text TEXT ARTICLE --on ON --json` prints."""
    from ..consolidated_text import article_text

    return article_text(kb, text, article, on).to_json()


@dataclass(frozen=True)
class Alinea:
    """One alinéa as the page shows it: where it is, and its passages (words, provision or None)."""

    where: str
    passages: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class TextView:
    summary: str
    alineas: tuple[Alinea, ...] = ()
    provisions: tuple[str, ...] = ()
    url: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def text_view(kb, text_id: str, article: str | None, on: date) -> TextView | None:
    """The article's words at `on`, alinéa by alinéa, for the page; None when no source has them."""
    from ..consolidated_text import _provision_key, article_text

    from engine.errors import QueryError

    if article is None:
        return None
    try:
        resp = article_text(kb, text_id, article, on)
    except QueryError:  # a unit, not an article (« titre VI »): it has no words of its own
        return None
    notes = tuple(vocab.humanize(n, kb.corpus) for n in resp.notes)
    if not resp.answers:
        return TextView("", notes=notes) if notes else None
    a = resp.answers[0]
    f = a.fields
    groups: dict[tuple, list] = {}
    for p in f["passages"]:
        groups.setdefault((p["division"], p["alinea"]), []).append((p["text"], p["provision"]))
    alineas = tuple(Alinea((f"{div}, " if div else "") + f"al. {al}", tuple(ps)) for (div, al), ps in groups.items())
    provisions = tuple(sorted({p["provision"] for p in f["passages"] if p["provision"]}, key=_provision_key))
    notes = tuple(vocab.humanize(n, kb.corpus) for n in f.get("notes", [])) + notes
    return TextView(vocab.humanize(a.summary, kb.corpus), alineas, provisions, f.get("url"), notes)
