"""Tests for queries.report: citation reports and pictures built from the real knowledge base."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest

from engine.errors import QueryError
from engine.graph import PROVISION_EDGE_TYPES
from queries import cite
from queries.changes import graph_of
from queries.report.svg import edge_label
from queries.report import (
    QuestionSpec,
    amendment_svg,
    article_report,
    load_questions,
    questions_report,
    text_report,
    timeline_svg,
    to_html,
    to_json,
    to_markdown,
    write_report,
)
from queries.report.model import Citations, Facts, Figure, Quote, Table, authority_sort_key, natural_key

DAY = date(2024, 1, 15)
SVG = "{http://www.w3.org/2000/svg}"
# Légifrance links as cite.py builds them: ELI of a décret (text or article), or a code's page.
LEGIFRANCE = re.compile(
    r"^https://www\.legifrance\.gouv\.fr/(?:eli/decret/\d{4}/\d{1,2}/\d{1,2}/[A-Za-z0-9-]+/jo/(?:texte|article_\d+)"
    r"|codes/texte_lc/LEGITEXT\d{12}|(?:codes|loda)/article_lc/LEGIARTI\d{12})$")

QUESTIONS = [
    QuestionSpec("Qui approuve le budget d'une chambre de métiers et de l'artisanat de région ?", date(2022, 1, 1)),
    QuestionSpec("Dans quel délai le rapport d'exécution de la convention d'objectifs et de moyens doit-il être "
                 "transmis ?", date(2023, 6, 1), date(2023, 6, 1)),
    QuestionSpec("Quelle version de l'article 19 du décret 66-137 est en vigueur ?", date(2022, 1, 1)),
]


@pytest.fixture(scope="module")
def qreport(kb):
    return questions_report(kb, QUESTIONS, generated_on=DAY)


@pytest.fixture(scope="module")
def treport(kb):
    return text_report(kb, "décret 66-137", generated_on=DAY)


@pytest.fixture(scope="module")
def areport(kb):
    return article_report(kb, "décret 66-137", "2", generated_on=DAY)


@pytest.fixture(scope="module")
def graph(kb):
    return graph_of(kb)


def section(report, anchor):
    return next(s for s in report.sections if s.anchor == anchor)


def blocks(sec, kind):
    return [b for b in sec.blocks if isinstance(b, kind)]


def facts(sec) -> dict[str, str]:
    return {k: v for b in blocks(sec, Facts) for k, v in b.rows}


# ------------------------------------------------------------------ questions report
def test_questions_report_answers_each_question_with_a_basis(qreport):
    assert [s.anchor for s in qreport.sections if s.level == 2] == ["q1", "q2", "q3"]
    assert [r["kind"] for r in qreport.responses] == ["approval", "deadline", "version"]
    for resp in qreport.responses:
        assert resp["answers"], resp["question"]
        for answer in resp["answers"]:
            assert answer["basis"], answer["summary"]
    # Every answer section cites its basis, and every basis is in the table of authorities.
    for sec in qreport.sections:
        if sec.level == 3:
            cited = [b for c in blocks(sec, Citations) for b in c.bases]
            assert cited, sec.title
            assert all(qreport.anchor_of(b).startswith("auth-") for b in cited)
    assert qreport.responses[0]["answers"][0]["approver"] == "prefet_de_region"
    assert facts(section(qreport, "q1-a1"))["autorité"] == "préfet de région"
    assert qreport.responses[1]["answers"][0]["due_date"] == "2024-02-29"
    assert facts(section(qreport, "q2"))["à compter du"] == "1er juin 2023"
    assert facts(section(qreport, "q3-a1"))["produite par"] == "art. 9, 6°"


def test_table_of_authorities_has_the_long_citations_of_cite_py(qreport, corpus):
    citations = [a.citation for a in qreport.authorities]
    expected = cite.long_citation(corpus, "CA", "art. 19, II bis, 3°", by="art. 2, 2° d)")
    assert expected in citations
    assert any(c.startswith("article 19, II bis, 3° du code de l'artisanat") for c in citations)
    a = next(a for a in qreport.authorities if a.citation == expected)
    assert a.short == "C. artisanat, art. 19, II bis, 3°"
    assert a.provision == "art. 2, 2° d)"
    assert a.cited_in == (("q1-a1", section(qreport, "q1-a1").title),)
    assert ("2021-02-19", "2023-07-01") in a.periods


def test_every_link_is_a_legifrance_url(qreport, treport, areport):
    for report in (qreport, treport, areport):
        urls = [u for a in report.authorities for u in (a.url, a.provision_url) if u]
        assert urls
        for u in urls:
            assert LEGIFRANCE.match(u), u
        external = re.findall(r'href="(http[^"]*)"', to_html(report))
        assert external
        for u in external:
            assert LEGIFRANCE.match(u), u


def test_authorities_are_distinct_and_in_natural_order(treport, corpus):
    keys = [a.key for a in treport.authorities]
    assert len(keys) == len(set(keys))
    order = [authority_sort_key(corpus, a) for a in treport.authorities]
    assert order == sorted(order)
    articles = list(dict.fromkeys(a.article for a in treport.authorities if a.text_id == "D66_137" and a.article))
    assert articles.index("3") < articles.index("3 bis") < articles.index("4") < articles.index("17") \
        < articles.index("17-1") < articles.index("18") < articles.index("18-1") < articles.index("18-2")
    assert natural_key("I, 2°") < natural_key("I bis, 1°") < natural_key("II, 1°")
    assert natural_key("al. 3") < natural_key("al. 10")
    # Codes first, then décrets by date: the code, 66-137, 2021-168, 2023-500.
    texts = list(dict.fromkeys(a.text_id for a in treport.authorities))
    assert texts == ["D66_137", "D2021_168", "D2023_500"]


def test_a_question_cmakb_cannot_read_is_reported_not_raised(kb):
    report = questions_report(kb, [("Quelle version de l'article 99 du décret 66-137 est en vigueur ?",
                                    "2022-01-01")], generated_on=DAY)
    notes = [n for b in report.sections[0].blocks if b.kind == "notes" for n in b.items]
    # a well-formed number no source knows: the report says so (it is no answer, not bad input)
    assert notes and any("aucune de nos sources ne connaît l'article 99" in n for n in notes)
    assert report.authorities == ()


# ------------------------------------------------------------------ question files
def test_load_questions_from_text_and_json(tmp_path):
    txt = tmp_path / "q.txt"
    txt.write_text("# a comment\n# on 2022-01-01\nQui approuve le budget ?\n\n# on 2023-06-01\n# from 2023-06-01\n"
                   "Dans quel délai ?\n# from -\nQuelle version ?\n", encoding="utf-8")
    assert load_questions(txt, DAY) == [
        QuestionSpec("Qui approuve le budget ?", date(2022, 1, 1)),
        QuestionSpec("Dans quel délai ?", date(2023, 6, 1), date(2023, 6, 1)),
        QuestionSpec("Quelle version ?", date(2023, 6, 1)),
    ]
    js = tmp_path / "q.json"
    js.write_text(json.dumps([{"question": "Qui ?", "on": "2022-01-01"}, {"question": "Quand ?", "from": "2023-06-01"},
                              "Quoi ?"]), encoding="utf-8")
    assert load_questions(js, DAY) == [QuestionSpec("Qui ?", date(2022, 1, 1)),
                                       QuestionSpec("Quand ?", DAY, date(2023, 6, 1)), QuestionSpec("Quoi ?", DAY)]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"question": "Qui ?", "date": "2022-01-01"}]), encoding="utf-8")
    with pytest.raises(QueryError, match="clé\\(s\\) inconnue\\(s\\) date"):
        load_questions(bad)
    bad_txt = tmp_path / "bad.txt"
    bad_txt.write_text("# on 2022-13-01\nQui ?\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.txt:1: # on '2022-13-01' : date inexistante"):
        load_questions(bad_txt)


def test_load_questions_from_yaml_or_a_clear_error(tmp_path):
    y = tmp_path / "q.yaml"
    y.write_text("- question: Qui approuve le budget ?\n  on: 2022-01-01\n", encoding="utf-8")
    try:
        import yaml  # noqa: F401
    except ImportError:
        with pytest.raises(QueryError, match="JSON"):
            load_questions(y)
    else:
        assert load_questions(y) == [QuestionSpec("Qui approuve le budget ?", date(2022, 1, 1))]


# ------------------------------------------------------------------ text report
def test_text_report_of_decret_66_137(treport):
    anchors = [s.anchor for s in treport.sections]
    assert anchors[0] == "overview"
    # Articles in natural order.
    assert anchors[1:] == ["art-1", "art-2", "art-3", "art-3-bis", "art-4", "art-8", "art-9", "art-10", "art-11",
                           "art-12", "art-13", "art-14", "art-16", "art-17", "art-17-1", "art-18", "art-18-1",
                           "art-18-2", "art-19"]
    created = section(treport, "art-17-1")
    assert facts(created)["créé par"] == "art. 9, 2°"
    (ops,) = blocks(created, Table)[1:]
    assert ops.rows[0][0] == "art. 9, 2°" and ops.rows[0][1] == "ajouté"
    assert any(q.text.startswith("Art. 17-1. - I. - La répartition du produit des taxes")
               for q in blocks(created, Quote))

    replaced = section(treport, "art-19")
    assert facts(replaced)["remplacé (nouvelle rédaction) par"] == "art. 9, 6°"
    (row,) = blocks(replaced, Table)[1].rows
    assert row[0] == "art. 9, 6°" and row[1] == "remplacé (nouvelle rédaction)" and row[2] == "art. 19"

    ops17 = blocks(section(treport, "art-17"), Table)[1].rows
    assert ("art. 9, 1°", "« redevances »", "« produits de prestations »", "2021-02-19") in \
        [(r[0], r[3], r[4], r[5]) for r in ops17]
    md = to_markdown(treport)
    assert "| « redevances » | « produits de prestations » |" in md
    # Version dates: each article's versions, with the dates of the décret and of the recodification.
    versions = blocks(section(treport, "art-17"), Table)[0]
    assert [r[0] for r in versions.rows] == ["jusqu'au 18 février 2021", "du 19 février 2021 au 30 juin 2023",
                                             "depuis le 1er juillet 2023"]


# ------------------------------------------------------------------ article report
def test_article_report_of_decret_66_137_art_2(areport, corpus):
    assert [s.anchor for s in areport.sections] == ["summary", "v1", "v2", "v3", "provisions", "rel-ca2023-r-332-2"]
    v1, v2, v3 = (facts(section(areport, f"v{i}")) for i in (1, 2, 3))
    assert (v1["période"], v1["statut"]) == ("jusqu'au 18 février 2021", "en vigueur")
    assert v2["produite par"] == "art. 7, 2° a), art. 7, 2° b), art. 7, 2° c)"
    assert v2["période"] == "du 19 février 2021 au 30 juin 2023"
    assert (v3["statut"], v3["devenu"]) == ("abrogé", "CA2023 art. R. 332-2")
    assert facts(section(areport, "summary"))["état au 2024-01-15"] == "abrogé"
    ops = blocks(section(areport, "v2"), Table)[0]
    assert [r[0] for r in ops.rows] == ["art. 7, 2° a)", "art. 7, 2° b)", "art. 7, 2° c)"]
    assert ops.rows[0][3:] == ("« domaine informatique ; »", "« domaines informatique et numérique ; »")
    successor = section(areport, "rel-ca2023-r-332-2")
    assert successor.title == "Devenu : " + cite.short_citation(corpus, "CA2023", "art. R. 332-2")
    assert any(q.text.startswith("CMA France :\n1° Exerce une fonction de veille juridique") for q in
               blocks(successor, Quote))
    assert cite.long_citation(corpus, "CA2023", "art. R. 332-2") in [a.citation for a in areport.authorities]
    assert "CA2023 art. R. 332-2" in to_markdown(areport) and "CA2023 art. R. 332-2" in to_html(areport)


def test_article_report_of_an_untouched_article_is_a_query_error(kb):
    with pytest.raises(QueryError):
        article_report(kb, "décret 66-137", "99")


# ------------------------------------------------------------------ HTML
class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.external, self.tags, self.toc_links = set(), [], [], [], []
        self.style, self._in_style, self._nav = "", False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self._nav:
                self.toc_links.append(a["href"])
        if tag == "nav" and a.get("id") == "toc":
            self._nav += 1
        if tag in ("link", "script") or (tag in ("img", "iframe", "source", "video", "audio") and a.get("src")):
            self.external.append((tag, a))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


@pytest.mark.parametrize("name", ["qreport", "treport", "areport"])
def test_html_is_standalone_with_a_resolving_table_of_contents(name, request):
    report = request.getfixturevalue(name)
    page = _Page()
    page.feed(to_html(report))
    page.close()
    assert page.tags[0] == "html"
    assert not page.external, page.external
    # Table of contents at the top: one link per section and one to the table of authorities.
    assert page.toc_links == [f"#{s.anchor}" for s in report.sections] + ["#authorities"]
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    missing = sorted(set(internal) - page.ids)
    assert not missing
    for s in report.sections:
        assert s.anchor in page.ids
    for a in report.authorities:
        assert a.anchor in page.ids and f"#{a.anchor}" in page.hrefs
        assert all(f"#{anchor}" in page.hrefs for anchor, _ in a.cited_in)  # back-links
    assert "@media print" in page.style and "break-inside: avoid" in page.style and "break-before: page" in page.style
    for h in page.hrefs:
        assert h.startswith("#") or LEGIFRANCE.match(h), h


def test_html_escapes_what_it_quotes(kb):
    report = questions_report(kb, [QuestionSpec("<script>alert(1)</script> Qui approuve le budget de la CMAR ?",
                                                date(2022, 1, 1))], generated_on=DAY)
    html = to_html(report)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\<script\\>" in to_markdown(report)


def test_figures_are_inline_svg(areport):
    html = to_html(areport)
    assert html.count("<svg xmlns=\"http://www.w3.org/2000/svg\"") == 2
    assert [f.name for f in areport.figures()] == ["timeline", "amendments"]


# ------------------------------------------------------------------ files
def test_write_report_writes_markdown_html_json_and_svg(areport, tmp_path):
    paths = write_report(areport, tmp_path, "d66-137-art-2")
    assert {"md", "html", "json", "svg:timeline", "svg:amendments"} <= set(paths)
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == json.loads(to_json(areport))
    md = paths["md"].read_text(encoding="utf-8")
    for href in re.findall(r"\]\(([^)#]+\.svg)\)", md):
        assert (tmp_path / href).exists()
    ET.parse(paths["svg:timeline"])
    # Markdown anchors resolve too.
    ids = set(re.findall(r'<a id="([^"]+)"></a>', md))
    assert set(re.findall(r"\]\(#([^)]+)\)", md)) <= ids


def test_report_json_is_plain_data(treport):
    data = json.loads(json.dumps(treport.to_json(), ensure_ascii=False))
    assert data["kind"] == "text" and data["generated_on"] == "2024-01-15"
    cited = {r["authority"] for s in data["sections"] for b in s["blocks"] if b["kind"] == "citations"
             for r in b["refs"]}
    assert cited == {a["anchor"] for a in data["authorities"]}
    assert data["responses"][0]["kind"] == "changes"


# ------------------------------------------------------------------ pictures
def _texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _boxes(root) -> list[tuple[float, float, float, float]]:
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            r = g.find(f"{SVG}rect")
            out.append((float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height"))))
    return out


def test_amendment_svg_of_decret_66_137(graph):
    svg = amendment_svg(graph, "D66_137")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("version") == "1.1" and root.get("viewBox")
    texts = _texts(root)
    for article in ("17-1", "18-2", "3 bis"):
        assert f"décret n° 66-137, art. {article}" in texts
    for edge_type in PROVISION_EDGE_TYPES:
        assert edge_label(edge_type) in texts  # the legend, in French
    assert "art. 9, 2°" in texts and "art. 9, 6°" in texts
    # Coloured edges: creates (art. 9, 2° → art. 17-1) in its colour.
    creates = [p for p in root.iter(f"{SVG}path") if "creates" in (p.get("class") or "")]
    assert creates and all(p.get("stroke") == "#228b22" for p in creates)
    # Nothing overlaps.
    boxes = _boxes(root)
    for i, (x1, y1, w1, h1) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
    assert svg == amendment_svg(graph, "D66_137")  # deterministic


def test_amendment_svg_of_one_article_shows_its_successor(graph):
    root = ET.fromstring(amendment_svg(graph, "D66_137", "2"))
    texts = _texts(root)
    assert ["art. 7, 2° a)", "art. 7, 2° b)", "art. 7, 2° c)"] == [t for t in texts if t.startswith("art. 7")]
    assert "→ code de l'artisanat (partie réglementaire issue du décret n° 2023-500), art. R. 332-2" in texts
    assert any(p.get("stroke-dasharray") for p in root.iter(f"{SVG}path") if "codifies" in (p.get("class") or ""))
    with pytest.raises(KeyError):
        amendment_svg(graph, "D00_000")


def test_timeline_svg_of_decret_66_137_art_2(kb):
    svg = timeline_svg(kb.timelines[("D66_137", "2")])
    root = ET.fromstring(svg)
    texts = _texts(root)
    assert [str(y) for y in range(2019, 2027)] == [t for t in texts if re.fullmatch(r"\d{4}", t)]
    assert "19/02/2021 : effet du décret" in texts and "01/07/2023 : recodification" in texts
    bars = [r for r in root.iter(f"{SVG}rect") if (r.get("class") or "").startswith("bar")]
    assert [b.get("class") for b in bars] == ["bar in_force", "bar in_force", "bar repealed"]
    assert bars[0].get("fill").startswith("url(#") and "début inconnu" in texts  # the unknown start fades in
    assert "art. 7, 2° a), 2° b), 2° c)" in texts and "→ CA2023 art. R. 332-2" in texts
    assert root.find(f"{SVG}defs/{SVG}pattern") is not None


def test_svg_text_is_escaped(kb):
    svg = timeline_svg(kb.timelines[("D66_137", "17-1")], marks=((date(2021, 2, 19), "a < b & « c »"),))
    assert "a &lt; b &amp; « c »" in svg
    assert "a < b & « c »" in _texts(ET.fromstring(svg))


def test_figure_of_text_report(treport):
    (fig,) = [b for b in section(treport, "overview").blocks if isinstance(b, Figure)]
    assert fig.name == "amendments" and "décret n° 66-137, art. 17-1" in _texts(ET.fromstring(fig.svg))


def test_what_a_person_reads_on_pointing_at_the_amendment_picture_is_french(kb):
    """The tooltips (<title>) of the boxes and edges: the article, the version's period, the provision, the
    edge type in French; no internal id (D66_137:2@…, D2021_168) nor edge id (has_version, codifies)."""
    import re

    from queries.changes import graph_of
    from queries.report import amendment_svg

    svg = amendment_svg(graph_of(kb), "D66_137", "2")
    titles = re.findall(r"<title[^>]*>([^<]*)</title>", svg)
    assert "décret n° 66-137, art. 2 a pour version du 19 février 2021 au 30 juin 2023" in titles
    assert "décret n° 2021-168, art. 7, 2° c)" in titles
    assert any(t.endswith("codifié à code de l'artisanat (partie réglementaire issue du décret n° 2023-500), "
                          "art. R. 332-2") for t in titles)
    assert not [t for t in titles if re.search(r"@|D2021_168|D66_137|has_version|codifies", t)]
