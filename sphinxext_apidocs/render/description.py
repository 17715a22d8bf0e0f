"""Spec descriptions (untrusted CommonMark) to docutils nodes.

OpenAPI ``description`` and ``summary`` fields are CommonMark written by third
parties.  They are parsed with markdown-it-py (CommonMark plus the GFM table
and strikethrough rules, no linkify) and the token stream is turned into
docutils nodes here, directly: no reST or MyST text is produced and re-parsed,
so ``.. raw:: html``, ``:role:`x```, ``|sub|`` and friends in a description
are plain text, and every piece of text ends up in a :class:`docutils.nodes.Text`
that writers escape.  This module imports docutils but not Sphinx.

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
* Links keep only URLs that :func:`safe_url` accepts; otherwise the link text
  stays as plain text and the removal is reported.  A link inside a link is
  its text.
* Code spans are :class:`~docutils.nodes.literal`; fenced and indented code
  blocks are :class:`~docutils.nodes.literal_block` with the content verbatim
  and ``language`` set from the first word of the info string when it looks
  like a language name.
* GFM and HTML tables become docutils tables (``tgroup``/``colspec``/
  ``thead``/``tbody``), padded to a rectangle; header rows (``<thead>``, GFM
  header, or leading rows of ``<th>`` cells) go into ``thead``.  A table inside
  a table cell is flattened into a bullet list, one item per row (Sphinx's
  LaTeX writer refuses nested tables).

Raw HTML goes through an allow-list sanitizer built on
:class:`html.parser.HTMLParser` that converts it to the same docutils nodes;
no raw HTML reaches the output, so HTML, LaTeX and text writers all work:

* Kept (as nodes): ``a`` (``href`` through :func:`safe_url`), ``b strong i em
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

``report(subtype, message)`` is called at most once per description, with
subtype ``html``, when unsafe content was removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from html.parser import HTMLParser
from typing import Final
from urllib.parse import unquote

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .lexers import lexer_name

__all__ = ["Report", "markdown_inline", "markdown_to_nodes", "safe_url"]

Report = Callable[[str, str], None]
"""``report(subtype, message)``: a callback for removed unsafe content."""

_SUBTYPE_HTML: Final = "html"  # Subtype.HTML in sphinxext_apidocs.diagnostics.subtypes

# ---------------------------------------------------------------------------
# URLs

_SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})
# WHATWG URL parsing strips leading/trailing C0 controls and spaces and removes
# ASCII tab and newline anywhere; we also drop the other C0/C1 controls.
_URL_CONTROLS: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# For classification only: anything a browser, or a lenient consumer, might
# skip inside a scheme (controls, spaces, zero-width and bidi characters).
_URL_INVISIBLE: Final = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u206f\u3000\ufeff]"
)
_SCHEME_END: Final = re.compile(r"[:/?#\\]")


def _url_scheme(url: str) -> str | None:
    """The lower-cased text before a ``:`` that comes before ``/?#\\``, or None."""
    m = _SCHEME_END.search(url)
    if m is None or m.group() != ":":
        return None
    return url[: m.start()].lower()


def safe_url(url: str) -> str | None:
    """The URL if its scheme is http, https, mailto, or it is relative/fragment (no scheme); None for javascript:, vbscript:, data:, file:, any other scheme — also with mixed case, leading spaces, embedded tabs/newlines/control chars or HTML entities (`jav&#x09;ascript:`).

    The URL returned has leading and trailing spaces and every control
    character (tab, newline ...) removed, as a browser would.  The check is
    made on the URL and on its HTML-entity- and percent-decoded forms, with
    invisible characters removed: any text before a ``:`` that comes before
    ``/``, ``?``, ``#`` or ``\\`` must be one of the allowed schemes.  That
    refuses a few harmless relative URLs (``a:b``, ``%6Aavascript:``), never
    the other way round.
    """
    if not isinstance(url, str):
        return None
    cleaned = _URL_CONTROLS.sub("", url).strip(" ")
    probe = cleaned
    for _ in range(5):  # browsers decode once at most; five layers is plenty
        probe = _URL_INVISIBLE.sub("", probe)
        scheme = _url_scheme(probe)
        if scheme is not None and scheme not in _SAFE_SCHEMES:
            return None
        decoded = html.unescape(unquote(probe))
        if decoded == probe:
            break
        probe = decoded
    return cleaned


def _scheme_label(url: str) -> str:
    """A short name for a refused URL, for the report."""
    probe = url
    for _ in range(4):
        probe = _URL_INVISIBLE.sub("", html.unescape(unquote(probe)))
    scheme = _url_scheme(probe)
    if scheme and re.fullmatch(r"[a-z][a-z0-9+.\-]{0,20}", scheme):
        return f"{scheme}: URL"
    return "unsafe URL"


# ---------------------------------------------------------------------------
# HTML vocabulary


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

_NodeFactory = Callable[[], nodes.Element]


def _strike() -> nodes.Element:
    return nodes.inline(classes=["strike"])


_INLINE_TAGS: Final[dict[str, _NodeFactory]] = {
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
    "s": _strike,
    "del": _strike,
    "strike": _strike,
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

# ---------------------------------------------------------------------------
# HTML tokenizing

# ("text", data) | ("start", tag, attrs, raw, selfclosing) | ("end", tag, raw)
# | ("md", token)
_Event = tuple[object, ...]


class _Tokenizer(HTMLParser):
    """Collects tags and text with their source offsets; builds nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], _Event]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(
            (self.getpos(), ("start", tag, attrs, self.get_starttag_text() or "", False))
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(
            (self.getpos(), ("start", tag, attrs, self.get_starttag_text() or "", True))
        )

    def handle_endtag(self, tag: str) -> None:
        self.found.append((self.getpos(), ("end", tag, "")))

    def handle_data(self, data: str) -> None:
        self.found.append((self.getpos(), ("text", data)))

    # comments, <!DOCTYPE>, <?pi?>, <![CDATA[ ]]>: invisible in a browser
    def handle_comment(self, data: str) -> None:
        self.found.append((self.getpos(), ("skip",)))

    def handle_decl(self, decl: str) -> None:
        self.found.append((self.getpos(), ("skip",)))

    def handle_pi(self, data: str) -> None:
        self.found.append((self.getpos(), ("skip",)))

    def unknown_decl(self, data: str) -> None:
        self.found.append((self.getpos(), ("skip",)))


def _html_events(src: str) -> list[_Event]:
    """Tokenize an HTML fragment; end tags and unparsed leftovers keep their source."""
    parser = _Tokenizer()
    try:
        parser.feed(src)
        parser.close()
    except Exception:  # a parser bug must not lose the text
        return [("text", _visible_text(src))]
    rest = parser.rawdata  # left unparsed, e.g. after an unclosed <script>
    starts = [0]
    for line in src.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found = parser.found
    offsets = [starts[line - 1] + col for (line, col), _ in found]
    end_of_parsed = len(src) - len(rest)
    events: list[_Event] = []
    for i, (_, event) in enumerate(found):
        if event[0] == "end":
            stop = offsets[i + 1] if i + 1 < len(found) else end_of_parsed
            event = ("end", event[1], src[offsets[i] : stop])
        if event[0] != "skip":
            events.append(event)
    if rest:
        events.append(("text", rest))
    return events


_SCRIPTISH: Final = re.compile(
    r"<(script|style|template|iframe|object|svg|math|head|title)\b.*?</\1\s*>", re.S | re.I
)
_ANY_TAG: Final = re.compile(r"<[^>]*>")


def _visible_text(src: str) -> str:
    """Crude visible text of HTML, the fallback when the tokenizer fails."""
    return html.unescape(_ANY_TAG.sub("", _SCRIPTISH.sub("", src)))


# ---------------------------------------------------------------------------
# The tree builder


class _Break(nodes.Inline, nodes.Element):
    """A hard line break; never left in the output."""


_BODY, _TEXT, _PRE, _LIST, _DL, _TABLE, _TSECTION, _ROW = range(8)
_MAX_DEPTH: Final = 32  # frames; deeper HTML nesting is flattened
_WS: Final = re.compile(r"[ \t\n\r\f]+")


class _Frame:
    __slots__ = ("data", "kind", "node", "serial", "tag")

    def __init__(
        self, kind: int, node: nodes.Element, tag: str, serial: int, data: object = None
    ) -> None:
        self.kind = kind
        self.node = node
        self.tag = tag
        self.serial = serial
        self.data = data


class _TableData:
    __slots__ = ("rows", "title")

    def __init__(self) -> None:
        # (section tag or None, row, all cells are <th>)
        self.rows: list[list[object]] = []
        self.title: nodes.title | None = None


_OptFrame = _Frame | None


class _Builder:
    """Builds docutils nodes from markdown-it tokens and HTML events.

    One stack of open frames serves both, so HTML tags spanning several
    Markdown tokens (``<b>`` ... ``</b>``) and Markdown inside HTML blocks
    nest correctly; anything left open is closed at the end of its scope, so
    the tree is always well formed.
    """

    def __init__(self, *, inline: bool) -> None:
        self.inline = inline
        self.root: nodes.Element = nodes.paragraph() if inline else nodes.container()
        self.stack = [_Frame(_TEXT if inline else _BODY, self.root, "#root", 0)]
        self.serial = 0
        self.removed: list[str] = []
        self.markup_unknown: set[str] = set()
        self.breaks = False  # any _Break added yet

    # -- reporting ---------------------------------------------------------

    def _removed(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def finish(self, report: Report | None) -> list[nodes.Node]:
        if self.inline:
            self._pop_to(1)
            self._finish_text(self.root)
            _fold_inline(self.root)
        else:
            self._pop_to(1)
        if report is not None and self.removed:
            report(
                _SUBTYPE_HTML, "removed unsafe content from spec text: " + ", ".join(self.removed)
            )
        children = list(self.root.children)
        self.root.children = []
        for child in children:
            child.parent = None
        return children

    # -- stack -------------------------------------------------------------

    def _push(
        self,
        kind: int,
        node: nodes.Element,
        tag: str,
        parent: nodes.Element | None,
        data: object = None,
    ) -> _Frame:
        if parent is not None:
            parent.append(node)
        self.serial += 1
        frame = _Frame(kind, node, tag, self.serial, data)
        self.stack.append(frame)
        return frame

    def _pop_to(self, depth: int) -> None:
        depth = max(depth, 1)
        while len(self.stack) > depth:
            self._finish(self.stack.pop())

    def _index(self, frame: _Frame) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i] is frame:
                return i
        return -1

    def _close_frame(self, frame: _OptFrame) -> None:
        if frame is not None:
            i = self._index(frame)
            if i > 0:
                self._pop_to(i)

    def _close_tag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def _nearest(self, kind: int) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].kind == kind:
                return i
        return -1

    @property
    def _too_deep(self) -> bool:
        return len(self.stack) >= _MAX_DEPTH

    def _in_reference(self) -> bool:
        return any(isinstance(f.node, nodes.reference) for f in self.stack)

    # -- parents -----------------------------------------------------------

    def _body(self) -> nodes.Element:
        """Make the top of the stack accept body elements; return it."""
        while True:
            top = self.stack[-1]
            kind = top.kind
            if kind == _BODY:
                return top.node
            if kind in (_TEXT, _PRE):
                if len(self.stack) == 1:  # inline mode: never reached
                    return top.node
                self._finish(self.stack.pop())
            elif kind == _LIST:
                self._push(_BODY, nodes.list_item(), "#li", top.node)
            elif kind == _DL:
                self._open_dd("#dd")
            elif kind in (_TABLE, _TSECTION):
                self._open_row("#tr")
            else:  # _ROW
                self._open_cell("#td")

    def _text_parent(self) -> nodes.Element:
        """Make the top of the stack accept inline nodes; return it."""
        top = self.stack[-1]
        if top.kind in (_TEXT, _PRE):
            return top.node
        body = self._body()
        return self._push(_TEXT, nodes.paragraph(), "#p", body).node

    def _end_paragraph(self) -> None:
        while len(self.stack) > 1 and self.stack[-1].kind in (_TEXT, _PRE):
            self._finish(self.stack.pop())

    # -- content -----------------------------------------------------------

    def add_text(self, text: str, *, collapse: bool) -> None:
        if not text:
            return
        top = self.stack[-1]
        if top.kind == _PRE:
            top.node.append(nodes.Text(text))
            return
        if collapse:
            text = _WS.sub(" ", text)
        if top.kind != _TEXT and not text.strip():
            return
        self._text_parent().append(nodes.Text(text))

    def _separator(self) -> None:
        """Inline mode: a block boundary is a space."""
        self.stack[-1].node.append(nodes.Text(" "))

    def add_break(self) -> None:
        top = self.stack[-1]
        if self.inline:
            self._separator()
        elif top.kind == _PRE:
            top.node.append(nodes.Text("\n"))
        elif top.kind == _TEXT:
            top.node.append(_Break())
            self.breaks = True

    def add_literal(self, text: str) -> None:
        parent = self._text_parent()
        if self.stack[-1].kind == _PRE:
            parent.append(nodes.Text(text))
        else:
            parent.append(nodes.literal(text, text))

    def open_inline(self, node: nodes.Element, tag: str) -> _OptFrame:
        if self.stack[-1].kind == _PRE or self._too_deep:
            return None
        parent = self._text_parent()
        return self._push(_TEXT, node, tag, parent)

    def open_link(self, href: str, tag: str) -> _OptFrame:
        url = safe_url(href)
        if url is None:
            self._removed(_scheme_label(href))
            return None
        if not url or self._in_reference():
            return None
        return self.open_inline(nodes.reference("", "", refuri=url, classes=[SPEC_TEXT]), tag)

    def add_image(self, src: str, alt: str) -> None:
        """An image is a link to it, with the alt text (see the module docstring)."""
        url = safe_url(src) if src else ""
        if url is None:
            self._removed(_scheme_label(src))
        label = alt.strip() or (url or "")
        if not label:
            return
        if url and not self._in_reference() and self.stack[-1].kind != _PRE and not self._too_deep:
            parent = self._text_parent()
            parent.append(
                nodes.reference("", "", nodes.Text(label), refuri=url, classes=[SPEC_TEXT])
            )
        else:
            self.add_text(label, collapse=True)

    def add_block(self, node: nodes.Element) -> None:
        if self.inline:
            self._separator()
            text = node.astext()
            if text:
                self.add_text(text, collapse=True)
                self._separator()
            return
        self._body().append(node)

    def open_block(
        self, kind: int, node: nodes.Element, tag: str, data: object = None
    ) -> _OptFrame:
        if self.inline:
            self._separator()
            return None
        if self._too_deep:
            self._end_paragraph()
            return None
        return self._push(kind, node, tag, self._body(), data)

    # -- lists, definition lists, tables -------------------------------------

    def open_list_item(self, tag: str) -> _OptFrame:
        if self.inline:
            self._separator()
            return None
        found = -1
        for i in range(len(self.stack) - 1, 0, -1):
            frame = self.stack[i]
            if frame.kind == _LIST:
                found = i
                break
            if frame.kind in (_TEXT, _PRE) or (
                frame.kind == _BODY and isinstance(frame.node, nodes.list_item)
            ):
                continue
            break
        if found > 0:
            self._pop_to(found + 1)
            parent = self.stack[-1].node
        else:
            if self._too_deep:
                self._end_paragraph()
                return None
            parent = self._push(_LIST, nodes.bullet_list(bullet="*"), "#ul", self._body()).node
        return self._push(_BODY, nodes.list_item(), tag, parent)

    def _open_dt(self, tag: str) -> _OptFrame:
        j = self._nearest(_DL)
        if j < 0:
            return self.open_block(_TEXT, nodes.paragraph(), tag)
        self._pop_to(j + 1)
        dl = self.stack[j]
        item = nodes.definition_list_item()
        dl.node.append(item)
        dl.data = item
        return self._push(_TEXT, nodes.term(), tag, item)

    def _open_dd(self, tag: str) -> _OptFrame:
        j = self._nearest(_DL)
        if j < 0:
            self._end_paragraph()
            return None
        self._pop_to(j + 1)
        dl = self.stack[j]
        item = dl.data
        if not isinstance(item, nodes.definition_list_item) or any(
            isinstance(c, nodes.definition) for c in item.children
        ):
            item = nodes.definition_list_item("", nodes.term())
            dl.node.append(item)
            dl.data = item
        return self._push(_BODY, nodes.definition(), tag, item)

    def _table_rows(self, j: int) -> list[list[object]]:
        data = self.stack[j].data
        assert isinstance(data, _TableData)
        return data.rows

    def _open_section(self, tag: str) -> _OptFrame:
        j = self._nearest(_TABLE)
        if j < 0:
            self._end_paragraph()
            return None
        self._pop_to(j + 1)
        return self._push(_TSECTION, self.stack[j].node, tag, None, tag)

    def _open_row(self, tag: str) -> _OptFrame:
        j = self._nearest(_TABLE)
        if j < 0:
            self._end_paragraph()
            return None
        section = None
        if len(self.stack) > j + 1 and self.stack[j + 1].kind == _TSECTION:
            section = self.stack[j + 1].data
            j += 1
        self._pop_to(j + 1)
        row = nodes.row()
        entry: list[object] = [section, row, True]
        self._table_rows(self._nearest(_TABLE)).append(entry)
        return self._push(_ROW, row, tag, None, entry)

    def _open_cell(self, tag: str) -> _OptFrame:
        j = self._nearest(_TABLE)
        if j < 0:
            self._end_paragraph()
            return None
        r = self._nearest(_ROW)
        if r < j:
            self._open_row("#tr")
            r = len(self.stack) - 1
        self._pop_to(r + 1)
        row_frame = self.stack[r]
        if tag in ("td", "#td"):
            info = row_frame.data
            assert isinstance(info, list)
            info[2] = False
        return self._push(_BODY, nodes.entry(), tag, row_frame.node)

    def _open_caption(self, tag: str) -> _OptFrame:
        j = self._nearest(_TABLE)
        if j < 0:
            return self.open_block(_TEXT, nodes.paragraph(), tag)
        self._pop_to(j + 1)
        data = self.stack[j].data
        assert isinstance(data, _TableData)
        if data.title is None:
            data.title = nodes.title()
        else:
            data.title.append(nodes.Text(" "))
        return self._push(_TEXT, data.title, tag, None)

    # -- finishing ---------------------------------------------------------

    def _finish(self, frame: _Frame) -> None:
        kind, node = frame.kind, frame.node
        if kind == _TEXT:
            if isinstance(node, nodes.paragraph):
                self._finish_paragraph(node)
            elif isinstance(node, (nodes.rubric, nodes.term, nodes.title)):
                self._finish_text(node)
                if not isinstance(node, nodes.term) and not node.astext().strip():
                    _remove(node)
            elif not node.children:
                _remove(node)
            else:
                _merge_text(node)
        elif kind == _PRE:
            text = node.astext()
            if text.startswith("\n"):
                text = text[1:]
            if text.endswith("\n"):
                text = text[:-1]
            node.children = []
            node.append(nodes.Text(text))
            node.rawsource = text
        elif kind == _LIST:
            if not node.children:
                _remove(node)
        elif kind == _DL:
            for item in node.children:
                assert isinstance(item, nodes.Element)
                if not any(isinstance(c, nodes.definition) for c in item.children):
                    item.append(nodes.definition("", nodes.paragraph()))
            if not node.children:
                _remove(node)
        elif kind == _TABLE:
            data = frame.data
            assert isinstance(data, _TableData)
            _finish_table(node, data)
        elif not node.children:  # _BODY; the content models want (Body)+
            if isinstance(node, nodes.definition):
                node.append(nodes.paragraph())
            elif isinstance(node, nodes.block_quote):
                _remove(node)

    def _finish_text(self, node: nodes.Element) -> None:
        if self.breaks:
            for brk in list(node.findall(_Break)):
                assert brk.parent is not None
                brk.parent.replace(brk, nodes.Text(" "))
        _merge_text(node)
        _trim(node)

    def _finish_paragraph(self, node: nodes.paragraph) -> None:
        parent = node.parent
        if not self.breaks or not any(True for _ in node.findall(_Break)):
            _merge_text(node)
            _trim(node)
            if not node.astext().strip() and "hr" not in node["classes"]:
                _remove(node)
            return
        lines = _split_lines(node.children)
        for line in lines:
            _trim_list(line)
        while lines and not _has_content(lines[0]):
            lines.pop(0)
        while lines and not _has_content(lines[-1]):
            lines.pop()
        if not lines:
            _remove(node)
            return
        if len(lines) == 1:
            new: nodes.Element = nodes.paragraph("", "", *lines[0])
        else:
            new = nodes.line_block("", *(nodes.line("", "", *line) for line in lines))
        for el in new.findall(nodes.Element):
            _merge_text(el)
        if parent is not None:
            parent.replace(node, new)

    # -- driving -----------------------------------------------------------

    def run(self, events: Sequence[_Event], *, scoped: bool) -> None:
        """Process one scope of events: an inline token's, or an HTML block's.

        With ``scoped``, frames opened here are closed at the end (HTML inside a
        Markdown paragraph cannot leak out of it).
        """
        mark = self.serial
        closers = _match(events)
        md_frames: dict[int, _OptFrame] = {}
        i, n = 0, len(events)
        while i < n:
            event = events[i]
            kind = event[0]
            if kind == "md":
                token = event[1]
                assert isinstance(token, Token)
                if token.nesting == 1:
                    md_frames[i] = self._md_inline_open(token)
                elif token.nesting == -1:
                    opener = closers.get(i)
                    if opener is not None:
                        self._close_frame(md_frames.get(opener))
                else:
                    self._md_inline_leaf(token)
            elif kind == "text":
                self.add_text(str(event[1]), collapse=True)
            elif kind == "start":
                tag = str(event[1])
                raw = str(event[3])
                selfclosing = bool(event[4])
                end = closers.get(i)
                if tag in _DROP_CONTENT:
                    if end is not None and not selfclosing:
                        self._removed(f"<{tag}> element")
                        i = end + 1
                        continue
                    if selfclosing or event[2]:  # markup without an end: drop the tag
                        self._removed(f"<{tag}> element")
                    else:
                        self.add_text(raw, collapse=True)  # prose such as "<module>.<script>"
                elif tag not in _HTML_TAGS:
                    attrs = event[2]
                    if selfclosing:
                        self.markup_unknown.add(tag)
                    elif attrs or end is not None:
                        self.markup_unknown.add(tag)
                        self._check_attrs(attrs)
                    else:
                        self.add_text(raw, collapse=True)
                elif tag in _NEEDS_CLOSE and end is None and not selfclosing and not event[2]:
                    self.add_text(raw, collapse=True)  # prose such as "<module>.<script>"
                else:
                    attrs = event[2]
                    assert isinstance(attrs, list)
                    self._html_start(tag, attrs, selfclosing)
            elif kind == "end":
                tag = str(event[1])
                if tag not in _HTML_TAGS:
                    if tag not in self.markup_unknown:
                        self.add_text(str(event[2]), collapse=True)
                else:
                    self._html_end(tag)
            i += 1
        if scoped:
            for j in range(1, len(self.stack)):
                if self.stack[j].serial > mark:
                    self._pop_to(j)
                    break

    def run_inline_token(self, token: Token) -> None:
        events: list[_Event] = []
        for child in token.children or []:
            if child.type == "html_inline":
                events.extend(_html_events(child.content))
            else:
                events.append(("md", child))
        self.run(events, scoped=True)

    def run_blocks(self, tokens: Sequence[Token]) -> None:
        opened: list[_OptFrame] = []
        for token in tokens:
            if token.nesting == 1:
                opened.append(self._md_block_open(token))
            elif token.nesting == -1:
                if opened:
                    self._close_frame(opened.pop())
            elif token.type == "inline":
                self.run_inline_token(token)
            elif token.type in ("fence", "code_block"):
                text = token.content[:-1] if token.content.endswith("\n") else token.content
                block = nodes.literal_block(text, text)
                lang = _language(token.info) if token.type == "fence" else None
                if lang:
                    block["language"] = lang
                self.add_block(block)
            elif token.type == "hr":
                self.add_block(nodes.paragraph(classes=["hr"]))
            elif token.type == "html_block":
                self.run(_html_events(token.content), scoped=False)
            elif token.content:
                self.add_text(token.content, collapse=False)

    # -- Markdown tokens -----------------------------------------------------

    def _md_block_open(self, token: Token) -> _OptFrame:
        t = token.type
        if t == "paragraph_open":
            return self.open_block(_TEXT, nodes.paragraph(), "md")
        if t == "heading_open":
            return self.open_block(_TEXT, nodes.rubric(), "md")
        if t == "bullet_list_open":
            return self.open_block(_LIST, nodes.bullet_list(bullet="*"), "md")
        if t == "ordered_list_open":
            suffix = token.markup if token.markup in (".", ")") else "."
            olist = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=suffix)
            start = token.attrs.get("start")
            if isinstance(start, int) and start != 1:
                olist["start"] = start
            return self.open_block(_LIST, olist, "md")
        if t == "list_item_open":
            return self.open_list_item("md")
        if t == "blockquote_open":
            return self.open_block(_BODY, nodes.block_quote(), "md")
        if t == "table_open":
            return self.open_block(_TABLE, nodes.table(), "md", _TableData())
        if t in ("thead_open", "tbody_open"):
            return self._open_section(token.tag)
        if t == "tr_open":
            return self._open_row("md")
        if t in ("th_open", "td_open"):
            return self._open_cell(token.tag)
        return None

    def _md_inline_open(self, token: Token) -> _OptFrame:
        t = token.type
        if t == "em_open":
            return self.open_inline(nodes.emphasis(), "md")
        if t == "strong_open":
            return self.open_inline(nodes.strong(), "md")
        if t == "s_open":
            return self.open_inline(_strike(), "md")
        if t == "link_open":
            href = token.attrs.get("href")
            return self.open_link(href if isinstance(href, str) else "", "md")
        return None

    def _md_inline_leaf(self, token: Token) -> None:
        t = token.type
        if t == "text":
            self.add_text(token.content, collapse=False)
        elif t == "softbreak":
            if self.inline:
                self._separator()
            else:
                self.add_text("\n", collapse=False)
        elif t == "hardbreak":
            self.add_break()
        elif t == "code_inline":
            self.add_literal(token.content)
        elif t == "image":
            src = token.attrs.get("src")
            title = token.attrs.get("title")
            alt = _plain(token.children or []) or (title if isinstance(title, str) else "")
            self.add_image(src if isinstance(src, str) else "", alt)
        elif token.content:
            self.add_text(token.content, collapse=False)

    # -- HTML tags -----------------------------------------------------------

    def _check_attrs(self, attrs: object) -> None:
        if isinstance(attrs, list):
            for name, _ in attrs:
                if isinstance(name, str) and name.lower().startswith("on"):
                    self._removed("event handler attribute")
                    return

    def _html_start(self, tag: str, attrs: list[tuple[str, str | None]], selfclosing: bool) -> None:
        self._check_attrs(attrs)
        if tag in _DROP_VOID:
            self._removed(f"<{tag}> element")
            return
        pre = self.stack[-1].kind == _PRE
        if tag == "br":
            self.add_break()
        elif tag == "img":
            values = {k: v for k, v in attrs if isinstance(v, str)}
            self.add_image(values.get("src", ""), values.get("alt") or values.get("title") or "")
        elif tag == "a":
            href = next((v for k, v in attrs if k == "href" and isinstance(v, str)), None)
            if href is not None and not selfclosing and not pre:
                self.open_link(href, "a")
            elif href is not None and safe_url(href) is None:
                self._removed(_scheme_label(href))
        elif tag in _INLINE_TAGS:
            if not selfclosing:
                self.open_inline(_INLINE_TAGS[tag](), tag)
        elif pre:
            return  # inside <pre> only text, <br> and </pre> count
        elif self.inline:
            if tag in _BLOCK_TAGS:
                self._separator()
        elif tag == "hr":
            self.add_block(nodes.paragraph(classes=["hr"]))
        elif selfclosing:
            if tag in _BLOCK_TAGS:
                self._end_paragraph()
        elif tag in ("p", "summary"):
            self.open_block(_TEXT, nodes.paragraph(), tag)
        elif tag in _HEADINGS:
            self.open_block(_TEXT, nodes.rubric(), tag)
        elif tag == "pre":
            self.open_block(_PRE, nodes.literal_block(), tag)
        elif tag == "blockquote":
            self.open_block(_BODY, nodes.block_quote(), tag)
        elif tag in _LISTS:
            node = (
                nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
                if tag == "ol"
                else nodes.bullet_list(bullet="*")
            )
            self.open_block(_LIST, node, tag)
        elif tag == "li":
            self.open_list_item(tag)
        elif tag == "dl":
            self.open_block(_DL, nodes.definition_list(), tag)
        elif tag == "dt":
            self._open_dt(tag)
        elif tag == "dd":
            self._open_dd(tag)
        elif tag == "table":
            self.open_block(_TABLE, nodes.table(), tag, _TableData())
        elif tag in ("thead", "tbody", "tfoot"):
            self._open_section(tag)
        elif tag == "tr":
            self._open_row(tag)
        elif tag in ("th", "td"):
            self._open_cell(tag)
        elif tag == "caption":
            self._open_caption(tag)
        elif tag in _BLOCK_BOUNDARY:
            self._end_paragraph()
        # any other known tag: dropped, its text kept

    def _html_end(self, tag: str) -> None:
        top = self.stack[-1]
        if top.kind == _PRE and tag != "pre":
            if tag == "br":
                self.add_break()
            return
        if tag == "br":  # browsers read </br> as <br>
            self.add_break()
        elif tag in _INLINE_TAGS or tag == "a":
            self._close_tag(tag)
        elif self.inline:
            if tag in _BLOCK_TAGS:
                self._separator()
        elif tag in _BLOCK_TAGS:
            if tag in _BLOCK_BOUNDARY:
                self._end_paragraph()
            else:
                self._close_tag(tag)


# ---------------------------------------------------------------------------
# helpers


def _match(events: Sequence[_Event]) -> dict[int, int]:
    """Map each HTML start tag to its end tag, each Markdown closer to its opener."""
    result: dict[int, int] = {}
    open_tags: dict[str, list[int]] = {}
    md_stack: list[int] = []
    for i, event in enumerate(events):
        kind = event[0]
        if kind == "start" and not event[4]:
            open_tags.setdefault(str(event[1]), []).append(i)
        elif kind == "end":
            starts = open_tags.get(str(event[1]))
            if starts:
                result[starts.pop()] = i
        elif kind == "md":
            token = event[1]
            assert isinstance(token, Token)
            if token.nesting == 1:
                md_stack.append(i)
            elif token.nesting == -1 and md_stack:
                result[i] = md_stack.pop()
    return result


def _plain(tokens: Iterable[Token]) -> str:
    """The text of inline tokens (an image's alt text)."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(_plain(token.children or []))
    return "".join(parts)


_LANGUAGE: Final = re.compile(r"[A-Za-z0-9_+#.\-]{1,40}")


def _language(info: str) -> str | None:
    words = info.split()
    if words and _LANGUAGE.fullmatch(words[0]):
        return lexer_name(words[0])
    return None


def _remove(node: nodes.Element) -> None:
    if node.parent is not None:
        node.parent.remove(node)


def _merge_text(node: nodes.Element) -> None:
    """Join adjacent Text children and drop empty ones."""
    merged: list[nodes.Node] = []
    changed = False
    for child in node.children:
        if isinstance(child, nodes.Text):
            if not child:
                changed = True
                continue
            if merged and isinstance(merged[-1], nodes.Text):
                merged[-1] = nodes.Text(merged[-1] + child)
                changed = True
                continue
        merged.append(child)
    if changed:
        node.children = []
        node.extend(merged)


def _edge_text(node: nodes.Element, *, first: bool) -> tuple[nodes.Element, int] | None:
    """The parent and index of the first (or last) Text, not inside a literal."""
    while node.children:
        index = 0 if first else len(node.children) - 1
        child = node.children[index]
        if isinstance(child, nodes.Text):
            return node, index
        if isinstance(child, nodes.literal) or not isinstance(child, nodes.Element):
            return None
        node = child
    return None


def _trim(node: nodes.Element) -> None:
    for first in (True, False):
        found = _edge_text(node, first=first)
        if found is not None:
            parent, index = found
            text = str(parent.children[index])
            stripped = text.lstrip() if first else text.rstrip()
            if stripped != text:
                parent.children[index] = nodes.Text(stripped)
                parent.children[index].parent = parent


def _trim_list(line: list[nodes.Node]) -> None:
    holder = nodes.inline("", "", *line)
    _trim(holder)
    line[:] = list(holder.children)


def _has_content(line: list[nodes.Node]) -> bool:
    return any(n.astext().strip() for n in line)


def _split_lines(children: Sequence[nodes.Node]) -> list[list[nodes.Node]]:
    """Split inline nodes at hard breaks, copying elements that span a break."""
    lines: list[list[nodes.Node]] = [[]]
    for child in list(children):
        if isinstance(child, _Break):
            lines.append([])
        elif isinstance(child, nodes.Element) and any(True for _ in child.findall(_Break)):
            for k, part in enumerate(_split_lines(child.children)):
                if k:
                    lines.append([])
                if part:
                    copy = child.copy()
                    copy.extend(part)
                    lines[-1].append(copy)
        else:
            lines[-1].append(child)
    return lines


def _column_width(entries: Iterable[nodes.Element]) -> int:
    longest = max((len(e.astext()) for e in entries), default=0)
    return max(3, min(40, longest))


def _finish_table(table: nodes.Element, data: _TableData) -> None:
    rows = [r for r in data.rows if isinstance(r[1], nodes.row) and r[1].children]
    if not rows:
        if data.title is not None and data.title.children and table.parent is not None:
            table.parent.replace(table, nodes.paragraph("", "", *data.title.children))
        else:
            _remove(table)
        return
    if any(isinstance(a, nodes.entry) for a in _ancestors(table)):
        _flatten_table(table, data, rows)
        return
    ncols = max(len(r[1]) for r in rows if isinstance(r[1], nodes.row))
    head: list[nodes.row] = []
    body: list[nodes.row] = []
    for section, row, all_th in rows:
        assert isinstance(row, nodes.row)
        while len(row.children) < ncols:
            row.append(nodes.entry())
        if not body and (section == "thead" or (section is None and all_th)):
            head.append(row)
        else:
            body.append(row)
    if not body:
        head, body = [], head
    tgroup = nodes.tgroup(cols=ncols)
    for c in range(ncols):
        column = [r.children[c] for r in head + body]
        tgroup.append(
            nodes.colspec(colwidth=_column_width(e for e in column if isinstance(e, nodes.Element)))
        )
    if head:
        tgroup.append(nodes.thead("", *head))
    tgroup.append(nodes.tbody("", *body))
    if data.title is not None and data.title.children:
        table.append(data.title)
    table.append(tgroup)


def _ancestors(node: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _flatten_table(table: nodes.Element, data: _TableData, rows: list[list[object]]) -> None:
    """A table inside a table cell: a bullet list with one item per row."""
    blist = nodes.bullet_list(bullet="*")
    for _, row, _ in rows:
        assert isinstance(row, nodes.row)
        item = nodes.list_item()
        line: nodes.paragraph | None = None
        for entry in row.children:
            assert isinstance(entry, nodes.Element)
            content = list(entry.children)
            if len(content) == 1 and isinstance(content[0], nodes.paragraph):
                if line is None:
                    line = nodes.paragraph()
                    item.append(line)
                else:
                    line.append(nodes.Text(" | "))
                line.extend(list(content[0].children))
            else:
                line = None
                item.extend(content)
        blist.append(item)
    replacement: list[nodes.Node] = [blist]
    if data.title is not None and data.title.children:
        replacement.insert(0, nodes.paragraph("", "", *data.title.children))
    parent = table.parent
    assert parent is not None
    parent.replace(table, replacement)


def _fold_inline(root: nodes.Element) -> None:
    """Inline mode: one line of text, single spaces, no edges."""
    for text in list(root.findall(nodes.Text)):
        folded = _WS.sub(" ", text)
        if folded != text:
            assert text.parent is not None
            text.parent.replace(text, nodes.Text(folded))
    _trim(root)
    for el in list(root.findall(nodes.Element)):
        if el is not root and not el.astext():
            _remove(el)
    _merge_text(root)


# ---------------------------------------------------------------------------
# Entry points


def _accept_any_link(url: str) -> bool:
    return True  # safe_url decides, and reports what it refuses


_MD: Final = MarkdownIt("commonmark", {"linkify": False, "html": True}).enable(
    ["table", "strikethrough"]
)
_MD.validateLink = _accept_any_link  # type: ignore[method-assign]

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


SPEC_TEXT = "apidocs-spec-link"
"""The class of the links made from spec text (``apicheck`` checks their anchors in the
spec, where it can name the JSON pointer)."""


def markdown_to_nodes(
    text: str, *, report: Callable[[str, str], None] | None = None
) -> list[nodes.Node]:
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
    tokens = _MD.parse(text)
    limit = _MD.options.maxNesting - 1
    if any(token.nesting == 1 and token.level >= limit for token in tokens):
        # markdown-it skips whatever is nested deeper than maxNesting; show
        # such (hostile) input as plain text rather than lose it.
        return [
            nodes.paragraph("", chunk.strip()) for chunk in _BLANK_LINE.split(text) if chunk.strip()
        ]
    builder = _Builder(inline=False)
    builder.run_blocks(tokens)
    return builder.finish(report)


def markdown_inline(
    text: str, *, report: Callable[[str, str], None] | None = None
) -> list[nodes.Node]:
    """Inline nodes for a one-line text such as a summary or a title: newlines folded to spaces, block constructs flattened to their text, no headings/lists effect (HAZARDS 24: a summary with embedded newlines or markup is a single-line title).

    Only CommonMark's inline syntax applies (emphasis, code spans, links,
    images as links, inline HTML through the sanitizer); block syntax has no
    effect at all, so ``# Heading`` or ``- item`` keep their ``#`` and ``-``.
    Block-level HTML tags become spaces.
    """
    if not isinstance(text, str):
        return []
    text = _WS.sub(" ", _CONTROL.sub("", text)).strip()
    if not text:
        return []
    if _PLAIN_INLINE.match(text):
        return [nodes.Text(text)]
    builder = _Builder(inline=True)
    for token in _MD.parseInline(text):
        if token.type == "inline":
            builder.run_inline_token(token)
    return builder.finish(report)
