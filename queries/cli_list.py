"""`cmakb list texts|articles|approvals|deadlines|norms|actors [--on D] [--json]`: what is encoded."""

from __future__ import annotations

import json
import sys

import click

from .cli_common import _date, _errors_to_exit, _kb, json_option


@click.command("list")
@click.argument("what", metavar="QUOI")
@click.option("--on", "on", metavar="YYYY-MM-DD",
              help="ne garder que ce qui s'applique à cette date (par défaut : tout ce qui est encodé)")
@json_option
@click.pass_context
@_errors_to_exit
def list_cmd(ctx, what, on, as_json):
    """Lister ce qui est encodé : QUOI = texts, articles, approvals, deadlines, norms ou actors (identifiants,
    libellés, fondements)."""
    from .listing import list_items, render_items

    kb = _kb(ctx)
    day = _date(on) if on else None
    items = list_items(kb, what, day)
    if as_json:
        click.echo(json.dumps({"schema": 1, "what": what, "on": day.isoformat() if day else None,
                               "items": [i.to_json() for i in items]}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_items(kb, what, items, day))
    sys.exit(0 if items else 1)
