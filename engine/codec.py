"""A JSON codec for the pipeline's plain data: dataclasses (from a whitelist of modules), dates,
tuples, lists, dicts with any hashable keys, sets — and nothing else.

The built knowledge base (engine/store.py) keeps every stage's output in this form. Decoding
never runs code named by the data: a dataclass is rebuilt only if its class is one of those
defined in CODEC_MODULES, looked up by name in a table built from those modules; its fields are
set from the data, in the order of the class's fields (a built file records that `layout()` and is
read only under the same one). No pickle, no eval.

    >>> from engine.errors import SourcePos
    >>> pos = SourcePos("a.cma", 3, 1, "x")
    >>> decode(encode({("D66_137", "19"): (pos, date(2021, 2, 19))})) == {("D66_137", "19"): (pos, date(2021, 2, 19))}
    True

A new stage's frozen dataclasses ride along once their module is listed in CODEC_MODULES (one line);
a new field on a listed class needs nothing.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import operator
from datetime import date
from functools import cache
from json.encoder import encode_basestring as _esc  # the escaper of json.dumps(ensure_ascii=False)
from typing import Any

from .errors import CmakbError, SourcePos

CODEC_MODULES = (
    "engine.errors",
    "engine.ast",
    "engine.ast_amending",
    "engine.ast_datalog",
    "engine.citation",
    "engine.source_text",
    "engine.loader",
    "engine.corpus",
    "engine.timelines",
    "engine.compiler",
    "engine.registry",
    "engine.article_sources",
    "engine.base_texts",
    "engine.consolidation",
)
"""Modules whose dataclasses may be stored and rebuilt (the whitelist). Add a stage's module here."""

SCHEMA = 4
"""The layout of the encoded form; part of every cache key."""

class CodecError(CmakbError, ValueError):
    """Data that is not one of the codec's shapes (a damaged or foreign file): rebuild, never guess.

    A CmakbError, so a damaged built file is a message (exit 2), not a traceback."""


@cache
def _classes() -> dict[str, type]:
    """Stored name → class: the class's own name where no other listed class has it, else module.name."""
    found: list[type] = []
    for name in CODEC_MODULES:
        module = importlib.import_module(name)
        found.extend(obj for obj in vars(module).values()
                     if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == name)
    short = [cls.__qualname__ for cls in found]
    return {(cls.__qualname__ if short.count(cls.__qualname__) == 1 else f"{cls.__module__}.{cls.__qualname__}"): cls
            for cls in found}


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _getter(cls: type):
    """All the fields of an instance at once, as a tuple (one C call rather than a getattr each)."""
    names = _names(cls)
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else (lambda obj: (get(obj),))


@cache
def _class_name(cls: type) -> str | None:
    """The stored name of a whitelisted dataclass, None for any other type."""
    return next((name for name, c in _classes().items() if c is cls), None)


def layout() -> str:
    """Every whitelisted class with its module and its fields in order, as `name=module:qualname(fields)`:
    a built file records it, and reads each class back only under the same fields (`resolver`)."""
    return ";".join(f"{name}={cls.__module__}:{cls.__qualname__}({','.join(_names(cls))})"
                    for name, cls in sorted(_classes().items()))


def _resolve(name: str) -> tuple[type, tuple[str, ...]]:
    """The class of a stored name in this code, with its fields (a file built in this process's code)."""
    cls = _classes().get(name)
    if cls is None:
        raise CodecError(f"unknown stored class {name!r}")
    return cls, _names(cls)


def resolver(stored_layout: str):
    """The classes of a built file, from the layout it recorded: each stored name is looked up the first time
    it is read, importing only its module (a cold answer need not import every stage's module), and is
    accepted only if it is a dataclass of a whitelisted module with the same fields as when it was stored."""
    table: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for entry in stored_layout.split(";") if stored_layout else ():
        name, eq, rest = entry.partition("=")
        where, paren, fields = rest.partition("(")
        module, colon, qualname = where.partition(":")
        if not (eq and paren and colon and fields.endswith(")")):
            raise CodecError(f"unreadable layout entry {entry!r}: rebuild")
        table[name] = (module, qualname, tuple(f for f in fields[:-1].split(",") if f))
    found: dict[str, tuple[type, tuple[str, ...]]] = {}

    def resolve(name: str) -> tuple[type, tuple[str, ...]]:
        try:
            return found[name]
        except KeyError:
            pass
        if name not in table:
            raise CodecError(f"unknown stored class {name!r}")
        module, qualname, fields = table[name]
        if module not in CODEC_MODULES:
            raise CodecError(f"stored class {name!r} of {module!r}: not a module of the codec's whitelist")
        cls = vars(importlib.import_module(module)).get(qualname)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module):
            raise CodecError(f"stored class {name!r} is no longer in {module}: rebuild it (cmakb build)")
        if _names(cls) != fields:
            raise CodecError(f"stored {name} has the fields ({', '.join(fields)}), the code "
                             f"({', '.join(_names(cls))}): rebuild it (cmakb build)")
        found[name] = (cls, fields)
        return found[name]

    return resolve


_INTERN = 16
"""Strings at least this long are written once per document, then referred to by number: a source
position repeats its file name and its line's text on every node of the line."""

_int_text = int.__repr__
_float_repr = float.__repr__


def _float_text(v: float) -> str:
    """A float as json.dumps writes it (allow_nan: NaN, Infinity)."""
    if v != v:
        return "NaN"
    if v == math.inf:
        return "Infinity"
    if v == -math.inf:
        return "-Infinity"
    return _float_repr(v)


_CLASS_HEADS: dict[type, tuple | None] = {}


def _class_head(cls: type) -> tuple | None:
    """('{"c":name,"v":[', fields getter) of a whitelisted dataclass; None for any other type."""
    try:
        return _CLASS_HEADS[cls]
    except KeyError:
        # Only a dataclass of a listed module needs the table of names (which imports every listed module):
        # a date or a list in a key does not.
        listed = dataclasses.is_dataclass(cls) and cls.__module__ in CODEC_MODULES
        name = _class_name(cls) if listed else None
        head = _CLASS_HEADS[cls] = None if name is None else ('{"c":' + _esc(name) + ',"v":[', _getter(cls))
        return head


def _writer(intern: bool = True):
    """(enc, out, seen): enc(v) appends the JSON text of v to the list `out`, in pieces.

    The text is written directly, as json.dumps(…, ensure_ascii=False, separators=(",", ":")) would
    write the tagged form ({"t": […]}, {"c": name, "v": […]} …): building that form first and then
    dumping it cost twice as much. One writer is one document: with `intern`, a long string is written
    {"x": s} the first time it is seen and {"r": n} after (numbered in the order of the text).
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    w = out.append
    esc = _esc
    heads = _CLASS_HEADS
    pos_class = SourcePos

    def items(values) -> None:
        """The values of a sequence, comma-separated."""
        rest = iter(values)
        for x in rest:
            enc(x)
            break
        for x in rest:
            w(",")
            enc(x)

    def enc(v: Any) -> None:
        t = type(v)
        if t is str:
            if intern and len(v) >= _INTERN:
                n = seen.get(v)
                if n is None:
                    seen[v] = len(seen)
                    w('{"x":' + esc(v) + "}")
                else:
                    w('{"r":%d}' % n)
            else:
                w(esc(v))
        elif t is int:
            w(_int_text(v))
        elif v is None:
            w("null")
        elif t is tuple:
            if v:
                w('{"t":[')
                items(v)
                w("]}")
            else:
                w('{"t":[]}')
        elif t is pos_class and type(v.line) is int and type(v.column) is int and type(v.file) is str \
                and type(v.line_text) is str:
            # A source position, on every node of the AST: written at once (it is a third of a corpus's values).
            # (Its head is looked up here, not when the writer is made: encoding a key needs no class table.)
            w(heads[pos_class][0] if pos_class in heads else _class_head(pos_class)[0])
            enc(v.file)
            w(f",{v.line},{v.column},")
            enc(v.line_text)
            w("]}")
        elif (head := heads[t] if t in heads else _class_head(t)) is not None:
            # Positional: the layout is checked when a file is opened (Store), so names need not repeat.
            w(head[0])
            fields = iter(head[1](v))
            for x in fields:  # items(), inlined: a dataclass is the commonest container
                enc(x)
                break
            for x in fields:
                w(",")
                enc(x)
            w("]}")
        elif t is bool:
            w("true" if v else "false")
        elif t is float:
            w(_float_text(v))
        elif t is list:
            w("[")
            items(v)
            w("]")
        elif t is date:
            w('{"d":"' + v.isoformat() + '"}')
        elif t is dict:
            w('{"m":[')
            first = True
            for k, x in v.items():
                if first:
                    w("[")
                    first = False
                else:
                    w(",[")
                enc(k)
                w(",")
                enc(x)
                w("]")
            w("]}")
        elif t is set or t is frozenset:
            # In a canonical order (the text of each item), then written in that order (so the
            # numbering of strings follows the text).
            w('{"s":[' if t is set else '{"fs":[')
            items(sorted(v, key=encode_row))
            w("]}")
        elif isinstance(v, str):  # subclasses of the scalars (a str subclass, an IntEnum): as json writes them
            w(esc(v))
        elif isinstance(v, bool):
            w("true" if v else "false")
        elif isinstance(v, int):
            w(_int_text(v))
        elif isinstance(v, float):
            w(_float_text(v))
        else:
            raise CodecError(f"cannot store a {t.__module__}.{t.__qualname__}: not a plain value nor a dataclass "
                             f"of {', '.join(CODEC_MODULES)}")

    return enc, out, seen


def _reader(resolve=_resolve):
    """json.loads' object_pairs_hook for one document: each tagged object back to its value, innermost
    first (so in the order the writer numbered the strings). Pairs, not a dict: one tag is one pair,
    and no dict is built only to be taken apart (decoding is on the path of every cold answer).
    `resolve`: stored class name → (class, fields), asked once per name and document."""
    strings: list[str] = []
    builders: dict[str, tuple[type, tuple[str, ...]]] = {}
    new = object.__new__
    fromiso = date.fromisoformat

    def hook(pairs: list) -> Any:
        if len(pairs) == 1:
            tag, v = pairs[0]
            if tag == "r":
                try:
                    return strings[v]
                except (IndexError, TypeError):
                    raise CodecError(f"bad string reference {v!r}") from None
            if tag == "t":
                return tuple(v)
            if tag == "x" and type(v) is str:
                strings.append(v)
                return v
            if tag == "d":
                return fromiso(v)
            if tag == "m":
                return {_hashable(k): x for k, x in v}
            if tag == "s":
                return {_hashable(x) for x in v}
            if tag == "fs":
                return frozenset(_hashable(x) for x in v)
        elif len(pairs) == 2:
            (k0, name), (k1, values) = pairs
            if k0 == "v" and k1 == "c":  # the encoder writes "c" first; a hand-made file may not
                k0, name, k1, values = k1, values, k0, name
            if k0 == "c" and k1 == "v":
                try:
                    cls, names = builders[name]
                except KeyError:
                    if type(name) is not str:
                        raise CodecError(f"bad stored class name {name!r}") from None
                    cls, names = builders[name] = resolve(name)
                except TypeError:
                    raise CodecError(f"bad stored class name {name!r}") from None
                if type(values) is not list or len(values) != len(names):
                    raise CodecError(f"stored {name} has {len(values) if type(values) is list else '?'} fields, "
                                     f"the code {len(names)}: rebuild")
                inst = new(cls)  # no __init__/__post_init__: the values were valid when stored
                inst.__dict__.update(zip(names, values))
                return inst
        raise CodecError(f"not a stored value: {sorted(k for k, _ in pairs)}")

    return hook


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


_IDLE: dict[bool, list] = {True: [], False: []}
"""Writers not in use, reset (no data stays in them). A writer's `enc` refers to itself, a cycle only
the garbage collector frees — and it is paused during a build (kb.no_gc): one new writer per
value made a build of 10^4 versions hold 250 MB of dead writers. A writer is taken from here, used
by one thread at a time (list.pop/append are atomic), and given back cleared; a nested call (a set
inside a set) takes another."""


def _text(value: Any, intern: bool) -> str:
    idle = _IDLE[intern]
    try:
        writer = idle.pop()
    except IndexError:
        writer = _writer(intern)
    enc, out, seen = writer
    try:
        enc(value)
        return "".join(out)
    finally:
        out.clear()
        seen.clear()
        idle.append(writer)


def encode(value: Any) -> str:
    """The JSON text of a value (compact, deterministic for the same input)."""
    return _text(value, True)


def encode_row(value: Any) -> str:
    """`encode` for the many small values of a table's rows (arguments, citations): no string table."""
    if type(value) is tuple:  # most rows: a fact's arguments, an empty basis — written in one go
        if not value:
            return '{"t":[]}'
        if all(type(x) is str for x in value):
            return '{"t":[' + ",".join(map(_esc, value)) + "]}"
    return _text(value, False)


def rebuild(cls: type, values) -> Any:
    """An instance of a whitelisted dataclass from its fields in order, as `decode` makes one."""
    names = _names(cls)
    # whitelisted: a dataclass of a listed module (asked without importing every listed module)
    if not (dataclasses.is_dataclass(cls) and cls.__module__ in CODEC_MODULES) or len(values) != len(names):
        raise CodecError(f"cannot rebuild a {cls.__qualname__} from {len(values)} values")
    obj = object.__new__(cls)
    obj.__dict__.update(zip(names, values))
    return obj


def decode(text: str | bytes, resolve=None) -> Any:
    """The value encoded by `encode`; CodecError on anything else. `resolve`: the classes of a built file
    (`resolver(its layout)`); by default this code's own."""
    try:
        return json.loads(text, object_pairs_hook=_reader(resolve or _resolve))
    except (ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"unreadable stored value: {exc}") from exc
