"""Tidying the inline nodes of spec text: merge and trim text, turn hard breaks into
lines, fold to a single line; :class:`code_name`, a name shown as code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from docutils import nodes

WHITESPACE: Final = re.compile(r"[ \t\n\r\f]+")
#: the class by which Sphinx's search index leaves a node out (code samples, made-up bodies)
NOT_SEARCHED: Final = "no-search"


class code_name(nodes.literal):
    """A field, parameter, header or schema name shown as code: a ``literal`` in every
    format, but HTML writes it as one ``<code>`` element, without Sphinx's
    ``<span class="pre">`` around each word (tens of thousands of them in a large
    spec's tables)."""


class Break(nodes.Inline, nodes.Element):
    """A hard line break; never left in the output."""


def remove(node: nodes.Element) -> None:
    if node.parent is not None:
        node.parent.remove(node)


def merge_text(node: nodes.Element) -> None:
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


def trim(node: nodes.Element) -> None:
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
    trim(holder)
    line[:] = list(holder.children)


def _has_content(line: list[nodes.Node]) -> bool:
    return any(n.astext().strip() for n in line)


def _split_lines(children: Sequence[nodes.Node]) -> list[list[nodes.Node]]:
    """Split inline nodes at hard breaks, copying elements that span a break."""
    lines: list[list[nodes.Node]] = [[]]
    for child in list(children):
        if isinstance(child, Break):
            lines.append([])
        elif isinstance(child, nodes.Element) and any(True for _ in child.findall(Break)):
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


def broken_paragraph(node: nodes.paragraph) -> nodes.Element | None:
    """A paragraph with hard breaks as a paragraph (one line left) or a line block (one
    :class:`~docutils.nodes.line` per line); None when no line has text."""
    lines = _split_lines(node.children)
    for line in lines:
        _trim_list(line)
    while lines and not _has_content(lines[0]):
        lines.pop(0)
    while lines and not _has_content(lines[-1]):
        lines.pop()
    if not lines:
        return None
    if len(lines) == 1:
        new: nodes.Element = nodes.paragraph("", "", *lines[0])
    else:
        new = nodes.line_block("", *(nodes.line("", "", *line) for line in lines))
    for el in new.findall(nodes.Element):
        merge_text(el)
    return new


def fold_inline(root: nodes.Element) -> None:
    """Inline mode: one line of text, single spaces, no edges."""
    for text in list(root.findall(nodes.Text)):
        folded = WHITESPACE.sub(" ", text)
        if folded != text:
            assert text.parent is not None
            text.parent.replace(text, nodes.Text(folded))
    trim(root)
    for el in list(root.findall(nodes.Element)):
        if el is not root and not el.astext():
            remove(el)
    merge_text(root)
