"""Deterministic matching of what users type against the labels declared in rules/ (no model, no network).

Accents, case, plurals, elisions and declared synonyms do not matter. Scores are in [0, 1].

    >>> tokens("Qui approuve les budgets d'une CMAR ?")
    ['approuve', 'budget', 'cmar']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .resolve import fold

STOPWORDS = set("""
a au aux avec ce ces cet cette d de des du en et il ils elle elles est l la le les leur leurs lui ma mes mon
ne ni nos notre on ou par pas pour qu que quel quelle quelles quels qui quoi sa se ses son sont sur ta te tes
ton un une vos votre y doit doivent faut peut peuvent etre quand comment combien quelle dans
""".split())

# Phrases folded to one token before matching, so that multi-word names count as one idea.
PHRASES = [
    (r"chambres? de metiers et de l artisanat de region", "cmar"),
    (r"chambres? regionales? de metiers et de l artisanat", "cmar"),
    (r"chambres? de region", "cmar"),
    (r"chambres? regionales?", "cmar"),
    (r"chambres? de niveau departemental", "cma_departementale"),
    (r"chambres? (?:de metiers et de l artisanat )?(?:departementales?|interdepartementales?)", "cma_departementale"),
    (r"cma france", "cma_france"),
    (r"etablissement national", "cma_france"),
    (r"prefet de (?:la )?region", "prefet"),
    (r"ministre (?:charge|en charge) de l artisanat", "ministre"),
    (r"ministre de tutelle", "ministre"),
    (r"autorite de tutelle", "tutelle"),
    (r"assemblee generale", "ag"),
    (r"conference des presidents", "conference_presidents"),
    (r"reglement interieur", "reglement_interieur"),
    (r"grille des emplois", "grille_emplois"),
    (r"compte de gestion|comptes de gestion", "compte_gestion"),
    (r"taxe pour frais de chambres?", "taxe"),
    (r"reelire|reelection|reelu|renouveler", "renouvellement"),
    (r"proces verbal|pv", "proces_verbal"),
]


BODIES = {"cmar", "cma_france", "cma_departementale"}


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Content words of a phrase: folded, phrases joined, elisions and stopwords dropped, singular."""
    t = " " + fold(text) + " "
    for pattern, repl in PHRASES:
        t = re.sub(rf"\b{pattern}\b", repl, t)
    words = [w for w in t.split() if w not in STOPWORDS and len(w) > 1 or w in ("ag",)]
    return [_singular(w) for w in words]


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    label: str


def score(query_tokens: list[str], label: str) -> float:
    """How well a label is covered by the query, and the query by the label (harmonic blend)."""
    lt = set(tokens(label))
    qt = set(query_tokens)
    if not lt or not qt:
        return 0.0
    common = lt & qt
    if not common:
        # A prefix match still counts a little ("approbation" vs "approuve"): first 6 letters.
        common = {w for w in lt if any(w[:6] == q[:6] for q in qt if len(q) >= 6)}
        weight = 0.5
    else:
        weight = 1.0
    recall = len(common) / len(lt)
    precision = len(common) / len(qt)
    if recall == 0:
        return 0.0
    return weight * (2 * recall * precision / (recall + precision)) * 0.5 + weight * recall * 0.5


def best_matches(query: str, candidates: dict[str, list[str]], limit: int = 5,
                 ignore: set[str] | frozenset[str] = frozenset()) -> list[Match]:
    """The best-scoring candidate ids for a query; candidates maps id → labels."""
    qt = [t for t in tokens(query) if t not in ignore]
    out = []
    for cid, labels in candidates.items():
        best = max(((score(qt, lab), lab) for lab in labels if lab), default=(0.0, ""))
        if best[0] <= 0:
            continue
        # The record's labels together: a question whose every word some label names is a better match
        # than one that a single short label happens to cover.
        vocabulary = {t for lab in labels for t in tokens(lab)}
        coverage = len(set(qt) & vocabulary) / len(set(qt)) if qt else 0.0
        value = 0.7 * best[0] + 0.3 * coverage
        # A rule of CMA France does not answer a question on a CMAR, nor the reverse.
        asked, named = set(qt) & BODIES, vocabulary & BODIES
        if asked and named and not asked & named:
            value *= 0.6
        out.append(Match(cid, round(value, 3), best[1]))
    return sorted(out, key=lambda m: (-m.score, m.id))[:limit]
