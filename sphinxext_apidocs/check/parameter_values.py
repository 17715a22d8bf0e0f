"""A parameter or header example written as it is sent (``"5"``, ``"a,b"``), read as the
value its schema describes, by the parameter's ``style`` and ``explode`` (pure Python, no
Sphinx)."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..spec.model import ApiSpec, Header, Parameter, Schema

UNREAD: Any = object()
"""What :func:`coerce_parameter` returns for a text it cannot read so."""


def coerce_parameter(spec: ApiSpec, text: str, schema: Schema, param: Parameter | Header) -> Any:
    """``text`` (a parameter or header example written as it is sent) as the value its
    schema describes, read by the parameter's ``style`` and ``explode``: ``"5"`` for an
    integer is 5, ``"a,b"`` for an array ``["a", "b"]``, ``"k,v"`` for an object
    ``{"k": "v"}``.  ``UNREAD`` when it cannot be read so."""
    where = param.location_in if isinstance(param, Parameter) else "header"
    name = param.name
    style = (param.style if isinstance(param, Parameter) else None) or (
        "form" if where in ("query", "cookie") else "simple"
    )
    explode = param.explode if isinstance(param, Parameter) else None
    if explode is None:
        explode = style == "form"
    s = spec.referent(schema)
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):  # JSON written as a string
        try:
            return json.loads(stripped)
        except ValueError:
            pass
    kind = _kind(spec, s)
    if style == "label" and text.startswith("."):
        text = text[1:]
    elif style == "matrix" and text.startswith(";"):
        text = text[1:]
        if kind != "object" or not explode:
            text = ";".join(p.partition("=")[2] if "=" in p else p for p in text.split(";"))
    if kind == "array":
        return [_scalar(spec, item, s.items) for item in _split_array(text, name, style, explode)]
    if kind == "object":
        pairs = _split_object(text, name, style, explode)
        if pairs is None:
            return UNREAD
        props = dict(s.properties)
        extra = s.additional_properties if isinstance(s.additional_properties, Schema) else None
        return {k: _scalar(spec, v, props.get(k, extra)) for k, v in pairs}
    return _scalar(spec, text, s)


def _split_array(text: str, name: str, style: str, explode: bool) -> list[str]:
    if style == "form" and explode and f"{name}=" in text:
        return [v for k, v in parse_qsl(text.lstrip("?"), keep_blank_values=True) if k == name]
    if text.startswith(f"{name}=") and style == "form":
        text = text[len(name) + 1 :]
    if text == "":
        return []
    delimiter = {
        "spaceDelimited": " ",
        "pipeDelimited": "|",
        "label": "." if explode else ",",
        "matrix": ";",
    }.get(style, ",")
    if style == "spaceDelimited" and "%20" in text:
        text = unquote(text)
    if style == "matrix" and not explode:
        delimiter = ","
    return text.split(delimiter)


def _split_object(text: str, name: str, style: str, explode: bool) -> list[tuple[str, str]] | None:
    if style == "deepObject" or (style == "form" and explode) or "&" in text:
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True)
        deep = re.compile(re.escape(name) + r"\[([^\]]*)\]$")
        out = []
        for key, value in pairs:
            match = deep.match(key)
            out.append((match.group(1) if match else key, value))
        return out or None
    if text.startswith(f"{name}=") and style == "form":
        text = text[len(name) + 1 :]
    if "=" in text:  # simple, label, matrix exploded: k=v,k2=v2
        parts = re.split(r"[,;.]" if style in ("label", "matrix") else ",", text)
        return [(k, v) for k, _, v in (p.partition("=") for p in parts if p)]
    items = text.split(",")
    if len(items) % 2:
        return None
    return list(zip(items[::2], items[1::2], strict=True))


def _scalar(spec: ApiSpec, text: str, schema: Schema | None) -> Any:
    """A string as the scalar its schema's type says (left a string when it is not one)."""
    if schema is None:
        return text
    s = spec.referent(schema)
    kinds = set(s.types) or _branch_types(spec, s)
    if "string" in kinds and not kinds & {"integer", "number", "boolean"}:
        return text
    if kinds & {"integer", "number"} and re.fullmatch(r"[+-]?\d+", text.strip()):
        return int(text)
    if "number" in kinds:
        try:
            value = float(text)
        except ValueError:
            pass
        else:
            if math.isfinite(value):
                return value
    if "boolean" in kinds and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    if (s.nullable or "null" in kinds) and text.strip() == "null":
        return None
    return text


def _branch_types(spec: ApiSpec, s: Schema) -> set[str]:
    """The types a schema without ``type`` allows through its branches and parts."""
    out: set[str] = set()
    for part in (*s.one_of, *s.any_of, *s.all_of):
        out.update(spec.referent(part).types)
    return out


def _kind(spec: ApiSpec, s: Schema) -> str | None:
    """``array`` or ``object`` when the schema wants one (and no string), else None."""
    kinds = set(s.types) or _branch_types(spec, s)
    if not kinds:
        if s.items is not None or s.prefix_items:
            return "array"
        return "object" if s.properties or s.additional_properties else None
    if "string" in kinds:
        return None
    if "array" in kinds:
        return "array"
    return "object" if "object" in kinds else None
