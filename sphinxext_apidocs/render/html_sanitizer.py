"""Raw HTML of spec text into the node tree through an allow-list: what is kept becomes
docutils nodes, what is unsafe is removed and reported, visible text is never lost.

No raw HTML reaches the output, so HTML, LaTeX and text writers all work:

* Kept (as nodes): ``a`` (``href`` through :func:`.links.safe_url`), ``b strong i em
  code kbd tt samp u ins s del strike sub sup small span p br ul ol li pre
  blockquote h1-h6 table thead tbody tfoot tr th td caption dl dt dd hr img``;
  ``summary`` becomes a paragraph, ``details`` and other known structural
  tags (``div``, ``section`` ...) are dropped but end the current paragraph.
  Other known HTML tags are dropped and their text kept.
* Removed with their content, and reported: ``script style iframe object
  applet form template svg math noembed noframes frameset head title``;
  removed and reported: ``embed meta link base frame``.  Script and style
  content is never shown.
* Every attribute is dropped except ``href`` on ``a`` and ``src``/``alt``/
  ``title`` on ``img``; ``on*=`` event handlers are reported.
* Visible text is never lost.  A tag name that is not HTML (``<module>``,
  ``<branch>``, ``<owner>``) without attributes and without a matching close
  tag is prose and stays as text; so does a formatting or removable tag
  (``<b>``, ``<script>`` ...) whose close tag never comes, as in a description
  saying ``"<module>.<script>"``.  Unknown tags with attributes or with a
  matching close tag (``<note>...</note>``) are markup: dropped, text kept.
* HTML entities are decoded once (``&amp;`` is ``&``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from docutils import nodes

from .html_events import Event
from .links import safe_url, scheme_label
from .markdown_tables import TableData
from .node_tree import FrameKind, NodeTree, strike


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Known HTML element names: a tag with another name is prose unless it looks
# like markup (attributes, or a matching close tag).
_HTML_TAGS: Final = _words(
    """a abbr acronym address applet area article aside audio b base basefont
    bdi bdo bgsound big blink blockquote body br button canvas caption
    center cite code col colgroup data datalist dd del details dfn dialog
    dir div dl dt em embed fieldset figcaption figure font footer form frame
    frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input
    ins isindex kbd keygen label legend li link listing main map mark
    marquee math menu menuitem meta meter multicol nav nextid nobr noembed
    noframes noscript object ol optgroup option output p param picture
    plaintext pre progress q rb rp rt rtc ruby s samp script search section
    select slot small source spacer span strike strong style sub summary sup
    svg table tbody td template textarea tfoot th thead time title tr track
    tt u ul var video wbr xmp"""
)

# Removed together with everything up to their close tag.
_DROP_CONTENT: Final = _words(
    """script style iframe object applet form template svg math noembed
    noframes frameset head title"""
)
# Removed (void elements that load or redirect things).
_DROP_VOID: Final = _words("embed meta link base frame")

_INLINE_TAGS: Final[dict[str, Callable[[], nodes.Element]]] = {
    "b": nodes.strong,
    "strong": nodes.strong,
    "i": nodes.emphasis,
    "em": nodes.emphasis,
    "code": nodes.literal,
    "kbd": nodes.literal,
    "tt": nodes.literal,
    "samp": nodes.literal,
    "u": lambda: nodes.inline(classes=["underline"]),
    "ins": lambda: nodes.inline(classes=["underline"]),
    "s": strike,
    "del": strike,
    "strike": strike,
    "sub": nodes.subscript,
    "sup": nodes.superscript,
    "small": lambda: nodes.inline(classes=["small"]),
    "span": nodes.inline,
}

# Tags whose start is only markup when the matching end tag follows in the
# same piece of HTML; otherwise the start tag is shown as text.
_NEEDS_CLOSE: Final = frozenset(_INLINE_TAGS) | _DROP_CONTENT | {"a"}

_HEADINGS: Final = _words("h1 h2 h3 h4 h5 h6")
_LISTS: Final = _words("ul ol menu dir")
_TABLE_PARTS: Final = _words("table thead tbody tfoot tr th td caption")
# Known block-level tags without a node of their own: they end a paragraph.
_BLOCK_BOUNDARY: Final = _words(
    """address article aside body center details dialog div fieldset figcaption
    figure footer header hgroup html legend listing main nav noscript
    plaintext search section xmp"""
)
_BLOCK_TAGS: Final = (
    _BLOCK_BOUNDARY
    | _HEADINGS
    | _LISTS
    | _TABLE_PARTS
    | {"p", "summary", "pre", "blockquote", "li", "dl", "dt", "dd", "hr", "br"}
)


class HtmlSanitizer:
    """Start and end tags of spec text onto a :class:`.NodeTree`, through the allow-list."""

    def __init__(self, tree: NodeTree) -> None:
        self.tree = tree
        self.markup_unknown: set[str] = set()
        """Tags that are not HTML but were read as markup: their end tags are dropped."""

    def start(self, event: Event, *, closed: bool) -> bool:
        """A start tag (``closed``: its end tag follows in the same piece of HTML); True
        when the element is removed with its content, up to that end tag."""
        tag = str(event[1])
        attrs = event[2]
        raw = str(event[3])
        selfclosing = bool(event[4])
        if tag in _DROP_CONTENT:
            if closed and not selfclosing:
                self.tree.note_removed(f"<{tag}> element")
                return True
            if selfclosing or attrs:  # markup without an end: drop the tag
                self.tree.note_removed(f"<{tag}> element")
            else:
                self.tree.add_text(raw, collapse=True)  # prose such as "<module>.<script>"
        elif tag not in _HTML_TAGS:
            if selfclosing:
                self.markup_unknown.add(tag)
            elif attrs or closed:
                self.markup_unknown.add(tag)
                self._check_attrs(attrs)
            else:
                self.tree.add_text(raw, collapse=True)
        elif tag in _NEEDS_CLOSE and not closed and not selfclosing and not attrs:
            self.tree.add_text(raw, collapse=True)  # prose such as "<module>.<script>"
        else:
            assert isinstance(attrs, list)
            self._start_tag(tag, attrs, selfclosing)
        return False

    def end(self, event: Event) -> None:
        """An end tag."""
        tag = str(event[1])
        if tag not in _HTML_TAGS:
            if tag not in self.markup_unknown:
                self.tree.add_text(str(event[2]), collapse=True)
        else:
            self._end_tag(tag)

    def _check_attrs(self, attrs: object) -> None:
        if isinstance(attrs, list):
            for name, _ in attrs:
                if isinstance(name, str) and name.lower().startswith("on"):
                    self.tree.note_removed("event handler attribute")
                    return

    def _start_tag(self, tag: str, attrs: list[tuple[str, str | None]], selfclosing: bool) -> None:
        """A known HTML start tag."""
        tree = self.tree
        self._check_attrs(attrs)
        if tag in _DROP_VOID:
            tree.note_removed(f"<{tag}> element")
            return
        pre = tree.in_pre
        if tag == "br":
            tree.add_break()
        elif tag == "img":
            values = {k: v for k, v in attrs if isinstance(v, str)}
            tree.add_image(values.get("src", ""), values.get("alt") or values.get("title") or "")
        elif tag == "a":
            href = next((v for k, v in attrs if k == "href" and isinstance(v, str)), None)
            if href is not None and not selfclosing and not pre:
                tree.open_link(href, "a")
            elif href is not None and safe_url(href) is None:
                tree.note_removed(scheme_label(href))
        elif tag in _INLINE_TAGS:
            if not selfclosing:
                tree.open_inline(_INLINE_TAGS[tag](), tag)
        elif pre:
            return  # inside <pre> only text, <br> and </pre> count
        elif tree.inline:
            if tag in _BLOCK_TAGS:
                tree.separator()
        elif tag == "hr":
            tree.add_block(nodes.paragraph(classes=["hr"]))
        elif selfclosing:
            if tag in _BLOCK_TAGS:
                tree.end_paragraph()
        else:
            self._open_block_tag(tag)

    def _open_block_tag(self, tag: str) -> None:
        """A known HTML start tag that is not void, in block mode and outside ``<pre>``."""
        tree = self.tree
        if tag in ("p", "summary"):
            tree.open_block(FrameKind.TEXT, nodes.paragraph(), tag)
        elif tag in _HEADINGS:
            tree.open_block(FrameKind.TEXT, nodes.rubric(), tag)
        elif tag == "pre":
            tree.open_block(FrameKind.PRE, nodes.literal_block(), tag)
        elif tag == "blockquote":
            tree.open_block(FrameKind.BODY, nodes.block_quote(), tag)
        elif tag in _LISTS:
            node = (
                nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
                if tag == "ol"
                else nodes.bullet_list(bullet="*")
            )
            tree.open_block(FrameKind.LIST, node, tag)
        elif tag == "li":
            tree.open_list_item(tag)
        elif tag == "dl":
            tree.open_block(FrameKind.DL, nodes.definition_list(), tag)
        elif tag == "dt":
            tree.open_dt(tag)
        elif tag == "dd":
            tree.open_dd(tag)
        elif tag == "table":
            tree.open_block(FrameKind.TABLE, nodes.table(), tag, TableData())
        elif tag in ("thead", "tbody", "tfoot"):
            tree.open_section(tag)
        elif tag == "tr":
            tree.open_row(tag)
        elif tag in ("th", "td"):
            tree.open_cell(tag)
        elif tag == "caption":
            tree.open_caption(tag)
        elif tag in _BLOCK_BOUNDARY:
            tree.end_paragraph()
        # any other known tag: dropped, its text kept

    def _end_tag(self, tag: str) -> None:
        """A known HTML end tag."""
        tree = self.tree
        if tree.in_pre and tag != "pre":
            if tag == "br":
                tree.add_break()
            return
        if tag == "br":  # browsers read </br> as <br>
            tree.add_break()
        elif tag in _INLINE_TAGS or tag == "a":
            tree.close_tag(tag)
        elif tree.inline:
            if tag in _BLOCK_TAGS:
                tree.separator()
        elif tag in _BLOCK_TAGS:
            if tag in _BLOCK_BOUNDARY:
                tree.end_paragraph()
            else:
                tree.close_tag(tag)
