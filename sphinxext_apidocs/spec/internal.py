"""``x-internal: true``: operations, parameters, properties and schemas a spec marks as
not for its public documentation (Redocly's and Stoplight's extension), left out of the
model every page, domain object, sample, llms file and ``apicheck`` coverage figure is
made from, unless ``apidocs_show_internal`` shows them.

An internal component schema is no longer a named schema of the spec (no
``api-schemas`` entry, schema page or domain object); it stays resolvable, so a public
operation whose body refers to one still shows its fields, expanded in place.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TypeVar

from .model import (
    ApiSpec,
    Callback,
    Header,
    MediaType,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Schema,
    SchemaRules,
)


def is_internal(item: Operation | Parameter | Schema) -> bool:
    """Whether ``item`` says ``x-internal: true`` (only the boolean counts)."""
    return any(key == "x-internal" and value is True for key, value in item.extensions)


def internal_schema_keys(spec: ApiSpec) -> set[str]:
    """The keys (``file#pointer``) of the schemas marked internal, also of those
    :func:`without_internal` took out of the named ones."""
    return {key for key, schema in spec.schemas.items() if is_internal(schema)}


def without_internal(spec: ApiSpec) -> ApiSpec:
    """``spec`` without its internal operations and webhooks (and callbacks' operations),
    without their internal parameters and the internal properties of every schema, without
    its internal component schemas among the named ones, and without the tags that only
    internal operations had.  ``spec`` itself when nothing in it is internal (the
    normaliser noted none: :attr:`.ApiSpec.marks_internal`)."""
    if not spec.marks_internal:
        return spec
    public = _Public()
    operations = public.operations(spec.operations)
    webhooks = public.operations(spec.webhooks)
    schemas = {key: public.subschema(schema) for key, schema in spec.schemas.items()}
    hidden_schemas = internal_schema_keys(spec)
    dropped = [op for op in spec.operations + spec.webhooks if is_internal(op)]
    if not public.changed and not dropped and not hidden_schemas:
        return spec
    kept_tags = {tag for op in operations + webhooks for tag in op.tags}
    only_internal = {tag for op in dropped for tag in op.tags} - kept_tags
    return replace(
        spec,
        operations=operations,
        webhooks=webhooks,
        schemas=schemas,
        component_schemas=tuple(
            (name, key) for name, key in spec.component_schemas if key not in hidden_schemas
        ),
        tags=tuple(tag for tag in spec.tags if tag.name not in only_internal),
    )


class _Public:
    """The parts of a spec without what is internal in them: operations, parameters and
    schema properties.  A part with nothing internal below it stays the same object, so
    that comparing the parts above it stays cheap; :attr:`changed` says whether any part
    did not."""

    def __init__(self) -> None:
        self.changed = False
        self._schemas: dict[int, Schema] = {}

    def operations(self, operations: tuple[Operation, ...]) -> tuple[Operation, ...]:
        out = []
        for op in operations:
            if is_internal(op):
                self.changed = True
                continue
            new = replace(
                op,
                parameters=tuple(self.parameter(p) for p in op.parameters if not is_internal(p)),
                request_body=self.request_body(op.request_body),
                responses=tuple(map(self.response, op.responses)),
                callbacks=tuple(
                    Callback(cb.name, cb.expression, self.operations(cb.operations))
                    for cb in op.callbacks
                ),
            )
            out.append(self.kept(op, new))
        return tuple(out)

    def parameter(self, param: Parameter) -> Parameter:
        new = replace(
            param, schema=self.schema(param.schema), content=tuple(map(self.media, param.content))
        )
        return self.kept(param, new)

    def request_body(self, body: RequestBody | None) -> RequestBody | None:
        if body is None:
            return None
        return self.kept(body, replace(body, content=tuple(map(self.media, body.content))))

    def response(self, response: Response) -> Response:
        new = replace(
            response,
            headers=tuple(map(self.header, response.headers)),
            content=tuple(map(self.media, response.content)),
        )
        return self.kept(response, new)

    def header(self, header: Header) -> Header:
        return self.kept(header, replace(header, schema=self.schema(header.schema)))

    def media(self, media: MediaType) -> MediaType:
        new = replace(
            media, schema=self.schema(media.schema), item_schema=self.schema(media.item_schema)
        )
        return self.kept(media, new)

    def schema(self, schema: Schema | None) -> Schema | None:
        """``schema`` without its internal properties (nor their names in ``required``),
        nor those of the schemas written inside it (a ``$ref`` stays: the schema it
        leads to is rewritten in :attr:`.ApiSpec.schemas`)."""
        if schema is None:
            return schema
        found = self._schemas.get(id(schema))
        if found is not None:
            return found
        hidden = {name for name, prop in schema.properties if is_internal(prop)}
        new = replace(
            schema,
            properties=tuple(
                (name, self.subschema(prop))
                for name, prop in schema.properties
                if name not in hidden
            ),
            required=tuple(name for name in schema.required if name not in hidden),
            pattern_properties=tuple(
                (pattern, self.subschema(prop)) for pattern, prop in schema.pattern_properties
            ),
            additional_properties=self.maybe(schema.additional_properties),
            items=self.schema(schema.items),
            prefix_items=tuple(map(self.subschema, schema.prefix_items)),
            all_of=tuple(map(self.subschema, schema.all_of)),
            one_of=tuple(map(self.subschema, schema.one_of)),
            any_of=tuple(map(self.subschema, schema.any_of)),
            not_=self.schema(schema.not_),
            rules=self.rules(schema.rules, hidden),
        )
        found = self._schemas[id(schema)] = self.kept(schema, new)
        return found

    def rules(self, rules: SchemaRules | None, hidden: set[str]) -> SchemaRules | None:
        """The rules across the properties of a schema whose internal properties are
        ``hidden``, without what is internal: a condition (``if``) on an internal property
        goes with what it demands, and so does a dependency on one; an internal name
        leaves what a rule requires, and a demand left with nothing to say goes."""
        if rules is None:
            return None
        on_internal = rules.if_ is not None and _mentions(rules.if_, hidden)
        dependent_required = (
            (name, _public(needed, hidden)) for name, needed in rules.dependent_required
        )
        new = replace(
            rules,
            if_=None if on_internal else self.schema(rules.if_),
            then=None if on_internal else self.demand(rules.then, hidden),
            else_=None if on_internal else self.demand(rules.else_, hidden),
            dependent_required=tuple(
                (name, needed)
                for name, needed in dependent_required
                if name not in hidden and needed
            ),
            dependent_schemas=tuple(
                (name, demand)
                for name, dependent in rules.dependent_schemas
                if name not in hidden and (demand := self.demand(dependent, hidden)) is not None
            ),
            contains=self.schema(rules.contains),
            property_names=self.schema(rules.property_names),
            unevaluated_properties=self.maybe(rules.unevaluated_properties),
            unevaluated_items=self.maybe(rules.unevaluated_items),
            content_schema=self.schema(rules.content_schema),
        )
        return self.kept(rules, new)

    def demand(self, schema: Schema | None, hidden: set[str]) -> Schema | None:
        """What a ``then``, ``else`` or dependent schema demands of an object whose
        internal properties are ``hidden``; None when all it demanded was of internal
        properties."""
        if schema is None:
            return None
        new = self.subschema(schema)
        required = _public(new.required, hidden)
        if required != new.required:
            new = replace(new, required=required)
        said_something = schema.properties or schema.required
        if said_something and not (new.properties or new.required or new.rules):
            return None
        return new

    def maybe(self, value: Schema | bool | None) -> Schema | bool | None:
        """A keyword that is a schema or a boolean (``additionalProperties``)."""
        return self.subschema(value) if isinstance(value, Schema) else value

    def subschema(self, schema: Schema) -> Schema:
        found = self.schema(schema)
        assert found is not None
        return found

    def kept(self, old: _Part, new: _Part) -> _Part:
        """``old`` when each field of ``new`` is the same object or equal (a new tuple of
        the same objects), else ``new``."""
        for f in fields(old):
            mine, theirs = getattr(old, f.name), getattr(new, f.name)
            if mine is not theirs and mine != theirs:
                self.changed = True
                return new
        return old


def _mentions(condition: Schema, hidden: set[str]) -> bool:
    """Whether a condition (an ``if``) asks about an internal property."""
    return any(name in hidden or is_internal(prop) for name, prop in condition.properties) or any(
        name in hidden for name in condition.required
    )


def _public(names: tuple[str, ...], hidden: set[str]) -> tuple[str, ...]:
    return tuple(name for name in names if name not in hidden)


_Part = TypeVar(
    "_Part", Operation, Parameter, RequestBody, Response, Header, MediaType, Schema, SchemaRules
)
