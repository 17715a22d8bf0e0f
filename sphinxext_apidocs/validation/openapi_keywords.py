"""OpenAPI's reading of JSON Schema, as a jsonschema validator class (no Sphinx).

:func:`openapi_validator_class` adapts a jsonschema draft's keywords: a ``readOnly``
property is not required in a request nor a ``writeOnly`` one in a response (and, when
asked, is an error where it appears: :class:`MisdirectedProperty`); a discriminator picks
the branch of a ``oneOf``/``anyOf``; ``nullable``/``x-nullable`` accept ``null``; a
``pattern`` is matched by :func:`.bounds.search`; plain leaf schemas are judged without
jsonschema (:class:`LeafCheck`); each validation is bounded (:data:`MAX_STEPS`).
:class:`.validator.SpecValidator` builds its validators from it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from typing import Any, cast
from urllib.parse import unquote

import jsonschema
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Specification
from referencing.jsonschema import DRAFT202012, specification_with

from ..spec.pointer import unescape_token
from .bounds import Unchecked, WorkExhausted, search
from .json_types import has_type

#: schemas one validation may visit (each keyword set applied to a part of the value: the
#: specs of the test corpus need at most 5,000); past it the value is not judged (``oneOf``
#: of 8 branches nested 10 deep would need 8**10)
MAX_STEPS = 20_000


_DIALECTS: dict[str, type[Validator]] = {
    "json-schema.org/draft-04/schema": jsonschema.Draft4Validator,
    "json-schema.org/draft-06/schema": jsonschema.Draft6Validator,
    "json-schema.org/draft-07/schema": jsonschema.Draft7Validator,
    "json-schema.org/draft/2019-09/schema": jsonschema.Draft201909Validator,
    "json-schema.org/draft/2020-12/schema": jsonschema.Draft202012Validator,
}
#: drafts in which ``$ref`` makes its sibling keywords ignored
_REF_OVERRIDES = (
    jsonschema.Draft4Validator,
    jsonschema.Draft6Validator,
    jsonschema.Draft7Validator,
)
#: the pseudo keyword a ``nullable`` schema is validated through (never written in specs)
NULLABLE = "$apidocs-nullable"


def dialect_class(uri: Any) -> type[Validator]:
    """The validator class of a ``jsonSchemaDialect`` / ``$schema`` URI: drafts 4, 6 and 7,
    2019-09 and 2020-12 (``http`` or ``https``, with or without the final ``#``); any other
    (the OpenAPI 3.1 base dialect included) is read as 2020-12."""
    if not isinstance(uri, str):
        return jsonschema.Draft202012Validator
    key = re.sub(r"^https?://", "", uri.strip().lower()).rstrip("#/")
    return _DIALECTS.get(key, jsonschema.Draft202012Validator)


Keyword = Callable[[Any, Any, Any, Any], Iterator[ValidationError]]


def openapi_validator_class(
    base: type[Validator],
    context: str | None,
    *,
    nullable: bool,
    leaf: LeafCheck | None = None,
    misdirected: bool = False,
    record: Unchecked | None = None,
) -> type[Validator]:
    """``base`` as OpenAPI reads it in ``context``: a ``readOnly`` property is not required in
    a request nor a ``writeOnly`` one in a response (also when the flag is on the schema a
    ``$ref`` leads to, or on an ``allOf`` part), and with ``misdirected`` one that is there
    anyway is a :class:`MisdirectedProperty` error (it is not sent, or not returned, that
    way: an example that shows it is wrong); a discriminator picks the branch of a
    ``oneOf``/``anyOf``; with ``nullable`` (3.0, Swagger 2.0) a schema saying
    ``nullable: true`` or ``x-nullable: true`` also accepts ``null``; Swagger's ``file``
    type accepts anything; a ``pattern`` is matched by :func:`.bounds.search`: one that
    cannot be checked accepts, and is noted in ``record``, which also counts the schemas
    visited (past :data:`MAX_STEPS`, :class:`.bounds.WorkExhausted` is raised)."""
    record = Unchecked() if record is None else record
    flag = {"request": "readOnly", "response": "writeOnly"}.get(context or "")
    keywords: dict[str, Keyword] = dict(base.VALIDATORS)
    keywords["required"] = _required_keyword(flag)
    if flag and "allOf" in keywords:
        keywords["allOf"] = _all_of_keyword(flag, keywords["allOf"])
    keywords["pattern"] = pattern_keyword(record)
    for name in ("oneOf", "anyOf"):
        if name in keywords:
            keywords[name] = _discriminated(keywords[name])
    keywords["type"] = _type_keyword(strict_integer=base is jsonschema.Draft4Validator)
    if base is not jsonschema.Draft4Validator:
        for name in ("exclusiveMinimum", "exclusiveMaximum"):
            if name in keywords:
                keywords[name] = _numeric_only(keywords[name])
    leaf = leaf or LeafCheck(nullable=nullable, strict_integer=base is jsonschema.Draft4Validator)
    keywords["properties"] = _properties_keyword(
        leaf, keywords["properties"], flag if misdirected else None
    )
    keywords["items"] = _items_keyword(leaf, keywords["items"])
    if nullable:
        keywords[NULLABLE] = _nullable_keyword()
    type_checker = base.TYPE_CHECKER.redefine("file", lambda _checker, _instance: True)
    cls: type[Validator] = jsonschema.validators.create(
        meta_schema=base.META_SCHEMA,
        validators=keywords,
        type_checker=type_checker,
        format_checker=base.FORMAT_CHECKER,
        id_of=cast(Callable[[Any], str], specification_of(base).id_of),
        applicable_validators=_applicable(base in _REF_OVERRIDES, nullable, record),
    )
    return cls


def _applicable(
    ref_overrides: bool, nullable: bool, record: Unchecked
) -> Callable[[Any], list[tuple[str, Any]]]:
    """jsonschema's ``applicable_validators``: the keywords of a schema that apply (only
    ``$ref`` where it overrides its siblings; :data:`NULLABLE` for a ``nullable`` one),
    each call counted in ``record`` (past :data:`MAX_STEPS`,
    :class:`.bounds.WorkExhausted` is raised)."""

    def plain(schema: Any) -> list[tuple[str, Any]]:
        if ref_overrides and "$ref" in schema:
            return [("$ref", schema["$ref"])]
        if nullable and (schema.get("nullable") is True or schema.get("x-nullable") is True):
            return [(NULLABLE, True)]
        return list(schema.items())

    # jsonschema asks twice per schema and value; the schemas are the spec's, long-lived
    known: dict[int, tuple[Any, list[tuple[str, Any]]]] = {}

    def applicable(schema: Any) -> list[tuple[str, Any]]:
        record.steps += 1
        if record.steps > MAX_STEPS:
            raise WorkExhausted
        found = known.get(id(schema))
        if found is None or found[0] is not schema:
            found = known[id(schema)] = (schema, plain(schema))
        return found[1]

    return applicable


def _nullable_keyword() -> Keyword:
    """The :data:`NULLABLE` pseudo keyword: ``null`` is valid, any other value is validated
    against the schema without its ``nullable``/``x-nullable``."""
    stripped: dict[int, tuple[Any, Any]] = {}

    def without_nullable(schema: Any) -> Any:
        found = stripped.get(id(schema))
        if found is None or found[0] is not schema:
            copy = {k: v for k, v in schema.items() if k not in ("nullable", "x-nullable")}
            found = stripped[id(schema)] = (schema, copy)
        return found[1]

    def nullable_keyword(
        validator: Any, value: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if instance is None:
            return
        yield from validator.descend(instance, without_nullable(schema))

    return nullable_keyword


#: keywords that never make a value invalid (no format checker is used)
_ANNOTATIONS = frozenset(
    {
        *("description", "title", "example", "examples", "default", "format", "deprecated"),
        *("readOnly", "writeOnly", "externalDocs", "xml", "$comment", "discriminator"),
        *("contentMediaType", "contentEncoding", "contentSchema"),
    }
)


_LEAF_KEYWORDS = _ANNOTATIONS | {"type", "nullable", "x-nullable"}


_Shape = tuple[frozenset[str] | None, bool, frozenset[str] | None]
"""A leaf schema's types (None: any), whether it is nullable, and the strings of its
``enum`` (None: no ``enum``)."""


class LeafCheck:
    """A shortcut past jsonschema for the commonest subschemas: a ``type`` (or none),
    annotations, and maybe an ``enum`` (judged here for strings only).  A value such a
    schema accepts is not validated further; any other value, or schema, goes through
    jsonschema as usual (so its errors read the same)."""

    def __init__(self, *, nullable: bool, strict_integer: bool) -> None:
        self.nullable = nullable
        self.strict_integer = strict_integer
        #: by id: (the schema, kept alive so the id stays its own; its shape)
        self._known: dict[int, tuple[Any, _Shape | None]] = {}

    def shape(self, schema: Any) -> _Shape | None:
        """The shape of a plain leaf schema, else None."""
        if not isinstance(schema, dict):
            return None
        other = schema.keys() - _LEAF_KEYWORDS
        enum = schema.get("enum")
        if enum is not None:
            if not isinstance(enum, list):
                return None
            other = other - {"enum"}
        if other and not all(isinstance(k, str) and k.startswith("x-") for k in other):
            return None
        value = schema.get("type")
        kinds: frozenset[str] | None = None
        if isinstance(value, str):
            kinds = frozenset((value,))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            kinds = frozenset(value)
        elif value is not None:
            return None
        nullable = self.nullable and (
            schema.get("nullable") is True or schema.get("x-nullable") is True
        )
        strings = None if enum is None else frozenset(v for v in enum if type(v) is str)
        return kinds, nullable, strings

    def accepts(self, schema: Any, instance: Any) -> bool:
        """True when ``schema`` is a plain leaf that accepts ``instance``."""
        entry = self._known.get(id(schema))
        if entry is None or entry[0] is not schema:
            entry = self._known[id(schema)] = (schema, self.shape(schema))
        shape = entry[1]
        if shape is None:
            return False
        kinds, nullable, strings = shape
        cls = type(instance)
        if strings is not None:  # an enum: strings only (JSON equality of others is subtle)
            return cls is str and instance in strings and (kinds is None or "string" in kinds)
        if kinds is None:
            return True
        if cls is str:
            return "string" in kinds
        if instance is None:
            return nullable or "null" in kinds
        if cls is dict:
            return "object" in kinds
        if cls is list:
            return "array" in kinds
        if cls is bool:
            return "boolean" in kinds
        if cls is int:
            return "integer" in kinds or "number" in kinds
        return any(has_type(instance, kind, strict_integer=self.strict_integer) for kind in kinds)


def _properties_keyword(leaf: LeafCheck, original: Keyword, flag: str | None) -> Keyword:
    def properties(
        validator: Any, props: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not isinstance(props, dict) or not isinstance(instance, dict):
            yield from original(validator, props, instance, schema)
            return
        for name, sub in props.items():
            if name not in instance:
                continue
            if flag and _flagged_schema(validator, sub, None, flag):
                yield MisdirectedProperty(name, flag, instance[name])
            if not leaf.accepts(sub, instance[name]):
                yield from validator.descend(instance[name], sub, path=name, schema_path=name)

    return properties


def _items_keyword(leaf: LeafCheck, original: Keyword) -> Keyword:
    def items(validator: Any, sub: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(sub, dict) or not isinstance(instance, list) or "prefixItems" in schema:
            yield from original(validator, sub, instance, schema)
            return
        for index, item in enumerate(instance):
            if not leaf.accepts(sub, item):
                yield from validator.descend(item, sub, path=index)

    return items


def _type_keyword(*, strict_integer: bool) -> Keyword:
    """jsonschema's ``type``, with the JSON types checked directly (the type checker, for
    the rest: Swagger's ``file``, or an unknown type it raises for)."""

    def is_type(validator: Any, instance: Any, kind: Any) -> bool:
        found = (
            has_type(instance, kind, strict_integer=strict_integer)
            if isinstance(kind, str)
            else None
        )
        return bool(validator.is_type(instance, kind)) if found is None else found

    def type_keyword(
        validator: Any, types: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        kinds = types if isinstance(types, list) else [types]
        if not any(is_type(validator, instance, kind) for kind in kinds):
            reprs = ", ".join(repr(kind) for kind in kinds)
            yield ValidationError(f"{instance!r} is not of type {reprs}")

    return type_keyword


def _numeric_only(original: Keyword) -> Keyword:
    """A keyword that is a number since draft 6 (``exclusiveMinimum``), not judged when it
    is written as draft 4's boolean (an OpenAPI 3.0 habit in a 3.1 spec)."""

    def keyword(
        validator: Any, value: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if isinstance(value, bool):
            return
        yield from original(validator, value, instance, schema)

    return keyword


def specification_of(cls: type[Validator]) -> Specification[Any]:
    """The ``referencing`` specification of a validator class (how it finds ``$id`` & co.)."""
    return specification_with(str(cls.META_SCHEMA.get("$schema", "")), default=DRAFT202012)


def _required_keyword(flag: str | None) -> Keyword:
    def required(
        validator: Any, names: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not isinstance(names, list) or not validator.is_type(instance, "object"):
            return
        for name in names:
            if not isinstance(name, str) or name in instance:
                continue
            if flag and _property_flagged(validator, schema, name, flag):
                continue
            yield MissingProperty(name)

    return required


class MissingProperty(ValidationError):
    """A required property the value lacks (``required``), with its name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is a required property")
        self.property = name


class MisdirectedProperty(ValidationError):
    """A property present where its schema says it is not: ``readOnly`` in a request,
    ``writeOnly`` in a response."""

    def __init__(self, name: str, flag: str, value: Any) -> None:
        only = "responses" if flag == "readOnly" else "requests"
        super().__init__(f"{flag} (only in {only})", path=(name,), instance=value)
        self.property = name
        self.flag = flag


def _all_of_keyword(flag: str, original: Keyword) -> Keyword:
    """``allOf`` that lets a part require a property another part flags ``readOnly`` (in a
    request) or ``writeOnly`` (in a response): ``allOf: [{$ref: Base}, {required: [id]}]``."""

    def all_of(validator: Any, parts: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        for error in original(validator, parts, instance, schema):
            if (
                isinstance(error, MissingProperty)
                and not error.path
                and _property_flagged(validator, schema, error.property, flag)
            ):
                continue
            yield error

    return all_of


def _lookup(validator: Any, ref: str, resolver: Any = None) -> tuple[Any, Any]:
    """(contents, resolver) of what ``ref`` points to, from ``validator``'s place."""
    resolver = resolver if resolver is not None else getattr(validator, "_resolver", None)
    if resolver is None:
        return None, None
    try:
        resolved = resolver.lookup(ref)
    except Exception:  # an unresolvable reference: nothing known about its target
        return None, None
    return resolved.contents, resolved.resolver


def _property_flagged(validator: Any, schema: Any, name: str, flag: str) -> bool:
    """Whether property ``name`` of ``schema`` (or of its ``allOf`` parts) says ``flag``."""
    todo: list[tuple[Any, Any]] = [(schema, None)]
    for _ in range(32):  # schemas visited, bounded against cycles
        if not todo:
            return False
        node, resolver = todo.pop()
        node, resolver = _followed(validator, node, resolver)
        if not isinstance(node, dict):
            continue
        props = node.get("properties")
        if isinstance(props, dict) and name in props:
            return _flagged_schema(validator, props[name], resolver, flag)
        parts = node.get("allOf")
        if isinstance(parts, list):
            todo.extend((part, resolver) for part in reversed(parts))
    return False


def _followed(validator: Any, node: Any, resolver: Any) -> tuple[Any, Any]:
    """``node`` with its chain of ``$ref`` followed (bounded)."""
    for _ in range(20):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            break
        target, target_resolver = _lookup(validator, ref, resolver)
        if target is None:
            break
        node, resolver = target, target_resolver
    return node, resolver


def _flagged_schema(validator: Any, schema: Any, resolver: Any, flag: str) -> bool:
    """``flag: true`` on ``schema``, on what its ``$ref`` chain leads to, or on an ``allOf``
    part of those."""
    todo: list[tuple[Any, Any]] = [(schema, resolver)]
    for _ in range(32):
        if not todo:
            return False
        node, resolver = todo.pop()
        for _hop in range(20):
            if not isinstance(node, dict):
                break
            if node.get(flag) is True:
                return True
            parts = node.get("allOf")
            if isinstance(parts, list):
                todo.extend((part, resolver) for part in parts)
            ref = node.get("$ref")
            if not isinstance(ref, str):
                break
            node, resolver = _lookup(validator, ref, resolver)
    return False


def pattern_keyword(record: Unchecked) -> Keyword:
    """``pattern`` through :func:`.bounds.search`; one that cannot be checked is noted in
    ``record``, not an error."""

    def keyword(
        validator: Any, pattern: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not isinstance(pattern, str) or not validator.is_type(instance, "string"):
            return
        found = search(pattern, instance)
        if found is None:
            record.patterns[pattern] = None
        elif not found:
            yield ValidationError(f"{instance!r} does not match {pattern!r}")

    return keyword


def _discriminated(original: Keyword) -> Keyword:
    """``oneOf``/``anyOf`` that, when the schema has a discriminator (or every branch has
    the same one, inherited through ``allOf``) and the value names a branch, validate
    against that branch alone (OpenAPI: the discriminator decides)."""
    #: by id of the list of branches: (the list, kept alive; their common discriminator)
    embedded: dict[int, tuple[Any, Any]] = {}
    mapped: dict[str, Any] = {}

    def keyword(
        validator: Any, branches: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        disc = schema.get("discriminator") if isinstance(schema, dict) else None
        if disc is None and isinstance(instance, dict) and isinstance(branches, list):
            entry = embedded.get(id(branches))
            if entry is None or entry[0] is not branches:
                entry = embedded[id(branches)] = (
                    branches,
                    _common_discriminator(validator, branches),
                )
            disc = entry[1]
        chosen = _discriminator_branch(validator, branches, instance, {"discriminator": disc})
        if chosen is None:
            yield from original(validator, branches, instance, schema)
            return
        index, branch = chosen
        if index is None:  # a mapped schema that is none of the branches: one made once
            branch = mapped.setdefault(branch["$ref"], branch)
        yield from validator.descend(instance, branch, schema_path=index)

    return keyword


def _discriminator_branch(
    validator: Any, branches: Any, instance: Any, schema: Any
) -> tuple[int | None, Any] | None:
    """(index, schema) of the branch the discriminator names for ``instance``; None when
    there is no discriminator, the value lacks its property, or names no schema."""
    disc = schema.get("discriminator") if isinstance(schema, dict) else None
    if not isinstance(disc, dict) or not isinstance(branches, list):
        return None
    name = disc.get("propertyName")
    if not isinstance(name, str) or not isinstance(instance, dict) or name not in instance:
        return None
    value = instance[name]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value)
    mapping = disc.get("mapping")
    target = mapping.get(value) if isinstance(mapping, dict) else None
    if isinstance(target, str):
        if "#" not in target and "/" not in target and "." not in target:
            target = "#/components/schemas/" + target
        wanted, _ = _lookup(validator, target)
        if wanted is None:
            return None
        for index, branch in enumerate(branches):
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            if isinstance(ref, str) and _lookup(validator, ref)[0] is wanted:
                return index, branch
        return None, {"$ref": target}
    for index, branch in enumerate(branches):
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if isinstance(ref, str) and _ref_name(ref) == value:
            return index, branch
    return None


def _common_discriminator(validator: Any, branches: list[Any]) -> Any:
    """The discriminator every branch has (on itself or an ``allOf`` part, followed through
    references), when they agree on its property; else None."""
    found: Any = None
    for branch in branches:
        disc = _inherited_discriminator(validator, branch)
        if disc is None or (found is not None and disc["propertyName"] != found["propertyName"]):
            return None
        found = found or disc
    return found


def _inherited_discriminator(validator: Any, schema: Any) -> Any:
    todo: list[tuple[Any, Any]] = [(schema, None)]
    for _ in range(16):  # schemas visited, bounded against cycles
        if not todo:
            return None
        node, resolver = _followed(validator, *todo.pop(0))
        if not isinstance(node, dict):
            continue
        disc = node.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            return disc
        parts = node.get("allOf")
        if isinstance(parts, list):
            todo.extend((part, resolver) for part in parts)
    return None


def _ref_name(ref: str) -> str:
    """The schema name a reference implies: its last pointer token, else its file's stem."""
    file, _, pointer = ref.partition("#")
    if pointer.strip("/"):
        return unescape_token(pointer.rsplit("/", 1)[-1])
    return posixpath.splitext(posixpath.basename(unquote(file)))[0]
