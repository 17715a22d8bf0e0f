"""The ``sample-invalid`` rule: the payload the renderer makes for a body without examples
validates against the body's schema (pure Python, no Sphinx)."""

from __future__ import annotations

from ..diagnostics.problems import Problem
from ..diagnostics.rules import SAMPLE_INVALID
from ..samples.media import body_kind
from ..samples.payload import Context, branch_samples
from ..samples.validity import Failure, invalid_samples, usable
from ..spec.loader import paused_gc
from ..spec.model import ApiSpec, MediaType, Schema
from ..validation.bounds import Unchecked
from ..validation.validator import SpecValidator
from .spec_schemas import operations
from .value_findings import (
    Documents,
    pattern_locations,
    problem,
    schema_location,
    summary,
    unchecked_findings,
)


def check_samples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    """``sample-invalid``: a payload made from a body schema (as the renderer makes it, for a
    body without examples) that does not validate against that schema."""
    with paused_gc():
        return _check_samples(spec, validator, documents)


def _check_samples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    validator.take_unchecked()
    places = pattern_locations(spec)
    for op in operations(spec):
        bodies: list[tuple[MediaType, Context, str]] = []
        if op.request_body is not None:
            bodies.extend((m, "request", f"{op.title} request") for m in op.request_body.content)
        for response in op.responses:
            bodies.extend(
                (m, "response", f"{op.title} response {response.status}") for m in response.content
            )
        for media, context, where in bodies:
            schema = media.schema
            # the renderer shows the media type's own examples instead (even unreadable ones)
            if media.examples or not usable(schema) or body_kind(media.media_type) == "binary":
                continue
            assert schema is not None
            target = validator.target(schema)
            if (target, context) in seen:
                continue
            seen.add((target, context))
            unchecked = Unchecked()
            failures = _sample_failures(spec, validator, schema, context, unchecked)
            what = f"the example made from this schema for {where} {media.media_type}"
            out += unchecked_findings(unchecked, what, schema_location(schema), places, documents)
            if not failures:
                continue
            label, errors = failures[0]
            branch = f" ({label})" if label else ""
            message = f"{what}{branch} does not validate against it: {summary(errors)}"
            if len(failures) > 1:
                message += f" (and {len(failures) - 1} other branch examples)"
            out.append(problem(message, schema_location(schema), SAMPLE_INVALID, documents))
    return out


def _sample_failures(
    spec: ApiSpec, validator: SpecValidator, schema: Schema, context: Context, unchecked: Unchecked
) -> list[Failure]:
    """The branch samples of ``schema`` that do not validate, with their errors; what the
    sampler and the validation could not judge goes to ``unchecked``."""
    try:
        samples = branch_samples(spec, schema, context, unchecked=unchecked)
    except Exception:  # a schema the sampler cannot use: not the sample's fault
        return []
    try:
        return invalid_samples(validator, schema, samples, context)
    finally:
        judged = validator.take_unchecked()
        unchecked.patterns.update(judged.patterns)
        unchecked.exhausted = unchecked.exhausted or judged.exhausted
