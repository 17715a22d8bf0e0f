"""Operation, parameter, body and response nodes (format-neutral docutils)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes

from ..changes.diff import Milestones
from ..diagrams.mermaid import sequence
from ..samples.request import holds_nothing, querystring_text
from ..spec.model import (
    MISSING,
    ApiSpec,
    OAuthFlow,
    Operation,
    Parameter,
    Response,
    SecurityRequirement,
    SecurityScheme,
    Server,
)
from .bodies import media_block
from .changelog import milestone_badges
from .code_samples import code_samples_nodes
from .code_samples import collect as collect_samples
from .context import RenderContext, anchor, httpdomain_id, unique_id
from .diagram import diagram_nodes
from .i18n import N_, _, diagram_words
from .links import external_docs_para
from .schema import (
    branch_details,
    details,
    flag,
    json_text,
    name_type_description_table,
    type_nodes,
)
from .text_nodes import code_name

LOCATION_TITLES = (
    ("path", N_("Path parameters")),
    ("query", N_("Query parameters")),
    ("querystring", N_("Query string")),
    ("header", N_("Header parameters")),
    ("cookie", N_("Cookie parameters")),
    ("unresolved", N_("Parameters whose reference is unresolved")),
)


def method_badge(method: str) -> nodes.inline:
    """The HTTP method (as sent: :attr:`~.model.Operation.http_method`) as text, never
    colour alone."""
    return nodes.inline(
        "", method, classes=["apidocs-method", nodes.make_id(f"apidocs-method-{method}")]
    )


def operation_ids(op: Operation) -> list[str]:
    """Anchors: the operationId, and the one sphinxcontrib-httpdomain would give."""
    ids = []
    if op.operation_id:
        ids.append(anchor(op.operation_id))
    if op.kind == "webhook":
        ids.append(anchor("webhook", op.path, op.method))
    else:
        ids.append(httpdomain_id(op.method, op.path))
    return ids


def operation_anchors(op: Operation, taken_ids: set[str], spec_name: str = "") -> list[str]:
    """The ids of an operation on a page: those of :func:`operation_ids` the page has not
    taken (now taken), else one that names the spec."""
    ids = [i for i in operation_ids(op) if i not in taken_ids]
    taken_ids.update(ids)
    if not ids and spec_name:
        # another spec's operation on this page took these: one that names the spec
        ids.append(unique_id(anchor(spec_name, operation_ids(op)[0]), taken_ids))
    return ids


def rubric(text: str) -> nodes.rubric:
    return nodes.rubric(text, text, classes=["apidocs-rubric"])


def operation_node(
    op: Operation,
    body: list[nodes.Node],
    *,
    taken_ids: set[str],
    spec_name: str = "",
    milestones: Milestones | None = None,
) -> addnodes.desc:
    """A ``desc`` (like Sphinx's own object descriptions) for one operation.

    The signature (anchors, TOC entry, flags, the "New in" and "Changed in" badges of
    ``milestones``) is made here; ``body`` is usually a placeholder that is expanded to
    :func:`operation_body` at write time.
    """
    desc = addnodes.desc(
        domain="api",
        objtype="operation",
        desctype="operation",
        classes=["api", "apidocs-operation"],
    )
    sig = addnodes.desc_signature("", "", classes=["apidocs-signature"])
    sig["ids"] = operation_anchors(op, taken_ids, spec_name)
    sig += method_badge(op.http_method)
    sig += nodes.Text(" ")
    sig += addnodes.desc_name(op.path, op.path)
    for name in ("webhook",) * (op.kind == "webhook") + ("deprecated",) * op.deprecated:
        sig += nodes.Text(" ")
        sig += flag(name)
    sig += milestone_badges(milestones)
    sig["_toc_name"] = op.title
    sig["_toc_parts"] = (op.title,)
    desc += sig
    content = addnodes.desc_content()
    desc += content
    content.extend(body)
    return desc


def operation_body(
    ctx: RenderContext,
    op: Operation,
    description: list[nodes.Node] | None = None,
    extra: list[nodes.Node] | None = None,
) -> list[nodes.Node]:
    """Everything under an operation's signature.

    ``description`` (nodes) takes the place of the spec's, and ``extra`` comes last:
    both are a Markdown endpoint source's prose, already rendered.
    """
    ctx.start_operation()
    out: list[nodes.Node] = []
    # a Markdown description's first sentence may be the summary: not twice
    shown = " ".join("".join(n.astext() for n in description or ()).split())
    repeated = bool(description) and shown.startswith(" ".join((op.summary or "").split()))
    if op.summary and not repeated:
        para = nodes.paragraph(classes=["apidocs-summary"])
        para += nodes.strong("", "", *ctx.inline(op.summary))
        out.append(para)
    if op.deprecated:
        warn = nodes.warning()
        warn += nodes.paragraph(
            "", _("Deprecated: this operation may be removed; avoid it in new code.")
        )
        out.append(warn)
    if op.operation_id:
        para = nodes.paragraph(classes=["apidocs-operation-id"])
        para += nodes.Text(_("Operation ID:") + " ")
        para += nodes.literal("", op.operation_id)
        out.append(para)
    out.extend(ctx.blocks(op.description) if description is None else description)
    if op.external_docs is not None:
        out.append(external_docs_para(ctx, op.external_docs))
    if op.servers and op.servers != ctx.spec.servers:
        out.extend(servers_block(ctx, op.servers, _("Servers")))
    # a callback or webhook is a request the API sends: the API's own security does not apply
    inherited = ctx.spec.security if op.kind == "path" else ()
    security = op.security if op.security is not None else inherited
    if security:
        out.extend(security_block(ctx, ctx.spec, security))
    samples = collect_samples(
        ctx.code_samples,
        op,
        ctx.spec,
        ctx.sample_languages,
        ctx.base_url,
        ctx.example_max_chars,
        ctx.sample_properties,
    )
    out.extend(code_samples_nodes(samples))
    out.extend(parameters_block(ctx, op.parameters))
    if op.request_body is not None and not holds_nothing(ctx.spec, op.request_body):
        body = op.request_body
        out.append(rubric(_("Request body") + (" " + _("(required)") if body.required else "")))
        out.extend(ctx.blocks(body.description))
        for media in body.content:
            out.extend(media_block(ctx, media, "request"))
    if op.responses:
        out.append(rubric(_("Responses")))
        for response in op.responses:
            out.extend(response_block(ctx, response))
    out.extend(_callbacks_block(ctx, op))
    out.extend(extra or ())
    return out


def _callbacks_block(ctx: RenderContext, op: Operation) -> list[nodes.Node]:
    """The requests the API sends back while handling ``op``: a sequence diagram, then
    each callback's operations."""
    out: list[nodes.Node] = []
    if ctx.diagrams and any(cb.operations for cb in op.callbacks):
        out.append(rubric(_("Call sequence")))
        out.extend(
            diagram_nodes(sequence(ctx.spec, op, words=diagram_words(ctx.prose)), unasked=True)
        )
    for callback in op.callbacks:
        out.append(rubric(_("Callback {name}").format(name=callback.name)))
        para = nodes.paragraph()
        para += nodes.Text(_("Sent to") + " ")
        para += nodes.literal("", callback.expression)
        out.append(para)
        for cb_op in callback.operations:
            out.append(
                nested_operation(ctx, cb_op, _("Callback {name}").format(name=callback.name))
            )
    return out


def nested_operation(ctx: RenderContext, op: Operation, label: str) -> nodes.container:
    """A callback operation inside another one (no anchors, no TOC).

    Its headings carry ``label`` so that, where the indent and border of the
    HTML stylesheet are missing (PDF, text), they do not read as the parent's.
    """
    box = nodes.container(classes=["apidocs-nested-operation"])
    title = nodes.paragraph(classes=["apidocs-nested-title"])
    title += nodes.strong("", f"{label}:")
    title += nodes.Text(" ")
    title += method_badge(op.http_method)
    title += nodes.Text(" ")
    title += nodes.literal("", op.path)
    box += title
    saved = ctx.expanded, ctx.examples_shown, ctx.rows_left
    for node in operation_body(ctx, op):
        if isinstance(node, nodes.rubric):
            node[:] = [nodes.Text(f"{label}: {node.astext()}")]
        box += node
    ctx.expanded, ctx.examples_shown, ctx.rows_left = saved
    return box


def _add_description(ctx: RenderContext, para: nodes.Element, text: str | None) -> None:
    """`` — `` and ``text`` (inline Markdown) after a name, when there is a text."""
    if text:
        para += nodes.Text(" — ")
        para.extend(ctx.inline(text))


def servers_block(ctx: RenderContext, servers: Iterable[Server], title: str) -> list[nodes.Node]:
    out: list[nodes.Node] = [rubric(title)]
    items = nodes.bullet_list()
    for server in servers:
        item = nodes.list_item()
        para = nodes.paragraph()
        if server.name:  # OpenAPI 3.2
            para += nodes.strong("", server.name)
            para += nodes.Text(": ")
        para += nodes.literal("", server.url)
        _add_description(ctx, para, server.description)
        item += para
        if server.variables:
            sub = nodes.bullet_list()
            for var in server.variables:
                vp = nodes.paragraph()
                vp += nodes.literal("", "{" + var.name + "}")
                vp += nodes.Text(" " + _("default") + " ")
                vp += nodes.literal("", var.default)
                if var.enum:
                    vp += nodes.Text("; " + _("one of {names}").format(names=", ".join(var.enum)))
                _add_description(ctx, vp, var.description)
                sub += nodes.list_item("", vp)
            item += sub
        items += item
    out.append(items)
    return out


def security_schemes_block(
    ctx: RenderContext, schemes: Iterable[SecurityScheme]
) -> list[nodes.Node]:
    """The spec's security schemes: how to authenticate, with flows and scopes."""
    out: list[nodes.Node] = [rubric(_("Authentication"))]
    items = nodes.bullet_list(classes=["apidocs-security-schemes"])
    for scheme in schemes:
        item = nodes.list_item()
        para = nodes.paragraph()
        para += nodes.strong("", scheme.name)
        para += nodes.Text(f": {_scheme_kind(scheme, bearer_format=True)}")
        if scheme.openid_connect_url:
            para += nodes.Text(", " + _("discovery at") + " ")
            para += nodes.literal("", scheme.openid_connect_url)
        if scheme.oauth2_metadata_url:  # OpenAPI 3.2
            para += nodes.Text(", " + _("server metadata at") + " ")
            para += nodes.literal("", scheme.oauth2_metadata_url)
        if scheme.deprecated:
            para += nodes.Text(" ")
            para += nodes.inline(
                "", _("deprecated"), classes=["apidocs-flag", "apidocs-flag-deprecated"]
            )
        item += para
        item.extend(ctx.blocks(scheme.description))
        if scheme.flows:
            item += _flows_list(ctx, scheme.flows)
        items += item
    out.append(items)
    return out


def _scheme_kind(scheme: SecurityScheme, *, bearer_format: bool) -> str:
    """``http bearer (JWT)``, ``apiKey, header X-Key``, ``oauth2``..."""
    kind = scheme.type
    if scheme.scheme:
        kind += f" {scheme.scheme}"
    if bearer_format and scheme.bearer_format:
        kind += f" ({scheme.bearer_format})"
    if scheme.param_in and scheme.param_name:
        kind += f", {scheme.param_in} {scheme.param_name}"
    return kind


def _flows_list(ctx: RenderContext, flows: Iterable[OAuthFlow]) -> nodes.bullet_list:
    """A scheme's OAuth flows, with their URLs and scopes."""
    out = nodes.bullet_list()
    for flow in flows:
        fp = nodes.paragraph()
        fp += nodes.Text(_("{name} flow").format(name=flow.kind or "OAuth 2"))
        for label, url in (
            (N_("authorization URL"), flow.authorization_url),
            (N_("device authorization URL"), flow.device_authorization_url),
            (N_("token URL"), flow.token_url),
            (N_("refresh URL"), flow.refresh_url),
        ):
            if url:
                fp += nodes.Text(f", {_(label)} ")
                fp += nodes.literal("", url)
        flow_item = nodes.list_item("", fp)
        if flow.scopes:
            scopes = nodes.bullet_list()
            for scope, text in flow.scopes:
                sp = nodes.paragraph()
                sp += nodes.literal("", scope)
                _add_description(ctx, sp, text)
                scopes += nodes.list_item("", sp)
            flow_item += scopes
        out += flow_item
    return out


def security_block(
    ctx: RenderContext,
    spec: ApiSpec,
    requirements: tuple[SecurityRequirement, ...],
    title: str | None = None,
) -> list[nodes.Node]:
    """Which schemes a request needs (``title``: the heading, else *Authorization*)."""
    out: list[nodes.Node] = [rubric(title or _("Authorization"))]
    if len(requirements) > 1:
        out.append(nodes.paragraph("", _("Any one of:"), classes=["apidocs-security-choice"]))
    items = nodes.bullet_list(classes=["apidocs-security"])
    for req in requirements:
        para = nodes.paragraph()
        if not req.schemes:
            para += nodes.Text(_("None (anonymous access allowed)"))
        for i, (name, scopes) in enumerate(req.schemes):
            if i:
                para += nodes.Text(" " + _("and") + " ")
            para += nodes.strong("", name)
            scheme = spec.security_scheme(name)
            if scheme is None:
                para += nodes.Text(" " + _("(undefined scheme)"))
            else:
                para += nodes.Text(f" ({_scheme_kind(scheme, bearer_format=False)})")
            if scopes:
                para += nodes.Text(", " + _("scopes:") + " ")
                for j, scope in enumerate(scopes):
                    if j:
                        para += nodes.Text(", ")
                    para += nodes.literal("", scope)
        items += nodes.list_item("", para)
    out.append(items)
    return out


def parameters_block(ctx: RenderContext, params: tuple[Parameter, ...]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for where, english in LOCATION_TITLES:
        title = _(english)
        group = [p for p in params if p.location_in == where]
        if not group:
            continue
        out.append(rubric(title))
        if where == "querystring":
            out.extend(node for p in group for node in querystring_block(ctx, p))
            continue
        rows = [parameter_row(ctx, p) for p in group]
        out.append(name_type_description_table("apidocs-params-table", 25, rows))
    return out


def querystring_block(ctx: RenderContext, p: Parameter) -> list[nodes.Node]:
    """An OpenAPI 3.2 ``in: querystring`` parameter: the whole query string as one value
    of a media type, shown as a body is (schema table, examples), then as sent."""
    head = nodes.paragraph()
    head += code_name("", p.name)
    if p.required:
        head += nodes.Text(" ")
        head += nodes.inline("", _("required"), classes=["apidocs-flag", "apidocs-flag-required"])
    if p.deprecated:
        head += nodes.Text(" ")
        head += nodes.inline("", "deprecated", classes=["apidocs-flag", "apidocs-flag-deprecated"])
    out: list[nodes.Node] = [head, *ctx.blocks(p.description)]
    for media in p.content:
        out.extend(media_block(ctx, media, "request"))
    text = querystring_text(ctx.spec, p, ctx.example_max_chars)
    if text:
        sent = nodes.paragraph(classes=["apidocs-details"])
        sent += nodes.Text(_("Sent as:") + " ")
        sent += nodes.literal("", "?" + text)
        out.append(sent)
    return out


def parameter_row(ctx: RenderContext, p: Parameter) -> nodes.row:
    row = nodes.row()
    name = nodes.paragraph()
    name += code_name("", p.name)
    if p.required:
        name += nodes.Text(" ")
        name += flag("required")
    if p.deprecated:
        name += nodes.Text(" ")
        name += flag("deprecated")
    row += nodes.entry("", name)
    type_para = nodes.paragraph()
    schema = p.schema or (p.content[0].schema if p.content else None)
    if schema is not None:
        type_para.extend(type_nodes(ctx, schema))
    if p.content:
        type_para += nodes.Text(
            " " + _("as {media_type}").format(media_type=p.content[0].media_type)
        )
    row += nodes.entry("", type_para)
    cell = nodes.entry()
    cell.extend(ctx.blocks(p.description))
    if schema is not None:
        target, _name = ctx.resolve(schema)
        cell.extend(details(ctx, target))
        cell.extend(branch_details(ctx, target))
        if target.items is not None:  # an array parameter: what each item may be
            item_details = details(ctx, ctx.resolve(target.items)[0])
            if item_details:
                first = item_details[0]
                assert isinstance(first, nodes.paragraph)
                first.insert(0, nodes.Text(_("Each item:") + " "))
                cell.extend(item_details)
        if not p.description and target.description:
            cell.extend(ctx.blocks(target.description))
    for ex in p.examples:
        shown = [json_text(ex.value, limit=200)] if ex.value is not MISSING else []
        if ex.serialized_value is not None:  # OpenAPI 3.2: as sent
            shown.append(ex.serialized_value)
        if not shown:
            continue
        para = nodes.paragraph(classes=["apidocs-details"])
        para += nodes.Text(_("Example") + (f" {ex.name}" if ex.name else "") + ": ")
        for n, text in enumerate(shown):
            para += nodes.Text(", " + _("serialized") + " " if n else "")
            para += nodes.literal("", text)
        cell += para
    if p.style:
        style = _("Style:") + f" {p.style}" + (", " + _("exploded") if p.explode else "")
        cell += nodes.paragraph("", style)
    row += cell
    return row


_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def response_block(ctx: RenderContext, response: Response) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    head = nodes.paragraph(classes=["apidocs-response-status"])
    status_class = f"{response.status[0]}xx" if response.status[:1].isdigit() else "default"
    head += nodes.inline(
        "", response.status, classes=["apidocs-status", f"apidocs-status-{status_class}"]
    )
    # the first paragraph of the description goes on the status line, the rest below it
    description = ctx.prose(response.description or "").strip()
    paragraphs = _PARAGRAPH_BREAK.split(description, maxsplit=1)
    if response.summary:  # OpenAPI 3.2
        head += nodes.Text(" ")
        head += nodes.strong("", ctx.prose(response.summary))
        if paragraphs[0]:
            head += nodes.Text(" —")
    if paragraphs[0]:
        head += nodes.Text(" ")
        head.extend(ctx.inline(paragraphs[0], translated=True))
    box = nodes.container(classes=["apidocs-response"])
    box += head
    if len(paragraphs) > 1:
        box.extend(ctx.blocks(paragraphs[1], translated=True))
    if response.headers:
        items = nodes.bullet_list()
        for h in response.headers:
            para = nodes.paragraph()
            para += nodes.Text(_("Header") + " ")
            para += code_name("", h.name)
            if h.schema is not None:
                para += nodes.Text(": ")
                para.extend(type_nodes(ctx, h.schema))
            _add_description(ctx, para, h.description)
            items += nodes.list_item("", para)
        box += items
    for media in response.content:
        box.extend(media_block(ctx, media, "response"))
    for link in response.links:
        para = nodes.paragraph(classes=["apidocs-link"])
        para += nodes.Text(_("Link {name}: next call").format(name=link.name) + " ")
        if link.operation_id:
            para += ctx.xref("op", link.operation_id, nodes.literal("", link.operation_id))
        else:
            para += nodes.literal("", link.operation_ref or "?")
        if link.parameters:
            para += nodes.Text(" " + _("with") + " ")
            para += nodes.literal("", ", ".join(f"{k} = {v}" for k, v in link.parameters))
        _add_description(ctx, para, link.description)
        box += para
    out.append(box)
    return out
