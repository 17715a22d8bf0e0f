"""HTML-only post-transforms: the doctree itself stays format-neutral.

* Long schema tables fold into ``<details>`` (works without JavaScript and by
  keyboard; the PDF, built through LaTeX, always shows them flat).
* Code samples become tabs made of radio buttons and labels: no JavaScript, arrow
  keys move between languages, screen readers announce "cURL, radio button, 1 of
  3"; epub, LaTeX and text keep labelled blocks.
* A name shown as code (:class:`code_name`) is one ``<code>`` element, without a
  ``<span class="pre">`` around each word; a name with a run of spaces, which only
  those keep, is written as Sphinx writes inline code.
* Examples and code samples (:class:`api_code_block`) are highlighted without a
  ``<span class="w">`` around each run of spaces.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ...render.context import anchor
from ...render.lexers import PlainWhitespace, api_code_block
from ...render.text_nodes import code_name

#: HTML: schema tables with more rows than this are folded
FOLD_ROWS = 30


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


def visit_api_code_block(translator: HTML5Translator, node: api_code_block) -> None:
    """Sphinx's highlighted literal block, its whitespace left plain (:class:`PlainWhitespace`)."""
    lang = node["language"]
    options = {**translator.config.highlight_options.get(lang, {}), "filters": [PLAIN]}
    highlighted = translator.highlighter.highlight_block(
        node.rawsource, lang, opts=options, force=node.get("force", False), location=node
    )
    start = translator.starttag(node, "div", suffix="", CLASS=f"highlight-{lang} notranslate")
    translator.body.append(start + highlighted + "</div>\n")
    raise nodes.SkipNode


def visit_code_name(translator: HTML5Translator, node: code_name) -> None:
    if _keeps_spaces(node):
        translator.visit_literal(node)
    else:
        start = translator.starttag(node, "code", "", CLASS="docutils literal notranslate")
        translator.body.append(start)


def depart_code_name(translator: HTML5Translator, node: code_name) -> None:
    if _keeps_spaces(node):
        translator.depart_literal(node)
    else:
        translator.body.append("</code>")


def _keeps_spaces(node: code_name) -> bool:
    return "  " in node.astext()


PLAIN = PlainWhitespace()
API_CODE_BLOCK_HTML = (visit_api_code_block, None)
CODE_NAME_HTML = (visit_code_name, depart_code_name)
