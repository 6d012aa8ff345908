"""Every example of the README runs, and prints what the README shows.

The README is the source of truth: each ```console block holds commands (`$ cmakb …`), each followed by the
output it prints; a line `…` stands for any number of lines left out. A block of bare commands is only run
(it must answer: exit 0 or 1, no traceback). Files the examples write under /tmp/cmakb go to a temporary
folder here.

When an output changes on purpose (other work changes what a command prints):
    CMAKB_README_REFRESH=1 .venv/bin/python -m pytest tests/test_readme.py
rewrites each shown output from the real one, keeping as many lines before and after its `…` as it had
(an output that is only `…` is filled in whole); then read the diff of README.md.
"""

import difflib
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from queries.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ELLIPSIS = "…"
REFRESH = os.environ.get("CMAKB_README_REFRESH") == "1"


@dataclass
class Example:
    line: int  # 1-based line of the command in README.md
    command: str
    expected: list[str] | None  # None: a bare command, only run


def examples(text: str) -> list[Example]:
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            block = lines[i + 1:j]
            commands = [k for k, line in enumerate(block) if line.startswith("$ ")]
            bare = len(commands) == len(block)
            for n, k in enumerate(commands):
                end = commands[n + 1] if n + 1 < len(commands) else len(block)
                out.append(Example(i + 2 + k, block[k][2:], None if bare else block[k + 1:end]))
            i = j
        i += 1
    return out


def run(kb, command: str, tmp: Path):
    args = shlex.split(command, comments=True)
    assert args[0] == "cmakb", command
    args = [a.replace("/tmp/cmakb", str(tmp)) for a in args[1:]]
    return CliRunner().invoke(cli, args, obj={"kb": kb})


def matches(expected: list[str], actual: list[str]) -> bool:
    pattern = "".join("(?:.*\n)*?" if line == ELLIPSIS else re.escape(line) + "\n" for line in expected)
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


def refreshed(expected: list[str], actual: list[str]) -> list[str]:
    if ELLIPSIS not in expected:
        return actual
    if expected == [ELLIPSIS]:
        return actual
    head = expected.index(ELLIPSIS)
    tail = len(expected) - head - 1
    return actual[:head] + [ELLIPSIS] + (actual[len(actual) - tail:] if tail else [])


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_of_every_kind():
    shown = [e for e in EXAMPLES if e.expected is not None]
    assert len(shown) >= 5 and len(EXAMPLES) >= 20
    commands = {shlex.split(e.command, comments=True)[1] for e in EXAMPLES}
    assert {"ask", "deadline", "version", "history", "changes", "approves", "norm", "list", "report", "graph",
            "check-list", "coverage", "check"} <= commands


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"README.md:{e.line}" for e in EXAMPLES])
def test_readme_example(kb, example, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(kb, example.command, tmp_path)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), f"README.md:{example.line}: exit {result.exit_code}\n{result.output}"
    if example.expected is None:
        return
    actual = result.stdout.rstrip("\n").splitlines()
    if matches(example.expected, actual) and not (REFRESH and example.expected == [ELLIPSIS]):
        return
    if REFRESH:
        _refresh(example, refreshed(example.expected, actual))
        return
    diff = "\n".join(difflib.unified_diff(example.expected, actual, "README.md (shown)", "cmakb (printed)",
                                          lineterm=""))
    pytest.fail(f"README.md:{example.line}: $ {example.command}\n{diff}\n"
                "(if the change is intended: CMAKB_README_REFRESH=1 python -m pytest tests/test_readme.py)")


def _refresh(example: Example, new: list[str]) -> None:
    """Replace the output shown under one command (found again by its text: earlier refreshes move lines)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    k = lines.index(f"$ {example.command}")
    end = k + 1
    while not lines[end].startswith("$ ") and lines[end].strip() != "```":
        end += 1
    lines[k + 1:end] = new
    README.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_examples_leave_no_file_in_the_tree():
    for e in EXAMPLES:
        args = shlex.split(e.command, comments=True)
        for opt in ("--out", "--svg", "--graphml", "--graph-json"):
            if opt in args:
                assert args[args.index(opt) + 1].startswith("/tmp/"), f"README.md:{e.line}: {opt} into the tree"


def test_the_ellipsis_matches_left_out_lines_and_refresh_keeps_its_place():
    assert matches(["a", ELLIPSIS, "d"], ["a", "b", "c", "d"]) and matches(["a", ELLIPSIS], ["a"])
    assert not matches(["a", ELLIPSIS, "d"], ["a", "b", "c"]) and not matches(["a"], ["a", "b"])
    assert refreshed(["x", ELLIPSIS, "y"], ["1", "2", "3", "4"]) == ["1", ELLIPSIS, "4"]
    assert refreshed([ELLIPSIS], ["1", "2"]) == ["1", "2"] and refreshed(["x"], ["1"]) == ["1"]
