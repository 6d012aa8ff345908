"""Tests for engine.graph: the amendment graph built from the real rules of the décret n° 2021-168."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from engine import graph as graph_module
from engine.graph import (
    EDGE_COLOURS,
    PROVISION_EDGE_TYPES,
    AmendmentGraph,
    Change,
    article_node,
    provision_node,
    provision_sort_key,
    text_node,
    version_node,
)
from engine.loader import load_corpus
from engine.timelines import build_timelines

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(RULES)


@pytest.fixture(scope="module")
def g(corpus) -> AmendmentGraph:
    return AmendmentGraph.from_corpus(corpus)


def _edges(g: AmendmentGraph, u: str, v: str) -> list[dict]:
    data = g.graph.get_edge_data(u, v) or {}
    return [data[k] for k in sorted(data)]


# ------------------------------------------------------------------ structure
def test_docstring_examples_hold(monkeypatch) -> None:
    monkeypatch.chdir(RULES.parent)  # the examples load "rules" relative to the project root
    result = doctest.testmod(graph_module)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_node_has_a_known_kind_and_every_edge_a_known_type(g) -> None:
    kinds = {d["kind"] for _, d in g.graph.nodes(data=True)}
    assert kinds == {"text", "article", "version", "provision"}
    assert {d["type"] for _, _, d in g.graph.edges(data=True)} <= set(EDGE_COLOURS)


def test_text_contains_article_with_versions_that_succeed_one_another(g) -> None:
    t, a = text_node("D66_137"), article_node("D66_137", "19")
    assert g.graph.nodes[t]["title"].startswith("Décret n° 66-137 du 7 mars 1966")
    assert [e["type"] for e in _edges(g, t, a)] == ["contains"]
    assert g.graph.nodes[a] | {} == {"kind": "article", "text": "D66_137", "number": "19", "unit": False}
    versions = [v for _, v, d in g.graph.out_edges(a, data=True) if d["type"] == "has_version"]
    assert [(g.graph.nodes[v]["start"], g.graph.nodes[v]["end"], g.graph.nodes[v]["status"]) for v in versions] == [
        ("0001-01-01", "2021-02-19", "in_force"),
        ("2021-02-19", "2023-07-01", "in_force"),
        ("2023-07-01", "2999-01-01", "repealed"),
    ]
    # Later succeeds earlier, one step at a time.
    assert _edges(g, versions[1], versions[0])[0]["type"] == "succeeds"
    assert _edges(g, versions[2], versions[1])[0]["type"] == "succeeds"
    assert not _edges(g, versions[2], versions[0])


def test_every_article_level_change_points_at_the_version_carrying_it(g) -> None:
    for u, v, d in g.graph.edges(data=True):
        if d["type"] not in PROVISION_EDGE_TYPES:
            continue
        assert g.graph.nodes[u]["kind"] == "provision"
        target = g.graph.nodes[v]
        if d["article"] is None:
            assert target["kind"] == "text"
        elif target["kind"] == "article":
            assert target["unit"], f"{u} → {v}: a real article must be reached through its version"
        else:
            assert target["kind"] == "version" and target["start"] == d["date"]


# ------------------------------------------------------------------ legal content
def test_provisions_changing_article_12_of_decret_66_137(g) -> None:
    found = g.provisions_changing("D66_137", "12")
    assert [p.label for p in found] == ["art. 8, 5° a) i)", "art. 8, 5° a) ii)", "art. 8, 5° b)"]
    assert all(p.types == ("inserts",) and p.date == "2021-02-19" for p in found)
    assert found[2].citations == ("art. 12, III",)
    assert g.provisions_changing("D66_137", "art. 12") == found  # written as a user would


def test_provisions_changing_sorts_labels_in_natural_order(g) -> None:
    labels = [p.label for p in g.provisions_changing("CA", "19")]
    assert labels == sorted(labels, key=provision_sort_key)
    assert labels.index("art. 2, 2° a) ii)") < labels.index("art. 2, 2° a) iv)") < labels.index("art. 2, 2° a) vii)")
    assert provision_sort_key("art. 8, 2°") < provision_sort_key("art. 8, 10°")
    assert provision_sort_key("art. 2, 2° a) iv)") < provision_sort_key("art. 2, 2° a) v)")
    assert provision_sort_key("art. 2, 2° a) ix)") < provision_sort_key("art. 2, 2° a) x)")
    assert provision_sort_key("art. 9, 6°") < provision_sort_key("art. 10") < provision_sort_key("art. 17")


def test_article_9_2_creates_article_17_1_of_decret_66_137(g) -> None:
    [change] = g.changes_by_provision("art. 9, 2°")
    assert (change.operation, change.text_id, change.article, change.citation, change.type, change.date) == (
        "add", "D66_137", "17-1", "art. 17-1", "creates", "2021-02-19")
    assert change.new.startswith("Art. 17-1. - I. - La répartition du produit des taxes")
    [(_, target, d)] = g.graph.out_edges(provision_node("D2021_168", "art. 9, 2°"), data=True)
    assert target == version_node("D66_137:17-1@2021-02-19") and d["type"] == "creates"
    # A created article has no version before the décret.
    assert [g.graph.nodes[v]["start"] for _, v, e in g.graph.out_edges(article_node("D66_137", "17-1"), data=True)
            if e["type"] == "has_version"] == ["2021-02-19", "2023-07-01"]


def test_adding_a_unit_inserts_rather_than_creates(g) -> None:
    changes = g.changes_by_provision("art. 8, 5° a) i)")
    # one insertion of two alinéas (« sont insérés deux alinéas »), named as one unit
    assert [(c.citation, c.type, c.operation) for c in changes] == [("art. 12, II, al. 2 et 3", "inserts", "add")]


def test_article_5_4_repeals_code_articles_30_to_33_each(g) -> None:
    changes = g.changes_by_provision("art. 5, 4°")
    assert [(c.text_id, c.article, c.citation, c.type) for c in changes] == [
        ("CA", "30", "art. 30", "repeals"), ("CA", "31", "art. 31", "repeals"),
        ("CA", "32", "art. 32", "repeals"), ("CA", "33", "art. 33", "repeals")]
    for n in ("30", "31", "32", "33"):
        target = version_node(f"CA:{n}@2021-02-19")
        assert g.graph.nodes[target]["status"] == "repealed"
        assert [e["type"] for e in _edges(g, provision_node("D2021_168", "art. 5, 4°"), target)] == ["repeals"]


def test_article_11_6_renumbers_article_4_of_decret_99_433_as_article_3(g) -> None:
    [change] = g.changes_by_provision("art. 11, 6°")
    assert (change.text_id, change.article, change.type, change.operation, change.new_number) == (
        "D99_433", "4", "renumbers", "renumber", "art. 3")
    v = version_node("D99_433:4@2021-02-19")
    assert g.graph.nodes[v]["status"] == "renumbered"
    assert [e["type"] for e in _edges(g, v, article_node("D99_433", "3"))] == ["renumbered_to"]


def test_article_10_retitles_the_title_of_decret_99_433(g) -> None:
    [change] = g.changes_by_provision("art. 10")
    assert (change.text_id, change.article, change.type, change.old, change.new) == (
        "D99_433", "intitulé", "retitles", "délégations", "chambres de niveau départemental")
    unit = article_node("D99_433", "intitulé")
    assert g.graph.nodes[unit]["unit"] is True
    assert [e["type"] for e in _edges(g, provision_node("D2021_168", "art. 10"), unit)] == ["retitles"]


def test_article_17_repeals_the_whole_decret_2014_1499(g) -> None:
    [change] = g.changes_by_provision("art. 17")
    assert (change.text_id, change.article, change.citation, change.type) == ("D2014_1499", None, "", "repeals")
    assert [e["type"] for e in _edges(g, provision_node("D2021_168", "art. 17"), text_node("D2014_1499"))] == [
        "repeals"]
    assert [p.label for p in g.provisions_changing("D2014_1499", None)] == ["art. 17"]
    assert g.changes_in_text("D2014_1499") == {"repeals": [None]}


def test_article_1_2_restores_article_16_of_the_code(g) -> None:
    [change] = g.changes_by_provision("art. 1, 2°")
    assert (change.operation, change.text_id, change.article, change.type) == ("restore", "CA", "16", "restores")
    # Before the décret the number was repealed; the restored version is in force.
    versions = [v for _, v, e in g.graph.out_edges(article_node("CA", "16"), data=True) if e["type"] == "has_version"]
    assert [g.graph.nodes[v]["status"] for v in versions] == ["repealed", "in_force", "repealed"]
    assert _edges(g, provision_node("D2021_168", "art. 1, 2°"), versions[1])[0]["type"] == "restores"


def test_word_operations_are_substitutions_with_their_words(g) -> None:
    [change] = g.changes_by_provision("art. 8, 7° a)")
    assert change == Change("art. 8, 7° a)", "substitute", "D66_137", "14", "art. 14, al. 1", "substitutes",
                            "2021-02-19", "sur proposition de son", "après accord du")


def test_changes_in_decret_66_137_grouped_by_edge_type(g) -> None:
    groups = g.changes_in_text("D66_137")
    assert groups["creates"] == ["3 bis", "17-1", "18-2"]
    # each operation by its real type: art. 10 is rewritten whole, art. 14 has words replaced, art. 9 words
    assert "12" in groups["inserts"] and "10" in groups["replaces"] and "14" in groups["substitutes"]
    assert list(groups) == [t for t in PROVISION_EDGE_TYPES if t in groups]


def test_changes_in_decret_99_433_include_units_after_articles(g) -> None:
    groups = g.changes_in_text("D99_433")
    assert groups["retitles"] == ["intitulé", "titre Ier, intitulé"]
    assert groups["restores"] == ["2"]
    assert groups["repeals"][:4] == ["3", "3-1", "4 bis", "4 ter"]


def test_codification_of_article_2_into_r_332_2(g) -> None:
    [e] = _edges(g, version_node("CA2023:R. 332-2@2023-07-01"), article_node("D66_137", "2"))
    assert (e["type"], e["date"], e["basis"]) == ("codifies", "2023-07-01", "D2023_500:art. 7")


def test_unknown_names_raise_rather_than_answer_nothing(g) -> None:
    with pytest.raises(KeyError):
        g.changes_by_provision("art. 99, 1°")
    with pytest.raises(KeyError):
        g.changes_in_text("D1234")
    assert g.provisions_changing("CA", "15") == []  # declared (an anchor), never changed


def test_timelines_may_be_given_and_give_the_same_graph(corpus, g) -> None:
    again = AmendmentGraph.from_corpus(corpus, build_timelines(corpus))
    assert again.to_json() == g.to_json()


# ------------------------------------------------------------------ exports
def test_to_json_round_trips_through_json(g) -> None:
    data = g.to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["directed"] and data["multigraph"]
    back = nx.node_link_graph(json.loads(json.dumps(data)), edges="edges")
    assert back.number_of_nodes() == g.graph.number_of_nodes()
    assert back.number_of_edges() == g.graph.number_of_edges()


def test_graphml_parses_back(g, tmp_path) -> None:
    path = tmp_path / "amendments.graphml"
    g.write_graphml(path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == g.graph.number_of_nodes()
    assert back.number_of_edges() == g.graph.number_of_edges()
    node = back.nodes["version:D66_137:19@2021-02-19"]
    assert (node["kind"], node["start"], node["status"]) == ("version", "2021-02-19", "in_force")
    # None became "" (GraphML has no null).
    edges = back.get_edge_data("provision:D2021_168:art. 17", "text:D2014_1499")
    assert [(d["type"], d["old"]) for d in edges.values()] == [("repeals", "")]


def test_dot_is_a_digraph_with_a_legend_and_only_declared_nodes(g) -> None:
    dot = g.to_dot()
    assert dot.startswith("digraph amendments {") and dot.rstrip().endswith("}")
    assert "subgraph cluster_legend" in dot and 'label="legend"' in dot
    assert dot.count("{") == dot.count("}")
    for t, colour in EDGE_COLOURS.items():
        assert f'"legend:{t}"' in dot and f"color={colour}" in dot
    quoted = r'"(?:[^"\\]|\\.)*"'
    declared = set(re.findall(rf"^\s*({quoted}) \[", dot, flags=re.M))
    for u, v in re.findall(rf"^\s*({quoted}) -> ({quoted})", dot, flags=re.M):
        assert u in declared and v in declared
    assert '"provision:D2021_168:art. 9, 2°" -> "version:D66_137:17-1@2021-02-19" [color=forestgreen' in dot


def test_outputs_are_deterministic(corpus, g) -> None:
    again = AmendmentGraph.from_corpus(corpus)
    assert again.to_dot() == g.to_dot()
    assert json.dumps(again.to_json()) == json.dumps(g.to_json())
