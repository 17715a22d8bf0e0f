"""The directives: ``api-spec``, ``api-endpoint`` and ``api-schema``.

They find the spec, register every file it was built from as a dependency
of the document, record warnings, and hand the model to :mod:`render`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.mocking import MockState
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import suggest
from ..diagnostics.subtypes import Subtype
from ..diagrams.mermaid import KINDS
from ..markdown.merge import (
    MarkdownIndex,
    merge,
    operation_from,
    template_key,
    unmatched,
)
from ..markdown.parse import EndpointDoc
from ..render.code_samples import template_errors
from ..render.context import RenderContext, anchor, unique_id
from ..render.i18n import _
from ..render.links import safe_url
from ..render.operation import (
    external_docs_para,
    operation_anchors,
    operation_node,
    security_schemes_block,
    servers_block,
)
from ..render.schema import schema_anchor
from ..spec.model import (
    METHODS,
    ApiSpec,
    ExternalDocs,
    Operation,
)
from . import markdown_endpoints, state, warning
from .config import known_languages
from .deferred import pending
from .domain import ApiDomain, ApiObject, index_node
from .nodes import pending_api_content
from .transforms import MARK


def _list_option(argument: str | None) -> str:
    return (argument or "").strip()


def split_commas(value: str) -> list[str]:
    return [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]


class ApiDirective(SphinxDirective):
    """What every apidocs directive shares: finding the spec and warning.

    Subclasses implement :meth:`render`; every node it returns is marked
    with the ``apidocs`` class and the directive's source position.
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "spec": directives.unchanged_required,
        "languages": _list_option,
        "no-samples": directives.flag,
        "no-index": directives.flag,
        "noindex": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        out = self.render()
        for node in out:
            if isinstance(node, nodes.Element):
                node["classes"].append(MARK)
                self.set_source_info(node)
                self.register_ids(node)
        return out

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def warn(self, subtype: Subtype, message: str) -> None:
        warning.record(self.env, subtype, message, self.lineno)

    def placeholder(self, text: str) -> nodes.Node:
        para = nodes.paragraph(classes=["apidocs-placeholder"])
        para += nodes.emphasis("", text)
        return para

    def load(self, target: str | None) -> state.LoadedSpec | None:
        found = state.find_spec_path(self.env, target)
        if isinstance(found, str):
            self.warn(Subtype.UNKNOWN_SPEC, found)
            return None
        name, path = found
        config = self.config
        build = state.state(self.env)
        loaded = build.cache.get(name, path, build.root, config.apidocs_max_file_size)
        for file, sha256 in loaded.hashes.items():
            state.depend_on(self.env, file, sha256)
        warning.record_problems(self.env, loaded.problems, self.lineno)
        warning.record_spec_use(self.env, name, path, self.lineno)
        if loaded.spec is None:
            return None
        return loaded

    def sample_languages(self) -> list[str] | None:
        """The code samples this directive asks for (None: ``apidocs_sample_languages``).

        Also registers every file under the template folder as a dependency (also one
        in a subfolder, which a template may ``{% include %}``), so that an edited
        template rebuilds the pages that use it.
        """
        build = state.state(self.env)
        folder = state.template_dir(self.config.apidocs_sample_templates, build.root)
        if folder is not None:
            for parent, _folders, names in sorted(os.walk(folder)):
                for template in sorted(os.path.join(parent, name) for name in names):
                    state.depend_on(self.env, template, build.sha256(template))
        if "no-samples" in self.options:
            return []
        if "languages" not in self.options:
            return None
        renderer = state.code_samples(self.env)
        wanted = split_commas(self.options["languages"])
        unknown = [lang for lang in wanted if renderer.language(lang) is None]
        if unknown:
            known = known_languages(self.config, build.root)
            self.warn(
                Subtype.OPTION,
                f":languages: has no built-in language or template for {', '.join(unknown)}"
                f"{suggest.hint(unknown[0], known, cutoff=0.4)}; left out. Known: "
                + ", ".join(known),
            )
        return [lang for lang in wanted if lang not in unknown]

    def indexed(
        self, loaded: state.LoadedSpec, kind: str, name: str, desc: nodes.Element, **extra: Any
    ) -> list[nodes.Node]:
        """``desc``, registered with the ``api`` domain under its first anchor and preceded by
        its general index entry -- unless the directive has ``:no-index:`` or the object has
        no anchor."""
        if isinstance(desc, addnodes.desc):
            sig = next(iter(desc.findall(addnodes.desc_signature)), None)
            anchors = sig["ids"] if sig is not None else []
        else:  # a tag's section
            anchors = desc["ids"]
        if "no-index" in self.options or "noindex" in self.options or not anchors:
            return [desc]
        obj = ApiObject(kind, loaded.name, name, self.env.docname, anchors[0], self.lineno, **extra)
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        domain.note_object(obj)
        return [index_node(obj), desc]

    def operation(
        self,
        loaded: state.LoadedSpec,
        op: Operation,
        languages: list[str] | None,
        taken: set[str],
        markdown: tuple[EndpointDoc, str] | None = None,
    ) -> list[nodes.Node]:
        """An operation's ``desc`` (its body rendered at write time), indexed.

        With ``markdown`` (its endpoint section and file), the section's prose is
        rendered now, with MyST, and carried inside the placeholder; the rest of the
        section is merged into the operation when the body is rendered."""
        body = pending(loaded, "operation", str(op.location), languages)
        if markdown is not None:
            op = self.merged(op, markdown[0])
            self.attach_markdown(body, *markdown)
        return self.indexed_operation(loaded, op, body, taken)

    def attach_markdown(self, body: pending_api_content, doc: EndpointDoc, path: str) -> None:
        """The section's prose, rendered now, and where to find the rest at write time."""
        body["markdown_file"] = path
        body["markdown_key"] = template_key(doc.method, doc.path)
        description, extra = markdown_endpoints.endpoint_prose(self.state.document, doc, path)
        body += nodes.container("", *description, classes=["apidocs-md-description"])
        body += nodes.container("", *extra, classes=["apidocs-md-extra"])

    def indexed_operation(
        self, loaded: state.LoadedSpec, op: Operation, body: nodes.Node, taken: set[str]
    ) -> list[nodes.Node]:
        desc: nodes.Element
        if state.checking(self.env):  # the anchors, for the domain and the link checks
            desc = nodes.container("", ids=operation_anchors(op, taken, loaded.name))
        else:
            desc = operation_node(op, [body], taken_ids=taken, spec_name=loaded.name)
        return self.indexed(
            loaded,
            "operation",
            op.operation_id or op.title,
            desc,
            title=op.title,
            summary=op.summary or "",
            deprecated=op.deprecated,
        )

    def find_operation(self, loaded: state.LoadedSpec, target: str) -> Operation | None:
        """The operation ``target`` names (operationId or ``METHOD /path``), else a warning
        with the closest name."""
        assert loaded.spec is not None
        op = loaded.spec.find_operation(target)
        if op is None:
            everything = loaded.spec.operations + loaded.spec.webhooks
            names = [o.operation_id for o in everything if o.operation_id]
            hint = suggest.hint(target, names + [o.title for o in everything], cutoff=0.4)
            self.warn(
                Subtype.UNKNOWN_OPERATION, f"no operation {target!r} in spec {loaded.name!r}{hint}"
            )
        return op

    def markdown_for(
        self, loaded: state.LoadedSpec, op: Operation, index: MarkdownIndex | None
    ) -> tuple[EndpointDoc, str] | None:
        return markdown_endpoints.find(self.env, index, op) if index is not None else None

    def merged(self, op: Operation, doc: EndpointDoc) -> Operation:
        """``op`` with its Markdown section merged; the disagreements are warnings."""
        result, problems = merge(op, doc)
        warning.record_problems(self.env, problems, self.lineno)
        return result

    def check_templates(
        self, loaded: state.LoadedSpec, operations: list[Operation], languages: list[str] | None
    ) -> None:
        """Render the project's own templates once per operation now, at read time: a
        template that fails is reported with this directive, on every build."""
        build = state.state(self.env)
        folder = state.template_dir(self.config.apidocs_sample_templates, build.root)
        if folder is None or loaded.spec is None:
            return
        wanted = self.config.apidocs_sample_languages if languages is None else languages
        # every file, also one that is refused when it is read (a symlink out, a FIFO)
        own = [lang for lang in wanted if os.path.lexists(os.path.join(folder, f"{lang}.j2"))]
        for subtype, message in template_errors(
            state.code_samples(self.env),
            loaded.spec,
            operations,
            own,
            self.config.apidocs_base_url,
            self.config.apidocs_example_max_chars,
        ):
            self.warn(subtype, message + "; that language's sample is left out")

    def context(self, loaded: state.LoadedSpec) -> RenderContext:
        assert loaded.spec is not None
        config = self.config

        return RenderContext(
            spec=loaded.spec,
            spec_name=loaded.name,
            schema_depth=config.apidocs_schema_depth,
            row_budget=config.apidocs_operation_budget,
            example_max_chars=config.apidocs_example_max_chars,
        )

    def taken_ids(self) -> set[str]:
        return set(self.state.document.ids)

    def register_ids(self, node: nodes.Element) -> None:
        for element in node.findall(nodes.Element):
            node_id: str
            for node_id in element.get("ids", []):
                self.state.document.ids.setdefault(node_id, element)

    def in_section_context(self) -> bool:
        """Whether the output goes straight into a section (so it may hold sections)."""
        if isinstance(self.state, MockState):
            parent = self.state.inliner.parent  # MyST: its mock state has no ``parent``
        else:
            parent = self.state.parent
        return isinstance(parent, (nodes.section, nodes.document))


def _regexes(directive: ApiDirective, option: str) -> list[re.Pattern[str]]:
    out = []
    for text in directive.options.get(option, "").split():
        try:
            out.append(re.compile(text))
        except re.error as exc:
            directive.warn(
                Subtype.OPTION,
                f":{option}: {text!r} is not a valid regular expression ({exc}); ignored",
            )
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


class ApiSpecDirective(ApiDirective):
    """Render every operation of a spec, grouped by tag, path or not at all."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **ApiDirective.option_spec,
        "tags": _list_option,
        "paths": _list_option,
        "methods": _list_option,
        "operations": _list_option,
        "exclude": _list_option,
        "group-by": lambda arg: directives.choice(arg, ("tag", "path", "none")),
    }

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
        ctx = self.context(loaded)
        languages = self.sample_languages()
        index = markdown_endpoints.configured_index(self.env, loaded.name, self.lineno)
        operations = self.select(spec, index)
        self.check_templates(loaded, operations, languages)
        filtered = any(
            k in self.options for k in ("tags", "paths", "methods", "operations", "exclude")
        )
        out: list[nodes.Node] = []
        if not filtered:
            out.extend(self.overview(ctx, spec))
            if index is not None:
                # sections of files that name this spec, or of any file with one spec
                named = MarkdownIndex.of(
                    source
                    for source in index.sources
                    if source.spec == loaded.name or len(self.config.apidocs_specs) <= 1
                )
                warning.record_problems(
                    self.env, unmatched(named, spec.operations, loaded.name), self.lineno
                )
        taken = self.taken_ids()
        group_by = self.options.get("group-by", "tag")
        groups = self.group(spec, [op for op in operations if op.kind == "path"], group_by)
        webhooks = [op for op in operations if op.kind == "webhook"]
        if webhooks:
            groups.append(
                Group(
                    _("Webhooks"), _("Requests the API sends to your server."), "webhooks", webhooks
                )
            )
        sections = self.in_section_context() and group_by != "none"
        for title, description, group_id, ops, docs, tag in groups:
            container: nodes.Element
            if title is None:
                container = nodes.container(classes=["apidocs-group"])
            elif sections:
                container = nodes.section(ids=[unique_id(group_id, taken)], names=[])
                container += nodes.title(title, title)
            else:
                container = nodes.container(classes=["apidocs-group"])
                container += nodes.rubric(title, title)
            overview = self.tag_overview(index, tag)
            container.extend(ctx.blocks(description) if overview is None else overview)
            if docs is not None:
                container.append(external_docs_para(docs.url, docs.description))
            for op in ops:
                container.extend(
                    self.operation(
                        loaded, op, languages, taken, self.markdown_for(loaded, op, index)
                    )
                )
            if tag is not None and isinstance(container, nodes.section):
                # a tag heading: its index entry goes inside it, after the title
                indexed = self.indexed(loaded, "tag", tag, container)
                if len(indexed) == 2:
                    container.insert(1, indexed[0])
            out.append(container)
        if not operations and filtered:
            self.warn(
                Subtype.FILTER, f"the filters of api-spec {self.arguments[0]} select no operation"
            )
            out.append(self.placeholder("No operation matches these filters."))
        return out

    def tag_overview(self, index: MarkdownIndex | None, tag: str | None) -> list[nodes.Node] | None:
        """The ``## Overview`` of the Markdown file whose front matter names ``tag``."""
        if index is None or tag is None:
            return None
        for source in index.sources:
            if source.overview is not None and tag in source.tags:
                path = os.path.join(state.state(self.env).root, source.file)
                return markdown_endpoints.prose_nodes(self.state.document, source.overview, path)
        return None

    def overview(self, ctx: RenderContext, spec: ApiSpec) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        info = nodes.container(classes=["apidocs-info"])
        para = nodes.paragraph()
        para += nodes.strong("", spec.title)
        if spec.version:
            para += nodes.Text(f" (version {spec.version})")
        info += para
        if spec.summary:
            info += nodes.paragraph("", "", *ctx.inline(spec.summary))
        info.extend(ctx.blocks(spec.description))
        general = markdown_endpoints.general_docs(self.env)
        if general is not None:
            source = markdown_endpoints.load(self.env, general)
            if source.whole is not None:  # the file after its front matter
                info.extend(
                    markdown_endpoints.prose_nodes(self.state.document, source.whole, general)
                )
        facts = nodes.bullet_list()
        if spec.contact and (spec.contact.name or spec.contact.email or spec.contact.url):
            facts += nodes.list_item(
                "", self._fact("Contact", spec.contact.name, spec.contact.url, spec.contact.email)
            )
        if spec.license and spec.license.name:
            facts += nodes.list_item(
                "", self._fact("License", spec.license.name, spec.license.url, None)
            )
        if spec.terms_of_service:
            facts += nodes.list_item(
                "", self._fact("Terms of service", None, spec.terms_of_service, None)
            )
        if len(facts):
            info += facts
        if spec.external_docs is not None:
            info += external_docs_para(spec.external_docs.url, spec.external_docs.description)
        out.append(info)
        if spec.servers:
            out.extend(servers_block(ctx, spec.servers, _("Servers")))
        if spec.security_schemes:
            out.extend(security_schemes_block(ctx, spec.security_schemes))
        return out

    @staticmethod
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

    def select(self, spec: ApiSpec, index: MarkdownIndex | None = None) -> list[Operation]:
        """The operations the filters keep (tags as merged with the Markdown sections)."""
        tags = split_commas(self.options.get("tags", ""))
        methods = [
            m.lower() for m in split_commas(self.options.get("methods", "").replace(" ", ","))
        ]
        for m in methods:
            if m not in METHODS:
                self.warn(Subtype.OPTION, f":methods: unknown HTTP method {m!r}")
        operation_ids = split_commas(self.options.get("operations", "").replace(" ", ","))
        paths = _regexes(self, "paths")
        exclude = _regexes(self, "exclude")
        everything = []
        for op in spec.operations + spec.webhooks:
            doc = index.find(op) if index is not None else None
            if doc is not None and doc.tags:
                op = replace(op, tags=op.tags + tuple(t for t in doc.tags if t not in op.tags))
            everything.append(op)
        declared = {t.name for t in spec.tags}
        for tag in tags:
            if tag not in declared and not any(tag in op.tags for op in everything):
                self.warn(Subtype.FILTER, f":tags: the spec has no tag {tag!r}")
        wanted = set(tags)
        out = []
        for op in everything:
            if wanted and wanted.isdisjoint(op.tags):
                continue
            if methods and op.method not in methods:
                continue
            if operation_ids and op.operation_id not in operation_ids:
                continue
            if paths and not any(p.search(op.path) for p in paths):
                continue
            if exclude and any(
                p.search(op.path) or (op.operation_id and p.fullmatch(op.operation_id))
                for p in exclude
            ):
                continue
            out.append(op)
        return out

    def group(self, spec: ApiSpec, operations: list[Operation], group_by: str) -> list[Group]:
        if group_by == "none":
            return [Group(None, None, "", operations)]
        groups: dict[str, list[Operation]] = {}
        if group_by == "path":
            for op in operations:
                head = "/" + op.path.strip("/").split("/")[0] if op.path.strip("/") else "/"
                groups.setdefault(head, []).append(op)
            return [Group(k, None, anchor("path", k), v) for k, v in groups.items()]
        wanted = split_commas(self.options.get("tags", ""))
        for op in operations:
            first = next((t for t in op.tags if not wanted or t in wanted), None)
            groups.setdefault(first or "", []).append(op)
        out = [
            Group(
                tag.display_name or tag.name,
                tag.description,
                anchor("tag", tag.name),
                groups[tag.name],
                tag.external_docs,
                tag.name,
            )
            for tag in spec.tags
            if tag.name in groups
        ]
        declared = {tag.name for tag in spec.tags}
        out.extend(  # tags that only Markdown sources give (``Section:`` lines)
            Group(name, None, anchor("tag", name), groups[name], None, name)
            for name in sorted(n for n in groups if n and n not in declared)
        )
        if "" in groups:
            out.append(Group(_("Other operations"), None, "tag-untagged", groups[""]))
        return out


class ApiEndpointDirective(ApiDirective):
    """Render one operation, by ``METHOD /path`` or operationId."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def render(self) -> list[nodes.Node]:
        target = " ".join(self.arguments[0].split())
        loaded = self.load(self.options.get("spec"))
        if loaded is None:
            return [
                self.placeholder(f"Endpoint {target} unavailable: the spec could not be loaded.")
            ]
        spec = loaded.spec
        assert spec is not None
        op = self.find_operation(loaded, target)
        if op is None:
            return [self.placeholder(f"Unknown endpoint: {target}")]
        languages = self.sample_languages()
        self.check_templates(loaded, [op], languages)
        index = markdown_endpoints.configured_index(self.env, loaded.name, self.lineno)
        markdown = self.markdown_for(loaded, op, index)
        out = self.operation(loaded, op, languages, self.taken_ids(), markdown)
        node = out[-1]
        assert isinstance(node, nodes.Element)
        if self.content:
            extra = nodes.container(classes=["apidocs-extra"])
            self.state.nested_parse(self.content, self.content_offset, extra)
            content = node[-1] if isinstance(node, addnodes.desc) else node  # apicheck: no desc
            assert isinstance(content, nodes.Element)
            content.extend(extra.children)
        return out


class ApiSchemaDirective(ApiDirective):
    """Render a named component schema."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "spec": directives.unchanged_required,
        "no-index": directives.flag,
        "noindex": directives.flag,
    }

    def render(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        loaded = self.load(self.options.get("spec"))
        if loaded is None:
            return [self.placeholder(f"Schema {name} unavailable: the spec could not be loaded.")]
        spec = loaded.spec
        assert spec is not None
        schema = spec.schema_by_name(name)
        if schema is None:
            hint = suggest.hint(name, [n for n, _ in spec.component_schemas], cutoff=0.4)
            self.warn(Subtype.UNKNOWN_SCHEMA, f"no schema {name!r} in spec {loaded.name!r}{hint}")
            return [self.placeholder(f"Unknown schema: {name}")]
        desc = addnodes.desc(
            domain="api", objtype="schema", desctype="schema", classes=["api", "apidocs-schema"]
        )
        sig = addnodes.desc_signature("", "")
        node_id = schema_anchor(loaded.name, name)
        if node_id not in self.state.document.ids:
            sig["ids"].append(node_id)
        sig += nodes.inline("", "schema", classes=["apidocs-kind"])
        sig += nodes.Text(" ")
        sig += addnodes.desc_name(name, name)
        sig["_toc_name"] = name
        sig["_toc_parts"] = (name,)
        desc += sig
        content = addnodes.desc_content()
        content += pending(loaded, "schema", name)
        desc += content
        return self.indexed(loaded, "schema", name, desc)


class ApiMarkdownDirective(ApiDirective):
    """Every endpoint of one Markdown endpoint source, merged with ``:spec:`` (or the spec
    its front matter names) where the spec has the operation, alone where it does not."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def render(self) -> list[nodes.Node]:
        _rel, path = self.env.relfn2path(self.arguments[0].strip(), self.env.docname)
        root = state.state(self.env).root
        real = os.path.realpath(path)
        if not Path(real).is_relative_to(os.path.realpath(root)):
            self.warn(
                Subtype.OUTSIDE_PROJECT, f"{self.arguments[0]} is outside the project; not read"
            )
            return [self.placeholder(f"Markdown source {self.arguments[0]} unavailable.")]
        if not os.path.isfile(real):
            state.depend_on(self.env, real, None)  # read again once it exists
            self.warn(Subtype.FILE, f"no Markdown file {self.arguments[0]}")
            return [self.placeholder(f"Markdown source {self.arguments[0]} unavailable.")]
        source = markdown_endpoints.load(self.env, real)
        index = MarkdownIndex.of([source])
        warning.record_problems(self.env, index.problems, self.lineno)
        specs = self.config.apidocs_specs
        if "spec" not in self.options and source.spec is not None and source.spec not in specs:
            self.warn(
                Subtype.MARKDOWN,
                f"{source.file}: the front matter names spec {source.spec!r}, which "
                f"apidocs_specs does not have; the endpoints are rendered from the Markdown alone",
            )
        target = self.options.get("spec") or (source.spec if source.spec in specs else None)
        loaded = self.load(target) if target else None
        spec = loaded.spec if loaded is not None else None
        if loaded is not None and spec is not None:
            label = loaded.name
            warning.record_problems(self.env, unmatched(index, spec.operations, label), self.lineno)
        else:
            label = source.spec or Path(real).stem
            loaded = state.LoadedSpec(label, "", None, (), ())
        languages = self.sample_languages()
        taken = self.taken_ids()
        out: list[nodes.Node] = []
        # the file's own text (a title, an introduction, other sections), then its overview
        for prose in (*source.preamble, *((source.overview,) if source.overview else ())):
            out.extend(markdown_endpoints.prose_nodes(self.state.document, prose, real))
        by_template = {template_key(o.method, o.path): o for o in spec.operations} if spec else {}
        for doc in index.endpoints():
            op = by_template.get(template_key(doc.method, doc.path))
            if op is not None:
                out.extend(self.operation(loaded, op, languages, taken, (doc, real)))
                continue
            body = pending_api_content(
                "",
                spec_name=label,
                spec_path="",
                kind="markdown",
                target=doc.title,
                languages=languages,
            )
            self.attach_markdown(body, doc, real)
            standalone = state.LoadedSpec(label, "", None, (), ())
            out.extend(self.indexed_operation(standalone, operation_from(doc), body, taken))
        if not index.endpoints():
            self.warn(
                Subtype.MARKDOWN, f"{self.arguments[0]} has no endpoint section (## METHOD /path)"
            )
            out.append(self.placeholder("No endpoint sections in this Markdown source."))
        return out


class ApiDiagramDirective(ApiDirective):
    """A Mermaid diagram drawn from a spec: ``overview``, ``sequence``, ``links`` or
    ``webhooks``.  What it names is checked now; it is drawn when the page is
    written, when links to the rendered operations are known."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "spec": directives.unchanged_required,
        "kind": directives.unchanged_required,
        "operation": directives.unchanged_required,
        "tags": _list_option,
    }

    def render(self) -> list[nodes.Node]:
        target = self.options.get("spec") or (self.arguments[0] if self.arguments else None)
        operation = " ".join(self.options.get("operation", "").split())
        kind = self.options.get("kind", "sequence" if operation else "overview").strip()
        if kind not in KINDS:
            self.warn(
                Subtype.OPTION,
                f":kind: {kind!r} is not one of {', '.join(KINDS)}{suggest.hint(kind, list(KINDS), cutoff=0.4)}",
            )
            return [self.placeholder(f"Diagram unavailable: unknown kind {kind}.")]
        loaded = self.load(target)
        if loaded is None:
            return [self.placeholder("Diagram unavailable: the spec could not be loaded.")]
        spec = loaded.spec
        assert spec is not None
        node = pending(loaded, "diagram", kind)
        node["tags"] = split_commas(self.options.get("tags", ""))
        known_tags = {t.name for t in spec.tags} | {t for op in spec.operations for t in op.tags}
        if node["tags"] and kind in ("sequence", "webhooks"):
            self.warn(
                Subtype.OPTION, f":tags: is for overview and links diagrams; ignored by {kind}"
            )
            node["tags"] = []
        for tag in node["tags"]:
            if tag not in known_tags:
                hint = suggest.hint(tag, sorted(known_tags), cutoff=0.4)
                self.warn(Subtype.FILTER, f":tags: the spec has no tag {tag!r}{hint}")
        if kind == "sequence":
            if not operation:
                self.warn(
                    Subtype.OPTION,
                    "a sequence diagram needs :operation: (operationId or METHOD /path)",
                )
                return [self.placeholder("Diagram unavailable: no :operation: given.")]
            op = self.find_operation(loaded, operation)
            if op is None:
                return [self.placeholder(f"Diagram unavailable: unknown operation {operation}.")]
            node["operation"] = str(op.location)
        elif operation:
            self.warn(Subtype.OPTION, f":operation: is for sequence diagrams; ignored by {kind}")
        tags = set(node["tags"])
        selected = [op for op in spec.operations if not tags or tags & set(op.tags)]
        missing = {
            "links": (
                not any(r.links for op in selected for r in op.responses),
                "declares no response links" + (" in these tags" if tags else ""),
            ),
            "webhooks": (not spec.webhooks, "declares no webhooks"),
        }
        empty, why = missing.get(kind, (False, ""))
        if empty:
            self.warn(Subtype.DIAGRAM, f"nothing to draw: spec {loaded.name!r} {why}")
            return [self.placeholder(f"No diagram: the API {why}.")]
        return [node]


__all__ = [
    "ApiDiagramDirective",
    "ApiEndpointDirective",
    "ApiMarkdownDirective",
    "ApiSchemaDirective",
    "ApiSpecDirective",
]
