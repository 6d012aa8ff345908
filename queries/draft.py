"""`cmakb draft`: an amending text read into a draft rules file (DSL) or JSON, and the cross-check report.

The law is read in engine/ (amending.py, amending_reader.py, crosscheck.py); this module only renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.amending_resolve import DraftOperation
from engine.amending_reader import DraftProvision, read_text
from engine.crosscheck import CrossCheck, crosscheck, render_warnings, text_id, text_ids, undiagnosed_errors

HAND = "# à encoder à la main"


def draft(text: str) -> list[DraftProvision]:
    return read_text(text)


def derived_id(name: str | None) -> str:
    """A text id for a text the knowledge base does not declare: « décret n° 2019-123 » → D2019_123."""
    if not name:
        return "TEXTE"
    m = re.search(r"(décret|loi|ordonnance|arrêté)\s+n°\s*([\d-]+)", name, re.I)
    if m:
        return {"décret": "D", "loi": "L", "ordonnance": "O", "arrêté": "A"}[m[1].lower()] + m[2].replace("-", "_")
    words = re.sub(r"[^\w]+", "_", name.upper().replace("'", " ")).strip("_")
    return re.sub(r"_+", "_", words)[:40] or "TEXTE"


def _quoted(words: str) -> str:
    if "\n" in words or words.count("«") != words.count("»") or words.count("«") > 1 or '"""' in words:
        return _block(words)
    return f"« {words} »"


def _block(text: str, indent: str = "        ") -> str:
    lines = "\n".join(indent + line for line in text.splitlines())
    return f'"""\n{lines}\n    """'


def _place(op: DraftOperation) -> str:
    if op.where in ("after", "before"):
        return f"{op.where} " + (f'"{op.anchor}"' if op.kind == "add" else _quoted(op.anchor or ""))
    return {"start": "at start", "end": "at end"}.get(op.where or "", "at end")


def operation_line(op: DraftOperation, tid: str, targets: list[str]) -> list[str]:
    """One DSL operation (docs/dsl.md), and a comment where the DSL cannot say all the sentence says."""
    cits = ", ".join(f'"{t}"' for t in targets)
    k = op.kind
    if k == "substitute":
        out = [f"substitute {tid} {cits} {_quoted(op.old or '')} by {_quoted(op.new or '')}"]
        if op.where:
            out.append(f"# à vérifier : les mots remplacés sont ceux qui suivent « {op.anchor} »")
        return out
    if k == "delete_words":
        after = f" after {_quoted(op.anchor)}" if op.where == "after" and op.anchor else ""
        return [f"delete {tid} {cits} {_quoted(op.old or '')}{after}"]
    if k == "insert_words":
        return [f"insert {tid} {cits} {_quoted(op.new or '')} {_place(op)}"]
    if k == "replace":
        if op.where == "after" and op.anchor:  # « Après les mots …, la fin de la phrase est ainsi rédigée »
            return [f"replace {tid} {cits} after {_quoted(op.anchor)} by {_block(op.new or '')}"]
        out = [f"replace {tid} {cits} by {_block(op.new or '')}"]
        if op.where:
            out.insert(0, f"# à vérifier : seule la fin de la phrase est remplacée, après « {op.anchor} »")
        return out
    if k == "add":
        return [f'add {tid} "{targets[0]}" {_place(op)} {_block(op.new or "")}']
    if k == "repeal":
        return [f"repeal {tid}" + (f" {cits}" if targets and targets[0] else "")]
    if k == "restore":
        return [f'restore {tid} "{targets[0]}" {_block(op.new or "")}']
    if k == "renumber":
        return [f'renumber {tid} "{targets[0]}" as "{op.new_number}"']
    if k == "retitle_substitute":
        return [f'retitle {tid} "{targets[0]}" {_quoted(op.old or "")} by {_quoted(op.new or "")}']
    if k == "retitle_insert":
        return [f'retitle {tid} "{targets[0]}" {_quoted(op.new or "")} {_place(op)}']
    return [f"{HAND} : opération {k}"]


_GROUPABLE = {"substitute", "delete_words", "insert_words", "repeal"}


def _grouped(ops: tuple[DraftOperation, ...]):
    """Consecutive operations that differ only by their target: one DSL line with several citations."""
    groups: list[tuple[DraftOperation, list[str]]] = []
    for op in ops:
        last = groups[-1][0] if groups else None
        if last is not None and op.kind in _GROUPABLE and op.target and last.target and \
                (last.kind, last.text, last.old, last.new, last.where, last.anchor) == \
                (op.kind, op.text, op.old, op.new, op.where, op.anchor):
            groups[-1][1].append(op.target)
        else:
            groups.append((op, [op.target] if op.target else []))
    return groups


def render_rules(provisions: list[DraftProvision], ids: dict[str, str] | None = None,
                 amending: str = "PROJET") -> str:
    """A draft rules file: each provision quotes its sentence exactly, then its operations."""
    ids = ids or {}
    out = ["# Projet d'encodage produit par `cmakb draft` : à relire avant de l'ajouter à rules/.", ""]
    for p in provisions:
        says = p.says.replace('"""', '\\"\\"\\"')
        out.append(f'provision {amending} "{p.label}" {{')
        out.append(f'    says """{says}"""')
        if p.error is not None:
            out.append(f"    {HAND} : ligne {p.line_number}, {p.error.message}"
                       + (f" (attendu : {', '.join(p.error.expected)})" if p.error.expected else ""))
        for op, targets in _grouped(p.operations):
            tid = text_id(op.text, ids) if op.text else "TEXTE"
            tid = tid if tid in ids.values() else derived_id(op.text)
            for line in operation_line(op, tid, targets):
                out.append("    " + line)
        out.append("}")
        out.append("")
    return "\n".join(out)


def render_json(provisions: list[DraftProvision]) -> list[dict]:
    return [p.to_json() for p in provisions]


def unread(provisions: list[DraftProvision], where: str) -> list[str]:
    """Sentences not read, as `FILE:line:col: message` with the sentence, a caret and what was expected."""
    return [p.error.render(f"{where}:{p.line_number}") for p in provisions if p.error is not None]


@dataclass(frozen=True)
class CrossCheckReport:
    result: CrossCheck

    def text(self) -> str:
        r = self.result
        if not r.provisions:  # a tree without the décret's sentences: nothing was read back
            return ""
        head = (f"lecture des phrases du décret : {r.agreeing}/{len(r.provisions)} dispositions lues comme "
                f"encodées ; {len(r.disagreements) - len(r.undiagnosed)} écarts diagnostiqués, "
                f"{len(r.undiagnosed)} nouveaux")
        stale = [f"diagnostic périmé (la disposition est désormais lue comme encodée) : {label} — à retirer "
                 "de engine/amending_diagnoses.py" for label in r.stale_diagnoses]
        return "\n".join([head] + render_warnings(r) + stale)

    def errors(self) -> list[str]:
        """The undiagnosed disagreements: errors of `cmakb check` (exit 1)."""
        return undiagnosed_errors(self.result)

    def to_json(self) -> dict:
        r = self.result
        return {"agreeing": r.agreeing, "total": len(r.provisions), "undiagnosed": len(r.undiagnosed),
                "disagreements": [p.to_json() for p in r.disagreements]}


def crosscheck_report(corpus) -> CrossCheckReport:
    return CrossCheckReport(crosscheck(corpus))


__all__ = ["draft", "render_rules", "render_json", "unread", "crosscheck_report", "text_ids"]
