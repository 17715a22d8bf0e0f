"""A spec's introduction (format-neutral docutils): title and version, summary,
description, contact, licence, terms, external docs, servers, authentication, the tag
list and the spec's download links."""

from __future__ import annotations

import re
from collections.abc import Sequence

from docutils import nodes

from ..spec.grouping import tag_parents
from ..spec.model import ApiSpec, License, Logo
from .context import RenderContext
from .i18n import _
from .links import external_docs_para, safe_url
from .operation import (
    rubric,
    security_block,
    security_schemes_block,
    servers_block,
)

DOWNLOAD_CLASS = "apidocs-download"
"""The paragraph of download links; each link is an ``inline`` whose ``apidocs_download``
attribute is the file's path under the HTML output (an HTML transform makes it a link;
other formats leave the paragraph out)."""

SECTION = "apidocs_section"
"""The attribute that marks a heading of the spec's description (a ``rubric``), the spec's
name: a section that Redoc-style links name (``#section/Authentication``), given an id
where the directive registers it."""

LOGO_CLASS = "apidocs-logo"
"""The container of the spec's logo (``x-logo``); its ``apidocs_background`` attribute,
when set, is the logo's background colour (an HTML transform paints it)."""

_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")

_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{3,30}|(?:rgb|rgba|hsl|hsla)\([0-9.%,/ ]{1,60}\)")
"""A CSS colour as ``x-logo.backgroundColor`` gives it (nothing else can reach a style)."""


def info_block(
    ctx: RenderContext, spec: ApiSpec, prose: Sequence[nodes.Node] = ()
) -> nodes.container:
    """Title and version, summary, description, ``prose`` (the project's own), contact,
    licence, terms of service and external docs."""
    info = nodes.container(classes=["apidocs-info"])
    para = nodes.paragraph()
    para += nodes.strong("", spec.title)
    if spec.version:
        para += nodes.Text(" " + _("(version {version})").format(version=spec.version))
    info += para
    if spec.summary:
        info += nodes.paragraph("", "", *ctx.inline(spec.summary))
    info.extend(section_headings(ctx.blocks(spec.description), ctx.spec_name))
    info.extend(prose)
    facts = nodes.bullet_list(classes=["apidocs-facts"])
    contact = spec.contact
    if contact and (contact.name or contact.email or contact.url):
        facts += nodes.list_item("", _fact(_("Contact"), contact.name, contact.url, contact.email))
    if spec.license and (spec.license.name or spec.license.identifier):
        facts += nodes.list_item("", _license(spec.license))
    if spec.terms_of_service:
        facts += nodes.list_item(
            "", _fact(_("Terms of service"), None, spec.terms_of_service, None)
        )
    if len(facts):
        info += facts
    if spec.external_docs is not None:
        info += external_docs_para(ctx, spec.external_docs)
    return info


def section_headings(blocks: list[nodes.Node], spec_name: str) -> list[nodes.Node]:
    """``blocks`` (a rendered description of spec ``spec_name``), their headings marked
    with :data:`SECTION`."""
    for block in blocks:
        if isinstance(block, nodes.Element):
            for heading in block.findall(nodes.rubric):
                heading[SECTION] = spec_name
    return blocks


def access_blocks(ctx: RenderContext, spec: ApiSpec, *, requirements: bool) -> list[nodes.Node]:
    """Servers (with their variables) and security schemes; with ``requirements``, also
    the security the operations need unless they say otherwise."""
    out: list[nodes.Node] = []
    if spec.servers:
        out.extend(servers_block(ctx, spec.servers, _("Servers")))
    if spec.security_schemes:
        out.extend(security_schemes_block(ctx, spec.security_schemes))
    if requirements and spec.security:
        out.extend(security_block(ctx, spec, spec.security, _("Required by default")))
    return out


def tags_block(ctx: RenderContext, spec: ApiSpec) -> list[nodes.Node]:
    """The spec's tags, each a link to where its operations are rendered (text where
    they are rendered nowhere), with the first paragraph of its description."""
    if not spec.tags:
        return []
    items: dict[str, nodes.list_item] = {}
    for tag in spec.tags:
        label = tag.display_name or tag.name
        para = nodes.paragraph()
        para += ctx.xref("tag", tag.name, nodes.inline(label, label))
        if tag.kind:  # OpenAPI 3.2: what sort of tag
            para += nodes.Text(" ")
            para += nodes.inline("", tag.kind, classes=["apidocs-flag", "apidocs-tag-kind"])
        description = ctx.prose(tag.description or "").strip()
        first = _PARAGRAPH_BREAK.split(description, maxsplit=1)[0]
        for text in (ctx.prose(tag.summary or ""), first):
            if text:
                para += nodes.Text(" — ")
                para.extend(ctx.inline(text, translated=True))
        items[tag.name] = nodes.list_item("", para)
    top = nodes.bullet_list(classes=["apidocs-tags"])
    parents = tag_parents(spec)
    for name, item in items.items():  # a tag under its OpenAPI 3.2 parent
        above = parents.get(name)
        parent = items.get(above) if above is not None else None  # a tag may be named ""
        if parent is None:
            top += item
            continue
        children = parent.children[-1]
        if not isinstance(children, nodes.bullet_list):
            children = nodes.bullet_list(classes=["apidocs-tags"])
            parent += children
        children += item
    return [rubric(_("Tags")), top]


def download_para(files: Sequence[tuple[str, str]]) -> nodes.paragraph:
    """Links to the spec's files: (label, path under the HTML output) pairs."""
    para = nodes.paragraph(classes=[DOWNLOAD_CLASS])
    para += nodes.Text(_("Download the specification:") + " ")
    for i, (label, path) in enumerate(files):
        if i:
            para += nodes.Text(", ")
        para += nodes.inline("", label, apidocs_download=path)
    return para


def _license(lic: License) -> nodes.paragraph:
    """The licence by name, linked to its URL, else to its SPDX page."""
    url = lic.url
    if not url and lic.identifier:
        url = f"https://spdx.org/licenses/{lic.identifier}.html"
    para = _fact(_("License"), lic.name or lic.identifier, url, None)
    if lic.name and lic.identifier:
        para += nodes.Text(" (")
        para += nodes.literal("", lic.identifier)
        para += nodes.Text(")")
    return para


def _fact(label: str, name: str | None, url: str | None, email: str | None) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.Text(f"{label}: ")
    text = name or url or ""
    safe = safe_url(url) if url else None
    if safe and text:
        para += nodes.reference(text, text, refuri=safe)
    elif text:
        para += nodes.Text(text)
    if email:
        mail = safe_url("mailto:" + email)
        para += nodes.Text(", " if text else "")
        if mail:
            para += nodes.reference(email, email, refuri=mail)
        else:
            para += nodes.Text(email)
    return para


def logo_block(logo: Logo, uri: str, title: str) -> nodes.container:
    """The spec's logo, found by the page at ``uri``: a link to its ``href`` when that is
    a safe URL, its alternative text the spec's or ``title``'s."""
    box = nodes.container(classes=[LOGO_CLASS])
    alt = logo.alt_text or f"{title} logo"
    image = nodes.image(uri, uri=uri, alt=alt)
    href = safe_url(logo.href) if logo.href else None
    if href:
        box += nodes.paragraph("", "", nodes.reference("", "", image, refuri=href))
    else:
        box += image
    colour = (logo.background_color or "").strip()
    if _COLOUR.fullmatch(colour):
        box["apidocs_background"] = colour
    return box
