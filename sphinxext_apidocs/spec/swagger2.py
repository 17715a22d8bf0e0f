"""Swagger 2.0 read as OpenAPI 3: servers from ``host``/``basePath``/``schemes``,
``collectionFormat`` as a style, inline parameter schemas, and ``body`` or ``formData``
parameters as a request body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..diagnostics.subtypes import Subtype
from .model import Location, MediaType, Parameter, RequestBody, Schema, Server
from .normalize_base import scalar_text

__all__ = ["parameter_schema", "parameter_style", "request_body", "servers"]

_STYLES = {"csv": "form", "ssv": "spaceDelimited", "pipes": "pipeDelimited", "multi": "form"}
"""``collectionFormat`` -> OpenAPI 3 ``style``."""


def servers(data: dict[str, Any]) -> tuple[Server, ...]:
    """The servers of ``host``, ``basePath`` and ``schemes`` (https when none is given)."""
    host = scalar_text(data.get("host"))
    base = scalar_text(data.get("basePath")) or ""
    schemes = data.get("schemes")
    scheme_list = [s for s in schemes if isinstance(s, str)] if isinstance(schemes, list) else []
    if not host:
        return (Server(base or "/"),) if base else ()
    return tuple(Server(f"{s}://{host}{base}") for s in (scheme_list or ["https"]))


def parameter_style(raw: dict[str, Any]) -> tuple[str | None, bool | None]:
    """A parameter's ``collectionFormat`` as (style, explode)."""
    style = _STYLES.get(scalar_text(raw.get("collectionFormat")) or "")
    return style, raw.get("collectionFormat") == "multi" or None


def parameter_schema(raw: dict[str, Any]) -> dict[str, Any]:
    """The schema a non-body parameter or a header writes inline (``type: file`` is a
    binary string)."""
    skip = {"name", "in", "description", "required", "collectionFormat", "allowEmptyValue"}
    schema = {k: v for k, v in raw.items() if k not in skip}
    if schema.get("type") == "file":
        schema["type"] = "string"
        schema["format"] = "binary"
    return schema


def request_body(
    params: list[Parameter],
    consumes: Any,
    loc: Location,
    report: Callable[[Subtype, str, Location], None],
) -> RequestBody | None:
    """The request body of an operation's ``body`` parameter, else of its ``formData``
    parameters, in each media type it ``consumes``."""
    media = [c for c in consumes if isinstance(c, str)] if isinstance(consumes, list) else []
    if any(p.location_in == "body" for p in params) and any(
        p.location_in == "formData" for p in params
    ):
        report(
            Subtype.STRUCTURE,
            "a body parameter and formData parameters together; formData ignored",
            loc,
        )
    for p in params:
        if p.location_in == "body":
            types = media or ["application/json"]
            return RequestBody(
                location=p.location,
                description=p.description,
                required=p.required,
                content=tuple(MediaType(t, p.location, p.schema, p.examples) for t in types),
            )
    form = [p for p in params if p.location_in == "formData"]
    if not form:
        return None
    has_file = any(p.schema is not None and p.schema.format == "binary" for p in form)
    if not media:
        media = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
    schema = Schema(
        location=loc.child("parameters"),
        types=("object",),
        properties=tuple(
            (p.name, _with_description(p.schema or Schema(p.location), p.description)) for p in form
        ),
        required=tuple(p.name for p in form if p.required),
    )
    return RequestBody(
        location=loc.child("parameters"),
        required=any(p.required for p in form),
        content=tuple(MediaType(t, loc.child("parameters"), schema) for t in media),
    )


def _with_description(schema: Schema, description: str | None) -> Schema:
    if not description or schema.description:
        return schema
    return replace(schema, description=description)
