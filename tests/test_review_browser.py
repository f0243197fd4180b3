"""The review app in a real browser: Playwright driving Debian's Chromium (``.ci/run`` installs
it; no browser download) against ``resmine review`` started as a command, on a store written by
the real engine. Skipped, saying why, only when no Chromium is installed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from resmine.cli import main
from resmine.engine.local import extract_to_directory, store_recording
from resmine.export import read_csv
from resmine.store import open_store

CHROMIUM = os.environ.get("RESMINE_CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
DOCS = {
    "11111.txt": "EGFR T790M confers resistance to erlotinib.\n",
    "22222.txt": "ALK G1202R confers resistance to ceritinib.\n",
    "33333.txt": "BRAF V600E melanoma cells were sensitive to vemurafenib.\n",
    "44444.txt": "KRAS G12C confers resistance to cetuximab.\n",
    "55555.txt": "MET D1228N confers resistance to capmatinib.\n",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReviewServer:
    """``resmine review`` as a curator starts it, on a free port."""

    def __init__(self, db: str, curator: str = "ana"):
        self.db, self.curator, self.port = db, curator, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> ReviewServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "resmine", "review", "--db", self.db, "--port", str(self.port),
             "--curator", self.curator], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"resmine review exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("resmine review did not start in 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process.stderr.close()
            self.process = None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def store_path(tmp_path, pipeline) -> str:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    location = str(tmp_path / "store.sqlite")
    with store_recording(location, "extract", [docs], pipeline) as recorder:
        extract_to_directory([docs], tmp_path / "out", pipeline, recorder=recorder, report=lambda line: None)
    return location


def _triple(location: str, tid: str) -> dict:
    with open_store(location) as db:
        return db.one("SELECT * FROM triples WHERE triple_id = ?", (tid,))


def _cards(page) -> list[str]:
    return page.eval_on_selector_all("article.card", "cards => cards.map(c => c.dataset.tripleId)")


def _press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_curator_reviews_with_the_keyboard_and_decisions_outlive_the_server(browser, store_path, tmp_path):
    server = ReviewServer(store_path).start()
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/queue")
        queue = _cards(page)
        assert len(queue) == 5 and page.locator("#curator").inner_text() == "ana"
        assert page.locator("article.card.current").get_attribute("data-triple-id") == queue[0]
        assert page.locator("article.card").first.locator("mark.gene").count() >= 1

        # a: accept the current (first) card; it leaves the queue
        _press(page, "a")
        first = _triple(store_path, queue[0])
        assert (first["status"], first["decided_by"], first["queued"]) == ("accepted", "ana", 0)
        assert _cards(page) == queue[1:]
        assert "1 of 5 decided" in page.locator("#progress-text").inner_text()

        # e: edit the next one; the form opens with the gene field focused
        page.keyboard.press("e")
        assert page.evaluate("document.activeElement.name") == "gene"
        card = page.locator("article.card.current")
        card.locator('details.edit input[name="drug"]').fill("lorlatinib")
        with page.expect_navigation():
            card.locator("details.edit button[type=submit]").click()
        edited = _triple(store_path, queue[1])
        assert (edited["status"], edited["curated_drug"]) == ("accepted", "lorlatinib")

        # x rejects, u undoes it: the triple is pending and back at the head of the queue
        _press(page, "x")
        assert _triple(store_path, queue[2])["status"] == "rejected"
        _press(page, "u")
        assert _triple(store_path, queue[2])["status"] == "pending"
        assert _cards(page) == queue[2:]

        # space skips to the next card; x then rejects that one, not the skipped one
        page.keyboard.press(" ")
        assert page.locator("article.card.current").get_attribute("data-triple-id") == queue[3]
        _press(page, "x")
        assert _triple(store_path, queue[3])["status"] == "rejected"
        assert _triple(store_path, queue[2])["status"] == "pending"

        # filter the queue by gene
        gene = _triple(store_path, queue[4])["gene"]
        page.fill('#filters input[name="gene"]', gene)
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        assert _cards(page) == [queue[4]] and f"gene={gene}" in page.url
        page.close()
    finally:
        server.stop()

    # a new server on the same store shows the decisions
    server = ReviewServer(store_path, curator="ben").start()
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/queue?status=accepted")
        assert sorted(_cards(page)) == sorted(queue[:2])
        assert "lorlatinib" in page.locator(f'article[data-triple-id="{queue[1]}"] .triple .drug').inner_text()
        assert page.locator(".decided-by").first.inner_text() == "ana"
        page.goto(f"{server.url}/queue?status=rejected")
        assert _cards(page) == [queue[3]]
        page.goto(f"{server.url}/summary")
        assert page.locator("svg.chart").count() == 4
        page.close()
    finally:
        server.stop()

    # and the export carries them
    out = tmp_path / "kb"
    result = CliRunner().invoke(main, ["export", "--db", store_path, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {row["triple_id"]: row for row in read_csv(out / "knowledge_base.csv")}
    assert sorted(rows) == sorted(queue[:2])
    assert rows[queue[1]]["drug"] == "lorlatinib" and rows[queue[0]]["decided_by"] == "ana"


def test_a_formula_typed_as_a_gene_in_the_browser_is_exported_inert(browser, store_path, tmp_path):
    server = ReviewServer(store_path).start()
    formula = '=HYPERLINK("http://evil.example","click")'
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/queue")
        tid = _cards(page)[0]
        page.keyboard.press("e")
        page.locator("article.card.current details.edit input[name=gene]").fill(formula)
        with page.expect_navigation():
            page.locator("article.card.current details.edit button[type=submit]").click()
        page.goto(f"{server.url}/queue?status=accepted")
        assert page.locator(f'article[data-triple-id="{tid}"] .triple .gene').inner_text() == formula
        page.close()
    finally:
        server.stop()
    result = CliRunner().invoke(main, ["export", "--db", store_path, "-o", str(tmp_path / "kb")])
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "kb" / "knowledge_base.csv").read_text(encoding="utf-8")
    civic = (tmp_path / "kb" / "civic_evidence.csv").read_text(encoding="utf-8")
    for text in (raw, civic):
        assert "'=HYPERLINK(" in text and '\n"=HYPERLINK' not in text and "\n=HYPERLINK" not in text
    assert read_csv(tmp_path / "kb" / "knowledge_base.csv")[0]["gene"] == formula
