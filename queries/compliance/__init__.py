"""Compliance checks against the décret n° 2021-168: election lists, seat allocation, bureau,
commissions territoriales, votes and the shares of the taxes.

Each check is a pure function of the corpus (the rules) and typed data, returning a
`CheckResult` whose every breach names its legal basis (a norm of rules/norms/bodies.cma).
The entry point for the command line is `run_check(kind, path, corpus, options)`, which reads
an input file (io.py) and runs the check of that kind; `result_to_json` and `render_result`
give its JSON and text forms. Formats, options and readings: docs/compliance.md.

Kinds: list, seats, bureau, commission, vote, shares (a "check-" prefix is accepted, so the
command names check-list … can be passed as they are).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from fractions import Fraction
from typing import Any

from engine.corpus import Corpus

from . import io
from .body_checks import check_bureau, check_commission_territoriale, check_tax_shares, check_vote
from .lists import Candidate, ListInput, Section, check_list
from .model import Breach, CheckResult, ComplianceError, UnknownCheckError, basis_of, nearest_names
from .seats import Election, ElectionList, SeatAllocation, allocate_seats, check_seats

__all__ = [
    "Breach", "CheckResult", "ComplianceError", "basis_of",
    "Candidate", "Section", "ListInput", "check_list",
    "Election", "ElectionList", "SeatAllocation", "allocate_seats", "check_seats",
    "check_bureau", "check_commission_territoriale", "check_vote", "check_tax_shares",
    "KINDS", "OPTIONS", "run_check", "result_to_json", "render_result",
]

KINDS = ("list", "seats", "bureau", "commission", "vote", "shares")

OPTIONS: dict[str, dict[str, tuple[str, ...] | None]] = {
    # kind → option → allowed readings (first is the default); None: a free value.
    "list": {"last_group": ("ignore", "proportional", "strict"), "categories": None, "on": None},
    "seats": {"threshold_scope": ("departement", "region"), "premium_rounding": ("ceil", "floor", "nearest"),
              "proportional_base": ("fresh", "cumulative"), "head_tie": ("age", "none"),
              "bonus_under_threshold": ("redistribute", "keep"), "on": None},
    "bureau": {"on": None},
    "commission": {"fifteen": ("chef_lieu_only", "any"), "on": None},
    "vote": {"two_thirds_of": ("present", "deliberative"), "on": None},
    "shares": {"on": None},
}


def kind_of(kind: str) -> str:
    """The check kind named by `kind` ("check-seats" and "seats" are the same)."""
    k = kind.strip().lower()
    k = k[len("check-"):] if k.startswith("check-") else k
    k = {"commission_territoriale": "commission", "commission-territoriale": "commission",
         "tax-shares": "shares", "tax_shares": "shares"}.get(k, k)
    if k not in KINDS:
        raise UnknownCheckError(f"contrôle inconnu : '{kind}' ; attendu : {', '.join(KINDS)}",
                              nearest_names(k, KINDS))
    return k


def _options(kind: str, options: dict[str, Any] | None) -> dict[str, Any]:
    # A command line passes every option it knows, unset ones as None: those are ignored; a set
    # option that does not apply to this check is refused rather than silently dropped.
    known = OPTIONS[kind]
    out: dict[str, Any] = {}
    for name, value in (options or {}).items():
        if value is None:
            continue
        if name not in known:
            raise ComplianceError(f"option inconnue du contrôle {kind} : '{name}' ; attendu : "
                                  f"{', '.join(known) or 'aucune option'}", nearest_names(name, known))
        allowed = known[name]
        if allowed is not None and value not in allowed:
            raise ComplianceError(f"option {name} : lecture inconnue '{value}' ; attendu : {', '.join(allowed)}",
                                  nearest_names(value, allowed))
        if name == "on" and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                from engine.dates import date_problem

                raise ComplianceError(f"option on {value!r} : {date_problem(value.strip()) or 'date invalide'}") from None
        if name == "categories" and isinstance(value, str):
            value = [c.strip() for c in value.split(",") if c.strip()]
        out[name] = value
    return out


def reading_options(readings, on: date | None = None) -> dict[str, Any]:
    """`--reading NAME=VALUE` (repeatable) and `--on`, as the CLI and the workbench take them."""
    from engine.errors import QueryError

    options: dict[str, Any] = {}
    for item in readings or ():
        name, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--reading {item!r} : lecture illisible ; attendu : NOM=VALEUR, "
                             "par ex. threshold_scope=region")
        options[name.strip()] = value.strip()
    if on:
        options["on"] = on
    return options


def run_check(kind: str, path: str, corpus: Corpus, options: dict[str, Any] | None = None) -> CheckResult:
    """Read the input file at `path` and run the check `kind` with `options` (see OPTIONS).

    Errors: an unknown kind or option is a ComplianceError; anything wrong with the file's data,
    found while reading it or while checking it, an io.InputError naming the file.
    """
    k = kind_of(kind)
    opts = _options(k, options)
    try:
        from ..recodified import date_checked  # today's law: are the rules applied those of the date asked?

        return date_checked(corpus, _run(k, path, corpus, opts), opts.get("on"))
    except ComplianceError as exc:
        # The options were validated above, so what the check refuses is the file's data
        # (a list id twice, 15 départements, more votes than members present …).
        raise io.InputError(str(path), None, None, str(exc)) from None


def _run(k: str, path: str, corpus: Corpus, opts: dict[str, Any]) -> CheckResult:
    if k == "list":
        data = io.read_list(path, opts.get("categories"))
        return check_list(corpus, list(data.sections), data.categories, opts, list_id=data.list_id,
                          departements=data.departements)
    if k == "seats":
        return check_seats(corpus, io.read_votes(path), opts)
    if k == "bureau":
        b = io.read_bureau(path)
        return check_bureau(corpus, b.n_departements, b.composition, opts)
    if k == "commission":
        c = io.read_commission(path)
        return check_commission_territoriale(corpus, c.members, c.is_chef_lieu, opts)
    if k == "vote":
        v = io.read_vote(path)
        return check_vote(corpus, v.body, v.in_office, v.present, v.for_, v.against, v.president_vote, opts,
                          voting_present=v.voting_present)
    s = io.read_shares(path)
    return check_tax_shares(corpus, s.operating_share, s.express_authorisation, opts)


# ------------------------------------------------------------------ output

def _plain(value: Any) -> Any:
    if isinstance(value, (date,)):
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    return value


def result_to_json(result: CheckResult) -> dict[str, Any]:
    """A CheckResult as JSON-able data: breaches with their basis as dicts."""
    return {
        "kind": result.kind,
        "ok": result.ok,
        "readings": dict(result.readings),
        "breaches": [{"rule_id": b.rule_id, "message": b.message, "basis": asdict(b.basis), "data": _plain(b.data)}
                     for b in result.breaches],
        "details": _plain(result.details),
        "bases": [asdict(b) for b in result.bases],
    }


_TITLES = {"list": "liste électorale", "seats": "répartition des sièges", "bureau": "composition du bureau",
           "commission": "commission territoriale", "vote": "vote", "shares": "part de fonctionnement"}
_OUTCOMES = {"adopted": "adoptée", "rejected": "rejetée", "deemed_approved": "réputée approuvée",
             "undetermined": "indéterminée (vote du président non donné)", "invalid": "délibération non valable"}


def render_result(result: CheckResult) -> str:
    """A CheckResult as text: verdict, readings used, breaches with their basis, details, notes."""
    from . import lists as _lists
    from . import seats as _seats

    title = _TITLES.get(result.kind, result.kind or "contrôle")
    verdict = "conforme" if result.ok else f"NON CONFORME ({len(result.breaches)} manquement(s))"
    from ..recodified import compliance_verdict_suffix

    verdict += compliance_verdict_suffix(result)
    out = [f"{title} : {verdict}"]
    if "outcome" in result.details:
        out.append(f"issue du vote : {_OUTCOMES.get(result.details['outcome'], result.details['outcome'])}")
    for name, reading in result.readings.items():
        out.append(f"lecture : {name} = {reading}")
    for i, b in enumerate(result.breaches, start=1):
        out.append(f"{i}. {b.message}")  # the rule id is in the JSON
        if "positions" in b.data and b.data["positions"]:
            out.append(f"   positions : {_ranges(b.data['positions'])}")
        out.append(f"   fondement : {b.basis.citation}")
    if result.kind == "seats":
        out += _seats.render_lines(result.details)
    elif result.kind == "list":
        out += _lists.render_lines(result.details)
    if result.ok and result.bases:
        out.append("règles vérifiées : " + "; ".join(dict.fromkeys(b.short for b in result.bases)))
    for note in result.details.get("notes", []):
        out.append(f"note : {note}")
    return "\n".join(out)


def _ranges(positions: list[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out, start, prev = [], None, None
    for p in sorted(positions):
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append(f"{start}–{prev}" if prev != start else str(start))
            start = prev = p
    if start is not None:
        out.append(f"{start}–{prev}" if prev != start else str(start))
    return ", ".join(out)

