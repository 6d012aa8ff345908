"""What the décret changed: in a text (grouped by operation), in one article, or by one provision.

Each answer cites the amended article in its version issued from the provision that changed it.

    >>> resp, _ = changes_response(kb, "décret 66-137", None, "12", date(2022, 1, 1))
    >>> [a.fields["provision"] for a in resp.answers]
    ['art. 8, 5° a) i)', 'art. 8, 5° a) ii)', 'art. 8, 5° b)']
"""

from __future__ import annotations

from datetime import date

from engine.errors import QueryError, UnknownNameError
from engine.graph import AmendmentGraph, provision_sort_key
from engine.kb import KnowledgeBase
from engine.corpus import nearest

from .answers import Answer, Response, make_basis
from .cite import unit_citation
from .resolve import resolve_article, resolve_text


def graph_of(kb: KnowledgeBase) -> AmendmentGraph:
    return AmendmentGraph.from_corpus(kb.corpus, kb.timelines)


def changes_response(kb: KnowledgeBase, text: str | None, provision: str | None, article: str | None,
                     on: date) -> tuple[Response, AmendmentGraph]:
    graph = graph_of(kb)
    corpus = kb.corpus
    if provision:
        label = provision.strip()
        labels = sorted({lab for (_, lab) in corpus.provisions})
        if label not in labels:
            from .vocabulary import text_label

            raise UnknownNameError(f"disposition inconnue du {text_label(corpus, corpus.amending_text().id)} : "
                                   f"{label!r}", nearest(label, labels))
        resp = Response(f"Qu'a modifié l'{label} du décret ?", "changes", on, query={"provision": label})
        for ch in graph.changes_by_provision(label):
            cit = unit_citation(ch.article, ch.citation)
            fields = {"provision": ch.provision, "operation": ch.operation, "type": ch.type, "text_id": ch.text_id,
                      "article": ch.article, "citation": cit, "date": ch.date, "old": ch.old, "new": ch.new,
                      "new_number": ch.new_number}
            summary = f"{ch.type} {ch.text_id} {cit or '(texte entier)'}"
            resp.answers.append(Answer("change", fields, (make_basis(corpus, ch.text_id, cit, label),), summary))
        return resp, graph
    if not text:
        raise QueryError("texte manquant : nommez un texte (par ex. « décret 99-433 ») ou une --provision "
                         "(par ex. « art. 2, 2° d) »)")
    text_id = resolve_text(corpus, text)
    if article:
        from .code_parts import text_holding  # « code de l'artisanat », art. R. 332-2: the 2023 code's article

        text_id = text_holding(corpus, text_id, article)
        number = resolve_article(corpus, text_id, article)
        resp = Response(f"Quelles dispositions ont modifié {text_id} art. {number} ?", "changes", on,
                        query={"text": text_id, "article": number})
        for pc in graph.provisions_changing(text_id, number):
            cit = unit_citation(number, "")
            fields = {"provision": pc.label, "types": list(pc.types), "citations": list(pc.citations),
                      "date": pc.date, "text_id": text_id, "article": number}
            resp.answers.append(Answer("change", fields, (make_basis(corpus, text_id, cit, pc.label),),
                                       f"{pc.label}: {', '.join(pc.types)} ({'; '.join(pc.citations)})"))
        return resp, graph
    resp = Response(f"Qu'a modifié le décret dans {text_id} ?", "changes", on, query={"text": text_id})
    groups = graph.changes_in_text(text_id)
    resp.query["groups"] = {t: [a or "(texte entier)" for a in arts] for t, arts in groups.items()}
    for edge_type, articles in groups.items():
        for art in articles:
            provs = [pc for pc in graph.provisions_changing(text_id, art) if edge_type in pc.types]
            provs.sort(key=lambda pc: provision_sort_key(pc.label))
            cit = unit_citation(art, "")
            bases = tuple(make_basis(corpus, text_id, cit, pc.label) for pc in provs)
            fields = {"type": edge_type, "text_id": text_id, "article": art,
                      "provisions": [pc.label for pc in provs]}
            resp.answers.append(Answer("change", fields, bases,
                                       f"{edge_type}: {cit or '(texte entier)'} — {', '.join(fields['provisions'])}"))
    return resp, graph
