"""The ``required-undefined`` rule: each name ``required`` lists is a property the schema
(with its parts, or the schema a ``oneOf``/``anyOf`` branch belongs to) defines, and
``required`` is not on an array schema (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...diagnostics import suggest
from ...diagnostics.rules import REQUIRED_UNDEFINED
from ...spec.refs import NOT_FOUND
from ...validation.bounds import search
from .raw import Key
from .walk import Walk

_SAME_INSTANCE_LIST = ("allOf", "oneOf", "anyOf")
_SAME_INSTANCE_ONE = ("if", "then", "else")

#: the keywords that let a schema declare properties of its own (or bring in some)
_DEFINING = (
    "$ref",
    "properties",
    "patternProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
)


def check_required(walk: Walk) -> None:
    """Every ``required`` list the walk met."""
    _Required(walk).check()


class _Required:
    def __init__(self, walk: Walk) -> None:
        self.walk = walk
        self.raw = walk.raw
        self._collected: dict[int, tuple[frozenset[str], tuple[str, ...], bool]] = {}

    def collect(
        self, schema: dict[str, Any], file: str
    ) -> tuple[frozenset[str], tuple[str, ...], bool]:
        """The property names and patterns ``schema`` declares, with its allOf/oneOf/anyOf
        (and if/then/else) parts, through ``$ref``; and whether every reference resolved."""
        memo = self._collected.get(id(schema))
        if memo is not None:
            return memo
        names: set[str] = set()
        patterns: list[str] = []
        complete = True
        todo: list[tuple[Any, str]] = [(schema, file)]
        seen: set[int] = set()
        while todo:
            value, vfile = todo.pop()
            if not isinstance(value, dict) or id(value) in seen:
                continue
            seen.add(id(value))
            if "$ref" in value:
                place = self.raw.target(vfile, value["$ref"])
                target = self.raw.value_at(place) if place is not None else NOT_FOUND
                if target is NOT_FOUND:
                    complete = False
                else:
                    assert place is not None
                    todo.append((target, place[0]))
                if not self.raw.v31:
                    continue
            props = value.get("properties")
            if isinstance(props, dict):
                names.update(str(n) for n in props)
            pattern_props = value.get("patternProperties")
            if isinstance(pattern_props, dict):
                patterns.extend(str(p) for p in pattern_props)
            for word in _SAME_INSTANCE_LIST:
                parts = value.get(word)
                if isinstance(parts, list):
                    todo.extend((part, vfile) for part in parts)
            for word in _SAME_INSTANCE_ONE:
                todo.append((value.get(word), vfile))
            dependent = value.get("dependentSchemas")
            if isinstance(dependent, dict):
                todo.extend((part, vfile) for part in dependent.values())
        result = (frozenset(names), tuple(patterns), complete)
        self._collected[id(schema)] = result
        return result

    def defines(self, key: Key, schema: dict[str, Any], name: str) -> bool:
        names, patterns, complete = self.collect(schema, key[0])
        return not complete or name in names or _pattern_matches(patterns, name)

    def check(self) -> None:
        for key, schema in self.walk.required:
            required = schema["required"]
            if _is_array(schema):
                self.required_on_array(key, schema, required)
                continue
            own = schema.get("properties")
            if not (isinstance(own, dict) and own) and "allOf" not in schema:
                # a fragment that relies on the schema it is part of
                self.required_of_branch(key, schema, required)
                continue
            names, patterns, complete = self.collect(schema, key[0])
            if not complete or not names:
                continue
            for i, name in enumerate(required):
                if not isinstance(name, str) or name in names:
                    continue
                if _pattern_matches(patterns, name) or self.defined_above(key, name):
                    continue
                hint = suggest.aside(name, names, what="property")
                self.raw.report(
                    REQUIRED_UNDEFINED,
                    f"required property {name!r} is not defined by the schema's properties{hint}",
                    key[0],
                    f"{key[1]}/required/{i}",
                )

    def required_on_array(self, key: Key, schema: dict[str, Any], required: list[Any]) -> None:
        """``required`` on an array schema: it constrains objects only, so it does nothing."""
        items = self.raw.deref(schema.get("items"), key[0], key[1] + "/items")
        for i, name in enumerate(required):
            if not isinstance(name, str):
                continue
            hint = ""
            if items is not None and isinstance(items[0], dict):
                names, patterns, _complete = self.collect(items[0], items[1])
                if name in names or _pattern_matches(patterns, name):
                    hint = " (move it to the 'required' of its items?)"
            self.raw.report(
                REQUIRED_UNDEFINED,
                f"required property {name!r} is listed, but 'required' applies to objects and "
                f"this schema is an array{hint}",
                key[0],
                f"{key[1]}/required/{i}",
            )

    def required_of_branch(self, key: Key, schema: dict[str, Any], required: list[Any]) -> None:
        """A oneOf/anyOf branch that only says which properties are required (the common way
        to require one of several): each must be a property of the schema around it."""
        if any(word in schema for word in _DEFINING):
            return
        head, _, index = key[1].rpartition("/")
        head, _, word = head.rpartition("/")
        parent = (key[0], head)
        if word not in ("oneOf", "anyOf") or not index.isdigit():
            return
        if parent not in self.walk.parents.get(key, ()):
            return
        parent_schema = self.walk.schemas.get(parent)
        if parent_schema is None:
            return
        names, _patterns, complete = self.collect(parent_schema, parent[0])
        if not complete or not names:
            return  # the schema around declares no properties: nothing to hold it to
        for i, name in enumerate(required):
            if not isinstance(name, str) or name in names or self.defined_above(key, name):
                continue
            hint = suggest.aside(name, names, what="property")
            article = "an" if word == "anyOf" else "a"
            self.raw.report(
                REQUIRED_UNDEFINED,
                f"required property {name!r} of {article} {word} branch is not defined by the "
                f"properties of the schema around it{hint}",
                key[0],
                f"{key[1]}/required/{i}",
            )

    def defined_above(self, key: Key, name: str) -> bool:
        """Whether a schema that ``key`` is a part of (allOf, oneOf ...) defines ``name``."""
        todo = list(self.walk.parents.get(key, ()))
        seen: set[Key] = set()
        while todo:
            parent = todo.pop()
            if parent in seen:
                continue
            seen.add(parent)
            schema = self.walk.schemas.get(parent)
            if schema is not None and self.defines(parent, schema, name):
                return True
            todo.extend(self.walk.parents.get(parent, ()))
        return False


def _is_array(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` describes arrays only (its type, else its ``items``) and declares
    no properties."""
    if "properties" in schema or "patternProperties" in schema:
        return False
    written = schema.get("type")
    if isinstance(written, str):
        return written == "array"
    if isinstance(written, list) and written:
        return "array" in written and "object" not in written
    if written is not None or not ("items" in schema or "prefixItems" in schema):
        return False
    return not any(word in schema for word in _DEFINING)


def _pattern_matches(patterns: Iterable[str], name: str) -> bool:
    """Whether a pattern matches ``name``; one that cannot be checked (Python cannot read
    it, or it is too costly on this name) gets the benefit of the doubt."""
    return any(search(pattern, name) is not False for pattern in patterns)
