"""``api-markdown``: every endpoint of one Markdown endpoint source, merged with the
operations of a spec where it has them."""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes

from ...diagnostics.subtypes import Subtype
from ...markdown.merge import MarkdownIndex, operation_from, unmatched
from ...spec.paths import template_key
from .. import markdown_endpoints, state, warning
from ..dependencies import depend_on
from ..nodes import ContentKind, pending_api_content
from ..spec_cache import LoadedSpec
from .base import ApiDirective


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
            depend_on(self.env, real, None)  # read again once it exists
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
            warning.record_problems(
                self.env, unmatched(index, loaded.known_operations(), label), self.lineno
            )
        else:
            label = source.spec or Path(real).stem
            loaded = LoadedSpec(label, "", None, (), ())
        languages = self.sample_languages()
        taken = self.taken_ids()
        out: list[nodes.Node] = []
        # the file's own text (a title, an introduction, other sections), then its overview
        for prose in (*source.preamble, *((source.overview,) if source.overview else ())):
            out.extend(markdown_endpoints.prose_nodes(self.state.document, prose, real))
        by_template = {template_key(o.method, o.path): o for o in spec.operations} if spec else {}
        internal = {template_key(o.method, o.path) for o in loaded.internal}
        for doc in index.endpoints():
            if template_key(doc.method, doc.path) in internal:
                continue  # documents an x-internal operation: left out like it
            op = by_template.get(template_key(doc.method, doc.path))
            if op is not None:
                out.extend(self.operation(loaded, op, languages, taken, (doc, real)))
                continue
            body = pending_api_content(
                "",
                spec_name=label,
                spec_path="",
                kind=ContentKind.MARKDOWN,
                target=doc.title,
                languages=languages,
            )
            self.attach_markdown(body, doc, real)
            standalone = LoadedSpec(label, "", None, (), ())
            out.extend(self.indexed_operation(standalone, operation_from(doc), body, taken))
        if not index.endpoints():
            self.warn(
                Subtype.MARKDOWN, f"{self.arguments[0]} has no endpoint section (## METHOD /path)"
            )
            out.append(self.placeholder("No endpoint sections in this Markdown source."))
        return out
