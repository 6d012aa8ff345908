"""Typed answers and their JSON form (schema: docs/json.md). An answer without a basis is a bug."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from engine.ast import OPEN_END
from engine.corpus import Corpus

from . import cite

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Basis:
    """The legal basis of an answer: where it is written, which provision made it so, and links."""

    citation: str  # long form, French legal style
    short: str
    text_id: str
    text: str  # designation of the text
    article: str | None
    subdivision: str | None
    provision: str | None  # label of the provision of the amending text
    provision_citation: str | None
    url: str | None  # Légifrance link of the text (article identifiers are not in our sources)
    provision_url: str | None  # ELI of the article of the décret
    valid_from: str | None = None
    valid_to: str | None = None  # exclusive; None when open


@dataclass(frozen=True, init=False)
class Answer:
    kind: str
    fields: dict[str, Any]
    basis: tuple[Basis, ...]
    summary: str = ""

    def __init__(self, kind: str, fields: dict[str, Any], basis: tuple[Basis, ...], summary: str = ""):
        # Written out: a frozen dataclass's own __init__ sets each field through object.__setattr__, and every
        # answer of every query is built here (a warm version_at is ≈ 2 µs, a fifth of it this).
        if not basis:
            raise ValueError(f"an answer without a basis is a bug: {kind} {summary}")
        d = self.__dict__
        d["kind"], d["fields"], d["basis"], d["summary"] = kind, fields, basis, summary


@dataclass
class Response:
    question: str
    kind: str
    on: date
    answers: list[Answer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)

    def to_json(self, corpus=None) -> dict[str, Any]:
        """The JSON of docs/json.md; with the corpus, `labels` also names texts and actors in French."""
        return {
            "schema": SCHEMA_VERSION,
            "question": self.question,
            "kind": self.kind,
            "on": self.on.isoformat(),
            "query": _plain(self.query),
            "answers": [{"kind": a.kind, "summary": a.summary, **_plain(a.fields),
                         "labels": _labels(a.fields, corpus),
                         "basis": [asdict(b) for b in a.basis]} for a in self.answers],
            "notes": list(self.notes),
        }


def _labels(fields: dict, corpus) -> dict[str, str]:
    """French labels beside the ids (queries/vocabulary.py); a version's are those of its status."""
    from .vocabulary import article_label, json_labels, label

    version = fields.get("version")
    if version is not None and hasattr(version, "status"):
        out = {"status": label("status", version.status)}
        if corpus is not None and version.text_id in corpus.texts:
            out["article"] = article_label(corpus, version.text_id, version.article)
        return out
    return json_labels(fields, corpus)


def _plain(value):
    if isinstance(value, date):
        return None if value == OPEN_END else value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    return value


def make_basis(corpus: Corpus, text_id: str, citation: str, provision: str | None = None,
               valid: tuple[date, date] | None = None, *, repealed: bool = False, unchanged: bool = False) -> Basis:
    """The one way answers build their basis (and so their citation strings)."""
    from engine.citation import parse_citation

    c = parse_citation(citation) if citation else None
    article = c.article if c else None
    sub = ", ".join(str(p) for p in c.parts) if c and c.parts else None
    if c and c.article is None:
        sub = citation
    start, end = valid if valid else (None, None)
    return Basis(
        citation=cite.long_citation(corpus, text_id, citation, by=provision, repealed=repealed, unchanged=unchanged),
        short=cite.short_citation(corpus, text_id, citation),
        text_id=text_id,
        text=cite.designation(corpus.texts[text_id]),
        article=article,
        subdivision=sub,
        provision=provision,
        provision_citation=cite.provision_citation(corpus, provision) if provision else None,
        url=cite.text_url(corpus, text_id),
        provision_url=cite.provision_url(corpus, provision) if provision else None,
        valid_from=start.isoformat() if start and start.year > 1 else None,
        valid_to=end.isoformat() if end and end != OPEN_END else None,
    )
