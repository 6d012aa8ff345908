"""Disagreements of the cross-check (engine/crosscheck.py) already diagnosed, by provision label: a table.

`cmakb check` prints the diagnosis and the fix with each; a disagreement not listed here is new and must be
looked at. cause: « encodage » (the rules file is wrong: #10 fixes it), « dsl » (the rules language cannot say
what the sentence says), « ambigu » (the sentence allows both readings: the encoding keeps its reading).
When an encoding is fixed its entry goes: tests/test_amending.py fails on an entry that no longer disagrees.
"""

DIAGNOSES: dict[str, dict[str, str]] = {
    'art. 2, 2° f) ii)': {
        'cause': 'encodage',
        'diagnostic': '« Les troisième, quatrième et cinquième alinéas sont remplacés » : un seul remplacement des trois alinéas, encodé en trois remplacements qui recopient chacun le texte nouveau',
        'correction': 'replace CA "art. 19, IV, al. 3 à 5" by """…"""',
    },
    'art. 2, 5° e)': {
        'cause': 'encodage',
        'diagnostic': 'un seul remplacement des alinéas 3 à 5, encodé en trois remplacements',
        'correction': 'replace CA "art. 20, al. 3 à 5" by """…"""',
    },
    'art. 2, 6° b) i)': {
        'cause': 'encodage',
        'diagnostic': '« Les deux premiers alinéas sont remplacés » : un seul remplacement, encodé en deux',
        'correction': 'replace CA "art. 21, II, al. 1 et 2" by """…"""',
    },
    'art. 7, 5°': {
        'cause': 'encodage',
        'diagnostic': '« Les deuxième et troisième alinéas … sont remplacés » : un seul remplacement, encodé en deux',
        'correction': 'replace D66_137 "art. 4, al. 2 et 3" by """…"""',
    },
    'art. 13, 1°': {
        'cause': 'encodage',
        'diagnostic': 'trois alinéas remplacés par deux : un seul remplacement, encodé en trois',
        'correction': 'replace D99_433 "art. 9, II, al. 4 à 6" by """…"""',
    },
    'art. 11, 3°': {
        'cause': 'encodage',
        'diagnostic': 'le tableau du II du nouvel article 1er (13 lignes, 4 colonnes) manque au texte encodé',
        'correction': "garder le tableau dans le bloc (une ligne par rangée), ou dire par un champ que le bloc l'omet",
    },
    'art. 13, 4°': {
        'cause': 'dsl',
        'diagnostic': "« après les mots : « de région », les mots … sont supprimés » : le DSL n'a pas de repère pour une suppression de mots",
        'correction': 'delete D99_433 "art. 14" «…» after « de région » (à ajouter au DSL)',
    },
    'art. 13, 7° a)': {
        'cause': 'encodage',
        'diagnostic': "« la fin de la première phrase est ainsi rédigée » après « à l'article 19 » : seule la fin est remplacée ; l'encodage remplace toute la phrase par sa fin",
        'correction': 'replace D99_433 "art. 20, al. 1, phrase 1" after « à l\'article 19 » by «…» (à ajouter au DSL)',
    },
    'art. 16, 1°': {
        'cause': 'encodage',
        'diagnostic': 'deux alinéas insérés en un seul ajout, quand les art. 8, 5° a) et 6° d) font un ajout par alinéa',
        'correction': 'add D99_433 "art. 30, II, al. 2" after "art. 30, II, al. 1" puis "art. 30, II, al. 3" after "art. 30, II, al. 2"',
    },
}
