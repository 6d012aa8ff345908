"""`cmakb build [RULES] [-o FILE]`: compile a rules tree into its built file (SQLite), once.

Without -o the file goes where every command looks for it (the per-user cache); with -o it is a
standalone file: `cmakb --rules FILE …` answers from it, and `sqlite3 FILE` opens it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from .cli_common import _errors_to_exit


@click.command("build")
@click.argument("path", required=False, type=click.Path())
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="écrire le fichier compilé ici (par défaut : le cache de l'utilisateur, que lisent toutes les commandes)")
@click.option("--json", "as_json", is_flag=True, help="dire en JSON ce qui a été compilé")
@click.pass_context
@_errors_to_exit
def build_cmd(ctx, path, output, as_json):
    """Compiler les règles en un seul fichier SQLite : corpus, chronologies, faits et leur fondement, réponses indexées."""
    from engine import store
    from engine.errors import CmakbError
    from engine.kb import KnowledgeBase

    root = Path(path) if path else ctx.obj["rules"]
    t0 = time.perf_counter()
    if output:
        target = Path(output)
        if target.is_dir():
            raise CmakbError(f"{target} est un dossier ; attendu : le fichier à écrire, par ex. {target / 'cmakb.sqlite'}")
        try:
            built = store.build(root, target, kb=KnowledgeBase.load_uncached(root), public=True)
        except OSError as exc:
            raise CmakbError(f"impossible d'écrire {target} : {exc.strerror or exc}") from exc
    else:
        kb = KnowledgeBase.load(root)
        if kb._store is None:
            raise CmakbError("aucun dossier de cache modifiable (XDG_CACHE_HOME ou ~/.cache) ; donnez un fichier avec -o, "
                             "par ex. -o cmakb.sqlite")
        built = kb._store.path
    seconds = time.perf_counter() - t0
    kb = KnowledgeBase.load(built)
    summary = {"file": str(built), "bytes": built.stat().st_size, "seconds": round(seconds, 3), **kb.summary()}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{built} : {summary['bytes'] / 1e6:.1f} Mo en {seconds:.2f} s — "
                   f"{summary['versions']} versions, {summary['facts']} faits, {summary['records']} fiches")
