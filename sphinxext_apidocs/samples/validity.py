"""Whether made-up bodies validate against the schema they were made from: one
judgement for the pages (a made-up body that does not is said so, and the build warns)
and for ``apicheck``'s ``sample-invalid`` (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

from ..spec.model import Schema
from ..validation.validator import SpecValidator
from .payload import Context

Failure = tuple[str, list[ValidationError]]
"""A made-up body (its branch label, ``""`` for the only one) and why it is invalid."""


def invalid_samples(
    validator: SpecValidator,
    schema: Schema,
    samples: Iterable[tuple[str, Any]],
    context: Context,
) -> list[Failure]:
    """The ``samples`` (label, value) made from ``schema`` that do not validate against it
    in ``context``, with their errors; none when jsonschema cannot use the schema (an
    unresolvable ``$ref``, a malformed keyword: not the sample's fault)."""
    out: list[Failure] = []
    try:
        for label, value in samples:
            errors = validator.validation_errors(schema, value, context)
            if errors:
                out.append((label, errors))
    except Exception:
        return []
    return out
