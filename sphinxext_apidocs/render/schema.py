"""Schema tables: one flat table per schema, nested properties as dotted paths.

The same table serves HTML and PDF: the property column holds the dotted
path (``owner.login``, ``tags[].name``), its parent's part marked
(``FIELD_PARENT``), and each row carries its depth as a class
(``apidocs-depth-N``): the HTML shows a nested field's own name, indented by
depth; the PDF, which has no indentation, the path.  A named component
schema shown in full elsewhere (``RenderContext.linked_schemas``: an ``api-spec``'s
"Schemas" section, an ``api-schema``) is a link to it and not expanded.  Any
other named schema is expanded once per operation, then referred to by name;
a schema already being expanded (recursion), one deeper than
``apidocs_schema_depth``, or one past the operation's row budget is shown by
name and not expanded again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from docutils import nodes

from ..spec.allof import narrowed
from ..spec.enum_values import EnumValue, enum_values
from ..spec.model import MISSING, ApiSpec, Operation, Schema, SchemaRules
from ..spec.numbers import SourceFloat
from ..spec.pointer import last_token
from ..spec.satisfiable import subschemas
from ..validation.json_types import json_type
from .changelog import milestone_badges
from .context import RenderContext, anchor
from .i18n import N_, _
from .links import external_docs_para
from .text_nodes import code_name

CONFLICT = "conflicting declarations in allOf: {}"
"""The note of a property whose ``allOf`` declarations cannot all hold."""

FIELD_PARENT = "field_parent"
"""Attribute of a nested field's name (a ``literal`` holding its full path): the
path of its parent with the separator, so that a format can show the own name."""

CONSTRAINT_LABELS = {
    "minimum": "≥ {}",
    "maximum": "≤ {}",
    "exclusiveMinimum": "> {}",
    "exclusiveMaximum": "< {}",
    "multipleOf": N_("multiple of {}"),
    "minLength": N_("min length {}"),
    "maxLength": N_("max length {}"),
    "minItems": N_("min items {}"),
    "maxItems": N_("max items {}"),
    "minProperties": N_("min properties {}"),
    "maxProperties": N_("max properties {}"),
    "contentMediaType": N_("content type {}"),
    "contentEncoding": N_("encoding {}"),
}
"""A constraint keyword's label (translated where it is used); the value replaces ``{}``."""


def json_text(value: Any, *, limit: int = 0, indent: int | None = None) -> str:
    """A literal value as JSON text, cut after ``limit`` characters with a note.

    A YAML float keeps the text it was written as; with ``indent`` (examples
    shown as blocks), a string is shown as it is, not as a JSON string.
    """
    if isinstance(value, SourceFloat):
        text = value.source
    elif indent is not None and isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, indent=indent)
        except (TypeError, ValueError, RecursionError):
            text = str(value)
    if limit and len(text) > limit:
        text = cut_text(text, limit, "\n" if indent is not None else "")
    return text


def cut_text(text: str, limit: int, separator: str) -> str:
    """``text`` cut after ``limit`` characters, with a note of how many are not shown."""
    note = _("… ({count} more characters not shown)").format(count=len(text) - limit)
    return f"{text[:limit]}{separator}{note}"


def schema_xref(ctx: RenderContext, name: str, *, fragment: str | None = None) -> nodes.Node:
    """A reference to the named schema (resolved by the ``api`` domain where it exists);
    with ``fragment``, to the id ``fragment`` ends in its rendering (``ANCHOR-FRAGMENT``)."""
    ref = ctx.xref("schema", name, code_name(name, name, classes=["apidocs-schema-name"]))
    if fragment:
        ref["apidocs_fragment"] = fragment
    return ref


def type_nodes(ctx: RenderContext, schema: Schema) -> list[nodes.Node]:
    """``string (date-time)``, ``array of Pet``, ``Pet | null``, ``one of A, B``..."""
    out: list[nodes.Node] = []
    target, name = ctx.resolve(schema)
    if schema.ref == "":  # unresolved reference
        text = _("unresolved {name}").format(name=schema.ref_name)
        return [nodes.inline("", text, classes=["apidocs-unresolved"])]
    if name:
        out.append(schema_xref(ctx, name))
        kind = _type_words(ctx, target, named=True)
        if kind:
            out.append(nodes.Text(f" ({kind})"))
        return out
    words = _type_words(ctx, target) or "any"
    item_name = linked_name(ctx, target.items) if target.items is not None else None
    phrase = _("array of {items}")
    before, array_of, after = words.partition(phrase.format(items=item_name))
    if item_name and array_of:  # its items are shown elsewhere: link them
        head, _items, tail = phrase.partition("{items}")
        return [
            nodes.Text(before + head),
            schema_xref(ctx, item_name),
            nodes.Text(tail + after),
        ]
    return [nodes.Text(words)]


def linked_name(ctx: RenderContext, schema: Schema) -> str | None:
    """The name of the component schema ``schema`` refers to, when it is shown in full
    elsewhere (so that here it is a link); else None."""
    name = ctx.spec.schema_names.get(schema.ref) if schema.ref else None
    return name if name in ctx.linked_schemas else None


def schemas_used(spec: ApiSpec, operations: Iterable[Operation]) -> list[str]:
    """The component schemas that ``operations`` show, directly or through other schemas
    (their discriminator mappings too), in the spec's order."""
    pending = [s for op in operations for s in op.schemas()]
    found: set[str] = set()
    followed: set[str] = set()
    while pending:
        schema = pending.pop()
        if schema.ref:
            name = spec.schema_names.get(schema.ref)
            if name:
                found.add(name)
            key = spec.referent_key(schema)
            if key is None or key in followed:
                continue
            followed.add(key)
            schema = spec.referent(schema)
        pending.extend(subschemas(schema))
        pending.extend(
            Schema(schema.location, ref=key)
            for _value, key in spec.discriminated_subtypes(schema)
            if key
        )
        if schema.discriminator is not None and schema.discriminator.default_mapping:
            pending.append(Schema(schema.location, ref=schema.discriminator.default_mapping))
    return [name for name, _key in spec.component_schemas if name in found]


def _type_words(ctx: RenderContext, s: Schema, *, named: bool = False) -> str:
    types = list(s.types)
    words: list[str] = []
    for t in types or ([] if named else _implied_types(s)):
        if t == "array":
            if s.items is not None and not s.items.is_false:
                item, item_name = ctx.resolve(s.items)
                inner = item_name or _type_words(ctx, item) or "any"
                words.append(_("array of {items}").format(items=inner))
            else:
                words.append("array")
        elif s.format and t in ("string", "integer", "number"):
            words.append(f"{t} ({s.format})")
        else:
            words.append(t)
    if not words and s.format:
        words.append(s.format)
    for label, branches in ((N_("one of {names}"), s.one_of), (N_("any of {names}"), s.any_of)):
        if branches:
            names = [_branch_title(ctx, b, i) for i, b in enumerate(branches)]
            words.append(_(label).format(names=", ".join(names)))
    if s.all_of and not types and not named:
        named_parts = [n for n in (ctx.resolve(b)[1] for b in s.all_of) if n]
        all_of = _("all of {names}").format(names=", ".join(named_parts))
        words.append(all_of if named_parts else "object")
    if s.not_ is not None:
        words.append(_("not {name}").format(name=_branch_title(ctx, s.not_, 0)))
    if s.nullable and "null" not in words:
        words.append("null")
    return " | ".join(words)


def _implied_types(s: Schema) -> list[str]:
    if s.const is not MISSING:
        return [json_type(s.const) or "object"]
    if s.properties or s.additional_properties not in (None, False):
        return ["object"]
    if s.items is not None or s.prefix_items:
        return ["array"]
    if s.enum:
        return list(dict.fromkeys(json_type(v) or "object" for v in s.enum))
    return []


def _branch_title(ctx: RenderContext, branch: Schema, index: int) -> str:
    target, name = ctx.resolve(branch)
    if not (name or target.title or target.properties) and target.required:
        return _("requires {names}").format(names=", ".join(target.required))
    return (
        name
        or target.title
        or _type_words(ctx, target)
        or _("option {number}").format(number=index + 1)
    )


def _literals(
    label: str, values: tuple[Any, ...], *, most: int, text: Callable[[Any], str] | None = None
) -> list[nodes.Node]:
    """``label`` and up to ``most`` values as JSON literals (or as ``text`` makes them),
    with a count of the rest."""
    out: list[nodes.Node] = [nodes.Text(label)] if label else []
    for i, value in enumerate(values[:most]):
        if i:
            out.append(nodes.Text(", "))
        out.append(nodes.literal("", text(value) if text else json_text(value, limit=200)))
    if len(values) > most:
        out.append(nodes.Text(", " + _("… ({count} more)").format(count=len(values) - most)))
    return out


def details(ctx: RenderContext, s: Schema) -> list[nodes.Node]:
    """Inline nodes for default, enum, constraints, example and flags."""
    parts: list[list[nodes.Node]] = []
    described = enum_values(s)
    if s.enum is not None and not described:
        parts.append(_literals(_("Allowed:") + " ", s.enum, most=50))
    if s.const is not MISSING:
        constant = json_text(s.const, limit=200)
        parts.append([nodes.Text(_("Constant:") + " "), nodes.literal("", constant)])
    if s.default is not MISSING:
        parts.append(
            [nodes.Text(_("Default:") + " "), nodes.literal("", json_text(s.default, limit=200))]
        )
    constraints = _constraints(s)
    if constraints:
        parts.append(constraints)
    if s.discriminator is not None:
        parts.append(_discriminator(ctx, s))
    if s.examples:
        parts.append(
            _literals(
                (_("Example:") if len(s.examples) == 1 else _("Examples:")) + " ",
                s.examples,
                most=5,
            )
        )
    out: list[nodes.Node] = []
    if parts:
        para = nodes.paragraph(classes=["apidocs-details"])
        for i, part in enumerate(parts):
            if i:
                para += nodes.Text(". ")
            para.extend(part)
        out.append(para)
    if described:
        out.extend(_described_values(described, most=50))
    for rule in rules(ctx, s):
        out.append(nodes.paragraph("", "", *rule, classes=["apidocs-details", "apidocs-rule"]))
    if s.external_docs is not None:
        out.append(external_docs_para(ctx, s.external_docs))
    return out


#: rules shown per schema, and names or values per rule, at most (a hostile spec may
#: have thousands); rules inside the ``then`` of a rule are told this deep at most
MOST_RULES = 30
RULE_DEPTH = 1


def rules(ctx: RenderContext, s: Schema, depth: int = 0) -> list[list[nodes.Node]]:
    """The JSON Schema 2020-12 rules of ``s`` in words, one list of inline nodes each:
    ``when country is "US": postal must match ^[0-9]{5}$``, ``creditCard requires
    billingAddress``, ``must include an item equal to "featured"``, ``no other
    properties`` ...  ``depth``: how deep inside other rules ``s`` is."""
    found = _rules(ctx, s, depth)
    if len(found) > MOST_RULES:
        more = _("… ({} more rules not shown)").format(len(found) - MOST_RULES)
        return [*found[:MOST_RULES], [nodes.Text(more)]]
    return found


def _rules(ctx: RenderContext, s: Schema, depth: int) -> list[list[nodes.Node]]:
    out: list[list[nodes.Node]] = []
    if s.items is not None and s.items.is_false:
        out.append([nodes.Text(_("no items beyond the tuple items"))])
    found = s.rules
    if found is None:
        return out
    if found.if_ is not None:
        condition = _condition(ctx, found.if_)
        if found.then is not None:
            then = _demands(ctx, found.then, depth)
            out.append([_word(N_("when")), *condition, nodes.Text(": "), *then])
        if found.else_ is not None:
            otherwise = _demands(ctx, found.else_, depth)
            out.append([_word(N_("unless")), *condition, nodes.Text(": "), *otherwise])
    for name, needed in found.dependent_required:
        out.append([nodes.literal("", name), _word(N_(" requires")), *_names(needed)])
    for name, schema in found.dependent_schemas:
        present = [_word(N_("when")), nodes.literal("", name), _word(N_(" is present: "), False)]
        out.append([*present, *_demands(ctx, schema, depth)])
    if found.contains is not None:
        out.append(_contains(ctx, found))
    if found.property_names is not None:
        out.append([_word(N_("property names must"), False), *_must(ctx, found.property_names)])
    for words, other in (
        ((N_("no other properties"), N_("other properties:")), found.unevaluated_properties),
        ((N_("no other items"), N_("other items:")), found.unevaluated_items),
    ):
        if other is False or (isinstance(other, Schema) and other.is_false):
            out.append([nodes.Text(_(words[0]))])
        elif isinstance(other, Schema):
            out.append([_word(words[1]), *type_nodes(ctx, other)])
    if found.content_schema is not None:
        out.append([_word(N_("decoded content:")), *type_nodes(ctx, found.content_schema)])
    return out


def _word(text: str, space: bool = True) -> nodes.Text:
    """A translated word of a rule, a space after it."""
    return nodes.Text(_(text) + (" " if space else ""))


def _names(names: tuple[str, ...]) -> list[nodes.Node]:
    """`` a, b, c`` (at most :data:`MOST_RULES`, then a count of the rest)."""
    return [nodes.Text(" "), *_literals("", names, most=MOST_RULES, text=str)]


def _values(values: tuple[Any, ...]) -> list[nodes.Node]:
    """``"a", "b"``: JSON values (at most :data:`MOST_RULES`, then a count of the rest)."""
    return _literals("", values, most=MOST_RULES)


def _joined(parts: list[list[nodes.Node]], word: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, part in enumerate(parts):
        if i:
            out.append(nodes.Text(f" {_(word)} "))
        out += part
    return out


def _condition(ctx: RenderContext, schema: Schema) -> list[nodes.Node]:
    """What an ``if`` schema asks, as a condition: ``country is "US"``."""
    target = ctx.resolve(schema)[0]
    facts: list[list[nodes.Node]] = []
    for name, prop in target.properties:
        facts.append([nodes.literal("", name), nodes.Text(" "), *_is(ctx, prop)])
    declared = {name for name, _prop in target.properties}
    for name in target.required:
        if name not in declared:
            facts.append([nodes.literal("", name), _word(N_(" is present"), False)])
    if not facts:
        return [_word(N_("the value")), *_is(ctx, schema)]
    return _joined(facts, N_("and"))


def _is(ctx: RenderContext, schema: Schema) -> list[nodes.Node]:
    target = ctx.resolve(schema)[0]
    if target.const is not MISSING:
        return [_word(N_("is")), nodes.literal("", json_text(target.const, limit=200))]
    if target.enum is not None:
        return [_word(N_("is one of")), *_values(target.enum)]
    return [_word(N_("matches")), *type_nodes(ctx, schema), *_constraint_words(target)]


def _demands(ctx: RenderContext, schema: Schema, depth: int) -> list[nodes.Node]:
    """What a ``then``/``else``/dependent schema demands: ``postal must match ^[0-9]{5}$
    and postal is required``."""
    target = ctx.resolve(schema)[0]
    demands: list[list[nodes.Node]] = []
    for name, prop in target.properties:
        demands.append([nodes.literal("", name), _word(N_(" must"), False), *_must(ctx, prop)])
    for name in target.required:
        demands.append([nodes.literal("", name), _word(N_(" is required"), False)])
    if depth < RULE_DEPTH:  # a then that refers to its own schema would never end
        demands += rules(ctx, target, depth + 1)
    if not demands:
        return [_word(N_("the value must"), False), *_must(ctx, schema)]
    return _joined(demands, N_("and"))


def _must(ctx: RenderContext, schema: Schema) -> list[nodes.Node]:
    """`` be "cat"``, `` match ^a$``, `` be string``: what a value must be (a space
    first: ``must`` comes before it without one)."""
    target = ctx.resolve(schema)[0]
    if target.const is not MISSING:
        const = json_text(target.const, limit=200)
        return [nodes.Text(" " + _("be") + " "), nodes.literal("", const)]
    if target.enum is not None:
        return [nodes.Text(" " + _("be one of") + " "), *_values(target.enum)]
    patterns = [v for k, v in target.constraints if k == "pattern" and isinstance(v, str)]
    if patterns:
        pattern = nodes.literal("", patterns[0])
        return [nodes.Text(" " + _("match") + " "), pattern, *_constraint_words(target)]
    if not (_type_words(ctx, target) or ctx.resolve(schema)[1]):
        found = _constraint_words(target)
        if found:  # only constraints: `` have max length 40``
            return [nodes.Text(" " + _("have") + " "), *found[1:-1]]
        return [nodes.Text(" " + _("be valid"))]
    return [nodes.Text(" " + _("be") + " "), *type_nodes(ctx, schema), *_constraint_words(target)]


def _constraint_words(target: Schema) -> list[nodes.Node]:
    """`` (max length 40)``: the constraints of ``target`` other than a pattern."""
    found = _constraints(
        replace(target, constraints=tuple((k, v) for k, v in target.constraints if k != "pattern"))
    )
    if not found:
        return []
    return [nodes.Text(" ("), *found[1:], nodes.Text(")")]


def _contains(ctx: RenderContext, found: SchemaRules) -> list[nodes.Node]:
    """``must include an item equal to "featured"`` (``at least 2 items``, ...)."""
    assert found.contains is not None
    least, most = found.min_contains, found.max_contains
    if least == 0 and most is None:
        count = _("may include items")
    elif least == most == 1:
        count = _("must include exactly one item")
    elif least == most:
        count = _("must include exactly {} items").format(least)
    elif most is None:
        count = (
            _("must include at least {} items").format(least)
            if least
            else _("must include an item")
        )
    else:
        count = _("must include {} to {} items").format(least or 1, most)
    target = ctx.resolve(found.contains)[0]
    if target.const is not MISSING:
        what = [
            _word(N_(" equal to"), False),
            nodes.Text(" "),
            nodes.literal("", json_text(target.const, limit=200)),
        ]
    elif target.enum is not None:
        what = [_word(N_(" that is one of"), False), nodes.Text(" "), *_values(target.enum)]
    else:
        what = [_word(N_(" that must"), False), *_must(ctx, found.contains)]
    return [nodes.Text(count), *what]


def _described_values(values: tuple[EnumValue, ...], *, most: int) -> list[nodes.Node]:
    """``Allowed:`` and a list of up to ``most`` values, each with its name in code
    (``x-enum-varnames``) and what it means (``x-enumDescriptions``)."""
    items = nodes.bullet_list(classes=["apidocs-enum-values"])
    for value in values[:most]:
        line = nodes.paragraph()
        line += nodes.literal("", json_text(value.value, limit=200))
        if value.name:
            line += nodes.Text(" (")
            line += nodes.literal("", value.name)
            line += nodes.Text(")")
        if value.description:
            line += nodes.Text(" — " + value.description)
        items += nodes.list_item("", line)
    head = nodes.paragraph(classes=["apidocs-details"])
    head += nodes.Text(_("Allowed:"))
    if len(values) > most:
        head += nodes.Text(" " + _("({count} more not listed)").format(count=len(values) - most))
    return [head, items]


def _constraints(s: Schema) -> list[nodes.Node]:
    """``Constraints: ≥ 1; max length 20; pattern ^a``, or nothing."""
    constraints: list[str] = []
    patterns: list[str] = []
    for key, value in s.constraints:
        if key == "uniqueItems":
            if value is True:
                constraints.append(_("unique items"))
            continue
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            continue  # 3.0 style: a flag on minimum/maximum
        label = _(CONSTRAINT_LABELS[key]) if key in CONSTRAINT_LABELS else key + " {}"
        if (
            key in ("minimum", "maximum")
            and dict(s.constraints).get("exclusive" + key.title()) is True
        ):
            label = "> {}" if key == "minimum" else "< {}"
        if key == "pattern":
            patterns.append(str(value))
            continue
        constraints.append(label.format(json_text(value, limit=200)))
    items: list[list[nodes.Node]] = [[nodes.Text(c)] for c in constraints]
    items += [[nodes.Text(_("pattern") + " "), nodes.literal("", p)] for p in patterns]
    if not items:
        return []
    part: list[nodes.Node] = [nodes.Text(_("Constraints:") + " ")]
    for i, item in enumerate(items):
        if i:
            part.append(nodes.Text("; "))
        part.extend(item)
    return part


def _discriminator(ctx: RenderContext, s: Schema) -> list[nodes.Node]:
    """``Discriminator: kind (cat → Cat, dog → Dog)``: the mapping, then the schemas that
    inherit ``s`` by their name."""
    assert s.discriminator is not None
    subtypes = ctx.spec.discriminated_subtypes(s)
    disc: list[nodes.Node] = [
        nodes.Text(_("Discriminator:") + " "),
        nodes.literal("", s.discriminator.property_name),
    ]
    pairs: list[tuple[str | None, str]] = list(subtypes)
    if s.discriminator.default_mapping is not None:
        pairs.append((None, s.discriminator.default_mapping))
    for i, (value, key) in enumerate(pairs):
        disc.append(nodes.Text(", " if i else " ("))
        if value is None:  # OpenAPI 3.2 defaultMapping
            disc.append(nodes.Text(_("any other value")))
        else:
            disc.append(nodes.literal("", value))
        disc.append(nodes.Text(" → "))
        if key:
            disc.append(schema_xref(ctx, ctx.spec.schema_names.get(key) or last_token(key)))
        else:
            disc.append(nodes.Text(_("(missing schema)")))
    if pairs:
        disc.append(nodes.Text(")"))
    return disc


FLAG_WORDS = {
    "required": N_("required"),
    "read-only": N_("read-only"),
    "write-only": N_("write-only"),
    "deprecated": N_("deprecated"),
    "webhook": N_("webhook"),
}
"""A flag's class name and its label (translated where it is shown)."""


def flag(name: str) -> nodes.inline:
    """The flag ``name`` (a key of :data:`FLAG_WORDS`) as a labelled inline."""
    return nodes.inline("", _(FLAG_WORDS[name]), classes=["apidocs-flag", "apidocs-flag-" + name])


def branch_details(ctx: RenderContext, s: Schema) -> list[nodes.Node]:
    """A paragraph per ``oneOf``/``anyOf`` branch of ``s`` that has details of its own
    (the allowed values of an enum branch, its constraints): for a value shown without
    a table, a parameter's."""
    out: list[nodes.Node] = []
    for label, branches in ((N_("one of"), s.one_of), (N_("any of"), s.any_of)):
        for i, branch in enumerate(branches):
            for para in details(ctx, ctx.resolve(branch)[0]):
                assert isinstance(para, nodes.paragraph)
                title = _branch_title(ctx, branch, i)
                para.insert(0, nodes.Text(f"{_(label)} ({i + 1}) {title}: "))
                out.append(para)
    return out


def flags(s: Schema, *, required: bool = False) -> list[nodes.Node]:
    names = []
    if required:
        names.append("required")
    if s.read_only:
        names.append("read-only")
    if s.write_only:
        names.append("write-only")
    if s.deprecated:
        names.append("deprecated")
    out: list[nodes.Node] = []
    for name in names:
        out.append(nodes.Text(" "))
        out.append(flag(name))
    return out


@dataclass
class Row:
    parent: str
    """The path of the row's parent field, with its separator (``owner.``, ``tags[].``)."""
    name: str
    """The field's own name (``login``); a tuple item's is its index (``[0]``)."""
    schema: Schema
    depth: int
    required: bool = False
    note: str | None = None
    label: str | None = None
    extra: list[nodes.Node] = field(default_factory=list)
    alternatives: list[tuple[str, int, Schema]] = field(default_factory=list)
    """The field's ``oneOf``/``anyOf`` branches that have no fields of their own, each with
    its group's label (``any of``) and index: lines of its description cell, not rows."""

    @property
    def path(self) -> str:
        return self.parent + self.name


@dataclass(frozen=True)
class Merged:
    """An object schema with its ``allOf`` parts merged (see :func:`merged`)."""

    properties: tuple[tuple[str, Schema], ...]
    required: tuple[str, ...]
    conflicts: dict[str, tuple[str, ...]]
    """Per property declared by several parts: the declarations that cannot all hold."""
    groups: tuple[Schema, ...]
    """The ``allOf`` parts (not the schema itself) that hold a ``oneOf`` or ``anyOf``."""


def merged(ctx: RenderContext, s: Schema) -> Merged:
    """``s`` with its ``allOf`` merged in, as JSON Schema reads it: a property declared
    by several parts is each declaration at once (memoised per build)."""
    found = ctx.merged_cache.get(id(s))
    if found is None:
        found = ctx.merged_cache[id(s)] = (s, _merge(ctx, s))
    result: Merged = found[1]
    return result


def _merge(ctx: RenderContext, s: Schema) -> Merged:
    declared: dict[str, list[Schema]] = {}
    required: list[str] = []
    stack = [s]
    seen: set[int] = set()
    order: list[Schema] = []
    while stack:  # depth-first, in written order
        cur = stack.pop(0)
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        target, _name = ctx.resolve(cur)
        order.append(target)
        stack[0:0] = list(target.all_of)
    for part in order:
        for name, prop in part.properties:
            declared.setdefault(name, []).append(prop)
        required.extend(r for r in part.required if r not in required)
    props: list[tuple[str, Schema]] = []
    conflicts: dict[str, tuple[str, ...]] = {}
    for name, declarations in declared.items():
        prop, found = narrowed(ctx.spec, declarations)
        props.append((name, prop))
        if found:
            conflicts[name] = found
    groups = tuple(part for part in order[1:] if part.one_of or part.any_of)
    return Merged(tuple(props), tuple(required), conflicts, groups)


#: the ``[]`` a path ends with for the items of an array (of arrays...)
_ITEMS_SUFFIX = re.compile(r"(\[\])+$")


class _Walker:
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.rows: list[Row] = []
        self.elided = 0
        self.owner: Row | None = None
        """The row of the field whose schema is being expanded (None: the root)."""

    def object_rows(self, s: Schema, prefix: str, depth: int, ancestors: frozenset[str]) -> None:
        found = merged(self.ctx, s)
        for name, prop in found.properties:
            self.property(prop, prefix, name, depth, ancestors, required=name in found.required)
            if name in found.conflicts:
                self.rows[-1].note = CONFLICT.format("; ".join(found.conflicts[name]))
        target, _name = self.ctx.resolve(s)
        extra = target.additional_properties
        if isinstance(extra, Schema):
            self.property(extra, prefix, "*", depth, ancestors, label=_("additional properties"))
        for pattern, prop in target.pattern_properties:
            self.property(
                prop, prefix, f"/{pattern}/", depth, ancestors, label=_("pattern properties")
            )

    def property(
        self,
        prop: Schema,
        parent: str,
        name: str,
        depth: int,
        ancestors: frozenset[str],
        *,
        required: bool = False,
        label: str | None = None,
    ) -> None:
        if self.ctx.rows_left <= 0:
            self.elided += 1
            return
        self.ctx.rows_left -= 1
        row = Row(parent, name, prop, depth, required=required, label=label)
        self.rows.append(row)
        owner, self.owner = self.owner, row
        note = self.descend(prop, parent, name, depth + 1, ancestors)
        self.owner = owner
        row.note = note or row.note  # an array's items may have set it already

    def descend(
        self, prop: Schema, parent: str, name: str, depth: int, ancestors: frozenset[str]
    ) -> str | None:
        """Add the rows below ``prop``; return a note when it is not expanded."""
        if linked_name(self.ctx, prop):
            return None  # the type column links to it
        target, schema_name = self.ctx.resolve(prop)
        key = self.ctx.spec.referent_key(prop)
        if key and key in ancestors:
            return _("recursive: {name} (shown above)").format(name=schema_name)
        if not self.expandable(target):
            return None
        if depth > self.ctx.schema_depth:
            name = schema_name or _("nested schema")
            return _("{name}: not expanded (depth limit)").format(name=name)
        if key and key in self.ctx.expanded:
            return _("{name}: see its first use above").format(name=schema_name)
        if key:
            self.ctx.expanded.add(key)
            ancestors = ancestors | {key}
        self.expand(target, parent, name, depth, ancestors)
        return None

    def has_rows(self, branch: Schema) -> bool:
        """Whether ``branch`` has rows below it here: not a linked schema, nor an array
        of (arrays of) values without fields."""
        seen: set[int] = set()
        while not linked_name(self.ctx, branch) and id(branch) not in seen:
            seen.add(id(branch))
            target = self.ctx.resolve(branch)[0]
            if target.items is None or self.expandable(target, items=False):
                return self.expandable(target)
            branch = target.items
        return False

    def expandable(self, target: Schema, *, items: bool = True) -> bool:
        """Whether ``target`` has rows below it: fields, branches, subtypes or (unless
        ``items`` is false) items."""
        found = merged(self.ctx, target)
        return bool(
            found.properties
            or found.groups
            or self.ctx.spec.discriminated_subtypes(target)
            or (items and target.items is not None)
            or target.prefix_items
            or target.one_of
            or target.any_of
            or isinstance(target.additional_properties, Schema)
        )

    def expand(
        self, target: Schema, parent: str, name: str, depth: int, ancestors: frozenset[str]
    ) -> None:
        """The rows below the field ``parent + name`` (the root when both are empty)."""
        path = parent + name
        found = merged(self.ctx, target)
        if found.properties or isinstance(target.additional_properties, Schema):
            self.object_rows(target, path + "." if path else "", depth, ancestors)
        for i, item in enumerate(target.prefix_items):
            self.property(item, path, f"[{i}]", depth, ancestors, label=_("tuple item"))
        if target.items is not None:
            note = self.descend(target.items, parent, name + "[]", depth, ancestors)
            if note and self.rows and self.rows[-1].note is None:
                self.rows[-1].note = note
        groups = [target, *found.groups] if target.one_of or target.any_of else list(found.groups)
        for g, group in enumerate(groups):
            for word, branches in ((N_("one of"), group.one_of), (N_("any of"), group.any_of)):
                label = _(word)
                if len(groups) > 1:
                    label = _("group {number}: {label}").format(number=g + 1, label=label)
                if not self.branches(label, branches, parent, name, depth, ancestors):
                    return
        self.subtypes(target, parent, name, depth, ancestors)

    def branches(
        self,
        label: str,
        branches: tuple[Schema, ...],
        parent: str,
        name: str,
        depth: int,
        ancestors: frozenset[str],
    ) -> bool:
        """A row per branch of a ``oneOf``/``anyOf``, each with its rows below; False when
        the row budget ran out.  A branch without rows below it (``string`` or ``""``, a
        linked schema) is a line of the field's own row instead: on Stripe's spec, a
        sixth of all rows repeated a field's name for such a branch."""
        outer = self.owner
        owner = outer  # the row a field-less branch is a line of (None: rows as written)
        if outer is not None and _ITEMS_SUFFIX.sub("", parent + name) != _ITEMS_SUFFIX.sub(
            "", outer.path
        ):
            owner = None
        for i, branch in enumerate(branches):
            if owner is not None and not self.has_rows(branch):
                owner.alternatives.append((label, i, branch))
                continue
            if self.ctx.rows_left <= 0:
                self.elided += 1
                return False
            self.ctx.rows_left -= 1
            title = _branch_title(self.ctx, branch, i)
            row = Row(parent, name, branch, depth, label=f"{label} ({i + 1}): {title}")
            self.rows.append(row)
            self.owner = row
            row.note = self.descend(branch, parent, name, depth + 1, ancestors)
            self.owner = outer
        return True

    def subtypes(
        self, target: Schema, parent: str, name: str, depth: int, ancestors: frozenset[str]
    ) -> None:
        """A row per subtype of ``target``'s discriminator, with the fields that subtype
        adds (those of ``target`` are the rows above)."""
        if target.discriminator is None:
            return
        parent_key = str(target.location)
        prop = target.discriminator.property_name
        for value, key in self.ctx.spec.discriminated_subtypes(target):
            subtype = self.ctx.spec.schemas.get(key)
            if subtype is None or key in ancestors or self.ctx.rows_left <= 0:
                continue
            self.ctx.rows_left -= 1
            sub_name = self.ctx.spec.schema_names.get(key) or last_token(key)
            label = _("subtype {name} ({property} = {value})").format(
                name=sub_name, property=prop, value=json_text(value)
            )
            ref = Schema(subtype.location, ref=key, ref_name=sub_name)
            self.rows.append(Row(parent, name, ref, depth, label=label))
            own = replace(
                subtype,
                all_of=tuple(
                    p for p in subtype.all_of if self.ctx.spec.referent_key(p) != parent_key
                ),
                discriminator=None,
            )
            path = parent + name
            self.object_rows(own, path + "." if path else "", depth + 1, ancestors | {key})


def schema_block(
    ctx: RenderContext, schema: Schema, *, title_name: str | None = None
) -> list[nodes.Node]:
    """The nodes for a schema: a type line, its description, and a property table."""
    out: list[nodes.Node] = []
    target, name = ctx.resolve(schema)
    para = nodes.paragraph(classes=["apidocs-schema-type"])
    para += nodes.strong("", _("Schema:"))
    para += nodes.Text(" ")
    para.extend(type_nodes(ctx, schema))
    para.extend(flags(target))
    out.append(para)
    description = schema.description or target.description
    out.extend(ctx.blocks(description))
    out.extend(details(ctx, target))
    if title_name is None and linked_name(ctx, schema):
        return out  # its fields are shown where the type line links to
    walker = _Walker(ctx)
    key = ctx.spec.referent_key(schema)
    ancestors = frozenset({key}) if key else frozenset()
    if key and key in ctx.expanded and title_name is None:
        note = nodes.paragraph(classes=["apidocs-note"])
        note += nodes.Text(_("{name}: fields as shown above in this operation.").format(name=name))
        out.append(note)
        return out
    if key:
        ctx.expanded.add(key)
    walker.expand(target, "", "", 1, ancestors)
    if walker.rows:
        out.append(rows_table(ctx, walker.rows))
    if walker.elided:
        note = nodes.paragraph(classes=["apidocs-note"])
        note += nodes.Text(
            _("{count} more rows not shown (rendering budget reached).").format(count=walker.elided)
        )
        out.append(note)
    return out


def name_type_description_table(
    css_class: str, first_width: int, rows: list[nodes.row]
) -> nodes.table:
    """A three-column table (Name, Type, Description) with a real header row; the
    stylesheet fits every ``apidocs-table`` to its column."""
    table = nodes.table(classes=[css_class, "apidocs-table"])
    tgroup = nodes.tgroup(cols=3)
    table += tgroup
    for width in (first_width, 25, 75 - first_width):
        tgroup += nodes.colspec(colwidth=width)
    head = nodes.row()
    for label in (_("Name"), _("Type"), _("Description")):
        head += nodes.entry("", nodes.paragraph("", label))
    tgroup += nodes.thead("", head)
    tgroup += nodes.tbody("", *rows)
    return table


def rows_table(ctx: RenderContext, rows: list[Row]) -> nodes.table:
    return name_type_description_table("apidocs-schema-table", 30, [_row(ctx, r) for r in rows])


def _row(ctx: RenderContext, r: Row) -> nodes.row:
    target, _name = ctx.resolve(r.schema)
    row = nodes.row(classes=[f"apidocs-depth-{min(r.depth, 9)}"])
    name = nodes.paragraph()
    literal = code_name("", r.path)
    if r.parent:
        literal[FIELD_PARENT] = r.parent
    name += literal
    name.extend(flags(r.schema if r.schema.ref else target, required=r.required))
    if r.schema.ref and (target.read_only or target.write_only or target.deprecated):
        name.extend(flags(target))
    name.extend(milestone_badges(ctx.field_milestones.get(r.schema.location.pointer)))
    row += nodes.entry("", name)
    type_para = nodes.paragraph()
    type_para.extend(type_nodes(ctx, r.schema))
    row += nodes.entry("", type_para)
    cell = nodes.entry()
    if r.label:
        cell += nodes.paragraph("", "", nodes.emphasis("", r.label))
    description = r.schema.description or target.description
    if not r.label and target.title and not description:
        cell += nodes.paragraph("", target.title)  # a title is text, not Markdown
    cell.extend(ctx.blocks(description))
    cell.extend(details(ctx, target))
    if r.note:
        cell += nodes.paragraph("", r.note, classes=["apidocs-note"])
    for label, index, branch in r.alternatives:
        cell.extend(_alternative(ctx, label, index, branch))
    row += cell
    return row


def _alternative(ctx: RenderContext, label: str, index: int, branch: Schema) -> list[nodes.Node]:
    """A branch without fields of its own, in its field's description cell: ``any of
    (2): string``, its flags, description and constraints."""
    target, name = ctx.resolve(branch)
    line = nodes.paragraph(classes=["apidocs-alternative"])
    line += nodes.emphasis("", f"{label} ({index + 1}):")
    line += nodes.Text(" ")
    titled = not name and (target.title or target.required)  # "Card", "requires email"
    line.extend(
        [nodes.Text(_branch_title(ctx, branch, index))] if titled else type_nodes(ctx, branch)
    )
    line.extend(flags(target))
    line.extend(milestone_badges(ctx.field_milestones.get(branch.location.pointer)))
    return [line, *ctx.blocks(branch.description or target.description), *details(ctx, target)]


def schema_anchor(spec_name: str, name: str) -> str:
    return anchor("schema", spec_name, name)
