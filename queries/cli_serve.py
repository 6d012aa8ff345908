"""`cmakb serve [--host 127.0.0.1] [--port 8000]`: the researcher's workbench (queries/web/), on the loopback
address unless told otherwise. FastAPI and uvicorn are imported here, when the command runs."""

from __future__ import annotations

import click

from .cli_common import _errors_to_exit, _kb


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="adresse d'écoute (127.0.0.1 : cette machine seulement)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="port d'écoute")
@click.pass_context
@_errors_to_exit
def serve_cmd(ctx, host, port):
    """Ouvrir l'établi du chercheur : pages en français et API JSON (lecture seule) sur http://HOST:PORT/."""
    import uvicorn

    from .web import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"attention : écoute sur {host}, l'établi est visible hors de cette machine", err=True)
    app = create_app(_kb(ctx))
    click.echo(f"cmakb : établi sur http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl-C pour arrêter)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
