"""Request and response bodies: the content type, the schema, and the examples, given
or made from the schema."""

from __future__ import annotations

import math
from typing import Any

from docutils import nodes

from ..samples.media import RECORD_SEPARATOR, body_kind, body_text, stream_items, stream_text
from ..samples.payload import MAX_ITEMS, MAX_LENGTH, Context, given_example
from ..samples.validity import made_up
from ..spec.model import MISSING, ApiSpec, Example, MediaType, Schema
from ..validation.bounds import Unchecked
from .context import RenderContext
from .i18n import N_, _
from .links import safe_url
from .schema import cut_text, json_text, schema_block, schema_xref
from .text_nodes import NOT_SEARCHED


def media_block(ctx: RenderContext, media: MediaType, context: Context) -> list[nodes.Node]:
    """Content type, schema table and examples; with no example given on the media type,
    the schema's own (as written, valid or not), else one made from the schema (one per
    ``oneOf``/``anyOf`` branch, written as the media type sends it).  A made-up example
    that holds nothing is left out; one already shown in this operation (the same error
    body of several responses) is named, not repeated; one of a body that is a schema
    shown in full elsewhere is shown there (:func:`schema_examples`) and linked."""
    out: list[nodes.Node] = []
    para = nodes.paragraph(classes=["apidocs-media-type"])
    para += nodes.Text(_("Content type:") + " ")
    para += nodes.literal("", media.media_type)
    out.append(para)
    if media.schema is not None:
        out.extend(schema_block(ctx, media.schema))
    if media.item_schema is not None:
        out.extend(stream_block(ctx, media, context))
    examples = media.examples
    given = given_example(ctx.spec, media.schema)
    if not examples and given is not MISSING:
        examples = (Example(None, media.location, value=given),)
    out.extend(examples_block(ctx, examples, media.media_type))
    if examples or media.schema is None or body_kind(media.media_type) == "binary":
        return out
    owner = made_up_from(ctx.spec, media)
    if owner is not None and owner in ctx.linked_schemas:
        note = nodes.paragraph(classes=["apidocs-note"])
        note += nodes.Text(_("Example (made from the schema): shown with the schema") + " ")
        note += schema_xref(ctx, owner, fragment=example_fragment(context))
        note += nodes.Text(".")
        out.append(note)
        return out
    out.extend(made_up_examples(ctx, media, context, _("Example (made from the schema)")))
    return out


def stream_block(ctx: RenderContext, media: MediaType, context: Context) -> list[nodes.Node]:
    """The items of an OpenAPI 3.2 sequential media type (``itemSchema``): their schema,
    and a made-up stream of a few items written as the media type frames them."""
    item = media.item_schema
    assert item is not None
    head = nodes.paragraph(classes=["apidocs-stream"])
    head += nodes.strong("", _("A stream of items, each:"))
    out: list[nodes.Node] = [head, *schema_block(ctx, item)]
    values = stream_items(ctx.spec, item, context, ctx.sample_properties)
    stream = stream_text(values, media.media_type, media.prefix_encoding, media.item_encoding)
    text = shortened_text(stream, ctx.example_max_chars)
    label = nodes.paragraph(classes=["apidocs-example-title"])
    label += nodes.strong("", _("Example stream (made from the item schema)"))
    block = nodes.literal_block(text, text, classes=["apidocs-example"])
    block["language"] = "text"
    out += [label, block]
    if RECORD_SEPARATOR in text:
        note = _("{marker} stands for the record separator character (0x1E).")
        out.append(
            nodes.paragraph("", note.format(marker=RECORD_SEPARATOR), classes=["apidocs-note"])
        )
    return out


def made_up_from(spec: ApiSpec, media: MediaType) -> str | None:
    """The component schema whose made-up example is the body's own, when the body is a
    JSON reference to it with no example given; else None."""
    schema = media.schema
    if schema is None or not schema.ref or media.examples or body_kind(media.media_type) != "json":
        return None
    if given_example(spec, schema) is not MISSING:
        return None
    return spec.schema_names.get(schema.ref)


def made_up_bodies(spec: ApiSpec) -> dict[str, tuple[Context, ...]]:
    """The component schemas a body's made-up example is made from (:func:`made_up_from`),
    with the contexts they are made in (request, response), over every operation."""
    found: dict[str, set[Context]] = {}
    todo = list(spec.operations + spec.webhooks)
    while todo:
        op = todo.pop()
        bodies: list[tuple[MediaType, Context]] = []
        if op.request_body is not None:
            bodies.extend((media, "request") for media in op.request_body.content)
        for response in op.responses:
            bodies.extend((media, "response") for media in response.content)
        for media, context in bodies:
            name = made_up_from(spec, media)
            if name is not None:
                found.setdefault(name, set()).add(context)
        todo.extend(cb_op for callback in op.callbacks for cb_op in callback.operations)
    return {name: tuple(sorted(contexts)) for name, contexts in found.items()}


def example_fragment(context: Context) -> str:
    """The end of the id of a schema's made-up example in ``context`` (after the schema's
    own anchor)."""
    return f"example-{context}"


def schema_examples(
    ctx: RenderContext, reference: Schema, anchor: str, contexts: tuple[Context, ...]
) -> list[nodes.Node]:
    """The made-up examples of the component schema ``reference`` refers to, for the
    bodies that link here (:func:`media_block`): one per context, each at the id
    ``anchor-example-CONTEXT``."""
    titles = {
        "request": _("Example request body (made from the schema)"),
        "response": _("Example response body (made from the schema)"),
    }
    out: list[nodes.Node] = []
    taken = ctx.page_examples.ids if ctx.page_examples is not None else set()
    for context in contexts:
        target_id = f"{anchor}-{example_fragment(context)}"
        if target_id not in taken:  # not when the page shows the schema twice
            taken.add(target_id)
            out.append(nodes.target("", "", ids=[target_id]))
        media = MediaType("application/json", reference.location, schema=reference)
        out.extend(made_up_examples(ctx, media, context, titles[context]))
    return out


def made_up_examples(
    ctx: RenderContext, media: MediaType, context: Context, title: str
) -> list[nodes.Node]:
    """The examples made from the body's schema, each under ``title`` (and its branch),
    with notes on what they leave out or could not check."""
    schema = media.schema
    assert schema is not None
    kind = body_kind(media.media_type)
    out: list[nodes.Node] = []
    shortened = _shortened(ctx, schema)
    made = made_up(
        ctx.spec, schema, context, ctx.sample_properties, ctx.validator, ctx.made_up_cache
    )
    if made.invalid:
        ctx.invalid_samples.append((schema, context, list(made.invalid.items())))
    for name, value in made.samples:
        if kind == "json":
            block = literal_example(value, media.media_type, ctx.example_max_chars)
        else:
            text = body_text(ctx.spec, schema, value, media.media_type, media.encoding)
            text = shortened_text(text, ctx.example_max_chars)
            block = nodes.literal_block(text, text, classes=["apidocs-example"])
            block["language"] = "xml" if kind == "xml" else "text"
        if not block.astext().strip():
            # nothing to send (a minimal form, an empty made-up value): no empty box
            if context == "request" and not name:
                note = _("Every field is optional: the example and the code samples send none.")
                out.append(nodes.paragraph("", note, classes=["apidocs-note"]))
            continue
        block["classes"].append(NOT_SEARCHED)  # made-up values are nothing to look for
        titled = title + (f": {name}" if name else "")
        shown = (media.media_type, block.astext())
        if shown in ctx.examples_shown:
            note = f"{titled}: " + _("as shown above in this operation.")
            out.append(nodes.paragraph("", note, classes=["apidocs-note"]))
            continue
        ctx.examples_shown.add(shown)
        label = nodes.paragraph(classes=["apidocs-example-title"])
        label += nodes.strong("", titled)
        out.append(label)
        out.extend(_unless_repeated(ctx, label, block))
        if name in made.invalid:
            note = _("This example does not meet its schema: no valid one could be made.")
            out.append(nodes.paragraph("", note, classes=["apidocs-note", "apidocs-invalid"]))
    if shortened:
        note = _("Shortened:") + " " + "; ".join(shortened) + "."
        out.append(nodes.paragraph("", note, classes=["apidocs-note"]))
    if made.unchecked:
        out.append(nodes.paragraph("", _unchecked_note(made.unchecked), classes=["apidocs-note"]))
    return out


def _unless_repeated(
    ctx: RenderContext, label: nodes.paragraph, block: nodes.literal_block
) -> list[nodes.Node]:
    """``[block]``; or, when the page showed the same block already, nothing, and
    ``label`` (the block's title) ends with a link to that one: a one-line note."""
    first = ctx.page_examples.repeat_of(block) if ctx.page_examples is not None else None
    if first is None:
        return [block]
    label += nodes.Text(": " + _("the same as the example") + " ")
    label += nodes.reference("", _("shown above"), refid=first, internal=True)
    label += nodes.Text(".")
    return []


def _unchecked_note(unchecked: Unchecked) -> str:
    """Says, for a reader, that a made-up example may not meet some rules of its schema
    (why is apicheck's business: ``example-unchecked``)."""
    rules = [_("pattern") + f" {p}" for p in list(unchecked.patterns)[:3]]
    if len(unchecked.patterns) > 3:
        rules.append(_("{count} more patterns").format(count=len(unchecked.patterns) - 3))
    if unchecked.exhausted:
        rules.append(_("the schema's alternatives, too many to try in full"))
    return _("Not checked against {rules}.").format(rules="; ".join(rules))


def _shortened(ctx: RenderContext, schema: Schema, limit: int = 20) -> list[str]:
    """Where the schema asks for more than a made-up example holds (``minItems`` over
    :data:`MAX_ITEMS`, ``minLength`` over :data:`MAX_LENGTH`), as readable notes."""
    out: list[str] = []
    seen: set[int] = set()
    body = _("the body")
    todo: list[tuple[str, Schema, int]] = [(body, schema, 0)]
    while todo and len(out) < limit:
        where, current, depth = todo.pop(0)
        target, _name = ctx.resolve(current)
        if id(target) in seen or depth > 8:
            continue
        seen.add(id(target))
        limits = dict(target.constraints)
        for key, most, note in (
            ("minItems", MAX_ITEMS, N_("{where} has minItems {size} ({most} items shown)")),
            ("minLength", MAX_LENGTH, N_("{where} has minLength {size} ({most} characters shown)")),
        ):
            wanted = limits.get(key)
            if isinstance(wanted, (int, float)) and not isinstance(wanted, bool) and wanted > most:
                size = f"{int(wanted):,}" if math.isfinite(wanted) else _("infinite")
                out.append(_(note).format(where=where, size=size, most=most))
        for prop, sub in target.properties:
            todo.append((prop if where == body else f"{where}.{prop}", sub, depth + 1))
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
            caption += f": {ctx.prose(ex.summary)}"
        label = nodes.paragraph(classes=["apidocs-example-title"])
        label += nodes.strong("", caption)
        out.append(label)
        out.extend(ctx.blocks(ex.description))
        if ex.value is not MISSING:
            block = literal_example(ex.value, media_type, ctx.example_max_chars)
            out.extend(_unless_repeated(ctx, label, block))
            if ex.external_value:  # read from a local file of the project
                source = nodes.paragraph(classes=["apidocs-example-source"])
                source += nodes.Text(_("From file:") + " ")
                source += nodes.literal("", ex.external_value)
                out.append(source)
        elif ex.external_value:  # a remote example: named, never fetched
            para = nodes.paragraph()
            para += nodes.Text(_("External example:") + " ")
            url = safe_url(ex.external_value)
            if url:  # a link the reader can follow; the build never does
                para += nodes.reference("", "", nodes.literal("", ex.external_value), refuri=url)
            else:
                para += nodes.literal("", ex.external_value)
            out.append(para)
        if ex.serialized_value is not None:
            out.extend(serialized_block(ex.serialized_value, ctx.example_max_chars))
    return out


def shortened_text(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and how many more there are."""
    return text if len(text) <= limit else cut_text(text, limit, "\n")


def serialized_block(text: str, limit: int) -> list[nodes.Node]:
    """An example's OpenAPI 3.2 ``serializedValue``: the text as sent, titled."""
    text = shortened_text(text, limit)
    title = nodes.paragraph("", _("Serialized (as sent):"), classes=["apidocs-example-source"])
    block = nodes.literal_block(text, text, classes=["apidocs-example"])
    block["language"] = "text"
    return [title, block]


def literal_example(value: Any, media_type: str, limit: int) -> nodes.literal_block:
    text = json_text(value, indent=2)
    cut = bool(limit) and len(text) > limit
    if cut:
        text = cut_text(text, limit, "\n")
    if isinstance(value, str) or cut:  # a cut example is no longer JSON
        language = "xml" if "xml" in media_type and isinstance(value, str) else "text"
    else:
        language = "json"
    block = nodes.literal_block(text, text, classes=["apidocs-example"])
    block["language"] = language
    return block
