"""`cmakb check-KIND FILE`: the compliance checks (queries/compliance/), one command per kind."""

from __future__ import annotations

import json
import sys

import click

from .cli_common import _date, _errors_to_exit, json_option, on_option


def _compliance_command(kind: str):
    """`cmakb check-KIND FILE`: 0 compliant, 1 not (every breach with its basis), 2 bad input."""

    @click.argument("path", type=click.Path(dir_okay=False))
    @on_option
    @click.option("--reading", "readings", multiple=True, metavar="NAME=VALUE",
                  help="choisir une lecture là où le texte est ambigu (docs/compliance.md), par ex. premium_rounding=floor")
    @json_option
    @click.pass_context
    @_errors_to_exit
    def command(ctx, path, on, readings, as_json):
        from engine.loader import load_corpus

        from .compliance import reading_options, render_result, result_to_json, run_check

        from .question_dates import asked_date

        used = asked_date(_date(on) if on is not None else None, None)
        # always a date, so the notes on rules not in force at that date are always given
        options = reading_options(readings, used.value)
        corpus = ctx.obj["kb"].corpus if ctx.obj.get("kb") else load_corpus(ctx.obj["rules"])
        result = run_check(kind, path, corpus, options)
        if as_json:
            click.echo(json.dumps({**result_to_json(result), "date": used.to_json()}, ensure_ascii=False, indent=2))
        else:
            from .vocabulary import french_dates_in

            click.echo(render_result(result) + f"\nnote : {french_dates_in(used.note())}")
        sys.exit(0 if result.ok and result.details.get("date_status", "in_force") == "in_force" else 1)

    command.__doc__ = {
        "list": "Contrôler une liste électorale (décret n° 99-433, art. 1er, I) : 35 candidats par section, catégories, "
                "métiers d'art, parité par groupes de cinq.",
        "seats": "Répartir les sièges d'une élection (décret n° 99-433, art. 1er, II à V) à partir des voix, et contrôler "
                 "un résultat déclaré s'il est donné.",
        "bureau": "Contrôler la composition du bureau d'une CMAR (code de l'artisanat, art. 19, I).",
        "commission": "Contrôler l'effectif d'une commission territoriale (code de l'artisanat, art. 21, I).",
        "vote": "Contrôler le quorum et la majorité d'un vote (bureau d'une CMAR ou de CMA France ; répartition des taxes).",
        "shares": "Contrôler la part des taxes répartie selon les besoins de fonctionnement (décret n° 66-137, art. 17-1).",
    }[kind]
    return command


def _command(kind: str) -> click.Command:
    return click.command(f"check-{kind}")(_compliance_command(kind))


# one name per command, as queries/cli.py's table lists them (its COMPLIANCE_KINDS)
check_list = _command("list")
check_seats = _command("seats")
check_bureau = _command("bureau")
check_commission = _command("commission")
check_vote = _command("vote")
check_shares = _command("shares")
