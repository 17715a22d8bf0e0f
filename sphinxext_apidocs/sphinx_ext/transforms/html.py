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
* The spec's logo (``x-logo``) is painted on its background colour.
* The spec's download links point at the files :mod:`..downloads` writes (other
  formats leave them out: see :class:`.all_formats.DropSpecDownloads`).
* Examples and code samples (:class:`api_code_block`) are highlighted without a
  ``<span class="w">`` around each run of spaces, and each scrolls sideways where
  its lines are long: its ``<pre>`` (the element that scrolls in every theme) is a
  region named by what it is ("cURL sample, POST /orders"), reachable by keyboard
  (WCAG 2.1.1).  Code blocks the user wrote stay as Sphinx writes them.
* A name shown as code (:class:`code_name`) is one ``<code>`` element, without a
  ``<span class="pre">`` around each word; a name with a run of spaces, which only
  those keep, is written as Sphinx writes inline code.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from typing import Any

import pygments  # type: ignore[import-untyped]  # Pygments ships no type stubs
from docutils import nodes
from pygments.filters import ErrorToken  # type: ignore[import-untyped]  # no stubs either
from sphinx import addnodes
from sphinx.highlighting import PygmentsBridge
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from ...render.context import anchor
from ...render.i18n import _
from ...render.lexers import PlainWhitespace
from ...render.overview import DOWNLOAD_CLASS, LOGO_CLASS
from ...render.schema import FIELD_PARENT
from ...render.text_nodes import code_name
from .. import state
from ..downloads import HTML_BUILDERS
from ..nodes import api_code_block, our_trees, wrappable_text

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
        for tree in our_trees(self.document):
            for literal in list(tree.findall(nodes.literal)):
                parent = literal.get(FIELD_PARENT)
                if parent:
                    own = literal.astext()[len(parent) :]
                    literal[:] = [
                        nodes.inline("", parent, classes=["apidocs-path-parent"]),
                        nodes.Text(own),
                    ]
            for table in tree.findall(nodes.table):
                if "apidocs-table" not in table["classes"]:
                    continue
                for row in table.findall(nodes.row):
                    for entry in row.children[:2]:
                        for text in list(entry.findall(nodes.Text)):
                            if not _kept_whole(text) and WORD_BREAK.search(text):
                                text.parent.replace(text, wrappable_text(str(text)))


def _kept_whole(text: nodes.Text) -> bool:
    """A flag (``read-only``) or the hidden parent path: no places to wrap."""
    return isinstance(text.parent, nodes.inline) and bool(
        WHOLE_CLASSES & set(text.parent["classes"])
    )


def visit_wrappable_text(translator: HTML5Translator, node: wrappable_text) -> None:
    start = len(translator.body)
    translator.visit_Text(node)
    translator.body[start:] = [WORD_BREAK.sub("<wbr/>", part) for part in translator.body[start:]]


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
    default_priority = 420  # after NameScrollingCode has read each sample's label
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
                        f'id="{tab}"{checked}><label class="apidocs-tab-label" for="{tab}">'
                        f'{escape(label)}</label><div class="apidocs-tab-panel">',
                        format="html",
                    )
                )
                tabs.extend(content)
                tabs.append(nodes.raw("", "</div>", format="html"))
            box.children = []
            box.extend(tabs)


class LogoBackground(SphinxPostTransform):
    """The spec's logo on its ``x-logo.backgroundColor`` (a colour checked when it was
    rendered: see :func:`.overview.logo_block`)."""

    default_priority = 200
    builders = HTML_BUILDERS

    def run(self, **kwargs: Any) -> None:
        for box in self.document.findall(nodes.container):
            colour = box.get("apidocs_background")
            if LOGO_CLASS in box["classes"] and colour:
                style = f'<div style="background-color: {escape(colour)}">'
                box.children = [
                    nodes.raw("", style, format="html"),
                    *box.children,
                    nodes.raw("", "</div>", format="html"),
                ]


class SpecDownloadLinks(SphinxPostTransform):
    """Each download of a spec, a link relative to the page (singlehtml: to its one page)."""

    default_priority = 200
    builders = HTML_BUILDERS

    def run(self, **kwargs: Any) -> None:
        page = state.builder(self.env).get_target_uri(self.env.docname).partition("#")[0]
        for para in self.document.findall(nodes.paragraph):
            if DOWNLOAD_CLASS not in para["classes"]:
                continue
            for item in list(para.findall(nodes.inline)):
                path = item.get("apidocs_download")
                if path:
                    link = nodes.reference("", item.astext(), refuri=relative_uri(page, path))
                    link["classes"].append("download")
                    item.replace_self(link)


#: our blocks that may scroll: made-up and given examples, code samples
SCROLLING_CLASSES = {"apidocs-example", "apidocs-code"}


class NameScrollingCode(SphinxPostTransform):
    """Each example and code sample block becomes an :class:`api_code_block` with a
    ``label``: what it holds, where and for which operation; a name the page already
    has gets a number (screen readers list regions by name)."""

    # after Sphinx's highlight settings (line numbers), before CodeSampleTabs takes
    # the samples' labels apart
    default_priority = 410
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        seen: Counter[str] = Counter()
        for block in list(self.document.findall(nodes.literal_block)):
            if not SCROLLING_CLASSES & set(block["classes"]):
                continue
            label = scrolling_label(block)
            seen[label] += 1
            if seen[label] > 1:
                label += f" ({seen[label]})"
            named = api_code_block(block.rawsource, "", *block.children, **block.attributes)
            named["label"] = label
            block.replace_self(named)


def scrolling_label(block: nodes.literal_block) -> str:
    """What a block is ("cURL sample", "Example: Card, 200 response, application/json")
    and the operation it belongs to."""
    parent = block.parent
    if "apidocs-code" in block["classes"]:
        title = _previous(block, "apidocs-code-sample-label")
        language = title.astext() if title else parent.get("language", "code")
        what = _("{language} sample").format(language=language)
    else:
        title = _previous(block, "apidocs-example-title")
        what = title.astext() if title else _("Example")
        response = _enclosing(block, "apidocs-response")
        status = next(response.findall(_has_class("apidocs-status")), None) if response else None
        if status is not None:
            what += ", " + _("{status} response").format(status=status.astext())
        elif _operation_name(block):  # a schema's own examples say which in their title
            what += ", " + _("request body")
        media = _previous(block, "apidocs-media-type")
        literal = next(media.findall(nodes.literal), None) if media else None
        if literal is not None:
            what += f", {literal.astext()}"
    owner = _operation_name(block) or _schema_name(block)
    return f"{what}: {owner}" if owner else what


def _has_class(name: str) -> Any:
    return lambda node: isinstance(node, nodes.Element) and name in node["classes"]


def _previous(node: nodes.Element, name: str) -> nodes.Element | None:
    """The nearest earlier sibling of ``node`` (or of an ancestor) with class ``name``."""
    while node.parent is not None:
        siblings = node.parent.children
        for sibling in reversed(siblings[: siblings.index(node)]):
            if isinstance(sibling, nodes.Element) and name in sibling["classes"]:
                return sibling
        node = node.parent
    return None


def _enclosing(node: nodes.Node, name: str) -> nodes.Element | None:
    parent = node.parent
    while parent is not None and name not in parent.get("classes", ()):
        parent = parent.parent
    return parent


def _schema_name(block: nodes.Node) -> str:
    """``schema Customer``: the schema whose description holds ``block`` ("" if none)."""
    schema = _enclosing(block, "apidocs-schema")
    signature = next(schema.findall(addnodes.desc_name), None) if schema is not None else None
    return _("schema {name}").format(name=signature.astext()) if signature is not None else ""


def _operation_name(block: nodes.Node) -> str:
    """``POST /orders`` of the operation (or callback) holding ``block``."""
    nested = _enclosing(block, "apidocs-nested-operation")
    if nested is not None:
        title = next(nested.findall(_has_class("apidocs-nested-title")), None)
        return title.astext() if title else ""
    operation = _enclosing(block, "apidocs-operation")
    if operation is None:
        return ""
    signature = next(operation.findall(addnodes.desc_signature), None)
    if signature is None:
        return ""
    method = next(signature.findall(_has_class("apidocs-method")), None)
    path = next(signature.findall(addnodes.desc_name), None)
    return " ".join(n.astext() for n in (method, path) if n is not None)


def visit_api_code_block(translator: HTML5Translator, node: api_code_block) -> None:
    """Sphinx's highlighted literal block (with line numbers where the page asks for
    them), its whitespace left plain (:class:`PlainWhitespace`); its last ``<pre>``
    (the code's, after the line numbers') is the region named by ``label``.

    It follows ``HTML5Translator.visit_literal_block`` (Sphinx 9) step by step, adding
    only the whitespace filter: compare the two when Sphinx changes that method."""
    lang = node.get("language", "default")
    linenos = node.get("linenos", False)
    if linenos and translator.config.html_codeblock_linenos_style:
        linenos = translator.config.html_codeblock_linenos_style
    options = {**translator.config.highlight_options.get(lang, {}), "filters": [PLAIN]}
    highlighted = _highlighted(
        translator.highlighter,
        node,
        lang,
        options,
        linenos=linenos,
        **node.get("highlight_args", {}),
    )
    if node.get("label"):
        at = highlighted.rfind("<pre")
        region = f'<pre tabindex="0" role="region" aria-label="{escape(node["label"])}"'
        highlighted = highlighted[:at] + region + highlighted[at + 4 :]
    start = translator.starttag(node, "div", suffix="", CLASS=f"highlight-{lang} notranslate")
    translator.body.append(start + highlighted + "</div>\n")
    raise nodes.SkipNode


def _highlighted(
    bridge: PygmentsBridge, node: api_code_block, lang: str, options: dict[str, Any], **args: Any
) -> str:
    """What ``bridge.highlight_block`` gives, with one formatter for each set of options:
    Sphinx makes a new one, with its style table, for every block (2% of building
    GitHub's spec per tag, measured with py-spy). A block its lexer cannot read goes
    through Sphinx's own method, for its warning and its plain retry."""
    force = node.get("force", False)
    key = (bridge.formatter, repr(sorted({**args, **bridge.formatter_args}.items())))
    formatter = _FORMATTERS.get(key)
    if formatter is None:
        formatter = _FORMATTERS[key] = bridge.get_formatter(**args)
    lexer = bridge.get_lexer(node.rawsource, lang, options, force, node)
    try:
        return pygments.highlight(node.rawsource, lexer, formatter)
    except ErrorToken:
        return bridge.highlight_block(
            node.rawsource, lang, opts=options, force=force, location=node, **args
        )


_FORMATTERS: dict[tuple[Any, str], Any] = {}


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
WRAPPABLE_TEXT_HTML = (visit_wrappable_text, None)
