"""Checks on the bodies of the network, as the décret n° 2021-168 writes them:

* the bureau of a chambre de métiers et de l'artisanat de région (code de l'artisanat, art. 19, I,
  al. 3: norms `bureau_cmar_composition`, `bureau_cmar_troisieme_tresorier_adjoint`);
* a commission territoriale (art. 21, I, al. 1: `commissions_territoriales_effectif`,
  `commissions_territoriales_chef_lieu`);
* a vote of the bureau of a CMAR (art. 19, II, al. 3) or of CMA France (décret n° 66-137,
  art. 12, II), and the vote of the assemblée générale of CMA France on the répartition of the
  taxes (décret n° 66-137, art. 9, IV, al. 3);
* the share of the taxes allotted on operating needs (décret n° 66-137, art. 17-1, I, 1°).

Counts and fractions come from the norm records. A vote's outcome (adopted, rejected, deemed
approved) is a result, not a breach: only a deliberation that could not validly be held (no
quorum) is a breach.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction
from typing import Any

from engine.corpus import Corpus

from .model import (Breach, CheckResult, ComplianceError, basis_of, choose, exact, nearest_names, norm_values,
                    reading_label)

# ------------------------------------------------------------------ bureau

ROLES = ("president", "vice_president", "tresorier", "tresorier_adjoint", "secretaire", "secretaire_adjoint")


def role_id(name: str) -> str:
    """A role as typed ("Trésoriers adjoints", "vice-présidents") → its id ("tresorier_adjoint").

    >>> role_id("Vice-Présidents")
    'vice_president'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    tokens = plain.replace("-", " ").replace("_", " ").split()
    tokens = [t[:-1] if t.endswith("s") and t[:-1] in ("president", "tresorier", "secretaire", "adjoint", "vice")
              else t for t in tokens]
    rid = "_".join(tokens)
    if rid not in ROLES:
        raise ComplianceError(f"rôle inconnu : '{name}' ; attendu : {', '.join(ROLES)}", nearest_names(rid, ROLES))
    return rid


def check_bureau(corpus: Corpus, n_departements: int, composition: dict[str, int],
                 options: dict[str, Any] | None = None) -> CheckResult:
    """Check the composition of the bureau of a CMAR whose circonscription has `n_departements`.

    A president, one or more vice-presidents, a treasurer, one or two assistant treasurers (a third
    may be elected when the circonscription has more than ten départements), a secretary, one or
    more assistant secretaries. Roles missing from `composition` count 0.
    """
    if not isinstance(n_departements, int) or n_departements < 1:
        raise ComplianceError(f"n_departements : attendu : un nombre entier ≥ 1 ; trouvé : {n_departements!r}")
    counts = {r: 0 for r in ROLES}
    for name, n in composition.items():
        rid = role_id(name)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ComplianceError(f"rôle {name} : attendu : un nombre entier ≥ 0 ; trouvé : {n!r}")
        counts[rid] += n

    comp = basis_of(corpus, "bureau_cmar_composition")
    (max_adjoints,) = norm_values(corpus, "bureau_cmar_composition")
    over, max_large = norm_values(corpus, "bureau_cmar_troisieme_tresorier_adjoint")
    breaches: list[Breach] = []
    words = {"president": "président", "vice_president": "vice-président(s)", "tresorier": "trésorier",
             "tresorier_adjoint": "trésorier(s) adjoint(s)", "secretaire": "secrétaire",
             "secretaire_adjoint": "secrétaire(s) adjoint(s)"}
    # Exactly one president, treasurer, secretary ("d'un président … d'un trésorier … d'un secrétaire").
    for role in ("president", "tresorier", "secretaire"):
        if counts[role] != 1:
            breaches.append(Breach("bureau_cmar_composition",
                                   f"{words[role]} : {counts[role]}, il en faut un et un seul",
                                   comp, {"role": role, "count": counts[role], "required": 1}))
    # « un ou plusieurs »: at least one, no maximum.
    for role in ("vice_president", "secretaire_adjoint"):
        if counts[role] < 1:
            breaches.append(Breach("bureau_cmar_composition", f"{words[role]} : aucun, il en faut au moins un",
                                   comp, {"role": role, "count": 0, "min": 1}))
    n_adj = counts["tresorier_adjoint"]
    allowed = max_large if n_departements > over else max_adjoints
    if n_adj < 1:
        breaches.append(Breach("bureau_cmar_composition", "trésorier adjoint : aucun, il en faut au moins un",
                               comp, {"role": "tresorier_adjoint", "count": 0, "min": 1}))
    elif n_adj > allowed:
        if n_departements > over or n_adj == max_adjoints + 1:
            # The third is allowed only above ten départements: cite the sentence that says so.
            rule = "bureau_cmar_troisieme_tresorier_adjoint"
            why = (f"la circonscription compte {n_departements} département(s), un troisième trésorier adjoint "
                   f"n'est possible qu'au-delà de {over}" if n_departements <= over
                   else f"au plus {max_large} au-delà de {over} départements")
        else:
            rule, why = "bureau_cmar_composition", f"au plus {max_adjoints}"
        breaches.append(Breach(rule, f"trésoriers adjoints : {n_adj} ; {why}", basis_of(corpus, rule),
                               {"role": "tresorier_adjoint", "count": n_adj, "max": allowed,
                                "n_departements": n_departements}))
    notes = []
    notes.append("non vérifié : les présidents des chambres de niveau départemental sont membres de droit du "
                 "bureau (art. 19 quater) ; le nombre de membres du bureau par département (tableau de l'art. 19, "
                 "I) n'est pas dans nos sources")
    return CheckResult(ok=not breaches, breaches=tuple(breaches), readings={},
                       details={"n_departements": n_departements, "composition": counts,
                                "max_tresoriers_adjoints": allowed, "notes": notes}, kind="bureau",
                       bases=(comp, basis_of(corpus, "bureau_cmar_troisieme_tresorier_adjoint")))


# ------------------------------------------------------------------ commission territoriale

FIFTEEN_READINGS = ("chef_lieu_only", "any")


def check_commission_territoriale(corpus: Corpus, members: int, is_chef_lieu: bool,
                                  options: dict[str, Any] | None = None) -> CheckResult:
    """Eight to fifteen members; the commission of the chef-lieu du département has fifteen.

    Option `fifteen`: "chef_lieu_only" (default: « seules » the chef-lieu commissions have fifteen,
    so the others have 8 to 14) or "any" (the others may have 8 to 15).
    """
    fifteen, default = choose(options, "fifteen", FIFTEEN_READINGS)
    if not isinstance(members, int) or isinstance(members, bool) or members < 0:
        raise ComplianceError(f"members : attendu : un nombre entier ≥ 0 ; trouvé : {members!r}")
    low, high = norm_values(corpus, "commissions_territoriales_effectif")
    (chef,) = norm_values(corpus, "commissions_territoriales_chef_lieu")
    breaches: list[Breach] = []
    if not (low <= members <= high):
        breaches.append(Breach("commissions_territoriales_effectif",
                               f"{members} membres ; une commission territoriale en comprend entre {low} et {high}",
                               basis_of(corpus, "commissions_territoriales_effectif"),
                               {"members": members, "min": low, "max": high}))
    if is_chef_lieu and members != chef:
        breaches.append(Breach("commissions_territoriales_chef_lieu",
                               f"{members} membres ; la commission du chef-lieu du département en comprend {chef}",
                               basis_of(corpus, "commissions_territoriales_chef_lieu"),
                               {"members": members, "required": chef, "chef_lieu": True}))
    if not is_chef_lieu and members == chef and fifteen == "chef_lieu_only":
        breaches.append(Breach("commissions_territoriales_chef_lieu",
                               f"{members} membres ; seules les commissions du chef-lieu du département en "
                               f"comprennent {chef}",
                               basis_of(corpus, "commissions_territoriales_chef_lieu"),
                               {"members": members, "max": chef - 1, "chef_lieu": False}))
    allowed = [chef] if is_chef_lieu else list(range(low, (chef if fifteen == "any" else chef - 1) + 1))
    return CheckResult(ok=not breaches, breaches=tuple(breaches),
                       readings={"fifteen": reading_label(fifteen, default)},
                       details={"members": members, "is_chef_lieu": is_chef_lieu,
                                "allowed": [allowed[0], allowed[-1]],
                                "notes": []},
                       kind="commission",
                       bases=(basis_of(corpus, "commissions_territoriales_effectif"),
                              basis_of(corpus, "commissions_territoriales_chef_lieu")))


# ------------------------------------------------------------------ votes

BODIES = {
    # body id → (quorum norm, majority norm, casting-vote norm)
    "bureau_cmar": ("bureau_cmar_quorum", "bureau_cmar_majorite", "bureau_cmar_voix_preponderante"),
    "bureau_cma_france": ("bureau_cma_france_quorum", "bureau_cma_france_majorite",
                          "bureau_cma_france_voix_preponderante"),
    "ag_cma_france_repartition": (None, "repartition_vote_ag_cma_france", "repartition_reputee_approuvee"),
}
TWO_THIRDS_READINGS = ("present", "deliberative")
PRESIDENT_VOTES = ("for", "against", "abstain")


def check_vote(corpus: Corpus, body: str, in_office: int | None, present: int, for_: int, against: int,
               president_vote: str | None = None, options: dict[str, Any] | None = None, *,
               voting_present: int | None = None) -> CheckResult:
    """Check a vote and give its outcome in `details["outcome"]`.

    `body`: "bureau_cmar", "bureau_cma_france" or "ag_cma_france_repartition". `for_` and
    `against` are the suffrages exprimés (abstentions and blank votes are not), the president's
    vote included. For a bureau: the quorum is more than half the members in office, counted at
    the start of the sitting (`present`); the decision needs an absolute majority of the votes
    cast; on a tie, the president's vote (`president_vote`: "for" | "against" | "abstain")
    decides. For the répartition vote of the AG of CMA France: an absolute majority of the votes
    cast by the members present with voix délibérative (`voting_present`, default `present`);
    failing that the decision is deemed approved unless two thirds of the members present oppose
    (option `two_thirds_of`: "present" | "deliberative").

    Outcomes: adopted, rejected, deemed_approved, undetermined (a tie and no president_vote
    given), invalid (no quorum).
    """
    if body not in BODIES:
        raise ComplianceError(f"instance inconnue : '{body}' ; attendu : {', '.join(BODIES)}",
                              nearest_names(body, BODIES))
    for name, n in (("present", present), ("for", for_), ("against", against)):
        _count(name, n)
    if in_office is not None:
        _count("in_office", in_office)
        if present > in_office:
            raise ComplianceError(f"present ({present}) dépasse in_office ({in_office}) : plus de présents que de membres en exercice")
    if voting_present is not None:
        _count("voting_present", voting_present)
        if voting_present > present:
            raise ComplianceError(f"voting_present ({voting_present}) dépasse present ({present}) : plus de votants que de présents")
    voters = voting_present if voting_present is not None else present
    if for_ + against > voters:
        raise ComplianceError(f"for + against ({for_ + against}) dépasse le nombre de membres présents qui votent ({voters})")
    if president_vote is not None and president_vote not in PRESIDENT_VOTES:
        raise ComplianceError(f"president_vote : '{president_vote}' inconnu ; attendu : "
                              f"{', '.join(PRESIDENT_VOTES)}")
    if body == "ag_cma_france_repartition":
        return _vote_repartition(corpus, present, voters, for_, against, options)
    return _vote_bureau(corpus, body, in_office, present, for_, against, president_vote, options)


def _count(name: str, n: Any) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ComplianceError(f"{name} : attendu : un nombre entier ≥ 0 ; trouvé : {n!r}")


def _vote_bureau(corpus: Corpus, body: str, in_office: int | None, present: int, for_: int, against: int,
                 president_vote: str | None, options: dict[str, Any] | None) -> CheckResult:
    quorum_id, majority_id, casting_id = BODIES[body]
    if in_office is None:
        raise ComplianceError(f"{body} : in_office (nombre de membres en exercice) manquant ; il faut le donner "
                              "pour contrôler le quorum")
    if president_vote == "for" and for_ < 1 or president_vote == "against" and against < 1:
        raise ComplianceError(f"president_vote vaut '{president_vote}', mais aucune voix de ce sens n'est comptée dans for/against")
    (q,) = norm_values(corpus, quorum_id)
    (m,) = norm_values(corpus, majority_id)
    quorum = exact(q) * in_office
    cast = for_ + against
    breaches: list[Breach] = []
    notes: list[str] = []
    details: dict[str, Any] = {"body": body, "in_office": in_office, "present": present, "for": for_,
                               "against": against, "cast": cast, "president_vote": president_vote,
                               "quorum": f"plus de {_num(quorum)} présents"}
    # « dépasse la moitié »: strictly more than half (8 of 16 is not enough, 9 is).
    if not present > quorum:
        breaches.append(Breach(quorum_id, f"quorum non atteint : {present} présents sur {in_office} membres en "
                                          f"exercice, il en faut plus de {_num(quorum)}",
                               basis_of(corpus, quorum_id),
                               {"present": present, "in_office": in_office, "required_more_than": _num(quorum)}))
        details["outcome"] = "invalid"
    elif for_ > exact(m) * cast:
        details["outcome"] = "adopted"
    elif for_ == against and cast > 0:
        if president_vote in ("for", "against"):
            details["outcome"] = "adopted" if president_vote == "for" else "rejected"
            details["casting_vote"] = president_vote
            notes.append(f"partage des voix ({for_} contre {against}) : la voix du président est prépondérante")
        elif president_vote == "abstain":
            details["outcome"] = "rejected"
            notes.append("partage des voix, le président n'a pas pris part au vote : pas de voix prépondérante, "
                         "pas de majorité absolue")
        else:
            details["outcome"] = "undetermined"
            notes.append("partage des voix : le vote du président (president_vote) décide ; il n'est pas donné")
    else:
        details["outcome"] = "rejected"
        if cast == 0:
            notes.append("aucun suffrage exprimé : pas de majorité absolue")
    details["notes"] = notes
    return CheckResult(ok=not breaches, breaches=tuple(breaches), readings={}, details=details, kind="vote",
                       bases=tuple(basis_of(corpus, n) for n in (quorum_id, majority_id, casting_id)))


def _vote_repartition(corpus: Corpus, present: int, voters: int, for_: int, against: int,
                      options: dict[str, Any] | None) -> CheckResult:
    two_thirds_of, default = choose(options, "two_thirds_of", TWO_THIRDS_READINGS)
    (m,) = norm_values(corpus, "repartition_vote_ag_cma_france")
    num, den = norm_values(corpus, "repartition_reputee_approuvee")
    cast = for_ + against
    base = present if two_thirds_of == "present" else voters
    blocking = Fraction(int(num), int(den)) * base
    details: dict[str, Any] = {"body": "ag_cma_france_repartition", "present": present, "voting_present": voters,
                               "for": for_, "against": against, "cast": cast,
                               "opposition_needed": f"au moins {_num(blocking)} ({num}/{den} de {base})"}
    notes = ["le quorum de l'assemblée générale de CMA France n'est pas vérifié : il n'est pas dans le texte du "
             "décret n° 2021-168"]
    if for_ > exact(m) * cast:
        details["outcome"] = "adopted"
    elif against >= blocking and against > 0:
        # « une majorité des deux tiers … fait opposition »: two thirds reached, as a qualified majority is.
        details["outcome"] = "rejected"
        notes.append(f"majorité absolue non atteinte ; {against} opposants ≥ {num}/{den} des membres présents")
    else:
        details["outcome"] = "deemed_approved"
        notes.append(f"majorité absolue non atteinte ; {against} opposants < {num}/{den} des membres présents : "
                     "réputée approuvée")
    details["notes"] = notes
    return CheckResult(ok=True, breaches=(), readings={"two_thirds_of": reading_label(two_thirds_of, default)},
                       details=details, kind="vote",
                       bases=(basis_of(corpus, "repartition_vote_ag_cma_france"),
                              basis_of(corpus, "repartition_reputee_approuvee")))


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


# ------------------------------------------------------------------ shares of the taxes

def parse_share(value: Any) -> Fraction:
    """A share as a Fraction: 0.6, "0.6", "60 %", "3/5".

    >>> parse_share("60 %"), parse_share("3/4"), parse_share(0.5)
    (Fraction(3, 5), Fraction(3, 4), Fraction(1, 2))
    """
    if isinstance(value, bool):
        raise ComplianceError(f"part {value!r} : attendu : un nombre, par ex. 0.5")
    if isinstance(value, (int, float, Fraction)):
        share = exact(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            share = Fraction(text[:-1].strip()) / 100 if text.endswith("%") else Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ComplianceError(f"part '{value}' illisible ; attendu : un nombre, un pourcentage ou une fraction, "
                                  "par ex. 0.5, \"50 %\", \"1/2\"") from None
    else:
        raise ComplianceError(f"part {value!r} : attendu : un nombre, par ex. 0.5")
    if not (0 <= share <= 1):
        raise ComplianceError(f"part {value} : attendu : une part entre 0 et 1, par ex. 0.5")
    return share


def check_tax_shares(corpus: Corpus, operating_share: Any, express_authorisation: bool,
                     options: dict[str, Any] | None = None) -> CheckResult:
    """The share of the taxes distributed on operating needs (critère du 1°): at most one half, at
    most three quarters with the minister's express authorisation."""
    share = parse_share(operating_share)
    from ..recodified import today_norm  # after 1 July 2023: the rule of R. 312-2, which continues it

    nid = today_norm(corpus, "repartition_part_fonctionnement", (options or {}).get("on"))
    half, three_quarters = (exact(v) for v in norm_values(corpus, nid))
    limit = three_quarters if express_authorisation else half
    basis = basis_of(corpus, nid)
    breaches: list[Breach] = []
    if share > limit:
        extra = ""
        if not express_authorisation and share <= three_quarters:
            extra = f" (jusqu'à {_pct(three_quarters)} avec l'autorisation expresse du ministre)"
        breaches.append(Breach(nid,
                               f"part de fonctionnement {_pct(share)} : au plus {_pct(limit)}{extra}", basis,
                               {"share": str(share), "share_percent": float(share * 100), "max": str(limit),
                                "express_authorisation": express_authorisation}))
    notes = []
    if express_authorisation:
        notes.append("l'autorisation expresse est donnée par le ministre chargé de l'artisanat sur demande "
                     "motivée du président de CMA France (approbation part_fonctionnement_trois_quarts)")
    return CheckResult(ok=not breaches, breaches=tuple(breaches), readings={},
                       details={"operating_share": str(share), "operating_share_percent": float(share * 100),
                                "max": str(limit), "express_authorisation": express_authorisation, "notes": notes},
                       kind="shares", bases=(basis,))


def _pct(x: Fraction) -> str:
    return f"{float(x * 100):g} %"
