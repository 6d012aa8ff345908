"""What the décret changed: `changes` (by text, article or provision; GraphML, JSON, DOT) and `graph` (SVG)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import _date, _emit, _errors_to_exit, _kb, json_option, why_option


@click.command()
@click.argument("text", required=False)
@click.option("--provision", help='une disposition du décret, par ex. "art. 2, 2° d)"')
@click.option("--article", help="se limiter à un article du TEXTE")
@click.option("--graphml", type=click.Path(), help="écrire aussi le graphe en GraphML dans ce fichier")
@click.option("--graph-json", "graph_json", type=click.Path(), help="écrire aussi le graphe en JSON (node-link)")
@click.option("--dot", is_flag=True, help="imprimer plutôt le graphe en Graphviz DOT")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def changes(ctx, text, provision, article, graphml, graph_json, dot, as_json, why):
    """Ce que le décret a modifié : dans le TEXTE (par opération), dans un --article, ou par une --provision."""
    from .changes import changes_response

    kb = _kb(ctx)
    resp, graph = changes_response(kb, text, provision, article, _date(None))
    from .output import write_text, writing

    if graphml:
        with writing("--graphml", graphml):
            graph.write_graphml(graphml)
    if graph_json:
        write_text(graph_json, json.dumps(graph.to_json(), ensure_ascii=False, indent=1), "--graph-json")
    if dot:
        click.echo(graph.to_dot())
        sys.exit(0)
    _emit(resp, as_json, why, kb)




@click.command()
@click.argument("text")
@click.argument("article", required=False)
@click.option("--svg", "svg_out", type=click.Path(file_okay=False), default=".", show_default=True,
              help="dossier des fichiers .svg")
@click.pass_context
@_errors_to_exit
def graph(ctx, text, article, svg_out):
    """Dessiner en SVG le graphe des modifications du TEXTE (ou d'un ARTICLE, avec la frise de ses versions)."""
    from .changes import graph_of
    from .report import amendment_svg, timeline_svg, write_svg
    from .code_parts import text_holding
    from .report.build import slug
    from .resolve import resolve_article, resolve_text

    kb = _kb(ctx)
    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text), article)  # R. 332-2: the 2023 code's
    number = resolve_article(kb.corpus, text_id, article)
    stem = slug(text_id) + (f"-{slug(number)}" if number else "")
    from .output import writing

    with writing("--svg", svg_out):
        click.echo(write_svg(amendment_svg(graph_of(kb), text_id, number), Path(svg_out) / f"amendments-{stem}.svg"))
        if number is not None and (text_id, number) in kb.timelines:
            click.echo(write_svg(timeline_svg(kb.timelines[(text_id, number)], corpus=kb.corpus),
                                 Path(svg_out) / f"timeline-{stem}.svg"))
