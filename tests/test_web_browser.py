"""End to end, in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright for Python) against
a workbench served on a free loopback port: follow a text → article → version, ask a question and read the
cited answer, upload a compliance file and read a breach.

Skipped only when /usr/bin/chromium is missing outside CI; in CI (CI=true) a missing browser fails the suite.
`CMAKB_SCREENSHOTS=1` also writes the screenshots of the main pages into docs/img/.
"""

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); these tests run in CI",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(kb):
    import uvicorn

    from queries.web import create_app

    port = free_port()
    config = uvicorn.Config(create_app(kb), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the workbench did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:  # Playwright gives the browser a new empty profile of its own
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*FLAGS, "--lang=fr-FR"])  # its own widgets in French
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR")
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        yield pg
        browser.close()


def shoot(pg, name: str, tmp_path) -> None:
    """Every run takes the screenshot (so it is known to work); CMAKB_SCREENSHOTS=1 keeps it in docs/img/."""
    target = ROOT / "docs" / "img" if os.environ.get("CMAKB_SCREENSHOTS") == "1" else tmp_path
    pg.screenshot(path=str(target / f"workbench-{name}.png"), full_page=False)


def test_follow_a_text_to_an_article_to_a_version(page, server, tmp_path):
    page.goto(f"{server}/?on=2022-01-01")
    assert page.inner_text("#page-date") == "1er janvier 2022"
    assert page.title().startswith("Accueil — cmakb")
    shoot(page, "home", tmp_path)
    page.click("header >> text=Textes modifiés")
    page.click("a:text-is('décret n° 66-137')")
    assert page.inner_text("h1") == "décret n° 66-137"
    shoot(page, "text", tmp_path)
    page.click("a.article-link:text-is('décret n° 66-137, art. 2')")
    assert page.inner_text("h1") == "décret n° 66-137, art. 2"
    current = page.locator("table.timeline tr.current")
    assert "du 19 février 2021 au 30 juin 2023" in current.inner_text()
    # the consolidated text as in force that day, the 6° the décret rewrote marked with its provision
    written = page.locator("#consolidated mark.provision").first
    assert written.inner_text().startswith("6° Elabore les certifications professionnelles dans les conditions "
                                           "prévues à l'article L. 6113-1 du code du travail.")
    assert "rédaction issue de l'art. 7, 2° c) du décret n° 2021-168" == written.get_attribute("title")
    shoot(page, "article", tmp_path)
    current.locator("a.version-link").click()
    assert page.inner_text("#page-date") == "19 février 2021"
    answer = page.locator(".answer").first.inner_text()
    assert "décret n° 66-137, art. 2 : en vigueur au 19 février 2021" in answer
    assert "dans sa rédaction issue de l'article 7 du décret n° 2021-168" in answer


def test_the_decret_page_shows_each_provision_and_what_it_changed(page, server, tmp_path):
    page.goto(f"{server}/decret?on=2022-01-01")
    page.click("nav >> a:text-is('17')")
    assert "abrogation : décret n° 2014-1499" in page.locator("#article-17 ~ .provision").first.inner_text()
    page.goto(f"{server}/decret?on=2022-01-01#article-2")
    shoot(page, "decret", tmp_path)


def test_ask_a_question_and_read_the_cited_answer(page, server, tmp_path):
    page.goto(f"{server}/question?on=2022-01-01")
    page.fill("#q", "Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?")
    page.click("form.box button[type=submit]")
    answer = page.locator(".answer").first
    # code de l'artisanat, art. 28, II (#15's corrected norm): tacit approval by the préfet de région after one
    # month from receipt, failing express approval or an opposition notified to the chambre
    assert "approbation tacite — préfet de région, délai de 1 mois" in answer.locator(".headline").inner_text()
    basis = answer.locator(".basis").inner_text()
    assert "article 19, II bis, 3° du code de l'artisanat" in basis and "article 28, II, al. 6 du code de l'artisanat" in basis
    assert "approves(" in answer.locator("pre.why").inner_text()
    shoot(page, "question", tmp_path)


def test_submit_a_compliance_file_and_read_a_breach(page, server, tmp_path):
    page.goto(f"{server}/controles/list?on=2022-01-01")
    page.set_input_files("input[name=fichier]", str(ROOT / "docs" / "examples" / "list.csv"))
    page.click("form.box button[type=submit]")
    assert page.inner_text("h2.verdict") == "Non conforme : 5 manquement(s)"
    breach = page.locator(".breach").nth(1).inner_text()
    assert "section D2 : 33 candidats, il en faut au moins 35" in breach
    assert "article 1er, I, al. 2 du décret n° 99-433" in breach
    shoot(page, "check", tmp_path)


def test_tables_filter_and_the_api_doc_page_tries_a_route(page, server, tmp_path):
    page.goto(f"{server}/approbations?on=2022-01-01")
    page.select_option("select[name=acteur]", "prefet_de_region")
    page.click("form.box button[type=submit]")
    rows = page.locator("tr[data-id]")
    assert rows.count() >= 5
    assert all("préfet de région" in rows.nth(i).inner_text() for i in range(rows.count()))
    shoot(page, "approvals", tmp_path)
    page.goto(f"{server}/api?on=2022-01-01")
    form = page.locator("#get-api-versions")
    form.locator("input[name=text]").fill("décret 99-433")
    form.locator("input[name=article]").fill("4")
    form.locator("button").click()
    out = form.locator("pre.out")
    out.wait_for(state="visible")
    assert '"status": "renumbered"' in out.inner_text() and "HTTP 200" in out.inner_text()


def test_the_browser_is_the_debian_one():
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
