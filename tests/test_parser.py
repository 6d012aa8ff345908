"""The grammar and the parser: valid inputs give the right typed nodes; invalid ones give
the exact position, the line, a caret and what was expected."""

from datetime import date

import pytest

from engine import ast
from engine.errors import RulesSemanticError, RulesSyntaxError
from engine.parser import parse_text


def one(text):
    (statement,) = parse_text(text, "t.cma").statements
    return statement


def error_of(text):
    with pytest.raises((RulesSyntaxError, RulesSemanticError)) as info:
        parse_text(text, "t.cma")
    return info.value


# ------------------------------------------------------------------ valid
def test_text_record_with_lists_dates_and_comments():
    rec = one('''# a comment
    text D66_137 {   # trailing comment
        title: "Décret n° 66-137 du 7 mars 1966 relatif à CMA France"
        kind: decret
        signed: 1966-03-07
        articles: "1", "17-1", "30 à 33"
    }''')
    assert isinstance(rec, ast.Record) and (rec.kind, rec.id) == ("text", "D66_137")
    assert rec.get("signed").values[0].value == date(1966, 3, 7)
    assert [v.value for v in rec.get("articles").values] == ["1", "17-1", "30 à 33"]
    assert rec.pos.line == 2 and rec.pos.column == 5


def test_guillemets_keep_french_text_and_drop_inner_spaces():
    p = one('provision D "art. 9, 1°" { substitute T "art. 17" « l\'article 1601 » by « les articles 1601 et 1601-0A » }')
    op = p.operations[0]
    assert op.kind == "substitute"
    assert op.old.value == "l'article 1601" and op.new.value == "les articles 1601 et 1601-0A"


def test_guillemets_allow_one_level_of_nesting():
    p = one('provision D "x" { delete T "art. 1" « les mots « A » et « B » » }')
    assert p.operations[0].old.value == "les mots « A » et « B »"


def test_block_is_dedented_and_kept_exactly():
    p = one('provision D "x" {\n  add T "art. 2" after "art. 1" """\n      Art. 2. - Premier alinéa ;\n      « Second » alinéa.\n  """\n}')
    assert p.operations[0].new.value == "Art. 2. - Premier alinéa ;\n« Second » alinéa."
    assert p.operations[0].place == ast.Place("after", p.operations[0].place.anchor)
    assert p.operations[0].place.anchor.value == "art. 1"


def test_every_operation_form():
    p = one('''provision D "art. 1, 1°" {
        says """1° Le texte."""
        substitute T "art. 1" « a » by « b »
        delete T "art. 1, al. 2", "art. 1, al. 3" « c »
        insert T "art. 1" « d » after « e »
        insert T "art. 1" « I » at start
        replace T "art. 1, II" by """II. - Nouveau."""
        add T "art. 1, III" at end """III. - Ajouté."""
        repeal T "art. 30 à 33", "art. 36"
        repeal W
        restore T "art. 16" """Art. 16. - Rétabli."""
        renumber T "art. 4" as "art. 3"
        retitle T "intitulé" « x » by « y »
        retitle T "titre Ier, intitulé" « z » after « w »
        note: "a reading"
    }''')
    kinds = [o.kind for o in p.operations]
    assert kinds == ["substitute", "delete_words", "insert_words", "insert_words", "replace", "add", "repeal",
                     "repeal", "restore", "renumber", "retitle_substitute", "retitle_insert"]
    assert [t.citation for t in p.operations[1].targets] == ["art. 1, al. 2", "art. 1, al. 3"]
    assert p.operations[3].place.where == "start"
    assert p.operations[7].targets[0].citation is None  # the whole text W
    assert p.operations[9].new_number.value == "art. 3"
    assert p.says.value == "1° Le texte." and p.get("note").values[0].value == "a reading"


def test_values_interval_duration_number_symbol_ref():
    rec = one('approval a { approver: prefet_de_region delay: 2 mois n: 0.5 valid: [2021-02-19, open) '
              'basis: CA "art. 19, II bis, 3°" }')
    vals = {f.name: f.values[0] for f in rec.fields}
    assert vals["approver"] == ast.Symbol("prefet_de_region", vals["approver"].pos)
    assert (vals["delay"].amount, vals["delay"].unit) == (2, "months")
    assert vals["n"].value == 0.5
    assert (vals["valid"].start, vals["valid"].end) == (date(2021, 2, 19), ast.OPEN_END)
    assert (vals["basis"].text_id, vals["basis"].citation) == ("CA", "art. 19, II bis, 3°")


def test_a_field_named_day_is_not_a_unit():
    rec = one("deadline d { month: 7\n day: 1 }")
    assert [(f.name, f.values[0].value) for f in rec.fields] == [("month", 7), ("day", 1)]


def test_facts_and_rules_with_negation_and_date_comparison():
    fact, rule = parse_text('fact competent(prefet_de_region, "budget") { valid: [2021-02-19, open) }\n'
                            'rule late(X) :- due(X, D), not excused(X), D < 2022-01-01, X != "x"').statements
    assert fact.atom == ast.Atom("competent", (ast.Const("prefet_de_region", fact.atom.terms[0].pos),
                                                ast.Const("budget", fact.atom.terms[1].pos)), fact.atom.pos)
    atom, neg, cmp1, cmp2 = rule.body
    assert isinstance(atom, ast.Atom) and isinstance(neg, ast.Negation) and neg.atom.predicate == "excused"
    assert (cmp1.op, cmp1.right.value) == ("<", date(2022, 1, 1))
    assert isinstance(cmp1.left, ast.Var) and cmp2.op == "!="


# ------------------------------------------------------------------ invalid: exact positions and messages
def test_missing_closing_quote():
    err = error_of('text CA {\n    title: "code de l\'artisanat\n}')
    assert (err.pos.line, err.pos.column) == (2, 12)
    assert err.message == 'missing closing quote "'
    assert err.render().splitlines()[1:3] == ['        title: "code de l\'artisanat', "               ^"]


def test_missing_closing_guillemet():
    err = error_of('provision D "x" {\n  delete T "art. 1" « mots\n}')
    assert (err.pos.line, err.pos.column, err.message) == (2, 21, "missing closing » for this «")


def test_missing_by_in_substitution_lists_what_was_expected():
    err = error_of('provision D "x" { substitute T "art. 1" « a » « b » }')
    assert (err.pos.line, err.pos.column) == (1, 47)
    assert err.message == "unexpected '« b »'" and err.expected == ["'by'"]


def test_impossible_date():
    err = error_of("fact p(a) { valid: [2021-02-30, open) }")
    assert (err.pos.line, err.pos.column) == (1, 21)
    assert err.message == "bad date '2021-02-30': no such day"


def test_empty_interval():
    err = error_of("fact p(a) { valid: [2023-07-01, 2021-02-19) }")
    assert "empty interval: end 2021-02-19 is not after start 2023-07-01" in err.message


def test_variable_in_a_fact():
    err = error_of("fact p(a, X)")
    assert (err.pos.column, err.message.split(";")[0]) == (11, "a fact holds constants only")


def test_unexpected_end_of_file():
    err = error_of("text CA {\n  title: \"x\"\n")
    assert err.message == "unexpected end of file" and err.pos.line == 2
    assert "'}'" in err.expected


def test_errors_carry_file_line_column_in_their_first_line():
    err = error_of("rule p(X) :- q(X) r(X)")
    assert err.render().startswith("t.cma:1:20: unexpected '('")
