"""``api-markdown``: every endpoint of one Markdown endpoint source, merged with the
operations of a spec where it has them."""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes

from ...diagnostics.subtypes import Subtype
from ...markdown.merge import MarkdownIndex, filled_prose, operation_from, unmatched
from ...markdown.parse import EndpointDoc, Prose
from ...render.i18n import _
from ...spec.paths import template_key
from .. import markdown_endpoints, state, warning
from ..dependencies import depend_on
from ..discovery import GENERAL_DOCS
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
            return [
                self.placeholder(
                    _("Markdown source {path} unavailable.").format(path=self.arguments[0])
                )
            ]
        if not os.path.isfile(real):
            depend_on(self.env, real, None)  # read again once it exists
            self.warn(Subtype.FILE, f"no Markdown file {self.arguments[0]}")
            return [
                self.placeholder(
                    _("Markdown source {path} unavailable.").format(path=self.arguments[0])
                )
            ]
        source = markdown_endpoints.load(self.env, real)
        if Path(real).name == GENERAL_DOCS and not source.endpoints:
            # the API's introduction: shown as it is, as api-spec shows it
            warning.record_problems(self.env, source.problems, self.lineno)
            loaded = self.load(self.options["spec"]) if "spec" in self.options else None
            spec = loaded.spec if loaded is not None else None
            return markdown_endpoints.whole_prose(self.state.document, source, real, spec)
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
        by_template = {template_key(o.method, o.path): o for o in spec.operations} if spec else {}
        # the file's own text (a title, an introduction, its overview, other sections) and
        # its endpoints, in the file's order
        prose = (*source.preamble, *((source.overview,) if source.overview else ()))
        pieces: list[Prose | EndpointDoc] = [*prose, *index.endpoints()]
        base = markdown_endpoints.base_url(self.env, spec, None)
        internal = {template_key(o.method, o.path) for o in loaded.internal}
        for piece in sorted(pieces, key=lambda p: p.line):
            if isinstance(piece, Prose):
                filled = filled_prose(piece, base)
                out.extend(markdown_endpoints.prose_nodes(self.state.document, filled, real))
                continue
            if template_key(piece.method, piece.path) in internal:
                continue  # documents an x-internal operation: left out like it
            op = by_template.get(template_key(piece.method, piece.path))
            if op is not None:
                out.extend(self.operation(loaded, op, languages, taken, (piece, real)))
                continue
            body = pending_api_content(
                "",
                spec_name=label,
                spec_path="",
                kind=ContentKind.MARKDOWN,
                target=piece.title,
                languages=languages,
            )
            doc = markdown_endpoints.with_base_url(self.env, piece, None, None)
            self.attach_markdown(body, doc, real)
            standalone = LoadedSpec(label, "", None, (), ())
            out.extend(self.indexed_operation(standalone, operation_from(doc), body, taken))
        if not index.endpoints():
            self.warn(
                Subtype.MARKDOWN, f"{self.arguments[0]} has no endpoint section (## METHOD /path)"
            )
            out.append(self.placeholder(_("No endpoint sections in this Markdown source.")))
        return out
