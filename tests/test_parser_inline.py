"""The parser's two paths: the in-parse transformer (engine/parser._fast, what every build uses) gives
exactly the nodes of the reference path (a Lark tree, then _ToAst), and every error is the
reference's: same message, same file:line:col, same caret."""

import sys
from pathlib import Path

import pytest

from engine import ast, codec, parser
from engine.errors import RulesSemanticError, RulesSyntaxError

ROOT = Path(__file__).resolve().parent.parent


def reference(text: str, filename: str) -> ast.RulesFile:
    text = text.replace("\r\n", "\n")
    lines = parser.lexer_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    tree = parser._lark().parse(text)
    return ast.RulesFile(filename, tuple(parser._ToAst(filename, lines).transform(tree)))


def synthetic_texts(tmp_path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(300, tmp_path)
    return sorted(tmp_path.glob("*.cma"))


def test_the_in_parse_transformer_is_available_and_used(monkeypatch):
    assert parser._fast() is not None, "lark changed: the build parses twice as slowly (reference path only)"
    assert "lex" in vars(parser._fast()[0].parser.lexer), "lark changed: the lexer loop is not installed"

    def no_reference():
        raise AssertionError("a valid file went through the reference path")

    monkeypatch.setattr(parser, "_lark", no_reference)
    rf = parser.parse_text('provision D "art. 9, 1°" { substitute T "art. 17", "art. 18" « a » by « b » }\n'
                           'fact f(a) { valid: [2021-02-19, open) }', "t.cma")
    (op,) = rf.statements[0].operations
    assert (op.kind, op.pos.line, op.pos.column) == ("substitute", 1, 28)
    assert [t.citation for t in op.targets] == ["art. 17", "art. 18"]
    assert rf.statements[1].fields[0].values[0].pos.column == 20  # the "[" of the interval


def test_every_rules_file_gives_the_reference_nodes(tmp_path):
    paths = sorted((ROOT / "rules").rglob("*.cma")) + synthetic_texts(tmp_path)
    assert len(paths) > 30
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fast, ref = parser.parse_text(text, path.name), reference(text, path.name)
        assert fast == ref, path
        assert codec.encode(fast) == codec.encode(ref), path


@pytest.mark.parametrize("text", [
    # a semantic error (no such day) before a syntax error: the reference parses first, so the syntax error
    'fact f(a) { valid: [2021-02-30, open) }\nactor b {{ name: }}\n',
    'fact f(a) { valid: [2021-02-30, open) }\n',
    'provision D "x" { substitute T "art. 1" « a » by }\n',
    'provision D "x" { says « a »  says « b » }\n',
    'deadline d { within: 1.5 months }\n',
    'rule r(X) :- a(X) { valid: [2022-01-01, 2021-01-01) }\n',
    'fact f(X) { }\n',
    'actor a { name: "x\n',
    'actor a { name: "x" } §\n',  # no terminal matches: the lexer loop gives up, the reference reports it
    'text T { title: "t" }\nprovision T "1" { repeal T "art. 1" } }\n',
])
def test_errors_are_the_reference_errors(text, monkeypatch):
    with pytest.raises((RulesSyntaxError, RulesSemanticError)) as got:
        parser.parse_text(text, "t.cma")
    monkeypatch.setattr(parser, "_fast", lambda: None)  # the reference path alone, as before the fast one
    with pytest.raises((RulesSyntaxError, RulesSemanticError)) as ref:
        parser.parse_text(text, "t.cma")
    assert type(got.value) is type(ref.value)
    assert str(got.value) == str(ref.value) and got.value.pos == ref.value.pos
    assert got.value.pos.file == "t.cma"
