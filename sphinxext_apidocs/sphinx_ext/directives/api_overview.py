"""``api-overview``: a spec's introduction -- info, servers, authentication, contact,
licence, tags linked to where their operations are, and the spec as a download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes

from ...render.overview import access_blocks, download_para, info_block, tags_block
from ...spec.parts import SpecParts
from .. import downloads, markdown_endpoints
from ..deferred import render_context
from .base import ApiDirective


class ApiOverviewDirective(ApiDirective):
    """Render the introduction of a spec."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        loaded = self.load(self.arguments[0])
        if loaded is None:
            return [
                self.placeholder(
                    f"API overview unavailable: {self.arguments[0]} could not be loaded."
                )
            ]
        spec = loaded.spec
        assert spec is not None
        self.shows(loaded, SpecParts(overview=True))
        ctx = render_context(self.env, self.state.document, loaded)
        general = markdown_endpoints.general_prose(self.env, self.state.document, loaded)
        return [
            info_block(ctx, spec, general),
            *access_blocks(ctx, spec, requirements=True),
            *tags_block(ctx, spec),
            download_para(downloads.note(self.env, loaded)),
        ]
