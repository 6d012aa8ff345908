"""The pages: server-rendered, standalone (no CDN, no network, no script needed), printable, in French.
Each takes `?on=AAAA-MM-JJ` (default today) and shows it. Every answer comes from a queries/ function, as
for the CLI; a page only lays out what those return."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from engine.errors import CmakbError, QueryError

from .. import vocabulary as vocab
from ..render import detail_lines, header, headline, why_lines
from ..user_input import user_date
from .errors import error_json

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).resolve().parent / "templates"

CHECKS = {  # kind → (title, what to send, example file in docs/examples)
    "list": ("Liste électorale", "décret n° 99-433, art. 1er, I : 35 candidats par section, catégories, métiers "
             "d'art, parité par groupes de cinq", "list.csv"),
    "seats": ("Répartition des sièges", "décret n° 99-433, art. 1er, II à V : sièges à partir des voix", "votes.json"),
    "bureau": ("Composition du bureau", "code de l'artisanat, art. 19, I", "bureau.json"),
    "commission": ("Commission territoriale", "code de l'artisanat, art. 21, I", "commission.json"),
    "vote": ("Quorum et majorité d'un vote", "bureau d'une CMAR ou de CMA France ; répartition des taxes",
             "vote.json"),
    "shares": ("Part de fonctionnement", "décret n° 66-137, art. 17-1", "shares.json"),
}
TABLES = {"approbations": ("approvals", "Approbations"), "delais": ("deadlines", "Délais"),
          "regles": ("norms", "Règles")}


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["vocab"] = vocab
    env.filters["fdate"] = vocab.french_date
    env.filters["q"] = lambda v: quote(str(v), safe="")
    return env


def _day(request: Request) -> date:
    return user_date(request.query_params.get("on"), "--on")


def _page(request: Request, template: str, on: date | None, **context) -> HTMLResponse:
    kb = request.app.state.kb
    on = on or date.today()

    def url(path: str, **params) -> str:
        params = {k: v for k, v in params.items() if v not in (None, "", [])}
        params.setdefault("on", on.isoformat())
        return path + "?" + urlencode(params, doseq=True)

    html = _env().get_template(template).render(
        request=request, on=on, on_iso=on.isoformat(), on_label=vocab.french_date(on), today=date.today(),
        url=url, vocab=vocab, corpus=kb.corpus, path=request.url.path, **context)
    return HTMLResponse(html)


def error_page(request: Request, exc, status: int) -> str:
    if isinstance(exc, CmakbError):
        data = error_json(exc)
        message, suggestions = data["message"], data["suggestions"]
    else:
        message, suggestions = str(exc), []
    on = date.today()
    try:
        on = _day(request)
    except CmakbError:
        pass
    corpus = request.app.state.kb.corpus
    return _page(request, "error.html", on, status=status, message=_error_words(message, corpus),
                 suggestions=suggestions).body.decode()


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _error_words(message: str, corpus) -> str:
    """An error message for the page: text ids read as their names, but its dates stay as written — it shows
    what was typed and what to type (« attendu : une date AAAA-MM-JJ, par ex. 2022-01-31 »)."""
    days = _ISO_DAY.findall(message)
    out = vocab.humanize(_ISO_DAY.sub("\x00", message), corpus)
    for day in days:
        out = out.replace("\x00", day, 1)
    return out


def _graph(request: Request):
    if getattr(request.app.state, "graph", None) is None:
        from ..changes import graph_of

        request.app.state.graph = graph_of(request.app.state.kb)
    return request.app.state.graph


def _answer_view(resp, corpus) -> list[dict]:
    out = []
    for a in resp.answers:
        version = a.fields.get("version")
        text = getattr(version, "full_text", None)
        lines = detail_lines(a, corpus)
        if text:  # a page shows the version's text alinéa by alinéa, not on one line
            lines = [line for line in lines if not line.startswith("texte : « ")]
        out.append({"headline": headline(a, corpus, resp.on if resp.kind == "version" else None),
                    "lines": lines, "basis": a.basis, "text": text.split("\n") if text else None,
                    "why": why_lines(a.fields["why"]) if "why" in a.fields else None, "version": version})
    return out


def _response_view(resp, corpus) -> dict:
    return {"header": header(resp, corpus), "answers": _answer_view(resp, corpus),
            "notes": [vocab.humanize(n, corpus) for n in resp.notes]}


# ------------------------------------------------------------------ home, décret, texts
@router.get("/", response_class=HTMLResponse)
async def home(request: Request):
    from ..listing import list_items

    kb = request.app.state.kb
    on = _day(request)
    texts = list_items(kb, "texts", None)
    counts = {what: len(list_items(kb, what, on)) for what in ("approvals", "deadlines", "norms")}
    examples = ["Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?",
                "Quel est le quorum du bureau de la CMAR ?",
                "Dans quel délai le compte rendu de l'assemblée générale de CMA France est-il transmis ?"]
    return _page(request, "home.html", on, texts=texts, counts=counts, examples=examples,
                 summary=kb.summary(), checks=CHECKS)


@router.get("/decret", response_class=HTMLResponse)
async def decret(request: Request):
    from engine.graph import provision_sort_key

    from ..cite import provision_article, provision_url

    kb = request.app.state.kb
    on = _day(request)
    corpus = kb.corpus
    amending = corpus.amending_text()
    graph = _graph(request)
    articles: dict[str, list] = {}
    for (text_id, label), prov in sorted(corpus.provisions.items(), key=lambda kv: provision_sort_key(kv[0][1])):
        if text_id != amending.id:
            continue
        changes = graph.changes_by_provision(label, amending.id)
        articles.setdefault(provision_article(label), []).append({
            "label": label, "says": prov.says.value if prov.says else None,
            "url": provision_url(corpus, label),
            "changes": [{"operation": vocab.label("operation", c.operation), "text_id": c.text_id,
                         "article": c.article, "where": vocab.article_label(corpus, c.text_id, c.article),
                         "citation": c.citation, "old": c.old, "new": c.new,
                         "date": vocab.french_date(c.date)} for c in changes]})
    ordered = sorted(articles.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 999)
    return _page(request, "decret.html", on, amending=amending, articles=ordered,
                 title=vocab.text_label(corpus, amending.id))


@router.get("/textes", response_class=HTMLResponse)
async def texts(request: Request):
    from ..listing import list_items

    on = _day(request)
    return _page(request, "texts.html", on, texts=list_items(request.app.state.kb, "texts", None))


@router.get("/textes/{text_id}", response_class=HTMLResponse)
async def text_page(request: Request, text_id: str):
    from ..listing import list_items
    from ..resolve import resolve_text

    kb = request.app.state.kb
    on = _day(request)
    text_id = resolve_text(kb.corpus, text_id)
    every = [i for i in list_items(kb, "articles", None) if i.fields["text_id"] == text_id]
    now = {i.id: i for i in list_items(kb, "articles", on) if i.fields["text_id"] == text_id}
    rows = [{"item": i, "now": now.get(i.id)} for i in every]
    text = kb.corpus.texts[text_id]
    return _page(request, "text.html", on, text=text, text_id=text_id, rows=rows,
                 title=vocab.text_label(kb.corpus, text_id))


def _article_context(request: Request, text_id: str, article: str):
    from ..resolve import resolve_article, resolve_text

    kb = request.app.state.kb
    from ..code_parts import text_holding  # /textes/CA/articles/R. 332-2: the 2023 code's article
    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text_id), article)
    number = resolve_article(kb.corpus, text_id, article)
    return kb, text_id, number


@router.get("/textes/{text_id}/articles/{article}", response_class=HTMLResponse)
async def article_page(request: Request, text_id: str, article: str):
    from ..article_versions import history, version_at
    from .consolidated import text_view

    on = _day(request)
    kb, text_id, number = _article_context(request, text_id, article)
    hist = history(kb, text_id, number)
    now = version_at(kb, text_id, number, on)
    held = now.answers[0].fields["version"] if now.answers else None
    timeline = []
    for a in hist.answers:
        v = a.fields["version"]
        timeline.append({"v": v, "period": vocab.interval(v.start, v.end) if (v.start or v.end)
                         else "date de début inconnue", "status": vocab.label("status", v.status),
                         "current": held is not None and held.version_id == v.version_id,
                         "at": (v.start or date(2021, 2, 18)).isoformat(),
                         "lines": detail_lines(a, kb.corpus), "basis": a.basis})
    changes = _graph(request).provisions_changing(text_id, number)
    from ..report.svg import timeline_svg

    picture = timeline_svg(kb.timelines[(text_id, number)], corpus=kb.corpus) \
        if (text_id, number) in kb.timelines else None  # its words are escaped by svg.py
    consolidated = text_view(kb, text_id, number, on)
    return _page(request, "article.html", on, text_id=text_id, number=number,
                 title=vocab.article_label(kb.corpus, text_id, number), timeline=timeline,
                 now=_response_view(now, kb.corpus), changes=changes, consolidated=consolidated,
                 picture=picture,
                 notes=[vocab.humanize(n, kb.corpus) for n in hist.notes])


@router.get("/textes/{text_id}/articles/{article}/version", response_class=HTMLResponse)
async def version_page(request: Request, text_id: str, article: str):
    from ..article_versions import version_at

    on = _day(request)
    kb, text_id, number = _article_context(request, text_id, article)
    resp = version_at(kb, text_id, number, on)
    return _page(request, "version.html", on, text_id=text_id, number=number,
                 title=vocab.article_label(kb.corpus, text_id, number), resp=_response_view(resp, kb.corpus))


# ------------------------------------------------------------------ tables
async def table_page(request: Request):
    from ..listing import list_items

    table = request.url.path.strip("/")
    what, title = TABLES[table]
    kb = request.app.state.kb
    on = _day(request)
    actor = request.query_params.get("acteur") or ""
    text = request.query_params.get("texte") or ""
    words = (request.query_params.get("mot") or "")[:200]
    every = request.query_params.get("tout") == "1"
    items = list_items(kb, what, None if every else on)
    if actor:
        items = [i for i in items if actor in _actors_of(i)]
    if text:
        items = [i for i in items if any(b.text_id == text for b in i.basis)]
    if words:
        from ..resolve import fold

        wanted = fold(words)
        items = [i for i in items if wanted in fold(i.label)]
    actors = sorted({a for i in list_items(kb, what, None) for a in _actors_of(i)},
                    key=lambda a: vocab.actor_label(kb.corpus, a))
    return _page(request, "table.html", on, table=table, what=what, title=title, items=items, actor=actor,
                 text=text, words=words, every=every, actors=actors,
                 texts=sorted({b.text_id for i in list_items(kb, what, None) for b in i.basis}))


for _table in TABLES:
    router.add_api_route(f"/{_table}", table_page, methods=["GET"], response_class=HTMLResponse)


def _actors_of(item) -> set[str]:
    out = set()
    for key in ("approver", "who", "to", "proposer", "subject", "body"):
        v = item.fields.get(key)
        out.update([v] if isinstance(v, str) else (v or []))
    return out


# ------------------------------------------------------------------ question
@router.get("/question", response_class=HTMLResponse)
async def question_page(request: Request):
    from ..ask import ask
    from ..explanations import attach_explanations

    kb = request.app.state.kb
    on = _day(request)
    q = (request.query_params.get("q") or "").strip()
    from_raw = request.query_params.get("from") or ""
    if len(q) > 500:
        raise QueryError("question trop longue : au plus 500 caractères")
    view = None
    if q:
        # as `cmakb ask`: a date chosen on the page wins, else the dates the question names
        asked_on = on if request.query_params.get("on") else None
        resp = ask(kb, q, asked_on, user_date(from_raw, "--from") if from_raw else None)
        attach_explanations(kb, resp)
        view = _response_view(resp, kb.corpus)
    return _page(request, "question.html", on, q=q, from_=from_raw, resp=view)


# ------------------------------------------------------------------ compliance checks
@router.get("/controles", response_class=HTMLResponse)
async def checks_page(request: Request):
    return _page(request, "checks.html", _day(request), checks=CHECKS)


@router.get("/controles/{kind}", response_class=HTMLResponse)
async def check_form(request: Request, kind: str):
    from ..compliance import OPTIONS, kind_of

    kind = kind_of(kind)
    return _page(request, "check.html", _day(request), kind=kind, check=CHECKS[kind], result=None,
                 options={k: v for k, v in OPTIONS[kind].items() if k not in ("on",)}, pasted="", fmt="json")


@router.post("/controles/{kind}", response_class=HTMLResponse)
async def check_submit(request: Request, kind: str, fichier: UploadFile | None = None,
                       contenu: str = Form(""), format: str = Form("json"), on: str = Form("")):
    from ..compliance import OPTIONS, kind_of
    from .checks import run_uploaded

    kind = kind_of(kind)
    limit = request.app.state.max_upload
    form = await request.form()
    readings = [f"{k[len('lecture_'):]}={v}" for k, v in form.items()
                if k.startswith("lecture_") and isinstance(v, str) and v]
    if fichier is not None and fichier.filename:
        data = await fichier.read(limit + 1)
        name = fichier.filename
        fmt = "csv" if name.lower().endswith(".csv") else "json"
    else:
        data, name, fmt = contenu.encode("utf-8"), None, format
    if len(data) > limit:
        from .errors import TooLarge

        raise TooLarge(limit)
    if not data.strip():
        raise QueryError("aucun fichier ni contenu à contrôler")
    day = user_date(on or None, "--on")
    # always at a date (today by default), as `cmakb check-KIND`: a rule not in force that day is said so
    result = run_uploaded(request.app.state.kb, kind, data, fmt, readings, day.isoformat(), filename=name)
    from ..compliance import render_result
    from ..recodified import compliance_verdict_suffix

    return _page(request, "check.html", day, kind=kind, check=CHECKS[kind], result=result,
                 text=render_result(result), verdict_suffix=compliance_verdict_suffix(result),
                 options={k: v for k, v in OPTIONS[kind].items() if k not in ("on",)},
                 pasted=contenu if not name else "", fmt=fmt)


# ------------------------------------------------------------------ API documentation (ours: no CDN)
@router.get("/api", response_class=HTMLResponse)
async def api_doc(request: Request):
    spec = request.app.openapi()
    routes = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "required": p.get("required", False),
                       "description": p.get("description") or p.get("schema", {}).get("description", ""),
                       "in": p["in"]} for p in op.get("parameters", [])]
            routes.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                           "doc": op.get("description", ""), "params": params,
                           "id": re.sub(r"\W+", "-", f"{method}-{path}").strip("-")})
    return _page(request, "api.html", _day(request), routes=routes, title=spec["info"]["title"])
