"""The workbench's pages (queries/web/), through the test client: French, dated, every answer with its basis,
no English status word and no internal id in what a person reads."""

import html
import re
from pathlib import Path

import pytest

from tests.test_vocabulary import scan

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


@pytest.fixture(scope="module")
def client(kb):
    from fastapi.testclient import TestClient

    from queries.web import create_app

    return TestClient(create_app(kb))


def visible(page: str) -> str:
    """What a reader sees: no scripts, styles, tags or attributes. The --why tree (<pre class="why">) is the
    engine's derivation, in its own terms (predicates, constants) on purpose, and is left out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<pre class="why">.*?</pre>', " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


PAGES = ["/?on=2022-01-01", "/", "/decret?on=2022-01-01", "/textes", "/textes/D66_137?on=2022-01-01",
         "/textes/CA?on=2022-01-01", "/textes/D99_433?on=2024-01-01", "/textes/D2014_1499",
         "/textes/D66_137/articles/2?on=2022-01-01", "/textes/D66_137/articles/2?on=2023-07-01",
         "/textes/CA/articles/19%20quater?on=2022-01-01", "/textes/CA/articles/titre%20VI?on=2021-01-01",
         "/textes/CA2023/articles/R.%20321-3?on=2024-01-01", "/textes/D99_433/articles/4/version?on=2022-01-01",
         "/approbations?on=2022-01-01", "/approbations", "/delais?on=2022-01-01&acteur=ministre_artisanat",
         "/regles?on=2022-01-01&mot=quorum", "/regles?tout=1",
         "/question?q=Qui+approuve+le+budget+d%27une+CMAR+%3F&on=2022-01-01", "/question",
         "/question?q=qui+approuve+la+couleur+des+murs+%3F&on=2022-01-01",
         "/controles", "/controles/list", "/controles/seats"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_french_dated_and_free_of_ids(client, corpus, url):
    r = client.get(url)
    assert r.status_code == 200, url
    page = r.text
    assert '<html lang="fr">' in page and 'id="page-date"' in page
    if "on=2022-01-01" in url:
        assert "Droit applicable au <strong id=\"page-date\">1er janvier 2022</strong>" in page
    assert "cdn" not in page.lower() and "<script src" not in page
    bad = scan(visible(page), corpus)
    assert not bad, "\n".join(bad)


def test_home_links_the_decret_texts_tables_question_and_checks(client):
    page = client.get("/?on=2022-01-01").text
    for href in ("/decret?on=2022-01-01", "/textes?on=2022-01-01", "/approbations?on=2022-01-01",
                 "/question?on=2022-01-01", "/controles?on=2022-01-01", "/api?on=2022-01-01"):
        assert f'href="{href}"' in page
    # the same count as `cmakb list approvals --on 2022-01-01` (54 since #15's corrected and added norms)
    assert "54 en vigueur au 1er janvier 2022" in page
    assert "Voir au 30 juin 2023" not in page
    # today nothing of the décret holds in the old texts: the page says so, says the new code answers (21
    # approvals of the code de l'artisanat of 2023 today, the two of R. 332-2, 6° among them) and offers the last
    # day of the old texts
    today = visible(client.get("/?on=2024-01-01").text)
    assert "21 en vigueur au 1er janvier 2024" in today
    assert "ne s'appliquent plus dans les textes d'origine" in today and "issu du décret n° 2023-500" in today
    assert "Voir au 30 juin 2023" in client.get("/").text


def test_the_decret_article_by_article_with_what_each_provision_changed(client):
    page = visible(client.get("/decret?on=2022-01-01").text)
    assert "Article 2" in page and "Article 17" in page
    prov = page[page.index("art. 2, 2° d)"):]
    assert "code de l'artisanat, art. 19" in prov[:2000]
    assert "abrogation : décret n° 2014-1499" in page  # art. 17 repeals the whole décret


def test_article_page_timeline_and_successor(client):
    page = client.get("/textes/D66_137/articles/2?on=2022-01-01").text
    text = visible(page)
    assert "décret n° 66-137, art. 2" in text
    assert "du 19 février 2021 au 30 juin 2023" in text and "depuis le 1er juillet 2023" in text
    assert re.search(r'<tr class="current"><td>du 19 février 2021 au 30 juin 2023', page)
    after = visible(client.get("/textes/D66_137/articles/2?on=2023-07-01").text)
    assert "devenu : code de l'artisanat (partie réglementaire issue du décret n° 2023-500), art. R. 332-2" in after


def test_version_page_gives_the_status_and_the_provision(client):
    text = visible(client.get("/textes/D99_433/articles/4/version?on=2022-01-01").text)
    assert "décret n° 99-433, art. 4 : renuméroté au 1er janvier 2022" in text
    assert "devenu : décret n° 99-433, art. 3" in text
    assert "dans sa rédaction issue de l'article 11 du décret n° 2021-168" in text


def test_tables_filter_by_actor_text_and_words(client):
    page = client.get("/approbations?on=2022-01-01&acteur=prefet_de_region").text
    rows = re.findall(r'<tr data-id="([^"]+)">(.*?)</tr>', page, flags=re.S)
    assert rows and all("préfet de région" in body for _, body in rows)
    assert "budget_cmar" in dict(rows) or any("budget" in body for _, body in rows)
    only_66 = re.findall(r'<tr data-id="[^"]+">(.*?)</tr>', client.get("/delais?on=2022-01-01&texte=D66_137").text,
                         flags=re.S)
    assert only_66 and all("Décr. n° 66-137" in body for body in only_66)
    quorum = re.findall(r'<tr data-id="[^"]+">(.*?)</tr>', client.get("/regles?on=2022-01-01&mot=quorum").text,
                        flags=re.S)
    assert quorum and all("quorum" in body.lower() for body in quorum)


def test_the_question_box_answers_with_basis_and_why(client):
    page = client.get("/question", params={"q": "Qui approuve le budget d'une chambre de métiers et de "
                                                 "l'artisanat de région ?", "on": "2022-01-01"}).text
    text = visible(page)
    assert "préfet de région" in text and "approbation expresse" in text
    assert "article 19, II bis, 3° du code de l'artisanat" in text
    assert '<pre class="why">' in page and "approves(" in page
    uncovered = visible(client.get("/question", params={"q": "Qui approuve la couleur des murs ?",
                                                         "on": "2022-01-01"}).text)
    assert "Aucune réponse" in uncovered


def test_a_compliance_file_uploaded_or_pasted_shows_its_breaches(client):
    r = client.post("/controles/list", files={"fichier": ("list.csv", (EXAMPLES / "list.csv").read_bytes(), "text/csv")},
                    data={"on": "2022-01-01"})
    text = visible(r.text)
    assert r.status_code == 200 and "Non conforme : 5 manquement(s)" in text
    assert "section D2 : 33 candidats, il en faut au moins 35" in text
    assert "article 1er, I, al. 2 du décret n° 99-433" in text
    r = client.post("/controles/vote", data={"contenu": (EXAMPLES / "vote.json").read_text(), "format": "json"})
    assert r.status_code == 200 and 'class="verdict' in r.text
    # at a date after 1 July 2023, as `cmakb check-vote --on 2024-01-01`: the rules applied are no longer the law
    r = client.post("/controles/vote", data={"contenu": (EXAMPLES / "vote.json").read_text(), "format": "json",
                                             "on": "2024-01-01"})
    text = visible(r.text)
    assert "selon des règles qui ne sont plus en vigueur à la date demandée (voir les notes)" in text
    assert "plus en vigueur au 1er janvier 2024 (recodification par le décret n° 2023-500 au 1er juillet 2023)" in text
    r = client.post("/controles/vote", data={"contenu": "", "format": "json"})
    assert r.status_code == 400 and "aucun fichier" in r.text


def test_errors_are_pages_in_french(client):
    r = client.get("/textes/D66_137/articles/999")
    text = visible(r.text)
    assert r.status_code == 404 and "Introuvable" in text and "article inconnu du décret n° 66-137 : '999'" in text
    r = client.get("/approbations?on=2022-02-30")
    assert r.status_code == 400 and "Demande invalide" in r.text
    assert client.get("/nulle-part").status_code == 404


def test_a_version_whose_text_is_known_is_shown_alinea_by_alinea(client):
    page = client.get("/textes/CA/articles/R.%20332-2/version?on=2024-01-01").text
    quote = re.search(r'<blockquote class="version-text">(.*?)</blockquote>', page, flags=re.S)[1]
    paragraphs = re.findall(r"<p>(.*?)</p>", quote)
    assert paragraphs[0] == "CMA France :" and paragraphs[1] == "1° Exerce une fonction de veille juridique ;"
    assert "issu de : décret n° 66-137, art. 2" in visible(page)


def test_the_article_page_shows_the_consolidated_text_marked_by_provision(client):
    page = client.get("/textes/CA/articles/19?on=2021-03-01").text
    section = re.search(r'<section class="consolidated" id="consolidated">(.*?)</section>', page, flags=re.S)[1]
    text = visible(section)
    assert "Code de l'artisanat, article 19 : en vigueur du 19 février 2021 au 30 juin 2023" in text
    # the words as consolidated (kb.consolidated, as `cmakb text`), each passage the décret wrote marked with it
    assert ("I, al. 1 I.-L'installation de l'assemblée générale des chambres de métiers et de l'artisanat de région "
            "[art. 2, 2° a) i)] a lieu trente jours au plus tard après la proclamation des résultats des élections"
            in text)
    assert ('<mark class="provision" title="rédaction issue de l\'art. 2, 2° a) i) du décret n° 2021-168"> de région'
            '</mark>') in section
    assert "Le bureau d'une chambre de métiers et de l'artisanat de région [art. 2, 2° a) v)]" in text
    assert "pas encore disponible" not in page
    # before the décret: the words of the LEGI version, nothing marked
    before = visible(client.get("/textes/CA/articles/19?on=2021-01-01").text)
    assert "L'installation de l'assemblée générale des chambres de métiers et de l'artisanat" in before
    assert "[art. 2, 2° a) i)]" not in before


def test_the_article_page_says_when_an_article_has_no_words_at_the_date(client):
    page = visible(client.get("/textes/CA/articles/6?on=2022-01-01").text)
    assert "Code de l'artisanat, article 6 : abrogé depuis le 19 février 2021." in page
    page = visible(client.get("/textes/CA/articles/6?on=2021-01-01").text)
    assert "Code de l'artisanat, article 6 : en vigueur" in page and "abrogé depuis" not in page.split("Texte consolidé")[1]


def test_the_question_box_reads_the_date_in_the_question(client):
    q = "Quelle version de l'article 17-1 du décret 66-137 est en vigueur le 18 février 2021 ?"
    page = client.get("/question", params={"q": q}).text
    assert "18 février 2021" in page and "pas encore en vigueur" in page
