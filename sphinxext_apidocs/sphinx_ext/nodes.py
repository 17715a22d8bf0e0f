"""The extension's own doctree node (what is rendered at write time), and the mark on every
node tree its directives return."""

from __future__ import annotations

from collections.abc import Iterator
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


class api_code_block(nodes.literal_block):
    """HTML only: an example or code sample block of ours, highlighted without
    whitespace spans, whose ``<pre>`` (what scrolls in every theme) is a focusable
    region named by its ``label`` attribute."""


class wrappable_text(nodes.Text):
    """HTML only: the text of a Name or Type cell of our tables, written with a place to
    wrap (``<wbr/>``) after each ``_``, ``-`` and ``.`` that a letter or digit follows.
    One node instead of a ``raw`` node and a text node per place: a large spec's tables
    have tens of thousands; the search index keeps the whole word."""


def our_trees(document: nodes.Node) -> Iterator[nodes.Element]:
    """The outermost trees of the extension in ``document`` (one inside another is part of
    it), found without walking into them: a large spec's page is millions of nodes."""
    stack = [document]
    while stack:
        node = stack.pop()
        if is_ours(node):
            yield node  # type: ignore[misc]  # is_ours: an Element
        elif isinstance(node, nodes.Element):
            stack.extend(reversed(node.children))
