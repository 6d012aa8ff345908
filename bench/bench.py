"""Benchmark: median timings of loading the knowledge base, one query of each family, and a cold
`cmakb ask` process — with plain-Python baselines for the same lookups, measured in the same run.

Run: .venv/bin/python bench/bench.py [--repeat N]   (prints a table; nothing is asserted)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.kb import KnowledgeBase  # noqa: E402
from engine.loader import load_corpus  # noqa: E402
from queries.approvals import who_approves  # noqa: E402
from queries.ask import ask  # noqa: E402
from queries.changes import changes_response  # noqa: E402
from queries.deadlines import deadlines  # noqa: E402
from queries.versions import version_at  # noqa: E402

ON = date(2022, 1, 1)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rules = ROOT / "rules"
    rows: list[tuple[str, float, str, float | None]] = []

    rows.append(("parse + validate rules (load_corpus)", median_ms(lambda: load_corpus(rules), max(3, args.repeat // 3)),
                 "", None))
    corpus = load_corpus(rules)
    rows.append(("compile to pyDatalog (KnowledgeBase)", median_ms(lambda: KnowledgeBase(corpus),
                                                                   max(3, args.repeat // 3)), "", None))
    kb = KnowledgeBase(corpus)

    # Baselines: the same lookups over plain Python structures built from the same corpus.
    approvers = {}
    for rec in corpus.records_of("approval"):
        start, end = corpus.value(rec, "valid")
        approvers.setdefault(corpus.value(rec, "approver"), []).append((rec.id, start, end))
    segments = {key: tl.segments for key, tl in kb.timelines.items()}

    def py_version():
        return next(s for s in segments[("D66_137", "19")] if s.start <= ON < s.end)

    def py_approvals():
        return sorted(i for i, s, e in approvers["prefet_de_region"] if s <= ON < e)

    rows.append(("Datalog point query: version(D66_137, 19) at D",
                 median_ms(lambda: kb.ask("version", "D66_137", "19", None, None, on=ON), args.repeat),
                 "python: scan the article's segments", median_ms(py_version, args.repeat)))
    rows.append(("Datalog: approvals whose approver is the préfet at D",
                 median_ms(lambda: kb.ask("approval_approver", None, "prefet_de_region", on=ON), args.repeat),
                 "python: dict of approver → intervals", median_ms(py_approvals, args.repeat)))
    rows.append(("version_at (API, with basis)", median_ms(lambda: version_at(kb, "décret 66-137", "19", ON),
                                                            args.repeat), "", None))
    rows.append(("who_approves (API, matching + basis)",
                 median_ms(lambda: who_approves(kb, "budget de la CMAR", ON), args.repeat), "", None))
    rows.append(("deadlines with due date (API)",
                 median_ms(lambda: deadlines(kb, "rapport d'exécution de la convention", ON, date(2023, 6, 1)),
                           args.repeat), "", None))
    rows.append(("ask (French question, routed)",
                 median_ms(lambda: ask(kb, "Qui approuve le budget d'une CMAR ?", ON), args.repeat), "", None))
    rows.append(("changes in a text (amendment graph)",
                 median_ms(lambda: changes_response(kb, "décret 99-433", None, None, ON), max(3, args.repeat // 3)),
                 "", None))
    cmd = [sys.executable, "-m", "queries", "ask", "Qui approuve le budget d'une CMAR ?", "--on", "2022-01-01"]
    rows.append(("cold `cmakb ask` process (import + load + answer)",
                 median_ms(lambda: subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True), 3), "", None))

    print(f"cmakb benchmark — median of {args.repeat} runs (cold process: 3), "
          f"{kb.summary()['facts']} facts, {len(kb.timelines)} article timelines")
    print(f"{'measure':<52} {'ms':>10}   {'baseline':<38} {'ms':>9} {'ratio':>7}")
    for name, ms, base_name, base_ms in rows:
        ratio = f"{ms / base_ms:>6.0f}x" if base_ms else ""
        base = f"{base_ms:>9.4f}" if base_ms is not None else ""
        print(f"{name:<52} {ms:>10.3f}   {base_name:<38} {base:>9} {ratio:>7}")


if __name__ == "__main__":
    main()
