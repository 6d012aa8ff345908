"""`cmakb text` and `cmakb diff`: what a version says, and what changed between two dates (queries in
queries/consolidated_text.py). Exit 0 answered, 1 no answer, 2 bad input."""

from __future__ import annotations

import json
import sys

import click

from .cli_common import _date, _errors_to_exit, _kb, json_option, on_option


@click.command("text")
@click.argument("text")
@click.argument("article")
@on_option
@json_option
@click.option("--blame", is_flag=True, help="marquer chaque passage de la disposition du décret qui l'a écrit : « [art. 2, 2° d)] »")
@click.pass_context
@_errors_to_exit
def text_cmd(ctx, text, article, on, as_json, blame):
    """Le texte de l'ARTICLE du TEXTE en vigueur à une date, alinéa par alinéa."""
    from .consolidated_text import article_text, render_text

    resp = article_text(_kb(ctx), text, article, _date(on))
    if as_json:
        click.echo(json.dumps(resp.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(resp, blame, _kb(ctx).corpus))
    sys.exit(0 if resp.answers else 1)


@click.command("diff")
@click.argument("text")
@click.argument("article")
@click.option("--from", "day_from", metavar="YYYY-MM-DD", required=True, help="la date la plus ancienne")
@click.option("--to", "day_to", metavar="YYYY-MM-DD", required=True, help="la date la plus récente")
@json_option
@click.pass_context
@_errors_to_exit
def diff_cmd(ctx, text, article, day_from, day_to, as_json):
    """Ce qui a changé, mot à mot, dans l'ARTICLE du TEXTE entre les versions en vigueur à deux dates, chaque changement avec sa disposition."""
    from .consolidated_text import article_diff, render_diff

    resp = article_diff(_kb(ctx), text, article, _date(day_from, "--from"), _date(day_to, "--to"))
    if as_json:
        click.echo(json.dumps(resp.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diff(resp, _kb(ctx).corpus))
    sys.exit(0 if resp.answers or any("aucune différence" in n for n in resp.notes) else 1)
