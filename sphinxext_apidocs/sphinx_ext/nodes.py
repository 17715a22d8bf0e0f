"""The extension's own doctree node: what is rendered at write time."""

from __future__ import annotations

from docutils import nodes


class pending_api_content(nodes.General, nodes.Element):
    """Placeholder for an operation or schema body; attributes name the spec and target."""
