"""A synthetic rules tree in the cmakb language, of any size: for the scaling benchmark.

One code (TGT) of A articles amended by M décrets (DS00001 …, 100 provisions each), each in force
one day after the previous; each provision substitutes words in its own article, which then has two
versions (before and after its décret, as engine/timelines.py models an amended article), so the
tree holds `versions` versions. Fifty approvals with labels and the
derived rules of rules/norms/derived.cma give `ask`, `approves` and the engine something to do.

    .venv/bin/python bench/synthetic.py 10000 /tmp/synth   # writes /tmp/synth/*.cma
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

PER_DECRET = 100
APPROVALS = 50
ACTS = ["budget", "compte financier", "règlement intérieur", "grille des emplois", "siège", "emprunt",
        "cession d'immeuble", "convention d'objectifs", "schéma sectoriel", "tarif des prestations"]
BODIES = ["chambre régionale", "chambre départementale", "établissement public", "commission territoriale",
          "assemblée générale"]

RULES = """
rule approves(Act, Who, Mode) :- approval_approver(Act, Who), approval_mode(Act, Mode), Mode != "exempt", Mode != "avis"
rule gives_avis(Act, Who) :- approval_approver(Act, Who), approval_mode(Act, "avis")
rule supervises(Who, Body) :- approves(Act, Who, Mode), approval_subject(Act, Body)
rule in_force(Text, Article) :- version(Text, Article, V, "in_force")
rule worded_by(Text, Article, Provision) :- version(Text, Article, V, "in_force"), produced_by(V, Provision)
"""


def generate(versions: int, out: Path) -> dict[str, int]:
    """Write the tree under `out`; return its shape (articles, décrets, operations)."""
    out.mkdir(parents=True, exist_ok=True)
    articles = max(10, versions // 2)
    operations = articles
    decrets = max(1, -(-operations // PER_DECRET))
    start = date(2000, 1, 1)
    # declared ranges stay within the loader's bound on one range (engine/rules_checks.MAX_DECLARED_RANGE)
    ranges = ", ".join(f'"{a} à {min(a + 1999, articles)}"' for a in range(1, articles + 1, 2000))
    texts = [f'text TGT {{\n    title: "code synthétique"\n    kind: code\n    aliases: "code synthétique", "CS"\n'
             f'    articles: {ranges}\n}}\n']
    for m in range(1, decrets + 1):
        day = start + timedelta(days=m)
        texts.append(f'text DS{m:05d} {{\n    title: "Décret synthétique n° {m}"\n    kind: decret\n'
                     f'    number: "S-{m}"\n    in_force: {day.isoformat()}\n    aliases: "décret S-{m}"\n}}\n')
    (out / "texts.cma").write_text("\n".join(texts), encoding="utf-8")
    n = 0
    for m in range(1, decrets + 1):
        lines = []
        for k in range(1, PER_DECRET + 1):
            if n >= operations:
                break
            article = n % articles + 1
            lines.append(f'provision DS{m:05d} "art. {k}" {{\n'
                         f'    substitute TGT "art. {article}" « mot{n} » by « mot{n + 1} »\n}}\n')
            n += 1
        (out / f"decret-{m:05d}.cma").write_text("\n".join(lines), encoding="utf-8")
    # approvers are declared actors, as the loader requires of every rules tree
    records = [f'actor autorite_{a} {{\n    name: "autorité n° {a}"\n}}\n' for a in range(7)]
    for i in range(APPROVALS):
        act = f"{ACTS[i % len(ACTS)]} de la {BODIES[i % len(BODIES)]} n° {i}"
        mode = ("express", "tacit", "avis")[i % 3]
        records.append(f'approval act_{i} {{\n    act: "{act}"\n    labels: "{act}", "{ACTS[i % len(ACTS)]} {i}"\n'
                       f'    approver: autorite_{i % 7}\n    mode: {mode}\n    subject: body_{i % 5}\n'
                       f'    basis: TGT "art. {i % articles + 1}"\n    valid: [2000-01-01, open)\n}}\n')
    (out / "approvals.cma").write_text("\n".join(records) + RULES, encoding="utf-8")
    return {"articles": articles, "decrets": decrets, "operations": operations}


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
