"""``x-internal: true``: operations, parameters and schemas a spec marks as not for its
public documentation (Redocly's and Stoplight's extension), left out of the model every
page, domain object, sample, llms file and ``apicheck`` coverage figure is made from,
unless ``apidocs_show_internal`` shows them.

An internal component schema is no longer a named schema of the spec (no
``api-schemas`` entry, schema page or domain object); it stays resolvable, so a public
operation whose body refers to one still shows its fields, expanded in place.
"""

from __future__ import annotations

from dataclasses import replace

from .model import ApiSpec, Callback, Operation, Parameter, Schema


def is_internal(item: Operation | Parameter | Schema) -> bool:
    """Whether ``item`` says ``x-internal: true`` (only the boolean counts)."""
    return any(key == "x-internal" and value is True for key, value in item.extensions)


def internal_schema_keys(spec: ApiSpec) -> set[str]:
    """The keys (``file#pointer``) of the schemas marked internal, also of those
    :func:`without_internal` took out of the named ones."""
    return {key for key, schema in spec.schemas.items() if is_internal(schema)}


def without_internal(spec: ApiSpec) -> ApiSpec:
    """``spec`` without its internal operations and webhooks (and callbacks' operations),
    without their internal parameters, without its internal component schemas among the
    named ones, and without the tags that only internal operations had.  ``spec`` itself
    when nothing in it is internal."""
    operations = _public(spec.operations)
    webhooks = _public(spec.webhooks)
    hidden_schemas = internal_schema_keys(spec)
    dropped = [op for op in spec.operations + spec.webhooks if is_internal(op)]
    if operations == spec.operations and webhooks == spec.webhooks and not hidden_schemas:
        return spec
    kept_tags = {tag for op in operations + webhooks for tag in op.tags}
    only_internal = {tag for op in dropped for tag in op.tags} - kept_tags
    return replace(
        spec,
        operations=operations,
        webhooks=webhooks,
        component_schemas=tuple(
            (name, key) for name, key in spec.component_schemas if key not in hidden_schemas
        ),
        tags=tuple(tag for tag in spec.tags if tag.name not in only_internal),
    )


def _public(operations: tuple[Operation, ...]) -> tuple[Operation, ...]:
    """``operations`` without the internal ones, each without its internal parameters
    and callbacks' operations (the same objects where nothing is internal)."""
    out = []
    for op in operations:
        if is_internal(op):
            continue
        parameters = tuple(p for p in op.parameters if not is_internal(p))
        callbacks = tuple(
            Callback(cb.name, cb.expression, _public(cb.operations)) for cb in op.callbacks
        )
        if parameters != op.parameters or callbacks != op.callbacks:
            op = replace(op, parameters=parameters, callbacks=callbacks)
        out.append(op)
    return tuple(out)
