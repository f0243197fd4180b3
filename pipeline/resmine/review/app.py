"""The review app: FastAPI routes over the store, pages rendered on the server.

Every page is a Jinja2 template with autoescaping on; every write is a POST carrying the CSRF
token of the browser's session, answered by a redirect (so reloading never repeats a decision).
One store connection serves the app, used under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.middleware.trustedhost import TrustedHostMiddleware

from resmine.model import RELATIONS
from resmine.review.highlight import pieces
from resmine.review.plots import bar_chart, precision_chart
from resmine.review.security import AUTH_COOKIE, CURATOR_COOKIE, SESSION_COOKIE, Guard
from resmine.store import Database
from resmine.store.curation import (
    ACTIONS, STATUSES, DecisionError, QueueFilter, counts, decide, decisions_of, evidence_of,
    latest_run_id, precision_by_confidence, queue, tally_by, undo,
)
from resmine.store.db import redacted

HERE = Path(__file__).parent
PAGE_SIZE = 20
STATUS_CHOICES = ("queued", *STATUSES, "all")
MAX_CURATOR = 80


def _float(value: str | None, default: float) -> float:
    try:
        return min(1.0, max(0.0, float(value))) if value not in (None, "") else default
    except ValueError:
        return default


def queue_filter(params: Any) -> QueueFilter:
    status = params.get("status") or "queued"
    return QueueFilter(
        gene=(params.get("gene") or "").strip(), drug=(params.get("drug") or "").strip(),
        relation=params.get("relation") if params.get("relation") in RELATIONS else "",
        min_confidence=_float(params.get("min_confidence"), 0.0),
        max_confidence=_float(params.get("max_confidence"), 1.0),
        status=status if status in STATUS_CHOICES else "queued",
        new_only=params.get("new") == "1")


def filter_query(f: QueueFilter, page: int = 1) -> str:
    values = {"gene": f.gene, "drug": f.drug, "relation": f.relation, "status": f.status,
              "min_confidence": f"{f.min_confidence:g}" if f.min_confidence else "",
              "max_confidence": f"{f.max_confidence:g}" if f.max_confidence < 1 else "",
              "new": "1" if f.new_only else "", "page": str(page) if page > 1 else ""}
    return urlencode({k: v for k, v in values.items() if v})


def doc_link(doc_id: str) -> str:
    """PubMed for a PMID, PMC for a PMCID, nothing for any other doc id."""
    if doc_id.isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{doc_id}/"
    if doc_id.startswith("PMC") and doc_id[3:].isdigit():
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{doc_id}/"
    return ""


def _safe_next(target: str | None) -> str:
    # only a path of this app: never an open redirect to another site
    if target and target.startswith(("/queue", "/summary")) and "//" not in target and "\\" not in target:
        return target
    return "/queue"


LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


def create_app(db: Database, token: str | None = None, curator: str | None = None,
               guard: Guard | None = None, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the open store ``db``. ``token``: asked once per browser on the login page
    (required when serving beyond 127.0.0.1); ``curator``: the name decisions are recorded
    under when the browser has not given one; ``allowed_hosts``: the Host headers answered
    (default: the loopback names, so a web page cannot reach a local app by DNS rebinding;
    ``["*"]`` when a token guards the app)."""
    guard = guard or Guard(token)
    lock = threading.Lock()
    app = FastAPI(title="resmine review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_NAMES)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    templates = Jinja2Templates(env=env)

    @contextmanager
    def store() -> Iterator[Database]:
        with lock:
            yield db

    @app.middleware("http")
    async def session_and_login(request: Request, call_next):
        session = request.cookies.get(SESSION_COOKIE)
        new_session = None if session else guard.new_session()
        request.state.session = session or new_session
        public = request.url.path.startswith("/static/") or request.url.path == "/login"
        if not public and not guard.authenticated(request.cookies.get(AUTH_COOKIE)):
            response: Response = RedirectResponse("/login", status_code=303)
        else:
            response = await call_next(request)
        if new_session:
            response.set_cookie(SESSION_COOKIE, new_session, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def who(request: Request) -> str:
        return (request.cookies.get(CURATOR_COOKIE) or curator or "").strip()[:MAX_CURATOR]

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        with store() as s:
            tally = counts(s)
        context.update(request=request, csrf=guard.csrf_token(request.state.session),
                       curator=who(request), counts=tally, store=redacted(db.location))
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def refuse(request: Request, message: str, status_code: int) -> HTMLResponse:
        return render(request, "message.html", status_code=status_code, message=message)

    def csrf_ok(request: Request, token: str) -> bool:
        return guard.csrf_ok(request.cookies.get(SESSION_COOKIE), token)

    def bad_csrf(request: Request) -> HTMLResponse:
        return refuse(request, "The form had no valid CSRF token; reload the page and try again.", 403)

    @app.get("/")
    def index() -> RedirectResponse:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, message: str = "") -> HTMLResponse:
        return render(request, "login.html", message=message, needs_token=guard.needs_login)

    @app.post("/login")
    def login(request: Request, csrf_token: str = Form(""), name: str = Form(""),
              token: str = Form("")) -> Response:
        if not csrf_ok(request, csrf_token):
            return bad_csrf(request)
        if guard.needs_login and not guard.token_ok(token):
            return render(request, "login.html", status_code=403, message="Wrong token.",
                          needs_token=True)
        name = " ".join(name.split())[:MAX_CURATOR]
        if not name:
            return render(request, "login.html", status_code=400, message="Give your name: "
                          "decisions are recorded under it.", needs_token=guard.needs_login)
        response = RedirectResponse("/queue", status_code=303)
        response.set_cookie(CURATOR_COOKIE, name, httponly=True, samesite="strict")
        if guard.needs_login:
            response.set_cookie(AUTH_COOKIE, guard.auth_cookie(), httponly=True, samesite="strict")
        return response

    @app.get("/queue", response_class=HTMLResponse)
    def queue_page(request: Request, page: int = 1) -> HTMLResponse:
        f = queue_filter(request.query_params)
        page = max(1, page)
        with store() as s:
            rows, total = queue(s, f, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            evidence = evidence_of(s, [r["triple_id"] for r in rows])
            latest = latest_run_id(s)
        for row in rows:
            row["evidence"] = [dict(e, pieces=pieces(e["sentence"], e["sentence_start"], e["mentions"]),
                                    link=doc_link(e["doc_id"])) for e in evidence[row["triple_id"]]]
            row["requeued"] = bool(row["queued"]) and row["status"] != "pending"
            row["new"] = latest is not None and latest in (row["first_run_id"], row["requeued_run_id"])
        query = filter_query(f, page)
        here = "/queue" + (f"?{query}" if query else "")
        return render(request, "queue.html", rows=rows, total=total, f=f, page=page,
                      pages=max(1, -(-total // PAGE_SIZE)), here=here, relations=RELATIONS,
                      statuses=STATUS_CHOICES, next_page=f"/queue?{filter_query(f, page + 1)}",
                      prev_page=f"/queue?{filter_query(f, page - 1)}")

    @app.post("/triples/{triple_id}/decide")
    def decide_route(request: Request, triple_id: str, csrf_token: str = Form(""),
                     action: str = Form(""), note: str = Form(""), gene: str = Form(""),
                     mutation: str = Form(""), drug: str = Form(""), relation: str = Form(""),
                     next: str = Form("/queue")) -> Response:
        if not csrf_ok(request, csrf_token):
            return bad_csrf(request)
        name = who(request)
        if not name:
            return RedirectResponse("/login?" + urlencode({"message": "Give your name first."}), status_code=303)
        if action not in ACTIONS:
            return refuse(request, f"Unknown action {action!r}.", 400)
        try:
            with store() as s:
                decide(s, triple_id, action, name, note=note,
                       edit={"gene": gene, "mutation": mutation, "drug": drug, "relation": relation})
        except DecisionError as error:
            return refuse(request, str(error), 400)
        return RedirectResponse(_safe_next(next), status_code=303)

    @app.post("/undo")
    def undo_route(request: Request, csrf_token: str = Form(""), next: str = Form("/queue")) -> Response:
        if not csrf_ok(request, csrf_token):
            return bad_csrf(request)
        name = who(request)
        if not name:
            return RedirectResponse("/login", status_code=303)
        with store() as s:
            undo(s, name)
        return RedirectResponse(_safe_next(next), status_code=303)

    @app.get("/triples/{triple_id}", response_class=HTMLResponse)
    def history_page(request: Request, triple_id: str) -> HTMLResponse:
        with store() as s:
            triple = s.one("SELECT * FROM triples WHERE triple_id = ?", (triple_id,))
            history = decisions_of(s, triple_id) if triple else []
            events = s.query("SELECT * FROM audit_log WHERE triple_id = ? AND actor = 'resmine' "
                             "ORDER BY audit_id", (triple_id,)) if triple else []
        if triple is None:
            return refuse(request, f"No triple {triple_id}.", 404)
        return render(request, "history.html", t=triple, history=history, events=events)

    @app.get("/summary", response_class=HTMLResponse)
    def summary_page(request: Request) -> HTMLResponse:
        with store() as s:
            charts = [
                bar_chart("Triples by gene (top 15)", [(k, float(v)) for k, v in tally_by(s, "gene")]),
                bar_chart("Triples by drug (top 15)", [(k, float(v)) for k, v in tally_by(s, "drug")]),
                bar_chart("Triples by relation", [(k, float(v)) for k, v in tally_by(s, "relation")]),
                precision_chart(precision_by_confidence(s)),
            ]
        return render(request, "summary.html", charts=charts)

    return app
