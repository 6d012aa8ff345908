"""Resolve a parsed amending sentence in its context into operations with the rules DSL's verbs.

The context is what the chapeaux above a sentence give (the amended text's name, the article and unit);
the memory is the last article, unit and text named (« cet article », « au même alinéa », « du même
décret »). Operations: substitute, insert_words, delete_words, replace, add, repeal, restore, renumber,
retitle_substitute, retitle_insert.

    >>> ctx = Context(text="code de l'artisanat", levels=(Level("article", ("18",)),))
    >>> [op.target for op in read_sentence("b) Le deuxième alinéa est supprimé ;", ctx).operations]
    ['art. 18, al. 2']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .amending import AmendingSyntaxError, Chain, Clause, Level, NewUnit, Sentence, _item, parse_sentence, strip_label
from .citation import LATIN, normalize_article

# Rank of each kind of unit in a citation, outermost first: a reference replaces the context from its
# outermost unit down ("Au 3°" under "Au I de l'article 23" is art. 23, I, 3°).
RANK = {"structure": 0, "article": 1, "division": 2, "item": 3, "letter": 4, "alinea": 5, "phrase": 6,
        "row": 7, "column": 8, "title": 9}


@dataclass(frozen=True)
class Context:
    """What the chapeaux above a sentence give: the amended text's name and the unit (levels)."""

    text: str | None = None
    levels: tuple[Level, ...] = ()
    pending_delete: bool = False  # « Les mentions suivantes … sont supprimées : » over quoted items
    pending_repeal: bool = False  # « Sont abrogés : » over listed units


@dataclass(frozen=True)
class DraftOperation:
    kind: str
    text: str | None
    target: str | None
    old: str | None = None
    new: str | None = None
    where: str | None = None
    anchor: str | None = None
    new_number: str | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "text": self.text, "target": self.target, "old": self.old, "new": self.new,
                "place": {"where": self.where, "anchor": self.anchor} if self.where else None,
                "new_number": self.new_number}


@dataclass(frozen=True)
class Reading:
    """What one sentence says: its operations, or the context it gives its items."""

    operations: tuple[DraftOperation, ...] = ()
    context: Context | None = None  # set for a chapeau
    announces_block: bool = False
    last: tuple[Level, ...] = ()  # levels of the last unit named, for « cet alinéa », « ce même article »


# ------------------------------------------------------------------ resolving against the context
def _merge(base: tuple[Level, ...], new: tuple[Level, ...]) -> tuple[Level, ...]:
    if not new:
        return base
    top = min(RANK[lv.kind] for lv in new)
    kept = tuple(lv for lv in base if RANK[lv.kind] < top)
    out = kept + tuple(sorted(new, key=lambda lv: RANK[lv.kind]))
    if any(lv.kind == "article" for lv in out):
        out = tuple(lv for lv in out if lv.kind != "structure")
    return out


@dataclass
class Memory:
    """The last article and unit named, for « cet article », « ce même article », « cet alinéa »."""

    last: tuple[Level, ...] = ()
    text: str | None = None
    # Alinéas inserted so far, by (text, unit): (the alinéa they follow, in the décret's numbering, how many).
    # The décret counts its anchors in the text it amends (« Après le second alinéa » is the original second),
    # while a new alinéa is numbered at its place in the amended unit: after earlier insertions before it.
    inserted: dict[tuple[str | None, str | None], list[tuple[int, int]]] = field(default_factory=dict)


def resolve_chain(chain: Chain | None, base: tuple[Level, ...], memory: Memory) -> tuple[Level, ...]:
    if chain is None:
        return base
    if chain.text and not chain.same_text:
        base = ()
    levels = []
    for lv in chain.levels:
        if lv.same:
            source = memory.last or base
            upto = [x for x in source if RANK[x.kind] <= RANK[lv.kind]]
            if not any(x.kind == lv.kind for x in upto):
                upto = [x for x in base if RANK[x.kind] <= RANK[lv.kind]]
            base = tuple(x for x in upto)
            continue
        levels.append(lv)
    if chain.own:
        return base + tuple(levels)
    return _merge(base, tuple(levels))


def _label(lv: Level, label: str) -> str:
    if lv.kind == "phrase" and label == "dernier":
        label = "dernière"
    return {"article": f"art. {label}", "alinea": f"al. {label}", "phrase": f"phrase {label}",
            "row": f"tableau, ligne {label}", "column": f"colonne {label}"}.get(lv.kind, label)


def _joined(lv: Level) -> str:
    """Several units as ONE citation (the agreed form for a replacement): 'al. 3 à 5', 'al. 3 et 4'."""
    labels = lv.labels
    nums = [int(x) for x in labels if x.isdigit()]
    if len(nums) == len(labels) >= 3 and nums == list(range(nums[0], nums[0] + len(nums))):
        return _label(lv, f"{nums[0]} à {nums[-1]}")
    return _label(lv, " et ".join(labels))


def citations(levels: tuple[Level, ...], joined: bool = False) -> list[str]:
    """Citation strings for levels; a list at one level gives one citation each (or one, `joined`)."""
    out = [[]]
    for lv in levels:
        if len(lv.labels) > 1 and joined:
            out = [o + [_joined(lv)] for o in out]
        elif lv.labels:
            out = [o + [_label(lv, lab)] for o in out for lab in lv.labels]
    return [", ".join(o) for o in out if o]


def _citation(levels) -> str | None:
    cs = citations(levels, joined=True)
    return cs[0] if cs else None


_BLOCK_LABEL = [
    (re.compile(r"^Art\.?\s*(?P<l>[LRD]?\.?\s*\d+(?:-\d+)*(?:er)?(?:\s+(?:%s))?)\s*\.?\s*-" % "|".join(LATIN)),
     "article"),
    (re.compile(r"^(?P<l>(?:X{0,3})(?:IX|IV|V?I{1,3}|V|X)(?:\s+(?:%s))?)\s*\.\s*-" % "|".join(LATIN)), "division"),
    (re.compile(r"^(?P<l>\d+°(?:\s*(?:%s))?)" % "|".join(LATIN)), "item"),
]


def block_unit(paragraph: str) -> Level | None:
    """The unit a new text names at its start: « II. - … », « 12° … », « Art. 25-1. - … »."""
    for pattern, kind in _BLOCK_LABEL:
        m = pattern.match(paragraph)
        if m:
            label = normalize_article(m["l"]) if kind == "article" else _item(m["l"]) if kind == "item" else m["l"]
            return Level(kind, (label,))
    return None


def _bump(label: str, by: int = 1) -> str:
    return str(int(label) + by) if label.isdigit() else label


def read_sentence(sentence: str, context: Context, memory: Memory | None = None,
                  block: tuple[str, ...] = ()) -> Reading:
    """Read one sentence in its context; `block` holds the paragraphs of the new text it announces."""
    memory = memory or Memory(last=context.levels, text=context.text)
    _, body = strip_label(sentence)
    s = parse_sentence(body)
    return resolve(s, context, memory, block)


def resolve(s: Sentence, context: Context, memory: Memory, block: tuple[str, ...] = ()) -> Reading:
    text = context.text
    if s.kind == "quote":
        if context.pending_delete:
            return Reading((DraftOperation("delete_words", text, _mention(context.levels, s.quote), old=s.quote),))
        raise AmendingSyntaxError("citation seule hors d'une énumération (« Les mentions suivantes … »)",
                                  s.quote or "", 1, ("une phrase modificative",))
    if s.kind == "chapeau_repeal":
        return Reading(context=Context(context.text, context.levels, pending_repeal=True), last=context.levels)
    if s.kind == "listed":
        if not context.pending_repeal:
            raise AmendingSyntaxError("unité citée seule hors d'une énumération (« Sont abrogés : »)", "", 1,
                                      ("une phrase modificative",))
        levels, text = context.levels, context.text
        chains = [c for _, c in s.locators] + ([s.subject] if s.subject else [])
        for chain in chains:
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        memory.last, memory.text = levels, text
        if s.quote is not None:
            return Reading((DraftOperation("delete_words", text, _citation(levels), old=s.quote),))
        if s.subject is not None and not s.subject.levels:
            return Reading((DraftOperation("repeal", text, None),))
        return Reading(tuple(DraftOperation("repeal", text, t) for t in citations(levels)))
    if s.kind in ("chapeau", "mentions"):
        levels, text = context.levels, context.text
        chains = [c for _, c in s.locators] + ([s.subject] if s.subject else [])
        for chain in chains:
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        if s.kind == "mentions":
            levels = context.levels
        memory.last = levels
        return Reading(context=Context(text, levels, s.kind == "mentions"), last=levels)
    # a statement: locators, then each clause (a clause's own locators refine the sentence's)
    base = context.levels
    for _, chain in s.locators:
        text = _text_of(chain, text, memory)
        base = resolve_chain(chain, base, memory) if _ != "after" and _ != "before" else base
    unit_anchor = next(((w, c) for w, c in s.locators if w in ("after", "before")), None)
    edge = next((w for w, _ in s.locators if w in ("start", "end")), None)
    ops: list[DraftOperation] = []
    for clause in s.clauses:
        levels = base
        for w, chain in clause.locators:
            if w in ("after", "before"):
                unit_anchor = (w, chain)
                continue
            edge = w if w in ("start", "end") else edge
            text = _text_of(chain, text, memory)
            levels = resolve_chain(chain, levels, memory)
        clause_text = text
        for chain in (clause.subject, clause.anchor):
            if isinstance(chain, Chain):
                clause_text = _text_of(chain, clause_text, memory)
        if clause.where == "edge":
            clause = replace(clause, where=edge or "end")
        ops.extend(_operations(clause, clause_text, levels, memory, unit_anchor, block))
        base = levels if not clause.locators else base
    return Reading(tuple(ops), announces_block=s.announces_block, last=memory.last)


_MENTION = re.compile(r"^(?P<l>[A-Z])\s*\.\s*-")


def _mention(levels, quote: str | None) -> str | None:
    """A mention of a titre or chapitre is a heading named by its letter: « A.-Chambres régionales… » deleted
    from the titre Ier is its « mention A » (a heading printed inside the titre, not words of an article)."""
    unit = _citation(levels)
    m = _MENTION.match(quote or "")
    if unit is None or m is None or not levels or levels[-1].kind != "structure":
        return unit
    return f"{unit}, mention {m['l']}"


def _text_of(chain: Chain, text: str | None, memory: Memory) -> str | None:
    """The text a reference names: its own, the last one named for « du même décret », else the context's."""
    if chain.text and not chain.same_text:
        memory.text = chain.text
        return chain.text
    if chain.same_text:
        return memory.text or text
    return text


def _paragraphs(block: tuple[str, ...], inline: str | None) -> list[str]:
    if inline is not None:
        return [inline]
    return [p for p in (clean_block_line(b) for b in block) if p]


def clean_block_line(line: str) -> str:
    """A paragraph of new text as the rules files quote it: without the opening « and the closing » ; »."""
    s = line.strip()
    if s.startswith("«"):
        s = s[1:].lstrip(" \u00a0\u202f")
    s = re.sub(r"\s*»\s*[;.,]?\s*$", "", s) if s.count("»") > s.count("«") else s
    return s.strip()


def _operations(c: Clause, text, levels, memory: Memory, unit_anchor, block) -> list[DraftOperation]:
    def at(chain):
        lv = resolve_chain(chain, levels, memory)
        memory.last = lv
        return lv

    if c.kind == "repeal_text":
        return [DraftOperation("repeal", c.subject.text, None)]
    title = lambda lv: any(x.kind == "title" for x in lv)  # noqa: E731
    if c.kind in ("substitute", "delete_words", "insert_words"):
        lv = at(c.subject) if c.subject else levels
        memory.last = lv
        kind = c.kind
        if title(lv):
            kind = {"substitute": "retitle_substitute", "insert_words": "retitle_insert"}.get(kind, kind)
        out = []
        for target in citations(lv) or [None]:
            if c.kind == "substitute":
                out.append(DraftOperation(kind, text, target, old=c.old, new=c.new))
            elif c.kind == "delete_words":
                out.extend(DraftOperation(kind, text, target, old=w, where=c.where, anchor=c.anchor_words)
                           for w in c.words)
            else:
                out.append(DraftOperation(kind, text, target, new=c.new, where=c.where, anchor=c.anchor_words))
        return out
    if c.kind == "repeal" and c.subject is not None and not c.subject.levels and c.subject.text:
        return [DraftOperation("repeal", c.subject.text, None)]  # « Le décret n° … est abrogé. »
    if c.kind == "repeal":
        lv = at(c.subject)
        return [DraftOperation("repeal", text, t) for t in citations(lv)]
    if c.kind == "replace":
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        return [DraftOperation("replace", text, _citation(lv), new="\n".join(paras) or None)]
    if c.kind == "replace_end":
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        return [DraftOperation("replace", text, _citation(lv), new="\n".join(paras) or None,
                               where="after" if c.anchor_words else "end", anchor=c.anchor_words)]
    if c.kind == "renumber":
        lv = at(c.subject)
        to = resolve_chain(c.renumber_to, tuple(x for x in lv if RANK[x.kind] < RANK[lv[-1].kind]), memory)
        return [DraftOperation("renumber", text, _citation(lv), new_number=_citation(to))]
    if c.kind in ("complete", "complete_unit"):
        lv = at(c.subject)
        paras = _paragraphs(block, c.new)
        whole = lv and lv[-1].kind in ("article", "division", "structure")
        if c.kind == "complete" and not whole:
            return [DraftOperation("insert_words", text, t, new=" ".join(paras) or None, where="end")
                    for t in citations(lv)]
        # The new text is one unit, or several, each opening with its own number (« II. - … », « 3° … »):
        # a paragraph that names no unit belongs to the unit before it.
        groups: list[list[str]] = []
        for p in paras:
            if not groups or block_unit(p) is not None:
                groups.append([p])
            else:
                groups[-1].append(p)
        ops = []
        for group in groups or [[]]:
            unit = block_unit(group[0]) if group else None
            if unit is None and c.new_unit and c.new_unit.kind and c.new_unit.label:  # « complété par un 4° »
                unit = Level(c.new_unit.kind, (c.new_unit.label,))
            if unit is None and c.new_unit and c.new_unit.kind in ("alinea", "phrase"):
                unit = Level(c.new_unit.kind, ("dernier" if c.new_unit.kind == "alinea" else "dernière",))
            new = _merge(lv, (unit,)) if unit else lv
            ops.append(DraftOperation("add", text, _citation(new), new="\n".join(group) or None, where="end"))
        return ops
    if c.kind in ("add", "restore"):
        anchor_chain = c.anchor
        where = c.where
        if anchor_chain is None and unit_anchor is not None:
            where, anchor_chain = unit_anchor
        anchor = resolve_chain(anchor_chain, levels, memory) if anchor_chain is not None else None
        paras = _paragraphs(block, c.new)
        unit = c.new_unit
        if c.kind == "restore":
            lv = _merge(levels, (_unit_level(unit, anchor, paras),))
            memory.last = lv
            return [DraftOperation("restore", text, _citation(lv), new="\n".join(paras) or None)]
        several = unit.count is not None and unit.kind in ("alinea", "phrase")
        if several:
            ops, prev = [], anchor
            shift = _inserted_before(memory, text, anchor, len(paras)) if unit.kind == "alinea" else 0
            for p in paras or [None]:
                nxt = _next_unit(prev, unit.kind, shift)
                shift = 0
                ops.append(DraftOperation("add", text, _citation(nxt), new=p, where=where or "after",
                                          anchor=_citation(prev)))
                prev = nxt
            memory.last = prev
            return ops
        new_level = _unit_level(unit, anchor, paras)
        if unit.kind == "alinea" and unit.label is None and anchor and (where or "after") == "after":
            new_level = _next_unit(anchor, "alinea", _inserted_before(memory, text, anchor, 1))[-1]
        if anchor is None and where is None:
            # « Il est inséré un 3° bis » names its place: right after the 3°
            before = _previous_number(new_level)
            if before is not None:
                anchor, where = _merge(levels, (before,)), "after"
        lv = _merge(anchor if anchor is not None else levels, (new_level,))
        memory.last = lv
        return [DraftOperation("add", text, _citation(lv), new="\n".join(paras) or None,
                               where=where or "end", anchor=_citation(anchor) if anchor is not None else None)]
    raise AssertionError(c.kind)


def _previous_number(level: Level) -> Level | None:
    """II bis → II, 3° ter → 3° bis, 16 bis → 16: where a number with a Latin suffix is inserted."""
    label = level.labels[0] if level.labels else ""
    m = re.match(r"^(?P<base>.+?) (?P<latin>%s)$" % "|".join(LATIN), label)
    if not m:
        return None
    i = LATIN.index(m["latin"])
    return Level(level.kind, (m["base"] if i == 0 else f"{m['base']} {LATIN[i - 1]}",))


def _inserted_before(memory: Memory, text, anchor, count: int) -> int:
    """How many alinéas earlier provisions inserted before the anchor alinéa of this unit; records these."""
    last = anchor[-1] if anchor else None
    if last is None or last.kind != "alinea" or not last.labels[-1].isdigit():
        return 0
    after = int(last.labels[-1])
    earlier = memory.inserted.setdefault((text, _citation(anchor[:-1])), [])
    shift = sum(n for at, n in earlier if at < after)
    earlier.append((after, count))
    return shift


def _next_unit(anchor: tuple[Level, ...], kind: str, shift: int = 0) -> tuple[Level, ...]:
    last = anchor[-1] if anchor else None
    if last is not None and last.kind == kind:
        return anchor[:-1] + (Level(kind, (_bump(last.labels[-1], 1 + shift),)),)
    return _merge(anchor, (Level(kind, ("1",)),))


def _unit_level(unit: NewUnit, anchor, paras) -> Level:
    if unit.label is not None and unit.kind is not None:
        return Level(unit.kind, (unit.label,))
    if unit.kind in ("alinea", "phrase") and anchor:
        nxt = _next_unit(anchor, unit.kind)
        return nxt[-1]
    if unit.kind in ("alinea", "phrase") and not anchor:  # « Il est ajouté à l'article 4 un alinéa »: at the end
        return Level(unit.kind, ("dernier" if unit.kind == "alinea" else "dernière",))
    named = block_unit(paras[0]) if paras else None
    return named or Level(unit.kind or "alinea", ("?",))
