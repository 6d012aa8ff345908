"""Fuzzing the rules files (issue 12): real files mutated at random, loaded through `cmakb check`.

Whatever the mutation: no traceback, exit 0, 1 or 2, and every rules error at exit 2 names a true
file:line:col, shows that very line of the file and puts its caret within it. Known-bad edits are
rejected at the line they touch. Bounded (derandomized, a fixed number of examples) so CI stays fast;
bench/fuzz.py runs the same generators for minutes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.cli import cli
from tests.fuzz_inputs import known_bad, mutant

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
POSITION = re.compile(r"^(?P<file>[^\s:][^:]*\.cma):(?P<line>\d+):(?P<col>\d+): ")


def check(root: Path):
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result


def positions(output: str, root: Path) -> list[tuple[int, str]]:
    """Each 'file:line:col: message' of `output`, checked: the next line shows that line of the file, and
    the caret under it lands within the line. Returns (line, message) pairs."""
    lines = output.split("\n")
    found = []
    for i, line in enumerate(lines):
        m = POSITION.match(line)
        if not m:
            continue
        path = root.parent / m["file"]
        assert path.is_file(), f"{m['file']} is not a file of the tree: {line}"
        file_lines = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
        number, col = int(m["line"]), int(m["col"])
        assert 1 <= number <= max(len(file_lines), 1), line
        shown = lines[i + 1] if i + 1 < len(lines) else ""
        if shown.startswith("    "):
            assert shown[4:] == file_lines[number - 1].rstrip("\n"), f"{line}\nshown: {shown!r}\n" \
                f"file:  {file_lines[number - 1]!r}"
            caret = lines[i + 2]
            assert caret.strip() == "^" and len(caret) - 4 <= len(file_lines[number - 1]) + 1, line
            assert 1 <= col <= len(file_lines[number - 1]) + 1, line
        found.append((number, line))
    return found


@FUZZ
@given(st.randoms(use_true_random=False))
def test_mutated_rules_never_crash_and_errors_are_at_true_positions(rnd):
    with tempfile.TemporaryDirectory() as tmp:
        m = mutant(rnd, Path(tmp) / "rules")
        result = check(m.root)
        if result.exit_code == 2:
            first = result.output.split("\n", 1)[0]
            assert POSITION.match(first) or first.startswith("aucune règle à"), f"{m.how}: {first}"
            positions(result.output, m.root)


@settings(FUZZ, max_examples=24)
@given(st.randoms(use_true_random=False))
def test_known_bad_edits_are_rejected_at_their_line(rnd):
    with tempfile.TemporaryDirectory() as tmp:
        m, line = known_bad(rnd, Path(tmp) / "rules")
        result = check(m.root)
        assert result.exit_code == 2, f"{m.how} accepted:\n{result.output}"
        at = [(n, text) for n, text in positions(result.output, m.root) if text.split(":")[0].endswith(m.file)]
        assert any(n == line for n, _ in at), f"{m.how}: no error at {m.file}:{line}\n{result.output}"
