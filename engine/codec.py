"""A JSON codec for the pipeline's plain data: dataclasses (from a whitelist of modules), dates,
tuples, lists, dicts with any hashable keys, sets — and nothing else.

The built knowledge base (engine/store.py) keeps every stage's output in this form. Decoding
never runs code named by the data: a dataclass is rebuilt only if its class is one of those
defined in CODEC_MODULES, looked up by name in a table built from those modules; its fields are
set from the data, with the class's own defaults for fields the data lacks. No pickle, no eval.

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
from datetime import date
from functools import cache
from typing import Any

CODEC_MODULES = (
    "engine.errors",
    "engine.ast",
    "engine.citation",
    "engine.source_text",
    "engine.loader",
    "engine.versions",
    "engine.compiler",
)
"""Modules whose dataclasses may be stored and rebuilt (the whitelist). Add a stage's module here."""

SCHEMA = 1
"""The layout of the encoded form; part of every cache key."""

_MISSING = object()


class CodecError(ValueError):
    """Data that is not one of the codec's shapes (a stale or foreign file): rebuild, never guess."""


@cache
def _classes() -> dict[str, type]:
    table: dict[str, type] = {}
    for name in CODEC_MODULES:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == name:
                table[f"{name}.{obj.__qualname__}"] = obj
    return table


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of each init field; the default is _MISSING, a value, or a factory's product marker."""
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out.append((f.name, ("value", f.default)))
        elif f.default_factory is not dataclasses.MISSING:
            out.append((f.name, ("factory", f.default_factory)))
        else:
            out.append((f.name, None))
    return tuple(out)


def _enc(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, date):
        return {"d": v.isoformat()}
    if isinstance(v, tuple):
        return {"t": [_enc(x) for x in v]}
    if isinstance(v, list):
        return [_enc(x) for x in v]
    if isinstance(v, dict):
        return {"m": [[_enc(k), _enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"s" if isinstance(v, set) else "fs": sorted((_enc(x) for x in v), key=json.dumps)}
    cls = type(v)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if dataclasses.is_dataclass(v) and _classes().get(name) is cls:
        return {"c": name, "f": [[f.name, _enc(getattr(v, f.name))] for f in dataclasses.fields(cls)]}
    raise CodecError(f"cannot store a {name}: not a plain value nor a dataclass of {', '.join(CODEC_MODULES)}")


def _hook(obj: dict) -> Any:
    """json.loads' object_hook: each tagged object back to its value, innermost first."""
    if len(obj) == 1:
        ((tag, v),) = obj.items()
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
    elif len(obj) == 2 and "c" in obj and "f" in obj:
        return _build(obj["c"], obj["f"])
    raise CodecError(f"not a stored value: {sorted(obj)}")


def _hashable(v: Any) -> Any:
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def _build(name: str, pairs: list) -> Any:
    values = dict(pairs)
    cls = _classes().get(name)
    if cls is None:
        raise CodecError(f"unknown stored class {name!r}")
    obj = object.__new__(cls)  # no __init__/__post_init__: the values were valid when stored
    state = {}
    for fname, default in _fields(cls):
        v = values.get(fname, _MISSING)
        if v is _MISSING:
            if default is None:
                raise CodecError(f"stored {name} lacks field {fname!r}")
            v = default[1] if default[0] == "value" else default[1]()
        state[fname] = v
    obj.__dict__.update(state)
    return obj


def encode(value: Any) -> str:
    """The JSON text of a value (compact, deterministic for the same input)."""
    return json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"))


def decode(text: str | bytes) -> Any:
    """The value encoded by `encode`; CodecError on anything else."""
    try:
        return json.loads(text, object_hook=_hook)
    except (ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"unreadable stored value: {exc}") from exc
