"""A :class:`~sphinxext_apidocs.diagrams.mermaid.Diagram` as nodes: a sphinxcontrib-mermaid
node, and the diagram's note (what it leaves out) beside it.

The Mermaid node draws in HTML; for other builders
:class:`~sphinxext_apidocs.sphinx_ext.transforms.MermaidFallback` decides between a picture
(the Mermaid CLI) and the labelled source.
"""

from __future__ import annotations

from docutils import nodes
from sphinxcontrib.mermaid import mermaid

from ..diagrams.mermaid import Diagram, plain

#: the class of every diagram this extension draws
DIAGRAM_CLASS = "apidocs-diagram"
#: node attribute: a diagram drawn without being asked for (an operation's callbacks),
#: which degrades to its source without a warning where it cannot be drawn
UNASKED = "apidocs_unasked"


def diagram_nodes(diagram: Diagram, *, unasked: bool = False) -> list[nodes.Node]:
    box = nodes.container(classes=[DIAGRAM_CLASS, f"apidocs-diagram-{diagram.kind}"])
    node = mermaid(classes=[DIAGRAM_CLASS])
    node["code"] = diagram.source
    node["options"] = {}
    # sphinxcontrib-mermaid writes "alt" into HTML unescaped (png/svg output): plain text
    node["alt"] = plain(diagram.title)
    node["apidocs_title"] = diagram.title
    if unasked:
        node[UNASKED] = True
    box += node
    if diagram.note:
        box += nodes.paragraph("", diagram.note, classes=["apidocs-diagram-note"])
    return [box]
