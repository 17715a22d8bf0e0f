"""A small validator of values against the model's schemas (pure Python, no jsonschema).

:class:`ModelValidator` judges a value against a :class:`~..spec.model.Schema` as OpenAPI
reads it in a context (a ``readOnly`` property is not required in a request, a
``writeOnly`` one not in a response).  It knows the common keywords (type and
nullability, enum, const, lengths, pattern, bounds, multipleOf, items, required,
properties, additionalProperties, allOf, anyOf, oneOf, not) and agrees with jsonschema
on them; formats are not asserted, as jsonschema does not by default.  It is fast
enough to be asked many times per value: the sampler uses it to pick the
``oneOf``/``anyOf`` branch whose sample validates.

Its work is bounded: :data:`MAX_CHECKS` schemas per :class:`~.bounds.Unchecked` record,
and patterns are matched through :func:`.bounds.search`; what is left unchecked is told
in that record.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, TypeGuard

from ..spec.model import MISSING, ApiSpec, Schema, SchemaRules
from .bounds import Unchecked, WorkExhausted, search
from .json_types import json_type

#: schemas the checks sharing one :class:`~.bounds.Unchecked` record may visit in all (the
#: sampler's :func:`~..samples.payload.sample` or ``branch_samples`` over the specs of the
#: test corpus need at most 5,800); past it, values pass unchecked (``oneOf`` of 8 branches
#: nested 10 deep needs 8**10)
MAX_CHECKS = 20_000
#: nesting judged at most: a value nested deeper passes
MAX_DEPTH = 24


class ModelValidator:
    """Validates values against the schemas of ``spec`` in ``context`` (``request``,
    ``response`` or None); ``unchecked`` gets what it could not judge and counts its work."""

    def __init__(self, spec: ApiSpec, context: str | None, unchecked: Unchecked) -> None:
        self.spec = spec
        self.context = context
        self.unchecked = unchecked
        #: JSON Schema draft 4 (OpenAPI 3.0, Swagger 2.0): 1.0 is not an integer
        self.strict_integer = not spec.openapi_version.startswith("3.1")

    def visible(self, s: Schema) -> bool:
        """readOnly properties are not sent, writeOnly ones not returned."""
        target = self.spec.referent(s)
        read_only = s.read_only or target.read_only
        write_only = s.write_only or target.write_only
        if self.context == "request":
            return not read_only
        if self.context == "response":
            return not write_only
        return True

    def search(self, pattern: str, text: str) -> bool | None:
        """:func:`.bounds.search`, noting a pattern that could not be checked."""
        found = search(pattern, text)
        if found is None:
            self.unchecked.patterns[pattern] = None
        return found

    def valid(self, value: Any, schema: Schema, depth: int = 0) -> bool:
        """Whether ``value`` validates against ``schema`` (``depth``: how deep it is nested).

        It knows the keywords payloads are made from (type and nullability, enum,
        const, lengths, pattern, bounds, multipleOf, items, required -- in context:
        a readOnly property is not required in a request --, properties,
        additionalProperties, allOf, anyOf, oneOf, not) and agrees with jsonschema
        on them; formats are not asserted, as jsonschema does not by default.
        Unresolvable references and unknown keywords pass.

        The work is bounded: after :data:`MAX_CHECKS` schemas checked, checking stops
        (deterministically) and every value passes; ``unchecked.exhausted`` says
        so.  A pattern too costly for a string, or that Python cannot read, passes too and
        is listed in ``unchecked.patterns``.
        """
        if self.unchecked.exhausted:
            return True
        try:
            return self.validates(value, schema, depth)
        except WorkExhausted:
            self.unchecked.exhausted = True
            return True

    def validates(self, value: Any, schema: Schema, depth: int) -> bool:
        """:meth:`valid`, counting the work; raises :class:`~.bounds.WorkExhausted` past the
        budget."""
        self.unchecked.steps += 1
        if self.unchecked.steps > MAX_CHECKS:
            raise WorkExhausted
        if depth > MAX_DEPTH:
            return True
        s = self.spec.referent(schema)
        if s.is_false:
            return False
        if s.types and not self.typed(value, s):
            return False
        if s.rules is not None and not self.valid_rules(value, s.rules, depth + 1):
            return False
        if s.enum is not None and not any(_equal(value, e) for e in s.enum):
            return False
        if s.const is not MISSING and not _equal(value, s.const):
            return False
        if s.constraints and not self.valid_limits(value, dict(s.constraints)):
            return False
        if isinstance(value, (list, dict)):
            if isinstance(value, list):
                if not self.valid_array(value, s, depth):
                    return False
            elif not self.valid_object(value, s, depth):
                return False
        elif not (s.all_of or s.any_of or s.one_of or s.not_):
            return True
        deeper = depth + 1
        for part in s.all_of:
            if not self.validates(value, part, deeper):
                return False
        if s.any_of and not any(self.validates(value, part, deeper) for part in s.any_of):
            return False
        if s.one_of:
            matches = 0
            for part in s.one_of:
                matches += self.validates(value, part, deeper)
                if matches > 1:
                    return False
            if matches != 1:
                return False
        return s.not_ is None or not self.validates(value, s.not_, deeper)

    def valid_rules(self, value: Any, rules: SchemaRules, depth: int) -> bool:
        """The 2020-12 rules: a condition's ``then``/``else``, dependencies, ``contains``
        and ``propertyNames`` (``unevaluated*`` pass unjudged)."""
        if rules.if_ is not None:
            chosen = rules.then if self.validates(value, rules.if_, depth) else rules.else_
            if chosen is not None and not self.validates(value, chosen, depth):
                return False
        if isinstance(value, dict):
            for name, needed in rules.dependent_required:
                if name in value and any(other not in value for other in needed):
                    return False
            for name, schema in rules.dependent_schemas:
                if name in value and not self.validates(value, schema, depth):
                    return False
            if rules.property_names is not None and not all(
                self.validates(name, rules.property_names, depth) for name in value
            ):
                return False
        if isinstance(value, list) and rules.contains is not None:
            have = sum(self.validates(item, rules.contains, depth) for item in value)
            least = 1 if rules.min_contains is None else rules.min_contains
            most = math.inf if rules.max_contains is None else rules.max_contains
            return least <= have <= most
        return True

    def typed(self, value: Any, s: Schema) -> bool:
        """``value`` has one of the types of ``s`` (or is null where ``s`` is nullable)."""
        if value is None:
            return s.nullable
        kind = json_type(value) or "object"
        if kind in s.types:
            return not (kind == "integer" and isinstance(value, float) and self.strict_integer)
        if kind == "integer" and "number" in s.types:
            return True
        return any(self.is_type(value, t) for t in s.types)

    def is_type(self, value: Any, kind: str) -> bool:
        if kind == "integer":
            if isinstance(value, float):
                return not self.strict_integer and value.is_integer()
            return isinstance(value, int) and not isinstance(value, bool)
        if kind in ("null", "boolean", "number", "string", "array", "object"):
            return json_type(value) == kind or (kind == "number" and _number(value))
        return True  # "file" (Swagger) and unknown types

    def valid_limits(self, value: Any, limits: dict[str, Any]) -> bool:
        if isinstance(value, str):
            pattern = limits.get("pattern")
            if isinstance(pattern, str) and self.search(pattern, value) is False:
                return False
            return (
                numeric_limit(limits, "minLength", 0)
                <= len(value)
                <= numeric_limit(limits, "maxLength", math.inf)
            )
        if _number(value):
            return in_bounds(value, limits)
        if isinstance(value, list):
            if (
                not numeric_limit(limits, "minItems", 0)
                <= len(value)
                <= numeric_limit(limits, "maxItems", math.inf)
            ):
                return False
            if limits.get("uniqueItems") is True:
                return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])
            return True
        if isinstance(value, dict):
            return (
                numeric_limit(limits, "minProperties", 0)
                <= len(value)
                <= numeric_limit(limits, "maxProperties", math.inf)
            )
        return True

    def valid_array(self, value: list[Any], s: Schema, depth: int) -> bool:
        deeper = depth + 1
        for item, item_schema in zip(value, s.prefix_items, strict=False):
            if not self.validates(item, item_schema, deeper):
                return False
        if s.items is not None:
            rest = value[len(s.prefix_items) :] if s.prefix_items else value
            return all(self.validates(item, s.items, deeper) for item in rest)
        return True

    def valid_object(self, value: dict[str, Any], s: Schema, depth: int) -> bool:
        properties = dict(s.properties)
        for name in s.required:
            if name not in value and (name not in properties or self.visible(properties[name])):
                return False
        deeper = depth + 1
        for name, item in value.items():
            matched = False
            if name in properties:
                matched = True
                if not self.validates(item, properties[name], deeper):
                    return False
            for pattern, pattern_schema in s.pattern_properties:
                found = self.search(pattern, name)
                if found is not False:
                    matched = True  # (not known: the name is taken as matching, unchecked)
                    if found and not self.validates(item, pattern_schema, deeper):
                        return False
            if matched:
                continue
            extra = s.additional_properties
            if extra is False:
                return False
            if isinstance(extra, Schema) and not self.validates(item, extra, deeper):
                return False
        return True


def numeric_limit(limits: dict[str, Any], key: str, default: float) -> float:
    """A numeric constraint, or ``default`` when missing or not a number (a broken spec)."""
    value = limits.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        return value
    return default


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: ``True`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if _number(a) and _number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def in_bounds(value: float, limits: dict[str, Any]) -> bool:
    """minimum, maximum (with draft 4's boolean or a numeric exclusive bound), multipleOf."""
    for bound, exclusive, below in (
        ("minimum", "exclusiveMinimum", False),
        ("maximum", "exclusiveMaximum", True),
    ):
        limit = limits.get(bound)
        flag = limits.get(exclusive)
        if _number(limit) and not math.isnan(limit):
            if flag is True and (value >= limit if below else value <= limit):
                return False
            if value > limit if below else value < limit:
                return False
        if _number(flag) and not math.isnan(flag) and (value >= flag if below else value <= flag):
            return False
    step = limits.get("multipleOf")
    if _number(step) and step > 0:
        return _multiple_of(value, step)
    return True


def _multiple_of(value: float, step: float) -> bool:
    """As jsonschema judges ``multipleOf``: a float step by division, exactly (as fractions)
    where that overflows; an infinite value or step is a multiple of nothing."""
    try:
        if isinstance(step, float):
            quotient = value / step
            return int(quotient) == quotient
        return not value % step
    except OverflowError:
        try:
            return (Fraction(value) / Fraction(step)).denominator == 1
        except (OverflowError, ValueError):
            return False
