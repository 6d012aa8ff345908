"""Score engine/amending.py on the outside set (tests/fixtures/amending_outside.jsonl): sentences of other JO
texts with their expected operations, written by someone who had not seen the grammar.

A sentence is read exactly when its operations, as a multiset of (kind, target, old, new), equal the expected
ones (kind retitle_* counts as retitle; targets compared in canonical form; white space folded).

    python -m tests.amending_outside        prints the figure and every sentence not read exactly
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from engine.amending_reader import read_text
from engine.crosscheck import canonical_target, fold

FIXTURE = Path(__file__).parent / "fixtures" / "amending_outside.jsonl"


def document(case: dict) -> str:
    """The chapeaux (« / »-separated) on their lines, then the sentence and its quoted block."""
    lines = [c.strip() for c in (case.get("chapeau") or "").split(" / ") if c.strip()]
    return "\n".join(lines + [case["sentence"]]) + "\n"


def _key(kind, target, old, new):
    kind = "retitle" if kind and kind.startswith("retitle") else kind
    target = None if target == "texte entier" else target  # the writer's name for the whole text
    return (kind, canonical_target(target), fold(old), fold(new))


def read_case(case: dict):
    provisions = read_text(document(case))
    leaf = provisions[-1] if provisions else None
    if leaf is None or leaf.error is not None:
        return None, (leaf.error.render() if leaf is not None and leaf.error else "rien lu")
    return [_key(o.kind, o.target, o.old, o.new) for o in leaf.operations], None


def score(path: Path = FIXTURE) -> tuple[int, int, list[tuple[dict, object, object]]]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    exact, misses = 0, []
    for case in cases:
        got, error = read_case(case)
        want = [_key(e["kind"], e["target"], e.get("old"), e.get("new")) for e in case["expected"]]
        if got is not None and Counter(got) == Counter(want):
            exact += 1
        else:
            misses.append((case, got if got is not None else error, want))
    return exact, len(cases), misses


if __name__ == "__main__":
    n, total, misses = score()
    print(f"{n}/{total} phrases lues exactement")
    for case, got, want in misses:
        print("\n---", case["sentence"][:200])
        print("  chapeau :", case.get("chapeau"))
        print("  lu      :", got)
        print("  attendu :", want)
