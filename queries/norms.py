"""Shared machinery for questions on normative records (approvals, deadlines, norms):
find the records a phrase names, keep those in force at the date (asked of the Datalog engine),
and turn each into an Answer with its basis.
"""

from __future__ import annotations

from datetime import date

from engine import ast
from engine.kb import KnowledgeBase
from engine.corpus import plain_value

from .answers import Answer, Basis, Response, make_basis
from . import recodified
from .gated_patterns import Gated
from .matching import (DELIBERATIVE, ORGANS, Match, best_matches, foreign_subject, missing_words, names_network,
                       record_index, salient, subject_words, tokens, unnamed_words)
from .resolve import fold
from .routing_cues import FREQUENCY, NORM_TOPICS, PERIODIC_RULES

MIN_SCORE = 0.34
"""Below this a match is a guess: shown as a candidate, not answered."""


NOT_COVERED = "question non couverte par le décret"

COVER_MARGIN = 0.15
"""A record that covers the question's subject is preferred to a better-scoring one that does not, when
its score is within this margin of the best."""


def record_labels(kb: KnowledgeBase, kind: str, main_field: str) -> dict[str, list[str]]:
    return {c.id: [lab for lab, _ in c.labels] for c in record_index(kb, kind, main_field)}


def _candidates_text(matches: list[Match]) -> str:
    """The five closest records, each once by the label it matched (a rule of the décret and the rule of the
    2023 code that continues it often share their labels: the JSON keeps both ids)."""
    shown: dict[str, Match] = {}
    for m in matches:
        if len(shown) == 5:
            break
        shown.setdefault(m.label, m)
    return "; ".join(f"{m.id} (« {m.label} », score {m.score:.2f})" for m in shown.values())


def _abstain(resp: Response, reason: str, matches: list[Match], **details) -> list:
    """No answer, said visibly: why, and the closest candidates with their scores."""
    resp.notes.append(f"{NOT_COVERED} : {reason}" + (f"; candidats les plus proches : {_candidates_text(matches)}"
                                                     if matches else ""))
    resp.query["coverage"] = {"status": "not_covered", "reason": reason, **details}
    resp.query["candidates"] = [m.__dict__ for m in matches[:5]]
    return []


# The organs a question names that a record naming other organs must name too: for a norm, any (a quorum is
# an organ's); for a délai, the authority that acts (the ministre's délai is not the AG's), not the organ whose
# deliberation it is (the AG deliberates, the ministre approves within the délai).
ORGANS_MATTER = {"norm": ORGANS, "deadline": ORGANS - DELIBERATIVE}


_NORM_TOPICS = {topic: Gated(pattern) for topic, pattern in NORM_TOPICS.items()}
_FREQUENCY = Gated(FREQUENCY)


def covering_matches(kb: KnowledgeBase, kind: str, main_field: str, phrase: str, matches: list[Match],
                     ignore: frozenset[str]) -> tuple[list[Match], dict[str, list[str]]]:
    """The matches whose record covers every subject word of the phrase, and what each other one misses."""
    by_id = {c.id: c for c in record_index(kb, kind, main_field)}
    words = salient(phrase, ignore)
    verbs = subject_words(phrase, kind)  # « préside », « le montant de »: what a reading of nouns misses
    missing = {m.id: missing_words(words, by_id[m.id], organs_matter=ORGANS_MATTER.get(kind, frozenset()))
               + unnamed_words(verbs, by_id[m.id], verbs and _organ_approves(kb, kind, m.id)) for m in matches}
    if kind == "norm":
        asked = {t for t, pattern in _NORM_TOPICS.items() if pattern.search(fold(phrase))}
        for m in matches:
            topic = kb.corpus.value(kb.corpus.records[(kind, m.id)], "topic")
            # a procedure or an incompatibility does not answer a question on a quorum, a majority, a composition
            if asked and topic in (*NORM_TOPICS, "procedure", "incompatibility") and topic not in asked:
                missing[m.id] = missing[m.id] + [f"sujet {'/'.join(sorted(asked))}"]
    if _FREQUENCY.search(fold(phrase)):
        for m in matches:
            if kb.corpus.value(kb.corpus.records[(kind, m.id)], "rule") not in PERIODIC_RULES:
                missing[m.id] = missing[m.id] + ["fréquence"]
    return [m for m in matches if not missing[m.id]], missing


def _organ_approves(kb: KnowledgeBase, kind: str, rec_id: str) -> bool:
    """Whether a record is an approval an assemblée générale gives (it votes, adopts what it approves); a
    commission's avis on a budget is not its vote."""
    if kind != "approval":
        return False
    rec = kb.corpus.records[(kind, rec_id)]
    return kb.corpus.value(rec, "mode") in VOTING_MODES and "ag" in tokens(actor_name(kb, kb.corpus.value(rec, "approver")) or "")


VOTING_MODES = frozenset({"express", "decision"})


def record_bases(kb: KnowledgeBase, rec: ast.Record) -> tuple[Basis, ...]:
    corpus = kb.corpus
    valid = plain_value(rec.get("valid").values[0]) if rec.get("valid") else None
    return tuple(make_basis(corpus, text_id, cit, provision, valid, unchanged=unchanged)
                 for text_id, cit, provision, unchanged in _basis_plan_of(kb, rec))


def _basis_plan_of(kb: KnowledgeBase, rec: ast.Record) -> tuple[tuple[str, str, str | None, bool], ...]:
    """A record's basis plan, once per knowledge base: from the built file when it holds the plans of the
    record's kind (queries/matching_stage.py), else computed (which decodes every provision)."""
    plans = kb.memo("basis_plans", dict)
    key = (rec.kind, rec.id)
    if key not in plans:
        if rec.kind not in plans:
            from .matching_stage import stored

            plans[rec.kind] = stored(kb, "bases", rec.kind) or {}
        steps = plans[rec.kind].get(rec.id)
        plans[key] = tuple(tuple(s) for s in steps) if steps is not None else basis_plan(kb.corpus, rec)
    return plans[key]


def basis_plan(corpus, rec: ast.Record) -> tuple[tuple[str, str, str | None, bool], ...]:
    """(text, citation, provision that wrote it, unchanged) for each basis of a record: a basis none of the
    record's `by` provisions touches keeps the base text's words (unchanged, no provision)."""
    refs = corpus.value(rec, "basis") or []
    by = corpus.value(rec, "by") or []
    out = []
    for text_id, cit in refs:
        if by and not _written_by(corpus, by, text_id, cit):
            # The words are the base text's, which the décret leaves in force (art. 28, II of the code).
            out.append((text_id, cit, None, True))
        else:
            out.append((text_id, cit, _provision_for(corpus, by, text_id, cit), False))
    return tuple(out)


def _written_by(corpus, by: list[str], text_id: str, citation: str) -> bool:
    """Whether one of the provisions `by` touches the article of this basis."""
    from engine.citation import parse_citation

    article = parse_citation(citation).article
    amending = corpus.amending_text().id
    for label in by:
        prov = corpus.provisions.get((amending, label))
        for op in prov.operations if prov else ():
            if any(t.text_id == text_id and article in t.articles for t in corpus.targets.get(id(op), ())):
                return True
    return False


def _provision_for(corpus, by: list[str], text_id: str, citation: str) -> str | None:
    """Of the provisions a record names, the one whose operations wrote this basis: the one targeting the
    same unit, else the same article; the first otherwise (a record citing one provision)."""
    from engine.citation import parse_citation

    if len(by) <= 1:
        return by[0] if by else None
    wanted = parse_citation(citation)
    best, best_rank = by[0], 0
    amending = corpus.amending_text().id
    for label in by:
        prov = corpus.provisions.get((amending, label))
        for op in prov.operations if prov else ():
            for t in corpus.targets.get(id(op), ()):
                if t.text_id != text_id or t.citation is None:
                    continue
                rank = 2 if citation.startswith(t.citation.canonical) or t.citation.canonical.startswith(citation) \
                    else 1 if wanted.article in t.articles else 0
                if rank > best_rank:
                    best, best_rank = label, rank
    return best


def actor_name(kb: KnowledgeBase, actor_id: str | None) -> str | None:
    if actor_id is None:
        return None
    rec = kb.corpus.records.get(("actor", actor_id))
    return kb.corpus.value(rec, "name") if rec else actor_id


def in_force_ids(kb: KnowledgeBase, kind: str, on: date) -> set[str]:
    """Ids of the records of a kind that hold at `on`, as the engine answers it."""
    return {row[0] for row in kb.ask(kind, None, on=on)} if kind in kb.registry.predicates else set()


class _Holding:
    """Whether a record of a kind holds at `on`, asked of the engine for the ids a question names rather
    than for every record of the kind (the same answers as `in_force_ids`, one lookup per id)."""

    def __init__(self, kb: KnowledgeBase, kind: str, on: date):
        self._kb, self._kind, self._on = kb, kind, on
        self._known: dict[str, bool] = {}
        self._asked = kind in kb.registry.predicates

    def __contains__(self, rec_id: str) -> bool:
        if rec_id not in self._known:
            self._known[rec_id] = self._asked and bool(self._kb.ask(self._kind, rec_id, on=self._on))
        return self._known[rec_id]


def select(kb: KnowledgeBase, kind: str, main_field: str, phrase: str, on: date, resp: Response,
           ignore: frozenset[str] = frozenset()) -> list[tuple[ast.Record, Match]]:
    """Records of `kind` the phrase names and that hold at `on`; notes explain what is left out."""
    matches = best_matches(phrase, record_index(kb, kind, main_field), limit=12, ignore=ignore)
    network = names_network(phrase)
    foreign = foreign_subject(phrase, network)
    if foreign:
        return _abstain(resp, f"elle relève d'une autre législation que celle du réseau ({foreign})" if network else
                        f"elle porte sur un sujet hors du réseau des chambres de métiers et de l'artisanat ({foreign})",
                        matches, foreign=foreign)
    if not matches:
        return _abstain(resp, f"aucune règle de type {kind} ne correspond à « {phrase} »", [])
    if matches[0].score < MIN_SCORE:
        return _abstain(resp, f"aucune règle ne correspond assez (meilleur score {matches[0].score:.2f}, "
                              f"seuil {MIN_SCORE:.2f})", matches)
    covering, missing = covering_matches(kb, kind, main_field, phrase, matches, ignore)
    # A record that names every noun of the question but not the verb or measure that carries it (« qui
    # convoque le bureau » and the bureau's composition) scores high on nouns alone: it is no rival to a
    # record that names the verb too, so the margin is taken from the others.
    verbs = {w for w, _ in subject_words(phrase, kind)}
    rivals = [m for m in matches if not missing[m.id] or not set(missing[m.id]) <= verbs]
    top = (rivals or matches)[0].score
    if not covering or covering[0].score < max(MIN_SCORE, top - COVER_MARGIN):
        words = ", ".join(f"« {w} »" for w in missing[matches[0].id])
        return _abstain(resp, f"la règle la plus proche ({matches[0].id}) ne traite pas de {words}", matches,
                        missing=missing[matches[0].id])
    top = covering[0].score
    chosen = [m for m in covering if m.score >= max(MIN_SCORE, top - 0.12)]
    resp.query["matched"] = [m.__dict__ for m in chosen]
    note_at = len(resp.notes)
    holding = _Holding(kb, kind, on)
    out = []
    for m in chosen:
        rec = kb.corpus.records[(kind, m.id)]
        if recodified.follow(kb, kind, rec, m, on, resp, out, holding):  # today's law (queries/recodified.py)
            continue
        if m.id in holding:
            out.append((rec, m))
            for text_id, _cit in kb.corpus.value(rec, "basis") or []:
                until = kb.corpus.texts[text_id].known_until
                if until and on >= until:
                    resp.notes.append(f"{m.id}: nos sources ne couvrent pas {text_id} après le "
                                      f"{until.isoformat()}; cette règle est donnée telle qu'encodée, "
                                      "son maintien en vigueur n'est pas vérifié")
        else:
            # (a rule past what our sources follow, décret n° 99-433 after 30 June 2023, is answered by
            # recodified.follow as the last rule we know, status « unknown »)
            start, end = plain_value(rec.get("valid").values[0])
            when = (f"ne s'applique qu'à compter du {start.isoformat()}" if on < start
                    else f"a cessé de s'appliquer le {end.isoformat()}")
            resp.notes.append(f"{m.id} ({kb.corpus.value(rec, main_field)}) {when} "
                              f"(question posée au {on.isoformat()})")
    # The rules answered, each once: a rule of the new code that continues a chosen rule of the décret
    # stands for it (the note of the continuation says which it continues), else the rules chosen.
    retained = [(rec.id, m) for rec, m in out] or [(m.id, m) for m in chosen]
    retained = list({rid: (rid, m) for rid, m in retained}.values())
    resp.notes.insert(note_at, "règle retenue : " + "; ".join(f"{rid} — « {m.label} » (score {m.score:.2f})"
                                                              for rid, m in retained))
    return out


def common_fields(kb: KnowledgeBase, rec: ast.Record, match: Match) -> dict:
    start, end = plain_value(rec.get("valid").values[0])
    return {"id": rec.id, "valid_from": start, "valid_to": end, "quote": kb.corpus.value(rec, "quote"),
            "note": kb.corpus.value(rec, "note"), "matched_label": match.label, "score": match.score}


def answer(kind: str, fields: dict, bases: tuple[Basis, ...], summary: str) -> Answer:
    return Answer(kind, fields, bases, summary)
