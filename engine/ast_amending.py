"""The typed syntax tree of an amending provision: the provision, its operations, their targets and places.

Part of engine/ast.py (which re-exports every name): its own module so that a knowledge base read from its
built file, answering from records, need not create these classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ast import Field, HasFields, Str
from .errors import SourcePos


@dataclass(frozen=True)
class Target:
    """What an operation amends: a text and a citation in it."""

    text_id: str
    citation: str | None  # None: the whole text
    pos: SourcePos  # of the citation
    text_pos: SourcePos | None = None  # of the text id


@dataclass(frozen=True)
class Place:
    """Where an insertion goes: after/before an anchor (words or a unit), or at start/end."""

    where: str  # after | before | start | end
    anchor: Str | None = None


@dataclass(frozen=True)
class Operation:
    """One amending operation. `kind` is the DSL verb; see OPERATION_KINDS."""

    kind: str
    targets: tuple[Target, ...]
    pos: SourcePos
    old: Str | None = None  # words replaced, deleted, or anchor words
    new: Str | None = None  # words or text inserted or replacing
    place: Place | None = None
    new_number: Str | None = None  # renumber … as


OPERATION_KINDS = {
    # DSL verb: (Akoma Ntoso textual modification type, amendment-graph edge)
    "substitute": ("substitution", "substitutes"),
    "delete_words": ("repeal", "deletes"),
    "insert_words": ("insertion", "inserts"),
    "replace": ("replacement", "replaces"),
    "add": ("insertion", "inserts"),
    "repeal": ("repeal", "repeals"),
    "restore": ("insertion", "restores"),
    "renumber": ("renumbering", "renumbers"),
    "retitle_substitute": ("substitution", "retitles"),
    "retitle_insert": ("insertion", "retitles"),
}


@dataclass(frozen=True)
class Provision(HasFields):
    """A provision of the amending text (its label, what it says) and the operations it makes."""

    text_id: str  # the amending text
    label: str  # "art. 9, 4° b) ii)"
    says: Str | None
    operations: tuple[Operation, ...]
    fields: tuple[Field, ...]
    pos: SourcePos
    label_pos: SourcePos


