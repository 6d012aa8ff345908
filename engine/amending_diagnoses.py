"""Disagreements of the cross-check (engine/crosscheck.py) already diagnosed, by provision label: a table.

`cmakb check` prints the diagnosis and the fix with each; a disagreement not listed here is new and must be
looked at. cause: « encodage » (the rules file is wrong: #10 fixes it), « dsl » (the rules language cannot say
what the sentence says), « ambigu » (the sentence allows both readings: the encoding keeps its reading).
When an encoding is fixed its entry goes: `cmakb check` reports an entry that no longer disagrees as stale, and
tests/test_amending.py fails on it. A disagreement not listed here is an error of `cmakb check` (exit 1).

All 165 provisions are read as encoded (fix-amend): the table is empty. The last entries were settled by the
encoding (art. 16, 1° one add of two alinéas; art. 13, 4° `delete … after « mots »`) and by the cross-check and
the reader learning the forms #10 chose (docs/amending.md, « Écarts résolus »).
"""

DIAGNOSES: dict[str, dict[str, str]] = {
}
