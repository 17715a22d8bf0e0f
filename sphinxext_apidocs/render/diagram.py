"""A :class:`~sphinxext_apidocs.diagrams.mermaid.Diagram` as nodes: a :class:`diagram`
node holding the Mermaid source, and the diagram's note (what it leaves out) beside it.

The node is this extension's own, so that rendering needs no Sphinx:
:mod:`sphinxext_apidocs.sphinx_ext.deferred` turns it into sphinxcontrib-mermaid's node,
which draws in HTML; for other builders
:class:`~sphinxext_apidocs.sphinx_ext.transforms.all_formats.MermaidFallback` decides between a
picture (the Mermaid CLI) and the labelled source.
"""

from __future__ import annotations

from docutils import nodes

from ..diagrams.mermaid import Diagram, plain

#: the class of every diagram this extension draws
DIAGRAM_CLASS = "apidocs-diagram"
#: node attribute: a diagram drawn without being asked for (an operation's callbacks),
#: which degrades to its source without a warning where it cannot be drawn
UNASKED = "apidocs_unasked"


class diagram(nodes.General, nodes.Element):
    """A Mermaid diagram to draw: ``code`` (the source), ``alt`` (its title as plain
    text), ``apidocs_title``, and :data:`UNASKED` when it was not asked for."""


def diagram_nodes(drawn: Diagram, *, unasked: bool = False) -> list[nodes.Node]:
    box = nodes.container(classes=[DIAGRAM_CLASS, f"apidocs-diagram-{drawn.kind}"])
    node = diagram(classes=[DIAGRAM_CLASS])
    node["code"] = drawn.source
    node["options"] = {}
    # sphinxcontrib-mermaid writes "alt" into HTML unescaped (png/svg output): plain text
    node["alt"] = plain(drawn.title)
    node["apidocs_title"] = drawn.title
    if unasked:
        node[UNASKED] = True
    box += node
    if drawn.note:
        box += nodes.paragraph("", drawn.note, classes=["apidocs-diagram-note"])
    return [box]
