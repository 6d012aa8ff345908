"""`cmakb draft FILE [--json]`: read an amending text into a draft encoding (queries/draft.py does the work)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine.errors import QueryError

from .cli_common import _errors_to_exit

__all__ = ["draft_cmd", "crosscheck_report"]


def crosscheck_report(corpus):
    """The décret's sentences read back and compared with the encoding (for `cmakb check`)."""
    from .draft import crosscheck_report as report  # lark and the amending grammar only when asked

    return report(corpus)


@click.command("draft")
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="les opérations en JSON (docs/amending.md)")
@click.option("--as", "amending", default="PROJET", metavar="ID", help="identifiant du texte modificatif")
@click.pass_context
@_errors_to_exit
def draft_cmd(ctx, path, as_json, amending):
    """Lire un texte modificatif (phrases du JO) et écrire un projet d'encodage (provisions et opérations).

    Sortie 0 : tout est lu ; 1 : des phrases restent à encoder à la main (signalées par ligne) ; 2 : fichier illisible.
    """
    from engine.input_reader import read_text  # bounded, strict UTF-8, a clear message otherwise

    from .draft import draft, render_json, render_rules, text_ids, unread

    text = read_text(Path(path), what="text file of amending sentences")
    provisions = draft(text)
    if not provisions:
        raise QueryError(f"{path} : aucune phrase modificative trouvée")
    ids = {}
    try:
        from engine.loader import load_corpus

        ids = text_ids(load_corpus(ctx.obj["rules"])) if ctx.obj and ctx.obj.get("rules") else {}
    except Exception:  # noqa: BLE001 - the draft does not need the knowledge base; ids are a convenience
        ids = {}
    if as_json:
        click.echo(json.dumps(render_json(provisions), ensure_ascii=False, indent=2))
    else:
        click.echo(render_rules(provisions, ids, amending))
    problems = unread(provisions, path)
    for message in problems:
        click.echo(message, err=True)
    sys.exit(1 if problems else 0)
