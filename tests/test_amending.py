"""The grammar of amending sentences (engine/amending.lark): sentences of the JO → exact operations; bad ones →
the exact error with what was expected; the cross-check of rules/ and `cmakb draft` on the décret's own text."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.amending import AmendingSyntaxError, Level
from engine.amending_resolve import Context, read_sentence
from engine.amending_reader import read_text
from engine.crosscheck import crosscheck, encoded_rows, read_rows, text_ids
from engine.loader import load_corpus
from engine.parser import parse_text
from queries.cli import cli

CA = "code de l'artisanat"
ART19_I = Context(CA, (Level("article", ("19",)), Level("division", ("I",))))


def ops(sentence, ctx=ART19_I, block=()):
    return [(o.kind, o.target, o.old, o.new, o.where, o.anchor, o.new_number)
            for o in read_sentence(sentence, ctx, block=block).operations]


@pytest.mark.parametrize("sentence, expected", [
    ("v) Au sixième alinéa, les mots : « niveau régional » sont remplacés par le mot : « région » ;",
     [("substitute", "art. 19, I, al. 6", "niveau régional", "région", None, None, None)]),
    # several pairs in one sentence, each with its own unit
    ("a) Au premier alinéa, le mot : « achats » est remplacé par le mot : « marchés » et les mots : « a » sont "
     "remplacés par les mots : « b » ;",
     [("substitute", "art. 19, I, al. 1", "achats", "marchés", None, None, None),
      ("substitute", "art. 19, I, al. 1", "a", "b", None, None, None)]),
    ("i) Au premier alinéa, après les mots : « et de l'artisanat » sont insérés les mots : « de région » ;",
     [("insert_words", "art. 19, I, al. 1", None, "de région", "after", "et de l'artisanat", None)]),
    ("a) Il est inséré un : « I » au début du premier alinéa ;",
     [("insert_words", "art. 19, I, al. 1", None, "I", "start", None, None)]),
    ("b) Le 3° est complété par mots : « , la valorisation » ;",
     [("insert_words", "art. 19, I, 3°", None, ", la valorisation", "end", None, None)]),
    ("c) Au 11°, les mots : « définir » sont supprimés ;",
     [("delete_words", "art. 19, I, 11°", "définir", None, None, None, None)]),
    # one replacement of three alinéas (agreed interface: one target citation naming them all)
    ("ii) Les troisième, quatrième et cinquième alinéas sont remplacés par les dispositions suivantes :",
     [("replace", "art. 19, I, al. 3 à 5", None, "Nouveau texte.", None, None, None)]),
    ("i) Les deux premiers alinéas sont remplacés par les dispositions suivantes :",
     [("replace", "art. 19, I, al. 1 et 2", None, "Nouveau texte.", None, None, None)]),
    ("a) Après les mots : « à l'article 19 », la fin de la première phrase du premier alinéa est ainsi rédigée : "
     "« par le candidat » ;",
     [("replace", "art. 19, I, al. 1, phrase 1", None, "par le candidat", "after", "à l'article 19", None)]),
    ("f) La dernière phrase du sixième alinéa est remplacée par les dispositions suivantes :",
     [("replace", "art. 19, I, al. 6, phrase dernière", None, "Nouveau texte.", None, None, None)]),
    ("b) Il est inséré après le I, un I bis ainsi rédigé :",
     [("add", "art. 19, I bis", None, "Nouveau texte.", "after", "art. 19, I", None)]),
    ("a) Après le 1°, il est inséré un 1° bis ainsi rédigé :",
     [("add", "art. 19, I, 1° bis", None, "Nouveau texte.", "after", "art. 19, I, 1°", None)]),
    ("iv) Les 3° et 4° sont abrogés ;",
     [("repeal", "art. 19, I, 3°", None, None, None, None, None),
      ("repeal", "art. 19, I, 4°", None, None, None, None, None)]),
    ("4° Les articles 30 à 33 sont abrogés.", [("repeal", "art. 30 à 33", None, None, None, None, None)]),
    ("e) Les troisième à cinquième alinéas sont remplacés par les dispositions suivantes :",
     [("replace", "art. 19, I, al. 3 à 5", None, "Nouveau texte.", None, None, None)]),
    ("f) Au début du 3°, sont insérés les mots : « Le cas échéant, » ;",
     [("insert_words", "art. 19, I, 3°", None, "Le cas échéant,", "start", None, None)]),
    ("g) A la fin du dernier alinéa, sont ajoutés les mots : « et au II » ;",
     [("insert_words", "art. 19, I, al. dernier", None, "et au II", "end", None, None)]),
    ("b) Les 3° à 5° sont abrogés ;", [("repeal", f"art. 19, I, {n}°", None, None, None, None, None) for n in (3, 4, 5)]),
    ("1° Les articles 36, 38 à 48, 50 et 52 sont abrogés ;",
     [("repeal", t, None, None, None, None, None) for t in ("art. 36", "art. 38 à 48", "art. 50", "art. 52")]),
    ("3° Le titre VI est abrogé.", [("repeal", "titre VI", None, None, None, None, None)]),
    ("vii) L’avant-dernier alinéa est supprimé ;",
     [("repeal", "art. 19, I, al. avant-dernier", None, None, None, None, None)]),
    ("4° Il est rétabli un article 2 ainsi rédigé :",
     [("restore", "art. 2", None, "Nouveau texte.", None, None, None)]),
    ("6° L’article 4 devient l’article 3.", [("renumber", "art. 4", None, None, None, None, "art. 3")]),
    ("a) Au I, la deuxième phrase du second alinéa devient le troisième alinéa ;",
     [("renumber", "art. 19, I, al. 2, phrase 2", None, None, None, None, "art. 19, I, al. 3")]),
    ("vi) Au septième alinéa, à la première ligne du tableau, dans la deuxième colonne, les mots : « a » sont "
     "remplacés par les mots : « b » et dans la troisième colonne, les mots : « c » sont supprimés » ;",
     [("substitute", "art. 19, I, al. 7, tableau, ligne 1, colonne 2", "a", "b", None, None, None),
      ("delete_words", "art. 19, I, al. 7, tableau, ligne 1, colonne 3", "c", None, None, None, None)]),
    ("ii) Au ii, les mots : « gérés directement ; » sont remplacés par les mots : « gérés » ;",
     [("substitute", "art. 19, I, ii)", "gérés directement ;", "gérés", None, None, None)]),
    ("2° Au vingt-cinquième alinéa de l’article 7 du même code, le mot : « x » est supprimé ;",
     [("delete_words", "art. 7, al. 25", "x", None, None, None, None)]),
])
def test_sentences_read_exactly(sentence, expected):
    got = ops(sentence, block=("« Nouveau texte. » ;",))
    assert got == expected


def test_a_unit_completed_by_a_new_numbered_unit_is_an_add_at_its_end():
    got = ops("c) Le I est complété par un 4° ainsi rédigé :", Context(CA, (Level("article", ("19",)),)),
              block=("« Texte sans numéro. »",))
    assert got == [("add", "art. 19, I, 4°", None, "Texte sans numéro.", "end", None, None)]


def test_quotes_keep_their_words_exactly_and_nbsp_is_white_space():
    got = ops("c)\u00a0Au\u00a0quatrième alinéa, les mots\u00a0: «\u00a0de l’artisanat\u00a0» sont supprimés\u00a0;")
    assert got == [("delete_words", "art. 19, I, al. 4", "de l’artisanat", None, None, None, None)]


def test_chapeaux_pass_text_article_and_unit_down():
    text = ("Article 2\nLe chapitre IV du décret n° 2019-123 du 3 mars 2019 est ainsi modifié :\n"
            "1° A l'article 18 :\na) Au II :\ni) Au premier alinéa, le mot : « z » est supprimé ;\n"
            "ii) Dans la deuxième phrase du même alinéa, le mot : « x » est supprimé ;\n"
            "2° Au II de ce même article, les mots : « y » sont supprimés ;\n")
    got = [(p.label, [(o.text, o.target) for o in p.operations]) for p in read_text(text)]
    assert got == [("art. 2, 1° a) i)", [("décret n° 2019-123 du 3 mars 2019", "art. 18, II, al. 1")]),
                   ("art. 2, 1° a) ii)", [("décret n° 2019-123 du 3 mars 2019", "art. 18, II, al. 1, phrase 2")]),
                   ("art. 2, 2°", [("décret n° 2019-123 du 3 mars 2019", "art. 18, II")])]


def test_new_alineas_are_numbered_after_those_inserted_before_them_anchors_in_the_decrets_numbering():
    # décret art. 8, 5° a): « i) Après le premier alinéa, sont insérés deux alinéas … ii) Après le second alinéa,
    # sont insérés les deux alinéas suivants » (the original second: the new ones are al. 5 and 6)
    text = ("Article 8\nLe décret n° 2019-123 du 3 mars 2019 est ainsi modifié :\n1° A l'article 12 :\n"
            "a) Après le premier alinéa, sont insérés deux alinéas ainsi rédigés :\n« Un. » ;\n« Deux. » ;\n"
            "b) Après le second alinéa, sont insérés les deux alinéas suivants :\n« Trois. » ;\n« Quatre. » ;\n"
            "c) Après le premier alinéa, il est inséré un alinéa ainsi rédigé :\n« Zéro. » ;\n")
    got = [[(o.target, o.anchor, o.new) for o in p.operations] for p in read_text(text)]
    assert got == [[("art. 12, al. 2", "art. 12, al. 1", "Un."), ("art. 12, al. 3", "art. 12, al. 2", "Deux.")],
                   [("art. 12, al. 5", "art. 12, al. 2", "Trois."), ("art. 12, al. 6", "art. 12, al. 5", "Quatre.")],
                   # after the first alinéa again: the earlier insertions follow it, the new one comes first
                   [("art. 12, al. 2", "art. 12, al. 1", "Zéro.")]]


@pytest.mark.parametrize("sentence, column, expected", [
    ("Au premier alinéa, les mots : « a » sont changés par les mots : « b » ;", 37,
     ("; ou .", "et", "sont remplacés", "sont supprimés", "»")),
    ("Le deuxième alinéa est ;", 20, ("; ou .", "ainsi rédigé", "devient", "du / de la", "est abrogé",
                                       "est ainsi modifié", "est complété", "sont remplacés", "sont supprimés", "»")),
])
def test_bad_sentences_say_where_and_what_was_expected(sentence, column, expected):
    with pytest.raises(AmendingSyntaxError) as err:
        read_sentence(sentence, ART19_I)
    assert (err.value.column, err.value.expected) == (column, expected)
    assert err.value.render().splitlines()[2].index("^") == 4 + column - 1


@pytest.fixture(scope="module")
def corpus():
    return load_corpus("rules")


def test_crosscheck_of_the_165_provisions(corpus):
    result = crosscheck(corpus)
    assert len(result.provisions) == 165
    assert result.agreeing == 165 and result.disagreements == () and result.stale_diagnoses == ()
    by_label = {p.label: p for p in result.provisions}
    # one replacement of three alinéas: one citation on both sides
    replace_3 = by_label["art. 2, 2° f) ii)"]
    assert replace_3.agrees and [r.target for r in replace_3.encoded] == ["art. 19, IV, al. 3 à 5"]
    # the end of a sentence after some words: the anchor, not the old words
    end = by_label["art. 13, 7° a)"]
    assert end.agrees and [(r.kind, r.target, r.old, r.where, r.anchor) for r in end.read] == [
        ("replace", "art. 20, al. 1, phrase 1", None, "after", "à l'article 19")]
    # the mentions of a titre are its headings, named by their letter
    assert [r.target for r in by_label["art. 11, 2° b)"].read] == ["titre Ier, mention B"]
    # « Après le second alinéa » is the original second (the décret's numbering); the two new alinéas come
    # after the two that 5° a) i) inserted before it: al. 5 and 6, one add of two = two adds of one
    second = by_label["art. 8, 5° a) ii)"]
    assert second.agrees and [(r.target, r.anchor) for r in second.read] == [
        ("art. 12, II, al. 5", "art. 12, II, al. 2"), ("art. 12, II, al. 6", "art. 12, II, al. 5")]
    # words deleted after some words: the anchor on both sides
    assert [(r.kind, r.where, r.anchor) for r in by_label["art. 13, 4°"].encoded] == [
        ("delete_words", "after", "de région")]
    # a table: its cells in order (the JO lays them out one by one); the encoding keeps them in rows
    table = by_label["art. 11, 3°"]
    assert table.agrees and "| 13 | 25 | 7 | 91 |" in corpus.provisions[("D2021_168", "art. 11, 3°")].operations[0].new.value


def test_docs_list_every_diagnosed_disagreement():
    page = (Path(__file__).resolve().parent.parent / "docs" / "amending.md").read_text(encoding="utf-8")
    from engine.amending_diagnoses import DIAGNOSES

    for label in DIAGNOSES:
        assert f"| {label} |" in page, label


def test_check_reads_the_165_sentences_as_encoded():
    r = CliRunner().invoke(cli, ["check"])
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == ("lecture des phrases du décret : 165/165 dispositions lues comme encodées ; "
                                       "0 écarts diagnostiqués, 0 nouveaux")
    assert "avertissement" not in r.stderr and "diagnostic périmé" not in r.stderr
    r = CliRunner().invoke(cli, ["check", "--json"])
    crossed = json.loads(r.stdout)["crosscheck"]
    assert r.exit_code == 0 and crossed == {"agreeing": 165, "total": 165, "undiagnosed": 0, "disagreements": []}


def test_check_fails_on_a_new_disagreement_with_file_line_col(tmp_path):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree("rules", rules)
    f = rules / "decret-99-433" / "article-16.cma"
    # the old encoding of art. 16, 1°: one add naming only the first of its two alinéas
    f.write_text(f.read_text(encoding="utf-8").replace('"art. 30, II, al. 2 et 3" after', '"art. 30, II, al. 2" after'),
                 encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", str(rules)])
    assert r.exit_code == 1
    err = next(block for block in r.stdout.split("\n" + str(rules)) if "art. 16, 1° : la lecture" in block)
    assert "decret-99-433/article-16.cma:12:5: erreur : art. 16, 1° : la lecture de la phrase du décret diffère" in err
    assert err.splitlines()[1:3] == ['        add D99_433 "art. 30, II, al. 2" after "art. 30, II, al. 1" """',
                                     "        ^"]
    assert "encodé  : insertion d'une unité — D99_433, art. 30, II, al. 2 après « art. 30, II, al. 1 »" in r.stderr


def test_draft_of_the_decret_gives_the_operations_of_rules(corpus):
    r = CliRunner().invoke(cli, ["draft", "rules/sources/decret-2021-168.txt", "--json"])
    assert r.exit_code == 0, r.stderr
    drafted = json.loads(r.stdout)
    assert len(drafted) == 165
    ids = text_ids(corpus)
    from engine.amending_resolve import DraftOperation

    equal = 0
    for p in drafted:
        prov = corpus.provisions[("D2021_168", p["label"])]
        mine = read_rows(tuple(DraftOperation(o["kind"], o["text"], o["target"], o["old"], o["new"],
                                              (o["place"] or {}).get("where"), (o["place"] or {}).get("anchor"),
                                              o["new_number"]) for o in p["operations"]), ids)
        equal += sorted(map(str, mine)) == sorted(map(str, encoded_rows(prov)))
    assert equal == 165
    # every `says` quoted exactly as the rules files quote it
    assert [p["label"] for p in drafted if p["says"] != corpus.provisions[("D2021_168", p["label"])].says.value] == []
    one = next(p for p in drafted if p["label"] == "art. 2, 2° a) iv)")
    assert one["says"] == "iv) Les quatrième et cinquième alinéas sont supprimés ;"
    assert [o["target"] for o in one["operations"]] == ["art. 19, I, al. 4", "art. 19, I, al. 5"]


def test_draft_rules_file_is_valid_dsl_and_marks_what_it_cannot_read(tmp_path):
    f = tmp_path / "texte.txt"
    f.write_text("A l'article 3 du décret n° 2019-123 du 3 mars 2019 :\n"
                 "Au premier alinéa, les mots : « a » sont remplacés par les mots : « b ».\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["draft", str(f)])
    assert r.exit_code == 0
    assert 'substitute D2019_123 "art. 3, al. 1" « a » by « b »' in r.stdout
    assert len(parse_text(r.stdout).statements) == 1
    f.write_text("Article 1\nLe code du travail est ainsi modifié :\n1° L'article 3 est abrogé ;\n"
                 "2° L'article 4 est chamboulé ;\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["draft", str(f)])
    assert r.exit_code == 1
    assert 'repeal CODE_DU_TRAVAIL "art. 3"' in r.stdout
    assert "# à encoder à la main : ligne 4" in r.stdout
    assert f"{f}:4:" in r.stderr and "attendu :" in r.stderr
    assert CliRunner().invoke(cli, ["draft", str(tmp_path / "absent.txt")]).exit_code == 2


def test_draft_writes_the_anchored_forms_of_the_dsl():
    from queries.draft import operation_line

    ctx = Context("décret n° 99-433", (Level("article", ("14",)),))
    [delete] = read_sentence("4° Après les mots : « de région », les mots : « ou de la chambre » sont supprimés ;",
                             ctx).operations
    ctx = Context("décret n° 99-433", (Level("article", ("20",)),))
    [end] = read_sentence("a) Après les mots : « à l'article 19 », la fin de la première phrase du premier alinéa est "
                          "ainsi rédigée : « par le candidat » ;", ctx).operations
    lines = operation_line(delete, "D99_433", ["art. 14"]) + operation_line(end, "D99_433", ["art. 20, al. 1, phrase 1"])
    assert lines == ['delete D99_433 "art. 14" « ou de la chambre » after « de région »',
                     'replace D99_433 "art. 20, al. 1, phrase 1" after « à l\'article 19 » by """\n'
                     '        par le candidat\n    """']
    program = "".join(f'provision P "{i}" {{\n    {line}\n}}\n' for i, line in enumerate(lines))
    assert [op.place.anchor.value for p in parse_text(program).statements for op in p.operations] == [
        "de région", "à l'article 19"]


from hypothesis import given, settings, strategies as st

_PIECES = ["Au", "premier", "alinéa", ",", "les mots", ":", "« a »", "sont remplacés", "par", "le mot", "« b »",
           "l'article", "12", "est abrogé", "Les", "dix", "derniers", "alinéas", "après", "il est inséré", "un",
           "ainsi rédigé", "du", "même", "code", "II", "3°", "a)", "et", ";", "«", "»", "devient", "Sont abrogés :"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12))
def test_any_word_salad_is_read_or_refused_with_a_syntax_error(words):
    try:
        read_sentence(" ".join(words), ART19_I)
    except AmendingSyntaxError as exc:
        assert exc.column >= 1 and exc.render()


def test_draft_reads_the_jo_layout_articles_paragraphs_and_the_text_of_each_provision():
    r = CliRunner().invoke(cli, ["draft", "tests/fixtures/amending/jo-layout.txt", "--json"])
    assert r.exit_code == 0, r.stderr
    got = [(p["label"], [(o["kind"], o["text"], o["target"], (o["place"] or {}).get("anchor")) for o in p["operations"]])
           for p in json.loads(r.stdout)]
    assert got == [
        ("art. 1, 1° a)", [("substitute", "code de commerce", "art. R. 123-4, I", None)]),
        # « Il est inséré un II bis » without an anchor: right after the II
        ("art. 1, 1° b)", [("add", "code de commerce", "art. R. 123-4, II bis", "art. R. 123-4, II")]),
        ("art. 1, 2°", [("repeal", "code de commerce", "art. R. 123-5", None),
                        ("repeal", "code de commerce", "art. R. 123-6", None)]),
        ("art. 2, I", [("delete_words", "décret n° 2019-123 du 3 mars 2019", "art. 3, al. 2", None)]),
        # « du même décret »: the last text named, not the code of article 1
        ("art. 2, II", [("add", "décret n° 2019-123 du 3 mars 2019", "art. 7, al. dernier", None)]),
    ]  # article 3 (execution) amends nothing and gives no provision


def test_every_terminal_of_the_grammar_has_a_french_name_for_error_messages():
    from engine.amending import EXPECTED_WORDS, _parser

    names = {t.name for t in _parser().terminals if not t.name.startswith("__")}
    assert sorted(names - set(EXPECTED_WORDS)) == []
