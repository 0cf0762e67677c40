"""A real browser on the real server: Debian's Chromium, driven by Playwright, against
``opsreport serve`` on a free localhost port over the demo store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PERIOD = "2023-08..2023-09"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_store, tmp_path_factory):
    """``opsreport serve`` in a subprocess on the demo store; its base URL."""
    port = _free_port()
    home = tmp_path_factory.mktemp("serve-home")
    log = home / "serve.log"
    script = Path(sys.executable).with_name("opsreport")
    env = {**os.environ, "OPSREPORT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("OPSREPORT_DATABASE_URL", None)
    command = [str(script), "--database", demo_store.url, "serve", "--port", str(port)]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"opsreport serve did not start:\n{log.read_text()}", pytrace=False)
            time.sleep(0.2)
        assert f"http://localhost:{port}/" in log.read_text()  # it prints its URL
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed ({CHROMIUM}); run 'make test', which installs it "
            "from Debian.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def figure(page, indicator: str) -> str:
    return page.locator(f'[data-indicator="{indicator}"] .figure').inner_text()


def test_a_reader_changes_the_period_switches_to_spanish_and_opens_the_report(
    server, browser, tmp_path
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(60_000)

    # the dashboard opens on the latest two full months with data
    page.goto(f"{server}/")
    assert page.locator("h1").inner_text() == "September and October 2023"
    before = figure(page, "legal-orientation-residing")

    # choosing another period in the picker submits the form and changes the figures
    with page.expect_navigation():
        page.select_option("select#period", PERIOD)
    assert page.locator("h1").inner_text() == "August and September 2023"
    assert figure(page, "legal-orientation-residing") == "112"
    assert figure(page, "legal-orientation-residing") != before
    assert figure(page, "community-workshop-participants") == "1,432"
    page.screenshot(path=tmp_path / "dashboard-en.png", full_page=True)

    # the language switch keeps the period
    page.get_by_role("link", name="ES", exact=True).click()
    page.wait_for_url(f"**/?period={PERIOD}&lang=es")
    assert page.locator("h1").inner_text() == "agosto y septiembre de 2023"
    assert page.get_by_role("heading", name="Cifras principales").is_visible()
    assert figure(page, "community-workshop-participants") == "1.432"
    page.screenshot(path=tmp_path / "dashboard-es.png", full_page=True)

    # a card leads to the indicator's definition
    page.locator('[data-indicator="medical-care-transit-etrm"]').click()
    page.wait_for_url("**/indicators/medical-care-transit-etrm?**")
    assert page.get_by_text("Estación Temporal de Recepción Migratoria").first.is_visible()

    # the report page embeds the report of the same period and language
    page.get_by_role("link", name="Informe", exact=True).click()
    page.wait_for_url(f"**/report?period={PERIOD}&lang=es")
    report = page.frame_locator("iframe.report")
    assert "agosto y septiembre de 2023" in report.locator("body").inner_text()
    pdf_link = page.get_by_role("link", name="Descargar PDF")
    assert pdf_link.get_attribute("href") == f"/report.pdf?period={PERIOD}&lang=es"
    page.screenshot(path=tmp_path / "report-es.png", full_page=True)

    for name in ("dashboard-en.png", "dashboard-es.png", "report-es.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
    page.close()
