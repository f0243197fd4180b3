"""Make docs/review-queue.png and docs/review-summary.png: run the bundled corpus into a
temporary store, start `resmine review` on it, decide a few triples with the keyboard as a
curator would, and photograph the two pages with Debian's Chromium.

    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_review_browser import CHROMIUM, ReviewServer  # noqa: E402  (the tests' server helper)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "resmine.sqlite"
        subprocess.run([sys.executable, "-m", "resmine", "run", "--out", str(Path(folder) / "run"),
                        "--db", str(store)], check=True, stdout=subprocess.DEVNULL)
        server = ReviewServer(str(store), curator="curator-1").start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{server.url}/queue")
                for key in "axaaxaxaa":  # a sample of decisions, so the plots have something
                    with page.expect_navigation():
                        page.keyboard.press(key)
                page.screenshot(path=str(ROOT / "docs" / "review-queue.png"))
                page.goto(f"{server.url}/summary")
                page.screenshot(path=str(ROOT / "docs" / "review-summary.png"), full_page=True)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
