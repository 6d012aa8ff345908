"""Seat allocation of article 1er, II to V of décret n° 99-433 (as replaced by art. 11, 3° of décret
n° 2021-168): who sits at the chambre de métiers et de l'artisanat de région (CMAR) and at each
chambre de niveau départemental (CD), from the votes per list and per département.

The steps, each with the norm record it applies:

1. The table of II (`tableau_elus_N_departements`) gives, for a region of N départements, the
   25 elected members of each CD (`chambre_niveau_departemental_composition`) and how many of
   them also sit at the CMAR ("CMAR seats" of the département).
2. III, al. 1–3 (`prime_regionale_dix_pour_cent`, `prime_regionale_egalite`): in each
   département, 10 % of its CMAR seats, rounded up, go to the section of the regional list that
   came first in the most départements (ties: most votes in the region, then the youngest
   average age of the list's candidates).
3. III, al. 4 (`repartition_proportionnelle_cmar`): the other CMAR seats of the département by
   the highest average (D'Hondt) on the département's votes.
4. IV (`prime_departementale_trente_pour_cent`): of the CD seats left (25 minus the CMAR seats),
   30 % go to the list first in the département, the rest by the highest average.
5. IV, al. 3 (`attribution_dernier_siege`): equal averages for a seat: most votes in the
   département, then the youngest candidate who would be elected.
6. V (`seuil_cinq_pour_cent`): a list under 5 % of the votes cast takes part in no distribution.

Where the text leaves a choice the allocator takes an option (`threshold_scope`,
`premium_rounding`, `proportional_base`, `head_tie`, `bonus_under_threshold`); docs/compliance.md says what each reading
is, its default and why, and the result names the readings used. Arithmetic is exact
(fractions): a 10 % ceiling or a 5 % threshold must not depend on binary floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Callable

from engine.corpus import Corpus

from .model import (Breach, CheckResult, ComplianceError, basis_of, choose, exact, norm_values,
                    reading_label)

THRESHOLD_SCOPES = ("departement", "region")
PREMIUM_ROUNDINGS = ("ceil", "floor", "nearest")
PROPORTIONAL_BASES = ("fresh", "cumulative")
HEAD_TIES = ("age", "none")
BONUS_UNDER_THRESHOLD = ("redistribute", "keep")

NORMS = ("chambre_niveau_departemental_composition", "prime_regionale_dix_pour_cent", "prime_regionale_egalite",
         "repartition_proportionnelle_cmar", "prime_departementale_trente_pour_cent", "attribution_dernier_siege",
         "seuil_cinq_pour_cent")


# ------------------------------------------------------------------ input

@dataclass(frozen=True)
class ElectionList:
    """A regional list: its id, and what is known of its candidates' ages.

    `average_age` is the average age of the list's candidates (III, al. 2); `birth_dates` gives,
    per département, the birth dates of the section's candidates in list order (None where
    unknown), used for the youngest-candidate rule of IV, al. 3 and, averaged, for III, al. 2.
    """

    list_id: str
    name: str = ""
    average_age: float | None = None
    birth_dates: dict[str, tuple[date | None, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Election:
    """The votes of one regional election: `votes[departement][list_id]` = suffrages exprimés.

    A list without an entry in a département has 0 votes there. `election_date` is only used to
    compare a list given by `average_age` with a list given by birth dates.
    """

    departements: tuple[str, ...]
    lists: tuple[ElectionList, ...]
    votes: dict[str, dict[str, int]]
    region: str = ""
    election_date: date | None = None

    def list_ids(self) -> tuple[str, ...]:
        return tuple(lst.list_id for lst in self.lists)

    def v(self, dep: str, list_id: str) -> int:
        return self.votes.get(dep, {}).get(list_id, 0)

    def regional_votes(self, list_id: str) -> int:
        return sum(self.v(d, list_id) for d in self.departements)


# ------------------------------------------------------------------ output

@dataclass(frozen=True)
class ListSeats:
    """One list's seats in one département. CMAR seats are also CD seats (II, 1°): `cd_seats` are
    the CD members who do not sit at the CMAR (II, 2°); the list's CD members are `total`."""

    list_id: str
    votes: int
    admitted: bool
    cmar_bonus: int = 0  # the 10 % of III, al. 1
    cmar_proportional: int = 0  # III, al. 4
    cd_premium: int = 0  # the 30 % of IV, al. 1
    cd_proportional: int = 0  # IV, al. 1, second sentence

    @property
    def cmar_seats(self) -> int:
        return self.cmar_bonus + self.cmar_proportional

    @property
    def cd_seats(self) -> int:
        return self.cd_premium + self.cd_proportional

    @property
    def total(self) -> int:
        return self.cmar_seats + self.cd_seats


@dataclass(frozen=True)
class Step:
    """One seat given at the highest average: the average is votes / (seats counted + 1)."""

    phase: str  # "cmar" or "cd"
    seat: int  # 1-based, within the phase's proportional seats
    list_id: str
    average: Fraction
    divisor: int
    tied: tuple[str, ...] = ()  # the lists that had the same average, when there was a tie
    tie_break: str = ""  # votes | candidate_age | list_age | input_order


@dataclass(frozen=True)
class DepartementSeats:
    departement: str
    total_votes: int
    cmar_seats: int  # column 3 of the table
    cd_seats: int  # 25 − cmar_seats: the seats of IV
    bonus: int  # seats of III, al. 1 in this département
    bonus_to: str | None
    head: str | None  # the list first in the département (IV)
    premium: int
    lists: tuple[ListSeats, ...]
    steps: tuple[Step, ...]
    unfilled: int = 0

    def of(self, list_id: str) -> ListSeats:
        return next(x for x in self.lists if x.list_id == list_id)


@dataclass(frozen=True)
class SeatAllocation:
    region: str
    n_departements: int
    table: tuple[int, int, int, int]  # départements, élus par CD, élus par département à la CMAR, total
    heads_count: dict[str, int]
    regional_winner: str | None
    regional_tie_break: str
    departements: tuple[DepartementSeats, ...]
    readings: dict[str, str]
    notes: tuple[str, ...] = ()

    def of(self, departement: str) -> DepartementSeats:
        return next(x for x in self.departements if x.departement == departement)


# ------------------------------------------------------------------ readings

@dataclass(frozen=True)
class _Readings:
    threshold_scope: str
    premium_rounding: str
    proportional_base: str
    head_tie: str
    bonus_under_threshold: str
    labels: dict[str, str]


def _readings(options: dict[str, Any] | None) -> _Readings:
    labels = {}
    chosen = {}
    for name, allowed in (("threshold_scope", THRESHOLD_SCOPES), ("premium_rounding", PREMIUM_ROUNDINGS),
                          ("proportional_base", PROPORTIONAL_BASES), ("head_tie", HEAD_TIES),
                          ("bonus_under_threshold", BONUS_UNDER_THRESHOLD)):
        value, default = choose(options, name, allowed)
        chosen[name] = value
        labels[name] = reading_label(value, default)
    return _Readings(labels=labels, **chosen)


def round_share(share: Fraction, mode: str) -> int:
    """A share of seats as a whole number: "ceil", "floor", or "nearest" (halves up).

    >>> [round_share(Fraction(3, 2), m) for m in ("ceil", "floor", "nearest")]
    [2, 1, 2]
    """
    if mode == "ceil":
        return math.ceil(share)
    if mode == "floor":
        return math.floor(share)
    return math.floor(share + Fraction(1, 2))


def table_row(corpus: Corpus, n_departements: int) -> tuple[tuple[int, int, int, int], str]:
    """The row of the table of II for a region of `n_departements`, and the id of its norm.

    >>> table_row(corpus, 3)
    ((3, 25, 20, 60), 'tableau_elus_3_departements')
    """
    rows = {}
    for (kind, nid), rec in corpus.records.items():
        if kind == "norm" and nid.startswith("tableau_elus_"):
            vals = norm_values(corpus, nid)
            rows[int(vals[0])] = (tuple(int(x) for x in vals), nid)
    if n_departements not in rows:
        raise ComplianceError(f"le tableau de l'article 1er, II du décret n° 99-433 n'a pas de ligne pour "
                              f"{n_departements} département(s) ; il va de {min(rows)} à {max(rows)}")
    return rows[n_departements]


# ------------------------------------------------------------------ allocation

def allocate_seats(corpus: Corpus, election: Election, options: dict[str, Any] | None = None) -> SeatAllocation:
    """Allocate the CMAR and CD seats of every département of a region (art. 1er, II–V)."""
    r = _readings(options)
    _validate(election)
    deps = election.departements
    ids = election.list_ids()
    lists = {lst.list_id: lst for lst in election.lists}
    (row, _table_id) = table_row(corpus, len(deps))
    _, cd_total, cmar_per_dep, _ = row
    (expected_cd,) = norm_values(corpus, "chambre_niveau_departemental_composition")
    if cd_total != expected_cd:  # two records of the rules disagree: say so rather than guess
        raise ComplianceError(f"la ligne du tableau donne {cd_total} élus par CD, "
                              f"chambre_niveau_departemental_composition en donne {expected_cd}")
    bonus_rate = exact(norm_values(corpus, "prime_regionale_dix_pour_cent")[0])
    premium_rate = exact(norm_values(corpus, "prime_departementale_trente_pour_cent")[0])
    threshold = exact(norm_values(corpus, "seuil_cinq_pour_cent")[0])
    notes: list[str] = []

    # V — which lists take part, in each département.
    admitted: dict[str, tuple[str, ...]] = {}
    if r.threshold_scope == "region":
        total = sum(election.regional_votes(x) for x in ids)
        keep = tuple(x for x in ids if total and election.regional_votes(x) >= threshold * total)
        admitted = {d: keep for d in deps}
    else:
        for d in deps:
            total = sum(election.v(d, x) for x in ids)
            admitted[d] = tuple(x for x in ids if total and election.v(d, x) >= threshold * total)

    # Who is first in each département: among the admitted lists only, since V keeps a list under
    # the threshold out of every distribution, the two premiums included.
    heads: dict[str, str | None] = {}
    for d in deps:
        heads[d] = _head(election, lists, d, admitted[d], r.head_tie, notes)
    heads_count = {x: sum(1 for d in deps if heads[d] == x) for x in ids}
    winner, how = _regional_winner(election, lists, heads_count, notes)

    results = []
    for d in deps:
        results.append(_allocate_departement(election, lists, d, admitted[d], heads[d], winner, cmar_per_dep,
                                             cd_total, bonus_rate, premium_rate, r, notes))
    for dep in results:
        if dep.unfilled:
            notes.append(f"{dep.departement} : {dep.unfilled} siège(s) non attribué(s) : aucune liste admise "
                         "n'a de suffrages dans le département")
    return SeatAllocation(region=election.region, n_departements=len(deps), table=row, heads_count=heads_count,
                          regional_winner=winner, regional_tie_break=how, departements=tuple(results),
                          readings=r.labels, notes=tuple(notes))


def _validate(election: Election) -> None:
    if not election.departements:
        raise ComplianceError("aucun département donné")
    if len(set(election.departements)) != len(election.departements):
        raise ComplianceError("un département est donné deux fois")
    ids = election.list_ids()
    if not ids:
        raise ComplianceError("aucune liste donnée")
    if len(set(ids)) != len(ids):
        raise ComplianceError("un identifiant de liste est donné deux fois")
    for d, row in election.votes.items():
        if d not in election.departements:
            raise ComplianceError(f"voix pour '{d}', qui n'est pas un département de la région")
        for x, n in row.items():
            if x not in ids:
                raise ComplianceError(f"voix dans {d} pour une liste inconnue : '{x}'")
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise ComplianceError(f"voix dans {d} pour la liste {x} : attendu : un nombre entier ≥ 0 ; trouvé : {n!r}")


def _head(election: Election, lists: dict[str, ElectionList], d: str, admitted: tuple[str, ...], head_tie: str,
          notes: list[str]) -> str | None:
    voted = [x for x in admitted if election.v(d, x) > 0]
    if not voted:
        return None
    best = max(election.v(d, x) for x in voted)
    tied = [x for x in voted if election.v(d, x) == best]
    if len(tied) == 1:
        return tied[0]
    if head_tie == "none":
        notes.append(f"{d} : listes {', '.join(tied)} à égalité en tête ; aucune n'est « arrivée en tête » "
                     "(lecture head_tie = none) : pas de prime de 30 %, le département ne compte pour aucune liste")
        return None
    # The text has no rule for a tie for first place in a département; the III, al. 2 rule for the
    # regional tie (the youngest average age) is the nearest one.
    chosen, how = _youngest_list(election, lists, tied)
    why = "la moyenne d'âge la moins élevée" if how == "list_age" else "l'ordre de saisie (âges inconnus ou égaux)"
    notes.append(f"{d} : listes {', '.join(tied)} à égalité en tête ; départagées par {why} "
                 f"(lecture head_tie = age) : {chosen}")
    return chosen


def _regional_winner(election: Election, lists: dict[str, ElectionList], heads_count: dict[str, int],
                     notes: list[str]) -> tuple[str | None, str]:
    # III, al. 1–2: most départements; then most votes in the region; then youngest average age.
    top = max(heads_count.values(), default=0)
    if top == 0:
        return None, ""
    tied = [x for x, n in heads_count.items() if n == top]
    if len(tied) == 1:
        return tied[0], "departements"
    best = max(election.regional_votes(x) for x in tied)
    tied = [x for x in tied if election.regional_votes(x) == best]
    if len(tied) == 1:
        return tied[0], "regional_votes"
    chosen, how = _youngest_list(election, lists, tied)
    if how == "input_order":
        notes.append("prime de 10 % : égalité de départements, de voix et d'âge moyen (ou âges inconnus) entre "
                     f"{', '.join(tied)} ; le texte ne dit plus rien : attribuée à la première dans l'ordre "
                     "de saisie")
    return chosen, how


def _list_age(election: Election, lst: ElectionList) -> tuple[str, float] | None:
    """What is known of a list's average age: ("birth", mean birth ordinal) or ("age", years)."""
    births = [b for seq in lst.birth_dates.values() for b in seq if b is not None]
    if births:
        return "birth", sum(b.toordinal() for b in births) / len(births)
    if lst.average_age is not None:
        return "age", float(lst.average_age)
    return None


def _youngest_list(election: Election, lists: dict[str, ElectionList], tied: list[str]) -> tuple[str, str]:
    """The tied list whose candidates are youngest on average; ("…", "input_order") if unknown.

    Mean birth dates compare without a reference date (the mean age is the date minus the mean
    birth date); a list given by average age is compared with one given by birth dates only if
    the election date is known.
    """
    ages = {x: _list_age(election, lists[x]) for x in tied}
    if any(a is None for a in ages.values()):
        return tied[0], "input_order"
    kinds = {a[0] for a in ages.values()}
    if kinds == {"birth"}:
        key = {x: -a[1] for x, a in ages.items()}  # later mean birth = younger
    elif kinds == {"age"}:
        key = {x: a[1] for x, a in ages.items()}
    elif election.election_date is not None:
        ref = election.election_date.toordinal()
        key = {x: (ref - a[1]) / 365.2425 if a[0] == "birth" else a[1] for x, a in ages.items()}
    else:
        return tied[0], "input_order"
    best = min(key.values())
    youngest = [x for x in tied if key[x] == best]
    return (youngest[0], "list_age") if len(youngest) == 1 else (youngest[0], "input_order")


def _allocate_departement(election: Election, lists: dict[str, ElectionList], d: str, admitted: tuple[str, ...],
                          head: str | None, winner: str | None, cmar_per_dep: int, cd_total: int,
                          bonus_rate: Fraction, premium_rate: Fraction, r: _Readings,
                          notes: list[str]) -> DepartementSeats:
    ids = election.list_ids()
    votes = {x: election.v(d, x) for x in ids}

    # III, al. 1: 10 % of the CMAR seats of the département, rounded up, to the regional winner's
    # section. If that section is under the threshold here (only possible with threshold_scope =
    # departement), V keeps it out of « la répartition des sièges »: by default its bonus seats
    # join the proportional part ("redistribute"); "keep" gives them to it all the same.
    bonus = math.ceil(bonus_rate * cmar_per_dep)
    bonus_to = winner
    if winner is None:
        bonus, bonus_to = 0, None
    elif winner not in admitted:
        if r.bonus_under_threshold == "redistribute":
            notes.append(f"{d} : la liste {winner}, en tête dans le plus grand nombre de départements, n'atteint "
                         "pas le seuil de 5 % ici : les sièges de la prime de 10 % sont répartis à la plus forte "
                         "moyenne (lecture bonus_under_threshold = redistribute)")
            bonus, bonus_to = 0, None
        else:
            notes.append(f"{d} : la liste {winner} reçoit la prime de 10 % bien qu'elle n'atteigne pas le seuil de "
                         "5 % ici (lecture bonus_under_threshold = keep)")
    bonus_of = {x: (bonus if x == bonus_to else 0) for x in ids}

    # III, al. 4: the other CMAR seats at the highest average.
    base = dict(bonus_of) if r.proportional_base == "cumulative" else {x: 0 for x in ids}
    cmar_prop, cmar_steps, unfilled_cmar = _highest_average(
        "cmar", cmar_per_dep - bonus, votes, admitted, base,
        lambda x, won: bonus_of[x] + won + 1, election, lists, d)
    cmar_of = {x: bonus_of[x] + cmar_prop[x] for x in ids}

    # IV: the CD seats left; 30 % to the list first in the département, the rest at the highest average.
    left = cd_total - cmar_per_dep
    premium = round_share(premium_rate * left, r.premium_rounding) if head is not None else 0
    premium_of = {x: (premium if x == head else 0) for x in ids}
    if r.proportional_base == "cumulative":
        base = {x: cmar_of[x] + premium_of[x] for x in ids}
    else:
        base = {x: 0 for x in ids}
    cd_prop, cd_steps, unfilled_cd = _highest_average(
        "cd", left - premium, votes, admitted, base,
        lambda x, won: cmar_of[x] + premium_of[x] + won + 1, election, lists, d)

    seats = tuple(ListSeats(x, votes[x], x in admitted, bonus_of[x], cmar_prop[x], premium_of[x], cd_prop[x])
                  for x in ids)
    return DepartementSeats(departement=d, total_votes=sum(votes.values()), cmar_seats=cmar_per_dep, cd_seats=left,
                            bonus=bonus, bonus_to=bonus_to, head=head, premium=premium, lists=seats,
                            steps=tuple(cmar_steps + cd_steps), unfilled=unfilled_cmar + unfilled_cd)


def _highest_average(phase: str, seats: int, votes: dict[str, int], admitted: tuple[str, ...],
                     base: dict[str, int], next_position: Callable[[str, int], int], election: Election,
                     lists: dict[str, ElectionList], d: str) -> tuple[dict[str, int], list[Step], int]:
    """D'Hondt, one seat at a time: each seat to the greatest votes / (seats counted + 1).

    `base` are the seats counted before the first (none in the "fresh" reading);
    `next_position(list, won)` is the place on the section of the candidate the seat would elect,
    for the youngest-candidate tie rule. Returns the seats won, the steps and the seats left
    unfilled (when no admitted list has votes).
    """
    won = {x: 0 for x in votes}
    steps: list[Step] = []
    eligible = [x for x in admitted if votes[x] > 0]
    for k in range(1, seats + 1):
        if not eligible:
            return won, steps, seats - k + 1
        avg = {x: Fraction(votes[x], base[x] + won[x] + 1) for x in eligible}
        best = max(avg.values())
        tied = [x for x in eligible if avg[x] == best]
        chosen, how = tied[0], ""
        if len(tied) > 1:
            chosen, how = _break_seat_tie(tied, votes, next_position, won, election, lists, d)
        steps.append(Step(phase, k, chosen, best, base[chosen] + won[chosen] + 1,
                          tuple(tied) if len(tied) > 1 else (), how))
        won[chosen] += 1
    return won, steps, 0


def _break_seat_tie(tied: list[str], votes: dict[str, int], next_position: Callable[[str, int], int],
                    won: dict[str, int], election: Election, lists: dict[str, ElectionList],
                    d: str) -> tuple[str, str]:
    # IV, al. 3: the most votes; then the youngest of the candidates who would be elected.
    best = max(votes[x] for x in tied)
    tied = [x for x in tied if votes[x] == best]
    if len(tied) == 1:
        return tied[0], "votes"
    births = {}
    for x in tied:
        seq = lists[x].birth_dates.get(d, ())
        pos = next_position(x, won[x])
        births[x] = seq[pos - 1] if pos <= len(seq) else None
    if all(b is not None for b in births.values()):
        latest = max(births.values())
        young = [x for x in tied if births[x] == latest]
        if len(young) == 1:
            return young[0], "candidate_age"
        tied = young
    # No candidate ages (or equal ones): the list's average age stands in for them.
    chosen, how = _youngest_list(election, lists, tied)
    return chosen, how


# ------------------------------------------------------------------ as a check result

def check_seats(corpus: Corpus, election: Election, options: dict[str, Any] | None = None) -> CheckResult:
    """The allocation as a CheckResult: details hold the seat tables; a breach only when seats
    cannot be filled (no admitted list has votes in a département)."""
    alloc = allocate_seats(corpus, election, options)
    breaches = []
    for dep in alloc.departements:
        if dep.unfilled:
            breaches.append(Breach("seuil_cinq_pour_cent",
                                   f"{dep.departement} : {dep.unfilled} siège(s) ne peuvent être attribués",
                                   basis_of(corpus, "seuil_cinq_pour_cent"),
                                   {"departement": dep.departement, "unfilled": dep.unfilled}))
    notes = list(alloc.notes)
    _, table_id = table_row(corpus, alloc.n_departements)
    return CheckResult(ok=not breaches, breaches=tuple(breaches), readings=dict(alloc.readings),
                       details={**allocation_to_dict(alloc), "notes": notes}, kind="seats",
                       bases=tuple(basis_of(corpus, n) for n in (table_id,) + NORMS))


def allocation_to_dict(alloc: SeatAllocation) -> dict[str, Any]:
    """A SeatAllocation as plain JSON-able data."""
    return {
        "region": alloc.region,
        "n_departements": alloc.n_departements,
        "table": {"departements": alloc.table[0], "elus_par_chambre_de_niveau_departemental": alloc.table[1],
                  "elus_par_departement_a_la_cmar": alloc.table[2], "total_cmar": alloc.table[3]},
        "heads_count": dict(alloc.heads_count),
        "regional_winner": alloc.regional_winner,
        "regional_tie_break": alloc.regional_tie_break,
        "departements": [{
            "departement": dep.departement,
            "total_votes": dep.total_votes,
            "cmar_seats": dep.cmar_seats,
            "cd_seats": dep.cd_seats,
            "bonus": dep.bonus, "bonus_to": dep.bonus_to,
            "head": dep.head, "premium": dep.premium,
            "unfilled": dep.unfilled,
            "lists": {x.list_id: {"votes": x.votes, "admitted": x.admitted, "cmar_seats": x.cmar_seats,
                                  "cd_seats": x.cd_seats, "total": x.total, "cmar_bonus": x.cmar_bonus,
                                  "cmar_proportional": x.cmar_proportional, "cd_premium": x.cd_premium,
                                  "cd_proportional": x.cd_proportional} for x in dep.lists},
            "steps": [{"phase": s.phase, "seat": s.seat, "list": s.list_id, "average": str(s.average),
                       "average_value": round(float(s.average), 2), "divisor": s.divisor,
                       "tied": list(s.tied), "tie_break": s.tie_break} for s in dep.steps],
        } for dep in alloc.departements],
    }


def _tie_words(how: str) -> str:
    words = {"regional_votes": "plus de voix dans la région", "list_age": "moyenne d'âge la moins élevée",
             "input_order": "égalité non résolue par le texte : ordre de saisie"}
    return f" (départage : {words[how]})" if how in words else ""


def render_lines(details: dict[str, Any]) -> list[str]:
    """Text lines of a seat allocation: the table row, the regional winner, one block per département."""
    t = details["table"]
    out = [f"région de {t['departements']} département(s) : {t['elus_par_departement_a_la_cmar']} élus par "
           f"département à la CMAR, {t['elus_par_chambre_de_niveau_departemental']} par chambre de niveau "
           f"départemental, {t['total_cmar']} à la CMAR",
           "en tête par département : " + ", ".join(f"{x} {n}" for x, n in details["heads_count"].items()),
           f"prime de 10 % : {details['regional_winner'] or '—'}" + _tie_words(details["regional_tie_break"])]
    for dep in details["departements"]:
        out.append(f"{dep['departement']} ({dep['total_votes']} suffrages) : prime de 10 % {dep['bonus']} → "
                   f"{dep['bonus_to'] or '—'} ; en tête {dep['head'] or '—'}, prime de 30 % {dep['premium']} "
                   f"sur {dep['cd_seats']}")
        out.append(f"  {'liste':<10}{'voix':>9}{'admise':>8}{'CMAR':>6}{'CD seule':>10}{'total':>7}")
        for lid, x in dep["lists"].items():
            out.append(f"  {lid:<10}{x['votes']:>9}{'oui' if x['admitted'] else 'non':>8}{x['cmar_seats']:>6}"
                       f"{x['cd_seats']:>10}{x['total']:>7}")
        if dep["unfilled"]:
            out.append(f"  sièges non attribués : {dep['unfilled']}")
    return out
