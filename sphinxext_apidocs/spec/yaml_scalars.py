"""YAML scalars by the YAML 1.2 core schema: plain ones resolved (``yes`` and ``012345``
stay strings), standard tags checked, keys as the text they were written as."""

from __future__ import annotations

import json
import math
import re

from .numbers import SourceFloat, int_or_digits

__all__ = [
    "STANDARD_TAGS",
    "YAML_TAG",
    "key_text",
    "plain_scalar",
    "tagged_scalar",
    "yaml_tag_name",
]

YAML_TAG = "tag:yaml.org,2002:"
STANDARD_TAGS = frozenset(
    YAML_TAG + name
    for name in (
        "str", "int", "float", "bool", "null", "map", "seq",
        "binary", "timestamp", "set", "omap", "pairs", "merge", "value", "yaml",
    )
)  # fmt: skip
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_START = frozenset("-+.0123456789")
_NUMBER = re.compile(
    r"(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<hex>0x[0-9a-fA-F]+)"
    r"|(?P<oct>0o[0-7]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))"
    r"|(?P<nan>\.(?:nan|NaN|NAN))"
)


def plain_scalar(text: str) -> object:
    """A plain (unquoted, untagged) scalar by the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    flag = _BOOLS.get(text)
    if flag is not None:
        return flag
    if text[0] in _SPECIAL_START:
        m = _NUMBER.fullmatch(text)
        if m is not None:
            kind = m.lastgroup
            if kind == "int":
                return int_or_digits(text)
            if kind == "hex":
                return int(text, 16)
            if kind == "oct":
                return int(text[2:], 8)
            if kind == "float":
                # Digits alone that are no int (a leading zero: 012345) stay text.
                if "." in text or "e" in text or "E" in text:
                    return SourceFloat(text)
                return text
            if kind == "inf":
                return SourceFloat(text, -math.inf if text[0] == "-" else math.inf)
            return SourceFloat(text, math.nan)
    return text


def tagged_scalar(tag: str, text: str) -> tuple[object, bool]:
    """A scalar with an explicit standard tag; ``ok`` False if the text does not fit it."""
    name = tag[len(YAML_TAG) :]
    if name == "int":
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return int_or_digits(text), True
        value = plain_scalar(text) if text else None
        return (value, True) if type(value) is int else (text, False)
    if name == "float":
        value = plain_scalar(text) if text else None
        if type(value) is SourceFloat:
            return value, True
        try:
            return SourceFloat(text, float(value) if type(value) is int else float(text)), True
        except ValueError:
            return text, False
    if name == "bool":
        flag = {"true": True, "false": False}.get(text.lower())
        return (flag, True) if flag is not None else (text, False)
    if name == "null":
        return (None, True) if text in _NULLS else (text, False)
    # str, binary, timestamp, ... : the text as written
    return text, True


def yaml_tag_name(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


def key_text(value: object) -> str:
    """A non-scalar or aliased key as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, SourceFloat):
        return value.source
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)
