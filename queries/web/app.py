"""The FastAPI application: the JSON API (api.py), the pages (pages.py), our own API doc page (no CDN:
FastAPI's /docs would load Swagger UI from one), and errors in the CLI's words."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse

from engine.errors import CmakbError

from .checks import MAX_UPLOAD
from .errors import error_json, status_of


def create_app(kb, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The workbench over one knowledge base, loaded once; nothing in it is written by a request."""
    app = FastAPI(title="cmakb — établi du chercheur",
                  description="Le décret n° 2021-168 en règles : l'API JSON de cmakb (mêmes réponses, mêmes "
                              "fondements et même JSON que `cmakb … --json`, docs/json.md).",
                  version="0.1.0", docs_url=None, redoc_url=None)
    app.state.kb = kb
    app.state.max_upload = max_upload

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(CmakbError)
    async def cmakb_error(request: Request, exc: CmakbError):
        status = status_of(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_json(exc), status_code=status)
        return HTMLResponse(pages.error_page(request, exc, status), status_code=status)

    @app.exception_handler(404)
    async def not_found(request: Request, exc):
        message = "page inconnue" if not request.url.path.startswith("/api/") else "route inconnue de l'API"
        if request.url.path.startswith("/api/"):
            message, suggestions = f"{message} : {request.url.path}", _nearest_routes(app, request.url.path)
            error = f"{message} ; vouliez-vous dire : {', '.join(suggestions)} ?" if suggestions else message
            return JSONResponse({"error": error, "message": message, "suggestions": suggestions, "exit_code": 2},
                                status_code=404)
        return HTMLResponse(pages.error_page(request, message, 404), status_code=404)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc):
        # FastAPI's validation errors (a missing or too long parameter): said in French, as JSON or a page.
        details = getattr(exc, "errors", lambda: [])()
        message = " ; ".join(_invalid_parameter(d) for d in details) or "requête invalide"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "message": message, "suggestions": [], "exit_code": 2,
                                 "details": [{"loc": list(d.get("loc", ())), "type": d.get("type")} for d in details]},
                                status_code=400)
        return HTMLResponse(pages.error_page(request, message, 400), status_code=400)

    return app


def _nearest_routes(app: FastAPI, path: str) -> list[str]:
    """The API routes nearest to a mistyped one (« /api/version » → /api/versions), for its 404."""
    from engine.corpus import nearest

    routes = sorted(p for p in app.openapi().get("paths", {}) if p.startswith("/api/"))  # computed once, then kept
    return nearest(path, routes)


def _invalid_parameter(detail: dict) -> str:
    """One of FastAPI's validation errors as a person reads it: which parameter, what was given, what is expected."""
    name = ".".join(str(p) for p in detail.get("loc", ())[1:]) or "requête"
    kind, ctx, given = detail.get("type", ""), detail.get("ctx") or {}, detail.get("input")
    shown = f" = {str(given)[:40]!r}" if isinstance(given, (str, int, float)) else ""
    if kind == "missing":
        return f"paramètre manquant : {name}"
    if kind == "string_too_long":
        return f"paramètre trop long : {name} ; attendu : au plus {ctx.get('max_length')} caractères"
    if kind == "string_too_short":
        return f"paramètre vide : {name} ; attendu : au moins {ctx.get('min_length')} caractère(s)"
    if kind == "string_pattern_mismatch":
        choices = str(ctx.get("pattern", "")).strip("^$()").split("|")
        return f"paramètre invalide : {name}{shown} ; attendu : {' ou '.join(choices)}"
    if kind == "bool_parsing":
        return f"paramètre invalide : {name}{shown} ; attendu : true ou false"
    if kind == "too_long":
        return f"trop de valeurs pour {name} ; attendu : au plus {ctx.get('max_length')}"
    return f"paramètre invalide : {name}{shown}"
