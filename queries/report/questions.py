"""Read the questions of a questions report from a file: plain text, JSON, or YAML (when PyYAML is there).

Plain text: one question per line; ``# on 2022-01-01`` sets the date the following questions are asked
at, ``# from 2023-06-01`` the event date of the following deadline questions (``# from -`` clears it);
other lines starting with ``#`` and blank lines are ignored.

JSON or YAML: a list of ``{"question": "…", "on": "2022-01-01", "from": "2023-06-01"}`` (``on`` and
``from`` optional), or a list of strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import QueryError

from ..user_input import user_date


@dataclass(frozen=True)
class QuestionSpec:
    """A question, the date it is asked at, and the event date a deadline runs from (or None)."""

    question: str
    on: date
    from_date: date | None = None


def as_spec(item: QuestionSpec | tuple | str, default_on: date) -> QuestionSpec:
    """A QuestionSpec from a spec, a (question, on[, from]) tuple, or a bare question."""
    if isinstance(item, QuestionSpec):
        return item
    if isinstance(item, str):
        return QuestionSpec(item, default_on)
    question, on, *rest = item
    return QuestionSpec(question, user_date(on or default_on, "champ on"),
                        user_date(rest[0], "champ from") if rest and rest[0] else None)


def load_questions(path: str | Path, default_on: date | None = None) -> list[QuestionSpec]:
    """The questions of a .txt, .json, .yaml or .yml file; `default_on` (today) where no date is given."""
    path = Path(path)
    default_on = default_on or date.today()
    from engine.input_reader import parse_json, read_text

    raw = read_text(path, what="questions file", bom=True)  # bounded, strict UTF-8 at line:col
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _from_items(parse_json(raw, str(path)), default_on, path)  # limits: depth, numbers, NaN
    if suffix in (".yaml", ".yml"):
        try:
            import yaml  # optional: only YAML files need it
        except ImportError:
            raise QueryError(f"{path}: lire du YAML demande PyYAML, qui n'est pas installé ; écrivez les "
                             "questions en JSON (.json) ou en texte (.txt, une question par ligne)") from None
        return _from_items(yaml.safe_load(raw), default_on, path)
    return _from_text(raw, default_on, path)


def _from_text(raw: str, default_on: date, path: Path) -> list[QuestionSpec]:
    out: list[QuestionSpec] = []
    on, from_date = default_on, None
    for lineno, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"#\s*(on|from)\s*:?\s*(\S+)\s*", line, flags=re.I)
        if m:
            value = m[2]
            try:
                if m[1].lower() == "on":
                    on = user_date(value, "# on")
                else:
                    from_date = None if value in ("-", "none", "aucune") else user_date(value, "# from")
            except QueryError as exc:
                raise QueryError(f"{path}:{lineno}: {exc.message}") from None
            continue
        if line.startswith("#"):
            continue
        out.append(QuestionSpec(line, on, from_date))
    return out


def _json_kind(value: Any) -> str:
    """How a person names what a JSON value is (« un objet », « un nombre » …)."""
    return {dict: "un objet", str: "un texte", int: "un nombre", float: "un nombre", bool: "un booléen",
            type(None): "null"}.get(type(value), type(value).__name__)


def _from_items(items: Any, default_on: date, path: Path) -> list[QuestionSpec]:
    if not isinstance(items, list):
        raise QueryError(f"{path}: attendu : une liste de questions, par ex. [\"Qui approuve le budget d'une "
                         f"CMAR ?\"] ; trouvé : {_json_kind(items)}")
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, str):
            out.append(QuestionSpec(item, default_on))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise QueryError(f"{path}: question {i} : {json.dumps(item, ensure_ascii=False)[:80]} ; attendu : un texte ou un objet "
                             "{question, on, from}, par ex. {\"question\": \"Qui approuve le budget d'une CMAR ?\", "
                             "\"on\": \"2022-01-31\"}")
        unknown = set(item) - {"question", "on", "from"}
        if unknown:
            raise QueryError(f"{path}: question {i} : clé(s) inconnue(s) {', '.join(sorted(unknown))} ; "
                             "attendu : question, on, from")
        try:
            # YAML reads an unquoted 2022-01-01 as a date already; user_date takes both.
            on = user_date(item.get("on") or default_on, "champ on")
            from_date = user_date(item["from"], "champ from") if item.get("from") else None
        except QueryError as exc:
            raise QueryError(f"{path}: question {i} : {exc.message}") from None
        out.append(QuestionSpec(item["question"], on, from_date))
    return out
