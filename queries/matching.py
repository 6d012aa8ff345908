"""Deterministic matching of what users type against the labels declared in rules/ (no model, no network).

Accents, case, plurals, elisions and declared synonyms do not matter. Scores are in [0, 1].

    >>> tokens("Qui approuve les budgets d'une CMAR ?")
    ['approuve', 'budget', 'cmar']

A match is not yet an answer: `uncovered` says which words of the question that carry its subject (the
act, the body, the obligation) the record does not speak of; `foreign_subject` finds bodies, codes and
procedures outside the décret (a chambre d'agriculture, the code du travail). Both feed the decision to
abstain (queries/norms.py).

The labels of a knowledge base are tokenized once per knowledge base (`record_index`), not on every
question: re-tokenizing every label on each call was 84 % of the time of `ask` (issue #9's profile); a
built base holds them already tokenized (queries/matching_stage.py), and a pool of candidates keeps which
labels hold each token (`CandidatePool`), so a question is scored against the labels it shares words with.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache

from .gated_patterns import Gated
from .resolve import fold

STOPWORDS = set("""
a au aux avec ce ces cet cette d de des du en et il ils elle elles est l la le les leur leurs lui ma mes mon
ne ni nos notre on ou par pas pour qu que quel quelle quelles quels qui quoi sa se ses son sont sur ta te tes
ton un une vos votre y doit doivent faut peut peuvent etre quand comment combien quelle dans
compter
""".split())  # « compter »: the « à compter de » of a délai, which is not « les comptes »

# Phrases folded to one token before matching, so that multi-word names count as one idea.
PHRASES = [
    (r"chambres? de metiers et de l artisanat de region", "cmar"),
    (r"chambres? regionales? de metiers et de l artisanat", "cmar"),
    (r"chambres? regionales? des comptes", "crc"),  # a juridiction financière, not a chamber of the network
    (r"chambres? de region", "cmar"),
    (r"chambres? regionales?", "cmar"),
    (r"chambres? de niveau departemental", "cma_departementale"),
    (r"chambres? de metiers d alsace(?: et de moselle)?|chambres? de metiers de moselle", "cm_alsace_moselle"),
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
    # « les comptes » (accounts), a subject of its own; the verb « compte » (« combien d'élus compte … ») is not
    (r"comptes", "comptes_financiers"),
    (r"taxe pour frais de chambres?", "taxe"),
    (r"reelire|reelection|reelu|renouveler", "renouvellement"),
    (r"proces verbal|pv", "proces_verbal"),
]


BODIES = {"cmar", "cma_france", "cma_departementale", "cm_alsace_moselle"}

# Words that frame a question without naming its subject: asking who, whether, what is needed. They never
# decide whether a record covers the question (the act, the body, the obligation do).
FRAME_WORDS = frozenset("""
approuve approuver approuvee approuvees approuves approbation autorise autoriser autorisation autorisee valide
valider validation accord avis donne donner rend rendre fixe fixer decide decider decision nomme nommer
designe designer arrete arreter besoin soumis soumise soumises necessaire obligatoire faire fait dire
quelqu personne qu quoi quel quelle instance organe autorite competent competente competence droit
peut pouvoir doit devoir faut falloir il elle chose cas ce cela ca c est sont ont avoir etre y oui non
selon regle regles texte prevu prevoit prevue decret vrai vraiment alors aussi encore toujours meme
chambre chambres cma reseau etablissement etablissements public publics question savoir sait veut veulent
obtenir obtient demande demander possible lequel laquelle lesquels lesquelles premier ensuite
agrement nombre taux montant duree proportion pourcentage minimum maximum moins plus combien temps jour mois an annee
sans avant apres sous jusqu dont autre autres fois entre plusieur chaque tout tous toute toutes lors pendant
depuis quant nom ainsi deja
article articles art alinea alineas paragraphe disposition dispositions
""".split())

# Endings of French nouns of acts, states and persons (« licenciement », « nomination », « agriculture »,
# « directeur »): with SUBJECT_NOUNS, the words whose absence from a record means it is about something else.
NOUN_ENDINGS = ("ment", "tion", "sion", "ture", "ite", "eur", "ence", "ance", "isme", "aire", "ule")

# Subjects outside the décret: other chambers, other public bodies, other codes and procedures. A question
# about one of them is not answered by a rule of the network of CMA, however many words it shares.
FOREIGN = [
    (r"chambres? d agriculture|chambre agricole|code rural", "chambre d'agriculture (code rural)"),
    (r"chambres? de commerce(?: et d industrie)?|\bcci\b|\bccir?\b", "chambre de commerce et d'industrie"),
    (r"chambres? des notaires|\bnotaires?\b", "notariat"),
    (r"\bbarreau\b|\bavocats?\b", "profession d'avocat"),
    (r"chambres? regionales? des comptes|\bcrc\b|cour des comptes", "juridictions financières"),
    (r"\bcommunes?\b|\bmunicipa\w*|\bmaire\b|\bintercommuna\w*|\bepci\b", "collectivités territoriales"),
    (r"conseils? (?:regional|departemental|municipal)|\bcgct\b|collectivites? territoriales?",
     "collectivités territoriales"),
    (r"code de la securite sociale|code penal|code de la commande publique|code des marches|code de l urbanisme|"
     r"code de la consommation|code de l environnement", "autre code"),
    (r"\burssaf\b|\bsecurite sociale\b|\bretraite\b|\bchomage\b|\bprud\w*", "protection sociale, contentieux du travail"),
    (r"\bsiret\b|\bkbis\b|registre du commerce|\brcs\b|immatricul\w*|registre national des entreprises",
     "immatriculation des entreprises"),
    (r"\btva\b|impot sur le revenu|\bcfe\b|cotisation fonciere", "fiscalité des entreprises"),
    (r"\bassociations?\b(?! des)|\bsyndicats? professionnels?\b", "associations, syndicats"),
    (r"\bmarches? publics?\b|appel d offres", "commande publique"),
    (r"\buniversit\w*|\bhopita\w*|\blycee", "autres établissements publics"),
]

# Other laws, which a question may bring to a chamber of the network (« la taxe foncière d'un artisan », « le
# RGPD et le fichier d'une chambre de métiers »): naming the network does not make them the décret's subject.
FOREIGN_LAW = [
    (r"taxes? foncieres?|taxe d habitation|taxe d apprentissage|taxe professionnelle|contribution a la formation",
     "autres impositions (code général des impôts, code du travail)"),
    (r"\brgpd\b|\bcnil\b|donnees personnelles|donnees a caractere personnel", "protection des données personnelles"),
]


# Nouns that name acts, people and things of a public body's life that a question may be about, whether
# or not the décret rules on them: with the words of the labels, they make the subject vocabulary.
SUBJECT_NOUNS = frozenset(_w for _w in """
licenciement recrutement embauche revocation sanction disciplinaire discipline mutation promotion
remuneration salaire traitement indemnite prime retraite conge agent agents personnel collaborateur
contractuel titulaire fonctionnaire permanent audit controle inspection enquete subvention don legs
aide pret cession vente acquisition achat immeuble immobilier location bail loyer concession marche
contrat convention adhesion filiale participation societe groupement statut dissolution fusion
creation suppression election candidature mandat demission vacance revocation remplacement
indemnisation responsabilite assurance contentieux plainte recours appel cassation
budget emprunt garantie credit bail tresorerie regie caisse secours taxe redevance quorum seuil prime
parite audit charte habilitation reglement_interieur grille_emplois compte_gestion proces_verbal justice
renouvellement crc reunion seance adjoint president comptes_financier
""".split())

# Organs and authorities: for a norm (a quorum, a majority, a composition is an organ's), a question naming
# one is not answered by a record that names others and not it (the quorum of the bureau does not answer a
# question on the assemblée générale). Approvals and délais name organs on both sides (whose act, who
# approves), so there they do not decide.
ORGANS = frozenset({"ag", "bureau", "conference_president", "commission", "prefet", "ministre", "tresorier"})
# The deliberating organs of a chamber: whatever the kind, a rule of one (the conférence des présidents meets
# once a year) does not answer a question on another (how often the bureau meets).
DELIBERATIVE = frozenset({"ag", "bureau", "conference_president", "commission"})


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


_PHRASES_COMPILED = tuple((Gated(rf"\b{pattern}\b"), repl) for pattern, repl in PHRASES)
"""PHRASES compiled once, and only when a text may hold one (queries/gated_patterns.py): looking the
patterns up in re's cache on each call was half of tokenizing a label; compiling them all, a tenth of
a cold question."""


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # A pure function of its string: caching it shares nothing between knowledge bases.
    t = " " + fold(text) + " "
    for pattern, repl in _PHRASES_COMPILED:
        t = pattern.sub(repl, t)
    words = [w for w in t.split() if w not in STOPWORDS and len(w) > 1 or w in ("ag",)]
    return tuple(_singular(w) for w in words)


def tokens(text: str) -> list[str]:
    """Content words of a phrase: folded, phrases joined, elisions and stopwords dropped, singular."""
    return list(_tokens(text))


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    label: str


@dataclass(frozen=True)
class Candidate:
    """One record's labels, tokenized once. `content` also holds the words of what the record says (its
    quote, its main field): what it covers, as opposed to what it is called."""

    id: str
    labels: tuple[tuple[str, frozenset[str]], ...]
    vocabulary: frozenset[str]
    content: frozenset[str]


def candidate(cid: str, labels: list[str], said: list[str] = ()) -> Candidate:
    labelled = tuple((lab, frozenset(_tokens(lab))) for lab in labels if lab)
    vocabulary = frozenset(t for _, ts in labelled for t in ts)
    return Candidate(cid, labelled, vocabulary, vocabulary | frozenset(t for s in said if s for t in _tokens(s)))


class CandidatePool(tuple):
    """Candidates (a tuple of them, as before) with the lookup tables `best_matches` scores them by, built
    on first use and kept with the pool — so once per knowledge base and kind (`record_index`)."""

    def tables(self) -> "_Tables":
        tables = self.__dict__.get("_tables")
        if tables is None:
            tables = self.__dict__["_tables"] = _Tables(self)
        return tables


class _Tables:
    """Which labels and records hold each token (and each 6-letter prefix): a question's few tokens then
    reach the labels they share instead of every label being intersected with the question."""

    def __init__(self, pool: tuple[Candidate, ...]):
        self.exact: dict[str, list[tuple[int, int]]] = {}
        self.prefix: dict[str, list[tuple[int, int]]] = {}
        self.vocabulary: dict[str, list[int]] = {}
        self.sizes: list[list[int]] = []
        self.bodies: list[frozenset[str]] = []
        for ci, cand in enumerate(pool):
            self.sizes.append([len(ts) for _, ts in cand.labels])
            self.bodies.append(cand.vocabulary & BODIES)
            for t in cand.vocabulary:
                self.vocabulary.setdefault(t, []).append(ci)
            for li, (_, ts) in enumerate(cand.labels):
                for w in ts:
                    self.exact.setdefault(w, []).append((ci, li))
                    if len(w) >= 6:
                        self.prefix.setdefault(w[:6], []).append((ci, li))


def index(candidates: dict[str, list[str]]) -> CandidatePool:
    return CandidatePool(candidate(cid, labels) for cid, labels in candidates.items())


_INDEXES: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()


# Fields whose words say what a record covers, besides its labels; the fields naming actors bring the
# actor's names (« ministre » for ministre_artisanat).
SAID_FIELDS = ("quote", "condition", "from_event", "delay_from", "suspension", "topic")
ACTOR_FIELDS = ("approver", "proposer", "who", "to", "body", "subject")


def _said(corpus, rec) -> list[str]:
    out = []
    for name in SAID_FIELDS:
        value = corpus.value(rec, name)
        out += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    for name in ACTOR_FIELDS:
        value = corpus.value(rec, name)
        for actor in value if isinstance(value, list) else [value] if value else []:
            arec = corpus.records.get(("actor", actor))
            if arec is not None:
                out += [corpus.value(arec, "name") or ""] + list(corpus.value(arec, "labels") or [])
    # The title of the text it rests on: a rule of the décret n° 99-433 is about elections.
    for text_id, _cit in corpus.value(rec, "basis") or []:
        text = corpus.texts.get(text_id)
        if text is not None and text.kind == "decret":
            out.append(text.title)
    return out


def _per_kb(kb) -> dict:
    return _INDEXES.setdefault(kb, {})


def record_index(kb, kind: str, main_field: str) -> CandidatePool:
    """The records of a kind as candidates, built once per knowledge base (weakly keyed: a knowledge base
    that goes away takes its index with it, and two knowledge bases never share one); read from the
    built file when it holds them (queries/matching_stage.py), else computed."""
    per_kb = _per_kb(kb)
    key = (kind, main_field)
    if key not in per_kb:
        from .matching_stage import stored

        rows = stored(kb, "candidates", kind, main_field)
        per_kb[key] = compute_index(kb, kind, main_field) if rows is None else CandidatePool(
            _stored_candidate(*row) for row in rows)
    return per_kb[key]


def compute_index(kb, kind: str, main_field: str) -> CandidatePool:
    """The candidates of a kind, from the records themselves: each label, quote and actor's name tokenized."""
    corpus = kb.corpus
    out = []
    for rec in corpus.records_of(kind):
        main = corpus.value(rec, main_field) or ""
        labels = [main] + list(corpus.value(rec, "labels") or [])
        out.append(candidate(rec.id, labels, [main, *_said(corpus, rec)]))
    return CandidatePool(out)


def _stored_candidate(cid: str, labels: list, said: list) -> Candidate:
    """A candidate as matching_stage stored it: (label, its tokens) pairs, and the words said beyond them."""
    labelled = tuple((label, frozenset(ts)) for label, ts in labels)
    vocabulary = frozenset(t for _, ts in labels for t in ts)
    return Candidate(cid, labelled, vocabulary, vocabulary.union(said))


def _label_score(qt: set[str], lt: frozenset[str]) -> float:
    if not lt or not qt:
        return 0.0
    common = lt & qt
    if not common:
        # A prefix match still counts a little ("approbation" vs "approuve"): first 6 letters.
        common = {w for w in lt if any(w[:6] == q[:6] for q in qt if len(q) >= 6)}
        weight = 0.5
    else:
        weight = 1.0
    return _blend(len(common), len(lt), len(qt), weight)


def _blend(common: int, label_size: int, query_size: int, weight: float) -> float:
    recall = common / label_size
    precision = common / query_size
    if recall == 0:
        return 0.0
    return weight * (2 * recall * precision / (recall + precision)) * 0.5 + weight * recall * 0.5


def score(query_tokens: list[str], label: str) -> float:
    """How well a label is covered by the query, and the query by the label (harmonic blend)."""
    return _label_score(set(query_tokens), frozenset(_tokens(label)))


def best_matches(query: str, candidates: dict[str, list[str]] | tuple[Candidate, ...], limit: int = 5,
                 ignore: set[str] | frozenset[str] = frozenset()) -> list[Match]:
    """The best-scoring candidate ids for a query; candidates maps id → labels, or is a record_index."""
    pool = index(candidates) if isinstance(candidates, dict) else candidates
    if not isinstance(pool, CandidatePool):
        pool = CandidatePool(pool)
    qt = {t for t in _tokens(query) if t not in ignore}
    if not qt:
        return []
    tables = pool.tables()
    # Per label: the question's tokens it holds; a label holding none scores by shared 6-letter prefixes
    # (« approbation » / « approuve ») at half weight; a label sharing neither scores 0 (_label_score).
    common: dict[tuple[int, int], int] = {}
    for q in qt:
        for at in tables.exact.get(q, ()):
            common[at] = common.get(at, 0) + 1
    prefixed: dict[tuple[int, int], int] = {}
    for p in {q[:6] for q in qt if len(q) >= 6}:
        for at in tables.prefix.get(p, ()):
            if at not in common:
                prefixed[at] = prefixed.get(at, 0) + 1
    nq = len(qt)
    best: dict[int, tuple[float, str]] = {}
    for counts, weight in ((common, 1.0), (prefixed, 0.5)):
        for (ci, li), n in counts.items():
            scored = (_blend(n, tables.sizes[ci][li], nq, weight), pool[ci].labels[li][0])
            if scored[0] > 0 and (ci not in best or scored > best[ci]):
                best[ci] = scored  # the best label, the greatest label among equal scores (as max() chose)
    covered: dict[int, int] = {}
    for q in qt:
        for ci in tables.vocabulary.get(q, ()):
            covered[ci] = covered.get(ci, 0) + 1
    asked = qt & BODIES
    out = []
    for ci in sorted(best):
        score_, label = best[ci]
        # The record's labels together: a question whose every word some label names is a better match
        # than one that a single short label happens to cover.
        coverage = covered.get(ci, 0) / nq
        value = 0.7 * score_ + 0.3 * coverage
        # A rule of CMA France does not answer a question on a CMAR, nor the reverse.
        named = tables.bodies[ci]
        if asked and named and not asked & named:
            value *= 0.6
        out.append(Match(pool[ci].id, round(value, 3), label))
    return sorted(out, key=lambda m: (-m.score, m.id))[:limit]


def salient(query: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The words of a question that carry its subject: its content words less the words that frame it."""
    return [t for t in dict.fromkeys(_tokens(query)) if t not in ignore and t not in FRAME_WORDS
            and not t.isdigit()]


def _covered(word: str, content: frozenset[str]) -> bool:
    if word in content:
        return True
    # One family of words: « approbation » / « approuvée », « nomination » / « nomme »: 6 letters in common,
    # or 5 for a short word.
    n = 6 if len(word) >= 7 else 5
    return len(word) >= n and word[:n] in _prefixes(content, n)


@lru_cache(maxsize=4096)
def _prefixes(content: frozenset[str], n: int) -> frozenset[str]:
    """The n-letter beginnings of a record's words (a pure function of the words: nothing shared between
    knowledge bases but equal values); a frozenset keeps its hash, so the lookup is cheap."""
    return frozenset(c[:n] for c in content if len(c) >= n)


def uncovered(query: str, cand: Candidate, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The salient words of the question the record neither names nor says."""
    return _uncovered(salient(query, ignore), cand)


def _uncovered(words: list[str], cand: Candidate) -> list[str]:
    return [w for w in words if not _covered(w, cand.content)]


def _adverb(word: str) -> bool:
    # « automatiquement », « expressément »: an adjective's feminine + -ment; « licenciement »,
    # « renouvellement », « règlement » are nouns. Adverbs are told by the adjective endings before -ment.
    return word.endswith(("quement", "ivement", "airement", "amment", "emment", "ousement", "eusement",
                          "iblement", "ablement", "ierement", "tivement", "ssement", "alement")) \
        and word not in SUBJECT_NOUNS


# Verbs naming a legal act of their own (« contester une élection », « licencier un agent »): their stems
# count as subject words, as their nouns do.
SUBJECT_STEMS = ("contest", "licenci", "recrut", "revoq", "revoc", "sanction", "dissou", "dissol", "annul",
                 "radiation", "payer", "payee", "paye", "consult")


def is_subject_word(word: str) -> bool:
    """A word that names what a question is about (an act, a person, a thing), not how it is asked."""
    if word in SUBJECT_NOUNS or word.startswith(SUBJECT_STEMS):
        return True
    return len(word) >= 6 and word.endswith(NOUN_ENDINGS) and not _adverb(word)


# Verbs and measures that carry a question's subject (« qui préside », « qui convoque », « le montant de »): the
# matcher reads nouns, so « Qui préside la commission des finances ? » met the commission's avis on the budget.
# A record answers such a question only when its own name for what it rules on (its main field and labels; not
# its quote, which tells more than its subject, nor the names of its actors: « président de CMA France »
# proposes the budget, he does not preside the commission) holds a word of the family.
@dataclass(frozen=True)
class SubjectWord:
    forms: tuple[str, ...]  # the question's forms: prefixes; a form of 4 letters or fewer is a whole word
    covering: tuple[str, ...]  # the forms that cover it in a record's name
    kinds: frozenset[str] | None = None  # the kinds of question where it counts (None: every kind)
    verb: bool = True  # a verb counts only as the question's predicate (« qui vote », « vote-t-il »), not as a
    # participle describing its object (« le budget voté par l'assemblée générale »)
    by_organ: bool = False  # an approval an assemblée générale gives covers it (the AG adopts what it approves)
    whole: bool = False  # the covering forms are whole words, not prefixes


SUBJECT_WORDS: tuple[SubjectWord, ...] = (
    # préside, présider; « présidence », « présidée » — not « président »: « les présidents des chambres sont membres
    # de droit de l'assemblée générale » does not say who presides it
    SubjectWord(("presid",), ("preside", "presidence", "presider", "presidee", "presidera", "presidait"), whole=True),
    SubjectWord(("convoqu",), ("convoq", "convoc")),  # « convocation »
    # not « élections » nor « élus »: the commission d'organisation des élections, « 25 membres élus » elect no one
    SubjectWord(("elit", "elire", "elisent"), ("elit", "elir", "elis")),
    SubjectWord(("represent",), ("represent",)),  # représente; « représentant », « représentation »
    SubjectWord(("dirig",), ("dirig", "direction")),  # not « directeur »: naming the DG is not directing
    SubjectWord(("gere", "gerent", "gerer"), ("gere", "gerer", "gestion")),
    SubjectWord(("vote", "voter", "votent"), ("vote", "scrutin", "suffrage"), by_organ=True),
    SubjectWord(("adopte", "adoptent"), ("adopt",), by_organ=True),  # adopte, adopter; « adoption »
    SubjectWord(("signe", "signent"), ("signe", "signat")),  # « signature »
    SubjectWord(("remuner",), ("remuner",)),  # the noun « rémunération » is in SUBJECT_NOUNS
    SubjectWord(("publie", "publient"), ("publie", "publicat", "publicite")),
    # measures: « le montant de la taxe » is neither its répartition nor its approval
    SubjectWord(("montant",), ("montant",), verb=False),
    SubjectWord(("tau",), ("tau",), verb=False),  # « taux » (singular-folded to « tau »)
    SubjectWord(("tarif",), ("tarif",), verb=False),
    SubjectWord(("prix",), ("prix",), verb=False),
    SubjectWord(("cout",), ("cout",), verb=False),
    # In a délai question the approval is the subject (the délai *to approve*); in « qui approuve ? » it is the
    # frame (FRAME_WORDS): these hold for délais only.
    SubjectWord(("approuv",), ("approuv", "approb"), frozenset({"deadline"})),
    SubjectWord(("approbation",), ("approuv", "approb"), frozenset({"deadline"}), verb=False),
    SubjectWord(("autoris",), ("autoris",), frozenset({"deadline"})),
    SubjectWord(("autorisation",), ("autoris",), frozenset({"deadline"}), verb=False),
)

# Where a question puts the verb it asks about (each clause folded, between punctuation marks): after the « qui »
# that opens a clause (« qui peut convoquer » — not the relative « un président qui dirige… »), inverted
# (« approuve-t-il », « transmet-elle »), as an infinitive after a modal or « pour » (« doit-il approuver »,
# « a-t-il pour s'opposer »), as a passive after « être » (« doit être approuvé »).
PREDICATE_POSITIONS = (
    r"^ (?:(?:et|ou|mais|alors|donc|dans ce cas|sinon) )?qui (?:est ce qui )?(?:ne |n )?(?:(?:peut|peuvent|doit|doivent|va|vont|a|ont|faut il) )?"
    r"(?:(?:le|la|les|l|se|s|en|y|lui|leur) )?(\w+)",
    r"\b(\w+) (?:t )?(?:il|elle|ils|elles|on)\b",
    r"\b(?:doit|doivent|peut|peuvent|faut|pour)(?: t)?(?: il| elle| ils| elles| on)?(?: ils?| elles?)?"
    r"(?: (?:se|s|le|la|les|l|y|en|lui|leur))? (\w+(?:er|ir|re))\b",
    r"\b(?:etre|ete|est il|est elle|sont ils|sont elles) (\w+)",
)

# A word said in the negative (« budget non approuvé », « n'est pas adopté ») is not what a text is about: the
# rule for a budget not approved does not give the délai to approve it, and « si le budget n'est pas voté »
# asks about the missing vote, not about who votes.
_NEGATED = Gated(r"\b(?:non|pas|jamais|ni|sans)\s+(?:(?:ete|encore|ete encore)\s+)?\w+")
# In a record's name, a past participle describes its object (« comptes de gestion votés par l'assemblée
# générale » is about the comptes, approved by the ministre; « le budget voté et la délibération » are what is
# transmitted), unless « être » or « avoir » makes it the statement (« elle est présidée par le président de CMA
# France », « ils sont approuvés tacitement », « il est réputé approuvé »). Told by the accent the rules'
# French keeps (« voté », not the present « vote »), for the verbs of SUBJECT_WORDS; « publicité » is a noun.
PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées")
STATEMENT_AUXILIARIES = frozenset("""
est sont être été soit soient sera seront était étaient fut a ont avoir ayant réputé réputée réputés réputées
""".split())
_CLAUSE = Gated(r"[:;?!.,()]")
_PREDICATES = tuple(Gated(p) for p in PREDICATE_POSITIONS)


def _starts(word: str, forms: tuple[str, ...]) -> bool:
    return any(word == f or len(f) > 4 and word.startswith(f) for f in forms)


@lru_cache(maxsize=4096)
def affirmed_tokens(text: str) -> tuple[str, ...]:
    """`tokens` of a text, less the words it says in the negative."""
    return _tokens(_NEGATED.sub(" ", " " + fold(text) + " "))


@lru_cache(maxsize=8192)
def _name_tokens(label: str) -> tuple[str, ...]:
    """What a record's name says it rules on: its affirmed words, less the participles of its object."""
    kept, previous = [], ""
    for word in _WORD.findall(label.lower()):
        if not (word.endswith(PARTICIPLE_ENDINGS) and not word.endswith(("ité", "ités"))
                and previous not in STATEMENT_AUXILIARIES and _participle_of_a_verb(word)):
            kept.append(word)
        previous = word
    return _tokens(_NEGATED.sub(" ", " " + fold(" ".join(kept)) + " "))


def _participle_of_a_verb(word: str) -> bool:
    folded = _singular(fold(word))  # « votées » → « votee »; its masculine « vote »
    return _starts(folded, _VERB_COVERING) or _starts(folded[:-1], _VERB_COVERING)


_WORD = re.compile(r"\w+")
_VERB_COVERING = tuple(dict.fromkeys(f for sw in SUBJECT_WORDS if sw.verb for f in sw.covering))
"""The covering forms of the verbs: only their participles are told apart (« assemblée » is no participle)."""


@lru_cache(maxsize=1024)
def subject_words(query: str, kind: str) -> tuple[tuple[str, SubjectWord], ...]:
    """The question's SUBJECT_WORDS for a kind of record (a verb only where the question asks it)."""
    clauses = [_NEGATED.sub(" ", " " + fold(c) + " ") for c in _CLAUSE.compiled().split(query)]
    predicates = {_singular(m.group(1)) for c in clauses for p in _PREDICATES for m in p.finditer(c)}
    folded = " ".join(clauses)
    out = {}
    for w in _tokens(folded):
        for sw in SUBJECT_WORDS:
            if (sw.kinds is None or kind in sw.kinds) and _starts(w, sw.forms) and (not sw.verb or w in predicates):
                out.setdefault(w, sw)
    return tuple(out.items())


@lru_cache(maxsize=8192)
def _named(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for label in labels for t in _name_tokens(label))


def unnamed_words(words: tuple[tuple[str, SubjectWord], ...], cand: Candidate, organ_approves: bool = False) -> list[str]:
    """The question's subject verbs and measures that the record's own name (main field, labels) does not say;
    `organ_approves`: the record is an approval an assemblée générale gives."""
    if not words:
        return []
    named = _named(tuple(label for label, _ in cand.labels))
    return [w for w, sw in words
            if not (sw.by_organ and organ_approves)
            and not (named.intersection(sw.covering) if sw.whole else any(_covers(t, sw.covering) for t in named))]


def _covers(word: str, forms: tuple[str, ...]) -> bool:
    # « votée » (a feminine participle, after « sont ») covers « vote » as « voté » does
    return _starts(word, forms) or word.endswith("e") and _starts(word[:-1], forms)


def missing_subject(query: str, cand: Candidate, ignore: frozenset[str] = frozenset(),
                    organs_matter: frozenset[str] = frozenset()) -> list[str]:
    """The subject words of the question the record does not cover: non-empty means the record answers
    a neighbouring question, not this one. A body (CMAR, CMA France) counts as missing only when the record
    names another body: a rule that names none may hold for the one asked."""
    return missing_words(salient(query, ignore), cand, organs_matter)


def missing_words(words: list[str], cand: Candidate, organs_matter: frozenset[str] = frozenset()) -> list[str]:
    """`missing_subject` for the salient words of a question, computed once for all its candidates."""
    out = []
    named = cand.content & BODIES
    organs = cand.content & ORGANS
    for w in _uncovered(words, cand):
        if w in BODIES:
            if named:
                out.append(w)
        elif w in ORGANS:
            if organs and w in organs_matter or w in DELIBERATIVE and organs & DELIBERATIVE:
                out.append(w)
        elif is_subject_word(w):
            out.append(w)
    return out


def foreign_subject(query: str, network_named: bool = False) -> str | None:
    """The subject outside the décret a question is about (« chambre d'agriculture »), if any; when the
    question names the network, only another law (FOREIGN_LAW) is."""
    q = " " + fold(query) + " "
    for pattern, what in _FOREIGN_LAW + (() if network_named else _FOREIGN):
        if pattern.search(q):
            return what
    return None


_FOREIGN = tuple((Gated(pattern), what) for pattern, what in FOREIGN)
_FOREIGN_LAW = tuple((Gated(pattern), what) for pattern, what in FOREIGN_LAW)

NETWORK = Gated(r"\b(?:cmar?|cma france|cma_\w+|chambres? de metiers|artisana\w*|artisans?|reseau|crma|"
                r"etablissement national|decret|99 433|66 137|2021 168|code de l artisanat)\b")


def names_network(query: str) -> bool:
    """Whether a question speaks of the network of CMA (a chamber, CMA France, the décret, the code)."""
    return bool(NETWORK.search(" ".join(_tokens(query)) + " " + fold(query)))


# Words that carry no question at all: a greeting, a thank-you, a test.
EMPTY_WORDS = frozenset("""
bonjour bonsoir salut hello coucou merci svp stp please test essai ok oui non question aide help rien
madame monsieur cordialement bien
""".split())


def content_free(query: str) -> bool:
    """An empty question, or one whose every word is a greeting or a frame word (« Bonjour », « ? »)."""
    words = [w for w in _tokens(query) if w not in EMPTY_WORDS]
    return not [w for w in words if w not in FRAME_WORDS]
