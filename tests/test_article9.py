"""The vertical slice: Article 9 of the décret (décret n° 66-137, chapitre IV: art. 17, 17-1, 18, 18-1,
18-2, 19) — its operations, the versions they produce, and the approvals and deadlines they contain."""

import json
from datetime import date

from click.testing import CliRunner

from queries.approvals import who_approves
from queries.cli import cli
from queries.deadlines import deadlines
from queries.article_versions import version_at

BEFORE, AFTER, RECODIFIED = date(2021, 2, 18), date(2021, 2, 19), date(2023, 7, 1)


def test_the_nine_provisions_and_their_operations(corpus):
    art9 = {label: p for (t, label), p in corpus.provisions.items() if label.startswith("art. 9,")}
    assert sorted(art9) == ["art. 9, 1°", "art. 9, 2°", "art. 9, 3° a)", "art. 9, 3° b)", "art. 9, 4° a)",
                            "art. 9, 4° b) i)", "art. 9, 4° b) ii)", "art. 9, 5°", "art. 9, 6°"]
    subs = [(o.old.value, o.new.value) for o in art9["art. 9, 1°"].operations]
    assert subs == [("l'article 1601", "les articles 1601 et 1601-0A"), ("redevances", "produits de prestations")]
    assert [o.kind for o in art9["art. 9, 2°"].operations] == ["add"]
    assert art9["art. 9, 6°"].operations[0].kind == "replace"


def test_article_17_1_is_created_on_19_february_2021(kb):
    assert version_at(kb, "décret 66-137", "17-1", BEFORE).answers[0].fields["version"].status == "not_yet_in_force"
    v = version_at(kb, "décret 66-137", "17-1", AFTER).answers[0].fields["version"]
    assert (v.status, v.start, v.end, v.produced_by) == ("in_force", AFTER, RECODIFIED, ("art. 9, 2°",))
    assert v.full_text.startswith("Art. 17-1. - I. - La répartition du produit des taxes")
    assert "aux trois quarts" in v.full_text


def test_article_19_is_replaced_and_its_full_text_known(kb):
    before = version_at(kb, "D66-137", "19", BEFORE).answers[0]
    assert before.fields["version"].status == "in_force" and before.fields["version"].full_text is None
    after = version_at(kb, "D66-137", "19", AFTER).answers[0]
    assert after.fields["version"].full_text.startswith("Art. 19. - Une délibération de l'assemblée générale")
    assert after.basis[0].provision == "art. 9, 6°"
    assert after.basis[0].citation == ("article 19 du décret n° 66-137 du 7 mars 1966, dans sa rédaction issue "
                                       "de l'article 9 du décret n° 2021-168 du 16 février 2021")
    assert after.basis[0].provision_url == "https://www.legifrance.gouv.fr/eli/decret/2021/2/16/ECOI2018870D/jo/article_9"


def test_article_18_1_version_lists_its_operations(kb):
    v = version_at(kb, "décret 66-137", "18-1", date(2022, 1, 1)).answers[0].fields["version"]
    assert v.produced_by == ("art. 9, 4° a)", "art. 9, 4° b) i)", "art. 9, 4° b) ii)")
    assert ("art. 18-1, I, al. 2", "et les comptes annuels", ", dont les comptes annuels,") in \
        [(o["citation"], o["old"], o["new"]) for o in v.operations]
    assert dict(v.units)["art. 18-1, II, 4°"].startswith("4° L'état en fin d'exercice des emplois permanents")


def test_articles_of_chapter_iv_end_on_1_july_2023(kb):
    for article in ("17", "17-1", "18", "18-1", "18-2", "19"):
        assert version_at(kb, "décret 66-137", article, date(2023, 6, 30)).answers[0].fields["version"].status \
            == "in_force"
        r = version_at(kb, "décret 66-137", article, RECODIFIED)
        assert r.answers[0].fields["version"].status == "repealed"
        assert r.answers[0].basis[0].citation == "article 7 du décret n° 2023-500 du 22 juin 2023"


def test_who_approves_the_repartition_and_the_regies(kb):
    on = date(2022, 1, 1)
    r = who_approves(kb, "régies de recettes et d'avances de CMA France", on)
    first = r.answers[0]
    assert (first.fields["approver"], first.fields["mode"]) == ("cma_france_tresorier", "accord")
    assert first.basis[0].citation.startswith("article 18-2 du décret n° 66-137")
    r = who_approves(kb, "opposition de l'autorité de tutelle à la décision de répartition des taxes", on)
    assert r.answers[0].fields["approver"] == "ministre_artisanat"
    assert r.answers[0].fields["delay"] == "15 days"
    assert r.answers[0].basis[0].article == "17-1"


def test_the_fifteen_day_delay_of_art_17_1_gives_a_due_date(kb):
    r = deadlines(kb, "pourcentage fixé en fonction des résultats adopté à défaut d'opposition du ministre",
                  date(2022, 1, 1), date(2022, 1, 31))
    a = r.answers[0]
    assert a.fields["rule"] == "within" and a.fields["delay"] == "15 days"
    assert a.fields["due_date"] == "2022-02-15"
    assert a.basis[0].subdivision == "I, 2°"


def test_cli_version_json_for_article_19(kb):
    result = CliRunner().invoke(cli, ["version", "décret n° 66-137 du 7 mars 1966", "19", "--on", "2022-01-01",
                                      "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["kind"] == "version" and data["on"] == "2022-01-01"
    (answer,) = data["answers"]
    assert answer["version"]["status"] == "in_force" and answer["version"]["start"] == "2021-02-19"
    assert answer["basis"][0]["provision"] == "art. 9, 6°"
    assert answer["basis"][0]["url"] == "https://www.legifrance.gouv.fr/eli/decret/1966/3/7/66-137/jo/texte"
