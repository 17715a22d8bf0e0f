"""Spec descriptions (untrusted CommonMark) to docutils nodes.

OpenAPI ``description`` and ``summary`` fields are CommonMark written by third
parties.  They are parsed with markdown-it-py (CommonMark plus the GFM table
and strikethrough rules, no linkify) and the token stream is turned into
docutils nodes here, directly: no reST or MyST text is produced and re-parsed,
so ``.. raw:: html``, ``:role:`x```, ``|sub|`` and friends in a description
are plain text, and every piece of text ends up in a :class:`docutils.nodes.Text`
that writers escape.  Of Sphinx, only its ``addnodes`` are used (for links to API objects).

Choices (HAZARDS 20-24):

* Headings become :class:`~docutils.nodes.rubric` (never sections, which would
  break the page's section structure).
* A thematic break (``---``, ``<hr>``) becomes an empty paragraph with the
  class ``hr``: a transition is only valid between sections and body elements
  at the top level, and a description sits inside other elements.  An HTML
  post-transform may draw it; LaTeX and text output show a paragraph gap.
* A hard line break (backslash or two spaces at the end of a line, ``<br>``)
  turns its paragraph into a :class:`~docutils.nodes.line_block` with one
  :class:`~docutils.nodes.line` per line, which every writer renders as
  separate lines.  A soft break is a ``"\\n"`` in the text (a space in HTML and
  LaTeX).  In headings, table captions and terms a break is a space.
* Images (Markdown ``![alt](src)`` and ``<img>``) are *not* images: an image in
  spec text would make the rendered page fetch a third-party resource at view
  time (a tracking pixel), and Sphinx would try to copy a local path into the
  build.  An image becomes a link to its URL whose text is the alt text (or
  the title, or the URL).
* Links keep only URLs that :func:`.links.safe_url` accepts; otherwise the link text
  stays as plain text and the removal is reported.  A link inside a link is
  its text.  A Redoc-style link (``#operation/<id>``, ``#tag/<name>``,
  ``#schema/<name>``, ``#section/<heading>``, :func:`.links.redoc_target`) is a
  ``pending_xref`` to the ``api`` domain instead, resolved to whichever page shows
  its target.
* Code spans are :class:`~docutils.nodes.literal`; fenced and indented code
  blocks are :class:`~docutils.nodes.literal_block` with the content verbatim
  and ``language`` set from the first word of the info string when it looks
  like a language name.
* GFM and HTML tables become docutils tables (``tgroup``/``colspec``/
  ``thead``/``tbody``), padded to a rectangle; header rows (``<thead>``, GFM
  header, or leading rows of ``<th>`` cells) go into ``thead``.  A table inside
  a table cell is flattened into a bullet list, one item per row (Sphinx's
  LaTeX writer refuses nested tables).

Raw HTML goes through the allow-list sanitizer of :mod:`.html_sanitizer`, which
turns it into the same docutils nodes; no raw HTML reaches the output, so HTML,
LaTeX and text writers all work.

The pieces: :mod:`.markdown_tokens` drives markdown-it's tokens onto the tree of
:mod:`.node_tree`, with :mod:`.html_events` and :mod:`.html_sanitizer` for raw
HTML, :mod:`.links` for URLs, :mod:`.markdown_tables` for tables and
:mod:`.text_nodes` for tidying text.

``report(subtype, message)`` is called at most once per description, with
subtype ``html``, when unsafe content was removed.
"""

from __future__ import annotations

import re
from typing import Final

from docutils import nodes

from .markdown_tokens import MARKDOWN, block_nodes, inline_nodes
from .node_tree import Report
from .text_nodes import WHITESPACE

__all__ = ["markdown_inline", "markdown_source", "markdown_to_nodes"]

# C0 controls other than tab/newline/carriage return, and DEL: XML-invalid,
# invisible; removed before parsing.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def markdown_source(text: str) -> str:
    """A description as :func:`markdown_to_nodes` parses it: line ends made ``\\n``, and
    control characters (which browsers and Markdown parsers treat inconsistently) gone."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# A single line that markdown-it would turn into one plain paragraph: no
# inline syntax, no block marker at the start, no leading indentation.
_PLAIN_LINE: Final = re.compile(r"[^\n\r\\`*_\[\]<>&~]*\Z")
_BLOCK_START: Final = re.compile(r"[\s#>=+*\-_`~|]|\d{1,9}[.)](?:[ \t]|\Z)")
_BLANK_LINE: Final = re.compile(r"\n[ \t]*\n")
_PLAIN_INLINE: Final = re.compile(r"[^\\`*_\[\]<>&~]*\Z")


def markdown_to_nodes(text: str, *, report: Report | None = None) -> list[nodes.Node]:
    """Block-level nodes for a CommonMark description. `report(subtype, message)` is called for removed unsafe content (subtype 'html').

    See the module docstring for how each construct is rendered.  Text
    without any Markdown or HTML syntax on a single line takes a fast path
    that gives the same result without running markdown-it.
    """
    if not isinstance(text, str):
        return []
    text = markdown_source(text)
    stripped = text.strip()
    if not stripped:
        return []
    if _PLAIN_LINE.match(stripped) and not _BLOCK_START.match(text):
        return [nodes.paragraph("", stripped)]
    tokens = MARKDOWN.parse(text)
    limit = MARKDOWN.options.maxNesting - 1
    if any(token.nesting == 1 and token.level >= limit for token in tokens):
        # markdown-it skips whatever is nested deeper than maxNesting; show
        # such (hostile) input as plain text rather than lose it.
        return [
            nodes.paragraph("", chunk.strip()) for chunk in _BLANK_LINE.split(text) if chunk.strip()
        ]
    return block_nodes(tokens, report)


def markdown_inline(text: str, *, report: Report | None = None) -> list[nodes.Node]:
    """Inline nodes for a one-line text such as a summary or a title: newlines folded to spaces, block constructs flattened to their text, no headings/lists effect (HAZARDS 24: a summary with embedded newlines or markup is a single-line title).

    Only CommonMark's inline syntax applies (emphasis, code spans, links,
    images as links, inline HTML through the sanitizer); block syntax has no
    effect at all, so ``# Heading`` or ``- item`` keep their ``#`` and ``-``.
    Block-level HTML tags become spaces.
    """
    if not isinstance(text, str):
        return []
    text = WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()
    if not text:
        return []
    if _PLAIN_INLINE.match(text):
        return [nodes.Text(text)]
    return inline_nodes(MARKDOWN.parseInline(text), report)
