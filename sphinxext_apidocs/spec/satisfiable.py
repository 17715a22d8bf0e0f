"""Schemas no value can satisfy (pure Python, no Sphinx).

A made-up example for such a schema cannot be valid, so the renderer would show
one that contradicts the schema; the spec author wants to know.  Only plain,
certain contradictions are looked for: ``enum: []``, ``allOf`` parts (and the
schema itself) whose types have nothing in common, and a lower bound above its
upper bound (``minimum``/``maximum``, ``minLength``/``maxLength``,
``minItems``/``maxItems``, ``minProperties``/``maxProperties``), or an infinite
one (``minLength: 1e309`` reads as infinity: no value is that long), and an object
that requires a property leading back to itself (``TreeNode`` requiring its
``parent``, a ``TreeNode``: no finite value has one), and a required property that
an ``additionalProperties: false`` beside ``allOf`` forbids (it allows only the
properties declared next to it, not those of the parts).  Other reasoning over
``required`` and ``additionalProperties`` is left to ``apicheck``'s
``sample-invalid``, which validates the examples it generates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from .model import ApiSpec, Location, Schema

BOUNDS = (
    ("minimum", "maximum"),
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
)
ALL_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})


def unsatisfiable(spec: ApiSpec) -> Iterator[tuple[Location, str]]:
    """(where, why) for each schema of ``spec`` that no value can satisfy: those reached
    by a ``$ref``, then those written in operations and webhooks (a request body's)."""
    seen: set[int] = set()
    written = [s for op in spec.operations + spec.webhooks for s in op.schemas()]
    stack = [*reversed(written), *spec.schemas.values()]  # popped from the end

    def resolve(schema: Schema) -> Schema | None:
        return _resolved(spec, schema)

    while stack:
        schema = stack.pop()
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if schema.ref is not None:
            continue  # its target is among spec.schemas
        why = _contradiction(schema, resolve)
        if why is not None:
            yield schema.location, why
        stack.extend(subschemas(schema))


def _contradiction(schema: Schema, resolve: Callable[[Schema], Schema | None]) -> str | None:
    if schema.enum is not None and len(schema.enum) == 0:
        return "its enum lists no value"
    if schema.all_of:
        why = _disjoint_types(schema, resolve)
        if why is not None:
            return why
    if schema.required and _only_objects(schema):
        why = _required_loop(schema, resolve)
        if why is not None:
            return why
    if schema.all_of:
        why = _closed_to_required(schema, resolve)
        if why is not None:
            return why
    if schema.constraints:
        constraints = dict(schema.constraints)
        for low, high in BOUNDS:
            lo, hi = _number(constraints.get(low)), _number(constraints.get(high))
            if lo is not None and hi is not None and lo > hi:
                return f"{low} {lo} is above {high} {hi}"
            if lo == math.inf or hi == -math.inf:
                return f"{low if lo == math.inf else high} is infinite"
    return None


def _required_loop(schema: Schema, resolve: Callable[[Schema], Schema | None]) -> str | None:
    """Why each value of ``schema`` would hold a value of ``schema`` itself: a chain of
    required properties, each an object (never null) or a list of at least one object,
    that leads back to it."""
    seen: set[int] = set()
    stack: list[tuple[Schema, tuple[str, ...]]] = [(schema, ())]
    while stack:
        current, names = stack.pop()
        properties = dict(current.properties)
        for name in current.required:
            prop = properties.get(name)
            if _one_way(prop, resolve):
                continue  # required in requests or in responses only: not always
            target = resolve(prop) if prop is not None and not prop.nullable else None
            if target is not None and _non_empty_list(target):
                assert target.items is not None
                target, name = resolve(target.items), f"{name}[0]"
            if target is None or not _only_objects(target):
                continue
            chain = (*names, name)
            if target is schema:
                path = ".".join(chain)
                return f"each value must hold {path}, a value of this same schema, and so on without end"
            if id(target) not in seen:
                seen.add(id(target))
                stack.append((target, chain))
    return None


def _non_empty_list(schema: Schema) -> bool:
    """Whether each value of ``schema`` is a list of at least one item (of ``items``)."""
    low = _number(dict(schema.constraints).get("minItems"))
    return (
        schema.types == ("array",)
        and not schema.nullable
        and schema.items is not None
        and not schema.prefix_items
        and low is not None
        and low >= 1
    )


def _closed_to_required(schema: Schema, resolve: Callable[[Schema], Schema | None]) -> str | None:
    """Why a property the schema or one of its ``allOf`` parts requires is one that
    ``additionalProperties: false`` of the schema or of another part does not allow (it
    allows only the properties declared beside it, not those of the other parts): the
    common mistake of closing an object that ``allOf`` extends."""
    parts = [("", schema)]
    for i, part in enumerate(schema.all_of):
        target = resolve(part)
        if target is not None:
            parts.append((f"allOf part {part.ref_name or i + 1}", target))
    if not any(_only_objects(part) for _label, part in parts):
        return None  # a value that is no object has no properties to require
    declared: dict[str, Schema] = {}  # where the parts declare each property, the first
    for _label, part in parts:
        for name, prop in part.properties:
            declared.setdefault(name, prop)
    for closer, closed in parts:
        extra = closed.additional_properties
        if not (extra is False or (isinstance(extra, Schema) and extra.is_false)):
            continue
        if closed.pattern_properties:
            continue  # whether a name matches one is not decided here
        own = {name for name, _prop in closed.properties}
        for requirer, part in parts:
            if closer and part is closed:
                continue  # a part at odds with itself is reported where it is
            for name in part.required:
                if _one_way(declared.get(name), resolve):
                    continue  # required in requests or in responses only: not always
                if name not in own:
                    by = f" (through {requirer})" if requirer else ""
                    whose = f"{closer}'s" if closer else "its"
                    return (
                        f"it requires {name}{by}, but {whose} additionalProperties: false "
                        f"allows only the properties declared beside it, and {name} is not one"
                    )
    return None


def _one_way(prop: Schema | None, resolve: Callable[[Schema], Schema | None]) -> bool:
    """Whether a property is ``readOnly`` or ``writeOnly`` (beside its ``$ref`` or where
    it leads): required, it is so in responses only, or in requests only."""
    if prop is None:
        return False
    target = resolve(prop)
    return (
        prop.read_only
        or prop.write_only
        or (target is not None and (target.read_only or target.write_only))
    )


def _only_objects(schema: Schema) -> bool:
    """Whether each value of ``schema`` is an object (so its ``required`` applies)."""
    return schema.types == ("object",) and not schema.nullable


def _number(value: object) -> float | None:
    """``value`` if it is a number (not a boolean), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


def _disjoint_types(schema: Schema, resolve: Callable[[Schema], Schema | None]) -> str | None:
    """Why the schema and its ``allOf`` parts have no type in common (None: they may)."""
    stated = [(schema, _types(schema))] if schema.types else []
    for part in schema.all_of:
        target = resolve(part)
        if target is not None and target.types:
            stated.append((target, _types(target)))
    if len(stated) > 1:
        common = set(ALL_TYPES)
        for _part, types in stated:
            common &= types
        if not common:
            named = sorted({t for part, _types in stated for t in part.types})
            return "its allOf parts have no type in common (" + ", ".join(named) + ")"
    return None


def _types(schema: Schema) -> frozenset[str]:
    types = set(schema.types)
    if "number" in types:
        types.add("integer")
    if schema.nullable:
        types.add("null")
    return frozenset(types)


def _resolved(spec: ApiSpec, schema: Schema) -> Schema | None:
    """What ``schema``'s references lead to; None for an unresolved one or a loop."""
    target = spec.referent(schema)
    return target if target.ref is None else None


def subschemas(schema: Schema) -> list[Schema]:
    """The schemas written inside ``schema`` (properties, items, parts ...), not followed
    through references."""
    out = [s for _name, s in schema.properties]
    if schema.pattern_properties:
        out += [s for _name, s in schema.pattern_properties]
    out += schema.prefix_items + schema.all_of + schema.one_of + schema.any_of
    for one in (schema.items, schema.not_, schema.additional_properties):
        if isinstance(one, Schema):
            out.append(one)
    rules = schema.rules
    if rules is not None:
        out += [s for _name, s in rules.dependent_schemas]
        for one in (
            rules.if_,
            rules.then,
            rules.else_,
            rules.contains,
            rules.property_names,
            rules.unevaluated_properties,
            rules.unevaluated_items,
            rules.content_schema,
        ):
            if isinstance(one, Schema):
                out.append(one)
    return out
