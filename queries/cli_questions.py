"""The question commands: `version`, `history`, `approves`, `deadline`, `norm`, `ask` (--on, --json, --why)."""

from __future__ import annotations

import click

from .cli_common import _date, _dated, _emit, _errors_to_exit, _kb, _suspensions, json_option, on_option, why_option


@click.command()
@click.argument("text")
@click.argument("article", required=False)
@on_option
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def version(ctx, text, article, on, as_json, why):
    """Quelle version de l'ARTICLE du TEXTE s'applique à une date (en vigueur, pas encore en vigueur, abrogé, renuméroté, inconnu)."""
    from .article_versions import version_at

    resp = _dated(version_at(_kb(ctx), text, article, _date(on)), on)
    _emit(resp, as_json, why, _kb(ctx))


@click.command()
@click.argument("text")
@click.argument("article", required=False)
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def history(ctx, text, article, as_json, why):
    """Toutes les versions de l'ARTICLE du TEXTE, de la plus ancienne à la plus récente."""
    from .article_versions import history as history_of

    resp = history_of(_kb(ctx), text, article)
    _emit(resp, as_json, why, _kb(ctx))


@click.command()
@click.argument("act", nargs=-1, required=True)
@on_option
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def approves(ctx, act, on, as_json, why):
    """Qui approuve l'ACTE (autorité, approbation expresse ou tacite, délai, conditions)."""
    from .approvals import who_approves

    resp = _dated(who_approves(_kb(ctx), " ".join(act), _date(on)), on)
    _emit(resp, as_json, why, _kb(ctx))


@click.command()
@click.argument("subject", nargs=-1, required=True)
@on_option
@click.option("--from", "from_", metavar="YYYY-MM-DD", help="date de l'événement qui fait courir le délai")
@click.option("--suspended", multiple=True, metavar="FROM:TO",
              help="une période [FROM, TO) pendant laquelle le délai est suspendu, TO exclu (répétable)")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def deadline(ctx, subject, on, from_, suspended, as_json, why):
    """Quel délai s'applique à l'OBJET, et l'échéance à partir de la date d'un événement."""
    from .deadlines import deadlines_asked

    resp = deadlines_asked(_kb(ctx), " ".join(subject), _date(on) if on is not None else None,
                           _date(from_, "--from") if from_ is not None else None, _suspensions(suspended))
    _emit(resp, as_json, why, _kb(ctx))


@click.command()
@click.argument("about", nargs=-1, required=True)
@on_option
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def norm(ctx, about, on, as_json, why):
    """Les autres règles : quorum, majorités, composition, seuils, quotes-parts, tableau des sièges."""
    from .body_rules import norms_about

    resp = _dated(norms_about(_kb(ctx), " ".join(about), _date(on)), on)
    _emit(resp, as_json, why, _kb(ctx))


@click.command()
@click.argument("question", nargs=-1, required=True)
@on_option
@click.option("--from", "from_", metavar="YYYY-MM-DD", help="date de l'événement qui fait courir un délai")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def ask(ctx, question, on, from_, as_json, why):
    """Poser une question en français : « Qui approuve le budget d'une CMAR ? »"""
    from .ask import ask as ask_question

    resp = ask_question(_kb(ctx), " ".join(question), _date(on) if on is not None else None,
                        _date(from_, "--from") if from_ is not None else None)
    _emit(resp, as_json, why, _kb(ctx))
