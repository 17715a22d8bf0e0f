"""Raw schema objects to :class:`~.model.Schema`: named schemas queued and built
iteratively, ``$ref`` chains and their ends, discriminator mappings."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from ..diagnostics.rules import DISCRIMINATOR_MAPPING
from ..diagnostics.subtypes import Subtype
from . import enum_values
from .model import MISSING, Discriminator, Location, Schema, SchemaRules
from .normalize_base import NormalizerBase, extensions, omitted_alias, scalar_text
from .pointer import unescape_token
from .refs import DocumentSet

__all__ = ["CONSTRAINT_KEYS", "SchemaNormalizer"]

CONSTRAINT_KEYS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "contentMediaType",
    "contentEncoding",
)
_CONSTRAINTS = frozenset(CONSTRAINT_KEYS)
#: the keywords read into :class:`~.model.SchemaRules`
RULE_KEYS = frozenset(
    {
        "if",
        "then",
        "else",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "contentSchema",
    }
)


#: the schema keywords read (or, for authors' notes and meta-schemas, left out on purpose);
#: any other is reported once per spec (``apidocs.unsupported``)
KNOWN_KEYWORDS = (
    _CONSTRAINTS
    | RULE_KEYS
    | {
        "$ref",
        "type",
        "format",
        "title",
        "description",
        "properties",
        "patternProperties",
        "required",
        "additionalProperties",
        "items",
        "prefixItems",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
        "const",
        "default",
        "example",
        "examples",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "discriminator",
        "xml",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "definitions",
        "$comment",
        "$vocabulary",
        "externalDocs",
    }
)


def _schema_name(loc: Location) -> str:
    parts = loc.pointer.split("/")
    if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
        return unescape_token(parts[3])
    if len(parts) == 3 and parts[1] == "definitions":
        return unescape_token(parts[2])
    if loc.pointer in ("", "/"):
        return os.path.splitext(os.path.basename(loc.file))[0]
    return unescape_token(parts[-1])


class SchemaNormalizer(NormalizerBase):
    """Builds the spec's schemas; every schema reached is kept in :attr:`schemas` by key."""

    def __init__(self, docs: DocumentSet) -> None:
        super().__init__(docs)
        self.schemas: dict[str, Schema] = {}
        self.marks_internal = False
        """Whether an operation, parameter or schema says ``x-internal: true`` (see
        :mod:`.internal`)."""
        self._pending: list[tuple[str, Location, Any]] = []
        self._reported_keywords: set[tuple[str, str]] = set()

    def noted(self, found: tuple[tuple[str, Any], ...]) -> tuple[tuple[str, Any], ...]:
        """``found``, the extensions of an object, once :attr:`marks_internal` has noted
        an ``x-internal: true`` among them."""
        if ("x-internal", True) in found:
            self.marks_internal = True
        return found

    def component_schemas(self, data: dict[str, Any], loc: Location) -> tuple[tuple[str, str], ...]:
        if self.swagger2:
            where = loc.child("definitions")
            raw = self.obj(data.get("definitions"), where)
        else:
            where = loc.child("components", "schemas")
            raw = self.obj(
                self.obj(data.get("components"), loc.child("components")).get("schemas"), where
            )
        out = []
        for name in raw:
            sloc = where.child(name)
            key = str(sloc)
            if key not in self.schemas:
                self._pending.append((key, sloc, raw[name]))
                self.schemas[key] = Schema(sloc)  # placeholder until drained
            out.append((str(name), key))
        return tuple(out)

    def schema_names(self, components: tuple[tuple[str, str], ...]) -> dict[str, str]:
        names = {key: name for name, key in components}
        for name, key in components:
            target = self.schemas[key].ref
            while target and target not in names:  # a component that only refers elsewhere
                names[target] = name
                nxt = self.schemas.get(target)
                target = nxt.ref if nxt is not None else None
        return names

    def subtypes(
        self, components: tuple[tuple[str, str], ...], ref_ends: dict[str, str]
    ) -> dict[str, tuple[str, ...]]:
        """For each schema with a discriminator, the component schemas whose ``allOf``
        refers to it (they inherit it), in the spec's order."""
        found: dict[str, list[str]] = {}
        for _name, key in components:
            for part in self.schemas[key].all_of:
                parent = ref_ends.get(part.ref, part.ref) if part.ref else None
                target = self.schemas.get(parent) if parent else None
                if parent and target is not None and target.discriminator and parent != key:
                    found.setdefault(parent, []).append(key)
        return {parent: tuple(keys) for parent, keys in found.items()}

    def drain(self) -> None:
        """Normalise every named schema reached so far (iteratively, not recursively)."""
        while self._pending:
            key, loc, raw = self._pending.pop()
            self.schemas[key] = self.schema(raw, loc)

    def ref_ends(self) -> dict[str, str]:
        """For each schema that is a ``$ref``, the key of the schema its chain of references
        ends at: one that is no reference, an unresolved one, or the last of a loop.  A
        loop (schemas that are only ``$ref`` to each other describe nothing) is reported.

        Each schema is walked once (a chain of n references costs n steps, not n²): a walk
        that reaches a schema an earlier walk passed ends where that one ended."""
        ends: dict[str, str] = {}
        for key in sorted(self.schemas):
            chain: dict[str, None] = {}  # this walk, in order
            nxt = key
            while nxt in self.schemas and self.schemas[nxt].ref:
                if nxt in ends or nxt in chain:
                    break
                chain[nxt] = None
                nxt = self.schemas[nxt].ref or ""
            if not chain:
                continue  # no reference
            names = list(chain)
            if nxt in chain:
                self.report(
                    Subtype.REF_CYCLE,
                    "schema reference loop: " + " -> ".join([*names[names.index(nxt) :], nxt]),
                    self.schemas[nxt].location,
                )
                end = names[-1]
            else:
                end = ends.get(nxt, nxt if nxt in self.schemas else names[-1])
            ends.update(dict.fromkeys(names, end))
        return ends

    def schema_ref(self, ref: Any, at: Location, base: str | None) -> tuple[str, str] | None:
        """Resolve a schema reference written at ``at``; queue its target; (key, name)."""
        target = self.docs.resolve(ref, at, base)
        if target is None:
            return None
        tloc, raw = target
        key = str(tloc)
        if key not in self.schemas:
            self.schemas[key] = Schema(tloc)
            self._pending.append((key, tloc, raw))
        return key, _schema_name(tloc)

    def schema(self, raw: Any, loc: Location, *, base: str | None = None) -> Schema:
        """The schema written at ``loc``; ``base`` is the URI its ``$ref`` resolve against
        (3.1's ``$id``)."""
        if isinstance(raw, bool):  # 3.1: true accepts anything, false nothing
            return Schema(loc, title=None if raw else "never", raw=raw)
        if not isinstance(raw, dict):
            if not omitted_alias(raw):  # the loader reported that one
                self.report(
                    Subtype.STRUCTURE, f"expected a schema object, found {type(raw).__name__}", loc
                )
            return Schema(loc, raw=raw)
        if not KNOWN_KEYWORDS.issuperset(raw):
            self._unsupported(raw, loc)
        if not enum_values.EXTENSIONS.isdisjoint(raw):
            for key, message in enum_values.extension_problems(raw):
                self.report(Subtype.STRUCTURE, f"{key} {message}", loc.child(key))
        if self.v31 and isinstance(raw.get("$id"), str):
            base = urljoin(base or "file://" + os.path.join(self.docs.root, loc.file), raw["$id"])
        if "$ref" in raw:
            return self._reference(raw, loc, base)
        if "$dynamicRef" in raw and self.v31:
            # resolved statically: to the $dynamicAnchor of that name in its document
            return self._reference(raw, loc, base, "$dynamicRef")
        types, nullable = self._types(raw.get("type"), raw, loc)
        properties = self._members(raw, "properties", loc, base)
        pattern_properties = self._members(raw, "patternProperties", loc, base)
        additional: Schema | bool | None = None
        if isinstance(raw.get("additionalProperties"), bool):
            additional = raw["additionalProperties"]
        elif isinstance(raw.get("additionalProperties"), dict):
            additional = self._sub(raw["additionalProperties"], loc, base, "additionalProperties")
        items, prefix = self._items(raw, loc, base)
        required = raw.get("required")
        enum = raw.get("enum")
        for key, value in (("required", required), ("enum", enum)):
            if value is not None and not isinstance(value, list):
                self.report(Subtype.STRUCTURE, f"'{key}' must be a list; ignored", loc.child(key))
        discriminator = self._discriminator(raw.get("discriminator"), loc, base)
        return Schema(
            location=loc,
            types=types,
            format=scalar_text(raw.get("format")),
            title=scalar_text(raw.get("title")),
            description=scalar_text(raw.get("description")),
            properties=properties,
            pattern_properties=pattern_properties,
            required=tuple(str(r) for r in required) if isinstance(required, list) else (),
            additional_properties=additional,
            items=items,
            prefix_items=prefix,
            all_of=self._many(raw, "allOf", loc, base),
            one_of=self._many(raw, "oneOf", loc, base),
            any_of=self._many(raw, "anyOf", loc, base),
            not_=self._sub(raw["not"], loc, base, "not") if "not" in raw else None,
            enum=tuple(enum) if isinstance(enum, list) else None,
            const=raw.get("const", MISSING),
            default=raw.get("default", MISSING),
            examples=_examples(raw),
            constraints=(
                tuple((k, raw[k]) for k in CONSTRAINT_KEYS if k in raw)
                if not _CONSTRAINTS.isdisjoint(raw)
                else ()
            ),
            nullable=nullable,
            read_only=raw.get("readOnly") is True,
            write_only=raw.get("writeOnly") is True,
            deprecated=raw.get("deprecated") is True,
            discriminator=discriminator,
            xml=raw.get("xml") if isinstance(raw.get("xml"), dict) else None,
            extensions=self.noted(extensions(raw)),
            rules=None if RULE_KEYS.isdisjoint(raw) else self._rules(raw, loc, base),
            external_docs=self.external_docs(raw["externalDocs"])
            if "externalDocs" in raw
            else None,
            raw=raw,
        )

    def _unsupported(self, raw: dict[str, Any], loc: Location) -> None:
        """Reports each keyword of ``raw`` that is not shown, the first time the spec uses
        it (extensions, ``x-...``, are the spec's own business)."""
        for key in raw:
            if key in KNOWN_KEYWORDS or str(key).startswith("x-"):
                continue
            if key == "$dynamicRef" and self.v31:
                continue
            self.unsupported_keyword("schema", str(key), loc.child(str(key)))

    def unsupported_keyword(self, where: str, key: str, loc: Location, why: str = "") -> None:
        """Reports that keyword ``key`` of a ``where`` (``schema``, ``XML object``...) is
        not shown in the documentation, the first time the spec uses it; ``why``, when
        given, says what is done instead."""
        if (where, key) in self._reported_keywords:
            return
        self._reported_keywords.add((where, key))
        self.report(
            Subtype.UNSUPPORTED,
            f"the {where} keyword {key!r} is not shown in the documentation{why}"
            " (reported at its first use in the spec only)",
            loc,
        )

    def _rules(self, raw: dict[str, Any], loc: Location, base: str | None) -> SchemaRules:
        """The 2020-12 keywords of rules across properties or items (and draft 7's
        ``dependencies``, split as 2019-09 split it)."""

        def sub(key: str) -> Schema | None:
            return self._sub(raw[key], loc, base, key) if key in raw else None

        def count(key: str) -> int | None:
            value = raw.get(key)
            return value if type(value) is int and value >= 0 else None

        required: list[tuple[str, tuple[str, ...]]] = []
        schemas: list[tuple[str, Schema]] = []
        for key in ("dependencies", "dependentRequired", "dependentSchemas"):
            for name, value in self.obj(raw.get(key), loc.child(key)).items():
                if isinstance(value, list) and key != "dependentSchemas":
                    required.append((str(name), tuple(str(v) for v in value)))
                elif key != "dependentRequired":
                    schemas.append((str(name), self._sub(value, loc, base, key, name)))
                else:
                    self.report(
                        Subtype.STRUCTURE,
                        f"'{key}' values must be lists of names",
                        loc.child(key, name),
                    )
        unevaluated: list[Schema | bool | None] = []
        for key in ("unevaluatedProperties", "unevaluatedItems"):
            value = raw.get(key)
            unevaluated.append(value if isinstance(value, bool) or value is None else sub(key))
        return SchemaRules(
            if_=sub("if"),
            then=sub("then"),
            else_=sub("else"),
            dependent_required=tuple(required),
            dependent_schemas=tuple(schemas),
            contains=sub("contains"),
            min_contains=count("minContains"),
            max_contains=count("maxContains"),
            property_names=sub("propertyNames"),
            unevaluated_properties=unevaluated[0],
            unevaluated_items=unevaluated[1],
            content_schema=sub("contentSchema"),
        )

    def _reference(
        self, raw: dict[str, Any], loc: Location, base: str | None, keyword: str = "$ref"
    ) -> Schema:
        """A schema that is a ``$ref`` (with the annotations 3.1 allows beside it)."""
        target = self.schema_ref(raw[keyword], loc.child(keyword), base)
        if target is None:
            return Schema(loc, ref="", ref_name=str(raw[keyword]), raw=raw)
        key, name = target
        return Schema(
            loc,
            ref=key,
            ref_name=name,
            description=scalar_text(raw.get("description")),
            title=scalar_text(raw.get("title")),
            read_only=raw.get("readOnly") is True,
            write_only=raw.get("writeOnly") is True,
            deprecated=raw.get("deprecated") is True,
            extensions=self.noted(extensions(raw)),  # x-internal beside a $ref hides it
            raw=raw,
        )

    def _types(
        self, rtype: Any, raw: dict[str, Any], loc: Location
    ) -> tuple[tuple[str, ...], bool]:
        """The types (``null`` aside) and whether the schema is nullable."""
        nullable = raw.get("nullable") is True or raw.get("x-nullable") is True
        if type(rtype) is str:  # the common case, quickly
            return (() if rtype == "null" else (rtype,)), nullable or rtype == "null"
        if rtype is None:
            return (), nullable
        written = rtype if isinstance(rtype, list) else [rtype]
        if None in written:
            self.report(Subtype.STRUCTURE, "type null must be quoted: 'null'", loc.child("type"))
        spelled = tuple("null" if t is None else str(t) for t in written)
        # null is shown as the nullable flag
        return tuple(t for t in spelled if t != "null"), nullable or "null" in spelled

    def _sub(self, value: Any, loc: Location, base: str | None, *parts: str | int) -> Schema:
        return self.schema(value, loc.child(*parts), base=base)

    def _members(
        self, raw: dict[str, Any], key: str, loc: Location, base: str | None
    ) -> tuple[tuple[str, Schema], ...]:
        """The named subschemas of ``properties`` or ``patternProperties``."""
        value = raw.get(key)
        if value is None:  # most schemas: no Location made for nothing
            return ()
        return tuple(
            (str(name), self._sub(v, loc, base, key, name))
            for name, v in self.obj(value, loc.child(key)).items()
        )

    def _many(
        self, raw: dict[str, Any], key: str, loc: Location, base: str | None
    ) -> tuple[Schema, ...]:
        """The subschemas of ``allOf``, ``oneOf`` or ``anyOf``."""
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, f"'{key}' must be a list of schemas", loc.child(key))
            return ()
        return tuple(self._sub(v, loc, base, key, i) for i, v in enumerate(value))

    def _items(
        self, raw: dict[str, Any], loc: Location, base: str | None
    ) -> tuple[Schema | None, tuple[Schema, ...]]:
        """``items`` and the prefix items (3.1's ``prefixItems``, or a list of ``items``)."""
        items: Schema | None = None
        prefix: tuple[Schema, ...] = ()
        if isinstance(raw.get("items"), list):
            prefix = tuple(self._sub(v, loc, base, "items", i) for i, v in enumerate(raw["items"]))
        elif "items" in raw:
            items = self._sub(raw["items"], loc, base, "items")
        if isinstance(raw.get("prefixItems"), list):
            prefix = tuple(
                self._sub(v, loc, base, "prefixItems", i) for i, v in enumerate(raw["prefixItems"])
            )
        return items, prefix

    def _discriminator(self, disc: Any, loc: Location, base: str | None) -> Discriminator | None:
        """The discriminator; each mapping target resolved (and queued) as a schema."""
        if isinstance(disc, str):  # Swagger 2.0
            return Discriminator(disc)
        if not (isinstance(disc, dict) and isinstance(disc.get("propertyName"), str)):
            return None
        mapping = []
        for value, target in self.obj(
            disc.get("mapping"), loc.child("discriminator", "mapping")
        ).items():
            where = loc.child("discriminator", "mapping", value)
            mapping.append((str(value), self._mapping_target(target, where, base)))
        default = disc.get("defaultMapping")  # OpenAPI 3.2
        return Discriminator(
            disc["propertyName"],
            tuple(mapping),
            None
            if default is None
            else self._mapping_target(default, loc.child("discriminator", "defaultMapping"), base),
        )

    def _mapping_target(self, target: Any, loc: Location, base: str | None) -> str:
        """The schema key a discriminator mapping value names (a component's name or a
        reference), queued; ``""`` when it leads nowhere (its own rule)."""
        target_ref = str(target)
        if "#" not in target_ref and "/" not in target_ref and "." not in target_ref:
            target_ref = (
                "#/definitions/" if self.swagger2 else "#/components/schemas/"
            ) + target_ref
        reported = len(self.docs.problems)
        found = self.schema_ref(target_ref, loc, base)
        self.docs.problems[reported:] = [  # a mapping to nothing is its own rule
            replace(p, rule=DISCRIMINATOR_MAPPING) if p.subtype == Subtype.REF else p
            for p in self.docs.problems[reported:]
        ]
        return found[0] if found else ""


def _examples(raw: dict[str, Any]) -> tuple[Any, ...]:
    """``example`` first, then the items of 3.1's ``examples``."""
    examples: tuple[Any, ...] = ()
    if isinstance(raw.get("examples"), list):
        examples = tuple(raw["examples"])
    if "example" in raw:
        examples = (raw["example"], *examples)
    return examples
