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
import operator
from datetime import date
from functools import cache
from typing import Any

from .errors import CmakbError

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


_SCALARS = (int, float, bool, type(None))
_INTERN = 16
"""Strings at least this long are written once per document, then referred to by number: a source
position repeats its file name and its line's text on every node of the line."""


def _writer(intern: bool = True):
    """An encoder of one document: {"x": s} the first time a long string is seen, {"r": n} after."""
    seen: dict[str, int] = {}

    def enc(v: Any) -> Any:
        t = type(v)
        if t is str:
            if not intern or len(v) < _INTERN:
                return v
            n = seen.get(v)
            if n is None:
                seen[v] = len(seen)
                return {"x": v}
            return {"r": n}
        if t in _SCALARS:
            return v
        if t is tuple:
            return {"t": [x if type(x) in _SCALARS else enc(x) for x in v]}
        if t is list:
            return [x if type(x) in _SCALARS else enc(x) for x in v]
        if t is date:
            return {"d": v.isoformat()}
        if t is dict:
            return {"m": [[enc(k), enc(x)] for k, x in v.items()]}
        if t is set or t is frozenset:
            # In a canonical order, then written in that order (so the numbering follows the text).
            plain = _writer(intern=False)
            ordered = sorted(v, key=lambda x: _ENCODER.encode(plain(x)))
            return {"s" if t is set else "fs": [enc(x) for x in ordered]}
        name = _class_name(t)
        if name is not None:
            # Positional: the layout is checked when a file is opened (Store), so names need not repeat.
            return {"c": name, "v": [x if type(x) in _SCALARS else enc(x) for x in _getter(t)(v)]}
        if isinstance(v, (bool, int, float, str)):  # subclasses of the scalars (an IntEnum, a str subclass)
            return v
        raise CodecError(f"cannot store a {t.__module__}.{t.__qualname__}: not a plain value nor a dataclass of "
                         f"{', '.join(CODEC_MODULES)}")

    return enc


def _reader(resolve=_resolve):
    """json.loads' object_hook for one document: each tagged object back to its value, innermost first
    (so in the order the writer numbered the strings)."""
    strings: list[str] = []

    def hook(obj: dict) -> Any:
        if len(obj) == 1:
            ((tag, v),) = obj.items()
            if tag == "r":
                try:
                    return strings[v]
                except (IndexError, TypeError):
                    raise CodecError(f"bad string reference {v!r}") from None
            if tag == "x" and type(v) is str:
                strings.append(v)
                return v
            if tag == "d":
                return date.fromisoformat(v)
            if tag == "t":
                return tuple(v)
            if tag == "m":
                return {_hashable(k): x for k, x in v}
            if tag == "s":
                return {_hashable(x) for x in v}
            if tag == "fs":
                return frozenset(_hashable(x) for x in v)
        elif len(obj) == 2 and "c" in obj and "v" in obj:
            return _build(obj["c"], obj["v"], resolve)
        raise CodecError(f"not a stored value: {sorted(obj)}")

    return hook


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def _build(name: str, values: list, resolve=_resolve) -> Any:
    if type(name) is not str:
        raise CodecError(f"bad stored class name {name!r}")
    cls, names = resolve(name)
    if type(values) is not list or len(values) != len(names):
        raise CodecError(f"stored {name} has {len(values) if type(values) is list else 'no'} fields, the code "
                         f"{len(names)}: rebuild")
    obj = object.__new__(cls)  # no __init__/__post_init__: the values were valid when stored
    obj.__dict__.update(zip(names, values))
    return obj


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one, not one per call


def encode(value: Any) -> str:
    """The JSON text of a value (compact, deterministic for the same input).

    A large dict or list is written item by item, so only one item's intermediate form is alive at a
    time (the whole corpus at once doubled the peak memory of a build).
    """
    one, enc = _ENCODER.encode, _writer()
    if type(value) is dict and len(value) > 256:
        return '{"m":[' + ",".join(f"[{one(enc(k))},{one(enc(v))}]" for k, v in value.items()) + "]}"
    if type(value) is list and len(value) > 256:
        return "[" + ",".join(one(enc(x)) for x in value) + "]"
    return one(enc(value))


_PLAIN = _writer(intern=False)


def encode_row(value: Any) -> str:
    """`encode` for the many small values of a table's rows (arguments, citations): no string table."""
    return _ENCODER.encode(_PLAIN(value))


def decode(text: str | bytes, resolve=None) -> Any:
    """The value encoded by `encode`; CodecError on anything else. `resolve`: the classes of a built file
    (`resolver(its layout)`); by default this code's own."""
    try:
        return json.loads(text, object_hook=_reader(resolve or _resolve))
    except (ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"unreadable stored value: {exc}") from exc
