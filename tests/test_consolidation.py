"""Consolidated text: the words of every version, each passage traced to the provision that wrote it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engine.base_texts import alineas_from_html, load_base_texts
from engine.citation import alinea_numbers, parse_citation
from engine.consolidation import TOLERANCES, all_problems, locate_words

ON = date(2021, 3, 1)
CA_AMENDED_IN_PART = ["17", "18", "19", "20", "21", "22", "22-2", "23", "24", "26", "28", "28-1", "28-2", "51", "76",
                      "77", "82"]


@pytest.fixture(scope="module")
def cons(kb):
    return kb.consolidated


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip()


def _ops_on(kb, text_id, article):
    for (_, label), prov in kb.corpus.provisions.items():
        for op in prov.operations:
            for t in kb.corpus.targets.get(id(op), ()):
                if t.text_id == text_id and article in t.articles and t.citation and not (
                        t.citation.is_whole_article and op.kind in ("replace", "add", "restore", "repeal")):
                    yield label, op, t


# ------------------------------------------------------------------ base texts
def test_base_texts_count_alineas_as_legistique_does():
    base = load_base_texts("rules")
    art18 = base[("CA", "18")]
    assert art18.legiarti == "LEGIARTI000034236039" and art18.start == date(2017, 3, 19)
    assert [a.text[:14] for a in art18.alineas] == ["Les fonctions ", "-d'indemnités ", "-d'indemnités ",
                                                    "Un arrêté conj", "Une délibérati"]
    art19 = base[("CA", "19")]
    assert art19.alineas[6].kind == "table"  # art. 19, I, al. 7 is the table
    assert art19.alineas[6].text.split("\n")[1] == "1 département | 12 | 12"
    assert base[("D66_137", "12")].legiarti == "LEGIARTI000038394717" and base[("D66_137", "12")].complete
    assert not base[("D66_137", "1")].complete


def test_html_breaks_and_paragraphs_are_alineas():
    als = alineas_from_html("<p>Un :</p><p><br/>-a ;<br/><br/>-b.</p><p>Voir <a href='x'>l'article 5-2.</a></p>")
    assert [a.text for a in als] == ["Un :", "-a ;", "-b.", "Voir l'article 5-2."]


def test_the_version_before_the_decret_starts_on_its_legi_date(kb):
    tl = kb.timelines[("CA", "18")]
    assert tl.segments[0].start == date(2017, 3, 19) and tl.segments[0].end == date(2021, 2, 19)
    before = kb.consolidated[("CA", "18")].at(date(2020, 6, 1))
    assert before.start == date(2017, 3, 19) and {p.provision for p in before.passages} == {None}
    assert before.text.splitlines()[1].startswith("-d'indemnités de fonctions aux présidents et aux trésoriers des")


# ------------------------------------------------------------------ the key test
@pytest.mark.parametrize("article", CA_AMENDED_IN_PART)
def test_every_operation_is_at_its_place_and_the_old_words_are_gone(kb, cons, article):
    base = load_base_texts("rules")[("CA", article)]
    base_text = _norm("\n".join(a.text for a in base.alineas))
    v = cons[("CA", article)].at(ON)
    assert v.status == "in_force" and v.complete and v.amended
    text = _norm(v.text)
    by_prov: dict[str, str] = {}
    for p in v.passages:
        by_prov[p.provision] = by_prov.get(p.provision, "") + " " + p.text
    checked = 0
    for label, op, target in _ops_on(kb, "CA", article):
        written = _norm(by_prov.get(label, ""))
        if op.kind in ("substitute", "insert_words", "replace", "add") and op.new is not None:
            for line in op.new.value.strip().splitlines():
                line = _norm(line).strip(" ,")
                line = re.sub(r"^Art\. [\w -]+?\. - ", "", line)
                if line in ("I",):
                    line = "I.-"
                assert line[:-1] in written, f"{label}: new words not written: {line[:60]}"
            checked += 1
        if op.kind in ("substitute", "delete_words") and op.old is not None:
            old = op.old.value
            before = len(re.findall(re.escape(_norm(old)), base_text))
            after = len(re.findall(re.escape(_norm(old)), text))
            found = locate_words(base_text, _norm(old))
            assert found is not None, f"{label}: old words not in the base"
            assert after < max(before, 1) or found[2] is not None, f"{label}: old words still there: {old[:50]}"
            checked += 1
        if op.kind == "insert_words" and op.place and op.place.anchor is not None and op.new is not None:
            anchor = _norm(op.place.anchor.value)
            new = _norm(op.new.value)
            tolerant = locate_words(text, anchor + " " + new)
            assert tolerant is not None, f"{label}: « {new} » not right after « {anchor} »"
        if op.kind == "repeal" and target.citation.parts[-1].kind == "alinea":
            div = next((p.label for p in target.citation.parts if p.kind == "division"), None)
            n = target.citation.parts[-1].label
            gone = [a for a in _base_units(base, div, n)]
            for g in gone:
                assert _norm(g) not in text, f"{label}: repealed alinéa still there: {g[:50]}"
            checked += 1
    assert checked


def _base_units(base, div, n):
    cur, per = None, {}
    rows = []
    for a in base.alineas:
        m = re.match(r"^([IVX]+(?: bis)?)\s*\.\s*[-–]", a.text)
        if m:
            cur = m[1]
        per[cur] = per.get(cur, 0) + 1
        rows.append((cur, per[cur], a.text))
    if div is None:
        rows = [(None, i, t) for i, (_, _, t) in enumerate(rows, 1)]
    in_div = [r for r in rows if r[0] == div]
    if n == "dernier":
        return [in_div[-1][2]]
    return [t for d, k, t in in_div if k == int(n)]


def test_check_locates_every_anchor(kb, cons):
    errors = [p for p in all_problems(cons) if p.severity == "error"]
    assert errors == []
    located = {t: sum(v.located for (tid, _), a in cons.items() if tid == t for v in a.versions)
               for t in ("CA", "D66_137", "D99_433")}
    assert located == {"CA": 78, "D66_137": 8, "D99_433": 3}
    # what cannot be located lies in cut or uncertain base texts, and is said so (never guessed)
    warnings = [(p.provision, p.severity) for p in all_problems(cons)]
    assert warnings == [("art. 7, 1° d)", "source"), ("art. 7, 1° e)", "source"), ("art. 13, 7° b)", "source")]


def test_the_known_quotation_differences_are_named_tolerances(cons):
    used = {(t.provision, t.tolerance, t.found) for a in cons.values() for v in a.versions for t in v.tolerances}
    assert ("art. 3, 5°", "article_contracte", "Les chambres des métiers et de l'artisanat") in used
    assert ("art. 3, 5°", "pluriel", "sessions d'examen") in used
    assert ("art. 2, 1° c)", "fin_de_phrase",
            "de plusieurs établissements du réseau des chambres de métiers et de l'artisanat") in used
    assert {t for _, t, _ in used} <= set(TOLERANCES)
    v = cons[("CA", "24")].at(ON)
    assert any("singulier/pluriel" in n for n in v.notes)


# ------------------------------------------------------------------ pinned texts
def test_art_18_al_4_ends_with_the_new_words_and_one_full_stop(cons):
    al4 = cons[("CA", "18")].at(ON).text.splitlines()[3]
    assert al4.endswith("lorsqu'un élu est membre, à la fois, de CMA France, d'une chambre de métiers et de "
                        "l'artisanat de région et d'une chambre de niveau départemental relevant de celle-ci, ou de "
                        "l'une ou l'autre de ces deux chambres.")


def test_several_alineas_replaced_by_one_text_are_one_alinea(cons):
    # art. 2, 2° f) ii): « Les troisième, quatrième et cinquième alinéas [du IV] sont remplacés par … »
    v = cons[("CA", "19")].at(ON)
    iv = [al for al in v.alineas if al[0].division == "IV"]
    written = [al for al in iv if al[0].provision == "art. 2, 2° f) ii)"]
    assert len(written) == 1 and written[0][0].text.startswith("La démission de la fonction au titre de laquelle")
    assert v.text.count("La démission de la fonction au titre de laquelle") == 1
    # art. 2, 5° e) in art. 20: three alinéas become one
    t20 = cons[("CA", "20")].at(ON).text
    assert t20.count("participe aux séances de l'assemblée générale avec voix consultative") == 1
    assert "le ministre chargé de l'artisanat et le ministre chargé de l'outre-mer" not in t20


def test_insertions_keep_one_space_and_the_closing_mark(cons):
    t17 = cons[("CA", "17")].at(ON).text
    assert t17.startswith("Les chambres de métiers et de l'artisanat de région peuvent être supprimées par décret")
    t19 = cons[("CA", "19")].at(ON).text
    assert ("préservant le secret du vote dans les conditions prévues par le décret n° 2014-1627 du 26 décembre "
            "2014 relatif aux modalités d'organisation des délibérations à distance des instances administratives "
            "à caractère collégial.") in t19
    assert "ou à la qualité de membre du bureau.\n" in t19 + "\n" and "bureau.." not in t19
    t20 = cons[("CA", "20")].at(ON).text
    assert t20.startswith("I.-Les chambres de métiers et de l'artisanat de région se réunissent")


def test_table_cells_are_amended_in_place(cons):
    table = next(al for al in cons[("CA", "19")].at(ON).alineas if al[0].kind == "table")
    head = "".join(p.text for p in table).split("\n")[0].split(" | ")
    assert head[1] == "NOMBRE MAXIMUM de membres du bureau de la chambre de métiers et de l'artisanat de région " \
                      "par département"
    assert head[2] == "NOMBRE MAXIMUM DE MEMBRES du bureau de la chambre de métiers et de l'artisanat de région"


def test_alineas_are_numbered_both_ways_without_collision(cons):
    for key in [("CA", a) for a in CA_AMENDED_IN_PART]:
        v = cons[key].at(ON)
        numbers = [(al[0].division, al[0].alinea) for al in v.alineas]
        assert len(numbers) == len(set(numbers)), key
    v = cons[("CA", "20")].at(ON)
    # the décret's « sixième alinéa » (quorum) is the fifth of the consolidated I
    quorum = next(al for al in v.alineas if al[0].text.startswith("L'assemblée générale ne peut délibérer"))
    assert (quorum[0].division, quorum[0].alinea, quorum[0].decree_alinea) == ("I", 5, 6)


def test_an_untouched_article_is_in_force_until_the_recodification(cons):
    a = cons[("CA", "19 ter")]
    assert not a.touched and a.legiarti == "LEGIARTI000022517386"
    v = a.at(ON)
    assert v.status == "in_force" and v.start == date(2010, 7, 25) and v.end == date(2023, 7, 1)
    assert "non modifié par le décret" in v.notes[0]
    assert a.at(date(2023, 7, 1)).status == "repealed"


def test_a_base_text_of_decret_66_137_is_consolidated(cons):
    v = cons[("D66_137", "12")].at(ON)
    ii = [al for al in v.alineas if al[0].division == "II"]
    starts = ["II. - Le bureau se réunit", "Sur proposition de la con", "Il présente également à",
              "Le ministre de tutelle pe", "Le bureau ne peut délibér", "Le cas échéant, les votes"]
    assert len(ii) == len(starts) and all(al[0].text.startswith(s) for al, s in zip(ii, starts))
    assert [al[0].alinea for al in ii] == [1, 2, 3, 4, 5, 6]
    assert [al[0].decree_alinea for al in ii] == [1, None, None, 2, None, None]


def test_citations_name_several_alineas():
    c = parse_citation("art. 19, IV, al. 3 à 5")
    assert c.canonical == "art. 19, IV, al. 3 à 5" and alinea_numbers(c.parts[-1]) == [3, 4, 5]
    assert alinea_numbers(parse_citation("art. 77, al. 2 et 3").parts[-1]) == [2, 3]


# ------------------------------------------------------------------ the operation semantics the audit fixed
@pytest.mark.parametrize("text_id, article, label, start", [
    ("CA", "19", "art. 2, 2° f) ii)", "La démission de la fonction au titre de laquelle"),
    ("CA", "20", "art. 2, 5° e)", "Le préfet de région, ou son représentant, qui peut se faire assister"),
    ("CA", "21", "art. 2, 6° b) i)", "II.-Des membres associés sont désignés auprès de la chambre"),
    ("D66_137", "4", "art. 7, 5°", "Le contrat d'objectifs et de performance"),
    ("D99_433", "9", "art. 13, 1°", "1° Pour les chambres de métiers"),
])
def test_several_units_replaced_by_one_text_are_one_unit_in_versions(kb, text_id, article, label, start):
    from queries.article_versions import version_at

    info = version_at(kb, text_id, article, ON).answers[0].fields["version"]
    copies = [u for u in info.units if u[1].strip().startswith(start)]
    assert len(copies) == 1, copies
    ops = [o for o in info.operations if o["provision"] == label]
    assert len(ops) == 1 and (" à " in ops[0]["citation"] or " et " in ops[0]["citation"])


def test_the_end_of_a_sentence_rewritten_keeps_its_start(cons):
    # décret art. 13, 7° a): « Après les mots : « à l'article 19 », la fin de la première phrase … est ainsi rédigée »
    v = cons[("D99_433", "20")].at(ON)
    assert v.text.startswith("Les listes de candidats sont déposées à la préfecture dans le délai prévu à l'article 19 "
                             "par le candidat tête de liste ou son mandataire ayant qualité d'électeur au siège de la "
                             "chambre de métiers et de l'artisanat de région. A cet effet, chaque candidat")
    assert "par un mandataire ayant qualité d'électeur à la section" not in v.text


def test_a_heading_deleted_before_an_article_is_a_heading(kb):
    from queries.changes import graph_of

    changes = graph_of(kb).changes_by_provision("art. 11, 2° a)")
    assert [(c.citation, c.type, c.operation) for c in changes] == [("titre Ier, mention A", "deletes", "delete_words")]


def test_the_new_article_1_of_99_433_keeps_its_table(cons):
    v = cons[("D99_433", "1")].at(ON)
    table = [al for al in v.alineas if al[0].kind == "table"]
    assert len(table) == 1 and (table[0][0].division, table[0][0].alinea) == ("II", 5)
    rows = table[0][0].text.split("\n")
    assert rows[0].startswith("NOMBRE DE DÉPARTEMENTS | NOMBRE D'ÉLUS") and rows[-1] == "13 | 25 | 7 | 91"
    assert len(rows) == 14


def test_changes_label_operations_by_their_real_type(kb):
    from queries.changes import graph_of

    g = graph_of(kb)
    types = {c.provision: c.type for lab in ("art. 2, 5° e)", "art. 2, 1° d)", "art. 2, 5° b)", "art. 2, 1° a)")
             for c in g.changes_by_provision(lab)}
    assert types == {"art. 2, 5° e)": "replaces", "art. 2, 1° d)": "deletes", "art. 2, 5° b)": "inserts",
                     "art. 2, 1° a)": "substitutes"}


def test_the_article_report_shows_the_consolidated_text_highlighted(kb):
    from queries.report.build import article_report
    from queries.report.render import to_html, to_markdown

    rep = article_report(kb, "CA", "18", generated_on=date(2022, 1, 1))
    blocks = [b for s in rep.sections for b in s.blocks if b.kind == "consolidated"]
    assert len(blocks) == 2  # the LEGI version and the décret's
    after = blocks[1]
    assert after.url == "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000034236039"
    assert after.alineas[0][1] == ("de région et de leurs chambres de niveau départemental ainsi que des chambres de "
                                   "métiers d'Alsace et de Moselle", "art. 2, 1° a)",
                                   "https://www.legifrance.gouv.fr/eli/decret/2021/2/16/ECOI2018870D/jo/article_2")
    html = to_html(rep)
    assert '<mark title="art. 2, 1° a)">de région et de leurs chambres' in html
    assert "**de région et de leurs chambres de niveau départemental" in to_markdown(rep)


def test_norm_bases_citing_an_alinea_the_consolidated_text_lacks_are_warned(kb):
    from queries.consolidated_text import norm_citation_warnings

    # art. 20 became « I » (art. 2, 5° a)) and gained a II: its alinéas are cited « art. 20, I, al. N » now,
    # as the consolidated text numbers them (the four bases of rules/norms/bodies.cma that cited the décret's
    # count were the warnings this check found; they are fixed, so none is left)
    assert norm_citation_warnings(kb) == []
    rec = kb.corpus.records[("norm", "ag_cmar_sans_quorum")]
    assert kb.corpus.value(rec, "basis") == [("CA", "art. 20, I, al. 5")]


# ------------------------------------------------------------------ properties of the editing primitive
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), st.sampled_from([None, "a", "b"])), min_size=1,
                max_size=5),
       st.data(), st.text(max_size=6))
def test_a_splice_changes_exactly_the_span_and_keeps_who_wrote_the_rest(runs, data, new):
    from engine.consolidation import _Al

    al = _Al("", None)
    al.runs = [[t, p] for t, p in runs]
    before = al.text
    start = data.draw(st.integers(0, len(before)))
    end = data.draw(st.integers(start, len(before)))
    al.splice(start, end, new, "c")
    assert al.text == before[:start] + new + before[end:]
    owner = [p for t, p in runs for _ in t]
    after_owner = [p for t, p in al.runs for _ in t]
    assert after_owner == owner[:start] + ["c"] * len(new) + owner[end:]


@pytest.mark.parametrize("label, citation", [("art. 2, 2° f) ii)", "art. 19, IV, al. 3 à 5"),
                                             ("art. 2, 5° e)", "art. 20, al. 3 à 5"),
                                             ("art. 2, 6° b) i)", "art. 21, II, al. 1 et 2"),
                                             ("art. 7, 5°", "art. 4, al. 2 et 3"),
                                             ("art. 13, 1°", "art. 9, II, al. 4 à 6")])
def test_changes_show_one_replacement_for_several_units(kb, label, citation):
    from queries.changes import graph_of

    changes = graph_of(kb).changes_by_provision(label)
    assert [(c.type, c.citation) for c in changes] == [("replaces", citation)]


def test_words_deleted_after_some_words_are_looked_for_after_them_only():
    # décret art. 13, 4°: « après les mots : « de région », les mots : « ou de la chambre … » sont supprimés »
    # (99-433 art. 14 has no base text in our sources: the primitive is checked on a sentence where the words
    # also stand before the anchor)
    from engine.consolidation import _Al, _Applier, _Scope
    from engine.parser import parse_text

    op = parse_text('provision D2021_168 "x" {\n    delete D99_433 "art. 14" « ou de la chambre départementale » '
                    'after « de région »\n}\n').statements[0].operations[0]
    al = _Al("Les élus ou de la chambre départementale siègent à la chambre de région ou de la chambre "
             "départementale.", None)
    _Applier([al], "art. 13, 4°").delete_words(_Scope([al]), op)
    assert al.text == "Les élus ou de la chambre départementale siègent à la chambre de région."
