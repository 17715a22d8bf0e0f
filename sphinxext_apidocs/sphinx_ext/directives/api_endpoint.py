"""``api-endpoint``: one operation, by ``METHOD /path`` or operationId, with the
directive's content added to its description."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from ...render.i18n import _
from ...spec.parts import SpecParts
from .. import markdown_endpoints
from .base import ApiDirective


class ApiEndpointDirective(ApiDirective):
    """Render one operation, by ``METHOD /path`` or operationId."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        target = " ".join(self.arguments[0].split())
        loaded = self.load(self.options.get("spec"))
        if loaded is None:
            return [
                self.placeholder(
                    _("Endpoint {target} unavailable: the spec could not be loaded.").format(
                        target=target
                    )
                )
            ]
        self.shows(loaded, SpecParts(lookups=frozenset({target})))
        op = self.find_operation(loaded, target)
        if op is None:
            return [self.placeholder(_("Unknown endpoint: {target}").format(target=target))]
        languages = self.sample_languages()
        self.check_templates(loaded, [op], languages)
        index = markdown_endpoints.configured_index(self.env, loaded.name, self.lineno)
        markdown_endpoints.report_unmatched(self.env, index, loaded, self.lineno)
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
