"""Read a whole amending text (JO layout) into provisions, each with its sentence, its chapeaux and its new text.

Layouts read: the articles of the JO as Légifrance prints them (« Article 3 » on its own line, or the
bullets « • » of rules/sources/decret-2021-168.txt), numbered items (1°, a), i)), quoted blocks after
« ainsi rédigé : »; or a single sentence, optionally preceded by a chapeau line naming the text and article.
Every leaf is read by engine/amending.py in the context its chapeaux give; a sentence that cannot be read
is kept with its error (line, column, what was expected), never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .amending import AmendingSyntaxError, parse_sentence, strip_label
from .amending_resolve import Context, DraftOperation, Memory, clean_block_line, resolve

_ARTICLE_RE = re.compile(r"^(?:Article|Art\.)\s+(?P<n>\d+(?:er)?(?:\s+(?:bis|ter|quater))?)\s*\.?$", re.I)
_ITEM_RE = re.compile(r"^(?P<label>\d+°(?:\s*(?:bis|ter|quater))?|[a-z]{1,4}\))\s"
                      r"|^(?P<para>[IVX]+(?:\s+(?:bis|ter|quater))?)\s*\.\s*[-–—]\s*"  # I. - : paragraphs of an article
                      r"|^(?P<dash>[-–—])\s*(?=\S)")  # tirets, below the lettered items
_ROMAN_SUB = {"i)", "ii)", "iii)", "iv)", "v)", "vi)", "vii)", "viii)", "ix)", "x)"}
_STOP = re.compile(r"^(?:Fait (?:à|le)\b)")


@dataclass
class Node:
    label: str  # "1°", "a)", "i)"; "" for an article's own sentence
    line: str  # the instruction, label included
    line_number: int
    children: list["Node"] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # paragraphs of new text (and table cells)


@dataclass
class ArticleNode:
    number: str
    opening: Node
    items: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class DraftProvision:
    """A leaf provision: its label (« art. 2, 2° a) ii) »), its sentence, and what was read of it."""

    label: str
    says: str
    line_number: int
    chapeaux: tuple[str, ...]
    operations: tuple[DraftOperation, ...] = ()
    error: AmendingSyntaxError | None = None
    block: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out = {"label": self.label, "says": self.says, "operations": [op.to_json() for op in self.operations]}
        if self.error is not None:
            out["error"] = {"line": self.line_number, "column": self.error.column, "message": self.error.message,
                            "expected": list(self.error.expected)}
        return out


ORDER = {"para": 0, "num": 1, "letter": 2, "roman": 3, "dash": 4}


def _level(label: str, stack_levels: list[str]) -> str:
    if label.startswith("tiret"):
        return "dash"
    if re.match(r"^[IVX]+(?: \w+)?$", label):
        return "para"
    if label.endswith("°") or "°" in label:
        return "num"
    if label in _ROMAN_SUB and "letter" in stack_levels:
        return "roman"
    return "letter"


def split_articles(text: str) -> list[ArticleNode]:
    """The articles of an amending text, their items nested 1° → a) → i), quoted lines kept with their item."""
    articles: list[ArticleNode] = []
    stack: list[tuple[str, Node]] = []
    pending_header: str | None = None
    lines = text.splitlines()
    started = not any(l.strip().startswith("•") or _ARTICLE_RE.match(l.strip()) for l in lines)
    for number, raw in enumerate(lines, start=1):
        s = raw.strip()
        if not s:
            continue
        if _STOP.match(s):
            break
        m_art = _ARTICLE_RE.match(s)
        if m_art:
            pending_header = re.sub(r"er$", "", m_art["n"])
            started = True
            continue
        if s.startswith("•"):
            s = s.lstrip("• ").strip()
            pending_header = str(len(articles) + 1)
            started = True
        if not started:
            continue
        if pending_header is not None:
            first_is_item = bool(_ITEM_RE.match(s)) and not s.startswith("«")
            articles.append(ArticleNode(pending_header, Node("", "" if first_is_item else s, number)))
            pending_header, stack = None, []
            if not first_is_item:  # « Article 2 » then « I. - Au deuxième alinéa … »: the article opens with items
                continue
        if not articles:  # a lone sentence (draft of one provision): an article without a number
            articles.append(ArticleNode("", Node("", s, number)))
            continue
        art = articles[-1]
        m = _ITEM_RE.match(s)
        if s.startswith("«") or not m:
            if not m and not s.startswith("«") and not stack and not art.items and not art.opening.body \
                    and art.opening.line.rstrip().endswith(":") and _looks_like_sentence(s):
                # « A l'article 3 du décret … : » on one line, the sentence on the next: a chapeau and its item
                item = Node("", s, number)
                art.items.append(item)
                stack.append(("num", item))
                continue
            (stack[-1][1] if stack else art.opening).body.append(s)
            continue
        if m["dash"]:
            siblings = (stack[-1][1].children if stack and stack[-1][0] != "dash" else
                        stack[-2][1].children if len(stack) > 1 else art.items) if stack else art.items
            label = f"tiret {sum(1 for n in siblings if n.label.startswith('tiret')) + 1}"
        else:
            label = (m["label"] or m["para"]).replace("\u00a0", " ")
        level = _level(label, [lvl for lvl, _ in stack])
        order = ORDER
        while stack and order[stack[-1][0]] >= order[level]:
            stack.pop()
        node = Node(label, s, number)
        (stack[-1][1].children if stack else art.items).append(node)
        stack.append((level, node))
    return articles


def _looks_like_sentence(s: str) -> bool:
    return bool(re.match(r"^(?:A|Au|Aux|À|Le|La|Les|L['’]|Il|Après|Avant|Dans)\b", s))


def _amends_nothing(article: ArticleNode) -> bool:
    return bool(re.search(r"\bsont chargés\b|\best chargée?\b.*\bexécution\b", article.opening.line))


def read_text(text: str, context: Context | None = None) -> list[DraftProvision]:
    """Every leaf provision of an amending text, read in its context."""
    out: list[DraftProvision] = []
    memory = Memory()
    doc_text = context.text if context else None
    for art in split_articles(text):
        if _amends_nothing(art):
            continue
        prefix = f"art. {art.number}" if art.number else ""
        ctx = Context(doc_text, context.levels if context and not art.number else ())
        memory.last = ctx.levels
        if not art.items:
            out.append(_leaf(art.opening, prefix or str(len(out) + 1), ctx, memory, ()))
        else:
            reading = _chapeau(art.opening, ctx, memory) if art.opening.line else ctx
            if isinstance(reading, DraftProvision):
                out.append(reading)
                continue
            _walk(art.items, prefix, reading, memory, (art.opening.line,), out)
        doc_text = memory.text or doc_text
    return out


def _chapeau(node: Node, ctx: Context, memory: Memory):
    _, body = strip_label(node.line)
    try:
        s = parse_sentence(body)
    except AmendingSyntaxError as exc:
        return DraftProvision("?", node.line, node.line_number, (), error=exc)
    r = resolve(s, ctx, memory)
    if r.context is None:  # a statement with items below: read the items in its unit
        return ctx
    memory.text = r.context.text or memory.text
    return r.context


def _walk(items: list[Node], prefix: str, ctx: Context, memory: Memory, chapeaux, out) -> None:
    for node in items:
        if not prefix:
            label = node.label or str(len(out) + 1)
        elif "," not in prefix:
            label = f"{prefix}, {node.label}"
        else:
            label = f"{prefix} {node.label}"
        if node.children:
            sub = _chapeau(node, ctx, memory)
            if isinstance(sub, DraftProvision):
                out.append(DraftProvision(label, node.line, node.line_number, chapeaux, error=sub.error))
                continue
            _walk(node.children, label, sub, memory, chapeaux + (node.line,), out)
        else:
            out.append(_leaf(node, label, ctx, memory, chapeaux))


def _leaf(node: Node, label: str, ctx: Context, memory: Memory, chapeaux) -> DraftProvision:
    _, body = strip_label(node.line)
    block = tuple(node.body)
    body, spilled = _open_quote(body, block)
    try:
        s = parse_sentence(body)
        r = resolve(s, ctx, memory, () if spilled is not None else block)
    except AmendingSyntaxError as exc:
        return DraftProvision(label, node.line, node.line_number, tuple(chapeaux), error=exc, block=block)
    ops = r.operations
    if spilled is not None:
        ops = tuple(replace(op, new=spilled if op.new == _SPILL else op.new) for op in ops)
    memory.text = next((op.text for op in ops if op.text), memory.text)
    return DraftProvision(label, node.line, node.line_number, tuple(chapeaux), ops, block=block)


_SPILL = "\u2026bloc\u2026"


def _open_quote(sentence: str, block: tuple[str, ...]) -> tuple[str, str | None]:
    """A quotation opened on the instruction line and continued over the paragraphs below it (« … » ;):
    the sentence is parsed with a placeholder, and the words are the paragraphs, each without its «."""
    start = sentence.rfind("«")
    if start < 0 or "»" in sentence[start:] or not block:
        return sentence, None
    head = sentence[start + 1:].strip()
    paragraphs = ([head] if head else []) + [clean_block_line(b) for b in block]
    return sentence[:start] + f"« {_SPILL} »", "\n".join(p for p in paragraphs if p)
