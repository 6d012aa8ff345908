"""The JSON API: one route per CLI query command, same functions, same answers, same bases, same JSON
(docs/json.md), same error messages (as JSON, HTTP 400 or 404). Read-only: every route is a GET but the
compliance checks, which POST the file to check (JSON body, or CSV as text/csv)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request

from engine.errors import QueryError

from ..user_input import user_date as day  # the CLI's date reader: same defaults (today), same messages

router = APIRouter(prefix="/api", tags=["api"])

OnParam = Annotated[str | None, Query(description="date de la question, AAAA-MM-JJ (par défaut : aujourd'hui)",
                                      max_length=40)]
FromParam = Annotated[str | None, Query(alias="from", description="date de l'événement qui fait courir le délai",
                                        max_length=40)]
WhyParam = Annotated[bool, Query(description="joindre la dérivation de chaque réponse (`why`)")]
Phrase = Annotated[str, Query(min_length=1, max_length=500)]
MaybeName = Annotated[str | None, Query(max_length=200)]


def kb_of(request: Request):
    return request.app.state.kb


def dated(resp, on: str | None):
    """The date note and `query.date` the CLI adds (user_input.dated): which date was used, and where it came from."""
    from ..user_input import dated as dated_answer

    return dated_answer(resp, on or None)


def respond(request: Request, resp, why: bool = False) -> dict:
    kb = kb_of(request)
    if why:
        from ..explanations import attach_explanations

        attach_explanations(kb, resp)
    return resp.to_json(kb.corpus)


@router.get("/ask", summary="Poser une question en français (cmakb ask)")
async def api_ask(request: Request, q: Phrase, on: OnParam = None, from_: FromParam = None,
                  why: WhyParam = False) -> dict:
    from ..ask import ask

    # as `cmakb ask`: without `on`, the dates the question names decide (else today)
    resp = ask(kb_of(request), q, day(on) if on else None, day(from_, "--from") if from_ else None)
    return respond(request, resp, why)


@router.get("/approvals", summary="Qui approuve un acte (cmakb approves)")
async def api_approvals(request: Request, act: Phrase, on: OnParam = None, why: WhyParam = False) -> dict:
    from ..approvals import who_approves

    return respond(request, dated(who_approves(kb_of(request), act, day(on)), on), why)


@router.get("/deadlines", summary="Quel délai s'applique (cmakb deadline)")
async def api_deadlines(request: Request, subject: Phrase, on: OnParam = None, from_: FromParam = None,
                        suspended: Annotated[list[str], Query(max_length=60)] = [],  # noqa: B006
                        why: WhyParam = False) -> dict:
    from ..deadlines import deadlines_asked
    from ..user_input import suspension_periods

    if len(suspended) > 20:
        raise QueryError("au plus 20 périodes de suspension")
    resp = deadlines_asked(kb_of(request), subject, day(on) if on else None, day(from_, "--from") if from_ else None,
                           suspension_periods(tuple(suspended)))
    return respond(request, resp, why)


@router.get("/norms", summary="Les autres règles : quorum, majorités, composition… (cmakb norm)")
async def api_norms(request: Request, about: Phrase, on: OnParam = None, why: WhyParam = False) -> dict:
    from ..body_rules import norms_about

    return respond(request, dated(norms_about(kb_of(request), about, day(on)), on), why)


@router.get("/versions", summary="Quelle version d'un article s'applique à une date (cmakb version)")
async def api_versions(request: Request, text: Phrase, article: MaybeName = None, on: OnParam = None,
                       why: WhyParam = False) -> dict:
    from ..article_versions import version_at

    return respond(request, dated(version_at(kb_of(request), text, article, day(on)), on), why)


@router.get("/history", summary="Toutes les versions d'un article (cmakb history)")
async def api_history(request: Request, text: Phrase, article: MaybeName = None, why: WhyParam = False) -> dict:
    from ..article_versions import history

    return respond(request, history(kb_of(request), text, article), why)


@router.get("/changes", summary="Ce que le décret a modifié (cmakb changes)")
async def api_changes(request: Request, text: MaybeName = None, article: MaybeName = None,
                      provision: MaybeName = None, why: WhyParam = False) -> dict:
    from ..changes import changes_response

    resp, _graph = changes_response(kb_of(request), text, provision, article, day(None))
    return respond(request, resp, why)


@router.get("/list/{what}", summary="Ce qui est encodé (cmakb list)")
async def api_list(request: Request, what: str, on: OnParam = None) -> dict:
    from ..listing import list_items

    d = day(on) if on else None
    items = list_items(kb_of(request), what, d)
    return {"schema": 1, "what": what, "on": d.isoformat() if d else None, "items": [i.to_json() for i in items]}


@router.get("/text", summary="Le texte consolidé d'un article à une date, passage par passage (cmakb text)")
async def api_text(request: Request, text: Phrase, article: Annotated[str, Query(min_length=1, max_length=200)],
                   on: OnParam = None) -> dict:
    from .consolidated import consolidated_json

    return consolidated_json(kb_of(request), text, article, day(on))


@router.post("/check/{kind}", summary="Contrôle de conformité (cmakb check-KIND) : le fichier en corps de requête")
async def api_check(request: Request, kind: str, on: OnParam = None,
                    reading: Annotated[list[str], Query(max_length=80)] = [],  # noqa: B006
                    format: Annotated[str | None, Query(pattern="^(json|csv)$")] = None) -> dict:
    """The body is the file to check: JSON (`Content-Type: application/json`) or CSV (`text/csv`, or
    `?format=csv`), at most the upload limit; `reading=NAME=VALUE` as `--reading`."""
    from .checks import read_limited, run_uploaded

    from ..question_dates import asked_date

    body = await read_limited(request)
    ctype = request.headers.get("content-type", "")
    fmt = format or ("csv" if "csv" in ctype else "json")
    used = asked_date(day(on) if on else None, None)  # as `cmakb check-KIND`: always a date, said in the answer
    result = run_uploaded(kb_of(request), kind, body, fmt, reading, used.value.isoformat())
    from ..compliance import result_to_json

    return {**result_to_json(result), "date": used.to_json()}


def openapi_json(app) -> str:
    return json.dumps(app.openapi(), ensure_ascii=False)
