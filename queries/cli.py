"""The `cmakb` command line. Exit codes: 0 answered, 1 no answer (or a check failed), 2 bad input.

Every query command takes --on YYYY-MM-DD (default today) and --json (schema: docs/json.md); the question
commands take --why (the derivation of each answer).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine.errors import CmakbError

if TYPE_CHECKING:  # `cmakb --help` need not import the answers and what they import (#9)
    from .answers import Response

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules"


def rules_root() -> Path:
    import rules  # the rules ship as a package, so an installed cmakb finds them

    return Path(rules.__file__).resolve().parent


def _kb(ctx):
    from engine.kb import KnowledgeBase

    if ctx.obj.get("kb") is None:
        ctx.obj["kb"] = KnowledgeBase.load(ctx.obj["rules"])
    return ctx.obj["kb"]


def _errors_to_exit(fn):
    """A user never sees a traceback: cmakb errors print their message and exit 2."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        from .output import check_arguments, echo

        try:
            check_arguments(kwargs.values())  # queries/output.py: arguments must be UTF-8
            return fn(*args, **kwargs)
        except CmakbError as exc:
            echo(exc.render() if hasattr(exc, "render") else str(exc), err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _emit(resp: Response, as_json: bool, why: bool = False, kb=None) -> None:
    """Print a response (text or JSON), with its explanations when --why; exit 0 if answered, else 1."""
    from .render import render_text

    if why:
        from .explanations import attach_explanations

        attach_explanations(kb, resp)
    from .output import echo  # valid UTF-8 only

    if as_json:
        echo(json.dumps(resp.to_json(kb.corpus if kb is not None else None), ensure_ascii=False, indent=2))
    else:
        echo(render_text(resp, corpus=kb.corpus if kb is not None else None))
    from .recodified import exit_code

    sys.exit(0 if resp.answers and resp.kind not in ("approval", "deadline", "norm") else exit_code(resp))


def _suspensions(values: tuple[str, ...]) -> list[tuple[date, date]]:
    """--suspended FROM:TO (repeatable): periods [FROM, TO) during which a délai is suspended."""
    out = []
    for value in values:
        start, sep, end = value.partition(":")
        if not sep:
            from engine.errors import QueryError

            raise QueryError(f"bad --suspended {value!r}: expected FROM:TO, e.g. 2022-01-20:2022-02-03")
        period = (_date(start, "--suspended start"), _date(end, "--suspended end"))
        if not period[0] < period[1]:
            from engine.errors import QueryError

            raise QueryError(f"bad --suspended {value!r}: the end must come after the start (a half-open period "
                             "FROM:TO, suspended from FROM until the day before TO), e.g. 2022-01-20:2022-02-03")
        out.append(period)
    return out


def _date(value: str | None, what: str = "--on") -> date:
    """Every CLI date goes through engine/dates.py: YYYY-MM-DD only, « date inexistante » named; None is today."""
    from engine.dates import parse_user_date

    return parse_user_date(value, what)


def _dated(resp: Response, on: str | None) -> Response:
    """Say which date a command asked at and where it came from (--on, else today), as `ask` does."""
    from .question_dates import asked_date, say_date

    return say_date(resp, asked_date(_date(on) if on is not None else None, None))


on_option = click.option("--on", "on", metavar="YYYY-MM-DD", help="date de la question (par défaut : aujourd'hui)")
json_option = click.option("--json", "as_json", is_flag=True, help="réponse en JSON (docs/json.md)")
why_option = click.option("--why", "why", is_flag=True,
                          help="montrer comment chaque réponse est dérivée : règles, faits, leur fondement (JSON : `why`)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rules", "rules_path", type=click.Path(), default=None,
              help="fichier ou dossier de règles (par défaut : les règles livrées avec cmakb)")
@click.pass_context
def cli(ctx, rules_path):
    """cmakb — le décret n° 2021-168 (réseau des CMA) en règles : qui approuve, quel délai, quelle version."""
    ctx.ensure_object(dict)
    ctx.obj["rules"] = Path(rules_path) if rules_path else rules_root()


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.group()
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
    from .report import article_report
    from .report.build import slug
    from .resolve import resolve_article, resolve_text

    kb = _kb(ctx)
    rep = article_report(kb, text, article, generated_on=_date(day, "--date"))
    text_id = resolve_text(kb.corpus, text)
    _write_report(rep, out, f"article-{slug(text_id)}-{slug(resolve_article(kb.corpus, text_id, article))}")


@cli.command()
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
    from .report.build import slug
    from .resolve import resolve_article, resolve_text

    kb = _kb(ctx)
    text_id = resolve_text(kb.corpus, text)
    number = resolve_article(kb.corpus, text_id, article)
    stem = slug(text_id) + (f"-{slug(number)}" if number else "")
    from .output import writing

    with writing("--svg", svg_out):
        click.echo(write_svg(amendment_svg(graph_of(kb), text_id, number), Path(svg_out) / f"amendments-{stem}.svg"))
        if number is not None and (text_id, number) in kb.timelines:
            click.echo(write_svg(timeline_svg(kb.timelines[(text_id, number)], corpus=kb.corpus),
                                 Path(svg_out) / f"timeline-{stem}.svg"))


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


COMPLIANCE_KINDS = ("list", "seats", "bureau", "commission", "vote", "shares")
"""queries.compliance.KINDS, written out so that listing the commands does not import the checks (a test keeps them equal)."""


def _add_compliance_commands() -> None:
    for kind in COMPLIANCE_KINDS:
        cli.command(f"check-{kind}")(_compliance_command(kind))


_add_compliance_commands()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="cmakb")


if __name__ == "__main__":
    main()
from .cli_build import build_cmd; cli.add_command(build_cmd)  # noqa: E402,E702  (#9)
from .cli_draft import draft_cmd; cli.add_command(draft_cmd)  # noqa: E402  (#14)
from .cli_list import list_cmd; cli.add_command(list_cmd)  # noqa: E402  (#13: cmakb list)
from .cli_serve import serve_cmd; cli.add_command(serve_cmd)  # noqa: E402  (#13: cmakb serve)
from .cli_text import diff_cmd, text_cmd  # noqa: E402  (cmakb text, cmakb diff: #10)
cli.add_command(text_cmd); cli.add_command(diff_cmd)  # noqa: E702
from .cli_french import french_click; french_click()  # noqa: E402  (#13: Click speaks French)
