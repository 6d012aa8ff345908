"""Hostile inputs for the fuzz tests (tests/test_fuzz_*.py) and the long run (bench/fuzz.py).

Pure functions of a `random.Random`: the same seed gives the same inputs, so a failure found by
bench/fuzz.py is reproduced by its seed, and the tests are stable in CI.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"

# A small real tree: the texts (with the décret's source), the actors, and one file to mutate.
BASE_FILES = ("texts.cma", "norms/actors.cma")
TARGETS = ("decret-99-433/article-13.cma", "norms/deadlines.cma", "norms/derived.cma", "code-artisanat/article-01.cma",
           "norms/bodies.cma", "recodification-2023.cma", "norms/approvals.cma", "decret-66-137/article-09.cma",
           "decret-2014-1499/article-17.cma", "code-artisanat/article-04.cma")

LINE_BREAKS = ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r", "\r\n", "\n"]
PIECES = LINE_BREAKS + [
    "{", "}", "(", ")", "[", ")", ",", ":", ":-", '"', '"""', "«", "»", "#", " not ", " < ", " == ", "_", "D__",
    "9" * 5000, "99999999999", "0", "-1", "1.5", "2021-02-30", "9999-12-31", "0001-01-01", "open", "by", "rule",
    "fact", "provision", "text", "actor", "approval", "deadline", "month: 13", "day: 40", "rank", "ask", "concat",
    "sum_", "len_", "art. 20 à 19", "art. 999", "1 à 99999999", "source: \"\"", "source: \".\"",
    "eli: \"javascript:alert(1)\"", "in_force: 9999-12-30", "\x00", "\t", "é", "\u00a0", "\ufeff",
]


@dataclass(frozen=True)
class Mutant:
    """A mutated rules tree: where it is, which file was changed, and how."""

    root: Path
    file: str
    how: str


def small_tree(dest: Path, target: str) -> Path:
    """A copy of the real texts, source and actors, plus the file `target`, under `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(RULES / "sources", dest / "sources")
    for rel in (*BASE_FILES, target):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(RULES / rel, dest / rel)
    return dest


def mutate_text(rnd: random.Random, text: str) -> tuple[str, str]:
    """One random edit of `text`: insert a hostile piece, delete or duplicate a span, swap a number."""
    kind = rnd.choice(["insert", "insert", "delete", "duplicate", "number", "truncate", "swap"])
    at = rnd.randrange(len(text) + 1)
    if kind == "insert":
        piece = rnd.choice(PIECES)
        return text[:at] + piece + text[at:], f"insert {piece[:12]!r} at {at}"
    if kind == "delete":
        n = rnd.randint(1, 40)
        return text[:at] + text[at + n:], f"delete {n} at {at}"
    if kind == "duplicate":
        n = rnd.randint(1, 200)
        return text[:at] + text[at:at + n] * 2 + text[at + n:], f"duplicate {n} at {at}"
    if kind == "number":
        numbers = list(re.finditer(r"\d+", text))
        if numbers:
            m = rnd.choice(numbers)
            new = rnd.choice(["0", "13", "40", "9" * 10, "9" * 5000, "00", "-3"])
            return text[:m.start()] + new + text[m.end():], f"number {m.group()!r} → {new[:12]!r}"
    if kind == "truncate":
        return text[:at], f"truncate at {at}"
    if kind == "swap" and len(text) > 2:
        i = rnd.randrange(len(text) - 1)
        return text[:i] + text[i + 1] + text[i] + text[i + 2:], f"swap at {i}"
    return text + rnd.choice(PIECES), "append"


def mutant(rnd: random.Random, dest: Path, edits: int = 2) -> Mutant:
    """A small real tree with one file changed by 1..`edits` random edits (sometimes also a bad byte)."""
    target = rnd.choice(TARGETS)
    root = small_tree(dest, target)
    text = (root / target).read_text(encoding="utf-8")
    hows = []
    for _ in range(rnd.randint(1, edits)):
        text, how = mutate_text(rnd, text)
        hows.append(how)
    data = text.encode("utf-8", errors="surrogatepass")
    if rnd.random() < 0.1:
        at = rnd.randrange(len(data) + 1)
        data = data[:at] + b"\xff" + data[at:]
        hows.append(f"byte 0xff at {at}")
    (root / target).write_bytes(data)
    return Mutant(root, target, "; ".join(hows))


# Known-bad edits: each must be rejected (exit 2) at the line it touches. (file, pattern, replacement)
KNOWN_BAD = [
    ("recodification-2023.cma", r"repeals: CA, D66_137", "repeals: CA, D66_13"),
    ("code-artisanat/article-01.cma", r'add CA "art\. 17, al\. 4"', 'add CA "art. 999, al. 4"'),
    ("decret-99-433/article-13.cma", r'"art\. 10, al\. 1"', '"art. 20 à 19"'),
    ("norms/deadlines.cma", r"month: \d+", "month: 13"),
    ("norms/deadlines.cma", r"day: \d+", "day: 40"),
    ("norms/derived.cma", r"rule approves\(", "rule rank("),
    ("norms/derived.cma", r"\bAct\b", "D__"),
    ("norms/deadlines.cma", r"approver: \w+|who: \w+", "who: personne"),
    ("norms/deadlines.cma", r"\d+ (days|months|jours|mois)", "99999999999 days"),
    ("texts.cma", r"in_force: 2021-02-19", "in_force: 9999-12-30"),
    ("texts.cma", r'eli: "https?://', 'eli: "javascript:'),
    ("texts.cma", r'source: "[^"]*"', 'source: ""'),
]


def known_bad(rnd: random.Random, dest: Path) -> tuple[Mutant, int]:
    """A small tree with one KNOWN_BAD edit at a random occurrence; returns it and the edited line."""
    file, pattern, replacement = rnd.choice(KNOWN_BAD)
    target = file if file not in BASE_FILES else rnd.choice(TARGETS)
    root = small_tree(dest, target)
    text = (root / file).read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, text))
    m = rnd.choice(matches)
    (root / file).write_text(text[:m.start()] + replacement + text[m.end():], encoding="utf-8")
    return Mutant(root, file, f"{pattern} → {replacement}"), text.count("\n", 0, m.start()) + 1


# ------------------------------------------------------------------ hostile CLI arguments
DATES = ["2022-01-01", "2021-02-19", "2023-07-01", "0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30",
         "2021-02-30", "20210219", "2021-W07-5", "", " ", "2021-2-1", "hier", "2021-02-19T00:00", "\udcff",
         "2024-02-29", "2023-02-29", "2021-00-10"]
WORDS = ["budget", "CMA France", "décret 66-137", "décret 99-433", "code de l'artisanat", "CA", "D99_433", "art.",
         "19", "17-1", "R. 332-2", "renouvellement", "approbation tacite", "compte rendu", "", " ", "\udcff", "«",
         "%s", "{}", "\x00", "é" * 300, "9" * 5000, "--bogus", "-", "?", "'", '"']
COMMANDS = ["version", "history", "approves", "deadline", "norm", "ask", "changes"]


def cli_args(rnd: random.Random) -> list[str]:
    """A random query command with random words, dates, --suspended periods and flags."""
    cmd = rnd.choice(COMMANDS)
    args = [cmd] + [rnd.choice(WORDS) for _ in range(rnd.randint(1, 3))]
    if cmd != "history" and cmd != "changes" and rnd.random() < 0.8:
        args += ["--on", rnd.choice(DATES)]
    if cmd in ("deadline", "ask") and rnd.random() < 0.7:
        args += ["--from", rnd.choice(DATES)]
    if cmd == "deadline" and rnd.random() < 0.4:
        args += ["--suspended", f"{rnd.choice(DATES)}:{rnd.choice(DATES)}"]
    if rnd.random() < 0.5:
        args.append("--json")
    if cmd not in ("changes",) and rnd.random() < 0.2:
        args.append("--why")
    return args


# ------------------------------------------------------------------ hostile input files
def json_value(rnd: random.Random, depth: int = 0):
    choice = rnd.randrange(9 if depth < 4 else 6)
    if choice == 0:
        return rnd.choice([0, -1, 15, 10 ** 40, 3])
    if choice == 1:
        return rnd.choice(["NaN", "Infinity", "1e400", "1e-999999999", "60 %", "3/5", "0,5", "x", "", "\ud800"])
    if choice == 2:
        return rnd.choice([True, False, None])
    if choice == 3:
        return rnd.choice([0.5, 1e300, -0.0])
    if choice == 4:
        return rnd.choice(["2021-02-30", "2022-01-01", "20210219", "F", "M", "cmar_bureau", "cma_france"])
    if choice == 5:
        return rnd.choice(["members", "for", "present"])
    if choice in (6, 7):
        keys = ["members", "is_chef_lieu", "body", "in_office", "present", "for", "against", "operating_share",
                "express_authorisation", "n_departements", "composition", "question", "on", "from", "lists",
                "departements", "votes", "sections"]
        return {rnd.choice(keys): json_value(rnd, depth + 1) for _ in range(rnd.randint(0, 6))}
    return [json_value(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]


def input_file(rnd: random.Random) -> tuple[str, bytes]:
    """(file name, content) for a compliance check or a questions file: JSON, CSV or text, some broken."""
    import json

    kind = rnd.choice(["json", "json", "json-raw", "csv", "txt", "deep"])
    if kind == "json":
        return "in.json", json.dumps(json_value(rnd), ensure_ascii=False).encode("utf-8", "surrogatepass")
    if kind == "json-raw":
        raw = rnd.choice(['{"operating_share": NaN}', '{"members": Infinity}', '{"a": 1e400}', "[{", "",
                          '{"members": ' + "1" * 5000 + "}", "\ufeff{}", '{"question": "x"}'])
        return "in.json", raw.encode("utf-8")
    if kind == "deep":
        n = rnd.choice([63, 64, 65, 1000, 100000])
        return "in.json", ("[" * n + "]" * n).encode()
    if kind == "csv":
        header = rnd.choice(["members,is_chef_lieu", "body,in_office,present,for,against",
                             "departement,list,votes,average_age", "operating_share,express_authorisation"])
        cells = [rnd.choice(["15", "nan", "inf", "x" * rnd.choice([10, 200000]), "", "1" * 40, "oui", "-1"])
                 for _ in header.split(",")]
        return "in.csv", (rnd.choice(["", "# departements: D1\n"]) + header + "\n" + ",".join(cells)).encode()
    lines = [rnd.choice(["budget ?", "# on 2021-02-30", "# on 2022-01-01", "# from hier", "Qui approuve le budget ?"])
             for _ in range(3)]
    data = "\n".join(lines).encode()
    if rnd.random() < 0.3:
        data += b"\xff"
    return "in.txt", data
