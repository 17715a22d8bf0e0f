"""``api-spec``: every operation of a spec (or those its filters select), grouped by tag,
path or not at all, after the spec's overview."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives

from ...diagnostics.subtypes import Subtype
from ...markdown.merge import MarkdownIndex, filled_prose
from ...render.context import RenderContext, anchor, unique_id
from ...render.i18n import _
from ...render.links import external_docs_para
from ...render.overview import access_blocks, info_block, section_headings
from ...render.schema import schemas_used
from ...spec.grouping import UNTAGGED, tag_parents
from ...spec.model import HTTP_TOKEN, METHODS, ApiSpec, ExternalDocs, Operation
from ...spec.parts import SpecParts
from ...spec.selection import GroupBy, Selection, canonical, grouped, select, tagged
from .. import markdown_endpoints, state
from ..deferred import render_context
from ..domain import ObjectKind
from ..spec_cache import LoadedSpec
from .base import ApiDirective, list_option, split_commas


def operation_names(text: str) -> set[str | tuple[str, str]]:
    """``:operations:``: operationIds, and ``(method, path)`` for each ``METHOD /path``
    (an upper-case method, also an OpenAPI 3.2 ``additionalOperations`` one such as
    ``LINK``, followed by the path), separated by commas, spaces or lines."""
    tokens = text.replace(",", " ").split()
    out: set[str | tuple[str, str]] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (
            token.isupper()
            and HTTP_TOKEN.fullmatch(token)
            and i + 1 < len(tokens)
            and tokens[i + 1].startswith("/")
        ):
            out.add((token.lower(), tokens[i + 1]))
            i += 2
        else:
            out.add(token)
            i += 1
    return out


class Group(NamedTuple):
    """Operations shown together under one heading."""

    title: str | None
    description: str | None
    anchor: str
    operations: list[Operation]
    external_docs: ExternalDocs | None = None
    tag: str | None = None
    """The tag's name, for a group of one tag."""
    summary: str | None = None
    """The tag's OpenAPI 3.2 ``summary``."""
    section: str | None = None
    """The tag group it is shown under (:func:`.grouping.in_sections`)."""


class ApiSpecDirective(ApiDirective):
    """Render every operation of a spec, grouped by tag, path or not at all."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **ApiDirective.option_spec,
        "tags": list_option,
        "paths": list_option,
        "methods": list_option,
        "operations": list_option,
        "exclude": list_option,
        "group-by": lambda arg: directives.choice(arg, tuple(GroupBy)),
        "no-schemas": directives.flag,
    }
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        loaded = self.load(self.arguments[0])
        if loaded is None:
            return [
                self.placeholder(
                    f"API reference unavailable: {self.arguments[0]} could not be loaded."
                )
            ]
        spec = loaded.spec
        assert spec is not None
        ctx = render_context(self.env, self.state.document, loaded)
        languages = self.sample_languages()
        index = markdown_endpoints.configured_index(self.env, loaded.name, self.lineno)
        selection = self.selection(spec, index)
        operations = select(spec, selection, loaded.render_memo.setdefault("selection", {}))
        self.check_templates(loaded, operations, languages)
        filtered = any(
            k in self.options for k in ("tags", "paths", "methods", "operations", "exclude")
        )
        out: list[nodes.Node] = []
        if not filtered:
            out.extend(self.overview(ctx, loaded))
        markdown_endpoints.report_unmatched(self.env, index, loaded, self.lineno)
        taken = self.taken_ids()
        group_by = selection.group_by
        groups = self.group(spec, selection, [op for op in operations if op.kind == "path"])
        # which operations the selection keeps, how they are grouped
        shown = SpecParts(
            frozenset(str(op.location) for op in operations),
            # the tags of the operations, and the parent tags heading them
            tags=frozenset(t for op in operations for t in op.tags)
            | {group.tag for group in groups if group.tag is not None}
            if group_by == GroupBy.TAG
            else frozenset(),
            overview=not filtered,
            selections=frozenset({selection}),
        )
        self.shows(loaded, shown)
        webhooks = [op for op in operations if op.kind == "webhook"]
        if webhooks:
            groups.append(
                Group(
                    _("Webhooks"), _("Requests the API sends to your server."), "webhooks", webhooks
                )
            )
        sections = self.in_section_context() and group_by != GroupBy.NONE
        # a tag group (x-tagGroups) is a heading above its tags, unless every group shown is
        # in it; a tag with an OpenAPI 3.2 parent is inside its parent's group
        tag_groups = {tag_group.name for tag_group in spec.tag_groups}
        in_tag_group = {
            id(group): group.section if group.section in tag_groups else None for group in groups
        }
        nest = len(set(in_tag_group.values())) > 1
        built = [
            (group, self.group_node(ctx, loaded, group, index, languages, taken, sections))
            for group in groups
        ]
        by_tag = {group.tag: node for group, node in built if group.tag is not None}
        parents = tag_parents(spec)
        heading: tuple[str | None, nodes.Element] | None = None
        for group, node in built:
            above = parents.get(group.tag) if group.tag is not None else None
            parent = by_tag.get(above) if above is not None else None  # a tag may be ""
            if parent is not None:
                parent += node
            elif not nest or (section := in_tag_group[id(group)]) is None:
                out.append(node)
            else:
                if heading is None or heading[0] != section:
                    heading = (section, self.heading_node(section, taken, sections))
                    out.append(heading[1])
                heading[1].append(node)
        indexed = not {"no-index", "noindex"} & self.options.keys()
        schemas_section = "no-schemas" not in self.options
        if self.config.apidocs_schema_expansion == "link" and indexed and schemas_section:
            names = schemas_used(spec, operations)
            if names:
                out.append(self.schemas_node(loaded, names, taken))
        if not operations and filtered:
            self.warn(
                Subtype.FILTER, f"the filters of api-spec {self.arguments[0]} select no operation"
            )
            out.append(self.placeholder(_("No operation matches these filters.")))
        return out

    def group_node(
        self,
        ctx: RenderContext,
        loaded: LoadedSpec,
        group: Group,
        index: MarkdownIndex | None,
        languages: list[str] | None,
        taken: set[str],
        sections: bool,
    ) -> nodes.Element:
        """One group: its heading (a section's title with ``sections``, else a rubric), its
        description and its operations."""
        title, description, group_id, ops, docs, tag, summary, _section = group
        container: nodes.Element
        if title is None:
            container = nodes.container(classes=["apidocs-group"])
        elif sections:
            container = nodes.section(ids=[unique_id(group_id, taken)], names=[])
            container += nodes.title(title, title)
        else:
            container = nodes.container(classes=["apidocs-group"])
            container += nodes.rubric(title, title)
        if summary:
            container.append(nodes.paragraph("", "", nodes.emphasis(summary, summary)))
        overview = self.tag_overview(index, tag, ctx.spec)
        if overview is None:
            # a group that is no tag's (webhooks) is described in the extension's words
            own_words = tag is None
            overview = section_headings(ctx.blocks(description, translated=own_words), loaded.name)
        container.extend(overview)
        if docs is not None:
            container.append(external_docs_para(ctx, docs))
        for op in ops:
            container.extend(
                self.operation(loaded, op, languages, taken, self.markdown_for(loaded, op, index))
            )
        if tag is not None and isinstance(container, nodes.section):
            # a tag heading: its index entry goes inside it, after the title
            indexed = self.indexed(loaded, ObjectKind.TAG, tag, container)
            if len(indexed) == 2:
                container.insert(1, indexed[0])
        return container

    def heading_node(self, title: str, taken: set[str], sections: bool) -> nodes.Element:
        """The heading of a tag group (``x-tagGroups``): a section with ``sections``,
        else a container with a rubric."""
        container: nodes.Element
        if sections:
            container = nodes.section(ids=[unique_id(anchor("tag-group", title), taken)])
            container += nodes.title(title, title)
        else:
            container = nodes.container(classes=["apidocs-group", "apidocs-tag-group"])
            container += nodes.rubric(title, title)
        return container

    def schemas_node(self, loaded: LoadedSpec, names: list[str], taken: set[str]) -> nodes.Element:
        """The "Schemas" section (a rubric outside a section): each named schema the
        operations show, in full, registered as shared with other pages that show it."""
        title = _("Schemas")
        container: nodes.Element
        if self.in_section_context():
            container = nodes.section(ids=[unique_id(anchor("schemas", loaded.name), taken)])
            container += nodes.title(title, title)
        else:
            container = nodes.container(classes=["apidocs-group"])
            container += nodes.rubric(title, title)
        container.extend(self.schemas(loaded, names, shared=True))
        return container

    def tag_overview(
        self, index: MarkdownIndex | None, tag: str | None, spec: ApiSpec
    ) -> list[nodes.Node] | None:
        """The ``## Overview`` of the Markdown file that describes ``tag``."""
        if index is None or tag is None:
            return None
        for source in index.sources:
            if source.overview is not None and tag in source.tags:
                path = os.path.join(state.state(self.env).root, source.file)
                base = markdown_endpoints.base_url(self.env, spec, None)
                overview = filled_prose(source.overview, base)
                return markdown_endpoints.prose_nodes(self.state.document, overview, path)
        return None

    def overview(self, ctx: RenderContext, loaded: LoadedSpec) -> list[nodes.Node]:
        assert loaded.spec is not None
        general = markdown_endpoints.general_prose(self.env, self.state.document, loaded)
        return [
            info_block(ctx, loaded.spec, general),
            *access_blocks(ctx, loaded.spec, requirements=False),
        ]

    def selection(self, spec: ApiSpec, index: MarkdownIndex | None) -> Selection:
        """The filters and grouping of the options (tags as merged with the Markdown
        sections); what is wrong with them warns."""
        methods = [
            m.lower() for m in split_commas(self.options.get("methods", "").replace(" ", ","))
        ]
        used = {op.method.lower() for op in spec.operations + spec.webhooks}
        for m in methods:
            if m not in METHODS and m not in used:
                self.warn(Subtype.OPTION, f":methods: unknown HTTP method {m!r}")
        markdown_tags = () if index is None else index.tags()
        selection = Selection(
            tuple(split_commas(self.options.get("tags", ""))),
            tuple(methods),
            canonical(operation_names(self.options.get("operations", ""))),
            tuple(p.pattern for p in self.regexes("paths")),
            tuple(p.pattern for p in self.regexes("exclude")),
            GroupBy(self.options.get("group-by", GroupBy.TAG)),
            markdown_tags,
        )
        if selection.tags:
            declared = {t.name for t in spec.tags} | {
                t for op in tagged(spec, selection) for t in op.tags
            }
            for tag in selection.tags:
                if tag not in declared:
                    self.warn(Subtype.FILTER, f":tags: the spec has no tag {tag!r}")
        return selection

    def group(
        self, spec: ApiSpec, selection: Selection, operations: list[Operation]
    ) -> list[Group]:
        found = grouped(spec, selection, operations)
        if selection.group_by == GroupBy.NONE:
            return [Group(None, None, "", list(found[0].operations))]
        out = []
        for group in found:
            if group.tag is not None:
                tag = group.tag
                out.append(
                    Group(
                        group.title,
                        tag.description,
                        anchor("tag", tag.name),
                        list(group.operations),
                        tag.external_docs,
                        tag.name,
                        tag.summary,
                        group.section,
                    )
                )
            elif group.key == UNTAGGED:
                out.append(
                    Group(_("Other operations"), None, "tag-untagged", list(group.operations))
                )
            else:
                path = "/" + group.key.lstrip("/")
                # the operations on the shared prefix itself: titled by it (/v1/customers)
                title = group.title if group.key == "/" else path
                out.append(Group(title, None, anchor("path", path), list(group.operations)))
        return out
