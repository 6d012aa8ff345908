"""Render a Response as text for a terminal: each answer, then its basis (and, with --why, its
derivation tree), then the notes."""

from __future__ import annotations

import textwrap

from .answers import Response


def render_text(resp: Response, width: int = 100) -> str:
    out = [f"{resp.question}  [{resp.kind}, au {resp.on.isoformat()}]"]
    if not resp.answers:
        out.append("  (aucune réponse)")
    for i, a in enumerate(resp.answers, start=1):
        out.append(f"{i}. {a.summary}")
        for line in _detail_lines(a):
            out.append(textwrap.fill(line, width, initial_indent="   ", subsequent_indent="     "))
        for b in a.basis:
            label = f" [{b.provision}]" if b.provision else ""
            out.append(textwrap.fill(f"fondement : {b.citation}{label}", width, initial_indent="   ",
                                     subsequent_indent="     "))
            links = [x for x in (b.provision_url, b.url) if x]
            if links:
                out.append("     " + "  ".join(dict.fromkeys(links)))
        if "why" in a.fields:  # only with --why (queries/explain.py attaches it)
            out.extend(_why_lines(a.fields["why"]))
    for note in resp.notes:
        out.append(textwrap.fill(f"note : {note}", width, subsequent_indent="  "))
    return "\n".join(out)


def _why_lines(why: dict | None) -> list[str]:
    """The derivation tree under an answer; not wrapped, its indentation is its structure."""
    from engine.explain import Derivation, render

    if why is None:
        return ["   pourquoi : aucune dérivation dans le moteur à cette date"]
    shorts = {}

    def collect(node: dict) -> None:
        for b in node.get("basis", ()):
            if "short" in b:
                shorts[(b["text_id"], b["citation"])] = b["short"]
        for child in node.get("children", ()):
            collect(child)

    collect(why)
    tree = render(Derivation.from_dict(why), cite=lambda t, c: shorts.get((t, c), f"{t} {c}".strip()))
    return [f"   pourquoi (au {why['date']}) :"] + ["     " + line for line in tree.splitlines()]


def _detail_lines(answer) -> list[str]:
    f = answer.fields
    lines: list[str] = []
    if "version" in f:
        v = f["version"]
        start = v.start.isoformat() if v.start else "date inconnue"
        end = v.end.isoformat() if v.end else "…"
        lines.append(f"version [{start}, {end})" + (f" — {v.version_id}" if v.version_id else ""))
        if v.produced_by:
            lines.append("produite par : " + "; ".join(v.produced_by))
        if v.successor:
            lines.append(f"devenu : {v.successor}")
        if v.predecessor:
            lines.append(f"issu de : {v.predecessor}")
        if v.note:
            lines.append(v.note)
        if v.full_text:
            lines.append("texte : « " + v.full_text.replace("\n", " / ") + " »")
        elif getattr(v, "text", None):  # consolidated words (cmakb text shows who wrote each passage)
            lines.append("texte consolidé : « " + v.text.replace("\n", " / ") + " »")
        for op in v.operations:
            words = " → ".join(f"« {w} »" for w in (op["old"], op["new"]) if w)
            lines.append(f"{op['provision']} : {op['operation']} {op['citation']} {words}".rstrip())
    for key in ("approver", "mode", "delay", "delay_from", "condition", "rule", "due_date", "due_flag",
                "obligation", "who", "to", "statement"):
        value = f.get(key)
        if value:
            lines.append(f"{key} : {value if not isinstance(value, (list, tuple)) else '; '.join(map(str, value))}")
    return lines
