"""HTML-only post-transforms: the doctree itself stays format-neutral.

* A nested field's name shows its own name (``login``), indented by its depth;
  its parent's path (``owner.``) stays in the cell for screen readers, copying
  and search, hidden from view by the stylesheet (the PDF shows the full path).
  Long names and types wrap after ``_``, ``-`` and ``.``.
* Long schema tables fold into ``<details>`` (works without JavaScript and by
  keyboard; the PDF, built through LaTeX, always shows them flat).
* Code samples become tabs made of radio buttons and labels: no JavaScript, arrow
  keys move between languages, screen readers announce "cURL, radio button, 1 of
  3"; epub, LaTeX and text keep labelled blocks.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ...render.context import anchor
from ...render.schema import FIELD_PARENT

#: HTML: schema tables with more rows than this are folded
FOLD_ROWS = 30
WHOLE_CLASSES = {"apidocs-flag", "apidocs-path-parent"}
#: a place to wrap a long name: after these characters, before a letter or digit
WORD_BREAK = re.compile(r"(?<=[_.-])(?=\w)")


class SchemaTableNames(SphinxPostTransform):
    """In schema and parameter tables: a nested field's own name, and places to wrap
    long names (``<wbr>`` after ``_``, ``-`` and ``.``) in the Name and Type cells,
    so that ``amount_tax_display`` wraps at a word, not after any letter."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for literal in list(self.document.findall(nodes.literal)):
            parent = literal.get(FIELD_PARENT)
            if parent:
                own = literal.astext()[len(parent) :]
                literal[:] = [
                    nodes.inline("", parent, classes=["apidocs-path-parent"]),
                    nodes.Text(own),
                ]
        for table in self.document.findall(nodes.table):
            if "apidocs-table" not in table["classes"]:
                continue
            for row in table.findall(nodes.row):
                for entry in row.children[:2]:
                    for text in list(entry.findall(nodes.Text)):
                        if not _kept_whole(text):
                            _add_word_breaks(text)


def _kept_whole(text: nodes.Text) -> bool:
    """A flag (``read-only``) or the hidden parent path: no places to wrap."""
    return isinstance(text.parent, nodes.inline) and bool(
        WHOLE_CLASSES & set(text.parent["classes"])
    )


def _add_word_breaks(text: nodes.Text) -> None:
    parts = WORD_BREAK.split(str(text))
    if len(parts) < 2:
        return
    pieces: list[nodes.Node] = [nodes.Text(parts[0])]
    for part in parts[1:]:
        pieces += [nodes.raw("", "<wbr/>", format="html"), nodes.Text(part)]
    text.parent.replace(text, pieces)


class FoldLongTables(SphinxPostTransform):
    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "apidocs-schema-table" not in table["classes"]:
                continue
            rows = sum(len(body) for body in table.findall(nodes.tbody))
            if rows <= FOLD_ROWS:
                continue
            summary = f'<details class="apidocs-fold"><summary>Show all {rows} fields</summary>'
            parent = table.parent
            index = parent.index(table)
            parent.insert(index + 1, nodes.raw("", "</details>", format="html"))
            parent.insert(index, nodes.raw("", summary, format="html"))


class CodeSampleTabs(SphinxPostTransform):
    default_priority = 200
    builders = ("html", "dirhtml", "singlehtml")

    def run(self, **kwargs: Any) -> None:
        # ids unique across pages too: singlehtml puts every page into one
        prefix = "apidocs-samples-" + anchor(self.env.docname)
        boxes = [
            box
            for box in self.document.findall(nodes.container)
            if "apidocs-code-samples" in box["classes"]
        ]
        for n, box in enumerate(boxes):
            group = f"{prefix}-{n}"
            box["classes"].append("apidocs-tabs")
            tabs: list[nodes.Node] = []
            count = 0
            for panel in box.children:
                if not isinstance(panel, nodes.Element) or not panel.children:
                    continue
                content = list(panel.children)
                first = content[0]
                label = panel.get("language", "")
                if (
                    isinstance(first, nodes.Element)
                    and "apidocs-code-sample-label" in first["classes"]
                ):
                    label = first.astext()
                    content = content[1:]
                tab = f"{group}-{count}"
                checked = "" if count else " checked"
                count += 1
                tabs.append(
                    nodes.raw(
                        "",
                        f'<input type="radio" class="apidocs-tab-input" name="{group}" '
                        f'id="{tab}"{checked}><label class="apidocs-tab-label" for="{tab}" '
                        f'id="{tab}-label">{escape(label)}</label>'
                        f'<div class="apidocs-tab-panel" role="region" aria-labelledby="{tab}-label">',
                        format="html",
                    )
                )
                tabs.extend(content)
                tabs.append(nodes.raw("", "</div>", format="html"))
            box.children = []
            box.extend(tabs)
