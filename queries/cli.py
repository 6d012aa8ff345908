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

import click

from engine.errors import CmakbError

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
        try:
            return fn(*args, **kwargs)
        except CmakbError as exc:
            click.echo(exc.render() if hasattr(exc, "render") else str(exc), err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _emit(resp: Response, as_json: bool, why: bool = False, kb=None) -> None:
    """Print a response (text or JSON), with its explanations when --why; exit 0 if answered, else 1."""
    from .render import render_text

    if why:
        from .explain import attach_explanations

        attach_explanations(kb, resp)
    if as_json:
        click.echo(json.dumps(resp.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(resp))
    sys.exit(0 if resp.answers else 1)


def _suspensions(values: tuple[str, ...]) -> list[tuple[date, date]]:
    """--suspended FROM:TO (repeatable): periods [FROM, TO) during which a délai is suspended."""
    out = []
    for value in values:
        start, sep, end = value.partition(":")
        if not sep:
            from engine.errors import QueryError

            raise QueryError(f"bad --suspended {value!r}: expected FROM:TO, e.g. 2022-01-20:2022-02-03")
        out.append((_date(start, "--suspended start"), _date(end, "--suspended end")))
    return out


def _date(value: str | None, what: str = "--on") -> date:
    from .resolve import parse_date

    return parse_date(value, what)


on_option = click.option("--on", "on", metavar="YYYY-MM-DD", help="date of the question (default: today)")
json_option = click.option("--json", "as_json", is_flag=True, help="answer as JSON (docs/json.md)")
why_option = click.option("--why", "why", is_flag=True,
                          help="show how each answer is derived: rules, facts, their basis (JSON: `why`)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rules", "rules_path", type=click.Path(), default=None,
              help="rules file or folder (default: the rules shipped with cmakb)")
@click.pass_context
def cli(ctx, rules_path):
    """cmakb — the décret n° 2021-168 (réseau des CMA) as rules: who approves, which deadline, which version."""
    ctx.ensure_object(dict)
    ctx.obj["rules"] = Path(rules_path) if rules_path else rules_root()


@cli.command()
@click.argument("path", required=False, type=click.Path())
@json_option
@click.pass_context
@_errors_to_exit
def check(ctx, path, as_json):
    """Validate a rules tree and print what it holds."""
    from engine.kb import KnowledgeBase

    from .coverage import consistency_problems

    kb = KnowledgeBase.load(Path(path) if path else ctx.obj["rules"])
    summary = kb.summary()
    problems = consistency_problems(kb)
    from .consolidated_text import consolidation_check  # anchors located, tolerances used, source warnings

    counts, reported = consolidation_check(kb)
    summary.update(counts)
    if as_json:
        click.echo(json.dumps({"ok": not problems, "summary": summary, "problems": problems,
                               "consolidation": reported}, ensure_ascii=False, indent=2))
    else:
        click.echo("ok: " + ", ".join(f"{v} {k}" for k, v in summary.items()) if not problems else
                   "\n".join(problems))
        if not problems and reported:
            click.echo("\n".join(reported))
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
    """Which version of ARTICLE of TEXT holds on a date (in_force, not_yet_in_force, repealed, renumbered, unknown)."""
    from .versions import version_at

    resp = version_at(_kb(ctx), text, article, _date(on))
    _emit(resp, as_json, why, _kb(ctx))


@cli.command()
@click.argument("text")
@click.argument("article", required=False)
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def history(ctx, text, article, as_json, why):
    """Every version of ARTICLE of TEXT, oldest first."""
    from .versions import history as history_of

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
    """Who approves ACT (approver, express or tacit, delay, conditions)."""
    from .approvals import who_approves

    resp = who_approves(_kb(ctx), " ".join(act), _date(on))
    _emit(resp, as_json, why, _kb(ctx))


@cli.command()
@click.argument("subject", nargs=-1, required=True)
@on_option
@click.option("--from", "from_", metavar="YYYY-MM-DD", help="date of the event the délai runs from")
@click.option("--suspended", multiple=True, metavar="FROM:TO",
              help="a period [FROM, TO) during which the délai is suspended (repeatable)")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def deadline(ctx, subject, on, from_, suspended, as_json, why):
    """Which deadline applies to SUBJECT, and the due date from an event date."""
    from .deadlines import deadlines

    resp = deadlines(_kb(ctx), " ".join(subject), _date(on), _date(from_, "--from") if from_ else None,
                     _suspensions(suspended))
    _emit(resp, as_json, why, _kb(ctx))


@cli.command()
@click.argument("about", nargs=-1, required=True)
@on_option
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def norm(ctx, about, on, as_json, why):
    """Other norms: quorum, majorities, composition, thresholds, shares, the table of seats."""
    from .bodies import norms_about

    resp = norms_about(_kb(ctx), " ".join(about), _date(on))
    _emit(resp, as_json, why, _kb(ctx))


@cli.command()
@click.argument("question", nargs=-1, required=True)
@on_option
@click.option("--from", "from_", metavar="YYYY-MM-DD", help="date of the event a délai runs from")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def ask(ctx, question, on, from_, as_json, why):
    """Ask a question in French: « Qui approuve le budget d'une CMAR ? »"""
    from .ask import ask as ask_question

    resp = ask_question(_kb(ctx), " ".join(question), _date(on), _date(from_, "--from") if from_ else None)
    _emit(resp, as_json, why, _kb(ctx))


@cli.command()
@json_option
@click.pass_context
@_errors_to_exit
def coverage(ctx, as_json):
    """Provisions of the décret per article: in the source, encoded, missing."""
    from engine.loader import load_corpus

    from .coverage import coverage_table, render_coverage

    rows = coverage_table(load_corpus(ctx.obj["rules"]))
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
    else:
        click.echo(render_coverage(rows))
    sys.exit(0 if all(not r.missing and not r.unknown for r in rows) else 1)


@cli.command()
@click.argument("text", required=False)
@click.option("--provision", help='a provision of the décret, e.g. "art. 2, 2° d)"')
@click.option("--article", help="restrict to one article of TEXT")
@click.option("--graphml", type=click.Path(), help="also write the graph as GraphML to this file")
@click.option("--graph-json", "graph_json", type=click.Path(), help="also write the graph as node-link JSON")
@click.option("--dot", is_flag=True, help="print the graph as Graphviz DOT instead")
@json_option
@why_option
@click.pass_context
@_errors_to_exit
def changes(ctx, text, provision, article, graphml, graph_json, dot, as_json, why):
    """What the décret changed: in TEXT (grouped by operation), in one --article, or by one --provision."""
    from .changes import changes_response

    kb = _kb(ctx)
    resp, graph = changes_response(kb, text, provision, article, _date(None))
    if graphml:
        graph.write_graphml(graphml)
    if graph_json:
        Path(graph_json).write_text(json.dumps(graph.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    if dot:
        click.echo(graph.to_dot())
        sys.exit(0)
    _emit(resp, as_json, why, kb)


@cli.group()
def report():
    """Write a citation report as Markdown, HTML (standalone, printable) and JSON, with its pictures."""


def _write_report(rep, out: str, basename: str) -> None:
    from .report import write_report

    for fmt, path in write_report(rep, out, basename).items():
        click.echo(f"{fmt}\t{path}")


report_out = click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False),
                          help="folder to write into")
report_date = click.option("--date", "day", metavar="YYYY-MM-DD", help="date of the report (default: today)")


@report.command("questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@report_out
@report_date
@click.pass_context
@_errors_to_exit
def report_questions(ctx, file, out, day):
    """Answer the questions of FILE (.txt one per line, '# on YYYY-MM-DD' lines; .json; .yaml)."""
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
    """Everything the décret changed in TEXT, article by article, operation by operation."""
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
    """The history of ARTICLE of TEXT: every version, what produced it, its text or its operations."""
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
              help="folder for the .svg files")
@click.pass_context
@_errors_to_exit
def graph(ctx, text, article, svg_out):
    """Draw the amendment graph of TEXT (or of one ARTICLE, with its timeline of versions) as SVG."""
    from .changes import graph_of
    from .report import amendment_svg, timeline_svg, write_svg
    from .report.build import slug
    from .resolve import resolve_article, resolve_text

    kb = _kb(ctx)
    text_id = resolve_text(kb.corpus, text)
    number = resolve_article(kb.corpus, text_id, article)
    stem = slug(text_id) + (f"-{slug(number)}" if number else "")
    click.echo(write_svg(amendment_svg(graph_of(kb), text_id, number), Path(svg_out) / f"amendments-{stem}.svg"))
    if number is not None and (text_id, number) in kb.timelines:
        click.echo(write_svg(timeline_svg(kb.timelines[(text_id, number)]), Path(svg_out) / f"timeline-{stem}.svg"))


def _compliance_command(kind: str):
    """`cmakb check-KIND FILE`: 0 compliant, 1 not (every breach with its basis), 2 bad input."""

    @click.argument("path", type=click.Path(dir_okay=False))
    @on_option
    @click.option("--reading", "readings", multiple=True, metavar="NAME=VALUE",
                  help="choose a reading where the text is ambiguous (docs/compliance.md), e.g. premium_rounding=floor")
    @json_option
    @click.pass_context
    @_errors_to_exit
    def command(ctx, path, on, readings, as_json):
        from engine.errors import QueryError
        from engine.loader import load_corpus

        from .compliance import render_result, result_to_json, run_check

        options = {}
        for item in readings:
            name, sep, value = item.partition("=")
            if not sep:
                raise QueryError(f"bad --reading {item!r}: expected NAME=VALUE, e.g. threshold_scope=region")
            options[name.strip()] = value.strip()
        if on:
            options["on"] = _date(on)
        corpus = ctx.obj["kb"].corpus if ctx.obj.get("kb") else load_corpus(ctx.obj["rules"])
        result = run_check(kind, path, corpus, options)
        click.echo(json.dumps(result_to_json(result), ensure_ascii=False, indent=2) if as_json
                   else render_result(result))
        sys.exit(0 if result.ok else 1)

    command.__doc__ = {
        "list": "Check an election list (décret 99-433, art. 1er, I): 35 candidates per section, categories, "
                "métiers d'art, parity by groups of five.",
        "seats": "Allocate the seats of an election (décret 99-433, art. 1er, II to V) from the votes, and check "
                 "a declared result if given.",
        "bureau": "Check the composition of the bureau of a CMAR (code de l'artisanat, art. 19, I).",
        "commission": "Check the size of a commission territoriale (code de l'artisanat, art. 21, I).",
        "vote": "Check a vote's quorum and majority (bureau of a CMAR or of CMA France; répartition of the taxes).",
        "shares": "Check the share of the taxes distributed by operating needs (décret 66-137, art. 17-1).",
    }[kind]
    return command


def _add_compliance_commands() -> None:
    from .compliance import KINDS

    for kind in KINDS:
        cli.command(f"check-{kind}")(_compliance_command(kind))


_add_compliance_commands()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="cmakb")


if __name__ == "__main__":
    main()

from .cli_text import diff_cmd, text_cmd  # noqa: E402  (cmakb text, cmakb diff: #10)

cli.add_command(text_cmd); cli.add_command(diff_cmd)  # noqa: E702
