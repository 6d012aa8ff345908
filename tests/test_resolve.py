"""Names are forgiving; unknown ones get a clear message with the nearest known names."""

import pytest

from engine.citation import normalize_article, parse_citation
from engine.errors import CitationError, QueryError
from queries.resolve import resolve_article, resolve_text
from queries.user_input import user_date as parse_date


@pytest.mark.parametrize("name,expected", [
    ("décret 66-137", "D66_137"), ("décret n° 66-137 du 7 mars 1966", "D66_137"), ("Décret n°66-137", "D66_137"),
    ("code de l'artisanat", "CA"), ("CA", "CA"), ("C. artisanat", "CA"), ("code de l’artisanat", "CA"),
    ("décret 99-433", "D99_433"), ("le décret du 27 mai 1999", "D99_433"), ("D2014-1499", "D2014_1499"),
    ("décret n° 2021-168", "D2021_168"),
])
def test_text_names(corpus, name, expected):
    assert resolve_text(corpus, name) == expected


@pytest.mark.parametrize("name,expected", [
    ("art. 19 quater", "19 quater"), ("19quater", "19 quater"), ("19-quater", "19 quater"), ("19 Quater", "19 quater"),
    ("article 17", "17"), ("5-8-1", "5-8-1"),
])
def test_article_names(corpus, name, expected):
    assert resolve_article(corpus, "CA", name) == expected


@pytest.mark.parametrize("name", ["R332-2", "R. 332-2", "art. R332-2"])
def test_article_names_of_the_new_code(corpus, name):
    assert resolve_article(corpus, "CA2023", name) == "R. 332-2"


def test_article_1er(corpus):
    assert resolve_article(corpus, "D66_137", "1er") == "1"




def test_unknown_names_give_the_nearest(corpus):
    with pytest.raises(QueryError) as info:
        resolve_text(corpus, "décret 66-13")
    assert str(info.value).startswith("texte inconnu : 'décret 66-13' ; vouliez-vous dire : décret 66-137")
    with pytest.raises(QueryError) as info:
        resolve_article(corpus, "CA", "19 quinquies")
    assert info.value.message == "article inconnu du code de l'artisanat : '19 quinquies'" and "art. 19 quater" in info.value.suggestions


def test_bad_dates():
    with pytest.raises(QueryError, match=r"--on '2021-02-30' : date inexistante \(février 2021 n'a que 28 jours\) ; attendu : une date AAAA-MM-JJ"):
        parse_date("2021-02-30", "--on")


def test_citation_errors_point_at_the_part():
    with pytest.raises(CitationError) as info:
        parse_citation("art. 19, II bis, 3 degrés")
    assert info.value.offset == 17
    with pytest.raises(CitationError):
        normalize_article("dix-neuf")
