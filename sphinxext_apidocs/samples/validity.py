"""Whether made-up bodies validate against the schema they were made from: one
judgement for the pages (a made-up body that does not is said so, and the build warns)
and for ``apicheck``'s ``sample-invalid`` (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

from jsonschema.exceptions import ValidationError

from ..spec.model import ApiSpec, Location, Schema
from ..validation.bounds import Unchecked
from ..validation.validator import SpecValidator
from .payload import MAX_ITEMS, MAX_LENGTH, Context, SampleProperties, branch_samples

Failure = tuple[str, list[ValidationError]]
"""A made-up body (its branch label, ``""`` for the only one) and why it is invalid."""


def usable(schema: Schema | None) -> TypeGuard[Schema]:
    """A schema written in a file (not made up from Swagger 2.0 formData parameters) whose
    reference, if any, resolved: what the validator can judge values against (it reads
    the files, and may resolve a pointer the model refused)."""
    if schema is None or schema.ref == "":
        return False
    return schema.ref is not None or schema.raw is not None


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
    except Exception:  # jsonschema cannot use the schema: not the sample's fault (see above)
        return []
    return out


def beyond_shortening(failures: list[Failure]) -> list[Failure]:
    """``failures`` without the errors of bounds a made-up body is kept under on purpose
    (``minLength`` over :data:`.MAX_LENGTH` characters, ``minItems`` over
    :data:`.MAX_ITEMS` items: the page says it is shortened), and without the bodies
    left with no other error."""
    out: list[Failure] = []
    for label, errors in failures:
        kept = [e for e in errors if not _shortened(e)]
        if kept:
            out.append((label, kept))
    return out


def _shortened(error: ValidationError) -> bool:
    most = {"minLength": MAX_LENGTH, "minItems": MAX_ITEMS}.get(str(error.validator))
    bound = error.validator_value
    return most is not None and isinstance(bound, (int, float)) and bound > most


@dataclass(frozen=True)
class MadeUp:
    """The bodies made up from one schema in one context (:func:`.branch_samples`)."""

    samples: list[tuple[str, Any]]
    invalid: dict[str, list[ValidationError]]
    """The samples, by label, that do not meet the schema (:func:`beyond_shortening`)."""
    unchecked: Unchecked
    """What the sampler could not judge."""


#: a schema's reference (or its place), the context, which properties, judged or not
MadeUpKey = tuple[str | Location, Context, SampleProperties, bool]


def made_up(
    spec: ApiSpec,
    schema: Schema,
    context: Context,
    properties: SampleProperties,
    validator: SpecValidator | None,
    memo: dict[MadeUpKey, MadeUp],
) -> MadeUp:
    """The bodies made up from ``schema`` in ``context``, judged by ``validator`` (when
    given and the schema is :func:`usable`), kept in ``memo``: the pages and the llms
    files of a spec share one, so each body is made and judged once (on Stripe's spec
    the llms files made them again: 3% of the build, measured with py-spy)."""
    key = (schema.ref or schema.location, context, properties, validator is not None)
    found = memo.get(key)
    if found is None:
        unchecked = Unchecked()
        samples = branch_samples(spec, schema, context, unchecked=unchecked, properties=properties)
        invalid: dict[str, list[ValidationError]] = {}
        if validator is not None and usable(schema):
            invalid = dict(beyond_shortening(invalid_samples(validator, schema, samples, context)))
            validator.take_unchecked()  # what made-up bodies leave unchecked is in `unchecked`
        found = memo[key] = MadeUp(samples, invalid, unchecked)
    return found
