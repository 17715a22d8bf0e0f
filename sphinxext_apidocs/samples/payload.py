"""Example payloads made from a schema, when the spec gives none (pure Python, no Sphinx).

Precedence for a value: ``const``, then the schema's own examples, then the
first ``enum`` value, then ``default``, then a value made from the type and
constraints.  An example, enum value or default that does not validate against
its own schema (a number where a string is declared, a value outside the enum,
an object missing a required property deep down) is passed over for the next
choice, so the sample stays valid.

Composition: an object takes the properties of every ``allOf`` part (a property
several parts declare gets a value that fits each declaration; a part with
``additionalProperties: false`` keeps out what it does not declare; required
properties no part declares are filled in); of ``oneOf``/``anyOf``, the first
branch whose sample validates against the whole schema is taken, tried with all
its properties, then with the required ones only.  Validity is judged by
:class:`..validation.model_validator.ModelValidator`, a small validator that agrees
with jsonschema on the keywords samples are made from; ``sample(..., check=...)`` adds a full one.  An
optional property or array item whose value cannot validate (a contradictory
schema) is left out.

Output is bounded: recursion stops (optional recursive properties are left
out), arrays hold at most :data:`MAX_ITEMS` items and strings at most
:data:`MAX_LENGTH` characters, whatever the constraints ask, and the whole
sample at most :data:`MAX_NODES` values.  So is the work: the validity checks visit
at most :data:`..validation.model_validator.MAX_CHECKS` schemas per call, and patterns
are matched through :func:`..validation.bounds.search`; what is left unchecked is told
in an :class:`..validation.bounds.Unchecked`.  Strings for a ``pattern`` come from
:mod:`.pattern_strings`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..spec.allof import narrowed
from ..spec.model import MISSING, ApiSpec, Schema
from ..spec.pointer import last_token
from ..validation.bounds import Unchecked, search
from ..validation.model_validator import ModelValidator, in_bounds, numeric_limit
from .pattern_strings import matching, padded

Context = Literal["request", "response"]
#: which optional properties a made-up request body holds: ``minimal``, those the spec
#: gives an example, default or const for (and a discriminator's); ``all``, every one
SampleProperties = Literal["minimal", "all"]

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


#: a sampler stops searching ``oneOf``/``anyOf`` branches for a valid one after this many
#: values made in all (trials included): the first branch is taken from then on
MAX_WORK = 20 * MAX_NODES
#: branches tried, at most, for one ``oneOf``/``anyOf``
MAX_BRANCHES = 30

#: values that set a ``oneOf`` branch's object apart from another branch, tried in turn for
#: a property only the other declares (see :meth:`Sampler.apart`)
UNLIKE: tuple[Any, ...] = (None, 0, "", False)

#: ``check(schema, value)``: True when ``value`` validates against ``schema`` (a full validator)
Check = Callable[[Schema, Any], bool]


def sample(
    spec: ApiSpec,
    schema: Schema,
    context: Context | None = None,
    *,
    check: Check | None = None,
    unchecked: Unchecked | None = None,
    properties: SampleProperties = "minimal",
) -> Any:
    """A value that validates against ``schema`` (where one exists), for ``context``.

    In a request, ``properties="minimal"`` leaves out the optional properties the spec
    gives no example, default or const for (a discriminator's property is kept, and
    as many as ``minProperties`` asks); a response always has every property.

    Of the ``oneOf``/``anyOf`` branches, the first whose sample passes the sampler's
    own checks (:meth:`.ModelValidator.valid`: a small validator, exact for the common
    keywords) is taken.  ``check``, when given, is asked as well before a branch is
    taken: a full validator (``SpecValidator.errors``) catches what the small one
    does not know, at the cost of time.  ``unchecked``, when given, gets what the checks
    could not judge (patterns, the work budget: see :meth:`.ModelValidator.valid`).
    """
    return Sampler(spec, context, check, unchecked, properties).value(schema, 0, frozenset())


@dataclass
class _Shape:
    """The properties of an object schema with its ``allOf`` parts (see :meth:`Sampler.object`)."""

    declared: dict[str, list[Schema]] = field(default_factory=dict)
    required: dict[str, None] = field(default_factory=dict)
    undeclared: list[str] = field(default_factory=list)
    allowed: set[str] | None = None  # None: any name
    patterns: list[tuple[str, Schema]] = field(default_factory=list)
    additional: Schema | None = None
    min_properties: float = 0
    max_properties: float = math.inf
    forbidden: int = 0  # required names additionalProperties: false keeps out
    #: the optional properties a minimal request body holds (None: every one)
    wanted: set[str] | None = None


@dataclass(frozen=True)
class _Choice:
    """How a ``oneOf``/``anyOf`` branch's value is made (see :meth:`Sampler.branch_value`)."""

    index: int
    minimal: bool = False  # its required properties only
    lean: bool = False  # its optional properties those a minimal request wants
    broken: bool = False  # known invalid
    #: changes that set it apart from the other branches (see :meth:`Sampler.apart`)
    apart: tuple[tuple[str, Any], ...] = ()


class Sampler:
    def __init__(
        self,
        spec: ApiSpec,
        context: Context | None,
        check: Check | None = None,
        unchecked: Unchecked | None = None,
        properties: SampleProperties = "minimal",
    ) -> None:
        self.spec = spec
        self.check = check
        #: a minimal request: what its objects hold, optional properties aside (see
        #: :meth:`wanted`); ``lean`` says whether that applies now (a oneOf branch may
        #: need them all)
        self.minimal_request = self.lean = properties == "minimal" and context == "request"
        #: judges the values made; its ``unchecked`` gets what it could not judge, and its
        #: work so far (shared by the samplers of one call: one budget)
        self.validator = ModelValidator(
            spec, context, Unchecked() if unchecked is None else unchecked
        )
        self.nodes = 0
        #: values made, trials included (bounds the search for valid branches)
        self.work = 0
        #: the branch taken per oneOf/anyOf schema
        self.choices: dict[int, _Choice] = {}
        #: how many values were made that are known not to validate; an optional property
        #: (or array item) whose value raises it is left out
        self.broken = 0
        #: depth at which objects hold their required properties only (a minimal branch)
        self.minimal_at: int | None = None
        self.shapes: dict[tuple[int, int], _Shape] = {}
        self.kept: list[tuple[Schema, Schema | None]] = []
        self.narrowings: dict[tuple[int, int], Schema] = {}

    def resolve(self, s: Schema) -> tuple[Schema, str]:
        """The schema a reference leads to, and its key (``file#pointer``)."""
        target = self.target(s)
        return target, str(target.location)

    def target(self, s: Schema) -> Schema:
        """The schema a reference leads to (``s`` itself when it is not a reference)."""
        return self.spec.referent(s)

    def value(self, schema: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """A sample of ``schema``; ``ancestors``: the ids of the schemas it is nested in."""
        self.nodes += 1
        self.work += 1
        s = self.target(schema)
        if depth > MAX_DEPTH + 4 or self.nodes > 2 * MAX_NODES:
            # required properties that recurse: stop with the smallest value of the type
            stub = {"object": {}, "array": [], "string": "", "integer": 0, "number": 0}.get(
                self.kind(s)
            )
            self.broken += not self.validator.valid(stub, s, MAX_DEPTH)
            return stub
        ancestors = ancestors | {id(s)}
        if s.const is not MISSING:
            return s.const
        for candidate in s.examples:
            if self.acceptable(candidate, schema, s):
                return candidate
        if s.enum:
            for candidate in s.enum:
                if self.validator.valid(candidate, s):
                    return candidate
            self.broken += 1  # no value of the enum validates (one of another type, say)
            return s.enum[0]
        if s.default is not MISSING and self.acceptable(s.default, schema, s):
            return s.default
        if s.one_of or s.any_of:
            return self.composite(schema, s, depth, ancestors)
        if s.rules is not None and s.rules.content_schema is not None and self.kind(s) == "string":
            media = str(dict(s.constraints).get("contentMediaType", ""))
            if media.endswith("json"):  # JSON text of a value of its contentSchema
                return json.dumps(self.value(s.rules.content_schema, depth + 1, ancestors))
        if s.discriminator is not None:
            value = self.subtype(s, depth, ancestors)
            if value is not MISSING:
                return value
        return self.plain(s, depth, ancestors)

    def subtype(self, s: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """A value of the first subtype of ``s``'s discriminator (a schema that inherits
        it, or one its mapping names) that validates against ``s``, its discriminator
        property naming it; MISSING when there is none."""
        assert s.discriminator is not None
        start, mark = self.nodes, self.broken
        for _value, key in self.spec.discriminated_subtypes(s)[:MAX_BRANCHES]:
            chosen = self.spec.schemas.get(key)
            if chosen is None or id(chosen) in ancestors or self.work >= MAX_WORK:
                continue
            value = self.value(chosen, depth, ancestors)
            if isinstance(value, dict):
                ref = Schema(chosen.location, ref=key)
                value = {**value, s.discriminator.property_name: self.discriminator_value(s, ref)}
            if self.broken == mark and self.validator.valid(value, s):
                return value
            self.nodes, self.broken = start, mark
        return MISSING

    def plain(self, s: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """A value made from the type and constraints (``oneOf``/``anyOf`` left aside)."""
        if s.all_of:
            return self.all_of(s, depth, ancestors)
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

    def acceptable(self, value: Any, schema: Schema, s: Schema) -> bool:
        """An example or default that validates against its own schema."""
        if not self.validator.valid(value, s):
            return False
        if self.check is None or not isinstance(value, (dict, list)):
            return True
        return self.check(schema, value)

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

    # -- objects ------------------------------------------------------------------------

    def parts(self, s: Schema, extra: Schema | None = None) -> list[Schema]:
        """``s``, its ``allOf`` parts (recursively), then ``extra`` and its parts: all resolved."""
        if extra is None and not s.all_of and not s.ref:
            return [s]
        out: list[Schema] = []
        stack = [s] if extra is None else [s, extra]
        seen: set[int] = set()
        while stack:
            part = self.target(stack.pop(0))
            if id(part) in seen:
                continue
            seen.add(id(part))
            out.append(part)
            stack[0:0] = list(part.all_of)
        return out

    def object(
        self,
        s: Schema,
        depth: int,
        ancestors: frozenset[int],
        extra: Schema | None = None,
        minimal: bool = False,
    ) -> dict[str, Any]:
        """The properties of ``s`` and its ``allOf`` parts (and of ``extra``, a branch).

        A property declared by several parts satisfies each declaration; a part with
        ``additionalProperties: false`` keeps out the properties it does not declare;
        required properties no part declares are filled in too.  ``minimal`` (or a
        minimal branch) keeps the required properties only.
        """
        minimal = minimal or self.minimal_at == depth
        shape = self.shape(s, extra)
        required, allowed, additional = shape.required, shape.allowed, shape.additional
        wanted = shape.wanted if self.lean else None
        out: dict[str, Any] = {}
        for name, defs in shape.declared.items():
            if allowed is not None and name not in allowed:
                continue
            if wanted is not None and name not in wanted and name not in required:
                continue
            first = defs[0]
            if len(defs) == 1:  # the common case, kept apart for speed (no generators)
                if not self.validator.visible(first):
                    continue
                if name in required:
                    out[name] = self.value(first, depth + 1, ancestors)
                elif not (
                    minimal
                    or depth >= MAX_DEPTH
                    or self.nodes >= MAX_NODES
                    or id(self.target(first)) in ancestors
                ):
                    self.optional(out, name, first, depth, ancestors)
                continue
            if not all(self.validator.visible(prop) for prop in defs):
                continue
            if name in required:
                out[name] = self.meet(defs, depth + 1, ancestors)
            elif not (
                minimal
                or depth >= MAX_DEPTH
                or self.nodes >= MAX_NODES
                or any(id(self.target(prop)) in ancestors for prop in defs)
            ):
                self.optional(out, name, defs, depth, ancestors)
        for name in shape.undeclared:
            # required, but declared nowhere: a pattern's schema, the additional one, or any
            found = next(
                (p for pattern, p in shape.patterns if self.validator.search(pattern, name)),
                additional,
            )
            out[name] = self.value(found or Schema(s.location), depth + 1, ancestors)
        self.broken += shape.forbidden  # required, but additionalProperties: false keeps it out
        if allowed is None and depth < MAX_DEPTH:
            if not out and additional is not None and not minimal:
                if shape.min_properties:
                    out["key"] = self.value(additional, depth + 1, ancestors)
                else:
                    self.optional(out, "key", additional, depth, ancestors)
            for i in range(len(out), _count(shape.min_properties, MAX_ITEMS)):
                out[f"key{i}"] = self.value(additional or Schema(s.location), depth + 1, ancestors)
        self.follow_rules(s, extra, out, shape, depth)
        if len(out) > shape.max_properties:
            optional = [name for name in out if name not in required]
            for name in optional[: len(out) - _count(shape.max_properties, len(out))]:
                del out[name]
        return out

    def follow_rules(
        self,
        s: Schema,
        extra: Schema | None,
        out: dict[str, Any],
        shape: _Shape,
        depth: int,
    ) -> None:
        """Makes the object ``out`` follow the 2020-12 rules of ``s`` and its parts: what a
        property it has requires (``dependentRequired``, ``dependentSchemas``), and the
        ``then`` (or ``else``) of an ``if`` it meets (or does not)."""
        for part in self.parts(s, extra):
            rules = part.rules
            if rules is None:
                continue
            for name, needed in rules.dependent_required:
                if name in out:
                    for other in needed:
                        if other not in out:
                            self.apply(Schema(part.location, required=(other,)), out, shape, depth)
            for name, schema in rules.dependent_schemas:
                if name in out:
                    self.apply(schema, out, shape, depth)
            if rules.if_ is not None:
                met = self.validator.valid(out, rules.if_)
                chosen = rules.then if met else rules.else_
                if chosen is not None:
                    self.apply(chosen, out, shape, depth)

    def apply(self, rule: Schema, out: dict[str, Any], shape: _Shape, depth: int) -> None:
        """Makes ``out`` match ``rule`` as well: the properties it requires added, and
        those whose value it does not accept made again from every declaration."""
        target = self.target(rule)
        declared = dict(target.properties)
        for name in dict.fromkeys([*target.required, *declared]):
            if name in out and (
                name not in declared or self.validator.valid(out[name], declared[name])
            ):
                continue
            if name not in out and name not in target.required:
                continue
            definitions = shape.declared.get(name, []) + (
                [declared[name]] if name in declared else []
            )
            schema = narrowed(self.spec, definitions)[0] if definitions else Schema(rule.location)
            self.kept.append((schema, None))  # its id stays its own (branch choices)
            out[name] = self.value(schema, depth + 1, frozenset())

    def optional(
        self,
        out: dict[str, Any],
        name: str,
        schema: Schema | list[Schema],
        depth: int,
        ancestors: frozenset[int],
    ) -> None:
        """Adds an optional property to ``out``, unless its value is known not to validate."""
        mark, start = self.broken, self.nodes
        if isinstance(schema, list):
            value = self.meet(schema, depth + 1, ancestors)
        else:
            value = self.value(schema, depth + 1, ancestors)
        if self.broken == mark:
            out[name] = value
        else:
            self.broken, self.nodes = mark, start

    def shape(self, s: Schema, extra: Schema | None = None) -> _Shape:
        """What :meth:`object` needs to know of ``s`` and its parts (kept per schema)."""
        key = (id(s), id(extra))
        found = self.shapes.get(key)
        if found is not None:
            return found
        shape = _Shape()
        for part in self.parts(s, extra):
            for name, prop in part.properties:
                shape.declared.setdefault(name, []).append(prop)
            shape.required.update(dict.fromkeys(part.required))
            shape.patterns.extend(part.pattern_properties)
            if part.additional_properties is False:
                names = {name for name, _ in part.properties}
                shape.allowed = names if shape.allowed is None else shape.allowed & names
            elif isinstance(part.additional_properties, Schema) and shape.additional is None:
                shape.additional = part.additional_properties
            if part.constraints:
                limits = dict(part.constraints)
                shape.min_properties = max(
                    shape.min_properties, numeric_limit(limits, "minProperties", 0)
                )
                shape.max_properties = min(
                    shape.max_properties, numeric_limit(limits, "maxProperties", math.inf)
                )
        shape.undeclared = [
            name
            for name in shape.required
            if name not in shape.declared and (shape.allowed is None or name in shape.allowed)
        ]
        if shape.allowed is not None:
            shape.forbidden = sum(name not in shape.allowed for name in shape.required)
        if self.minimal_request:
            shape.wanted = self.wanted(s, extra, shape)
        self.shapes[key] = shape
        self.kept.append((s, extra))  # their ids stay theirs while the sampler lives
        return shape

    def wanted(self, s: Schema, extra: Schema | None, shape: _Shape) -> set[str] | None:
        """The optional properties of a minimal request body: those with an example, a
        default or a const, and discriminators'; None (every one) when ``minProperties``
        asks for more than that."""
        wanted = {
            part.discriminator.property_name
            for part in self.parts(s, extra)
            if part.discriminator is not None
        }
        for name, defs in shape.declared.items():
            if any(
                t.examples or t.default is not MISSING or t.const is not MISSING
                for t in map(self.target, defs)
            ):
                wanted.add(name)
        if len(wanted | shape.required.keys()) < shape.min_properties:
            return None
        return wanted

    def merged(self, s: Schema) -> tuple[list[tuple[str, Schema]], set[str]]:
        """The properties (first declaration of each) and required names of ``s`` and ``allOf``."""
        properties: dict[str, Schema] = {}
        required: set[str] = set()
        for part in self.parts(s):
            for name, prop in part.properties:
                properties.setdefault(name, prop)
            required.update(part.required)
        return list(properties.items()), required

    def meet(self, defs: list[Schema], depth: int, ancestors: frozenset[int]) -> Any:
        """A value for a property declared by several ``allOf`` parts: one that fits all."""
        if len(defs) == 1:
            return self.value(defs[0], depth, ancestors)
        start, mark = self.nodes, self.broken
        for schema in defs:
            self.nodes, self.broken = start, mark
            value = self.value(schema, depth, ancestors)
            if self.broken == mark and all(
                self.validator.valid(value, other) for other in defs if other is not schema
            ):
                return value
        self.nodes, self.broken = start, mark + 1  # none fits all: the first, known invalid
        return self.value(defs[0], depth, ancestors)

    def all_of(self, s: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """An object with the properties of every part, or a value of one part that fits all."""
        properties, _required = self.merged(s)
        parts = self.parts(s)
        groups = [p for p in parts[1:] if p.one_of or p.any_of]
        branches = [b for group in groups for b in group.one_of or group.any_of]
        if properties or any(self.kind(self.target(p)) == "object" for p in [*s.all_of, *branches]):
            value = self.object(s, depth, ancestors)
            for group in groups:  # a branch of each oneOf/anyOf part, its properties added
                chosen = self.value(group, depth, ancestors)
                if isinstance(chosen, dict):
                    value = {**value, **chosen}
            for part in parts[1:]:  # an inherited discriminator names this schema
                if part.discriminator is not None and not (part.one_of or part.any_of):
                    name = part.discriminator.property_name
                    ref = Schema(s.location, ref=str(s.location))
                    named = {**value, name: self.discriminator_value(part, ref)}
                    if self.validator.valid(named, s):
                        value = named
            if any(p.types and "object" not in p.types for p in parts):
                self.broken += 1  # an object and something else
            elif groups and not self.validator.valid(value, s):
                self.broken += 1  # branches of the parts that cannot hold together
            return value
        start, mark = self.nodes, self.broken
        for part in s.all_of:
            self.nodes, self.broken = start, mark
            value = self.value(self.narrowed(part, s), depth + 1, ancestors)
            if self.broken == mark and self.validator.valid(value, s):
                return value
        self.nodes, self.broken = start, mark + 1  # none fits all: the first, known invalid
        return self.value(self.narrowed(s.all_of[0], s), depth + 1, ancestors)

    # -- oneOf / anyOf ------------------------------------------------------------------

    def composite(self, schema: Schema, s: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """The sample of the first branch whose value validates against the whole of ``s``
        (see :meth:`first_valid`).  When none validates, the first branch is taken."""
        branches = s.one_of or s.any_of
        start, mark = self.nodes, self.broken
        choice = self.choices.get(id(s))
        if choice is None:
            # for recursion into the same schema
            choice = self.choices[id(s)] = _Choice(0, lean=self.lean)
            found = self.first_valid(schema, s, depth, ancestors)
            if found is not None:
                self.choices[id(s)] = found[0]
                return found[1]
            if self.work < MAX_WORK:  # else out of budget: the first branch, validity unknown
                # none validates; with a discriminator, a value of the first branch
                # is still right for OpenAPI (the discriminator tells the branches apart)
                self.nodes, self.broken = start, mark
                value = self.branch(s, branches, 0, depth, ancestors)
                overlap = self.discriminated(s) and self.validator.valid(value, branches[0])
                choice = self.choices[id(s)] = _Choice(0, lean=self.lean, broken=not overlap)
        self.nodes, self.broken = start, mark
        value = self.chosen(choice, s, depth, ancestors)
        self.broken += choice.broken
        return value

    def first_valid(
        self, schema: Schema, s: Schema, depth: int, ancestors: frozenset[int]
    ) -> tuple[_Choice, Any] | None:
        """The first branch of ``s`` whose value validates against the whole of ``s``, and
        that value (see :meth:`branch_value`); None when none does, or the work budget
        runs out first.  A ``oneOf`` value is set apart from the other branches only when
        no branch's value validates as it is."""
        count = min(len(s.one_of or s.any_of), MAX_BRANCHES)
        for apart in (False, True) if s.one_of else (False,):
            for index in range(count):
                found = self.branch_value(schema, s, index, depth, ancestors, apart)
                if found is not None or self.work >= MAX_WORK:
                    return found
        return None

    def branch_value(
        self,
        schema: Schema,
        s: Schema,
        index: int,
        depth: int,
        ancestors: frozenset[int],
        apart: bool = False,
    ) -> tuple[_Choice, Any] | None:
        """How branch ``index`` of ``s`` makes a value that validates against the whole
        of ``s`` (and ``check``, when given), and that value; None when it makes none.

        The branch is tried with all its properties (a minimal request: those it
        wants), then with the required ones only (a ``oneOf`` value must fail the other
        branches, and optional properties often make it fit several), then (a minimal
        request) with all its properties: ``{}`` may fit every branch, where a property
        tells them apart.  ``apart``: each value is set apart from the other branches
        that accept it as well (see :meth:`apart`).
        """
        branches = s.one_of or s.any_of
        start, mark = self.nodes, self.broken
        trials = [(False, self.lean), (True, self.lean)] + [(False, False)] * self.lean
        for minimal, lean in trials:
            if self.work >= MAX_WORK:
                break
            self.nodes, self.broken = start, mark
            value = self.lean_branch(lean, s, branches, index, depth, ancestors, minimal)
            added = self.apart(value, s, index) if apart and self.broken == mark else ()
            value = _changed(value, added)
            if (
                self.broken == mark
                and self.validator.valid(value, s)
                and (self.check is None or self.check(schema, value))
            ):
                return _Choice(index, minimal, lean, apart=added), value
            if not isinstance(value, dict):
                break  # required properties only: no other value
        self.nodes, self.broken = start, mark
        return None

    def chosen(self, choice: _Choice, s: Schema, depth: int, ancestors: frozenset[int]) -> Any:
        """The value of the branch ``choice`` names."""
        branches = s.one_of or s.any_of
        value = self.lean_branch(
            choice.lean, s, branches, choice.index, depth, ancestors, choice.minimal
        )
        return _changed(value, choice.apart)

    def apart(self, value: Any, s: Schema, index: int) -> tuple[tuple[str, Any], ...]:
        """Changes that set ``value``, an object of branch ``index`` of ``s``'s ``oneOf``,
        apart from the other branches that accept it too (``(name, value)``; MISSING:
        left out): for each, an optional property of the branch that the other
        requires is left out; else a property the other declares and the branch does
        not is added, with a value (null, ``0``, ``""``, false) one of its declarations
        refuses.  Open objects that declare different properties (``{}`` fits each)
        have no other value valid under one only.  Branches a discriminator tells apart
        are set apart too: OpenAPI 3.2 says a discriminator must not change the outcome
        of validation, so a value valid under several branches is not valid under the
        ``oneOf`` (a Cat with ``"bark": null`` is what a strict validator accepts)."""
        if not isinstance(value, dict):
            return ()
        branches = s.one_of[:MAX_BRANCHES]
        own = self.shape(s, branches[index])
        changes: dict[str, Any] = {}
        for other, branch in enumerate(branches):
            if other == index or not self.validator.valid(_changed(value, changes), branch):
                continue
            shape = self.shape(self.target(branch))
            needed = [n for n in shape.required if n in value and n not in own.required]
            if needed:
                changes[needed[0]] = MISSING
                continue
            for name, defs in shape.declared.items():
                if name in value or name in own.declared or name in changes:
                    continue
                self.work += 1
                refused = [v for v in UNLIKE if not all(self.validator.valid(v, d) for d in defs)]
                if refused:
                    changes[name] = refused[0]
                    break
                if self.work >= MAX_WORK:
                    return ()
        return tuple(changes.items())

    def lean_branch(self, lean: bool, *args: Any) -> Any:
        """:meth:`branch`, its optional properties those a minimal request wants (``lean``)
        or all."""
        saved, self.lean = self.lean, lean
        value = self.branch(*args)
        self.lean = saved
        return value

    def discriminated(self, s: Schema) -> bool:
        """A discriminator on ``s``, or on every branch (or on an ``allOf`` part of it)."""
        if s.discriminator is not None:
            return True
        return all(
            any(part.discriminator is not None for part in self.parts(branch))
            for branch in s.one_of or s.any_of
        )

    def branch(
        self,
        s: Schema,
        branches: tuple[Schema, ...],
        index: int,
        depth: int,
        ancestors: frozenset[int],
        minimal: bool = False,
    ) -> Any:
        chosen = branches[index]
        target = self.target(chosen)
        own = bool(s.properties or s.all_of or s.required)
        if own and not (target.one_of or target.any_of) and self.kind(target) in ("object", "any"):
            # the branch adds properties or required names to the schema's own
            value = self.object(s, depth, ancestors, extra=chosen, minimal=minimal)
        else:
            saved = self.minimal_at
            self.minimal_at = depth + 1 if minimal else None
            value = self.value(self.narrowed(chosen, s), depth + 1, ancestors)
            self.minimal_at = saved
            if own and isinstance(value, dict):
                value = {**self.object(s, depth, ancestors, minimal=minimal), **value}
        if s.discriminator is not None and isinstance(value, dict):
            # a copy: the value may be the spec's own example
            value = {**value, s.discriminator.property_name: self.discriminator_value(s, chosen)}
        return value

    def narrowed(self, chosen: Schema, s: Schema) -> Schema:
        """A branch without a type takes the type (and format) of the schema around it."""
        target = self.target(chosen)
        if target.types or not s.types or target.one_of or target.any_of or target.all_of:
            return chosen
        key = (id(target), id(s))
        if key not in self.narrowings:  # one copy per pair: its id marks it as an ancestor
            own = dict(target.constraints)
            self.narrowings[key] = replace(
                target,
                types=s.types,
                format=target.format or s.format,
                constraints=target.constraints
                + tuple((k, v) for k, v in s.constraints if k not in own),
            )
        return self.narrowings[key]

    def discriminator_value(self, s: Schema, chosen: Schema | None) -> str:
        """The mapping value that names ``chosen`` (by default the schema's name)."""
        assert s.discriminator is not None
        key = self.resolve(chosen)[1] if chosen is not None else None
        for value, target in s.discriminator.mapping:
            if key is None or target == key:
                return value
        return last_token(key) if key else s.discriminator.property_name

    # -- scalars and arrays -------------------------------------------------------------

    def array(self, s: Schema, depth: int, ancestors: frozenset[int]) -> list[Any]:
        out = self.items(s, depth, ancestors)
        rules = s.rules
        if rules is not None and rules.contains is not None:
            # as many items as minContains asks (one by default) that match contains
            wanted = 1 if rules.min_contains is None else rules.min_contains
            have = sum(self.validator.valid(item, rules.contains) for item in out)
            matching = rules.contains
            if s.items is not None and not s.items.is_false:
                matching = narrowed(self.spec, [s.items, rules.contains])[0]
                self.kept.append((matching, None))
            for _i in range(_count(wanted - have, MAX_ITEMS)):
                out.insert(len(s.prefix_items), self.value(matching, depth + 1, ancestors))
        return out

    def items(self, s: Schema, depth: int, ancestors: frozenset[int]) -> list[Any]:
        """The items of an array: its prefix items, then items of ``items``."""
        limits = dict(s.constraints)
        out = [self.value(item, depth + 1, ancestors) for item in s.prefix_items]
        if s.items is None or s.items.is_false:
            return out
        min_items = _count(numeric_limit(limits, "minItems", 0), MAX_ITEMS)
        wanted = max(min_items, 1 if len(out) == 0 else 0)
        if id(self.target(s.items)) in ancestors and not min_items:
            return out  # a recursive list may be empty
        count = _count(min(wanted, numeric_limit(limits, "maxItems", MAX_ITEMS)), MAX_ITEMS)
        for i in range(count):
            if depth >= MAX_DEPTH:
                break
            mark, start = self.broken, self.nodes
            item = self.value(s.items, depth + 1, ancestors)
            if self.broken != mark and len(out) >= numeric_limit(limits, "minItems", 0):
                self.broken, self.nodes = mark, start  # an item that cannot validate: none
                break
            if limits.get("uniqueItems") and item in out:
                item = _vary(item, i)
            out.append(item)
        return out

    def string(self, s: Schema) -> str:
        text = FORMATS.get(s.format or "", "string")
        if not s.constraints:
            return text
        limits = dict(s.constraints)
        pattern = limits.get("pattern")
        if not isinstance(pattern, str):
            pattern = None
        if pattern is not None:
            text = self.patterned(text, pattern, formatted=s.format in FORMATS)
        low = _count(numeric_limit(limits, "minLength", 0), MAX_LENGTH)
        high = limits.get("maxLength")
        if len(text) < low:
            text = padded(text, low, pattern)
        if isinstance(high, int) and len(text) > high:
            text = text[: max(high, 0)]
        if not self.validator.valid_limits(text, limits):
            self.broken += 1  # a pattern no string we make matches, a length beyond the bounds
        return text

    @staticmethod
    def patterned(text: str, pattern: str, *, formatted: bool) -> str:
        """A string for ``pattern``: ``text``, the format's value, if it matches (a date
        is more telling than what the pattern builds); else one built from the pattern,
        the empty one only where ``text`` does not match (``^$|^[A-Z]{2}$``, not ``.*``)."""
        fits = search(pattern, text) is True
        if formatted and fits:
            return text
        found = matching(pattern, MAX_LENGTH)
        if found is None or (not found and fits):
            return text
        return found

    def number(self, s: Schema, kind: str) -> int | float:
        if not s.constraints:
            return 0 if kind == "integer" else 0.0
        limits = dict(s.constraints)
        low = limits.get("minimum")
        high = limits.get("maximum")
        exclusive_low = limits.get("exclusiveMinimum")
        exclusive_high = limits.get("exclusiveMaximum")
        step = numeric_limit(limits, "multipleOf", 0) or None
        out: int | float = 0 if kind == "integer" else 0.0
        try:
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
            made = math.ceil(value) if kind == "integer" else round(float(value), 10)
            if math.isfinite(made):
                out = made
        except (OverflowError, ValueError):
            pass  # infinite bounds, a step too large or small to divide by (1e309, 1e-320): 0
        if not in_bounds(out, limits):
            self.broken += 1  # contradictory bounds, or none we can meet
        return out


def _count(value: float, most: int) -> int:
    """A length or count constraint (maybe huge or infinite: ``1e309``) as a count from 0
    to ``most``."""
    return int(max(0, min(value, most)))


def _changed(value: Any, changes: tuple[tuple[str, Any], ...] | dict[str, Any]) -> Any:
    """An object ``value`` with ``changes`` made (see :meth:`Sampler.apart`), on a copy."""
    if not changes or not isinstance(value, dict):
        return value
    changed = {**value, **dict(changes)}
    return {name: item for name, item in changed.items() if item is not MISSING}


def _vary(item: Any, i: int) -> Any:
    if isinstance(item, str):
        return f"{item}{i}"
    if isinstance(item, bool):
        return not item
    if isinstance(item, (int, float)):
        return item + i
    return item


def given_example(spec: ApiSpec, schema: Schema | None) -> Any:
    """The first example the spec gives on ``schema`` itself (or on the schema its
    reference leads to), as written: valid or not (``apicheck`` reports one that is
    not: ``example-invalid``); MISSING when there is none.

    A body's schema example is the author's example of that body: shown and sent as
    it is, where :func:`sample` passes an invalid one over for a value of its own.
    """
    if schema is None:
        return MISSING
    if schema.examples:
        return schema.examples[0]
    target = spec.referent(schema)
    return target.examples[0] if target.examples else MISSING


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
    spec: ApiSpec,
    schema: Schema,
    context: Context | None = None,
    limit: int = 10,
    unchecked: Unchecked | None = None,
    properties: SampleProperties = "minimal",
) -> list[tuple[str, Any]]:
    """One (label, value) per ``oneOf``/``anyOf`` branch of ``schema`` (up to ``limit``).

    For a schema (or a reference to one) with branches at the top, each value is
    the schema's own properties (and ``allOf`` parts') merged with a sample of
    that branch, the discriminator property set to the branch's mapping value.
    The label is the branch's schema name, else its title, else ``option N``.
    A schema whose discriminator has subtypes (schemas that inherit it, or its
    mapping's) gives one per subtype, labelled with its name.
    Any other schema gives one unlabelled sample: ``[("", sample(...))]``.
    ``unchecked``, when given, gets what the checks could not judge; ``properties``,
    which optional properties a request holds (see :func:`sample`).
    """
    unchecked = Unchecked() if unchecked is None else unchecked
    sampler = Sampler(spec, context, unchecked=unchecked, properties=properties)
    s = sampler.target(schema)
    branches = s.one_of or s.any_of
    if not branches and s.discriminator is not None:
        found = _subtype_samples(spec, s, context, limit, unchecked, properties)
        if found:
            return found
    if not branches:
        return [("", sample(spec, schema, context, unchecked=unchecked, properties=properties))]
    out: list[tuple[str, Any]] = []
    for index, chosen in enumerate(branches[: max(limit, 0)]):
        # each branch: all MAX_NODES; its own sample with the schema's properties, else
        # as the sampler takes a branch, else set apart from the others (a oneOf value
        # must fail the other branches)
        ancestors = frozenset({id(s)})
        sampler = Sampler(spec, context, unchecked=unchecked, properties=properties)
        value = _branch_value(sampler, s, chosen, ancestors)
        if sampler.broken or not sampler.validator.valid(value, s):
            sampler.nodes = sampler.broken = 0
            taken = None
            for apart in (False, True) if s.one_of else (False,):
                taken = taken or sampler.branch_value(s, s, index, 0, ancestors, apart)
            if taken is not None:
                value = taken[1]
        out.append((_branch_label(spec, sampler, chosen, index), value))
    return out


def _subtype_samples(
    spec: ApiSpec,
    s: Schema,
    context: Context | None,
    limit: int,
    unchecked: Unchecked,
    properties: SampleProperties,
) -> list[tuple[str, Any]]:
    """One (subtype name, value) per subtype of ``s``'s discriminator (up to ``limit``)
    whose value validates against ``s``, the discriminator property naming it; none
    when there are fewer than two."""
    assert s.discriminator is not None
    out: list[tuple[str, Any]] = []
    for value, key in spec.discriminated_subtypes(s)[: max(limit, 0)]:
        subtype = spec.schemas.get(key)
        if subtype is None:
            continue
        sampler = Sampler(spec, context, unchecked=unchecked, properties=properties)
        made = sampler.value(subtype, 1, frozenset({id(s)}))
        if isinstance(made, dict):
            made = {**made, s.discriminator.property_name: value}
        if sampler.broken == 0 and sampler.validator.valid(made, s):
            out.append((spec.schema_names.get(key) or last_token(key), made))
    return out if len(out) > 1 else []


def _branch_value(sampler: Sampler, s: Schema, chosen: Schema, ancestors: frozenset[int]) -> Any:
    """The sample of branch ``chosen`` (its own example, say) with the properties of ``s``
    and the discriminator value naming it (on a copy: the value may be the spec's own)."""
    value = sampler.value(chosen, 1, ancestors)
    if isinstance(value, dict):
        own = sampler.object(s, 0, ancestors) if s.properties or s.all_of else {}
        value = {**own, **value}
        if s.discriminator is not None:
            value[s.discriminator.property_name] = sampler.discriminator_value(s, chosen)
    return value


def _branch_label(spec: ApiSpec, sampler: Sampler, branch: Schema, index: int) -> str:
    if branch.ref:
        name = spec.schema_names.get(branch.ref) or branch.ref_name
        if name:
            return name
    target = sampler.resolve(branch)[0]
    title = branch.title or target.title
    if not (title or target.properties) and target.required:
        return "requires " + ", ".join(target.required)
    return title or f"option {index + 1}"
