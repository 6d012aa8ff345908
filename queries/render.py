"""Render a Response as text for a terminal, in French: each answer, then its basis (and, with --why, its
derivation tree), then the notes. Every id, status, operation and date goes through queries/vocabulary.py;
the ids stay in the JSON."""

from __future__ import annotations

import re
import textwrap

from . import vocabulary as vocab
from .answers import Response


def header(resp: Response, corpus=None) -> str:
    """The question as a person would ask it, with its kind and date in French."""
    q = resp.query
    if corpus is not None and resp.kind in ("version", "history") and q.get("text") in corpus.texts:
        where = vocab.article_label(corpus, q["text"], q.get("article"))
        question = (f"Quelle version de : {where} ?" if resp.kind == "version" else f"Historique de : {where}")
    elif corpus is not None and resp.kind == "changes" and q.get("text") in corpus.texts:
        where = vocab.article_label(corpus, q["text"], q.get("article"))
        question = f"Qu'a modifié le décret dans : {where} ?"
    else:
        question = vocab.humanize(resp.question, corpus)
    return f"{question}  [{vocab.label('kind', resp.kind)}, au {vocab.french_date(resp.on)}]"


def headline(answer, corpus=None, on=None) -> str:
    """One line per answer; versions and changes are written here from their fields (their `summary`
    strings are the modules' own and keep ids)."""
    f = answer.fields
    if "version" in f and corpus is not None:
        v = f["version"]
        where = vocab.article_label(corpus, v.text_id, v.article)
        period = vocab.interval(v.start, v.end) if (v.start or v.end) else ""
        if answer.summary.startswith("["):  # a history line: the period first
            return f"{period or 'avant le décret'} : {vocab.label('status', v.status)}"
        return f"{where} : {vocab.label('status', v.status)} au {vocab.french_date(on)}" if on else \
            f"{where} : {vocab.label('status', v.status)}"
    if answer.kind == "change" and corpus is not None:
        where = vocab.article_label(corpus, f["text_id"], f.get("article")) if f.get("text_id") in corpus.texts \
            else ""
        if "types" in f:  # one provision changing one article
            return (f"{f['provision']} : {', '.join(vocab.labels('edge', f['types']))} — "
                    f"{'; '.join(f.get('citations') or ()) or where}")
        if "provisions" in f:  # one article of a text, by edge type
            return f"{vocab.label('edge', f['type'])} : {where} — {', '.join(f['provisions'])}"
        op = vocab.label("operation", f.get("operation")) if f.get("operation") else vocab.label("edge", f["type"])
        return f"{op} : {where}" + (f" ({f['citation']})" if f.get("citation") else "")
    return vocab.humanize(answer.summary, corpus)


def render_text(resp: Response, width: int = 100, corpus=None) -> str:
    out = [header(resp, corpus)]
    if not resp.answers:
        out.append("  (aucune réponse)")
    for i, a in enumerate(resp.answers, start=1):
        out.append(f"{i}. {headline(a, corpus, resp.on if resp.kind == 'version' else None)}")
        for line in _detail_lines(a, corpus):
            out.append(textwrap.fill(line, width, initial_indent="   ", subsequent_indent="     "))
        for b in a.basis:
            label = f" [{b.provision}]" if b.provision else ""
            out.append(textwrap.fill(f"fondement : {b.citation}{label}", width, initial_indent="   ",
                                     subsequent_indent="     "))
            links = [x for x in (b.provision_url, b.url) if x]
            if links:
                out.append("     " + "  ".join(dict.fromkeys(links)))
        if "why" in a.fields:  # only with --why (queries/explanations.py attaches it)
            out.extend(_why_lines(a.fields["why"]))
    for note in resp.notes:
        out.append(textwrap.fill(f"note : {vocab.humanize(note, corpus)}", width, subsequent_indent="  "))
    return "\n".join(out)


def detail_lines(answer, corpus=None) -> list[str]:
    """The lines under an answer's headline (the workbench shows the same lines as the terminal)."""
    return _detail_lines(answer, corpus)


def why_lines(why: dict | None) -> list[str]:
    return _why_lines(why)


def _why_lines(why: dict | None) -> list[str]:
    """The derivation tree under an answer; not wrapped, its indentation is its structure."""
    from engine.derivations import Derivation, render

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
    # The tree shows the engine's own terms (predicates, constants): that is its point; its periods read in French.
    tree = _PERIOD.sub(lambda m: vocab.interval(None if m[1] in ("?", "…") else m[1],
                                                None if m[2] in ("…", "open") else m[2]), tree)
    return [f"   pourquoi (au {vocab.french_date(why['date'])}) :"] + ["     " + line for line in tree.splitlines()]


_PERIOD = re.compile(r"\[(\d{4}-\d\d-\d\d|\?|…), (\d{4}-\d\d-\d\d|…|open)\)")


def _version_lines(v, corpus) -> list[str]:
    lines: list[str] = []
    if v.start or v.end:
        lines.append(f"période : {vocab.interval(v.start, v.end)}")
    elif v.status != "not_yet_in_force":
        lines.append("période : date de début inconnue")
    if v.produced_by:
        lines.append("produite par : " + "; ".join(f"{p} du décret" for p in v.produced_by))
    if v.successor:
        lines.append(f"devenu : {vocab.ref_label(corpus, v.successor) if corpus else v.successor}")
    if v.predecessor:
        lines.append(f"issu de : {vocab.ref_label(corpus, v.predecessor) if corpus else v.predecessor}")
    if v.note:
        lines.append(vocab.humanize(v.note, corpus))
    if v.full_text:
        lines.append("texte : « " + v.full_text.replace("\n", " / ") + " »")
    elif getattr(v, "text", None):
        # The words of a partly amended article run to pages: an answer about its version says they exist
        # and where to read them alinéa by alinéa, each passage with the provision that wrote it.
        n = v.text.count("\n") + 1
        lines.append(f"texte consolidé : {n} alinéa{'s' if n > 1 else ''} (cmakb text, et --blame pour la "
                     "disposition qui a écrit chaque passage)")
    for op in v.operations:
        words = " → ".join(f"« {w} »" for w in (op["old"], op["new"]) if w)
        lines.append(f"{op['provision']} : {vocab.label('operation', op['operation'])} — {op['citation']} "
                     f"{words}".rstrip())
    return lines


def _detail_lines(answer, corpus=None) -> list[str]:
    f = answer.fields
    if "version" in f:
        return _version_lines(f["version"], corpus)
    lines: list[str] = []
    values = {
        "approver": f.get("approver_name") or (vocab.actor_label(corpus, f.get("approver")) if corpus
                                               else f.get("approver")),
        "mode": vocab.label("mode", f.get("mode")),
        "delay": vocab.duration(f.get("delay")),
        "delay_from": f.get("delay_from"),
        "condition": f.get("condition"),
        "rule": f.get("rule_text") or vocab.label("rule", f.get("rule")),
        "due_date": vocab.french_date(f["due_date"]) if f.get("due_date") else None,
        "due_flag": f.get("due_flag"),
        "obligation": f.get("obligation"),
        "who": f.get("who_name") or (vocab.actor_labels(corpus, f.get("who")) if corpus and f.get("who") else None),
        "to": (vocab.actor_labels(corpus, f.get("to")) if corpus else f.get("to")) if f.get("to") else None,
        "statement": f.get("statement") if f.get("statement") != answer.summary else None,
    }
    for key, value in values.items():
        if value and key in f:
            text = value if not isinstance(value, (list, tuple)) else "; ".join(map(str, value))
            lines.append(f"{vocab.label('field', key)} : {text}")
    return lines
