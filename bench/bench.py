"""Benchmark of cmakb, printed as ratios to a baseline measured in the same run (nothing is asserted).

1. Cold processes (wall and CPU time): `cmakb --help`, `ask`, `version` (built file in the cache, as a user's second
   call finds it) and `ask` without a cache, against the interpreter floor `python -c pass`.
2. Warm queries on the real rules against plain Python doing the same lookup (dict + bisect).
3. A synthetic rules tree (bench/synthetic.py) at 10^3, 10^4, 10^5 versions: build time and peak
   memory (in a child process), size on disk, cold first answer from the built file, warm query
   time; and the log-log slope of build time against size.

Run: .venv/bin/python bench/bench.py [--repeat N] [--sizes 1000,10000,100000]
Children run with bytecode caching on (as an installed cmakb has), whatever PYTHONDONTWRITEBYTECODE says.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ON = date(2022, 1, 1)
QUESTION = "Qui approuve le budget d'une CMAR ?"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def child_env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CMAKB_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(cache)
    env.update(extra)
    return env


def run_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time (user + system, from the child's own rusage) of one process, in ms.

    The CPU time is what the process itself spent: less sensitive than the wall time to what else the
    machine runs (other processes delay a child, they do not add to its CPU time)."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4
    return (time.perf_counter() - t0) * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def cold(repeat: int, cache: Path) -> list[tuple[str, float, float, float, float]]:
    """Each command once per round, rounds repeated: a load that drifts during the run hits all alike.
    Rows: name, wall ms, wall ratio, CPU ms, CPU ratio (ratios to the floor's medians)."""
    py = sys.executable
    env = child_env(cache)
    cmakb = [py, "-m", "queries"]
    commands = [
        ("python -c pass (floor)", [py, "-c", "pass"], env),
        ("cmakb --help", cmakb + ["--help"], env),
        ("cmakb ask (built file in cache)", cmakb + ["ask", QUESTION, "--on", "2022-01-01"], env),
        ("cmakb version (built file in cache)", cmakb + ["version", "décret 66-137", "19", "--on", "2022-01-01"], env),
        ("cmakb approves --why (engine built lazily)", cmakb + ["approves", "budget de la CMAR", "--on", "2022-01-01",
                                                               "--why"], env),
        ("cmakb ask, no cache (parse + compile)", cmakb + ["ask", QUESTION, "--on", "2022-01-01"],
         child_env(cache, CMAKB_NO_CACHE="1")),
    ]
    wall: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    for name, cmd, e in commands:  # warm the OS file cache, the bytecode and the built file
        subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True)
    for _ in range(repeat):
        for name, cmd, e in commands:
            w, c = run_child(cmd, e)
            wall[name].append(w)
            cpu[name].append(c)
    floor_w, floor_c = statistics.median(wall[commands[0][0]]), statistics.median(cpu[commands[0][0]])
    return [(name, statistics.median(wall[name]), statistics.median(wall[name]) / floor_w,
             statistics.median(cpu[name]), statistics.median(cpu[name]) / floor_c) for name, _, _ in commands]


def warm(repeat: int) -> list[tuple[str, float, str, float]]:
    from engine.kb import KnowledgeBase
    from queries.approvals import who_approves
    from queries.ask import ask
    from queries.deadlines import deadlines
    from queries.article_versions import version_at

    kb = KnowledgeBase.load(ROOT / "rules")
    repeat = repeat * 20
    # Baselines: the same lookups over plain Python structures built from the same data.
    starts = {key: [s.start for s in tl.segments] for key, tl in kb.timelines.items()}
    segments = {key: tl.segments for key, tl in kb.timelines.items()}
    names = {"décret 66-137": "D66_137"}
    approvers = {}
    for rec in kb.corpus.records_of("approval"):
        approvers[rec.id] = (kb.corpus.value(rec, "approver"), kb.corpus.value(rec, "valid"))

    def py_version(text="décret 66-137", article="19"):
        key = (names[text], article)
        i = bisect.bisect_right(starts[key], ON) - 1
        seg = segments[key][i]
        return seg if seg.start <= ON < seg.end else None

    def py_approver(act="budget_cmar"):
        who, (s, e) = approvers[act]
        return who if s <= ON < e else None

    version_at(kb, "décret 66-137", "19", ON)  # first use decodes what it needs: measured warm
    who_approves(kb, "budget de la CMAR", ON)
    ask(kb, QUESTION, ON)
    base_v = median_ms(py_version, repeat)
    base_a = median_ms(py_approver, repeat)
    return [
        ("version_at (API, with basis)", median_ms(lambda: version_at(kb, "décret 66-137", "19", ON), repeat),
         "dict + bisect of the segments", base_v),
        ("kb.ask('version', …) (index)", median_ms(lambda: kb.ask("version", "D66_137", "19", None, None, on=ON),
                                                   repeat), "dict + bisect of the segments", base_v),
        ("kb.ask('approves', act, …) (index)",
         median_ms(lambda: kb.ask("approves", "budget_cmar", None, None, on=ON), repeat), "dict of act → approver", base_a),
        ("who_approves (API, matching + basis)", median_ms(lambda: who_approves(kb, "budget de la CMAR", ON), repeat),
         "dict of act → approver", base_a),
        ("deadlines with due date (API)",
         median_ms(lambda: deadlines(kb, "rapport d'exécution de la convention", ON, date(2023, 6, 1)), repeat),
         "dict of act → approver", base_a),
        ("ask (French question, routed)", median_ms(lambda: ask(kb, QUESTION, ON), repeat), "dict of act → approver",
         base_a),
    ]


CHILD_BUILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
t0 = time.perf_counter()
c0 = resource.getrusage(resource.RUSAGE_SELF)
from engine import store
store.build(sys.argv[1], sys.argv[2])
seconds = time.perf_counter() - t0
c1 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu_s": c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime,
                  "peak_mb": c1.ru_maxrss / 1024}))
"""

CHILD_QUERY = """
import json, statistics, sys, time
from datetime import date
sys.path.insert(0, sys.argv[2])
from engine.kb import KnowledgeBase
from queries.article_versions import version_at
kb = KnowledgeBase.load(sys.argv[1])
n = len(kb.timelines)
arts = [str(1 + (i * 7919) % (n // 2 if n > 1 else 1)) for i in range(200)]
t0 = time.perf_counter(); version_at(kb, "code synthétique", arts[0], date(2001, 6, 1)); first = time.perf_counter() - t0
times = []
for a in arts:
    t0 = time.perf_counter(); version_at(kb, "code synthétique", a, date(2001, 6, 1)); times.append(time.perf_counter() - t0)
print(json.dumps({"first_ms": first * 1000, "query_ms": statistics.median(times) * 1000}))
"""


def scaling(sizes: list[int], cache: Path) -> list[dict]:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    out = []
    env = child_env(cache)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"cmakb-synth-{size}-") as tmp:
            rules = Path(tmp) / "rules"
            generate(size, rules)
            built = Path(tmp) / "kb.sqlite"
            r = subprocess.run([sys.executable, "-c", CHILD_BUILD, str(rules), str(built), str(ROOT)], env=env,
                               capture_output=True, text=True, check=True)
            row = {"versions": size, **json.loads(r.stdout.strip().splitlines()[-1]),
                   "size_mb": built.stat().st_size / 1e6}
            cmd = [sys.executable, "-m", "queries", "--rules", str(built), "version", "code synthétique", "17",
                   "--on", "2001-06-01"]
            subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)
            answer, floor = [], []
            for _ in range(5):  # alternate with the floor, as in section 1
                for out_times, c in ((floor, [sys.executable, "-c", "pass"]), (answer, cmd)):
                    out_times.append(run_child(c, env))
            row["cold_ms"] = statistics.median(w for w, _ in answer)
            row["cold_ratio"] = row["cold_ms"] / statistics.median(w for w, _ in floor)
            row["cold_cpu_ratio"] = statistics.median(c for _, c in answer) / statistics.median(c for _, c in floor)
            r = subprocess.run([sys.executable, "-c", CHILD_QUERY, str(built), str(ROOT)], env=env, cwd=ROOT,
                               capture_output=True, text=True, check=True)
            row.update(json.loads(r.stdout.strip().splitlines()[-1]))
            out.append(row)
            print(f"  {size:>7} versions: build {row['seconds']:.2f} s ({row['cpu_s']:.2f} s CPU), peak "
                  f"{row['peak_mb']:.0f} MB, {row['size_mb']:.1f} MB on disk, cold answer {row['cold_ms']:.0f} ms "
                  f"({row['cold_ratio']:.1f}x floor, {row['cold_cpu_ratio']:.1f}x in CPU), query "
                  f"{row['query_ms']:.3f} ms", flush=True)
    return out


def slope(rows: list[dict], key: str = "seconds") -> float | None:
    if len(rows) < 2:
        return None
    xs = [math.log(r["versions"]) for r in rows]
    ys = [math.log(r[key]) for r in rows]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="cmakb-bench-cache-") as cache:
        cache = Path(cache)
        print(f"cmakb benchmark — medians of {args.repeat} cold processes, {args.repeat * 20} warm calls "
              f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
        print("\n1. cold processes")
        rows = cold(args.repeat, cache)
        print(f"  {'':<48} {'wall':>9}    {'ratio':>6}   {'CPU':>7}    {'ratio':>6}")
        for name, ms, ratio, cpu_ms, cpu_ratio in rows:
            print(f"  {name:<48} {ms:>9.1f} ms {ratio:>6.2f}x {cpu_ms:>7.1f} ms {cpu_ratio:>6.2f}x")
        print("\n2. warm queries (real rules, built file)")
        for name, ms, base_name, base in warm(args.repeat):
            print(f"  {name:<40} {ms:>9.4f} ms   vs {base_name:<30} {base:>8.5f} ms {ms / base:>8.0f}x")
        if sizes:
            print("\n3. synthetic rules trees")
            scale = scaling(sizes, cache)
            s = slope(scale)
            if s is not None:
                steps = ", ".join(f"{a['versions']}→{b['versions']}: {slope([a, b]):.2f}" for a, b in zip(scale, scale[1:]))
                print(f"  log-log slope of build time: {s:.2f} overall ({steps}); "
                      f"of build CPU time: {slope(scale, 'cpu_s'):.2f}")


if __name__ == "__main__":
    main()
