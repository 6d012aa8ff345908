"""Disagreements of the cross-check (engine/crosscheck.py) already diagnosed, by provision label: a table.

`cmakb check` prints the diagnosis and the fix with each; a disagreement not listed here is new and must be
looked at. cause: « encodage » (the rules file is wrong: #10 fixes it), « dsl » (the rules language cannot say
what the sentence says), « ambigu » (the sentence allows both readings: the encoding keeps its reading).
When an encoding is fixed its entry goes: tests/test_amending.py fails on an entry that no longer disagrees.
"""

DIAGNOSES: dict[str, dict[str, str]] = {
    'art. 13, 4°': {
        'cause': 'dsl',
        'diagnostic': "« après les mots : « de région », les mots … sont supprimés » : le DSL n'a pas de repère pour une suppression de mots",
        'correction': 'delete D99_433 "art. 14" «…» after « de région » (à ajouter au DSL)',
    },
}
