"""Example payloads made from a schema, when the spec gives none (pure Python, no Sphinx).

Precedence for a value: ``const``, then the schema's own examples, then the
first ``enum`` value, then ``default``, then a value made from the type and
constraints.  An example or default that contradicts its own schema (a number
where a string is declared, a value outside the enum) is passed over, so the
sample stays valid.  Output is bounded: recursion stops (optional recursive
properties are left out), arrays hold at most :data:`MAX_ITEMS` items and
strings at most :data:`MAX_LENGTH` characters, whatever the constraints ask,
and the whole sample at most :data:`MAX_NODES` values.
"""

from __future__ import annotations

import math
import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # Python's own regex parser (3.11+)
from typing import Any, Literal

from ..spec.model import MISSING, ApiSpec, Schema
from ..spec.pointer import last_token

Context = Literal["request", "response"]

MAX_ITEMS = 3
MAX_LENGTH = 256
MAX_DEPTH = 8
MAX_NODES = 2000

#: one value per string format; all valid for that format
FORMATS = {
    "date-time": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uri-reference": "https://example.com",
    "iri": "https://example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "U3dhZ2dlciByb2Nrcw==",
    "binary": "<binary>",
    "password": "********",
    "regex": "^.*$",
    "json-pointer": "/a",
    "int32": "0",
    "int64": "0",
}

#: strings tried against a ``pattern`` (short, so no pattern can run for long)
PATTERN_CANDIDATES = (
    "string",
    "abc",
    "a",
    "A",
    "0",
    "1",
    "123",
    "a1",
    "abc123",
    "ABC",
    "a-b",
    "a_b",
    "a.b",
    "2024-01-01",
    "user@example.com",
    "https://example.com",
    "#000000",
    "+10000000000",
    "v1",
    "1.0.0",
)


def sample(spec: ApiSpec, schema: Schema, context: Context | None = None) -> Any:
    """A value that validates against ``schema`` (where one exists), for ``context``."""
    return _Sampler(spec, context).value(schema, 0, frozenset())


def json_type(value: Any) -> str:
    """The JSON Schema type of a value (a whole float counts as an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def fits(value: Any, s: Schema) -> bool:
    """A shallow check: type, nullability, enum, const, lengths, bounds, required keys."""
    kind = json_type(value)
    if kind == "null":
        return s.nullable or not s.types
    if s.types and kind not in s.types and not (kind == "integer" and "number" in s.types):
        return False
    if s.enum is not None and value not in s.enum:
        return False
    if s.const is not MISSING and value != s.const:
        return False
    limits = dict(s.constraints)
    if kind == "string" and not _limit(limits, "minLength", 0) <= len(value) <= _limit(
        limits, "maxLength", math.inf
    ):
        return False
    if kind in ("integer", "number") and not (
        _limit(limits, "minimum", -math.inf) <= value <= _limit(limits, "maximum", math.inf)
    ):
        return False
    if kind == "object":
        return all(name in value for name in s.required)
    return True


class _Sampler:
    def __init__(self, spec: ApiSpec, context: Context | None) -> None:
        self.spec = spec
        self.context = context
        self.nodes = 0

    def resolve(self, s: Schema) -> tuple[Schema, str]:
        """The schema a reference leads to, and where it is (for recursion checks)."""
        seen: set[str] = set()
        while s.ref:
            if s.ref in seen or s.ref not in self.spec.schemas:
                break
            seen.add(s.ref)
            s = self.spec.schemas[s.ref]
        return s, str(s.location)

    def value(self, schema: Schema, depth: int, ancestors: frozenset[str]) -> Any:
        self.nodes += 1
        s, key = self.resolve(schema)
        if depth > MAX_DEPTH + 4 or self.nodes > 2 * MAX_NODES:
            # required properties that recurse: stop with the smallest value of the type
            return {"object": {}, "array": [], "string": "", "integer": 0, "number": 0}.get(
                self.kind(s)
            )
        ancestors = ancestors | {key}
        if s.const is not MISSING:
            return s.const
        for candidate in s.examples:
            if self.fits(candidate, s):
                return candidate
        if s.enum:
            return s.enum[0]
        if s.default is not MISSING and self.fits(s.default, s):
            return s.default
        if s.all_of:
            return self.all_of(s, depth, ancestors)
        branches = s.one_of or s.any_of
        if branches and not s.properties:
            return self.branch(s, branches, 0, depth, ancestors)
        kind = self.kind(s)
        if kind == "object":
            return self.object(s, depth, ancestors)
        if kind == "array":
            return self.array(s, depth, ancestors)
        if kind == "string":
            return self.string(s)
        if kind in ("integer", "number"):
            return self.number(s, kind)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return None if s.nullable else {}

    def fits(self, value: Any, s: Schema) -> bool:
        """:func:`fits`, and for an object also the properties ``allOf`` parts allow."""
        if not fits(value, s):
            return False
        if not isinstance(value, dict):
            return True
        properties, required = self.merged(s)
        if not required <= value.keys():
            return False
        parts = [s, *(self.resolve(p)[0] for p in s.all_of)]
        if any(part.additional_properties is False for part in parts):
            return value.keys() <= {name for name, _ in properties}
        return True

    @staticmethod
    def kind(s: Schema) -> str:
        if s.types:
            return s.types[0]
        if s.properties or s.additional_properties not in (None, False) or s.required:
            return "object"
        if s.items is not None or s.prefix_items:
            return "array"
        if s.format in FORMATS:
            return "string"
        return "null" if s.nullable else "any"

    def visible(self, s: Schema) -> bool:
        """readOnly properties are not sent, writeOnly ones not returned."""
        target, _ = self.resolve(s)
        read_only = s.read_only or target.read_only
        write_only = s.write_only or target.write_only
        if self.context == "request":
            return not read_only
        if self.context == "response":
            return not write_only
        return True

    def object(self, s: Schema, depth: int, ancestors: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        properties, required = self.merged(s)
        for name, prop in properties:
            if not self.visible(prop):
                continue
            _, key = self.resolve(prop)
            recursive = key in ancestors
            deep = depth >= MAX_DEPTH or self.nodes >= MAX_NODES
            if name not in required and (recursive or deep):
                continue
            out[name] = self.value(prop, depth + 1, ancestors)
        extra = s.additional_properties
        if not out and isinstance(extra, Schema) and depth < MAX_DEPTH:
            out["key"] = self.value(extra, depth + 1, ancestors)
        minimum = dict(s.constraints).get("minProperties")
        if isinstance(minimum, int) and len(out) < minimum and depth < MAX_DEPTH:
            value_schema = extra if isinstance(extra, Schema) else Schema(s.location)
            for i in range(len(out), min(minimum, MAX_ITEMS)):
                out[f"key{i}"] = self.value(value_schema, depth + 1, ancestors)
        return out

    def merged(self, s: Schema) -> tuple[list[tuple[str, Schema]], set[str]]:
        properties: dict[str, Schema] = {}
        required: set[str] = set()
        stack = [s]
        seen: set[int] = set()
        while stack:
            part, _ = self.resolve(stack.pop(0))
            if id(part) in seen:
                continue
            seen.add(id(part))
            for name, prop in part.properties:
                properties.setdefault(name, prop)
            required.update(part.required)
            stack[0:0] = list(part.all_of)
        return list(properties.items()), required

    def all_of(self, s: Schema, depth: int, ancestors: frozenset[str]) -> Any:
        properties, _required = self.merged(s)
        if properties or any(self.kind(self.resolve(p)[0]) == "object" for p in s.all_of):
            return self.object(s, depth, ancestors)
        return self.value(s.all_of[0], depth + 1, ancestors)

    def branch(
        self,
        s: Schema,
        branches: tuple[Schema, ...],
        index: int,
        depth: int,
        ancestors: frozenset[str],
    ) -> Any:
        chosen = branches[index]
        value = self.value(chosen, depth + 1, ancestors)
        if s.discriminator is not None and isinstance(value, dict):
            # a copy: the value may be the spec's own example
            value = {**value, s.discriminator.property_name: self.discriminator_value(s, chosen)}
        return value

    def discriminator_value(self, s: Schema, chosen: Schema | None) -> str:
        """The mapping value that names ``chosen`` (by default the schema's name)."""
        assert s.discriminator is not None
        key = self.resolve(chosen)[1] if chosen is not None else None
        for value, target in s.discriminator.mapping:
            if key is None or target == key:
                return value
        return last_token(key) if key else s.discriminator.property_name

    def array(self, s: Schema, depth: int, ancestors: frozenset[str]) -> list[Any]:
        limits = dict(s.constraints)
        out = [self.value(item, depth + 1, ancestors) for item in s.prefix_items]
        if s.items is None:
            return out
        _, key = self.resolve(s.items)
        min_items = int(min(_limit(limits, "minItems", 0), MAX_ITEMS))
        wanted = max(min_items, 1 if len(out) == 0 else 0)
        if key in ancestors and not min_items:
            return out  # a recursive list may be empty
        count = int(min(wanted, MAX_ITEMS, _limit(limits, "maxItems", MAX_ITEMS)))
        for i in range(count):
            if depth >= MAX_DEPTH:
                break
            item = self.value(s.items, depth + 1, ancestors)
            if limits.get("uniqueItems") and item in out:
                item = _vary(item, i)
            out.append(item)
        return out

    def string(self, s: Schema) -> str:
        limits = dict(s.constraints)
        text = FORMATS.get(s.format or "", "string")
        pattern = limits.get("pattern")
        if isinstance(pattern, str):
            text = _matching(pattern) or text
        low = int(min(_limit(limits, "minLength", 0), MAX_LENGTH))
        high = limits.get("maxLength")
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if isinstance(high, int) and len(text) > high:
            text = text[: max(high, 0)]
        return text

    @staticmethod
    def number(s: Schema, kind: str) -> int | float:
        limits = dict(s.constraints)
        low = limits.get("minimum")
        high = limits.get("maximum")
        exclusive_low = limits.get("exclusiveMinimum")
        exclusive_high = limits.get("exclusiveMaximum")
        step = _limit(limits, "multipleOf", 0) or None
        value: float = 0
        if isinstance(low, (int, float)) and not isinstance(low, bool):
            value = low
        if isinstance(exclusive_low, (int, float)) and not isinstance(exclusive_low, bool):
            value = max(value, exclusive_low + (step or 1))
        elif exclusive_low is True and isinstance(low, (int, float)):
            value = low + (step or 1)
        if isinstance(step, (int, float)) and step > 0:
            value = math.ceil(value / step) * step
        if isinstance(high, (int, float)) and not isinstance(high, bool) and value > high:
            value = high
        if (
            isinstance(exclusive_high, (int, float))
            and not isinstance(exclusive_high, bool)
            and value >= exclusive_high
        ):
            value = exclusive_high - (step or 1)
        if kind == "integer":
            return math.ceil(value)
        return round(float(value), 10)


def _limit(limits: dict[str, Any], key: str, default: float) -> float:
    """A numeric constraint, or ``default`` when missing or not a number (a broken spec)."""
    value = limits.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        return value
    return default


def _vary(item: Any, i: int) -> Any:
    if isinstance(item, str):
        return f"{item}{i}"
    if isinstance(item, bool):
        return not item
    if isinstance(item, (int, float)):
        return item + i
    return item


def _matching(pattern: str) -> str | None:
    """A short string matching ``pattern``; None when there is none we can make.

    The pattern is parsed with Python's own regular expression parser and the
    shortest string is built from the parse tree; it is then checked with
    ``re.search`` (on a string of at most :data:`MAX_LENGTH` characters, so a
    catastrophic pattern cannot run for long).  Syntax Python does not know
    (``\\p{L}``) gives None: the caller falls back to a plain string.
    """
    try:
        compiled = re.compile(pattern)
        built = _build(sre_parse.parse(pattern))
    except (re.error, RecursionError, _Unbuildable, OverflowError):
        built = None
        try:
            compiled = re.compile(pattern)
        except (re.error, RecursionError):
            return None
    candidates = ([built] if built is not None and len(built) <= MAX_LENGTH else []) + list(
        PATTERN_CANDIDATES
    )
    for candidate in candidates:
        if compiled.search(candidate):
            return candidate
    return None


class _Unbuildable(Exception):
    pass


_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
}


def _build(tree: Any, depth: int = 0) -> str:
    """The shortest string for a parsed pattern (anchors ignored, first alternatives taken)."""
    if depth > 50:
        raise _Unbuildable
    out: list[str] = []
    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_build(sub, depth + 1) * min(int(low), 64))
        elif name == "SUBPATTERN":
            out.append(_build(arg[-1], depth + 1))
        elif name == "BRANCH":
            out.append(_build(arg[1][0], depth + 1))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "CATEGORY":
            out.append(_CATEGORY.get(str(arg), "a"))
        else:  # back references, conditionals...
            raise _Unbuildable
    return "".join(out)


def _class_member(items: Any) -> str:
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif negate:
            continue
        elif name == "LITERAL":
            return chr(arg)
        elif name == "RANGE":
            return chr(arg[0])
        elif name == "CATEGORY":
            return _CATEGORY.get(str(arg), "a")
    if negate:
        excluded = {chr(arg) for op, arg in items if str(op) == "LITERAL"}
        return next(c for c in "a0-_ bA" if c not in excluded)
    raise _Unbuildable


def body_schemas(spec: ApiSpec) -> list[tuple[str, Schema, Context]]:
    """(where, schema, context) of every request and response body schema that has a pointer.

    A Swagger 2.0 formData body is made up from parameters: it has none, and is left out.
    """
    out: list[tuple[str, Schema, Context]] = []
    for op in spec.operations + spec.webhooks:
        if op.request_body is not None:
            for media in op.request_body.content:
                if media.schema is not None and (media.schema.raw is not None or media.schema.ref):
                    out.append((f"{op.title} request {media.media_type}", media.schema, "request"))
        for response in op.responses:
            for media in response.content:
                if media.schema is not None:
                    out.append(
                        (
                            f"{op.title} {response.status} {media.media_type}",
                            media.schema,
                            "response",
                        )
                    )
    return out


def branch_samples(
    spec: ApiSpec, schema: Schema, context: Context | None = None, limit: int = 10
) -> list[tuple[str, Any]]:
    """One (label, value) per ``oneOf``/``anyOf`` branch of ``schema`` (up to ``limit``).

    For a schema (or a reference to one) with branches at the top, each value is
    the schema's own properties (and ``allOf`` parts') merged with a sample of
    that branch, the discriminator property set to the branch's mapping value.
    The label is the branch's schema name, else its title, else ``option N``.
    Any other schema gives one unlabelled sample: ``[("", sample(...))]``.
    """
    sampler = _Sampler(spec, context)
    s, key = sampler.resolve(schema)
    branches = s.one_of or s.any_of
    if not branches:
        return [("", sample(spec, schema, context))]
    out: list[tuple[str, Any]] = []
    for index, chosen in enumerate(branches[: max(limit, 0)]):
        sampler = _Sampler(spec, context)  # each branch gets the whole size budget
        ancestors = frozenset({key})
        # as _Sampler.branch, on a copy: the value may be the spec's own example
        value = sampler.value(chosen, 1, ancestors)
        if isinstance(value, dict):
            own = sampler.object(s, 0, ancestors) if s.properties or s.all_of else {}
            value = {**own, **value}
            if s.discriminator is not None:
                name = s.discriminator.property_name
                value[name] = sampler.discriminator_value(s, chosen)
        out.append((_branch_label(spec, sampler, chosen, index), value))
    return out


def _branch_label(spec: ApiSpec, sampler: _Sampler, branch: Schema, index: int) -> str:
    if branch.ref:
        name = spec.schema_names.get(branch.ref) or branch.ref_name
        if name:
            return name
    title = branch.title or sampler.resolve(branch)[0].title
    return title or f"option {index + 1}"
