"""The extension's own doctree node (what is rendered at write time), and the mark on every
node tree its directives return."""

from __future__ import annotations

from enum import StrEnum

from docutils import nodes


class pending_api_content(nodes.General, nodes.Element):
    """Placeholder for an operation or schema body; attributes name the spec and target."""


class ContentKind(StrEnum):
    """What a :class:`pending_api_content` stands for (its ``kind`` attribute)."""

    OPERATION = "operation"
    SCHEMA = "schema"
    DIAGRAM = "diagram"
    MARKDOWN = "markdown"
    """An endpoint that only a Markdown source describes."""


#: marks every node tree the directives return
MARK = "apidocs"


def is_ours(node: nodes.Node) -> bool:
    """Whether ``node`` is the root of a tree a directive of the extension returned."""
    return isinstance(node, nodes.Element) and MARK in node.get("classes", ())


class scrolling_code(nodes.literal_block):
    """HTML only: a code or example block of ours whose ``<pre>`` (what scrolls in every
    theme) is a focusable region named by its ``label`` attribute."""
