"""A longer fuzz run than the test suite's: `python bench/fuzz.py --minutes N [--seed S]`.

Runs the generators of tests/fuzz_inputs.py (mutated real rules trees, hostile CLI arguments,
hostile input files) through the real CLI (click's runner, one knowledge base for the queries)
and prints counts per category:

    rules      exit0 / exit1 / exit2 / traceback / bad-position / query-traceback (a query crashing on an
               accepted tree)
    known-bad  rejected-at-line / accepted / wrong-line / traceback
    cli        exit0 / exit1 / exit2 / traceback
    files      exit0 / exit1 / exit2 / traceback

Every failure is printed with its seed and input, so `--seed` reproduces it. Exit 1 if any failure.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from click.testing import CliRunner  # noqa: E402

from engine.kb import KnowledgeBase  # noqa: E402
from queries.cli import cli  # noqa: E402
from tests.fuzz_inputs import RULES, cli_args, input_file, known_bad, mutant  # noqa: E402
from tests.test_fuzz_rules import POSITION, positions  # noqa: E402

QUERIES = [("deadline", "rapport", "--from", "2022-01-01", "--on", "2022-01-01"),
           ("approves", "budget", "--on", "2022-01-01", "--why"),
           ("version", "décret 99-433", "13", "--on", "2022-01-01"),
           ("changes", "décret 99-433", "--json"), ("coverage",), ("norm", "quorum", "--on", "2022-01-01")]
CHECKS = ["check-vote", "check-commission", "check-shares", "check-bureau", "check-seats", "check-list"]


def invoke(args, obj=None):
    result = CliRunner().invoke(cli, args, obj=obj)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed:
        result.trace = "".join(traceback.format_exception(result.exception))
    return result, crashed or "Traceback" in result.output or result.exit_code not in (0, 1, 2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    opts = ap.parse_args()
    kb = KnowledgeBase.load(RULES)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures = 0
    end = time.monotonic() + 60 * opts.minutes
    seed = opts.seed
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        while time.monotonic() < end:
            rnd = random.Random(seed)
            family = ["rules", "known-bad", "cli", "files"][seed % 4]
            what = ""
            try:
                if family == "rules":
                    m = mutant(rnd, tmp / "rules")
                    what = f"{m.file}: {m.how}"
                    r, bad = invoke(["check", str(m.root)])
                    category = "traceback" if bad else f"exit{r.exit_code}"
                    if not bad and r.exit_code == 0:  # accepted: the queries must not crash on it either
                        for query in QUERIES:
                            q, qbad = invoke(["--rules", str(m.root), *query])
                            if qbad:
                                category, r, what = "query-traceback", q, f"{what} then {query}"
                                break
                    if not bad and r.exit_code == 2:
                        first = r.output.split("\n", 1)[0]
                        if not (POSITION.match(first) or first.startswith("no rules at")):
                            category = "bad-position"
                        else:
                            try:
                                positions(r.output, m.root)
                            except AssertionError:
                                category = "bad-position"
                elif family == "known-bad":
                    m, line = known_bad(rnd, tmp / "rules")
                    what = f"{m.file}:{line}: {m.how}"
                    r, bad = invoke(["check", str(m.root)])
                    if bad:
                        category = "traceback"
                    elif r.exit_code != 2:
                        category = "accepted"
                    else:
                        at = [n for n, text in positions(r.output, m.root) if text.split(":")[0].endswith(m.file)]
                        category = "rejected-at-line" if line in at else "wrong-line"
                elif family == "cli":
                    args = cli_args(rnd)
                    what = repr(args)[:300]
                    r, bad = invoke(args, obj={"kb": kb, "rules": RULES})
                    category = "traceback" if bad else f"exit{r.exit_code}"
                else:
                    name, data = input_file(rnd)
                    path = tmp / name
                    path.write_bytes(data)
                    cmd = ["report", "questions", str(path), "--out", str(tmp / "out")] if name.endswith(".txt") \
                        or rnd.random() < 0.3 else [rnd.choice(CHECKS), str(path)]
                    what = f"{cmd[0]} {name}: {data[:120]!r}"
                    r, bad = invoke(cmd, obj={"kb": kb, "rules": RULES})
                    category = "traceback" if bad else f"exit{r.exit_code}"
            except Exception:  # the harness itself: counted, printed
                category, r = "harness-error", None
                print(f"[harness] seed {seed}: {traceback.format_exc()}", file=sys.stderr)
            counts[family][category] += 1
            if category in ("traceback", "query-traceback", "bad-position", "accepted", "wrong-line", "harness-error"):
                failures += 1
                detail = getattr(r, "trace", "") or (r.output[-600:] if r is not None else "")
                print(f"[{family} {category}] seed {seed}: {what}\n{detail}", file=sys.stderr)
            seed += 1
    for family, counter in counts.items():
        print(f"{family:10} " + "  ".join(f"{k}={v}" for k, v in sorted(counter.items())) +
              f"  (total {sum(counter.values())})")
    print(f"seeds {opts.seed}..{seed - 1}, failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
