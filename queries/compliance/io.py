"""Read the input files of the compliance checks (JSON or CSV; formats in docs/compliance.md).

Bad input stops the check with an `InputError` (a CmakbError: exit code 2) whose message names
the file, the record or line, and the field, and says what was expected — a user must be able
to fix the file from the message alone. The readers only parse and type the data; the rules
are applied by lists.py, seats.py and body_checks.py.

CSV files may start with metadata lines `# key: value` (a list's id and categories, a region's
départements …); the header line follows, then one record per line. Line numbers in messages
are the file's own.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import CmakbError

from .lists import Candidate, ListInput, Section
from .seats import Election, ElectionList


class InputError(CmakbError):
    """An input file that cannot be read: which file, where (record or line), which field, why."""

    def __init__(self, file: str, where: str | None, field: str | None, problem: str):
        self.file, self.where, self.field, self.problem = file, where, field, problem
        # « votes.csv: ligne 3 : champ 'votes' : … »: the file glued to its colon, as file:line:col forms are
        parts = [p for p in (_french_where(where), f"champ '{field}'" if field else None) if p]
        super().__init__(f"{file}: " + "".join(p + " : " for p in parts) + problem)


def _french_where(where: str | None) -> str | None:
    """« line 3 » → « ligne 3 », « line 2, column 5 » → « ligne 2, colonne 5 », "top level" → « objet principal »."""
    if not where:
        return where
    if where == "top level":
        return "objet principal"
    if where == "metadata":
        return "métadonnées (# clé: valeur)"
    return where.replace("line ", "ligne ").replace("column ", "colonne ")


class InputFormatError(InputError):
    """The file is not valid JSON or CSV, or has the wrong extension."""


# ------------------------------------------------------------------ files

@dataclass(frozen=True)
class _Csv:
    meta: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, row)


def _name(path: str | Path) -> str:
    return str(path)


def _suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputFormatError(_name(path), None, None, f"type de fichier inconnu '{suffix or '(aucun)'}' ; "
                                                        "attendu : .json ou .csv")
    return suffix


MAX_CELL = 10_000
"""The longest CSV cell read (characters): a name or a number; Python's csv module stops at 131,072."""

MAX_DIGITS = 18
"""The longest whole number read (a count of members, votes): Python refuses str→int past 4,300 digits."""


def _text(path: str | Path) -> str:
    from engine.input_reader import InputFileError, read_text

    try:
        # Bounded, regular files only, strict UTF-8 at line:col; a BOM from a spreadsheet is not data.
        return read_text(path, what="input file", name=_name(path), bom=True)
    except InputFileError as exc:
        raise _input_error(path, exc) from None


def _json(path: str | Path) -> Any:
    from engine.input_reader import InputFileError, parse_json

    try:
        return parse_json(_text(path), _name(path))  # no NaN/Infinity, bounded numbers and depth
    except InputFileError as exc:
        raise _input_error(path, exc) from None


def _input_error(path: str | Path, exc) -> InputError:
    """engine/input_reader.py's error, in this module's style (file: line L, column C: problem)."""
    where = f"line {exc.line}, column {exc.column}" if exc.line else None
    cls = InputError if exc.problem == "fichier inexistant" else InputFormatError
    return cls(_name(path), where, None, exc.problem)


def _csv(path: str | Path, required: tuple[str, ...]) -> _Csv:
    lines = _text(path).splitlines()
    meta: dict[str, str] = {}
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        body = lines[start].lstrip("#").strip()
        if body:
            if ":" not in body:
                raise InputFormatError(_name(path), f"line {start + 1}", None,
                                       "ligne de métadonnées illisible ; attendu : '# clé: valeur', "
                                       "par ex. '# departements: 75, 77'")
            key, value = body.split(":", 1)
            meta[key.strip()] = value.strip()
        start += 1
    if start >= len(lines):
        raise InputFormatError(_name(path), None, None,
                               "pas de ligne d'en-tête ; attendu : les colonnes " + ", ".join(required))
    too_long = next((i for i, line in enumerate(lines) if len(line) > MAX_CELL), None)
    if too_long is not None:
        raise InputFormatError(_name(path), f"line {too_long + 1}", None, f"une ligne de {len(lines[too_long])} "
                               f"caractères ; attendu : des lignes d'au plus {MAX_CELL} caractères")
    reader = csv.reader(lines[start:])
    header = [h.strip() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputFormatError(_name(path), f"line {start + 1}", missing[0],
                               f"colonne manquante ; l'en-tête doit avoir : {', '.join(required)}")
    rows = []
    for offset, cells in enumerate(reader, start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise InputFormatError(_name(path), f"line {offset}", None,
                                   f"{len(cells)} cellules ; attendu : {len(header)}, comme l'en-tête")
        rows.append((offset, {h: c.strip() for h, c in zip(header, cells)}))
    return _Csv(meta, rows)


# ------------------------------------------------------------------ typed fields

class _Rec:
    """A record being read, with its place for messages (JSON path or CSV line)."""

    def __init__(self, file: str, where: str, data: Any):
        self.file, self.where, self.data = file, where, data
        if not isinstance(data, dict):
            raise InputError(file, where or "top level", None, f"attendu : un objet {{…}} ; trouvé : {_kind(data)}")

    def err(self, field: str | None, problem: str) -> InputError:
        return InputError(self.file, self.where or "top level", field, problem)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] not in (None, "")

    def get(self, key: str, required: bool = True) -> Any:
        if not self.has(key):
            if required:
                raise self.err(key, "manquant")
            return None
        return self.data[key]

    def string(self, key: str, required: bool = True) -> str | None:
        v = self.get(key, required)
        if v is None:
            return None
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            raise self.err(key, f"attendu : un texte ; trouvé : {v!r}")
        return str(v).strip()

    def integer(self, key: str, required: bool = True, minimum: int = 0) -> int | None:
        v = self.get(key, required)
        if v is None:
            return None
        if isinstance(v, str):
            if len(v.strip().lstrip("+-")) > MAX_DIGITS:
                raise self.err(key, f"un nombre de {len(v.strip())} chiffres ; attendu : au plus {MAX_DIGITS}")
            try:
                v = int(v.strip())
            except ValueError:
                raise self.err(key, f"attendu : un nombre entier ; trouvé : '{self.data[key]}'") from None
        if not isinstance(v, int) or isinstance(v, bool):
            raise self.err(key, f"attendu : un nombre entier ; trouvé : {v!r}")
        if len(str(abs(v))) > MAX_DIGITS:
            raise self.err(key, f"un nombre de {len(str(abs(v)))} chiffres ; attendu : au plus {MAX_DIGITS}")
        if v < minimum:
            raise self.err(key, f"attendu : un nombre entier ≥ {minimum} ; trouvé : {v}")
        return v

    def number(self, key: str, required: bool = True) -> float | None:
        v = self.get(key, required)
        if v is None:
            return None
        try:
            f = float(v.replace(",", ".")) if isinstance(v, str) else v
        except ValueError:
            raise self.err(key, f"attendu : un nombre ; trouvé : '{v}'") from None
        if not isinstance(f, (int, float)) or isinstance(f, bool) or not math.isfinite(f) or f < 0:
            raise self.err(key, f"attendu : un nombre fini ≥ 0 ; trouvé : {v!r}")
        return float(f)

    def boolean(self, key: str, required: bool = False) -> bool:
        v = self.get(key, required)
        if v is None:
            return False
        if isinstance(v, bool):
            return v
        text = str(v).strip().lower()
        if text in ("true", "yes", "oui", "1", "x", "vrai"):
            return True
        if text in ("false", "no", "non", "0", "faux"):
            return False
        raise self.err(key, f"attendu : true/false (ou oui/non) ; trouvé : {v!r}")

    def day(self, key: str, required: bool = False) -> date | None:
        v = self.get(key, required)
        return None if v is None else _day(self, key, v)

    def strings(self, key: str, required: bool = True) -> list[str] | None:
        v = self.get(key, required)
        if v is None:
            return None
        if isinstance(v, str):
            v = [x for x in (p.strip() for p in v.split(",")) if x]
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise self.err(key, f"attendu : une liste de noms, par ex. [\"75\", \"77\"] ; trouvé : {v!r}")
        return [x.strip() for x in v]

    def sub(self, key: str, data: Any) -> "_Rec":
        return _Rec(self.file, f"{self.where}.{key}" if self.where else key, data)


def _day(rec: _Rec, key: str, v: Any) -> date:
    from engine.dates import date_problem

    problem = date_problem(str(v).strip()) if isinstance(v, str) else "pas une date"
    if problem:  # engine/dates.py: YYYY-MM-DD only, « date inexistante » named
        raise rec.err(key, f"{problem.split(' ; ')[0]} : {v!r} ; attendu : une date AAAA-MM-JJ, par ex. 2022-01-31")
    return date.fromisoformat(v.strip())


def _kind(value: Any) -> str:
    """How a person names what a JSON value is (« une liste », « un nombre » …)."""
    return {list: "une liste", str: "un texte", int: "un nombre", float: "un nombre", bool: "un booléen",
            type(None): "null"}.get(type(value), type(value).__name__)


def _sex(rec: _Rec, key: str = "sex") -> str:
    v = (rec.string(key) or "").upper()
    # H (homme) is the French usage; the checks speak F/M.
    mapped = {"F": "F", "M": "M", "H": "M"}.get(v)
    if mapped is None:
        raise rec.err(key, f"attendu : F ou M (H accepté pour M) ; trouvé : '{rec.data[key]}'")
    return mapped


def _unique(rec: _Rec, key: str, values: list[str]) -> None:
    seen = set()
    for v in values:
        if v in seen:
            raise rec.err(key, f"'{v}' est donné deux fois")
        seen.add(v)


# ------------------------------------------------------------------ lists

def read_list(path: str | Path, categories: list[str] | None = None) -> ListInput:
    """A regional list (JSON or CSV). `categories` is used when the file gives none."""
    name = _name(path)
    if _suffix(path) == ".json":
        top = _Rec(name, "", _json(path))
        cats = top.strings("categories", required=categories is None) or list(categories or [])
        deps = top.strings("departements", required=False)
        raw = top.get("sections")
        if not isinstance(raw, list) or not raw:
            raise top.err("sections", "attendu : une liste non vide de sections")
        sections = []
        for i, s in enumerate(raw):
            srec = top.sub(f"sections[{i}]", s)
            dep = srec.string("departement")
            cands_raw = srec.get("candidates")
            if not isinstance(cands_raw, list):
                raise srec.err("candidates", "attendu : une liste de candidats")
            cands = tuple(_candidate(srec.sub(f"candidates[{j}]", c), cats) for j, c in enumerate(cands_raw))
            sections.append(Section(dep, cands))
        return ListInput(top.string("list", required=False) or Path(path).stem, tuple(cats), tuple(sections),
                         tuple(deps) if deps else None)

    table = _csv(path, ("departement", "name", "sex", "category"))
    meta = _Rec(name, "metadata", table.meta)
    cats = meta.strings("categories", required=categories is None) or list(categories or [])
    deps = meta.strings("departements", required=False)
    by_dep: dict[str, list[tuple[int, int, Candidate]]] = {}
    for line, row in table.rows:
        rec = _Rec(name, f"line {line}", row)
        dep = rec.string("departement")
        pos = rec.integer("position", required=False, minimum=1)
        by_dep.setdefault(dep, []).append((pos if pos is not None else len(by_dep.get(dep, [])) + 1, line,
                                           _candidate(rec, cats)))
    sections = []
    for dep, entries in by_dep.items():
        positions = sorted(p for p, _, _ in entries)
        if positions != list(range(1, len(entries) + 1)):
            bad = next((line for p, line, _ in entries if positions.count(p) > 1 or p > len(entries)), entries[0][1])
            raise InputError(name, f"line {bad}", "position",
                             f"les positions de la section {dep} doivent aller de 1 à {len(entries)}, chacune une fois")
        sections.append(Section(dep, tuple(c for _, _, c in sorted(entries, key=lambda e: e[0]))))
    if not sections:
        raise InputError(name, None, None, "aucun candidat")
    return ListInput(meta.string("list", required=False) or Path(path).stem, tuple(cats), tuple(sections),
                     tuple(deps) if deps else None)


def _candidate(rec: _Rec, categories: list[str]) -> Candidate:
    cat = rec.string("category")
    if cat not in categories:
        raise rec.err("category", f"'{cat}' n'est pas une des catégories ; attendu : {', '.join(categories)}")
    return Candidate(name=rec.string("name"), sex=_sex(rec), category=cat,
                     metiers_d_art=rec.boolean("metiers_d_art"), birth_date=rec.day("birth_date"))


# ------------------------------------------------------------------ votes

def read_votes(path: str | Path) -> Election:
    """The votes of a regional election (JSON or CSV)."""
    name = _name(path)
    if _suffix(path) == ".json":
        top = _Rec(name, "", _json(path))
        deps = top.strings("departements")
        _unique(top, "departements", deps)
        raw_lists = top.get("lists")
        if not isinstance(raw_lists, list) or not raw_lists:
            raise top.err("lists", "attendu : une liste non vide de listes")
        lists = []
        for i, raw in enumerate(raw_lists):
            rec = top.sub(f"lists[{i}]", raw)
            births: dict[str, tuple[date | None, ...]] = {}
            if rec.has("birth_dates"):
                brec = rec.sub("birth_dates", rec.get("birth_dates"))
                for dep, seq in brec.data.items():
                    if dep not in deps:
                        raise brec.err(dep, f"n'est pas un des départements ; attendu : {', '.join(deps)}")
                    if not isinstance(seq, list):
                        raise brec.err(dep, "attendu : une liste de dates (ou null) dans l'ordre de la liste")
                    births[dep] = tuple(None if b in (None, "") else _day(brec, f"{dep}[{k}]", b)
                                        for k, b in enumerate(seq))
            lists.append(ElectionList(rec.string("id"), rec.string("name", required=False) or "",
                                      rec.number("average_age", required=False), births))
        ids = [x.list_id for x in lists]
        _unique(top, "lists", ids)
        vrec = top.sub("votes", top.get("votes"))
        votes: dict[str, dict[str, int]] = {}
        for dep, row in vrec.data.items():
            if dep not in deps:
                raise vrec.err(dep, f"'{dep}' n'est pas un des départements ; attendu : {', '.join(deps)}")
            drec = vrec.sub(dep, row)
            for lid in drec.data:
                if lid not in ids:
                    raise drec.err(lid, f"'{lid}' n'est pas une des listes ; attendu : {', '.join(ids)}")
                votes.setdefault(dep, {})[lid] = drec.integer(lid)
        return Election(tuple(deps), tuple(lists), votes, top.string("region", required=False) or "",
                        top.day("date"))

    table = _csv(path, ("departement", "list", "votes"))
    meta = _Rec(name, "metadata", table.meta)
    deps = meta.strings("departements", required=False)
    order: list[str] = []
    ages: dict[str, float] = {}
    votes = {}
    for line, row in table.rows:
        rec = _Rec(name, f"line {line}", row)
        dep, lid = rec.string("departement"), rec.string("list")
        if deps is not None and dep not in deps:
            raise rec.err("departement", f"'{dep}' n'est pas un des départements ; attendu : {', '.join(deps)}")
        if lid not in order:
            order.append(lid)
        if dep in votes and lid in votes[dep]:
            raise rec.err("list", f"voix de la liste {lid} dans {dep} données deux fois")
        votes.setdefault(dep, {})[lid] = rec.integer("votes")
        age = rec.number("average_age", required=False)
        if age is not None:
            if lid in ages and ages[lid] != age:
                raise rec.err("average_age", f"la liste {lid} a un âge moyen de {ages[lid]:g} sur une ligne "
                                             "précédente")
            ages[lid] = age
    if not votes:
        raise InputError(name, None, None, "aucune voix")
    return Election(tuple(deps or votes.keys()), tuple(ElectionList(x, "", ages.get(x)) for x in order), votes,
                    meta.string("region", required=False) or "", meta.day("date"))


# ------------------------------------------------------------------ bodies

@dataclass(frozen=True)
class BureauInput:
    n_departements: int
    composition: dict[str, int]


@dataclass(frozen=True)
class CommissionInput:
    members: int
    is_chef_lieu: bool


@dataclass(frozen=True)
class VoteInput:
    body: str
    in_office: int | None
    present: int
    for_: int
    against: int
    president_vote: str | None
    voting_present: int | None


@dataclass(frozen=True)
class SharesInput:
    operating_share: Any
    express_authorisation: bool


def read_bureau(path: str | Path) -> BureauInput:
    """A bureau: its circonscription's number of départements and how many hold each role."""
    name = _name(path)
    if _suffix(path) == ".json":
        top = _Rec(name, "", _json(path))
        comp = top.sub("composition", top.get("composition"))
        for role in comp.data:
            _role(comp, role, role)
        return BureauInput(top.integer("n_departements", minimum=1), {k: comp.integer(k) for k in comp.data})
    table = _csv(path, ("role", "count"))
    meta = _Rec(name, "metadata", table.meta)
    comp: dict[str, int] = {}
    for line, row in table.rows:
        rec = _Rec(name, f"line {line}", row)
        role = rec.string("role")
        _role(rec, "role", role)
        if role in comp:
            raise rec.err("role", f"rôle '{role}' donné deux fois")
        comp[role] = rec.integer("count")
    return BureauInput(meta.integer("n_departements", minimum=1), comp)


def _role(rec: _Rec, field: str, name: str) -> None:
    from .body_checks import role_id
    from .model import ComplianceError

    try:
        role_id(name)
    except ComplianceError as exc:
        raise rec.err(field, str(exc)) from None


def read_commission(path: str | Path) -> CommissionInput:
    top = _Rec(_name(path), "", _json(path)) if _suffix(path) == ".json" else _single_csv(path)
    return CommissionInput(top.integer("members"), top.boolean("is_chef_lieu"))


def read_vote(path: str | Path) -> VoteInput:
    from .body_checks import BODIES, PRESIDENT_VOTES

    top = _Rec(_name(path), "", _json(path)) if _suffix(path) == ".json" else _single_csv(path)
    if top.string("body") not in BODIES:
        raise top.err("body", f"'{top.data['body']}' inconnu ; attendu : {', '.join(BODIES)}")
    if top.has("president_vote") and top.string("president_vote") not in PRESIDENT_VOTES:
        raise top.err("president_vote", f"'{top.data['president_vote']}' inconnu ; attendu : "
                      f"{', '.join(PRESIDENT_VOTES)}")
    return VoteInput(body=top.string("body"), in_office=top.integer("in_office", required=False),
                     present=top.integer("present"), for_=top.integer("for"), against=top.integer("against"),
                     president_vote=top.string("president_vote", required=False),
                     voting_present=top.integer("voting_present", required=False))


def read_shares(path: str | Path) -> SharesInput:
    from .body_checks import parse_share
    from .model import ComplianceError

    top = _Rec(_name(path), "", _json(path)) if _suffix(path) == ".json" else _single_csv(path)
    _bounded_share(top, "operating_share")
    try:
        share = parse_share(top.get("operating_share"))
    except ComplianceError as exc:
        raise top.err("operating_share", exc.message) from None
    return SharesInput(share, top.boolean("express_authorisation"))


_SHARE_TEXT = re.compile(r"\s*[+-]?(\d{1,18}([.,]\d{1,18})?|[.,]\d{1,18})([eE][+-]?\d{1,2})?\s*%?\s*"
                         r"|\s*\d{1,18}\s*/\s*\d{1,18}\s*")


def _bounded_share(rec: _Rec, key: str) -> None:
    """A share is a finite number, a percentage or a fraction of bounded size: Fraction("1e-999999999")
    would compute 10**999999999, and Fraction(float("inf")) fails."""
    v = rec.get(key)
    if isinstance(v, float) and not math.isfinite(v):
        raise rec.err(key, f"attendu : un nombre fini entre 0 et 1 ; trouvé : {v!r}")
    if isinstance(v, str) and not _SHARE_TEXT.fullmatch(v):
        raise rec.err(key, f"part '{v[:40]}' illisible ; attendu : un nombre, un pourcentage ou une fraction "
                           "d'au plus 18 chiffres, par ex. 0.5, \"50 %\", \"1/2\"")


def _single_csv(path: str | Path) -> _Rec:
    # A one-record check (a vote, a commission, shares) as CSV: a header and one line.
    table = _csv(path, ())
    if len(table.rows) != 1:
        raise InputError(_name(path), None, None, f"attendu : un seul enregistrement (une ligne d'en-tête et une "
                         f"ligne) ; trouvé : {len(table.rows)} lignes")
    line, row = table.rows[0]
    return _Rec(_name(path), f"line {line}", row)
