"""What every cmakb command shares: the knowledge base of the invocation, turning a cmakb
error into its message and exit code, printing an answer with its exit code, and the common options.

The commands live in queries/cli_*.py and import from here; queries/cli.py only lists them, so that
`cmakb --help` imports none of them.
"""

from __future__ import annotations

import json
import sys
from functools import wraps
from typing import TYPE_CHECKING

import click

from engine.errors import CmakbError

from .user_input import dated as _dated  # noqa: F401  (re-exported for the command modules)
from .user_input import suspension_periods as _suspensions  # noqa: F401
from .user_input import user_date as _date  # noqa: F401

if TYPE_CHECKING:
    from .answers import Response


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


on_option = click.option("--on", "on", metavar="YYYY-MM-DD", help="date de la question (par défaut : aujourd'hui)")
json_option = click.option("--json", "as_json", is_flag=True, help="réponse en JSON (docs/json.md)")
why_option = click.option("--why", "why", is_flag=True,
                          help="montrer comment chaque réponse est dérivée : règles, faits, leur fondement (JSON : `why`)")
