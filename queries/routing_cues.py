"""The routing table of `ask`: for each family of question, the cue patterns that announce it and their
weights, and what the question must name for the family to apply. Data only; queries/ask.py reads it.

Patterns are matched against the folded question (lower case, no accents, punctuation as spaces, see
resolve.fold), padded with a space at each end. A weight says how sure a cue is: 3 names the family
alone (« historique »), 1 only leans towards it (« avis »).

`needs`: "article" (the question must cite an article of a text), "reference" (an article, a text or a
provision of the décret), "text" (a text, without an article), or None.
`order`: where a tie between families is broken, the most specific first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    name: str
    cues: tuple[tuple[str, int], ...]
    needs: str | None = None
    label: str = ""


FAMILIES: tuple[Family, ...] = (
    Family("entry_into_force", label="entrée en vigueur d'un texte", needs="text", cues=(
        (r"\bentre(?:e|s|es)? en vigueur\b", 3), (r"\bentree en vigueur\b", 3), (r"\bprend effet\b", 2),
        (r"\bapplicable a compter de quand\b", 3), (r"\bdepuis quand\b", 2), (r"\bpublie\w* au journal officiel\b", 2),
        (r"\bdate d (?:effet|application)\b", 2), (r"\ba partir de quand\b", 2),
        (r"\bs appliqu\w*(?: il| t il| elle| t elle)? deja\b", 3),
    )),
    Family("changes", label="modifications apportées par le décret", needs="reference", cues=(
        (r"\bquelles? dispositions? (?:ont|a) (?:modifie|change|abroge|cree|insere|renumerote)", 4),
        (r"\bqu (?:est ce qu )?(?:a|ont) (?:modifie|change|abroge|cree|insere|remplace)", 4),
        (r"\bqu est ce qui a (?:change|ete modifie)", 4), (r"\bque modifie\b", 3), (r"\bque change\b", 3),
        (r"\bquelles? modifications?\b", 3), (r"\bquels? changements?\b", 3), (r"\bmodifie par\b", 2),
        (r"\bmodifications? apportees?\b", 3), (r"\bce qui a change\b", 3), (r"\bce que le decret (?:a )?change", 3),
        (r"\bamende", 2), (r"\bmodifications?\b", 1), (r"\bmodifi\w*\b", 1),
        (r"\btouch\w* (?:a|au|aux)\b", 3), (r"\bquels articles\b.*\b(?:abrog|modifi|cre|insere|renumerot)", 4),
        (r"\bque fait (?:le|la|l)\b", 3),
    )),
    Family("history", label="historique d'un article", needs="reference", cues=(
        (r"\bhistorique\b", 4), (r"\btoutes les versions\b", 4), (r"\bversions successives\b", 4),
        (r"\bevolu\w*\b", 3), (r"\bversions?\b.*\bdepuis\b", 2), (r"\bquelles versions\b", 3),
    )),
    Family("text", label="texte d'un article", needs="article", cues=(
        (r"\bque dit\b", 4), (r"\bque prevoit\b", 3), (r"\bque contient\b", 2), (r"\btexte (?:de|du|des)\b", 3),
        (r"\bcontenu (?:de|du)\b", 3), (r"\bredaction (?:de|du)\b", 2), (r"\bquels sont les termes\b", 3),
        (r"\bciter?\b", 2), (r"\bmot pour mot\b", 3), (r"\bque disait\b", 4), (r"\benonce\b", 2),
        (r"\bquel est le texte\b", 4), (r"\blibelle\b", 2), (r"\bintitule\b", 3),
    )),
    Family("version", label="version d'un article à une date", needs="reference", cues=(
        (r"\bversion\b", 2), (r"\ben vigueur\b", 2), (r"\babrog", 3), (r"\bexiste(?: t il| t elle)? (?:encore|toujours)\b", 4),
        (r"\btoujours (?:en vigueur|applicable|valable)\b", 4), (r"\bencore (?:en vigueur|applicable|valable)\b", 4),
        (r"\bapplicable\b", 1), (r"\brenumerot", 3), (r"\bcodifi", 3), (r"\bdevenu\b", 2), (r"\bremplace par\b", 1),
        (r"\betat (?:de|du)\b", 2), (r"\bstatut (?:de|du)\b", 2), (r"\bsupprime\b", 2),
    )),
    Family("list", label="ce que cmakb encode", cues=(
        (r"\bqu est ce qui est (?:encode|couvert)", 4), (r"\bque (?:sait|couvre|connait) cmakb\b", 4),
        (r"\bquelles? (?:regles|approbations|delais|normes|echeances) (?:sont|avez|connaissez|couvrez|encode)", 4),
        (r"\b(?:listez|lister|enumerer|enumerez)\b", 3),
        (r"\b(?:la )?liste (?:des|de toutes les|de tous les) (?:regles|approbations|delais|normes|echeances)\b", 4), (r"\btoutes les (?:regles|approbations|normes)\b", 3),
        (r"\btous les delais\b", 3), (r"\bencode", 2), (r"\bcouverture\b", 2), (r"\bquels sujets\b", 3),
        (r"\bquels (?:textes|acteurs|organes|intervenants)\b", 4),
    )),
    Family("approval", label="qui approuve", cues=(
        (r"\bqui (?:approuve|autorise|valide|fixe|decide|nomme|designe|arrete|donne son (?:accord|avis))", 2),
        (r"\bqui peut (?:autoriser|approuver|s opposer|valider)", 2),
        (r"\bapprobation\b", 1), (r"\bapprouv", 1), (r"\bautoris", 1), (r"\baccord\b", 1), (r"\bavis\b", 1),
        (r"\bopposition\b", 1), (r"\bs oppos", 1), (r"\btacite", 1), (r"\bexpresse", 1),
        (r"\bconsult\w*", 2),
    )),
    Family("deadline", label="quel délai", cues=(
        (r"\bdelai", 2), (r"\bquand\b(?! meme)", 2), (r"\bdate limite", 2), (r"\bau plus tard", 2),
        (r"\ba quelle date\b", 3), (r"\bquand (?:faut il|doit|doivent)\b", 3),
        (r"\bavant quelle date", 2), (r"\becheance", 2), (r"\bcombien de (?:temps|jours?|mois|semaines?|ans?)", 3),
        (r"\ben combien de", 3), (r"\bpendant combien", 3), (r"\bperiodicite", 2), (r"\bfrequence", 2),
        (r"\btous les\b", 1), (r"\bcombien de fois", 2), (r"\bse reunit", 1), (r"\bjusqu a quand", 2),
        (r"\bdans quel", 2), (r"\bdans les \w+ jours", 2),
    )),
    Family("norm", label="quelle règle", cues=(
        (r"\bquorum\b", 2), (r"\bmajorite\b", 2), (r"\bcomposition\b", 2), (r"\bcompose", 2),
        (r"\bcombien de (?:membres|candidats|sieges|elus)", 3), (r"\bseuil\b", 1), (r"\bvoix\b", 1),
        (r"\bcandidat", 1), (r"\bsieges\b", 1), (r"\bpart\b", 1), (r"\bprime\b", 1), (r"\belus?\b", 1),
        (r"\bmembres?\b", 1), (r"\bdepartage", 2), (r"\bpreponderant", 2),
    )),
)

STRUCTURAL = ("entry_into_force", "changes", "history", "text", "version", "list")
"""Families answered from the texts and their versions; the others from the normative records."""

NORMATIVE = ("approval", "deadline", "norm")

LIST_KINDS = {r"\bapprobations?\b|\bqui approuve": "approval", r"\bdelais?\b|\becheances?\b": "deadline",
              r"\bnormes?\b|\bquorums?\b|\bmajorites?\b": "norm", r"\btextes\b": "text",
              r"\barticles\b": "article", r"\bacteurs\b|\borganes\b|\bintervenants\b": "actor"}
"""For a listing: the kind of record asked, when the question names one."""

NORM_TOPICS = {"quorum": r"\bquorum\b", "majority": r"\bmajorite\b|\bdepartag\w*|\bpreponderant\w*",
               "composition": r"\bcompos\w*|\bcombien (?:de|d) (?:membres|elus)\b(?! doivent| faut| peuvent| sont necessaires)"}
"""A norm question naming one of these topics is about that topic: a record of another of them (the majority
of the bureau for its quorum) does not answer it."""

FREQUENCY = r"\ba quelle frequence\b|\bcombien de fois\b|\bfois par (?:an|mois|semaine|trimestre)\b|\btous les combien\b|" \
            r"\bperiodicite\b|\bnombre (?:minimum|minimal|maximum|maximal) de fois\b"
"""A question asking how often (« à quelle fréquence », « combien de fois par an »): only a rule that sets a
periodicity answers it (PERIODIC_RULES), not the délai of a single act nor a composition."""
PERIODIC_RULES = frozenset({"at_least_every", "at_least_once_per"})

# Words that say "approval" or "délai" without naming the act or the obligation: they must not decide
# the match of a question to a record (queries/approvals.py, queries/deadlines.py, and ask's routing).
APPROVAL_QUESTION_WORDS = frozenset({"approuve", "approbation", "approuver", "autorise", "autorisation", "approuvee",
                                     "valide", "valider"})
DEADLINE_QUESTION_WORDS = frozenset({"delai", "date", "limite", "quand", "echeance", "deadline", "tard", "plu"})
