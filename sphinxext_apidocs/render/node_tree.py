"""The tree that spec text is built into: a stack of open frames, the operations that
add text, inline and block nodes to it, and the finishing of each frame when it closes.

:mod:`.markdown_tokens` (markdown-it tokens) and :mod:`.html_sanitizer` (raw HTML)
both build through it, so HTML tags spanning several Markdown tokens (``<b>`` ...
``</b>``) and Markdown inside HTML blocks nest correctly; anything left open is
closed at the end of its scope, so the tree is always well formed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from typing import Final

from docutils import nodes
from sphinx import addnodes

from ..diagnostics.subtypes import Subtype
from .links import SPEC_TEXT, redoc_target, safe_url, scheme_label
from .markdown_tables import TableData, TableRow, finish_table
from .text_nodes import WHITESPACE, Break, broken_paragraph, fold_inline, merge_text, remove, trim

Report = Callable[[str, str], None]
"""``report(subtype, message)``: a callback for removed unsafe content."""

_MAX_DEPTH: Final = 32  # frames; deeper HTML nesting is flattened


class FrameKind(Enum):
    """What an open frame accepts."""

    BODY = auto()
    """body elements (the root, a list item, a block quote, a table cell ...)"""
    TEXT = auto()
    """inline nodes (a paragraph, a heading, emphasis, a link ...)"""
    PRE = auto()
    """text only, kept verbatim (``<pre>``)"""
    LIST = auto()
    """list items"""
    DL = auto()
    """terms and definitions"""
    TABLE = auto()
    """rows, table sections and a caption"""
    TSECTION = auto()
    """rows (``thead``, ``tbody``, ``tfoot``)"""
    ROW = auto()
    """cells"""


@dataclass(slots=True)
class Frame:
    kind: FrameKind
    node: nodes.Element
    tag: str
    serial: int
    data: object = None


OptFrame = Frame | None


def spec_text_xref(role: str, name: str, href: str) -> addnodes.pending_xref:
    """A link in spec text to an object of the ``api`` domain (a Redoc-style ``href``):
    resolved to whichever page shows it; its spec is set by whoever renders the text."""
    return addnodes.pending_xref(
        "",
        refdomain="api",
        reftype=role,
        reftarget=name,
        refexplicit=True,
        refwarn=True,
        classes=[SPEC_TEXT],
        apidocs_link=href,
    )


def strike() -> nodes.Element:
    """Struck-through text (``~~x~~``, ``<s>``, ``<del>``, ``<strike>``)."""
    return nodes.inline(classes=["strike"])


class NodeTree:
    """docutils nodes built from spec text, through one stack of open frames."""

    def __init__(self, *, inline: bool) -> None:
        self.inline = inline
        self.root: nodes.Element = nodes.paragraph() if inline else nodes.container()
        self.stack = [Frame(FrameKind.TEXT if inline else FrameKind.BODY, self.root, "#root", 0)]
        self.serial = 0
        """The number of the frame opened last."""
        self.removed: list[str] = []
        self.breaks = False  # any Break added yet

    # -- reporting ---------------------------------------------------------

    def note_removed(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def finish(self, report: Report | None) -> list[nodes.Node]:
        if self.inline:
            self._pop_to(1)
            self._finish_text(self.root)
            fold_inline(self.root)
        else:
            self._pop_to(1)
        if report is not None and self.removed:
            report(
                Subtype.HTML, "removed unsafe content from spec text: " + ", ".join(self.removed)
            )
        children = list(self.root.children)
        self.root.children = []
        for child in children:
            child.parent = None
        return children

    # -- stack -------------------------------------------------------------

    def _push(
        self,
        kind: FrameKind,
        node: nodes.Element,
        tag: str,
        parent: nodes.Element | None,
        data: object = None,
    ) -> Frame:
        if parent is not None:
            parent.append(node)
        self.serial += 1
        frame = Frame(kind, node, tag, self.serial, data)
        self.stack.append(frame)
        return frame

    def _pop_to(self, depth: int) -> None:
        depth = max(depth, 1)
        while len(self.stack) > depth:
            self._finish(self.stack.pop())

    def _index(self, frame: Frame) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i] is frame:
                return i
        return -1

    def close_frame(self, frame: OptFrame) -> None:
        if frame is not None:
            i = self._index(frame)
            if i > 0:
                self._pop_to(i)

    def close_tag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def close_since(self, serial: int) -> None:
        """Close the frames opened after frame number ``serial``."""
        for j in range(1, len(self.stack)):
            if self.stack[j].serial > serial:
                self._pop_to(j)
                break

    def _nearest(self, kind: FrameKind) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].kind == kind:
                return i
        return -1

    def _enclosing(self, kind: FrameKind) -> int | None:
        """The index of the nearest open frame of ``kind``; None, with the current
        paragraph ended, when there is none."""
        j = self._nearest(kind)
        if j < 0:
            self.end_paragraph()
            return None
        return j

    @property
    def _too_deep(self) -> bool:
        return len(self.stack) >= _MAX_DEPTH

    @property
    def in_pre(self) -> bool:
        return self.stack[-1].kind == FrameKind.PRE

    def _in_reference(self) -> bool:
        return any(isinstance(f.node, (nodes.reference, addnodes.pending_xref)) for f in self.stack)

    # -- parents -----------------------------------------------------------

    def _body(self) -> nodes.Element:
        """Make the top of the stack accept body elements; return it."""
        while True:
            top = self.stack[-1]
            kind = top.kind
            if kind == FrameKind.BODY:
                return top.node
            if kind in (FrameKind.TEXT, FrameKind.PRE):
                if len(self.stack) == 1:  # inline mode: never reached
                    return top.node
                self._finish(self.stack.pop())
            elif kind == FrameKind.LIST:
                self._push(FrameKind.BODY, nodes.list_item(), "#li", top.node)
            elif kind == FrameKind.DL:
                self.open_dd("#dd")
            elif kind in (FrameKind.TABLE, FrameKind.TSECTION):
                self.open_row("#tr")
            else:  # FrameKind.ROW
                self.open_cell("#td")

    def _text_parent(self) -> nodes.Element:
        """Make the top of the stack accept inline nodes; return it."""
        top = self.stack[-1]
        if top.kind in (FrameKind.TEXT, FrameKind.PRE):
            return top.node
        body = self._body()
        return self._push(FrameKind.TEXT, nodes.paragraph(), "#p", body).node

    def end_paragraph(self) -> None:
        while len(self.stack) > 1 and self.stack[-1].kind in (FrameKind.TEXT, FrameKind.PRE):
            self._finish(self.stack.pop())

    # -- content -----------------------------------------------------------

    def add_text(self, text: str, *, collapse: bool) -> None:
        if not text:
            return
        top = self.stack[-1]
        if top.kind == FrameKind.PRE:
            top.node.append(nodes.Text(text))
            return
        if collapse:
            text = WHITESPACE.sub(" ", text)
        if top.kind != FrameKind.TEXT and not text.strip():
            return
        self._text_parent().append(nodes.Text(text))

    def separator(self) -> None:
        """Inline mode: a block boundary is a space."""
        self.stack[-1].node.append(nodes.Text(" "))

    def add_break(self) -> None:
        top = self.stack[-1]
        if self.inline:
            self.separator()
        elif top.kind == FrameKind.PRE:
            top.node.append(nodes.Text("\n"))
        elif top.kind == FrameKind.TEXT:
            top.node.append(Break())
            self.breaks = True

    def add_literal(self, text: str) -> None:
        parent = self._text_parent()
        if self.in_pre:
            parent.append(nodes.Text(text))
        else:
            parent.append(nodes.literal(text, text))

    def open_inline(self, node: nodes.Element, tag: str) -> OptFrame:
        if self.in_pre or self._too_deep:
            return None
        parent = self._text_parent()
        return self._push(FrameKind.TEXT, node, tag, parent)

    def open_link(self, href: str, tag: str) -> OptFrame:
        url = safe_url(href)
        if url is None:
            self.note_removed(scheme_label(href))
            return None
        if not url or self._in_reference():
            return None
        target = redoc_target(url)
        if target is not None:
            return self.open_inline(spec_text_xref(target.role, target.name, url), tag)
        return self.open_inline(nodes.reference("", "", refuri=url, classes=[SPEC_TEXT]), tag)

    def add_image(self, src: str, alt: str) -> None:
        """An image is a link to it, with the alt text (see :mod:`.description`)."""
        url = safe_url(src) if src else ""
        if url is None:
            self.note_removed(scheme_label(src))
        label = alt.strip() or (url or "")
        if not label:
            return
        if url and not self._in_reference() and not self.in_pre and not self._too_deep:
            parent = self._text_parent()
            parent.append(
                nodes.reference("", "", nodes.Text(label), refuri=url, classes=[SPEC_TEXT])
            )
        else:
            self.add_text(label, collapse=True)

    def add_block(self, node: nodes.Element) -> None:
        if self.inline:
            self.separator()
            text = node.astext()
            if text:
                self.add_text(text, collapse=True)
                self.separator()
            return
        self._body().append(node)

    def open_block(
        self, kind: FrameKind, node: nodes.Element, tag: str, data: object = None
    ) -> OptFrame:
        if self.inline:
            self.separator()
            return None
        if self._too_deep:
            self.end_paragraph()
            return None
        return self._push(kind, node, tag, self._body(), data)

    # -- lists, definition lists, tables -------------------------------------

    def open_list_item(self, tag: str) -> OptFrame:
        if self.inline:
            self.separator()
            return None
        found = -1
        for i in range(len(self.stack) - 1, 0, -1):
            frame = self.stack[i]
            if frame.kind == FrameKind.LIST:
                found = i
                break
            if frame.kind in (FrameKind.TEXT, FrameKind.PRE) or (
                frame.kind == FrameKind.BODY and isinstance(frame.node, nodes.list_item)
            ):
                continue
            break
        if found > 0:
            self._pop_to(found + 1)
            parent = self.stack[-1].node
        else:
            if self._too_deep:
                self.end_paragraph()
                return None
            parent = self._push(
                FrameKind.LIST, nodes.bullet_list(bullet="*"), "#ul", self._body()
            ).node
        return self._push(FrameKind.BODY, nodes.list_item(), tag, parent)

    def open_dt(self, tag: str) -> OptFrame:
        j = self._nearest(FrameKind.DL)
        if j < 0:
            return self.open_block(FrameKind.TEXT, nodes.paragraph(), tag)
        self._pop_to(j + 1)
        dl = self.stack[j]
        item = nodes.definition_list_item()
        dl.node.append(item)
        dl.data = item
        return self._push(FrameKind.TEXT, nodes.term(), tag, item)

    def open_dd(self, tag: str) -> OptFrame:
        j = self._enclosing(FrameKind.DL)
        if j is None:
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
        return self._push(FrameKind.BODY, nodes.definition(), tag, item)

    def _table_rows(self, j: int) -> list[TableRow]:
        data = self.stack[j].data
        assert isinstance(data, TableData)
        return data.rows

    def open_section(self, tag: str) -> OptFrame:
        j = self._enclosing(FrameKind.TABLE)
        if j is None:
            return None
        self._pop_to(j + 1)
        return self._push(FrameKind.TSECTION, self.stack[j].node, tag, None, tag)

    def open_row(self, tag: str) -> OptFrame:
        j = self._enclosing(FrameKind.TABLE)
        if j is None:
            return None
        section = None
        if len(self.stack) > j + 1 and self.stack[j + 1].kind == FrameKind.TSECTION:
            section = self.stack[j + 1].data
            j += 1
        self._pop_to(j + 1)
        row = nodes.row()
        entry = TableRow(section if isinstance(section, str) else None, row)
        self._table_rows(self._nearest(FrameKind.TABLE)).append(entry)
        return self._push(FrameKind.ROW, row, tag, None, entry)

    def open_cell(self, tag: str) -> OptFrame:
        j = self._enclosing(FrameKind.TABLE)
        if j is None:
            return None
        r = self._nearest(FrameKind.ROW)
        if r < j:
            self.open_row("#tr")
            r = len(self.stack) - 1
        self._pop_to(r + 1)
        row_frame = self.stack[r]
        if tag in ("td", "#td"):
            info = row_frame.data
            assert isinstance(info, TableRow)
            info.all_th = False
        return self._push(FrameKind.BODY, nodes.entry(), tag, row_frame.node)

    def open_caption(self, tag: str) -> OptFrame:
        j = self._nearest(FrameKind.TABLE)
        if j < 0:
            return self.open_block(FrameKind.TEXT, nodes.paragraph(), tag)
        self._pop_to(j + 1)
        data = self.stack[j].data
        assert isinstance(data, TableData)
        if data.title is None:
            data.title = nodes.title()
        else:
            data.title.append(nodes.Text(" "))
        return self._push(FrameKind.TEXT, data.title, tag, None)

    # -- finishing ---------------------------------------------------------

    def _finish(self, frame: Frame) -> None:
        kind, node = frame.kind, frame.node
        if kind == FrameKind.TEXT:
            if isinstance(node, nodes.paragraph):
                self._finish_paragraph(node)
            elif isinstance(node, (nodes.rubric, nodes.term, nodes.title)):
                self._finish_text(node)
                if not isinstance(node, nodes.term) and not node.astext().strip():
                    remove(node)
            elif not node.children:
                remove(node)
            else:
                merge_text(node)
                if isinstance(node, addnodes.pending_xref):
                    # Sphinx keeps a reference's first child, as link text or in its place
                    node.children = [nodes.inline("", "", *node.children)]
                    node[0].parent = node
        elif kind == FrameKind.PRE:
            text = node.astext()
            if text.startswith("\n"):
                text = text[1:]
            if text.endswith("\n"):
                text = text[:-1]
            node.children = []
            node.append(nodes.Text(text))
            node.rawsource = text
        elif kind == FrameKind.LIST:
            if not node.children:
                remove(node)
        elif kind == FrameKind.DL:
            for item in node.children:
                assert isinstance(item, nodes.Element)
                if not any(isinstance(c, nodes.definition) for c in item.children):
                    item.append(nodes.definition("", nodes.paragraph()))
            if not node.children:
                remove(node)
        elif kind == FrameKind.TABLE:
            data = frame.data
            assert isinstance(data, TableData)
            finish_table(node, data)
        elif not node.children:  # BODY; the content models want (Body)+
            if isinstance(node, nodes.definition):
                node.append(nodes.paragraph())
            elif isinstance(node, nodes.block_quote):
                remove(node)

    def _finish_text(self, node: nodes.Element) -> None:
        if self.breaks:
            for brk in list(node.findall(Break)):
                assert brk.parent is not None
                brk.parent.replace(brk, nodes.Text(" "))
        merge_text(node)
        trim(node)

    def _finish_paragraph(self, node: nodes.paragraph) -> None:
        if not self.breaks or not any(True for _ in node.findall(Break)):
            merge_text(node)
            trim(node)
            if not node.astext().strip() and "hr" not in node["classes"]:
                remove(node)
            return
        new = broken_paragraph(node)
        if new is None:
            remove(node)
        elif node.parent is not None:
            node.parent.replace(node, new)
