"""The shared vocabulary of the compliance checks: a breach, a check result, and the basis of a rule.

Every check of this package reads its thresholds from a `norm` record of rules/norms/bodies.cma
and cites that record: a breach without a basis would be an opinion, not a compliance finding.
So `basis_of` is the one place where a norm id becomes a citation, through the same
`make_basis` the query answers use, and `norm_values` the one place where its numbers are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from engine import ast
from engine.errors import QueryError, UnknownNameError
from engine.corpus import Corpus, nearest, plain_value

from ..answers import Basis, make_basis


class ComplianceError(QueryError):
    """A compliance check was asked something it cannot answer (unknown option, rule or role)."""


class UnknownCheckError(ComplianceError, UnknownNameError):
    """A check kind cmakb does not have (HTTP 404 on the workbench, by its class)."""


@dataclass(frozen=True)
class Breach:
    """One rule not met: which rule, in words, on which legal basis, and the offending data.

    `data` holds what a reader needs to find the fault in the input (section, positions,
    counts, required values); it is plain JSON-able data.
    """

    rule_id: str
    message: str
    basis: Basis
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    `ok` is True when no rule is breached. `readings` maps each option that chose between
    readings of the text to the reading used (so the output always says which one it was).
    `details` holds what the check computed (counts, outcome, seat tables), as JSON-able data.
    `kind` names the check (list, seats, bureau, commission, vote, shares); `bases` are the
    rules that were checked, breached or not, so a clean result also shows its basis.
    """

    ok: bool
    breaches: tuple[Breach, ...]
    readings: dict[str, str]
    details: dict[str, Any]
    kind: str = ""
    bases: tuple[Basis, ...] = ()


def nearest_names(name: str, known) -> list[str]:
    """The nearest known names to a misspelt one, for "did you mean" messages."""
    return nearest(str(name), [str(k) for k in known])


def norm_record(corpus: Corpus, norm_id: str) -> ast.Record:
    """The `norm` record `norm_id`; a missing one is a bug of this package or of the rules."""
    rec = corpus.records.get(("norm", norm_id))
    if rec is None:
        known = [k for (kind, k) in corpus.records if kind == "norm"]
        raise ComplianceError(f"norme inconnue : '{norm_id}'", nearest(norm_id, known))
    return rec


def basis_of(corpus: Corpus, norm_id: str) -> Basis:
    """The basis of a norm: its first `basis` reference, first `by` provision and its validity.

    >>> basis_of(corpus, "liste_section_trente_cinq_candidats").short
    'Décr. n° 99-433, art. 1er, I, al. 2'
    """
    rec = norm_record(corpus, norm_id)
    refs = corpus.value(rec, "basis") or []
    if not refs:
        raise ComplianceError(f"la norme '{norm_id}' n'a pas de fondement (basis)")
    text_id, citation = refs[0]
    by = corpus.value(rec, "by") or []
    valid = plain_value(rec.get("valid").values[0]) if rec.get("valid") else None
    return make_basis(corpus, text_id, citation, by[0] if by else None, valid)


def norm_values(corpus: Corpus, norm_id: str) -> list:
    """The numbers of a norm's `value` field, always as a list (a single value too).

    >>> norm_values(corpus, "liste_quatre_par_categorie")
    [4, 18]
    """
    v = corpus.value(norm_record(corpus, norm_id), "value")
    if v is None:
        raise ComplianceError(f"la norme '{norm_id}' n'a pas de valeur (value)")
    return list(v) if isinstance(v, list) else [v]


def exact(number) -> Fraction:
    """A decimal of the rules (0.1, 0.3, 0.05) as an exact fraction.

    Through the decimal string, because 0.1 as a binary float is not one tenth and a
    ceiling of 10 % of 30 seats must be 3, not 4.

    >>> exact(0.1) * 30
    Fraction(3, 1)
    """
    return number if isinstance(number, Fraction) else Fraction(str(number))


# A rule not in force at the date asked (not yet, ended, or past what our sources follow) is said once, with
# its basis, by queries.recodified.date_checked, which run_check applies to every result.


def choose(options: dict[str, Any] | None, name: str, allowed: tuple[str, ...]) -> tuple[str, bool]:
    """The reading chosen for option `name` (first of `allowed` is the default), and whether it
    is the default. An unknown value is refused with the allowed ones."""
    value = (options or {}).get(name)
    if value is None:
        return allowed[0], True
    if value not in allowed:
        raise ComplianceError(f"option {name} : lecture inconnue '{value}' ; attendu : {', '.join(allowed)}",
                              nearest_names(value, allowed))
    return value, value == allowed[0]


def reading_label(value: str, default: bool) -> str:
    return f"{value} (défaut)" if default else value
