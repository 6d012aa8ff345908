"""Fuzzing the command line (issue 12): hostile arguments to the query commands, hostile input files to
the compliance checks and `report questions`. No traceback, exit 0, 1 or 2, and a bad input (exit 2)
says what was wrong on one line or more, never nothing. Derandomized and bounded for CI."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.cli import cli
from tests.fuzz_inputs import RULES, cli_args, input_file

FUZZ = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
CHECKS = ["check-vote", "check-commission", "check-shares", "check-bureau", "check-seats", "check-list"]


def invoke(kb, args):
    result = CliRunner().invoke(cli, args, obj={"kb": kb, "rules": RULES})
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args!r}: traceback {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output and result.exit_code in (0, 1, 2), f"{args!r}\n{result.output}"
    if result.exit_code == 2:
        assert result.output.strip(), f"{args!r}: exit 2 without a message"
    return result


@FUZZ
@given(st.randoms(use_true_random=False))
def test_hostile_query_arguments(kb, rnd):
    args = cli_args(rnd)
    result = invoke(kb, args)
    if "--json" in args and result.exit_code in (0, 1):
        json.loads(result.output.encode("utf-8").decode("utf-8"))  # valid UTF-8 JSON


@FUZZ
@given(st.randoms(use_true_random=False))
def test_hostile_input_files(kb, rnd):
    name, data = input_file(rnd)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        if name.endswith(".txt") or rnd.random() < 0.3:
            invoke(kb, ["report", "questions", str(path), "--out", str(Path(tmp) / "out")])
        else:
            invoke(kb, [rnd.choice(CHECKS), str(path)])
