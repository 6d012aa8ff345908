"""`cmakb report questions|text|article`: citation reports in Markdown, HTML and JSON."""

from __future__ import annotations

import click

from .cli_common import _date, _errors_to_exit, _kb


@click.group()
def report():
    """Écrire un rapport de citations en Markdown, HTML (autonome, imprimable) et JSON, avec ses figures."""


def _write_report(rep, out: str, basename: str) -> None:
    from .output import writing
    from .report import write_report

    with writing("--out", out):
        written = write_report(rep, out, basename)
    for fmt, path in written.items():
        click.echo(f"{fmt}\t{path}")


report_out = click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False),
                          help="dossier où écrire")
report_date = click.option("--date", "day", metavar="YYYY-MM-DD", help="date du rapport (par défaut : aujourd'hui)")


@report.command("questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@report_out
@report_date
@click.pass_context
@_errors_to_exit
def report_questions(ctx, file, out, day):
    """Répondre aux questions du FICHIER (.txt une par ligne, lignes '# on AAAA-MM-JJ' ; .json ; .yaml)."""
    from .report import load_questions, questions_report

    today = _date(day, "--date")
    _write_report(questions_report(_kb(ctx), load_questions(file, today), generated_on=today), out, "questions")


@report.command("text")
@click.argument("text")
@report_out
@report_date
@click.pass_context
@_errors_to_exit
def report_text(ctx, text, out, day):
    """Tout ce que le décret a modifié dans le TEXTE, article par article, opération par opération."""
    from .report import text_report
    from .report.build import slug
    from .resolve import resolve_text

    kb = _kb(ctx)
    rep = text_report(kb, text, generated_on=_date(day, "--date"))
    _write_report(rep, out, f"text-{slug(resolve_text(kb.corpus, text))}")


@report.command("article")
@click.argument("text")
@click.argument("article")
@report_out
@report_date
@click.pass_context
@_errors_to_exit
def report_article(ctx, text, article, out, day):
    """L'historique de l'ARTICLE du TEXTE : chaque version, ce qui l'a produite, son texte ou ses opérations."""
    from .code_parts import text_holding
    from .report import article_report
    from .report.build import slug
    from .resolve import resolve_article, resolve_text

    kb = _kb(ctx)
    rep = article_report(kb, text, article, generated_on=_date(day, "--date"))
    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text), article)
    _write_report(rep, out, f"article-{slug(text_id)}-{slug(resolve_article(kb.corpus, text_id, article))}")
