"""The knowledge base is checked against the décret as published: every numbered provision of
Articles 1 to 17 is encoded, none is invented, and every quotation is found in the source."""

import re

from engine.source_text import load_source
from queries.coverage import coverage_table


def test_the_source_has_the_decrets_165_leaf_provisions(corpus):
    labels = corpus.source.leaf_labels()
    assert len(corpus.source.articles) == 18  # Articles 1 to 17, and 18 (execution by the ministers)
    assert len(labels) == 165
    assert labels[:4] == ["art. 1, 1°", "art. 1, 2°", "art. 1, 3° a)", "art. 1, 3° b)"]
    assert "art. 2, 2° a) vii)" in labels and "art. 10" in labels and "art. 17" in labels
    assert not any(label.startswith("art. 18") for label in labels)


def test_every_provision_is_encoded_and_none_is_invented(corpus):
    amending = corpus.amending_text().id
    encoded = {label for (text_id, label) in corpus.provisions if text_id == amending}
    expected = set(corpus.source.leaf_labels())
    assert sorted(expected - encoded) == []  # missing
    assert sorted(encoded - expected) == []  # cited but not in the décret


def test_coverage_table_is_complete_for_every_article(corpus):
    rows = coverage_table(corpus)
    assert [r.article for r in rows] == list(range(1, 18))
    assert {r.article: r.in_source for r in rows}[2] == 46
    assert all(r.in_source == r.encoded and not r.missing and not r.unknown for r in rows)


def test_every_says_and_every_quoted_line_is_in_the_source(corpus):
    src = load_source(str(corpus.source.path))
    for prov in corpus.provisions.values():
        assert src.contains(prov.says.value), prov.label
        for op in prov.operations:
            for s in (op.old, op.new):
                if s is not None:
                    for line in s.value.splitlines():
                        # a table row (« | cell | cell | », art. 11, 3°) is in the source cell by cell
                        cells = line.strip().strip("|").split("|") if line.strip().startswith("|") else [line]
                        for cell in cells:
                            assert not cell.strip() or src.contains(cell), (prov.label, cell[:60])


def test_each_provision_quotes_its_own_line(corpus):
    """`says` quotes the leaf's own instruction line, which starts with the leaf's label."""
    for (_, label), prov in corpus.provisions.items():
        last = label.split(", ", 1)[1].split()[-1] if ", " in label else None
        if last:
            assert re.match(re.escape(last.replace("°", "°")), prov.says.value), (label, prov.says.value[:30])
