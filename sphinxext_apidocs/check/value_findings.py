"""What the example rules say of a value checked against its schema: the finding, a short
summary of the validation errors, ``example-unchecked`` (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Mapping

from jsonschema.exceptions import ValidationError, relevance

from ..diagnostics.problems import Problem
from ..diagnostics.rules import EXAMPLE_UNCHECKED
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument
from ..spec.model import ApiSpec, Location, Schema
from ..spec.satisfiable import subschemas
from ..validation.bounds import Unchecked, unchecked_reason
from ..validation.openapi_keywords import MAX_STEPS
from .spec_schemas import root_schemas

Documents = Mapping[str, LoadedDocument | None]

SUBTYPE: str = Subtype.STRUCTURE.value
#: error messages quoted per finding
MESSAGES = 2
#: characters of one quoted error message
MESSAGE_CHARS = 160
#: keywords whose "not allowed" errors are a property the schema forbids


def problem(message: str, at: Location, rule: str, documents: Documents) -> Problem:
    doc = documents.get(at.file)
    line = doc.line_of(at.pointer) if doc is not None else None
    return Problem(SUBTYPE, message, at.file, line, at.pointer, rule)


def summary(errors: list[ValidationError]) -> str:
    """The first errors (in the value's order, alternatives last), and how many more."""
    ordered = sorted(errors, key=_order)
    text = "; ".join(_describe(e) for e in ordered[:MESSAGES])
    if len(ordered) > MESSAGES:
        text += f" (and {len(ordered) - MESSAGES} more)"
    return text


def _order(error: ValidationError) -> tuple[bool, tuple[str, ...]]:
    path = tuple(f"{p:010d}" if isinstance(p, int) else str(p) for p in error.absolute_path)
    return error.validator in ("oneOf", "anyOf"), path


def _describe(error: ValidationError) -> str:
    """``/path/in/value: message``, short."""
    leaf = error
    if error.validator in ("oneOf", "anyOf") and error.context:
        leaf = max(error.context, key=relevance)
    path = "".join(f"/{p}" for p in error.absolute_path) or "(root)"
    if error.validator in ("oneOf", "anyOf"):
        if not error.context:
            message = f"valid under more than one of the {error.validator} schemas"
        else:
            inner = "".join(f"/{p}" for p in leaf.absolute_path) or "(root)"
            message = (
                f"not valid under any of the {error.validator} schemas "
                f"(e.g. {inner}: {short(leaf.message)})"
            )
    elif error.validator == "type" and isinstance(error.instance, (dict, list)):
        kinds = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        found = "an object" if isinstance(error.instance, dict) else "an array"
        message = f"{found} is not of type {', '.join(repr(k) for k in kinds)}"
    else:
        message = short(error.message)
    return f"{path}: {message}"


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def unchecked_findings(
    unchecked: Unchecked,
    what: str,
    at: Location,
    places: dict[str, Location],
    documents: Documents,
) -> list[Problem]:
    """``example-unchecked`` findings: the work budget ran out on the value ``what`` (at
    ``at``), or a pattern could not be checked against it: that finding is about the
    pattern, where it is first written (``places``: :func:`pattern_locations`), the same
    whichever value met it (one per pattern: ``apicheck`` reports a finding once)."""
    out = []
    if unchecked.exhausted:
        message = (
            f"{what} was not checked against its schema: that needs more than {MAX_STEPS:,} "
            "steps (oneOf/anyOf nested deep?)"
        )
        out.append(problem(message, at, EXAMPLE_UNCHECKED, documents))
    for pattern in unchecked.patterns:
        message = (
            f"pattern {short(repr(pattern))} was not checked against the examples or made-up "
            f"values it meets: {unchecked_reason(pattern)}"
        )
        written = places.get(pattern, at)
        out.append(problem(message, written, EXAMPLE_UNCHECKED, documents))
    return out


def pattern_locations(spec: ApiSpec) -> dict[str, Location]:
    """Where each ``pattern`` (and ``patternProperties`` name) of the spec is first written."""
    out: dict[str, Location] = {}
    todo = list(root_schemas(spec))
    seen: set[int] = set()
    for schema in todo:  # grows as it goes
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        for name, _sub in schema.pattern_properties:
            out.setdefault(name, schema.location.child("patternProperties", name))
        pattern = dict(schema.constraints).get("pattern")
        if isinstance(pattern, str):
            out.setdefault(pattern, schema.location.child("pattern"))
        todo.extend(subschemas(schema))
    return out


def schema_location(schema: Schema) -> Location:
    """Where the schema a reference leads to is written (else the schema itself)."""
    if schema.ref:
        file, _, pointer = schema.ref.partition("#")
        return Location(file, pointer)
    return schema.location
