"""Draw the amendment graph and an article's timeline as standalone SVG 1.1, without Graphviz.

The layout is our own and deterministic, so the pictures need no system package and the same
knowledge base always gives the same bytes:

- `amendment_svg`: columns provisions → articles → versions (→ successors), boxes sized from
  their labels, edges coloured by operation type (engine.graph.EDGE_COLOURS), a legend;
- `timeline_svg`: an article's versions on a time axis, one bar per version coloured by status,
  the provisions that produced it written on the bar, a hatched, fading start when the start of
  the version is not in our sources.

Text is drawn in a monospace font, so a label's width is known from its length and boxes never
overlap their text or each other.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from engine.ast import OPEN_END
from engine.citation import article_sort_key, normalize_article
from engine.errors import CitationError
from engine.graph import (
    EDGE_COLOURS,
    PROVISION_EDGE_TYPES,
    AmendmentGraph,
    article_node,
    provision_sort_key,
    text_node,
)
from engine.timelines import UNKNOWN_START, Timeline

__all__ = ["amendment_svg", "timeline_svg", "write_svg", "svg_colour", "STATUS_COLOURS", "DEFAULT_MARKS"]

FONT = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"
CHAR_W = 0.62  # advance of one character in em: monospace fonts are 0.60; the rest is a safety margin
FONT_SIZE = 12
LINE_H = 15

# EDGE_COLOURS are Graphviz (X11) names; some (red3, gray70, darkorange3) are not SVG colours, and
# X11 "purple" is not SVG "purple": the hex values of the X11 table, so both drawings agree.
X11_HEX = {
    "forestgreen": "#228b22", "limegreen": "#32cd32", "royalblue": "#4169e1", "red3": "#cd0000",
    "purple": "#a020f0", "darkorange": "#ff8c00", "saddlebrown": "#8b4513", "gray70": "#b3b3b3",
    "gray40": "#666666", "gray55": "#8c8c8c", "darkorange3": "#cd6600", "darkcyan": "#008b8b",
}

# Fill, outline and label of the statuses of engine.timelines / queries.article_versions.
STATUS_COLOURS = {
    "in_force": ("#a5d6a7", "#2e7d32", "en vigueur"),
    "not_yet_in_force": ("#e0e0e0", "#757575", "pas encore en vigueur"),
    "repealed": ("#ef9a9a", "#c62828", "abrogé"),
    "renumbered": ("#ffcc80", "#ef6c00", "renuméroté"),
    "unknown": ("#e1bee7", "#6a1b9a", "inconnu (hors de nos sources)"),
}

# The two dates every article of the décret's texts lives by: the décret took effect on 19 February
# 2021; the old regulatory texts were recodified (décret n° 2023-500) on 1 July 2023.
DEFAULT_MARKS: tuple[tuple[date, str], ...] = (
    (date(2021, 2, 19), "19/02/2021 : effet du décret"),
    (date(2023, 7, 1), "01/07/2023 : recodification"),
)

_STRUCTURAL = ("has_version", "codifies", "renumbered_to")
_DASHED = ("codifies", "renumbered_to")
_STATUS_FR = {k: v[2] for k, v in STATUS_COLOURS.items()}


def svg_colour(name: str) -> str:
    """An SVG colour for an EDGE_COLOURS name (hex for the X11 names SVG lacks)."""
    return X11_HEX.get(name, name if name.startswith("#") else "#808080")


# ------------------------------------------------------------------ primitives
def _esc(s: str) -> str:
    return escape(s, {'"': "&quot;"})


def _text_w(line: str, size: int = FONT_SIZE) -> float:
    return len(line) * CHAR_W * size


def _id(s: str) -> str:
    """An XML id fragment from any label (ids must be unique when several SVGs share one HTML page)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", s).strip("-") or "x"


@dataclass(frozen=True)
class _Box:
    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float
    fill: str = "#ffffff"
    stroke: str = "#555555"
    title: str = ""
    bold_first: bool = False

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


def _box_size(lines: tuple[str, ...]) -> tuple[float, float]:
    w = max(_text_w(line) for line in lines) + 16
    h = len(lines) * LINE_H + 10
    return round(w, 1), h


def _draw_box(b: _Box) -> list[str]:
    out = [f'<g class="node" id="{_esc(b.key)}">']
    if b.title:
        out.append(f"<title>{_esc(b.title)}</title>")
    out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="4" ry="4" '
               f'fill="{b.fill}" stroke="{b.stroke}" stroke-width="1"/>')
    for i, line in enumerate(b.lines):
        weight = ' font-weight="bold"' if b.bold_first and i == 0 else ""
        out.append(f'<text x="{b.x + 8:.1f}" y="{b.y + 5 + (i + 1) * LINE_H - 3:.1f}"{weight}>{_esc(line)}</text>')
    out.append("</g>")
    return out


def _curve(x1: float, y1: float, x2: float, y2: float, colour: str, dashed: bool, marker: str,
           title: str, cls: str) -> str:
    mx = (x1 + x2) / 2
    dash = ' stroke-dasharray="5,3"' if dashed else ""
    return (f'<path class="edge {cls}" d="M {x1:.1f} {y1:.1f} C {mx:.1f} {y1:.1f}, {mx:.1f} {y2:.1f}, '
            f'{x2 - 2:.1f} {y2:.1f}" fill="none" stroke="{colour}" stroke-width="1.4"{dash} '
            f'marker-end="url(#{marker})"><title>{_esc(title)}</title></path>')


def _spread(i: int, n: int, h: float) -> float:
    """Offset of the i-th of n edge ends along a side of height h (0 for a single edge)."""
    if n <= 1:
        return 0.0
    step = min(6.0, (h - 6) / (n - 1))
    return (i - (n - 1) / 2) * step


def _marker(mid: str, colour: str) -> str:
    return (f'<marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto" markerUnits="userSpaceOnUse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>')


def edge_label(edge_type: str) -> str:
    """The legend's words for an edge type (queries/vocabulary.py)."""
    from ..vocabulary import label

    return label("edge", edge_type)


def _text_title(g, text_id: str) -> str:
    """« décret n° 66-137 » for the title of a drawing, from the graph's text node."""
    title = g.nodes.get(f"text:{text_id}", {}).get("title") or text_id
    m = re.match(r"(Décret|Loi|Arrêté) n° ([\w-]+)", title)
    return f"{m[1].lower()} n° {m[2]}" if m else title[:1].lower() + title[1:]


def _svg_open(w: float, h: float, title: str, uid: str) -> list[str]:
    return [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" role="img" '
        f'aria-labelledby="{uid}-title" font-family="{_esc(FONT)}" font-size="{FONT_SIZE}">',
        f'<title id="{uid}-title">{_esc(title)}</title>',
        f'<rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" fill="#ffffff"/>',
    ]


def _iso_label(iso: str) -> str:
    if iso == UNKNOWN_START.isoformat():
        return "?"
    if iso == OPEN_END.isoformat():
        return "…"
    return iso


def _period_label(start: str, end: str) -> str:
    """« du 19 février 2021 au 30 juin 2023 » ('?' and '…' for an unknown start and an open end)."""
    from ..vocabulary import interval

    if start == "?" and end == "…":
        return "dates inconnues"
    return interval(None if start == "?" else start, None if end == "…" else end)


def _compress(labels: list[str]) -> list[str]:
    """« art. 7, 2° a) », « art. 7, 2° b) » → « art. 7, 2° a), 2° b) » (one per article)."""
    groups: dict[str, list[str]] = {}
    for label in labels:
        head, sep, rest = label.partition(", ")
        groups.setdefault(head, []).append(rest if sep else "")
    return [head + (", " + ", ".join(r for r in rests if r) if any(rests) else "") for head, rests in groups.items()]


def _name(corpus, text_id: str, article: str | None) -> str:
    """« code de l'artisanat, art. R. 332-2 » with the corpus; « CA art. R. 332-2 » without."""
    if corpus is not None and text_id in corpus.texts:
        from ..vocabulary import article_label

        return article_label(corpus, text_id, article)
    return f"{text_id} art. {article}" if article else text_id


def _basis_labels(basis: str, amending: set[str], corpus=None) -> list[str]:
    """Readable provision labels from a version's basis ("D2021_168:art. 7, 2° a); D2023_500:art. 7").

    Provisions of the amending text(s) keep their bare label, as everywhere in cmakb; others are prefixed
    with their text id.
    """
    own, other = [], []
    for item in filter(None, (x.strip() for x in basis.split(";"))):
        text, _, label = item.partition(":")
        if text in amending:
            own.append(label)
        else:
            name = _name(corpus, text, None) if corpus is not None else text
            other.append(f"{name}, {label}" if corpus is not None else f"{text} {label}")
    own.sort(key=provision_sort_key)
    return _compress(own) + other


# ------------------------------------------------------------------ amendment graph
def _article_label(text_id: str, article: str | None, unit: bool, g=None) -> str:
    """« décret n° 66-137, art. 17-1 » (the citation form of queries/vocabulary.py), from the graph's text node."""
    name = _text_title(g, text_id) if g is not None else text_id
    if article is None:
        return f"{name} (texte entier)"
    return f"{name}, {article}" if unit else f"{name}, art. {'1er' if article == '1' else article}"


def _article_order(article: str | None) -> tuple:
    return (0,) if article is None else (1, article_sort_key(article), article)


def amendment_svg(graph: AmendmentGraph, text_id: str, article: str | None = None, uid: str | None = None,
                  detail: bool | None = None) -> str:
    """Provisions → articles → versions of a text (or of one of its articles), as SVG.

    `detail` (default: only for one article) writes in each version box the provisions that produced it;
    a whole text's picture leaves them to the edges, to stay half as tall.
    Raises KeyError for a text the graph does not hold.
    """
    if detail is None:
        detail = article is not None
    g = graph.graph
    if text_node(text_id) not in g:
        raise KeyError(f"unknown text {text_id!r}")
    if article is not None:
        try:
            article = normalize_article(article)
        except CitationError:
            article = article.strip()  # a unit (« intitulé »)
    uid = uid or "am-" + _id(f"{text_id}-{article or 'texte'}")

    # The provision edges that bear on the text (or the article), one per (provision, article, type).
    edges: dict[tuple[str, str | None, str], list[str]] = {}
    for u, _, d in g.edges(data=True):
        if d["type"] in PROVISION_EDGE_TYPES and d["text"] == text_id and (article is None or d["article"] == article):
            edges.setdefault((u, d["article"], d["type"]), []).append(d["citation"] or "(texte entier)")
    articles = sorted({a for _, a, _ in edges} | ({article} if article is not None else set()), key=_article_order)
    provisions = sorted({p for p, _, _ in edges}, key=lambda n: provision_sort_key(g.nodes[n]["label"]))

    def owner(a: str | None) -> str:
        return text_node(text_id) if a is None else article_node(text_id, a)

    versions = {a: sorted((v for _, v, d in g.out_edges(owner(a), data=True) if d["type"] == "has_version"),
                          key=lambda v: g.nodes[v]["start"]) for a in articles if owner(a) in g}
    # Successors: a renumbering (version → new article) or a codification (code version → old article).
    successors: list[tuple[str, str, str, str]] = []  # (version node, label, edge type, date)
    for a in articles:
        vs = versions.get(a, [])
        for v in vs:
            for _, target, d in g.out_edges(v, data=True):
                if d["type"] == "renumbered_to":
                    t = g.nodes[target]
                    label = _article_label(t["text"], t["number"], t["unit"], g)
                    successors.append((v, label, "renumbered_to", d["date"]))
        if owner(a) in g and vs:
            for source, _, d in g.in_edges(owner(a), data=True):
                if d["type"] == "codifies":
                    s = g.nodes[source]
                    at = next((v for v in vs if g.nodes[v]["start"] == d["date"]), vs[-1])
                    successors.append((at, _article_label(s["text"], s["article"], False, g), "codifies", d["date"]))

    # ---- boxes, column by column (x set after the widths are known)
    top = 58.0
    gap_x = 96.0
    heads = ["dispositions du décret", "articles", "versions"] + (["devenu"] if successors else [])
    prov_lines = {p: (g.nodes[p]["label"],) for p in provisions}

    def is_unit(a: str | None) -> bool:
        return a is not None and owner(a) in g and bool(g.nodes[owner(a)].get("unit", False))

    art_lines = {a: (_article_label(text_id, a, is_unit(a), g),) for a in articles}
    amending = {d["text"] for _, d in g.nodes(data=True) if d["kind"] == "provision"}
    ver_lines: dict[str, tuple[str, ...]] = {}
    for a, vs in versions.items():
        for v in vs:
            d = g.nodes[v]
            period = _period_label(_iso_label(d["start"]), _iso_label(d["end"]))
            status = _STATUS_FR.get(d["status"], d["status"])
            lines = [period, status] if detail else [f"{period}  {status}"]
            for label in _basis_labels(d.get("basis") or "", amending) if detail else ():
                lines += textwrap.wrap("par " + label, 34, subsequent_indent="    ")
            ver_lines[v] = tuple(lines)
    # What a person reads when pointing at a version or an edge (the ids stay in the boxes' id attributes)
    ver_title = {v: f"{art_lines[a][0]}, version {ver_lines[v][0]}" + (f" ({ver_lines[v][1]})" if detail else "")
                 for a, vs in versions.items() for v in vs}
    succ_lines = [(f"→ {label}", f"depuis le {day}") for _, label, _, day in successors]

    def width(lines_list, head):
        sizes = [_box_size(lines)[0] for lines in lines_list]
        return max(sizes + [_text_w(head) + 4, 60.0])

    widths = [width(list(prov_lines.values()), heads[0]), width(list(art_lines.values()), heads[1]),
              width(list(ver_lines.values()), heads[2])]
    if successors:
        widths.append(width(succ_lines, heads[3]))
    xs = [24.0]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + gap_x)

    # One band per article: its provisions (those whose first target it is), the article, its versions,
    # each column centred in the band; bands never overlap, so neither do boxes.
    first_target = {p: min((a for (q, a, _) in edges if q == p), key=_article_order) for p in provisions}
    art_box: dict[str | None, _Box] = {}
    ver_box: dict[str, _Box] = {}
    prov_box: dict[str, _Box] = {}

    def stack(keys, lines_of) -> tuple[list[tuple[float, float]], float]:
        sizes = [_box_size(lines_of[k]) for k in keys]
        return sizes, sum(h for _, h in sizes) + 6 * max(len(keys) - 1, 0)

    y = top
    for a in articles:
        vs = versions.get(a, [])
        ps = [p for p in provisions if first_target[p] == a]
        v_sizes, v_h = stack(vs, ver_lines)
        p_sizes, p_h = stack(ps, prov_lines)
        aw, ah = _box_size(art_lines[a])
        band = max(v_h, p_h, ah)
        vy = y + (band - v_h) / 2
        for v, (_, vh) in zip(vs, v_sizes):
            d = g.nodes[v]
            fill, stroke, _ = STATUS_COLOURS.get(d["status"], ("#ffffff", "#555555", ""))
            ver_box[v] = _Box(f"{uid}-v-{_id(v)}", ver_lines[v], xs[2], vy, widths[2], vh, fill, stroke,
                              title=ver_title[v])
            vy += vh + 6
        py = y + (band - p_h) / 2
        for p, (_, ph) in zip(ps, p_sizes):
            prov_box[p] = _Box(f"{uid}-p-{_id(g.nodes[p]['label'])}", prov_lines[p], xs[0], py, widths[0], ph,
                               "#e3f2fd", "#1565c0", title=f"{_text_title(g, g.nodes[p]['text'])}, {g.nodes[p]['label']}")
            py += ph + 6
        art_box[a] = _Box(f"{uid}-a-{_id(str(a))}", art_lines[a], xs[1], y + (band - ah) / 2, widths[1], ah,
                          "#fff8e1", "#8d6e63", title=art_lines[a][0], bold_first=True)
        y += band + 18
    bottom = y - 18

    succ_box: list[tuple[_Box, str, str, str]] = []
    floor = top
    for (v, label, kind, _), lines in zip(successors, succ_lines):
        sw, sh = _box_size(lines)
        sy = max(floor, ver_box[v].cy - sh / 2) if v in ver_box else floor
        succ_box.append((_Box(f"{uid}-s-{_id(label)}-{len(succ_box)}", lines, xs[3], sy, widths[3], sh,
                              "#e0f7fa", "#00838f", title=label), v, kind, label))
        floor = sy + sh + 6
        bottom = max(bottom, sy + sh)

    # ---- legend, wrapped to the drawing's width
    total_w = xs[-1] + widths[-1] + 24
    legend_types = list(PROVISION_EDGE_TYPES) + list(_STRUCTURAL)
    legend_items = [(t, svg_colour(EDGE_COLOURS[t]), t in _DASHED) for t in legend_types]
    item_w = max(_text_w(edge_label(t)) for t in legend_types) + 52
    per_row = max(1, int((total_w - 48) // item_w))
    legend_y = bottom + 34
    rows = (len(legend_items) + per_row - 1) // per_row
    total_h = legend_y + 20 + rows * 20 + 12

    title = f"Modifications du décret : {_text_title(g, text_id)}" + (f", art. {article}" if article else "")
    out = _svg_open(total_w, total_h, title, uid)
    out.append("<defs>")
    for t in legend_types:
        out.append(_marker(f"{uid}-arrow-{t}", svg_colour(EDGE_COLOURS[t])))
    out.append("</defs>")
    out.append(f'<text x="24" y="24" font-size="15" font-weight="bold">{_esc(title)}</text>')
    for x, head in zip(xs, heads):
        out.append(f'<text x="{x:.1f}" y="{top - 10:.1f}" fill="#555555" font-style="italic">{_esc(head)}</text>')

    out.append('<g class="edges">')
    ordered = sorted(edges, key=lambda k: (provisions.index(k[0]), _article_order(k[1]),
                                           PROVISION_EDGE_TYPES.index(k[2])))
    for p, a, t in ordered:
        pb, ab = prov_box[p], art_box[a]
        # Spread the ends along the boxes' sides, so several edges (several types, several provisions)
        # arriving at one box stay apart and each arrow head shows its colour.
        out_edges = [k for k in ordered if k[0] == p]
        in_edges = [k for k in ordered if k[1] == a]
        y1 = pb.cy + _spread(out_edges.index((p, a, t)), len(out_edges), pb.h)
        y2 = ab.cy + _spread(in_edges.index((p, a, t)), len(in_edges), ab.h)
        tip = f"{g.nodes[p]['label']} {edge_label(t)} {'; '.join(dict.fromkeys(edges[(p, a, t)]))}"
        out.append(_curve(pb.right, y1, ab.x, y2, svg_colour(EDGE_COLOURS[t]), False, f"{uid}-arrow-{t}", tip, t))
    for a in articles:
        for v in versions.get(a, []):
            ab, vb = art_box[a], ver_box[v]
            out.append(_curve(ab.right, ab.cy, vb.x, vb.cy, svg_colour(EDGE_COLOURS["has_version"]), False,
                              f"{uid}-arrow-has_version", f"{art_lines[a][0]} {edge_label('has_version')} "
                              f"{ver_lines[v][0]}",
                              "has_version"))
    for sb, v, kind, label in succ_box:
        vb = ver_box[v]
        out.append(_curve(vb.right, vb.cy, sb.x, sb.cy, svg_colour(EDGE_COLOURS[kind]), kind in _DASHED,
                          f"{uid}-arrow-{kind}", f"{ver_title[v]} {edge_label(kind)} {label}", kind))
    out.append("</g>")
    out.append('<g class="nodes">')
    for b in [*prov_box.values(), *art_box.values(), *ver_box.values(), *(sb for sb, *_ in succ_box)]:
        out += _draw_box(b)
    out.append("</g>")

    out.append(f'<g class="legend"><text x="24" y="{legend_y:.1f}" font-weight="bold">légende</text>')
    for i, (t, colour, dashed) in enumerate(legend_items):
        lx = 24 + (i % per_row) * item_w
        ly = legend_y + 20 + (i // per_row) * 20
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        out.append(f'<line x1="{lx:.1f}" y1="{ly - 4:.1f}" x2="{lx + 34:.1f}" y2="{ly - 4:.1f}" stroke="{colour}" '
                   f'stroke-width="2.5"{dash}/><text x="{lx + 40:.1f}" y="{ly:.1f}" fill="{colour}">{_esc(edge_label(t))}</text>')
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ timeline
def _years_between(a: date, b: date) -> float:
    return (b - a).days / 365.25


def timeline_svg(timeline: Timeline, marks: tuple[tuple[date, str], ...] = DEFAULT_MARKS,
                 uid: str | None = None, corpus=None) -> str:
    """An article's versions on a time axis, one bar per version, coloured by status, as SVG.
    With the corpus, texts are named in citation form (« décret n° 2023-500, art. 7 »), else by their ids."""
    uid = uid or "tl-" + _id(f"{timeline.text_id}-{timeline.article or 'texte'}")
    segs = sorted(timeline.segments, key=lambda s: s.start)
    known = [s.start for s in segs if s.start != UNKNOWN_START] + [s.end for s in segs if s.end != OPEN_END]
    known += [d for d, _ in marks]
    if timeline.known_until:
        known.append(timeline.known_until)
    axis_start = date(min(known).year - 2, 1, 1)
    axis_end = date(max(known).year + 3, 1, 1)

    # Bars: a part after `known_until` is drawn as unknown (our sources stop there).
    amending = {o.amending_text for s in segs for o in s.operations}
    bars: list[tuple[date, date, str, list[str], bool]] = []  # start, end, status, lines, start unknown
    for s in segs:
        words = _basis_labels("; ".join(s.basis), amending, corpus)
        if s.successor:
            words.append(f"→ {_name(corpus, *s.successor)}")
        if s.predecessor:
            words.append(f"← {_name(corpus, *s.predecessor)}")
        if not s.start_known:
            words.insert(0, "début inconnu")
        start = axis_start if not s.start_known else s.start
        end = axis_end if s.end == OPEN_END else s.end
        cut = timeline.known_until
        if cut and start < cut < end:
            bars.append((start, cut, s.status, words, not s.start_known))
            bars.append((cut, end, "unknown", ["hors de nos sources"], False))
        elif cut and start >= cut:
            bars.append((start, end, "unknown", ["hors de nos sources"], False))
        else:
            bars.append((start, end, s.status, words, not s.start_known))

    # Scale: wide enough that the shortest bar holds 14 characters on a line.
    shortest = min(_years_between(b[0], b[1]) for b in bars) if bars else 1.0
    per_year = min(max(110.0, (14 * CHAR_W * FONT_SIZE + 12) / max(shortest, 0.05)), 700.0)
    row_labels = []
    for s_start, s_end, status, _, unknown_start in bars:
        a = "?" if unknown_start else s_start.isoformat()
        b = "…" if s_end == axis_end else s_end.isoformat()
        row_labels.append((_period_label(a, b), _STATUS_FR.get(status, status)))
    gutter = max([_text_w(x) for pair in row_labels for x in pair] + [80.0]) + 32
    axis_w = _years_between(axis_start, axis_end) * per_year

    def x_of(d: date) -> float:
        return gutter + _years_between(axis_start, d) * per_year

    # Mark labels above the rows, staggered when they would overlap.
    levels: list[float] = []
    mark_pos = []
    for d, label in sorted(marks):
        x = x_of(d)
        level = next((i for i, end in enumerate(levels) if x > end + 8), len(levels))
        if level == len(levels):
            levels.append(0.0)
        levels[level] = x + 6 + _text_w(label)
        mark_pos.append((x, level, label))
    title = f"Versions : {_name(corpus, timeline.text_id, timeline.article)}"
    top = 44 + len(levels) * 18 + 8

    rows = []
    y = top
    for (s_start, s_end, status, words, unknown_start), labels in zip(bars, row_labels):
        x0, x1 = x_of(s_start), x_of(s_end)
        chars = max(int((x1 - x0 - 12) // (CHAR_W * FONT_SIZE)), 6)
        lines = [w for word in words for w in textwrap.wrap(word, chars)] or [""]
        h = max(len(lines) * LINE_H + 12, 2 * LINE_H + 12)
        rows.append((y, h, x0, x1, status, lines, unknown_start, labels))
        y += h + 10
    axis_y = y + 4
    statuses = list(dict.fromkeys(r[4] for r in rows))
    legend_items = [(*STATUS_COLOURS.get(st, ("#cccccc", "#555555", st)), False) for st in statuses]
    if any(r[6] for r in rows):
        legend_items.append((f"url(#{uid}-hatch)", "#777777", "début inconnu", True))
    legend_w = 16 + sum(28 + _text_w(label) + 20 for _, _, label, _ in legend_items)
    # The legend may be wider than the axis: widen the picture rather than cut it.
    width = max(gutter + axis_w + max(24.0, _text_w(str(axis_end.year)) / 2 + 8), legend_w)
    legend_y = axis_y + 44
    height = legend_y + 24

    out = _svg_open(width, height, title, uid)
    out.append("<defs>")
    for status in statuses:
        fill, _, _ = STATUS_COLOURS.get(status, ("#cccccc", "#555555", status))
        # An unknown start fades in: the version was in force before, since a date our sources do not give.
        out.append(f'<linearGradient id="{uid}-fade-{status}" x1="0" y1="0" x2="1" y2="0">'
                   f'<stop offset="0" stop-color="{fill}" stop-opacity="0"/>'
                   f'<stop offset="0.6" stop-color="{fill}" stop-opacity="1"/></linearGradient>')
    out.append(f'<pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="8" height="8" '
               'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#777777" '
               'stroke-width="1.5" stroke-opacity="0.5"/></pattern>')
    out.append("</defs>")
    out.append(f'<text x="16" y="24" font-size="15" font-weight="bold">{_esc(title)}</text>')

    # Year grid and axis.
    out.append('<g class="axis">')
    out.append(f'<line x1="{gutter:.1f}" y1="{axis_y:.1f}" x2="{gutter + axis_w:.1f}" y2="{axis_y:.1f}" '
               'stroke="#333333" stroke-width="1"/>')
    for year in range(axis_start.year, axis_end.year + 1):
        x = x_of(date(year, 1, 1))
        out.append(f'<line x1="{x:.1f}" y1="{top - 6:.1f}" x2="{x:.1f}" y2="{axis_y + 5:.1f}" stroke="#dddddd" '
                   'stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 19:.1f}" text-anchor="middle" fill="#333333">{year}</text>')
    out.append("</g>")

    out.append('<g class="versions">')
    for y, h, x0, x1, status, lines, unknown_start, labels in rows:
        fill, stroke, _ = STATUS_COLOURS.get(status, ("#cccccc", "#555555", status))
        out.append(f'<text x="16" y="{y + h / 2 - 3:.1f}">{_esc(labels[0])}</text>')
        out.append(f'<text x="16" y="{y + h / 2 + 12:.1f}" fill="{stroke}">{_esc(labels[1])}</text>')
        paint = f"url(#{uid}-fade-{status})" if unknown_start else fill
        dash = ' stroke-dasharray="4,3"' if unknown_start else ""
        out.append(f'<rect class="bar {status}" x="{x0:.1f}" y="{y:.1f}" width="{x1 - x0:.1f}" height="{h:.1f}" '
                   f'fill="{paint}" stroke="{stroke}" stroke-width="1"{dash}/>')
        if unknown_start:
            out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{(x1 - x0) * 0.6:.1f}" height="{h:.1f}" '
                       f'fill="url(#{uid}-hatch)"/>')
        for i, line in enumerate(lines):
            out.append(f'<text x="{x0 + 6:.1f}" y="{y + 6 + (i + 1) * LINE_H - 3:.1f}">{_esc(line)}</text>')
    out.append("</g>")

    out.append('<g class="marks">')
    for x, level, label in mark_pos:
        ly = 44 + level * 18
        out.append(f'<line x1="{x:.1f}" y1="{ly + 4:.1f}" x2="{x:.1f}" y2="{axis_y:.1f}" stroke="#37474f" '
                   'stroke-width="1.2" stroke-dasharray="6,3"/>')
        out.append(f'<text x="{x + 4:.1f}" y="{ly:.1f}" fill="#37474f">{_esc(label)}</text>')
    out.append("</g>")

    out.append('<g class="legend">')
    lx = 16.0
    for fill, stroke, label, dashed in legend_items:
        dash = ' stroke-dasharray="4,3"' if dashed else ""
        out.append(f'<rect x="{lx:.1f}" y="{legend_y - 11:.1f}" width="22" height="13" fill="{fill}" '
                   f'stroke="{stroke}"{dash}/><text x="{lx + 28:.1f}" y="{legend_y:.1f}">{_esc(label)}</text>')
        lx += 28 + _text_w(label) + 20
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ files
def write_svg(svg: str, path: str | Path) -> Path:
    """Write one SVG alone (with an XML declaration, as a standalone file should have)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, encoding="utf-8")
    return path
