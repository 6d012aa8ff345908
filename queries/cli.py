"""The `cmakb` command line. Exit codes: 0 answered, 1 no answer (or a check failed), 2 bad input.

Every query command takes --on YYYY-MM-DD (default today) and --json (schema: docs/json.md); the question
commands take --why (the derivation of each answer).

This module only lists the commands: each lives in a queries/cli_*.py module, imported when it runs
(or when its own --help is asked), so `cmakb --help` imports click and this table, nothing else (#9).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from .cli_french import french_click

french_click()  # click's own words in French, before any of them is printed

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module in queries/, attribute, the first paragraph of its help, as `cmakb --help` lists it;
    #        tests/test_cli_lazy.py keeps it equal to the command's own docstring)
    "approves": ("cli_questions", "approves",
                 "Qui approuve l'ACTE (autorité, approbation expresse ou tacite, délai, conditions)."),
    "ask": ("cli_questions", "ask", "Poser une question en français : « Qui approuve le budget d'une CMAR ? »"),
    "build": ("cli_build", "build_cmd", "Compiler les règles en un seul fichier SQLite : corpus, chronologies, faits et "
              "leur fondement, réponses indexées."),
    "changes": ("cli_changes", "changes", "Ce que le décret a modifié : dans le TEXTE (par opération), dans un "
                "--article, ou par une --provision."),
    "check": ("cli_rules", "check", "Valider un dossier de règles et dire ce qu'il contient."),
    "check-bureau": ("cli_compliance", "check_bureau",
                     "Contrôler la composition du bureau d'une CMAR (code de l'artisanat, art. 19, I)."),
    "check-commission": ("cli_compliance", "check_commission",
                         "Contrôler l'effectif d'une commission territoriale (code de l'artisanat, art. 21, I)."),
    "check-list": ("cli_compliance", "check_list", "Contrôler une liste électorale (décret n° 99-433, art. 1er, I) : "
                   "35 candidats par section, catégories, métiers d'art, parité par groupes de cinq."),
    "check-seats": ("cli_compliance", "check_seats", "Répartir les sièges d'une élection (décret n° 99-433, art. 1er, "
                    "II à V) à partir des voix, et contrôler un résultat déclaré s'il est donné."),
    "check-shares": ("cli_compliance", "check_shares", "Contrôler la part des taxes répartie selon les besoins de "
                     "fonctionnement (décret n° 66-137, art. 17-1)."),
    "check-vote": ("cli_compliance", "check_vote", "Contrôler le quorum et la majorité d'un vote (bureau d'une CMAR ou "
                   "de CMA France ; répartition des taxes)."),
    "coverage": ("cli_rules", "coverage",
                 "Les dispositions du décret, article par article : dans la source, encodées, manquantes."),
    "deadline": ("cli_questions", "deadline",
                 "Quel délai s'applique à l'OBJET, et l'échéance à partir de la date d'un événement."),
    "diff": ("cli_text", "diff_cmd", "Ce qui a changé, mot à mot, dans l'ARTICLE du TEXTE entre les versions en "
             "vigueur à deux dates, chaque changement avec sa disposition."),
    "draft": ("cli_draft", "draft_cmd",
              "Lire un texte modificatif (phrases du JO) et écrire un projet d'encodage (provisions et opérations)."),
    "graph": ("cli_changes", "graph", "Dessiner en SVG le graphe des modifications du TEXTE (ou d'un ARTICLE, avec la "
              "frise de ses versions)."),
    "history": ("cli_questions", "history", "Toutes les versions de l'ARTICLE du TEXTE, de la plus ancienne à la plus "
                "récente."),
    "list": ("cli_list", "list_cmd", "Lister ce qui est encodé : QUOI = texts, articles, approvals, deadlines, norms ou "
             "actors (identifiants, libellés, fondements)."),
    "norm": ("cli_questions", "norm",
             "Les autres règles : quorum, majorités, composition, seuils, quotes-parts, tableau des sièges."),
    "report": ("cli_report", "report", "Écrire un rapport de citations en Markdown, HTML (autonome, imprimable) et "
               "JSON, avec ses figures."),
    "serve": ("cli_serve", "serve_cmd",
              "Ouvrir l'établi du chercheur : pages en français et API JSON (lecture seule) sur http://HOST:PORT/."),
    "text": ("cli_text", "text_cmd", "Le texte de l'ARTICLE du TEXTE en vigueur à une date, alinéa par alinéa."),
    "version": ("cli_questions", "version", "Quelle version de l'ARTICLE du TEXTE s'applique à une date (en vigueur, "
                "pas encore en vigueur, abrogé, renuméroté, inconnu)."),
}

COMPLIANCE_KINDS = ("list", "seats", "bureau", "commission", "vote", "shares")
"""queries.compliance.KINDS, written out so that listing the commands does not import the checks (a test keeps them equal)."""


def rules_root() -> Path:
    import rules  # the rules ship as a package, so an installed cmakb finds them

    return Path(rules.__file__).resolve().parent


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns ($COLUMNS, else the terminal's, else 80) without importing shutil,
    which is 5 % of `cmakb --help`."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        # click's own width rule (formatting.HelpFormatter), FORCED_WIDTH included (click.testing sets it)
        from click import formatting

        width = self.terminal_width or formatting.FORCED_WIDTH
        if width is None:
            width = max(min(_terminal_columns(), self.max_content_width or 80) - 2, 50)
        return formatting.HelpFormatter(width=width, max_width=self.max_content_width)


class LazyGroup(click.Group):
    """A group whose commands are imported from the table when one runs; its --help lists them from the table."""

    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attribute, _ = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(f"{__package__}.{module}"), attribute), name)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click.Group.format_commands, with each command's short help made from the table, not from the command
        from click.utils import make_default_short_help

        from .cli_french import _

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, make_default_short_help(COMMANDS[name][2], limit).strip() if name in COMMANDS
                 else self.commands[name].get_short_help_str(limit)) for name in names]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rules", "rules_path", type=click.Path(), default=None,
              help="fichier ou dossier de règles (par défaut : les règles livrées avec cmakb)")
@click.pass_context
def cli(ctx, rules_path):
    """cmakb — le décret n° 2021-168 (réseau des CMA) en règles : qui approuve, quel délai, quelle version."""
    ctx.ensure_object(dict)
    ctx.obj["rules"] = Path(rules_path) if rules_path else rules_root()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="cmakb")


def run() -> None:
    """The `cmakb` program (console script, `python -m queries`): main(), then an exit that skips the final
    garbage collection over everything the command built — objects are freed as usual, only the cycle
    search is skipped (≈ 10 ms, an eighth of a cold `cmakb ask`). Not in main(), which tests call in-process."""
    import gc

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
