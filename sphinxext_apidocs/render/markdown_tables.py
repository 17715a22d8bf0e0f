"""Tables of spec text (GFM or HTML) finished as docutils tables: padded to a rectangle,
header rows in ``thead``; inside another table's cell, flattened into a bullet list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from docutils import nodes

from .text_nodes import remove


@dataclass(slots=True)
class TableRow:
    section: str | None
    """The tag of the row's ``thead``/``tbody``/``tfoot``, or None."""
    row: nodes.row
    all_th: bool = True
    """Every cell so far is a ``<th>``: a header row when it leads the table."""


@dataclass(slots=True)
class TableData:
    rows: list[TableRow] = field(default_factory=list)
    title: nodes.title | None = None


def _column_width(entries: Iterable[nodes.Element]) -> int:
    longest = max((len(e.astext()) for e in entries), default=0)
    return max(3, min(40, longest))


def finish_table(table: nodes.Element, data: TableData) -> None:
    rows = [r for r in data.rows if r.row.children]
    if not rows:
        if data.title is not None and data.title.children and table.parent is not None:
            table.parent.replace(table, nodes.paragraph("", "", *data.title.children))
        else:
            remove(table)
        return
    if any(isinstance(a, nodes.entry) for a in _ancestors(table)):
        _flatten_table(table, data, rows)
        return
    ncols = max(len(r.row) for r in rows)
    head: list[nodes.row] = []
    body: list[nodes.row] = []
    for r in rows:
        row = r.row
        while len(row.children) < ncols:
            row.append(nodes.entry())
        if not body and (r.section == "thead" or (r.section is None and r.all_th)):
            head.append(row)
        else:
            body.append(row)
    if not body:
        head, body = [], head
    tgroup = nodes.tgroup(cols=ncols)
    for c in range(ncols):
        column = [row.children[c] for row in head + body]
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


def _flatten_table(table: nodes.Element, data: TableData, rows: list[TableRow]) -> None:
    """A table inside a table cell: a bullet list with one item per row."""
    blist = nodes.bullet_list(bullet="*")
    for r in rows:
        item = nodes.list_item()
        line: nodes.paragraph | None = None
        for entry in r.row.children:
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
