"""What a version says, and which provision wrote each passage; what changed between two dates.

The words come from the consolidation stage (`kb.consolidated`); this module only picks the version in
force at a date, cites it and words the answer. An article the décret does not touch answers « en
vigueur, non modifié par le décret »; an article of a text repealed whole answers « abrogé »; an article
no source knows is no answer (exit 1) with that explanation.

    >>> resp = article_text(kb, "code de l'artisanat", "18", date(2021, 3, 1))
    >>> a = resp.answers[0]
    >>> a.fields["status"], a.fields["interval"]["start"], a.fields["passages"][1]["provision"]
    ('in_force', '2021-02-19', 'art. 2, 1° a)')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from engine.citation import normalize_article
from engine.consolidation import ConsolidatedArticle, ConsolidatedVersion
from engine.errors import CitationError
from engine.kb import KnowledgeBase

from .answers import Answer, Basis, Response, make_basis
from .cite import article_citation
from .resolve import consolidated_of, resolve_text, timeline_of

PRIOR_LABEL = "texte antérieur au décret"
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
STATUS_WORDS = {"in_force": "en vigueur", "repealed": "abrogé", "renumbered": "renuméroté",
                "not_yet_in_force": "pas encore en vigueur", "unknown": "état inconnu"}


def french_date(day: date) -> str:
    """« 19 février 2021 », « 1er juillet 2023 »."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def french_interval(start: date | None, end: date | None) -> str:
    """« du 19 février 2021 au 30 juin 2023 » (the end is exclusive: the last day is the day before)."""
    head = f"du {french_date(start)}" if start else "depuis une date que nos sources ne donnent pas"
    if end is None:
        return head + (", sans terme connu" if start else "")
    return f"{head} au {french_date(end - timedelta(days=1))}"


@dataclass(frozen=True)
class Located:
    """An article a user named: its text id and number, and what cmakb knows of it."""

    text_id: str
    article: str
    consolidated: ConsolidatedArticle | None
    repealed_whole: object | None = None  # the text's own timeline segment, when it was repealed whole


def locate_article(kb: KnowledgeBase, text: str, article: str) -> Located:
    """Resolve TEXT ARTICLE; a malformed number is a QueryError (exit 2), an unknown one is not."""
    from .code_parts import text_holding  # « code de l'artisanat », art. R. 332-2: the 2023 code's article
    text_id = text_holding(kb.corpus, resolve_text(kb.corpus, text), article)
    try:
        number = normalize_article(article)
    except CitationError:
        from .resolve import not_an_article_number

        raise not_an_article_number(article) from None
    cons = consolidated_of(kb, text_id, number)
    whole = timeline_of(kb, text_id, None)
    repealed = next((s for s in whole.segments if s.status == "repealed"), None) if whole else None
    return Located(text_id, number, cons, repealed)


def _legiarti_url(cons: ConsolidatedArticle | None) -> str | None:
    """The article's Légifrance page: /codes/article_lc/ for a code, /loda/article_lc/ for a décret."""
    from engine.base_texts import legifrance_article_url

    return legifrance_article_url(cons.text_id, cons.legiarti) if cons else None


def version_bases(kb: KnowledgeBase, text_id: str, article: str, v: ConsolidatedVersion) -> tuple[Basis, ...]:
    """The bases of a version, one per provision that made it; the article's Légifrance page where its LEGIARTI
    id is known. Frozen, so made once per base for what they are made of (not the date)."""
    made = kb.memo("version_bases", dict)
    key = (text_id, article, v.start, v.end, v.basis)
    found = made.get(key)
    if found is None:
        found = made[key] = _version_bases(kb, text_id, article, v)
    return found


def _version_bases(kb: KnowledgeBase, text_id: str, article: str, v: ConsolidatedVersion) -> tuple[Basis, ...]:
    out = _bases(kb, text_id, article, v)
    cons = kb.consolidated.get((text_id, article))
    url = _legiarti_url(cons)
    return tuple(replace(b, url=url) if url and b.text_id == text_id else b for b in out)


def _bases(kb: KnowledgeBase, text_id: str, article: str, v: ConsolidatedVersion) -> tuple[Basis, ...]:
    corpus = kb.corpus
    cit = article_citation(article)
    valid = (v.start or date(1, 1, 1), v.end) if v.end else (v.start or date(1, 1, 1), None)
    valid = (valid[0], valid[1]) if valid[1] else (valid[0], date(2999, 1, 1))
    out = []
    amending = corpus.amending_text().id
    for b in v.basis:
        tid, label = b.split(":", 1)
        if tid == amending:
            out.append(make_basis(corpus, text_id, cit, label, valid))
        elif tid in corpus.texts:
            out.append(make_basis(corpus, tid, label if label.startswith("art.") else "", None, valid))
    if not out:
        out.append(make_basis(corpus, text_id, cit, None, valid))
    return tuple(out)


def _not_known(kb: KnowledgeBase, loc: Located, on: date, kind: str) -> Response:
    resp = Response(f"texte de {loc.text_id} art. {loc.article} au {on.isoformat()}", kind, on,
                    query={"text": loc.text_id, "article": loc.article, "on": on})
    from engine.corpus import nearest

    known = set(a for (t, a) in kb.consolidated if t == loc.text_id) | set(kb.corpus.texts[loc.text_id].articles)
    close = nearest(loc.article, sorted(known))
    resp.notes.append(f"aucune de nos sources ne connaît l'article {loc.article} de {loc.text_id} "
                      "(ni le décret n° 2021-168, ni les textes de base de rules/sources)"
                      + (f" ; articles proches : {', '.join('art. ' + a for a in close)}" if close else ""))
    return resp


def _repealed_whole_answer(kb: KnowledgeBase, loc: Located, on: date, kind: str) -> Response:
    seg = loc.repealed_whole
    resp = Response(f"texte de {loc.text_id} art. {loc.article} au {on.isoformat()}", kind, on,
                    query={"text": loc.text_id, "article": loc.article, "on": on})
    label = seg.basis[0].split(":", 1)[1] if seg.basis else None
    made = kb.memo("repealed_whole_bases", dict)  # frozen: made once per base
    key = (loc.text_id, label, seg.start, seg.end)
    basis = made.get(key)
    if basis is None:
        basis = made[key] = make_basis(kb.corpus, loc.text_id, "", label, (seg.start, seg.end))
    status = "repealed" if on >= seg.start else "in_force"
    fields = {"status": status, "text_id": loc.text_id, "article": loc.article, "text": None, "passages": [],
              "interval": {"start": seg.start.isoformat(), "end": None},
              "version": {"version_id": f"{loc.text_id}:{loc.article}@{seg.start.isoformat()}", "status": status},
              "url": None, "complete": False, "notes": []}
    name = f"{_designation(kb, loc.text_id)}, article {'1er' if loc.article == '1' else loc.article}"
    if status == "repealed":
        summary = f"{name} : abrogé depuis le {french_date(seg.start)}, avec tout le texte ({label} du décret n° 2021-168)"
    else:
        summary = (f"{name} : en vigueur jusqu'au {french_date(seg.start - timedelta(1))} ; texte non couvert par "
                   "nos sources")
        fields["interval"] = {"start": None, "end": seg.start.isoformat()}
    resp.answers.append(Answer("text", fields, (basis,), summary))
    return resp


def _passage_json(p) -> dict:
    return {"text": p.text, "provision": p.provision, "alinea": p.alinea, "division": p.division,
            "decree_alinea": p.decree_alinea, "kind": p.kind}


def article_text(kb: KnowledgeBase, text: str, article: str, on: date) -> Response:
    """The article as in force at `on`, alinéa by alinéa, each passage with the provision that wrote it."""
    loc = locate_article(kb, text, article)
    if loc.consolidated is None:
        if loc.repealed_whole is not None:
            return _repealed_whole_answer(kb, loc, on, "text")
        return _not_known(kb, loc, on, "text")
    cons = loc.consolidated
    resp = Response(f"texte de {loc.text_id} art. {loc.article} au {on.isoformat()}", "text", on,
                    query={"text": loc.text_id, "article": loc.article, "on": on})
    v = cons.at(on)
    if v is None:
        first = min((x.start for x in cons.versions if x.start), default=None)
        if cons.base_source and first:  # LEGI gives the version in force in 2019, not the earlier ones
            resp.notes.append(f"nos sources donnent l'article à partir du {french_date(first)} (version de la base "
                              "LEGI) : ses versions antérieures n'y sont pas")
        else:
            resp.notes.append("pas encore en vigueur à cette date" + (f" : l'article existe à compter du "
                                                                       f"{french_date(first)}" if first else ""))
        return resp
    text_id = loc.text_id
    notes = list(v.notes)
    known_until = kb.corpus.texts[text_id].known_until
    if known_until and v.end is None and v.status == "in_force":
        if on >= known_until:
            resp.notes.append(f"nos sources ne couvrent pas {text_id} à partir du {french_date(known_until)} : "
                              "état inconnu")
            return resp
        notes.append(f"nos sources ne disent pas ce que devient cet article à partir du {french_date(known_until)}")
    if v.status == "in_force" and not v.passages:
        notes.append("texte de cette version absent de nos sources")
    elif v.status == "in_force" and not v.complete:
        notes.append("texte incomplet : seules les parties connues sont données")
    fields = {
        "status": v.status, "text_id": text_id, "article": loc.article,
        "text": v.text if v.passages else None,
        "passages": [_passage_json(p) for p in v.passages],
        "interval": {"start": v.start.isoformat() if v.start else None, "end": v.end.isoformat() if v.end else None},
        "version": {"version_id": v.version_id, "status": v.status, "amended": v.amended},
        "url": _legiarti_url(cons), "legiarti": cons.legiarti, "complete": v.complete,
        "base_source": cons.base_source, "touched": cons.touched,
        "tolerances": [{"tolerance": t.tolerance, "provision": t.provision, "quoted": t.quoted, "found": t.found}
                       for t in v.tolerances],
        "notes": notes,
    }
    when = f"depuis le {french_date(v.start)}" if v.status != "in_force" and v.start and not v.end else \
        french_interval(v.start, v.end)
    summary = f"{_designation(kb, text_id)}, article {loc.article} : {STATUS_WORDS.get(v.status, v.status)} {when}"
    if v.status == "in_force" and not cons.touched and cons.base_source:
        summary += " (non modifié par le décret n° 2021-168)"
    resp.answers.append(Answer("text", fields, version_bases(kb, text_id, loc.article, v), summary))
    return resp


def _designation(kb: KnowledgeBase, text_id: str) -> str:
    from .cite import designation

    d = designation(kb.corpus.texts[text_id])
    return d[0].upper() + d[1:]


def render_text(resp: Response, blame: bool = False, corpus=None) -> str:
    """The answer as a person reads it: heading, link, alinéas (with « [provision] » marks when blame).
    No answer: the notes say why, with the texts by their names when `corpus` is given (« l'article 999 de
    code de l'artisanat », not « de CA »)."""
    if not resp.answers:
        from .vocabulary import humanize

        return "\n".join(["Pas de réponse."] + [f"note : {humanize(n, corpus)}" for n in resp.notes])
    a = resp.answers[0]
    f = a.fields
    lines = [a.summary]
    provisions = sorted({p["provision"] for p in f["passages"] if p["provision"]}, key=_provision_key)
    if provisions:
        lines.append("Rédaction issue du décret n° 2021-168 : " + ", ".join(provisions))
    if f.get("url"):
        lines.append(f"Légifrance : {f['url']}")
    lines.append("")
    current = None
    for p in f["passages"]:
        key = (p["division"], p["alinea"])
        if key != current:
            if current is not None:
                lines.append("")
            current = key
            lines.append("")
            if blame:
                where = (f"{p['division']}, " if p["division"] else "") + f"al. {p['alinea']}"
                origin = f" (al. {p['decree_alinea']} avant le décret)" if p["decree_alinea"] else ""
                lines[-1] = f"— {where}{origin}\n"
        text = p["text"]
        if blame and p["provision"]:
            text = f"⟦{text}⟧ [{p['provision']}]"
        lines[-1] += text
    out = "\n".join(line.rstrip() for line in lines).replace("\n\n\n", "\n\n").rstrip()
    extra = [f"note : {n}" for n in f.get("notes", [])] + [f"note : {n}" for n in resp.notes]
    seen, base = set(), []
    for b in a.basis:
        line = f"fondement : {b.citation}" + (f" — {b.url}" if b.url else "")
        if line not in seen:
            seen.add(line)
            base.append(line)
    return out + "\n\n" + "\n".join(base + extra)


def _provision_key(label: str):
    return tuple(int(n) if n.isdigit() else n for n in re.findall(r"\d+|\D+", label))


# ------------------------------------------------------------------ diff
@dataclass(frozen=True)
class Change:
    """One change of words between two versions, with the provision that made it."""

    kind: str  # insert | delete | replace
    old: str
    new: str
    provision: str | None
    division: str | None
    alinea: int | None  # in the later version (or the earlier one for a deletion)


def _tokens(al) -> list[tuple[str, str | None]]:
    return [(tok, p.provision) for p in al for tok in re.findall(r"\w+|[^\w\s]", p.text)]


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:)»])", r"\1", text)
    text = re.sub(r" ?(['’]) ?", r"\1", text)
    return re.sub(r"([(«]) ", r"\1", text).replace(" - ", "-")


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False).ratio()


def word_diff(kb: KnowledgeBase, old: ConsolidatedVersion, new: ConsolidatedVersion) -> list[Change]:
    """Alinéa by alinéa, then word by word inside an alinéa both versions have: what the later version
    inserts, deletes or replaces; each change with its provision."""
    a_als, b_als = old.alineas, new.alineas
    text = lambda al: "".join(p.text for p in al)  # noqa: E731
    deleting = _deleting_provisions(kb, new)
    out: list[Change] = []
    sm = difflib.SequenceMatcher(a=[text(x) for x in a_als], b=[text(x) for x in b_als], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        left, right = list(a_als[i1:i2]), list(b_als[j1:j2])
        pairs = []
        for al in left:
            best = max(right, key=lambda r: _similar(text(al), text(r)), default=None)
            if best is not None and _similar(text(al), text(best)) > 0.5:
                right.remove(best)
                pairs.append((al, best))
            else:
                out.append(Change("delete", text(al), "", _guess_deleter(text(al), deleting), al[0].division,
                                  al[0].alinea))
        for al in right:
            provision = next((p.provision for p in al if p.provision), None)
            out.append(Change("insert", "", text(al), provision, al[0].division, al[0].alinea))
        for al_a, al_b in pairs:
            out += _words_changed(al_a, al_b, deleting)
    return sorted(out, key=lambda c: (_division_order(new, c.division), c.alinea or 0))


def _division_order(v: ConsolidatedVersion, division: str | None) -> int:
    order = list(dict.fromkeys(p.division for p in v.passages))
    return order.index(division) if division in order else len(order)


def _words_changed(al_a, al_b, deleting) -> list[Change]:
    a, b = _tokens(al_a), _tokens(al_b)
    sm = difflib.SequenceMatcher(a=[t[0] for t in a], b=[t[0] for t in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        old_words, new_words = _join([t[0] for t in a[i1:i2]]), _join([t[0] for t in b[j1:j2]])
        provision = next((t[1] for t in b[j1:j2] if t[1]), None) or _guess_deleter(old_words, deleting)
        kind = "insert" if not old_words else "delete" if not new_words else "replace"
        out.append(Change(kind, old_words, new_words, provision, al_b[0].division, al_b[0].alinea))
    return out


def _deleting_provisions(kb: KnowledgeBase, v: ConsolidatedVersion) -> list[tuple[str, str | None]]:
    amending = kb.corpus.amending_text().id
    labels = [b.split(":", 1)[1] for b in v.basis if b.startswith(amending + ":")]
    out = []
    for (_, label), prov in kb.corpus.provisions.items():
        if label in labels:
            for op in prov.operations:
                if op.kind in ("delete_words", "repeal", "replace"):
                    out.append((label, op.old.value if op.old else None))
    return out


def _guess_deleter(words: str, deleting: list[tuple[str, str | None]]) -> str | None:
    flat = re.sub(r"\s+", " ", words)
    for label, old in deleting:
        if old and re.sub(r"\s+", " ", old).strip(" ,") in flat:
            return label
    repeals = [label for label, old in deleting if old is None]
    return repeals[0] if len(repeals) == 1 else (", ".join(repeals) if repeals else None)


def article_diff(kb: KnowledgeBase, text: str, article: str, day_from: date, day_to: date) -> Response:
    """The word diff of an article between the versions in force at two dates."""
    loc = locate_article(kb, text, article)
    q = {"text": loc.text_id, "article": loc.article, "from": day_from, "to": day_to}
    resp = Response(f"différences de {loc.text_id} art. {loc.article} du {day_from.isoformat()} au "
                    f"{day_to.isoformat()}", "diff", day_to, query=q)
    if loc.consolidated is None:
        resp.notes.append("aucun texte de cet article dans nos sources")
        return resp
    v1, v2 = loc.consolidated.at(day_from), loc.consolidated.at(day_to)
    if v1 is None or v2 is None or not v1.passages or not v2.passages:
        missing = [d.isoformat() for d, v in ((day_from, v1), (day_to, v2)) if v is None or not v.passages]
        resp.notes.append("pas de texte à comparer à la date du " + " et du ".join(missing))
        return resp
    if v1.version_id == v2.version_id:
        resp.notes.append(f"même version aux deux dates ({french_interval(v1.start, v1.end)}) : aucune différence")
    changes = word_diff(kb, v1, v2)
    bases = version_bases(kb, loc.text_id, loc.article, v2)
    for ch in changes:
        fields = {"change": ch.kind, "old": ch.old, "new": ch.new, "provision": ch.provision,
                  "division": ch.division, "alinea": ch.alinea, "from_version": v1.version_id,
                  "to_version": v2.version_id}
        where = (f"{ch.division}, " if ch.division else "") + (f"al. {ch.alinea}" if ch.alinea else "")
        summary = f"[{ch.provision or 'disposition non identifiée'}] {where}"
        basis = tuple(b for b in bases if b.provision == ch.provision) or bases
        resp.answers.append(Answer("diff", fields, basis, summary))
    if v1.version_id == v2.version_id:
        resp.answers.clear()
    return resp


def render_diff(resp: Response, corpus=None) -> str:
    if not resp.answers:  # no answer: the texts by their names, the dates in words, as `version` says them
        from .vocabulary import humanize

        return "\n".join([humanize(resp.question, corpus)] + [f"note : {humanize(n, corpus)}" for n in resp.notes])
    lines = [resp.question]
    for a in resp.answers:
        f = a.fields
        lines.append("")
        lines.append(a.summary)
        if f["old"]:
            lines.append("  − " + f["old"].replace("\n", " ¶ "))
        if f["new"]:
            lines.append("  + " + f["new"].replace("\n", " ¶ "))
    lines += [f"note : {n}" for n in resp.notes]
    return "\n".join(lines)


def consolidation_check(kb: KnowledgeBase) -> tuple[dict[str, int], list[str]]:
    """For `cmakb check`: how many operation targets the consolidation located, and each tolerance and
    source warning as a line (errors are consistency problems: queries/coverage.py)."""
    from engine.consolidation import all_problems

    cons = kb.consolidated
    uses = [t for a in cons.values() for v in a.versions for t in v.tolerances]
    warnings = [p for p in all_problems(cons) if p.severity != "error"]
    counts = {"anchors_located": sum(v.located for a in cons.values() for v in a.versions),
              "tolerances": len(uses), "source_warnings": len(warnings),
              "articles_with_text": sum(1 for a in cons.values() if any(v.passages for v in a.versions))}
    stale = norm_citation_warnings(kb)
    counts["norm_citations_to_check"] = len(stale)
    lines = [f"tolérance : {t.describe()}" for t in uses] + [p.render() for p in warnings] + stale
    return counts, lines


def norm_citation_warnings(kb: KnowledgeBase, on: date = date(2021, 2, 19)) -> list[str]:
    """Bases of records (norms, approvals, deadlines) that cite an alinéa the consolidated text does not have
    at `on`: a norm cites alinéas as the consolidated text numbers them (« art. 20, I, al. 5 »), not as the
    décret did. Warnings, for the authors of those records."""
    from engine.citation import parse_citation

    out = []
    for rec in kb.corpus.records.values():
        f = rec.get("basis")
        for v in (f.values if f else ()):
            if not hasattr(v, "citation"):
                continue
            try:
                cit = parse_citation(v.citation)
            except CitationError:
                continue
            cons = kb.consolidated.get((v.text_id, cit.article)) if cit.article else None
            version = cons.at(on) if cons and cons.base_source else None
            alineas = [p for p in cit.parts if p.kind == "alinea" and p.label.isdigit()]
            if version is None or not version.complete or not alineas:
                continue
            div = next((p.label for p in cit.parts if p.kind == "division"), None)
            have = {(al[0].division, al[0].alinea) for al in version.alineas}
            if (div, int(alineas[0].label)) not in have:
                divisions = sorted({d for d, _ in have if d})
                out.append(f"{v.pos}: avertissement : {v.text_id} « {v.citation} » : pas d'alinéa ainsi numéroté dans "
                           f"le texte consolidé au {french_date(on)}"
                           + (f" (ses alinéas se comptent dans les divisions {', '.join(divisions)})" if divisions
                              else ""))
    return sorted(out)
