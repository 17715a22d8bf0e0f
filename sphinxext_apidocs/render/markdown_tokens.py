"""markdown-it tokens of spec text (and the raw HTML among them) to docutils nodes, built
through one :class:`.NodeTree`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .html_events import Event, EventKind, html_events
from .html_sanitizer import HtmlSanitizer
from .lexers import lexer_name
from .markdown_tables import TableData
from .node_tree import FrameKind, NodeTree, OptFrame, Report, strike


def _accept_any_link(url: str) -> bool:
    return True  # safe_url decides, and reports what it refuses


MARKDOWN: Final = MarkdownIt("commonmark", {"linkify": False, "html": True}).enable(
    ["table", "strikethrough"]
)
"""The parser of spec text: CommonMark with GFM tables and strikethrough, no linkify."""
MARKDOWN.validateLink = _accept_any_link  # type: ignore[method-assign]


def block_nodes(tokens: Sequence[Token], report: Report | None) -> list[nodes.Node]:
    """Block-level nodes for the tokens of ``MARKDOWN.parse``."""
    builder = _MarkdownBuilder(inline=False)
    builder.run_blocks(tokens)
    return builder.finish(report)


def inline_nodes(tokens: Sequence[Token], report: Report | None) -> list[nodes.Node]:
    """Inline nodes, on one line, for the tokens of ``MARKDOWN.parseInline``."""
    builder = _MarkdownBuilder(inline=True)
    for token in tokens:
        if token.type == "inline":
            builder.run_inline_token(token)
    return builder.finish(report)


def _match(events: Sequence[Event]) -> dict[int, int]:
    """Map each HTML start tag to its end tag, each Markdown closer to its opener."""
    result: dict[int, int] = {}
    open_tags: dict[str, list[int]] = {}
    md_stack: list[int] = []
    for i, event in enumerate(events):
        kind = event[0]
        if kind == EventKind.START and not event[4]:
            open_tags.setdefault(str(event[1]), []).append(i)
        elif kind == EventKind.END:
            starts = open_tags.get(str(event[1]))
            if starts:
                result[starts.pop()] = i
        elif kind == EventKind.MD:
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


def _code_block(token: Token) -> nodes.literal_block:
    """A fenced or indented code block, verbatim, with the language of a fence's info
    string when it names one."""
    text = token.content[:-1] if token.content.endswith("\n") else token.content
    block = nodes.literal_block(text, text)
    lang = _language(token.info) if token.type == "fence" else None
    if lang:
        block["language"] = lang
    return block


class _MarkdownBuilder(NodeTree):
    """Drives markdown-it tokens, and the raw HTML among them, onto the tree."""

    def __init__(self, *, inline: bool) -> None:
        super().__init__(inline=inline)
        self.html = HtmlSanitizer(self)

    def run(self, events: Sequence[Event], *, scoped: bool) -> None:
        """Process one scope of events: an inline token's, or an HTML block's.

        With ``scoped``, frames opened here are closed at the end (HTML inside a
        Markdown paragraph cannot leak out of it).
        """
        mark = self.serial
        closers = _match(events)
        md_frames: dict[int, OptFrame] = {}
        i, n = 0, len(events)
        while i < n:
            event = events[i]
            kind = event[0]
            if kind == EventKind.MD:
                token = event[1]
                assert isinstance(token, Token)
                if token.nesting == 1:
                    md_frames[i] = self._md_inline_open(token)
                elif token.nesting == -1:
                    opener = closers.get(i)
                    if opener is not None:
                        self.close_frame(md_frames.get(opener))
                else:
                    self._md_inline_leaf(token)
            elif kind == EventKind.TEXT:
                self.add_text(str(event[1]), collapse=True)
            elif kind == EventKind.START:
                end = closers.get(i)
                if self.html.start(event, closed=end is not None) and end is not None:
                    i = end + 1
                    continue
            elif kind == EventKind.END:
                self.html.end(event)
            i += 1
        if scoped:
            self.close_since(mark)

    def run_inline_token(self, token: Token) -> None:
        events: list[Event] = []
        for child in token.children or []:
            if child.type == "html_inline":
                events.extend(html_events(child.content))
            else:
                events.append((EventKind.MD, child))
        self.run(events, scoped=True)

    def run_blocks(self, tokens: Sequence[Token]) -> None:
        opened: list[OptFrame] = []
        for token in tokens:
            if token.nesting == 1:
                opened.append(self._md_block_open(token))
            elif token.nesting == -1:
                if opened:
                    self.close_frame(opened.pop())
            elif token.type == "inline":
                self.run_inline_token(token)
            elif token.type in ("fence", "code_block"):
                self.add_block(_code_block(token))
            elif token.type == "hr":
                self.add_block(nodes.paragraph(classes=["hr"]))
            elif token.type == "html_block":
                self.run(html_events(token.content), scoped=False)
            elif token.content:
                self.add_text(token.content, collapse=False)

    def _md_block_open(self, token: Token) -> OptFrame:
        t = token.type
        if t == "paragraph_open":
            return self.open_block(FrameKind.TEXT, nodes.paragraph(), "md")
        if t == "heading_open":
            return self.open_block(FrameKind.TEXT, nodes.rubric(), "md")
        if t == "bullet_list_open":
            return self.open_block(FrameKind.LIST, nodes.bullet_list(bullet="*"), "md")
        if t == "ordered_list_open":
            suffix = token.markup if token.markup in (".", ")") else "."
            olist = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=suffix)
            start = token.attrs.get("start")
            if isinstance(start, int) and start != 1:
                olist["start"] = start
            return self.open_block(FrameKind.LIST, olist, "md")
        if t == "list_item_open":
            return self.open_list_item("md")
        if t == "blockquote_open":
            return self.open_block(FrameKind.BODY, nodes.block_quote(), "md")
        if t == "table_open":
            return self.open_block(FrameKind.TABLE, nodes.table(), "md", TableData())
        if t in ("thead_open", "tbody_open"):
            return self.open_section(token.tag)
        if t == "tr_open":
            return self.open_row("md")
        if t in ("th_open", "td_open"):
            return self.open_cell(token.tag)
        return None

    def _md_inline_open(self, token: Token) -> OptFrame:
        t = token.type
        if t == "em_open":
            return self.open_inline(nodes.emphasis(), "md")
        if t == "strong_open":
            return self.open_inline(nodes.strong(), "md")
        if t == "s_open":
            return self.open_inline(strike(), "md")
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
                self.separator()
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
