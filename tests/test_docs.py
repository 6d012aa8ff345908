"""The documentation says what the code does: generated pages are up to date, examples are real."""

from pathlib import Path

from engine.schema import KINDS, schema_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_norms_page_is_generated_from_the_schema():
    assert (DOCS / "norms.md").read_text(encoding="utf-8").strip() == schema_markdown().strip()


def test_dsl_page_shows_every_operation_and_kind():
    page = (DOCS / "dsl.md").read_text(encoding="utf-8")
    for verb in ("substitute", "delete", "insert", "replace", "add", "repeal", "restore", "renumber", "retitle"):
        assert f"`{verb} " in page or f"{verb} T" in page, verb
    for kind in KINDS:
        assert kind in page or kind in ("actor",), kind
