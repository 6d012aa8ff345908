"""The words of articles before the décret: LEGI's old code de l'artisanat and the pre-2021 files.

Read from `rules/sources/` (provenance in its README.md), never edited. Alinéas are counted as the
Guide de légistique counts them: every paragraph of LEGI's `texteHtml` (`<p>`, and each line broken
by `<br/>`) is one alinéa, items « 1° », « a) » and « - » included; a table is one alinéa.

    >>> base = load_base_texts("rules")
    >>> b = base[("CA", "18")]
    >>> b.legiarti, b.start.isoformat(), len(b.alineas)
    ('LEGIARTI000034236039', '2017-03-19', 5)
    >>> b.alineas[1].text[:25]
    "-d'indemnités de fonction"
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

LEGI_FILE = "sources/legi/code-artisanat-2019.json"
BASE_2021_DIR = "sources/base-2021"
LEGI_OPEN_END_MS = 32472144000000  # 2999-01-01, LEGI's "no end"
LEGIFRANCE_ARTICLE = "https://www.legifrance.gouv.fr/{fonds}/article_lc/{id}"


def legifrance_article_url(text_id: str, legiarti: str | None) -> str | None:
    """An article's Légifrance page by its LEGIARTI id: /codes/ for the code, /loda/ for a décret."""
    if not legiarti:
        return None
    return LEGIFRANCE_ARTICLE.format(fonds="codes" if text_id == "CA" else "loda", id=legiarti)

# How the pre-2021 files name their texts → our text ids (a table, so a new file needs one line).
TEXT_IDS = {"code de l'artisanat": "CA", "décret 66-137": "D66_137", "décret 99-433": "D99_433"}

_CUT_MARK = re.compile(r"\[\.\.\. cut by the search tool\]\s*$")


@dataclass(frozen=True)
class BaseAlinea:
    """One alinéa of a base text; a table keeps its rows as lines and its cells separated by « | »."""

    text: str
    kind: str = "text"  # text | table


@dataclass(frozen=True)
class BaseText:
    """An article as it stood before the décret, with where its words come from."""

    text_id: str
    article: str
    alineas: tuple[BaseAlinea, ...]
    legiarti: str | None
    start: date | None  # first day of this version, where the source says it
    state: str  # LEGI `etat`, or the STATE line of a pre-2021 file
    complete: bool
    source: str  # the file in rules/sources it was read from
    note: str | None = None  # caveats (uncertain date, cut text)

    @property
    def url(self) -> str | None:
        return legifrance_article_url(self.text_id, self.legiarti)


def legi_date(ms: int | None) -> date | None:
    """LEGI's epoch milliseconds as a date; None for the open end."""
    if ms is None or ms >= LEGI_OPEN_END_MS:
        return None
    return date(1970, 1, 1) + timedelta(milliseconds=ms)


def _clean(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _paragraphs(chunk: str) -> list[BaseAlinea]:
    pieces = re.split(r"<p\b[^>]*>|</p>|<br\s*/?>|</?center>", chunk)
    return [BaseAlinea(t) for t in (_clean(p) for p in pieces) if t]


def _table(fragment: str) -> BaseAlinea:
    rows = []
    for row in re.findall(r"<tr\b.*?</tr>", fragment, flags=re.S):
        cells = [_clean(c) for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        rows.append(" | ".join(cells))
    return BaseAlinea("\n".join(rows), "table")


def alineas_from_html(texte_html: str) -> tuple[BaseAlinea, ...]:
    """LEGI's texteHtml as alinéas: <p> and <br/> separate them, a <table> is one, links keep their words.

        >>> [a.text for a in alineas_from_html("<p>Un :</p><p><br/>-a ;<br/><br/>-b.</p><p></p>")]
        ['Un :', '-a ;', '-b.']
    """
    out: list[BaseAlinea] = []
    pos = 0
    for m in re.finditer(r"<table\b.*?</table>", texte_html, flags=re.S):
        out += _paragraphs(texte_html[pos:m.start()])
        out.append(_table(m.group()))
        pos = m.end()
    out += _paragraphs(texte_html[pos:])
    return tuple(out)


def _legi_articles(root: Path) -> dict[tuple[str, str], BaseText]:
    path = root / LEGI_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for a in data["articles"]:
        number = a["num"].strip()
        out[("CA", number)] = BaseText("CA", number, alineas_from_html(a["texteHtml"]), a["id"],
                                       legi_date(a["dateDebut"]), a["etat"], True, LEGI_FILE,
                                       "texte de la base LEGI (août 2019), sans version ultérieure connue "
                                       "avant le 19 février 2021")
    return out


def _start_from_state(state: str) -> date | None:
    m = re.search(r"in force (\d{4}-\d{2}-\d{2})", state)
    return date.fromisoformat(m.group(1)) if m else None


def read_base_file(path: Path, rel: str) -> BaseText | None:
    """A pre-2021 file: header lines, a blank line, one alinéa per line. None if its text is not ours."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    text_id = TEXT_IDS.get(fields.get("TEXT", "").strip())
    if text_id is None:
        return None
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    complete = fields.get("COMPLETE", "").strip().lower().startswith("yes")
    if lines and _CUT_MARK.search(lines[-1]):
        lines[-1] = _CUT_MARK.sub("", lines[-1]).rstrip()
    legiarti = fields.get("LEGIARTI", "").strip()
    state = fields.get("STATE", "").strip()
    notes = []
    if not complete:
        notes.append(f"texte de base incomplet ({fields.get('COMPLETE', '').strip()})")
    if "UNCERTAIN" in state:
        notes.append("date du texte de base incertaine: " + state)
    return BaseText(text_id, fields.get("ARTICLE", "").strip(), tuple(BaseAlinea(t) for t in lines),
                    legiarti if legiarti.startswith("LEGIARTI") else None, _start_from_state(state), state,
                    complete, rel, "; ".join(notes) or None)


@lru_cache(maxsize=8)
def _load(root: str) -> tuple[tuple[tuple[str, str], BaseText], ...]:
    base_root = Path(root)
    out = _legi_articles(base_root)
    folder = base_root / BASE_2021_DIR
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
        bt = read_base_file(path, f"{BASE_2021_DIR}/{path.name}")
        if bt is not None and (bt.text_id, bt.article) not in out:  # LEGI first: it carries the LEGIARTI id
            out[(bt.text_id, bt.article)] = bt
    return tuple(out.items())


def load_base_texts(root: str | Path) -> dict[tuple[str, str], BaseText]:
    """Every base text under a rules root, keyed by (text id, article number as Légifrance writes it)."""
    root = Path(root)
    if root.is_file():
        root = root.parent
    return dict(_load(str(root.resolve())))
