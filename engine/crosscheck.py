"""Cross-check the hand encoding of each provision against what engine/amending.py reads in its sentence.

Both sides are brought to one normal form, one row per (operation, target): kind, text id, target citation,
old words, new text, place (where, anchor), new number; white space folded. A replacement keeps its one
target citation (« al. 3 à 5 »): three replacements of one text each are a different reading.

Known, documented differences of reading are listed in docs/amending.md; the check reports every
disagreement as it stands, with both readings and the place of the encoding.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from . import ast
from .amending_resolve import DraftOperation
from .amending_diagnoses import DIAGNOSES
from .amending_reader import read_text
from .citation import alinea_numbers, parse_citation
from .errors import CitationError, caret_padding

_INSERT_KINDS = {"insert_words", "retitle_insert"}

# What a person reads (the DSL verbs stay in the JSON).
KIND_LABELS = {
    "substitute": "remplacement de mots", "delete_words": "suppression de mots", "insert_words": "insertion de mots",
    "replace": "remplacement", "add": "insertion d'une unité", "repeal": "abrogation", "restore": "rétablissement",
    "renumber": "renumérotation", "retitle_substitute": "intitulé : remplacement de mots",
    "retitle_insert": "intitulé : insertion de mots",
}
WHERE_LABELS = {"after": "après", "before": "avant", "start": "au début", "end": "à la fin"}


@dataclass(frozen=True)
class Row:
    kind: str
    text: str | None
    target: str | None
    old: str | None
    new: str | None
    where: str | None
    anchor: str | None
    new_number: str | None

    def __str__(self) -> str:
        parts = [KIND_LABELS.get(self.kind, self.kind), "—", f"{self.text}, {self.target}" if self.target
                 else f"{self.text} (texte entier)"]
        if self.old:
            parts.append(f"« {_short(self.old)} »")
        if self.where:
            parts.append(WHERE_LABELS.get(self.where, self.where) + (f" « {_short(self.anchor)} »" if self.anchor else ""))
        if self.new_number:
            parts.append(f"devient {self.new_number}")
        if self.new:
            parts.append(f"par « {_short(self.new)} »")
        return " ".join(parts)


@dataclass(frozen=True)
class ProvisionCheck:
    label: str
    agrees: bool
    read: tuple[Row, ...]
    encoded: tuple[Row, ...]
    where: str  # file:line:col of the encoding (its first operation, or the provision)
    error: str | None = None  # the sentence could not be read
    line_text: str = ""  # the line of the encoding at `where`, for the caret of an error

    @property
    def diagnosis(self) -> dict[str, str] | None:
        """What is known of this disagreement (engine/amending_diagnoses.py), or None: a new one."""
        return DIAGNOSES.get(self.label) if not self.agrees else None

    def to_json(self) -> dict:
        return {"label": self.label, "agrees": self.agrees, "where": self.where, "error": self.error,
                "read": [str(r) for r in self.read], "encoded": [str(r) for r in self.encoded],
                "diagnosis": self.diagnosis}


@dataclass(frozen=True)
class CrossCheck:
    provisions: tuple[ProvisionCheck, ...]

    @property
    def agreeing(self) -> int:
        return sum(1 for p in self.provisions if p.agrees)

    @property
    def disagreements(self) -> tuple[ProvisionCheck, ...]:
        return tuple(p for p in self.provisions if not p.agrees)

    def summary(self) -> str:
        return f"{self.agreeing}/{len(self.provisions)}"

    @property
    def undiagnosed(self) -> tuple[ProvisionCheck, ...]:
        return tuple(p for p in self.disagreements if p.diagnosis is None)

    @property
    def stale_diagnoses(self) -> tuple[str, ...]:
        """Diagnosed labels that no longer disagree (the encoding was fixed): their entry should go."""
        checked = {p.label for p in self.provisions}
        disagreeing = {p.label for p in self.disagreements}
        return tuple(label for label in DIAGNOSES if label in checked and label not in disagreeing)


def _short(s: str | None, n: int = 60) -> str:
    s = fold(s) or ""
    return s if len(s) <= n else s[: n - 1] + "…"


def fold(s: str | None) -> str | None:
    if s is None:
        return None
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("’", "'")).strip() or None


def canonical_target(citation: str | None) -> str | None:
    if citation is None:
        return None
    try:
        return parse_citation(citation).canonical
    except CitationError:  # a form the citation reader does not know yet (« al. 3 à 5 »): as written
        return fold(citation)


def text_ids(corpus) -> dict[str, str]:
    """Names of texts as the décret writes them (aliases, titles) → text id."""
    out = {}
    for tid, info in corpus.texts.items():
        for name in [info.title, tid, *(info.aliases or [])]:
            out[_name_key(name)] = tid
    return out


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.lower().replace("’", "'").replace("n°", "n° ")).replace("n°  ", "n° ").strip()


def text_id(name: str | None, ids: dict[str, str]) -> str | None:
    if name is None:
        return None
    return ids.get(_name_key(name), name)


def encoded_rows(p: ast.Provision) -> tuple[Row, ...]:
    rows = []
    for op in p.operations:
        old = None if op.kind in _INSERT_KINDS else _v(op.old)
        where = op.place.where if op.place else None
        anchor = _v(op.place.anchor) if op.place and op.place.anchor else None
        if op.kind == "add" and anchor:
            anchor = canonical_target(anchor)
        if op.kind == "replace" and where == "after":
            old = None  # `replace … after « mots »`: the DSL keeps the anchor words as `old` too; the anchor says it
        for t in op.targets:
            row = Row(op.kind, t.text_id, canonical_target(t.citation), fold(old), fold(_table_cells(_v(op.new))),
                      where, fold(anchor), canonical_target(_v(op.new_number)))
            rows.extend(_one_row_per_new_alinea(row, _v(op.new)))
    return tuple(rows)


def _table_cells(text: str | None) -> str | None:
    """A table row of a block, « | a | b | », as its cells in order: the JO lays a table out cell by cell, so
    the reading of a sentence keeps the cells and not the rows (the words and their order are what both say)."""
    if text is None:
        return None
    return "\n".join(" ".join(c.strip() for c in line.strip().strip("|").split("|"))
                     if line.strip().startswith("|") else line for line in text.splitlines())


def _one_row_per_new_alinea(row: Row, new: str | None) -> list[Row]:
    """One insertion of several alinéas (« al. 2 et 3 » after « al. 1 », one paragraph each) is, alinéa by
    alinéa, the insertion of al. 2 after al. 1 and of al. 3 after al. 2: the same operation. Both forms are in
    rules/ (art. 8, 5° a) one add of two, art. 8, 6° d) three adds of one), so the normal form is the latter.
    A replacement is not split: « al. 3 à 5 » replaced by two alinéas is not three replacements."""
    if row.kind != "add" or row.where != "after" or row.target is None or new is None:
        return [row]
    try:
        parts = parse_citation(row.target).parts
    except CitationError:
        return [row]
    part = parts[-1] if parts else None
    paragraphs = [p for p in new.strip().splitlines() if p.strip()]
    if part is None or part.kind != "alineas" or len(alinea_numbers(part)) != len(paragraphs):
        return [row]
    unit = row.target[: row.target.rindex("al. ")]
    out, anchor = [], row.anchor
    for n, paragraph in zip(alinea_numbers(part), paragraphs):
        target = canonical_target(f"{unit}al. {n}")
        out.append(replace(row, target=target, new=fold(paragraph), anchor=anchor))
        anchor = target
    return out


def _v(s: ast.Str | None) -> str | None:
    return s.value if s is not None else None


def read_rows(ops: tuple[DraftOperation, ...], ids: dict[str, str]) -> tuple[Row, ...]:
    rows = []
    for op in ops:
        anchor = canonical_target(op.anchor) if op.kind == "add" and op.anchor else op.anchor
        rows.append(Row(op.kind, text_id(op.text, ids), canonical_target(op.target), fold(op.old), fold(op.new),
                        op.where, fold(anchor), canonical_target(op.new_number)))
    return tuple(rows)


def crosscheck(corpus) -> CrossCheck:
    """Compare, provision by provision, the encoding in rules/ with the reading of the décret's own text."""
    if corpus.source is None:
        return CrossCheck(())
    ids = text_ids(corpus)
    read = {p.label: p for p in read_text(corpus.source.text)}
    amending = corpus.amending_text().id
    out = []
    for (tid, label), prov in sorted(corpus.provisions.items(), key=lambda kv: _label_key(kv[0][1])):
        if tid != amending:
            continue
        enc = encoded_rows(prov)
        pos = prov.operations[0].pos if prov.operations else prov.pos
        r = read.get(label)
        if r is None or r.error is not None:
            msg = r.error.render() if r is not None and r.error else "provision absente du texte lu"
            out.append(ProvisionCheck(label, False, (), enc, str(pos), msg, pos.line_text or ""))
            continue
        mine = read_rows(r.operations, ids)
        out.append(ProvisionCheck(label, Counter(mine) == Counter(enc), mine, enc, str(pos), None,
                                  pos.line_text or ""))
    return CrossCheck(tuple(out))


def _label_key(label: str):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", label)]


def render_warnings(result: CrossCheck) -> list[str]:
    """The disagreements as French warnings, both readings, the place of the encoding."""
    lines = []
    for p in result.disagreements:
        lines.append(f"avertissement : {p.where}: {p.label} : la lecture de la phrase diffère de l'encodage")
        if p.error:
            lines.append("    phrase non lue : " + p.error.splitlines()[0])
        for r in p.read:
            lines.append(f"    lu      : {r}")
        for r in p.encoded:
            lines.append(f"    encodé  : {r}")
        gap = _text_gap(p)
        if gap:
            lines.append(f"    écart   : {gap}")
        d = p.diagnosis
        if d:
            cause = {"encodage": "encodage à corriger", "dsl": "le DSL ne sait pas le dire",
                     "ambigu": "phrase ambiguë"}.get(d["cause"], d["cause"])
            lines.append(f"    diagnostic ({cause}) : {d['diagnostic']}")
            lines.append(f"    correction : {d['correction']}")
        else:
            lines.append("    diagnostic : aucun (écart nouveau, à examiner)")
    return lines


def undiagnosed_errors(result: CrossCheck) -> list[str]:
    """Each disagreement no diagnosis explains, as an error of `cmakb check` (file:line:col, the line, a caret):
    the 165 provisions are read as encoded, so a new one is an encoding, or a reading, gone wrong."""
    out = []
    for p in result.undiagnosed:
        lines = [f"{p.where}: erreur : {p.label} : la lecture de la phrase du décret diffère de l'encodage, écart "
                 "non diagnostiqué (corriger l'encodage ou le lecteur, ou le diagnostiquer dans "
                 "engine/amending_diagnoses.py)"]
        if p.line_text:
            column = int(p.where.rsplit(":", 1)[-1]) if p.where.rsplit(":", 1)[-1].isdigit() else 1
            lines.append("    " + p.line_text.rstrip("\n"))
            lines.append("    " + caret_padding(p.line_text, column) + "^")
        out.append("\n".join(lines))
    return out


def _text_gap(p: ProvisionCheck) -> str | None:
    """Where two readings that look alike differ in their new text: the first words that differ."""
    if len(p.read) != 1 or len(p.encoded) != 1 or p.read[0].new == p.encoded[0].new:
        return None
    a, b = p.read[0].new or "", p.encoded[0].new or ""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if i < 60:
        return None
    return (f"les textes diffèrent après {i} caractères : lu « …{a[max(0, i - 20):i + 40]}… », "
            f"encodé « …{b[max(0, i - 20):i + 40]}… »")
