"""Request and response bodies: the content type, the schema, and the examples, given
or made from the schema."""

from __future__ import annotations

import math
from typing import Any

from docutils import nodes

from ..samples.media import body_kind, body_text
from ..samples.payload import MAX_ITEMS, MAX_LENGTH, Context, branch_samples, given_example
from ..spec.model import MISSING, Example, MediaType, Schema
from ..validation.bounds import Unchecked
from .context import RenderContext
from .i18n import _
from .links import safe_url
from .schema import json_text, schema_block


def media_block(ctx: RenderContext, media: MediaType, context: Context) -> list[nodes.Node]:
    """Content type, schema table and examples; with no example given on the media type,
    the schema's own (as written, valid or not), else one made from the schema (one per
    ``oneOf``/``anyOf`` branch, written as the media type sends it).  A made-up example
    that holds nothing is left out, and one already shown in this operation (the same
    error body of several responses) is named, not repeated."""
    out: list[nodes.Node] = []
    para = nodes.paragraph(classes=["apidocs-media-type"])
    para += nodes.Text(_("Content type:") + " ")
    para += nodes.literal("", media.media_type)
    out.append(para)
    if media.schema is not None:
        out.extend(schema_block(ctx, media.schema))
    examples = media.examples
    given = given_example(ctx.spec, media.schema)
    if not examples and given is not MISSING:
        examples = (Example(None, media.location, value=given),)
    out.extend(examples_block(ctx, examples, media.media_type))
    if examples or media.schema is None:
        return out
    kind = body_kind(media.media_type)
    if kind == "binary":
        return out
    shortened = _shortened(ctx, media.schema)
    unchecked = Unchecked()
    made = branch_samples(
        ctx.spec, media.schema, context, unchecked=unchecked, properties=ctx.sample_properties
    )
    for name, value in made:
        if kind == "json":
            block = literal_example(value, media.media_type, ctx.example_max_chars)
        else:
            text = body_text(ctx.spec, media.schema, value, media.media_type, media.encoding)
            if len(text) > ctx.example_max_chars:
                text = (
                    text[: ctx.example_max_chars]
                    + f"\n… ({len(text) - ctx.example_max_chars} characters not shown)"
                )
            block = nodes.literal_block(text, text, classes=["apidocs-example"])
            block["language"] = "xml" if kind == "xml" else "text"
        if not block.astext().strip():
            continue  # nothing to send (a minimal form, an empty made-up value): no empty box
        title = _("Example (made from the schema)") + (f": {name}" if name else "")
        shown = (media.media_type, block.astext())
        if shown in ctx.examples_shown:
            note = f"{title}: as shown above in this operation."
            out.append(nodes.paragraph("", note, classes=["apidocs-note"]))
            continue
        ctx.examples_shown.add(shown)
        label = nodes.paragraph(classes=["apidocs-example-title"])
        label += nodes.strong("", title)
        out.extend((label, block))
    if shortened:
        note = "Shortened: " + "; ".join(shortened) + "."
        out.append(nodes.paragraph("", note, classes=["apidocs-note"]))
    if unchecked:
        out.append(nodes.paragraph("", _unchecked_note(unchecked), classes=["apidocs-note"]))
    return out


def _unchecked_note(unchecked: Unchecked) -> str:
    """Says, for a reader, that a made-up example may not meet some rules of its schema
    (why is apicheck's business: ``example-unchecked``)."""
    rules = [f"pattern {p}" for p in list(unchecked.patterns)[:3]]
    if len(unchecked.patterns) > 3:
        rules.append(f"{len(unchecked.patterns) - 3} more patterns")
    if unchecked.exhausted:
        rules.append("the schema's alternatives, too many to try in full")
    return "Not checked against " + "; ".join(rules) + "."


def _shortened(ctx: RenderContext, schema: Schema, limit: int = 20) -> list[str]:
    """Where the schema asks for more than a made-up example holds (``minItems`` over
    :data:`MAX_ITEMS`, ``minLength`` over :data:`MAX_LENGTH`), as readable notes."""
    out: list[str] = []
    seen: set[int] = set()
    todo: list[tuple[str, Schema, int]] = [("the body", schema, 0)]
    while todo and len(out) < limit:
        where, current, depth = todo.pop(0)
        target, _name = ctx.resolve(current)
        if id(target) in seen or depth > 8:
            continue
        seen.add(id(target))
        limits = dict(target.constraints)
        for key, most, unit in (
            ("minItems", MAX_ITEMS, "items"),
            ("minLength", MAX_LENGTH, "characters"),
        ):
            wanted = limits.get(key)
            if isinstance(wanted, (int, float)) and not isinstance(wanted, bool) and wanted > most:
                size = f"{int(wanted):,}" if math.isfinite(wanted) else "infinite"
                out.append(f"{where} has {key} {size} ({most} {unit} shown)")
        for prop, sub in target.properties:
            todo.append((prop if where == "the body" else f"{where}.{prop}", sub, depth + 1))
        if target.items is not None:
            todo.append((f"{where}[]", target.items, depth + 1))
        for part in target.all_of:
            todo.append((where, part, depth + 1))
    return out


def examples_block(
    ctx: RenderContext, examples: tuple[Example, ...], media_type: str
) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for ex in examples:
        caption = _("Example") + (f" {ex.name}" if ex.name else "")
        if ex.summary:
            caption += f": {ex.summary}"
        label = nodes.paragraph(classes=["apidocs-example-title"])
        label += nodes.strong("", caption)
        out.append(label)
        out.extend(ctx.blocks(ex.description))
        if ex.value is not MISSING:
            out.append(literal_example(ex.value, media_type, ctx.example_max_chars))
            if ex.external_value:  # read from a local file of the project
                source = nodes.paragraph(classes=["apidocs-example-source"])
                source += nodes.Text("From file: ")
                source += nodes.literal("", ex.external_value)
                out.append(source)
        elif ex.external_value:  # a remote example: named, never fetched
            para = nodes.paragraph()
            para += nodes.Text("External example: ")
            url = safe_url(ex.external_value)
            if url:  # a link the reader can follow; the build never does
                para += nodes.reference("", "", nodes.literal("", ex.external_value), refuri=url)
            else:
                para += nodes.literal("", ex.external_value)
            out.append(para)
    return out


def literal_example(value: Any, media_type: str, limit: int) -> nodes.literal_block:
    text = json_text(value, limit=limit, indent=2)
    if isinstance(value, str) or text.endswith("not shown)"):  # a cut example is no longer JSON
        language = "xml" if "xml" in media_type and isinstance(value, str) else "text"
    else:
        language = "json"
    block = nodes.literal_block(text, text, classes=["apidocs-example"])
    block["language"] = language
    return block
