"""The review app's security and pages through FastAPI's test client (no browser): CSRF,
tokens, bind check, escaping, redirects; and the pieces it is made of."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from resmine.cli import main
from resmine.engine.local import extract_to_directory, store_recording
from resmine.model import triple_id
from resmine.review.app import create_app
from resmine.review.highlight import pieces
from resmine.review.plots import bar_chart
from resmine.review.security import BindRefused, check_bind
from resmine.store import open_store
from resmine.store.curation import decisions_of

EGFR = triple_id("EGFR", "T790M", "erlotinib", "resistance")
DOCS = {"11111.txt": "EGFR T790M confers resistance to erlotinib.\n",
        "PMC2222.txt": "ALK G1202R confers resistance to ceritinib.\n"}
TOKEN = "a-long-enough-review-token"


@pytest.fixture
def store(store_location, tmp_path, pipeline):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    with store_recording(store_location, "extract", [docs], pipeline) as recorder:
        extract_to_directory([docs], tmp_path / "out", pipeline, recorder=recorder, report=lambda line: None)
    db = open_store(store_location)
    yield db
    db.close()


def local_client(app) -> TestClient:
    """A browser on this machine (the app answers only to loopback names by default)."""
    return TestClient(app, base_url="http://127.0.0.1:8000")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', html).group(1)


def _status(db, tid=EGFR) -> str:
    return db.scalar("SELECT status FROM triples WHERE triple_id = ?", (tid,))


def test_queue_shows_triples_with_highlights_and_links(store):
    client = local_client(create_app(store, curator="ana"))
    page = client.get("/queue")
    assert page.status_code == 200
    html = page.text
    assert '<mark class="gene" title="GENE EGFR">EGFR</mark>' in html
    assert '<mark class="mutation" title="MUTATION T790M">T790M</mark>' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/11111/"' in html
    assert 'href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2222/"' in html
    assert "0 of 2 decided" in html and "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/review.js").status_code == 200
    assert "<svg" in client.get("/summary").text


def test_a_post_without_the_csrf_token_is_refused(store):
    client = local_client(create_app(store, curator="ana"))
    client.get("/queue")  # the session cookie
    for data in ({"action": "accept"}, {"action": "accept", "csrf_token": "0" * 64}):
        response = client.post(f"/triples/{EGFR}/decide", data=data, follow_redirects=False)
        assert response.status_code == 403 and "CSRF" in response.text
    assert client.post("/undo", data={}, follow_redirects=False).status_code == 403
    # a token from another browser's session is no good either
    other = local_client(create_app(store, curator="ana"))
    assert client.post(f"/triples/{EGFR}/decide", follow_redirects=False,
                       data={"action": "accept", "csrf_token": _csrf(other.get("/queue").text)}).status_code == 403
    assert _status(store) == "pending" and decisions_of(store, EGFR) == []
    # with it, the decision is made and the browser sent back to the queue it came from
    token = _csrf(client.get("/queue").text)
    response = client.post(f"/triples/{EGFR}/decide", follow_redirects=False,
                           data={"action": "accept", "csrf_token": token, "next": "/queue?gene=EGFR"})
    assert (response.status_code, response.headers["location"]) == (303, "/queue?gene=EGFR")
    assert _status(store) == "accepted" and decisions_of(store, EGFR)[0]["curator"] == "ana"


def test_redirects_stay_on_the_app(store):
    client = local_client(create_app(store, curator="ana"))
    token = _csrf(client.get("/queue").text)
    for target in ("https://evil.example/", "//evil.example/queue", "/queue\\@evil.example"):
        response = client.post(f"/triples/{EGFR}/decide", follow_redirects=False,
                               data={"action": "flag", "csrf_token": token, "next": target})
        assert response.headers["location"] == "/queue"


def test_an_injection_attempt_in_a_note_is_stored_as_text_and_shown_escaped(store):
    client = local_client(create_app(store, curator="<b>mallory</b>"))
    token = _csrf(client.get("/queue").text)
    note = "<script>alert('x')</script>'); DROP TABLE triples; --"
    client.post(f"/triples/{EGFR}/decide", data={"action": "note", "note": note, "csrf_token": token})
    assert store.scalar("SELECT note FROM triples WHERE triple_id = ?", (EGFR,)) == note
    assert store.scalar("SELECT COUNT(*) FROM triples") == 2
    html = client.get("/queue").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>mallory</b>" not in html and "&lt;b&gt;mallory&lt;/b&gt;" in html


def test_without_a_curator_name_a_decision_asks_for_one(store):
    client = local_client(create_app(store))
    token = _csrf(client.get("/queue").text)
    response = client.post(f"/triples/{EGFR}/decide", data={"action": "accept", "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert _status(store) == "pending"
    client.post("/login", data={"name": "  Ana  Lee ", "csrf_token": token})
    client.post(f"/triples/{EGFR}/decide", data={"action": "reject", "csrf_token": token})
    assert store.scalar("SELECT decided_by FROM triples WHERE triple_id = ?", (EGFR,)) == "Ana Lee"


def test_with_a_token_every_page_needs_the_login(store):
    client = local_client(create_app(store, token=TOKEN))
    response = client.get("/queue", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    assert client.get("/summary", follow_redirects=False).status_code == 303
    token = _csrf(client.get("/login").text)
    assert client.post("/login", data={"name": "ana", "token": "wrong", "csrf_token": token}).status_code == 403
    assert client.get("/queue", follow_redirects=False).status_code == 303
    client.post("/login", data={"name": "ana", "token": TOKEN, "csrf_token": token})
    assert client.get("/queue", follow_redirects=False).status_code == 200


def test_a_non_local_bind_without_a_token_is_refused():
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("localhost", None)
    for host in ("0.0.0.0", "192.168.1.10", "example.org"):
        with pytest.raises(BindRefused, match="without --token"):
            check_bind(host, None)
    with pytest.raises(BindRefused, match="at least 16"):
        check_bind("0.0.0.0", "short")
    check_bind("0.0.0.0", TOKEN)


def test_the_review_command_refuses_a_non_local_bind_before_opening_anything(tmp_path, monkeypatch):
    monkeypatch.delenv("RESMINE_REVIEW_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["review", "--host", "0.0.0.0", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert result.output.startswith("error: refusing to listen on 0.0.0.0 without --token")
    assert len(result.output.splitlines()) == 1 and not (tmp_path / "none.sqlite").exists()


def test_highlight_pieces_cover_the_sentence_and_prefer_the_longer_mention():
    sentence = "BRAF V600E and BRAFV600E resist."
    mentions = [{"start_offset": 100, "end_offset": 104, "label": "GENE", "normalized": "BRAF"},
                {"start_offset": 105, "end_offset": 110, "label": "MUTATION", "normalized": "V600E"},
                {"start_offset": 115, "end_offset": 124, "label": "MUTATION", "normalized": "V600E"},
                {"start_offset": 115, "end_offset": 119, "label": "GENE", "normalized": "BRAF"},
                {"start_offset": 90, "end_offset": 140, "label": "GENE", "normalized": "outside"}]
    result = pieces(sentence, 100, mentions)
    assert "".join(p["text"] for p in result) == sentence
    assert [(p["text"], p["label"]) for p in result if p["label"]] == [
        ("BRAF", "GENE"), ("V600E", "MUTATION"), ("BRAFV600E", "MUTATION")]


def test_chart_labels_are_escaped():
    svg = bar_chart("<genes>", [("<script>x</script>", 3.0), ("A&B", 1.0)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A&amp;B" in svg and "&lt;genes&gt;" in svg


def test_a_local_app_answers_only_to_loopback_host_names(store):
    # a page on another site that rebinds its name to 127.0.0.1 is refused
    app = create_app(store, curator="ana")
    assert TestClient(app, base_url="http://evil.example").get("/queue").status_code == 400
    for base in ("http://localhost:8000", "http://127.0.0.1:8000"):
        assert TestClient(app, base_url=base).get("/queue").status_code == 200


def test_the_history_page_lists_decisions_and_requeues(store):
    client = local_client(create_app(store, curator="ana"))
    token = _csrf(client.get("/queue").text)
    client.post(f"/triples/{EGFR}/decide", data={"action": "reject", "note": "<i>n</i>", "csrf_token": token})
    client.post("/undo", data={"csrf_token": token})
    html = client.get(f"/triples/{EGFR}").text
    rows = re.findall(r"<tr><td>[^<]*</td><td>ana</td><td>(\w+)", html)
    assert rows == ["reject", "undo"] and "&lt;i&gt;n&lt;/i&gt;" in html
    assert '<b id="status">pending</b>' in html
    assert client.get("/triples/0000000000000000").status_code == 404
