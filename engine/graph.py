"""The amendment graph: who changed what, as a graph of texts, articles, versions and provisions.

One job: turn a validated Corpus (and its article timelines) into a networkx MultiDiGraph
that says which provision of the amending text created, substituted, inserted, repealed,
restored, renumbered or retitled which article version, and answer the questions a reader
asks of it (what did this provision change, who changed this article, what did the décret
do to this text), or export it (node-link JSON, GraphML, Graphviz DOT).

    >>> g = AmendmentGraph.from_corpus(load_corpus("rules"))
    >>> [p.label for p in g.provisions_changing("D66_137", "12")]
    ['art. 8, 5° a) i)', 'art. 8, 5° a) ii)', 'art. 8, 5° b)']
    >>> g.changes_by_provision("art. 11, 6°")[0].type
    'renumbers'

Node ids (each node has a `kind` attribute):

    text:D66_137                       kind=text       title
    article:D66_137:19                 kind=article    text, number, unit (True for « intitulé », « titre VI »…)
    version:D66_137:19@2021-02-19      kind=version    text, article, start, end (ISO), status, note, basis
    provision:D2021_168:art. 9, 6°     kind=provision  label, text

Edges (each has a `type` attribute): text→article `contains`, article→version `has_version`,
later version→earlier version `succeeds`, renumbered version→new article `renumbered_to`,
code version→source article `codifies`, and provision→version (provision→article for a unit
outside articles, provision→text for a whole text) typed by OPERATION_KINDS: `creates`,
`inserts` (words or units), `replaces` (units rewritten), `substitutes` (words for words), `deletes`
(words), `repeals` (units or articles), `restores`, `renumbers`, `retitles`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from . import ast
from .citation import LATIN, article_sort_key, normalize_article, roman_value
from .errors import CitationError
from .loader import Corpus, ResolvedTarget, load_corpus  # noqa: F401 (load_corpus: the docstring example)
# _effective: one definition of when a provision takes effect, shared with the timelines.
from .timelines import UNKNOWN_START, Segment, Timeline, _effective, build_timelines

__all__ = [
    "AmendmentGraph",
    "Change",
    "ProvisionChange",
    "EDGE_COLOURS",
    "PROVISION_EDGE_TYPES",
    "text_node",
    "article_node",
    "version_node",
    "provision_node",
    "provision_sort_key",
    "edge_type",
]

# The edge types a provision can carry, in the order a reader meets them (also the legend's order).
PROVISION_EDGE_TYPES = ("creates", "inserts", "replaces", "substitutes", "deletes", "repeals", "restores", "renumbers",
                        "retitles")

# One colour per edge type, so the DOT drawing reads at a glance; structural edges stay grey.
EDGE_COLOURS = {
    "creates": "forestgreen",
    "inserts": "limegreen",
    "replaces": "steelblue",
    "substitutes": "royalblue",
    "deletes": "orangered",
    "repeals": "red3",
    "restores": "purple",
    "renumbers": "darkorange",
    "retitles": "saddlebrown",
    "contains": "gray70",
    "has_version": "gray40",
    "succeeds": "gray55",
    "renumbered_to": "darkorange3",
    "codifies": "darkcyan",
}

# Edges between versions and articles (not made by a provision) are dashed, to set them apart.
_DASHED = ("succeeds", "renumbered_to", "codifies")


# ------------------------------------------------------------------ node ids
def text_node(text_id: str) -> str:
    return f"text:{text_id}"


def article_node(text_id: str, article: str) -> str:
    return f"article:{text_id}:{article}"


def version_node(version_id: str) -> str:
    return f"version:{version_id}"


def provision_node(text_id: str, label: str) -> str:
    return f"provision:{text_id}:{label}"


# ------------------------------------------------------------------ query results
@dataclass(frozen=True)
class Change:
    """One operation of a provision as it bears on one article (or unit, or whole text)."""

    provision: str  # "art. 9, 2°"
    operation: str  # DSL verb: add, substitute, repeal…
    text_id: str  # the amended text
    article: str | None  # article number or unit name ("intitulé"); None for the whole text
    citation: str  # the unit inside the article ("art. 12, II, al. 2"); "" for the whole text
    type: str  # edge type: creates, inserts, substitutes…
    date: str  # ISO date the change took effect
    old: str | None = None
    new: str | None = None
    new_number: str | None = None  # renumber … as


@dataclass(frozen=True)
class ProvisionChange:
    """A provision that changed a given article: what kinds of change, where, from when."""

    label: str
    amending_text: str
    types: tuple[str, ...]  # edge types, sorted
    citations: tuple[str, ...]  # units touched, in the provision's order, without repeats
    date: str


# ------------------------------------------------------------------ natural order of labels
def provision_sort_key(label: str) -> tuple:
    """Order provision labels as the décret does: art. 8, 2° < art. 8, 10°; 2° a) i) < 2° a) ii) < 2° a) iv).

    Labels like "art. 9, 4° b) ii)" are not citations of the amended texts (parse_citation
    refuses "4° b)"), so they get their own reader: article number, then items (N°), then
    letters (a)), then lower-case roman numbers (i)), which follow a letter.
    """
    head, _, rest = label.partition(",")
    number = re.sub(r"^(?:art\.?|article)\s*", "", head.strip(), flags=re.I)
    try:
        art_key = article_sort_key(normalize_article(number))
    except CitationError:
        art_key = (9, (), 0, number)
    parts: list[tuple] = []
    after_letter = False
    for token in re.findall(r"\d+\s*°(?:\s*(?:%s))?|[a-z]+\)|\S+" % "|".join(LATIN), rest):
        m = re.match(r"(\d+)\s*°\s*(\w*)", token)
        if m:
            latin = LATIN.index(m[2]) + 1 if m[2] in LATIN else 0
            parts.append((1, int(m[1]), latin, ""))
            after_letter = False
            continue
        m = re.match(r"([a-z]+)\)$", token)
        if m:
            roman = roman_value(m[1]) if after_letter else None
            # A letter level (a), b)…) is followed by a roman level (i), ii)…): "i)" after "b)" is 1, not "i".
            parts.append((3, roman, 0, "") if roman is not None else (2, 0, 0, m[1]))
            after_letter = roman is None
            continue
        parts.append((4, 0, 0, token))
    return (art_key, tuple(parts), label)


def _article_key(article: str | None) -> tuple:
    # None (the whole text) first, then articles as a code orders them; units (« intitulé ») sort last.
    return (0,) if article is None else (1, article_sort_key(article), article)


# ------------------------------------------------------------------ the graph
class AmendmentGraph:
    """A networkx MultiDiGraph of the amendments, with the queries a reader asks of it.

    Multi: one provision may operate several times on the same version (art. 8, 5° a) i)
    inserts two alinéas into art. 12), and each operation keeps its own edge and words.
    """

    def __init__(self, graph: nx.MultiDiGraph,
                 unplaced_timelines: list[tuple[str, str | None]] | None = None) -> None:
        self.graph = graph
        # Timelines left out because their key is no article, unit or text of the corpus (see _Builder).
        self.unplaced_timelines = unplaced_timelines or []

    # -------------------------------------------------------------- building
    @classmethod
    def from_corpus(cls, corpus: Corpus,
                    timelines: dict[tuple[str, str | None], Timeline] | None = None) -> AmendmentGraph:
        """Build the graph of a corpus; `timelines` defaults to build_timelines(corpus)."""
        if timelines is None:
            timelines = build_timelines(corpus)
        g = nx.MultiDiGraph(name="amendments")
        builder = _Builder(corpus, timelines, g)
        builder.build()
        return cls(g, builder.unplaced)

    # -------------------------------------------------------------- queries
    def _provision_edges(self) -> Iterator[tuple[str, str, dict]]:
        """(provision node, target node, attributes) of every provision edge, in a stable order."""
        for u, v, data in self.graph.edges(data=True):
            if data["type"] in PROVISION_EDGE_TYPES:
                yield u, v, data

    def changes_by_provision(self, label: str, amending_text: str | None = None) -> list[Change]:
        """What a provision changed: one Change per operation and article, by text, article, then source order.

        Raises KeyError for a label no provision carries (a typo must not read as "changed nothing").
        """
        nodes = [n for n, d in self.graph.nodes(data=True)
                 if d["kind"] == "provision" and d["label"] == label
                 and (amending_text is None or d["text"] == amending_text)]
        if not nodes:
            raise KeyError(f"unknown provision {label!r}")
        found = []
        for node in sorted(nodes):
            for _, _, data in self.graph.out_edges(node, data=True):
                found.append((data["text"], _article_key(data["article"]), data["order"], _change(label, data)))
        return [c for *_, c in sorted(found, key=lambda t: t[:3])]

    def provisions_changing(self, text_id: str, article: str | None) -> list[ProvisionChange]:
        """Which provisions changed an article (or unit; None: the whole text), in the décret's order.

        `article` may be written as a user would ("art. 19quater", "R332-2"); an article no
        provision touched gives [].
        """
        self._check_text(text_id)
        article = _normalise(article)
        by_label: dict[tuple[str, str], list[dict]] = {}
        for u, _, data in self._provision_edges():
            if data["text"] == text_id and data["article"] == article:
                node = self.graph.nodes[u]
                by_label.setdefault((node["text"], node["label"]), []).append(data)
        out = []
        for (amending, label), edges in by_label.items():
            edges.sort(key=lambda d: d["order"])
            citations = tuple(dict.fromkeys(d["citation"] for d in edges))
            out.append(ProvisionChange(label, amending, tuple(sorted({d["type"] for d in edges})), citations,
                                       min(d["date"] for d in edges)))
        return sorted(out, key=lambda p: (provision_sort_key(p.label), p.amending_text))

    def changes_in_text(self, text_id: str) -> dict[str, list[str | None]]:
        """Every article (or unit; None for the whole text) of a text that provisions touched, by edge type."""
        self._check_text(text_id)
        groups: dict[str, set[str | None]] = {}
        for _, _, data in self._provision_edges():
            if data["text"] == text_id:
                groups.setdefault(data["type"], set()).add(data["article"])
        return {t: sorted(groups[t], key=_article_key) for t in PROVISION_EDGE_TYPES if t in groups}

    def _check_text(self, text_id: str) -> None:
        if text_node(text_id) not in self.graph:
            known = sorted(d["text_id"] for _, d in self.graph.nodes(data=True) if d["kind"] == "text")
            raise KeyError(f"unknown text {text_id!r} (known: {', '.join(known)})")

    # -------------------------------------------------------------- exports
    def to_json(self) -> dict:
        """Node-link data (networkx's format, edges under "edges"); every value is already JSON-ready."""
        return nx.node_link_data(self.graph, edges="edges")

    def write_graphml(self, path: str | Path) -> None:
        """Write GraphML. GraphML holds only scalars and has no null: None becomes "", others str()."""
        g = nx.MultiDiGraph(name=self.graph.graph.get("name", "amendments"))
        for n, d in self.graph.nodes(data=True):
            g.add_node(n, **{k: _scalar(v) for k, v in d.items()})
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            g.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in d.items()})
        nx.write_graphml(g, str(path))

    def to_dot(self) -> str:
        """A Graphviz DOT drawing: provisions → articles → versions, one colour per edge type, and a legend."""
        shapes = {"text": "folder", "article": "box", "version": "ellipse", "provision": "note"}
        lines = ["digraph amendments {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];",
                 "  edge [fontname=\"Helvetica\", fontsize=8];"]
        # Nodes grouped by kind in reading order, so Graphviz lays the columns out left to right.
        for kind in ("provision", "text", "article", "version"):
            lines.append(f"  // {kind} nodes")
            for n, d in self.graph.nodes(data=True):
                if d["kind"] == kind:
                    lines.append(f"  {_q(n)} [shape={shapes[kind]}, label={_q(_dot_label(d))}];")
        lines.append("  // edges")
        for u, v, d in self.graph.edges(data=True):
            t = d["type"]
            style = ", style=dashed" if t in _DASHED else ""
            label = f", label={_q(d['date'])}" if t in PROVISION_EDGE_TYPES + ("codifies",) else ""
            lines.append(f"  {_q(u)} -> {_q(v)} [color={EDGE_COLOURS[t]}{style}{label}];")
        lines += ["  subgraph cluster_legend {", "    label=\"legend\";", "    fontsize=10;",
                  "    node [shape=plaintext];"]
        for t, colour in EDGE_COLOURS.items():
            style = ", style=dashed" if t in _DASHED else ""
            lines.append(f"    {_q('legend:' + t)} [label={_q(t)}, fontcolor={colour}];")
            lines.append(f"    {_q('legend:' + t + ':to')} [label=\"\"];")
            lines.append(f"    {_q('legend:' + t)} -> {_q('legend:' + t + ':to')} [color={colour}{style}];")
        lines += ["  }", "}"]
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ building, step by step
class _Builder:
    def __init__(self, corpus: Corpus, timelines: dict[tuple[str, str | None], Timeline],
                 g: nx.MultiDiGraph) -> None:
        self.c, self.timelines, self.g = corpus, timelines, g
        # Timelines whose key names neither an article, a unit nor a text (see add_versions).
        self.unplaced: list[tuple[str, str | None]] = []

    def build(self) -> None:
        self.add_texts()
        self.add_versions()
        self.add_provisions()
        self.add_codifications()

    def add_texts(self) -> None:
        for text_id in sorted(self.c.texts):
            info = self.c.texts[text_id]
            self.g.add_node(text_node(text_id), kind="text", text_id=text_id, title=info.title)
            for number in info.articles:
                self.add_article(text_id, number, unit=False)
            for unit in info.units:
                self.add_article(text_id, unit, unit=True)

    def add_article(self, text_id: str, number: str, unit: bool) -> str:
        node = article_node(text_id, number)
        if node not in self.g:
            self.g.add_node(node, kind="article", text=text_id, number=number, unit=unit)
            self.g.add_edge(text_node(text_id), node, type="contains")
        return node

    def owner(self, text_id: str, article: str | None) -> str | None:
        """The node a timeline hangs from: the article or unit, the text itself for None."""
        if article is None:
            return text_node(text_id)
        node = article_node(text_id, article)
        return node if node in self.g else None

    def add_versions(self) -> None:
        for key in sorted(self.timelines, key=lambda k: (k[0], _article_key(k[1]))):
            text_id, article = key
            owner = self.owner(text_id, article) if text_id in self.c.texts else None
            if owner is None:
                # versions.py turns « renumber "art. 18, I, al. 2, phrase 2" as "art. 18, I, al. 3" » into a
                # timeline keyed "18, I, al. 3": not an article of the text, so it has no node to hang from.
                self.unplaced.append(key)
                continue
            previous = None
            for seg in sorted(self.timelines[key].segments, key=lambda s: s.start):
                node = version_node(seg.version_id)
                self.g.add_node(node, kind="version", text=text_id, article=article, version_id=seg.version_id,
                                start=seg.start.isoformat(), end=seg.end.isoformat(), status=seg.status,
                                note=seg.note, basis="; ".join(seg.basis))
                self.g.add_edge(owner, node, type="has_version")
                if previous is not None:
                    self.g.add_edge(node, previous, type="succeeds", date=seg.start.isoformat())
                previous = node
                if seg.status == "renumbered" and seg.successor is not None:
                    succ_text, succ_article = seg.successor
                    target = self.owner(succ_text, succ_article) or self.add_article(succ_text, succ_article, False)
                    self.g.add_edge(node, target, type="renumbered_to", date=seg.start.isoformat())

    def produced_version(self, text_id: str, article: str | None, prov: ast.Provision, kind: str,
                         citation: str) -> Segment | None:
        """The segment carrying this operation: the version the provision produced (or repealed into)."""
        tl = self.timelines.get((text_id, article))
        for seg in tl.segments if tl else ():
            if any(o.provision == prov.label and o.amending_text == prov.text_id and o.kind == kind
                   and o.citation == citation for o in seg.operations):
                return seg
        return None

    def add_provisions(self) -> None:
        for key in sorted(self.c.provisions, key=lambda k: (k[0], provision_sort_key(k[1]))):
            prov = self.c.provisions[key]
            pnode = provision_node(prov.text_id, prov.label)
            self.g.add_node(pnode, kind="provision", label=prov.label, text=prov.text_id)
            day = _effective(self.c, prov).isoformat()
            order = 0
            for op in prov.operations:
                for target in self.c.targets.get(id(op), ()):
                    for article, citation in _places(target):
                        self.add_change(pnode, prov, op, target.text_id, article, citation, day, order)
                        order += 1

    def add_change(self, pnode: str, prov: ast.Provision, op: ast.Operation, text_id: str, article: str | None,
                   citation: str, day: str, order: int) -> None:
        is_unit = article is not None and article not in self.c.texts[text_id].articles
        edge = edge_type(op, citation, article)
        target: str | None = None
        if article is not None and not is_unit:
            seg = self.produced_version(text_id, article, prov, op.kind, citation)
            target = version_node(seg.version_id) if seg is not None and version_node(seg.version_id) in self.g \
                else None
        if target is None:
            # A unit outside articles, a whole text, or a version the timelines do not hold: the node itself.
            target = self.owner(text_id, article) or self.add_article(text_id, article, is_unit)
        self.g.add_edge(pnode, target, type=edge, date=day, operation=op.kind, citation=citation,
                        text=text_id, article=article,
                        old=op.old.value if op.old else None, new=op.new.value if op.new else None,
                        new_number=op.new_number.value if op.new_number else None, order=order)

    def add_codifications(self) -> None:
        for rec in self.c.records_of("codification"):
            src_text, src_cit = self.c.value(rec, "source")
            dst_text, dst_cit = self.c.value(rec, "target")
            day: date = self.c.value(rec, "on")
            src = self.add_article(src_text, normalize_article(src_cit), False)
            dst_article = normalize_article(dst_cit)
            tl = self.timelines.get((dst_text, dst_article))
            seg = next((s for s in tl.segments if s.start == day), None) if tl else None
            origin = version_node(seg.version_id) if seg else self.add_article(dst_text, dst_article, False)
            basis = self.c.value(rec, "basis") or []
            self.g.add_edge(origin, src, type="codifies", date=day.isoformat(), record=rec.id,
                            basis="; ".join(f"{t}:{c}" for t, c in basis))


def edge_type(op: ast.Operation, citation: str, article: str | None) -> str:
    """The edge type of an operation: OPERATION_KINDS's, except that adding a whole article creates it."""
    whole = article is not None and citation == f"art. {article}"
    if op.kind == "add" and whole:
        return "creates"
    return ast.OPERATION_KINDS[op.kind][1]


def _places(target: ResolvedTarget) -> list[tuple[str | None, str]]:
    """(article or unit or None, citation) for each place a target names; a range names each article whole."""
    if target.citation is None:
        return [(None, "")]
    cit = target.citation.canonical
    if not target.articles:
        return [(cit, cit)]  # a unit outside articles: « intitulé », « titre VI »
    if target.citation.is_range:
        return [(a, f"art. {a}") for a in target.articles]
    return [(a, cit) for a in target.articles]


def _change(label: str, data: dict) -> Change:
    return Change(label, data["operation"], data["text"], data["article"], data["citation"], data["type"],
                  data["date"], data["old"], data["new"], data["new_number"])


def _normalise(article: str | None) -> str | None:
    if article is None:
        return None
    try:
        return normalize_article(article)
    except CitationError:
        return article.strip()  # a unit name (« intitulé », « titre VI ») stays as written


def _scalar(v: object) -> str | int | float | bool:
    if v is None:
        return ""
    return v if isinstance(v, (str, int, float, bool)) else str(v)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_label(d: dict) -> str:
    kind = d["kind"]
    if kind == "text":
        return d["text_id"]
    if kind == "article":
        return f"{d['text']} {'' if d['unit'] else 'art. '}{d['number']}"
    if kind == "version":
        where = d["article"] if d["article"] is not None else "texte"
        start = d["start"] if d["start"] != UNKNOWN_START.isoformat() else "?"
        end = d["end"] if d["end"] != ast.OPEN_END.isoformat() else "…"
        return f"{d['text']} {where}\n{start} → {end}\n{d['status']}"
    return f"{d['text']} {d['label']}"
