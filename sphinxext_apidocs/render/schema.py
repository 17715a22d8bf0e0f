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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes

from ..spec.enum_values import EnumValue, enum_values
from ..spec.model import MISSING, ApiSpec, Discriminator, Operation, Schema
from ..spec.numbers import SourceFloat
from ..spec.pointer import last_token
from ..spec.satisfiable import subschemas
from ..validation.json_types import json_type
from .context import RenderContext, anchor
from .i18n import _
from .text_nodes import code_name

FIELD_PARENT = "field_parent"
"""Attribute of a nested field's name (a ``literal`` holding its full path): the
path of its parent with the separator, so that a format can show the own name."""

CONSTRAINT_LABELS = {
    "minimum": "≥ {}",
    "maximum": "≤ {}",
    "exclusiveMinimum": "> {}",
    "exclusiveMaximum": "< {}",
    "multipleOf": "multiple of {}",
    "minLength": "min length {}",
    "maxLength": "max length {}",
    "minItems": "min items {}",
    "maxItems": "max items {}",
    "minProperties": "min properties {}",
    "maxProperties": "max properties {}",
    "contentMediaType": "content type {}",
    "contentEncoding": "encoding {}",
}


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
        separator = "\n" if indent is not None else ""
        text = f"{text[:limit]}{separator}{TRUNCATED.format(len(text) - limit)}"
    return text


TRUNCATED = "… ({} more characters not shown)"


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
        return [nodes.inline("", f"unresolved {schema.ref_name}", classes=["apidocs-unresolved"])]
    if name:
        out.append(schema_xref(ctx, name))
        kind = _type_words(ctx, target, named=True)
        if kind:
            out.append(nodes.Text(f" ({kind})"))
        return out
    words = _type_words(ctx, target) or "any"
    item_name = linked_name(ctx, target.items) if target.items is not None else None
    before, array_of, after = words.partition(f"array of {item_name}")
    if item_name and array_of:  # its items are shown elsewhere: link them
        return [nodes.Text(before + "array of "), schema_xref(ctx, item_name), nodes.Text(after)]
    return [nodes.Text(words)]


def linked_name(ctx: RenderContext, schema: Schema) -> str | None:
    """The name of the component schema ``schema`` refers to, when it is shown in full
    elsewhere (so that here it is a link); else None."""
    name = ctx.spec.schema_names.get(schema.ref) if schema.ref else None
    return name if name in ctx.linked_schemas else None


def schemas_used(spec: ApiSpec, operations: Iterable[Operation]) -> list[str]:
    """The component schemas that ``operations`` show, directly or through other schemas
    (their discriminator mappings too), in the spec's order."""
    pending = [s for op in operations for s in _operation_schemas(op)]
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
        if schema.discriminator is not None:
            pending.extend(
                Schema(schema.location, ref=key) for _value, key in schema.discriminator.mapping
            )
    return [name for name, _key in spec.component_schemas if name in found]


def _operation_schemas(op: Operation) -> Iterator[Schema]:
    """The schemas of an operation's parameters, bodies and headers, and of its callbacks."""
    for p in op.parameters:
        yield from (s for s in [p.schema, *(m.schema for m in p.content)] if s is not None)
    bodies = list(op.request_body.content) if op.request_body is not None else []
    for response in op.responses:
        bodies.extend(response.content)
        yield from (h.schema for h in response.headers if h.schema is not None)
    yield from (m.schema for m in bodies if m.schema is not None)
    for callback in op.callbacks:
        for cb_op in callback.operations:
            yield from _operation_schemas(cb_op)


def _type_words(ctx: RenderContext, s: Schema, *, named: bool = False) -> str:
    types = list(s.types)
    words: list[str] = []
    for t in types or ([] if named else _implied_types(s)):
        if t == "array":
            if s.items is not None:
                item, item_name = ctx.resolve(s.items)
                inner = item_name or _type_words(ctx, item) or "any"
                words.append(f"array of {inner}")
            else:
                words.append("array")
        elif s.format and t in ("string", "integer", "number"):
            words.append(f"{t} ({s.format})")
        else:
            words.append(t)
    if not words and s.format:
        words.append(s.format)
    for label, branches in (("one of", s.one_of), ("any of", s.any_of)):
        if branches:
            names = [_branch_title(ctx, b, i) for i, b in enumerate(branches)]
            words.append(f"{label} " + ", ".join(names))
    if s.all_of and not types and not named:
        named_parts = [n for n in (ctx.resolve(b)[1] for b in s.all_of) if n]
        words.append("all of " + ", ".join(named_parts) if named_parts else "object")
    if s.not_ is not None:
        words.append("not " + _branch_title(ctx, s.not_, 0))
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
    return []


def _branch_title(ctx: RenderContext, branch: Schema, index: int) -> str:
    target, name = ctx.resolve(branch)
    return name or target.title or _type_words(ctx, target) or f"option {index + 1}"


def _literals(label: str, values: tuple[Any, ...], *, most: int) -> list[nodes.Node]:
    """``label`` and up to ``most`` values as JSON literals, with a count of the rest."""
    out: list[nodes.Node] = [nodes.Text(label)]
    for i, value in enumerate(values[:most]):
        if i:
            out.append(nodes.Text(", "))
        out.append(nodes.literal("", json_text(value, limit=200)))
    if len(values) > most:
        out.append(nodes.Text(f", … ({len(values) - most} more)"))
    return out


def details(ctx: RenderContext, s: Schema) -> list[nodes.Node]:
    """Inline nodes for default, enum, constraints, example and flags."""
    parts: list[list[nodes.Node]] = []
    described = enum_values(s)
    if s.enum is not None and not described:
        parts.append(_literals("Allowed: ", s.enum, most=50))
    if s.const is not MISSING:
        parts.append([nodes.Text("Constant: "), nodes.literal("", json_text(s.const, limit=200))])
    if s.default is not MISSING:
        parts.append(
            [nodes.Text(_("Default:") + " "), nodes.literal("", json_text(s.default, limit=200))]
        )
    constraints = _constraints(s)
    if constraints:
        parts.append(constraints)
    if s.discriminator is not None:
        parts.append(_discriminator(ctx, s.discriminator))
    if s.examples:
        parts.append(
            _literals("Example: " if len(s.examples) == 1 else "Examples: ", s.examples, most=5)
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
    return out


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
    head += nodes.Text("Allowed:")
    if len(values) > most:
        head += nodes.Text(f" ({len(values) - most} more not listed)")
    return [head, items]


def _constraints(s: Schema) -> list[nodes.Node]:
    """``Constraints: ≥ 1; max length 20; pattern ^a``, or nothing."""
    constraints: list[str] = []
    patterns: list[str] = []
    for key, value in s.constraints:
        if key == "uniqueItems":
            if value is True:
                constraints.append("unique items")
            continue
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            continue  # 3.0 style: a flag on minimum/maximum
        label = CONSTRAINT_LABELS.get(key, key + " {}")
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
    items += [[nodes.Text("pattern "), nodes.literal("", p)] for p in patterns]
    if not items:
        return []
    part: list[nodes.Node] = [nodes.Text(_("Constraints:") + " ")]
    for i, item in enumerate(items):
        if i:
            part.append(nodes.Text("; "))
        part.extend(item)
    return part


def _discriminator(ctx: RenderContext, discriminator: Discriminator) -> list[nodes.Node]:
    """``Discriminator: kind (cat → Cat, dog → Dog)``."""
    disc: list[nodes.Node] = [
        nodes.Text("Discriminator: "),
        nodes.literal("", discriminator.property_name),
    ]
    for i, (value, key) in enumerate(discriminator.mapping):
        disc.append(nodes.Text(", " if i else " ("))
        disc.append(nodes.literal("", value))
        disc.append(nodes.Text(" → "))
        if key:
            disc.append(schema_xref(ctx, ctx.spec.schema_names.get(key) or last_token(key)))
        else:
            disc.append(nodes.Text("(missing schema)"))
    if discriminator.mapping:
        disc.append(nodes.Text(")"))
    return disc


def flags(s: Schema, *, required: bool = False) -> list[nodes.Node]:
    words = []
    if required:
        words.append("required")
    if s.read_only:
        words.append("read-only")
    if s.write_only:
        words.append("write-only")
    if s.deprecated:
        words.append("deprecated")
    out: list[nodes.Node] = []
    for w in words:
        out.append(nodes.Text(" "))
        out.append(nodes.inline("", w, classes=["apidocs-flag", "apidocs-flag-" + w]))
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

    @property
    def path(self) -> str:
        return self.parent + self.name


def merged(ctx: RenderContext, s: Schema) -> tuple[tuple[tuple[str, Schema], ...], tuple[str, ...]]:
    """Properties and required names of ``s`` with its ``allOf`` merged in (memoised per build)."""
    found = ctx.merged_cache.get(id(s))
    if found is None:
        found = ctx.merged_cache[id(s)] = (s, _merge(ctx, s))
    return found[1]


def _merge(ctx: RenderContext, s: Schema) -> tuple[tuple[tuple[str, Schema], ...], tuple[str, ...]]:
    props: dict[str, Schema] = {}
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
            props.setdefault(name, prop)
        required.extend(r for r in part.required if r not in required)
    return tuple(props.items()), tuple(required)


class _Walker:
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.rows: list[Row] = []
        self.elided = 0

    def object_rows(self, s: Schema, prefix: str, depth: int, ancestors: frozenset[str]) -> None:
        props, required = merged(self.ctx, s)
        for name, prop in props:
            self.property(prop, prefix, name, depth, ancestors, required=name in required)
        target, _name = self.ctx.resolve(s)
        extra = target.additional_properties
        if isinstance(extra, Schema):
            self.property(extra, prefix, "*", depth, ancestors, label="additional properties")
        for pattern, prop in target.pattern_properties:
            self.property(
                prop, prefix, f"/{pattern}/", depth, ancestors, label="pattern properties"
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
        note = self.descend(prop, parent, name, depth + 1, ancestors)
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
            return f"recursive: {schema_name} (shown above)"
        expandable = bool(
            merged(self.ctx, target)[0]
            or target.items is not None
            or target.prefix_items
            or target.one_of
            or target.any_of
            or isinstance(target.additional_properties, Schema)
        )
        if not expandable:
            return None
        if depth > self.ctx.schema_depth:
            return f"{schema_name or 'nested schema'}: not expanded (depth limit)"
        if key and key in self.ctx.expanded:
            return f"{schema_name}: see its first use above"
        if key:
            self.ctx.expanded.add(key)
            ancestors = ancestors | {key}
        self.expand(target, parent, name, depth, ancestors)
        return None

    def expand(
        self, target: Schema, parent: str, name: str, depth: int, ancestors: frozenset[str]
    ) -> None:
        """The rows below the field ``parent + name`` (the root when both are empty)."""
        path = parent + name
        if merged(self.ctx, target)[0] or isinstance(target.additional_properties, Schema):
            self.object_rows(target, path + "." if path else "", depth, ancestors)
        for i, item in enumerate(target.prefix_items):
            self.property(item, path, f"[{i}]", depth, ancestors, label="tuple item")
        if target.items is not None:
            note = self.descend(target.items, parent, name + "[]", depth, ancestors)
            if note and self.rows and self.rows[-1].note is None:
                self.rows[-1].note = note
        for label, branches in (("one of", target.one_of), ("any of", target.any_of)):
            for i, branch in enumerate(branches):
                if self.ctx.rows_left <= 0:
                    self.elided += 1
                    return
                self.ctx.rows_left -= 1
                title = _branch_title(self.ctx, branch, i)
                row = Row(parent, name, branch, depth, label=f"{label} ({i + 1}): {title}")
                self.rows.append(row)
                row.note = self.descend(branch, parent, name, depth + 1, ancestors)


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
        note += nodes.Text(f"{name}: fields as shown above in this operation.")
        out.append(note)
        return out
    if key:
        ctx.expanded.add(key)
    walker.expand(target, "", "", 1, ancestors)
    if walker.rows:
        out.append(rows_table(ctx, walker.rows))
    if walker.elided:
        note = nodes.paragraph(classes=["apidocs-note"])
        note += nodes.Text(f"{walker.elided} more rows not shown (rendering budget reached).")
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
    row += cell
    return row


def schema_anchor(spec_name: str, name: str) -> str:
    return anchor("schema", spec_name, name)
