"""Check an election list against article 1er, I of décret n° 99-433 (as replaced by art. 11, 3°
of décret n° 2021-168).

A regional list has one section per département of the region (I, al. 1). Each section must:

* have at least 35 candidates (al. 2, norm `liste_section_trente_cinq_candidats`);
* have, among its first 18 candidates, at least 4 of each category of activities of the annex
  of the décret of 2 April 1998 (al. 3, `liste_quatre_par_categorie`);
* have a candidate of the section métiers d'art among its first 7 (al. 4, `liste_metiers_d_art`);
* have at least 2 candidates of each sex in each group of 5 (al. 5, `liste_parite`).

The numbers are read from the norm records, not written here, so a change of the rules is a
change of rules/norms/bodies.cma only. The categories are not in our sources (they are in the
annex of another décret), so the caller gives their ids; a candidate of another category is a
data error, not a breach.

One option chooses a reading: `last_group` (how to treat a last group of fewer than five
candidates); see docs/compliance.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.corpus import Corpus

from .model import Breach, CheckResult, ComplianceError, basis_of, choose, norm_values, reading_label

SEXES = ("F", "M")
LAST_GROUP_READINGS = ("ignore", "proportional", "strict")

NORMS = ("scrutin_liste_regional", "liste_section_trente_cinq_candidats", "liste_quatre_par_categorie",
         "liste_metiers_d_art", "liste_parite")


@dataclass(frozen=True)
class Candidate:
    """A candidate as printed on a section, in list order. `category` is a category id of the
    caller's `categories`; `metiers_d_art` says the candidate is registered in the section
    métiers d'art of the répertoire des métiers."""

    name: str
    sex: str  # 'F' or 'M'
    category: str
    metiers_d_art: bool = False
    birth_date: date | None = None


@dataclass(frozen=True)
class Section:
    """A departmental section of a regional list: its département and its candidates in order."""

    departement: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class ListInput:
    """A whole regional list as read from a file (see io.read_list)."""

    list_id: str
    categories: tuple[str, ...]
    sections: tuple[Section, ...]
    departements: tuple[str, ...] | None = None  # the region's départements, when given


def check_list(corpus: Corpus, sections: list[Section], categories: list[str] | tuple[str, ...],
               options: dict[str, Any] | None = None, *, list_id: str | None = None,
               departements: list[str] | tuple[str, ...] | None = None) -> CheckResult:
    """Check every section of a list; every breach gives the section and the positions (1-based).

    `departements`, when given, are the départements of the region: each must have exactly one
    section (I, al. 1). `options`: `last_group` ("ignore" | "proportional" | "strict"),
    `on` (a date: adds a note if a rule is not in force at that date).
    """
    last_group, default = choose(options, "last_group", LAST_GROUP_READINGS)
    categories = tuple(categories)
    if not categories:
        raise ComplianceError("aucune catégorie donnée : il faut les identifiants des catégories d'activités de "
                              "l'annexe du décret du 2 avril 1998 pour contrôler les dix-huit premiers candidats")
    _validate(sections, categories)
    breaches: list[Breach] = []
    per_section: list[dict[str, Any]] = []
    if departements is not None:
        breaches += _check_sections_cover(corpus, sections, tuple(departements))
    for section in sections:
        b, summary = _check_section(corpus, section, categories, last_group)
        breaches += b
        per_section.append(summary)
    (min_per_cat, among) = norm_values(corpus, "liste_quatre_par_categorie")
    notes = []
    if min_per_cat * len(categories) > among:
        notes.append(f"{len(categories)} catégories × {min_per_cat} candidats dépassent les {among} premiers "
                     "candidats : la règle ne peut être satisfaite (catégories mal saisies ?)")
    if list_id:
        breaches = [Breach(b.rule_id, b.message, b.basis, {"list": list_id, **b.data}) for b in breaches]
    return CheckResult(
        ok=not breaches,
        breaches=tuple(breaches),
        readings={"last_group": reading_label(last_group, default)},
        details={"list": list_id, "categories": list(categories), "sections": per_section, "notes": notes},
        kind="list",
        bases=tuple(basis_of(corpus, n) for n in NORMS if n != "scrutin_liste_regional" or departements is not None),
    )


def _validate(sections: list[Section], categories: tuple[str, ...]) -> None:
    # Bad data is not a breach: a wrong sex code or an unknown category would make every count
    # below meaningless, so it stops the check with the place of the fault.
    for section in sections:
        for pos, cand in enumerate(section.candidates, start=1):
            where = f"section {section.departement}, position {pos} ({cand.name})"
            if cand.sex not in SEXES:
                raise ComplianceError(f"{where} : sexe '{cand.sex}' inconnu ; attendu : F ou M")
            if cand.category not in categories:
                raise ComplianceError(f"{where} : catégorie '{cand.category}' inconnue ; attendu : une des "
                                      f"catégories données, {', '.join(categories)}")


def _check_sections_cover(corpus: Corpus, sections: list[Section], departements: tuple[str, ...]) -> list[Breach]:
    basis = basis_of(corpus, "scrutin_liste_regional")
    seen = [s.departement for s in sections]
    out = []
    missing = [d for d in departements if d not in seen]
    extra = [d for d in seen if d not in departements]
    doubled = sorted({d for d in seen if seen.count(d) > 1})
    if missing or extra or doubled:
        parts = []
        if missing:
            parts.append("sans section : " + ", ".join(missing))
        if extra:
            parts.append("sections hors de la région : " + ", ".join(extra))
        if doubled:
            parts.append("sections en double : " + ", ".join(doubled))
        out.append(Breach("scrutin_liste_regional",
                          "la liste doit comporter une section par département de la région ("
                          + "; ".join(parts) + ")",
                          basis, {"missing": missing, "extra": extra, "doubled": doubled,
                                  "departements": list(departements)}))
    return out


def _check_section(corpus: Corpus, section: Section, categories: tuple[str, ...],
                   last_group: str) -> tuple[list[Breach], dict[str, Any]]:
    dep = section.departement
    cands = section.candidates
    breaches: list[Breach] = []

    # al. 2 — at least 35 candidates: the section is otherwise incomplete.
    (minimum,) = norm_values(corpus, "liste_section_trente_cinq_candidats")
    if len(cands) < minimum:
        breaches.append(Breach("liste_section_trente_cinq_candidats",
                               f"section {dep} : {len(cands)} candidats, il en faut au moins {minimum}",
                               basis_of(corpus, "liste_section_trente_cinq_candidats"),
                               {"departement": dep, "count": len(cands), "required": minimum,
                                "missing": minimum - len(cands)}))

    # al. 3 — at least 4 of each category among the first 18.
    per_cat, among = norm_values(corpus, "liste_quatre_par_categorie")
    head = cands[:among]
    cat_positions = {c: [i for i, x in enumerate(head, start=1) if x.category == c] for c in categories}
    for cat, positions in cat_positions.items():
        if len(positions) < per_cat:
            breaches.append(Breach("liste_quatre_par_categorie",
                                   f"section {dep} : {len(positions)} candidat(s) de la catégorie {cat} parmi les "
                                   f"{among} premiers, il en faut au moins {per_cat}",
                                   basis_of(corpus, "liste_quatre_par_categorie"),
                                   {"departement": dep, "category": cat, "count": len(positions),
                                    "required": per_cat, "among_first": among, "positions": positions}))

    # al. 4 — a métiers d'art candidate among the first 7.
    need_art, among_art = norm_values(corpus, "liste_metiers_d_art")
    art_positions = [i for i, x in enumerate(cands, start=1) if x.metiers_d_art]
    in_head = [p for p in art_positions if p <= among_art]
    if len(in_head) < need_art:
        breaches.append(Breach("liste_metiers_d_art",
                               f"section {dep} : aucun candidat des métiers d'art parmi les {among_art} premiers"
                               + (f" (le premier est en position {art_positions[0]})" if art_positions else ""),
                               basis_of(corpus, "liste_metiers_d_art"),
                               {"departement": dep, "count": len(in_head), "required": need_art,
                                "among_first": among_art, "positions": list(range(1, min(among_art, len(cands)) + 1)),
                                "first_metiers_d_art_position": art_positions[0] if art_positions else None}))

    # al. 5 — 2 of each sex in each group of 5 (groups 1–5, 6–10 …).
    per_sex, size = norm_values(corpus, "liste_parite")
    groups = []
    for start in range(0, len(cands), size):
        group = cands[start:start + size]
        k = len(group)
        if k < size:
            if last_group == "ignore":
                groups.append({"positions": [start + 1, start + k], "checked": False})
                continue
            # proportional: the share 2/5 of a group of k, rounded down (k = 4 or 3 → 1, k ≤ 2 → 0);
            # strict: the full requirement, as if the group were complete.
            required = (per_sex * k) // size if last_group == "proportional" else per_sex
        else:
            required = per_sex
        counts = {s: sum(1 for x in group if x.sex == s) for s in SEXES}
        groups.append({"positions": [start + 1, start + k], "checked": True, **counts, "required": required})
        short = [s for s in SEXES if counts[s] < required]
        if short:
            breaches.append(Breach("liste_parite",
                                   f"section {dep} : groupe des positions {start + 1}–{start + k} : "
                                   f"{counts['F']} F et {counts['M']} M, il faut au moins {required} de chaque sexe",
                                   basis_of(corpus, "liste_parite"),
                                   {"departement": dep, "group": start // size + 1,
                                    "positions": list(range(start + 1, start + k + 1)),
                                    "F": counts["F"], "M": counts["M"], "required": required,
                                    "short_of": short, "incomplete_group": k < size}))

    summary = {"departement": dep, "candidates": len(cands), "among_first": among,
               "categories_in_first": {c: len(p) for c, p in cat_positions.items()},
               "first_metiers_d_art_position": art_positions[0] if art_positions else None,
               "groups": groups}
    return breaches, summary


def render_lines(details: dict[str, Any]) -> list[str]:
    """Text lines of a list check's details (one line per section)."""
    out = []
    for s in details.get("sections", []):
        cats = ", ".join(f"{c} {n}" for c, n in s["categories_in_first"].items())
        art = s["first_metiers_d_art_position"]
        out.append(f"section {s['departement']} : {s['candidates']} candidats ; "
                   f"parmi les {s['among_first']} premiers : {cats} ; "
                   f"métiers d'art en position {art if art else '—'}")
    return out
