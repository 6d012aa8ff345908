"""The commands about a rules tree itself: `check` (valid, consistent, cross-checked) and `coverage`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import _errors_to_exit, _kb, json_option


@click.command()
@click.argument("path", required=False, type=click.Path())
@json_option
@click.pass_context
@_errors_to_exit
def check(ctx, path, as_json):
    """Valider un dossier de règles et dire ce qu'il contient."""
    from engine.kb import KnowledgeBase

    from .coverage import consistency_problems

    kb = KnowledgeBase.load(Path(path) if path else ctx.obj["rules"])
    summary = kb.summary()
    problems = consistency_problems(kb)
    from .cli_draft import crosscheck_report  # #14: the décret's sentences read back; only a new gap is an error
    from .consolidated_text import consolidation_check  # anchors located, tolerances used, source warnings
    from .output import echo  # valid UTF-8 only (a path in a problem may hold undecodable bytes)

    counts, reported = consolidation_check(kb)
    summary.update(counts)
    crossed = crosscheck_report(kb.corpus)
    problems = problems + crossed.errors()
    if as_json:
        echo(json.dumps({"ok": not problems, "summary": summary, "problems": problems,
                         "consolidation": reported, "crosscheck": crossed.to_json()}, ensure_ascii=False, indent=2))
    else:
        from .vocabulary import label

        echo("ok : " + ", ".join(f"{v} {label('summary', k)}" for k, v in summary.items()) if not problems else
             "\n".join(problems))
        if not problems and reported:
            echo("\n".join(reported))
        if crossed.text():
            click.echo(crossed.text(), err=True)
    sys.exit(1 if problems else 0)




@click.command()
@json_option
@click.option("--today", is_flag=True, help="où chaque norme du décret est allée le 1er juillet 2023 (nouveau code)")
@click.pass_context
@_errors_to_exit
def coverage(ctx, as_json, today):
    """Les dispositions du décret, article par article : dans la source, encodées, manquantes."""
    from engine.loader import load_corpus

    from .coverage import coverage_table, render_coverage, render_today, today_table

    if today:
        rows = today_table(_kb(ctx))
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2) if as_json
                   else render_today(rows))
        sys.exit(0)

    rows = coverage_table(load_corpus(ctx.obj["rules"]))
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
    else:
        click.echo(render_coverage(rows))
    sys.exit(0 if all(not r.missing and not r.unknown for r in rows) else 1)
