"""Spec content is rendered when a page is written, not when it is read.

While reading, a directive leaves what Sphinx needs at read time (sections,
object signatures with their anchors and TOC entries, the page's own prose)
and one small :class:`pending_api_content` node per operation or schema body.
:class:`ExpandApiContent`, a post-transform that runs before references are
resolved, replaces each with the rendered nodes.

Why: a large spec renders to millions of nodes.  Built at read time, every
read transform (smart quotes, i18n, references, ...) walks them and the
pickled doctrees hold them; built at write time, they are made once, written,
and dropped.  Spec text also stays out of smart quotes that way.  Warnings
about the content are found at read time (see :mod:`sphinxext_apidocs.render.audit`), so
nothing is reported only when a page happens to be written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxTranslator
from sphinxcontrib.mermaid import mermaid as mermaid_node

from ..check.value_findings import problem, schema_location, summary
from ..diagnostics.rules import SAMPLE_INVALID, SCHEMA_UNSATISFIABLE
from ..diagnostics.subtypes import Subtype
from ..diagrams import mermaid
from ..markdown.merge import merge, operation_from
from ..render.bodies import made_up_bodies, schema_examples
from ..render.context import PageExamples, RenderContext
from ..render.diagram import diagram, diagram_nodes
from ..render.i18n import _, diagram_words
from ..render.operation import operation_body
from ..render.schema import schema_anchor, schema_block, schema_xref
from ..spec.model import ApiSpec, Location, Operation, Schema
from ..validation.validator import SpecValidator
from . import history, markdown_endpoints, state, warning
from .domain import ApiDomain, ObjectKind
from .nodes import ContentKind, pending_api_content
from .spec_cache import LoadedSpec
from .translations import prose_translator


def pending(
    loaded: LoadedSpec, kind: str, target: str, languages: list[str] | None = None
) -> pending_api_content:
    """``languages``: the code samples to generate, in order (None: ``apidocs_sample_languages``)."""
    return pending_api_content(
        "",
        spec_name=loaded.name,
        spec_path=loaded.path,
        kind=kind,
        target=target,
        languages=languages,
    )


def render_context(
    env: BuildEnvironment,
    document: nodes.document,
    loaded: LoadedSpec,
    languages: list[str] | None = None,
    linked_schemas: frozenset[str] = frozenset(),
    page_examples: PageExamples | None = None,
) -> RenderContext:
    """How ``loaded`` is rendered on the page ``document`` under the project's options
    (its prose in the page's language), with the memos that live as long as the parsed
    spec; code samples in ``languages`` (None: ``apidocs_sample_languages``);
    ``linked_schemas``: the component schemas shown elsewhere, which it links to;
    ``page_examples``: the examples the page shows already (linked, not repeated)."""
    assert loaded.spec is not None
    config = env.config
    return RenderContext(
        spec=loaded.spec,
        spec_name=loaded.name,
        schema_depth=config.apidocs_schema_depth,
        row_budget=config.apidocs_operation_budget,
        example_max_chars=config.apidocs_example_max_chars,
        sample_properties=config.apidocs_sample_properties,
        merged_cache=loaded.render_memo.setdefault("merged", {}),
        text_cache=loaded.render_memo.setdefault("text", {}),
        made_up_cache=loaded.render_memo.setdefault("made_up", {}),
        code_samples=state.code_samples(env),
        sample_languages=tuple(config.apidocs_sample_languages if languages is None else languages),
        base_url=config.apidocs_base_url,
        link_base=config.apidocs_link_base,
        diagrams=config.apidocs_diagrams,
        linked_schemas=linked_schemas,
        page_examples=page_examples,
        translate=prose_translator(env, document, loaded) if loaded.path else None,
        field_milestones=history.field_milestones(env, loaded),
    )


def spec_validator(env: BuildEnvironment, loaded: LoadedSpec) -> SpecValidator | None:
    """The validator of ``loaded``'s schemas, made once per parsed spec, that judges the
    made-up bodies the pages and llms files show (None for an endpoint of a Markdown
    source alone)."""
    spec = loaded.spec
    if spec is None or not loaded.path:
        return None
    memo = loaded.render_memo.setdefault("validator", {})
    if "validator" not in memo:
        build = state.state(env)
        memo["validator"] = SpecValidator(
            spec, build.root, spec.files, documents=loaded.documents, max_bytes=build.max_bytes
        )
    found: SpecValidator = memo["validator"]
    return found


def _to_mermaid(root: nodes.Node) -> int:
    """The rendered diagrams as sphinxcontrib-mermaid nodes, which its writers draw;
    the number of code samples in ``root`` (counted in the same walk)."""
    samples = 0
    for found in list(root.findall(_diagram_or_code_sample)):
        if isinstance(found, diagram):
            found.replace_self(mermaid_node("", **found.attributes))
        else:
            samples += 1
    return samples


def _skip(translator: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


VISITORS: dict[str, tuple[Any, None]] = {
    fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")
}


class ExpandApiContent(SphinxPostTransform):
    """Render every placeholder (before pending references are resolved)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        build = state.state(self.env)
        placeholders = list(self.document.findall(pending_api_content))
        if state.checking(self.env):  # it checks the spec, not its display
            for node in placeholders:
                node.parent.remove(node)
            return
        counted = build.stats
        self.shown_schemas: dict[str, frozenset[str]] = {}
        # with schemas linked, each example is shown once on a page (per source file of a
        # LaTeX document, whose links name the file); inline, each where it belongs
        self.page_examples: dict[str, PageExamples] = {}
        self.taken_ids = set(self.document.ids)
        self.rendering: RenderContext | None = None
        """The context of the content being rendered (its invalid made-up bodies)."""
        for node in placeholders:
            kind = node["kind"]
            counted.operations += kind in (ContentKind.OPERATION, ContentKind.MARKDOWN)
            counted.schemas += kind == ContentKind.SCHEMA
            counted.diagrams += kind == ContentKind.DIAGRAM
            if node["spec_path"]:
                loaded = build.cache.get(
                    node["spec_name"],
                    node["spec_path"],
                    build.root,
                    self.config.apidocs_max_file_size,
                )
            else:  # an endpoint of a Markdown source alone
                loaded = LoadedSpec(node["spec_name"], "", _markdown_spec(node), (), ())
            started = time.perf_counter()
            try:
                content = self.render(loaded, node)
                self.report_invalid_samples(loaded, node)
            except Exception as exc:  # a bug of ours must not stop the build: say so and go on
                warning.warn_while_writing(
                    self.env,
                    Subtype.INTERNAL,
                    f"rendering {node['kind']} {node['target']} of spec {loaded.name} failed "
                    f"({type(exc).__name__}: {exc}); please report this",
                    node.parent,
                )
                content = [_placeholder(_("(content unavailable: rendering failed)"))]
            counted.render_seconds += time.perf_counter() - started
            for root in content:
                counted.samples += _to_mermaid(root)
            node.replace_self(content)

    def render(self, loaded: LoadedSpec, node: pending_api_content) -> list[nodes.Node]:
        kind, target = node["kind"], node["target"]
        spec = loaded.spec
        if spec is None:
            return [
                _placeholder(
                    _("(content unavailable: the spec {name} could not be loaded)").format(
                        name=loaded.name
                    )
                )
            ]
        ctx = render_context(
            self.env,
            self.document,
            loaded,
            node.get("languages"),
            self.linked_schemas(loaded.name),
            self.examples_of_file(node),
        )
        ctx.validator = spec_validator(self.env, loaded)
        self.rendering = ctx
        if kind == ContentKind.DIAGRAM:
            return self.diagram(ctx, loaded, node)
        if kind == ContentKind.MARKDOWN:
            return self.with_markdown(ctx, None, node)
        if kind == ContentKind.OPERATION:
            op = loaded.operation_at(target)
            if op is None:
                return [
                    _placeholder(_("(content unavailable: the operation is no longer in the spec)"))
                ]
            # a failing template was reported while reading (ApiDirective.check_templates)
            if node.get("markdown_file"):
                return self.with_markdown(ctx, op, node)
            return operation_body(ctx, op)
        key = dict(spec.component_schemas).get(target)
        if key is None:
            return [_placeholder(_("(content unavailable: the schema is no longer in the spec)"))]
        if node.get("shared") and self.has_own_directive(loaded.name, target):
            # an api-schema shows it in full: the Schemas section links there, once
            para = nodes.paragraph("", _("Shown in full at:") + " ", classes=["apidocs-note"])
            para += schema_xref(ctx, target)
            return [para]
        # render a reference to the schema, so that recursion into it is seen at once
        ctx.start_operation()
        reference = Schema(spec.schemas[key].location, ref=key, ref_name=target)
        out = schema_block(ctx, reference, title_name=target)
        if target in ctx.linked_schemas:  # the bodies that are this schema link to its examples
            made_up = loaded.render_memo.get("made_up_bodies")
            if made_up is None:
                made_up = loaded.render_memo["made_up_bodies"] = made_up_bodies(spec)
            contexts = made_up.get(target, ())
            out.extend(
                schema_examples(ctx, reference, schema_anchor(loaded.name, target), contexts)
            )
        return out

    def report_invalid_samples(self, loaded: LoadedSpec, node: pending_api_content) -> None:
        """A warning, at the schema, for each schema whose made-up body the content just
        rendered found invalid (once per schema in a build; not for one the spec's
        loading reported as unsatisfiable already: ``schema-unsatisfiable``)."""
        ctx, self.rendering = self.rendering, None
        if ctx is None or ctx.validator is None:
            return
        warned = state.state(self.env).warned_samples
        unsatisfiable = {
            Location(p.file, p.pointer)
            for p in loaded.problems
            if p.rule == SCHEMA_UNSATISFIABLE and p.file is not None and p.pointer is not None
        }
        for schema, context, failures in ctx.invalid_samples:
            target = ctx.validator.target(schema)
            if target in warned or schema_location(schema) in unsatisfiable:
                continue
            warned.add(target)
            label, errors = failures[0]
            branch = f" ({label})" if label else ""
            message = (
                f"the {context} body made up from this schema{branch} does not validate "
                f"against it: {summary(errors)}"
            )
            if len(failures) > 1:
                message += f" (and {len(failures) - 1} other branch examples)"
            found = problem(message, schema_location(schema), SAMPLE_INVALID, loaded.documents)
            warning.warn_while_writing(
                self.env, Subtype.SAMPLE, f"{found.where()}: {found.message}", node, key=target
            )

    def examples_of_file(self, node: nodes.Node) -> PageExamples | None:
        """The examples shown so far in the source file ``node`` is in (None: with
        ``apidocs_schema_expansion = "inline"``, every example is shown where it belongs)."""
        if self.config.apidocs_schema_expansion != "link":
            return None
        parent = node.parent
        while parent is not None and not isinstance(parent, addnodes.start_of_file):
            parent = parent.parent
        docname = parent["docname"] if parent is not None else self.env.docname
        if docname not in self.page_examples:
            self.page_examples[docname] = PageExamples(ids=self.taken_ids)
        return self.page_examples[docname]

    def has_own_directive(self, spec_name: str, name: str) -> bool:
        """Whether an ``api-schema`` directive documents the schema (the domain prefers
        it to the *Schemas* sections of ``api-spec`` pages, marked shared)."""
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        found = domain.find(ObjectKind.SCHEMA, name, spec_name)
        return bool(found) and not found[0].shared

    def linked_schemas(self, spec_name: str) -> frozenset[str]:
        """With ``apidocs_schema_expansion = "link"``: the schemas of the spec that a page
        documents (an ``api-spec``'s *Schemas* section, an ``api-schema``), which the
        rendered content links to instead of expanding them."""
        if self.config.apidocs_schema_expansion != "link":
            return frozenset()
        found = self.shown_schemas.get(spec_name)
        if found is None:
            domain = self.env.get_domain("api")
            assert isinstance(domain, ApiDomain)
            found = self.shown_schemas[spec_name] = domain.names(ObjectKind.SCHEMA, spec_name)
        return found

    def with_markdown(
        self, ctx: RenderContext, op: Operation | None, node: pending_api_content
    ) -> list[nodes.Node]:
        """An operation merged with its Markdown section (or made from it alone, with no
        ``op``); the section's prose was rendered while reading and travels in ``node``."""
        doc = markdown_endpoints.section(self.env, node["markdown_file"], node["markdown_key"])
        if doc is None:
            return [_placeholder(_("(content unavailable: the Markdown section is gone)"))]
        doc = markdown_endpoints.with_base_url(self.env, doc, ctx.spec, op)
        merged = merge(op, doc)[0] if op is not None else operation_from(doc)
        description, extra = (list(child.children) for child in node.children[:2])
        return operation_body(ctx, merged, description if doc.description else None, extra)

    def diagram(
        self, ctx: RenderContext, loaded: LoadedSpec, node: pending_api_content
    ) -> list[nodes.Node]:
        spec = loaded.spec
        assert spec is not None
        words = diagram_words(ctx.prose)
        limit = self.config.apidocs_diagram_max_operations
        tags = node.get("tags") or []
        selected = [op for op in spec.operations if not tags or set(op.tags) & set(tags)]
        drawn: mermaid.Diagram | None
        if node["target"] == "sequence":
            op = loaded.operation_at(node["operation"])
            if op is None:
                return [
                    _placeholder(_("(diagram unavailable: the operation is no longer in the spec)"))
                ]
            drawn = mermaid.sequence(spec, op, words=words)
        elif node["target"] == "links":
            drawn = mermaid.links(
                spec,
                selected,
                operation_url=self.url_of(loaded, ObjectKind.OPERATION),
                max_operations=limit,
                words=words,
            )
        elif node["target"] == "webhooks":
            drawn = mermaid.webhooks(spec, max_operations=limit, words=words)
        else:
            drawn = mermaid.overview(
                spec,
                selected,
                tags=tags,
                operation_url=self.url_of(loaded, ObjectKind.OPERATION),
                tag_url=self.url_of(loaded, ObjectKind.TAG),
                max_operations=limit,
                words=words,
            )
        if drawn is None:  # the spec changed since the page was read
            return [_placeholder(_("(no diagram: nothing to draw)"))]
        return diagram_nodes(drawn)

    def url_of(self, loaded: LoadedSpec, kind: ObjectKind) -> Callable[[Any], str | None]:
        """Where an operation (or a tag, by name) of this spec is rendered, relative to
        this page; HTML only (elsewhere a diagram is a picture or its source)."""

        builder = state.builder(self.env)
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        here = self.env.docname

        def url(item: Any) -> str | None:
            if builder.format != "html":
                return None
            name = item if isinstance(item, str) else item.title
            found = domain.find(kind, name, loaded.name)
            if not found:
                return None
            obj = found[0]
            page = "" if obj.docname == here else builder.get_relative_uri(here, obj.docname)
            if "#" in page:  # singlehtml: every page is a part of this one
                page = ""
            return f"{page}#{obj.anchor}"

        return url


def _diagram_or_code_sample(node: nodes.Node) -> bool:
    return isinstance(node, diagram) or (
        isinstance(node, nodes.container) and "apidocs-code-sample" in node["classes"]
    )


def _markdown_spec(node: pending_api_content) -> ApiSpec:
    """The stand-in spec of endpoints that only a Markdown source describes."""
    return ApiSpec(node["markdown_file"], "3.1.0", node["spec_name"], "")


def _placeholder(text: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["apidocs-placeholder"])
    para += nodes.emphasis("", text)
    return para


__all__ = ["ExpandApiContent", "pending", "render_context"]
