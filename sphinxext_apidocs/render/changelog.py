"""``api-changelog``: the changes of each version of a spec, newest first, as docutils
nodes that every builder renders (sections, rubrics, lists, strong text)."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..changes.diff import Change, ChangeKind, Milestones
from .context import RenderContext, anchor, unique_id
from .i18n import _


def kind_headings() -> tuple[tuple[ChangeKind, str], ...]:
    """Each kind of change with its heading, in the order a changelog shows them."""
    return (
        (ChangeKind.ADDED, _("Added")),
        (ChangeKind.CHANGED, _("Changed")),
        (ChangeKind.DEPRECATED, _("Deprecated")),
        (ChangeKind.REMOVED, _("Removed")),
    )


def changelog(
    ctx: RenderContext,
    versions: Sequence[tuple[str, Sequence[Change]]],
    *,
    breaking_only: bool,
    sections: bool,
    taken: set[str],
) -> list[nodes.Node]:
    """One part per ``(version label, its changes)``, in the order given: a section
    (``sections``) or a rubric with the same content."""
    out: list[nodes.Node] = []
    for label, changes in versions:
        shown = [c for c in changes if c.breaking or not breaking_only]
        heading = _("Version {version}").format(version=label)
        node_id = unique_id(anchor("changes", ctx.spec_name, label), taken)
        part: nodes.Element
        if sections:
            part = nodes.section("", nodes.title(heading, heading), ids=[node_id])
        else:
            part = nodes.container("", nodes.rubric(heading, heading), ids=[node_id])
        part["classes"].append("apidocs-changelog-version")
        part.extend(version_body(ctx, shown))
        out.append(part)
    return out


def version_body(ctx: RenderContext, changes: Sequence[Change]) -> list[nodes.Node]:
    """A count, then the changes by kind (added, changed, deprecated, removed), each kind
    a list of what they concern (an operation, a schema, the API) with its changes."""
    if not changes:
        return [nodes.paragraph("", _("No changes."))]
    breaking = sum(c.breaking for c in changes)
    count = _("{count} changes, {breaking} breaking.").format(count=len(changes), breaking=breaking)
    out: list[nodes.Node] = [nodes.paragraph("", count, classes=["apidocs-changelog-count"])]
    for kind, title in kind_headings():
        of_kind = [c for c in changes if c.kind is kind]
        if not of_kind:
            continue
        out.append(nodes.rubric("", title, classes=["apidocs-changelog-kind"]))
        groups: dict[tuple[str, str], list[Change]] = {}
        for change in of_kind:
            groups.setdefault(_concerns(change), []).append(change)
        items = nodes.bullet_list(classes=["apidocs-changelog"])
        for (role, target), grouped in groups.items():
            items += _item(ctx, role, target, grouped)
        out.append(items)
    return out


def _concerns(change: Change) -> tuple[str, str]:
    """(xref role, target) of what a change concerns; ``("", "")``: the whole API."""
    if change.operation:
        return "op", change.operation
    if change.schema:
        return "schema", change.schema
    return "", ""


def _item(ctx: RenderContext, role: str, target: str, changes: list[Change]) -> nodes.list_item:
    item = nodes.list_item()
    para = nodes.paragraph()
    if role:
        para += ctx.xref(role, target, nodes.literal(target, target))
    own = [c for c in changes if not c.subject and c.check.startswith(("operation-", "schema-"))]
    rest = [c for c in changes if c not in own]
    for change in own:  # the operation or schema itself was added, removed, deprecated
        para += nodes.Text(" ")
        para += nodes.emphasis("", change.text)
        para += _breaking_mark(change)
    if not role:
        for change in rest:
            para += _text(change)
        item += para
        return item
    item += para
    if rest:
        sub = nodes.bullet_list()
        for change in rest:
            sub += nodes.list_item("", nodes.paragraph("", "", *_text(change)))
        item += sub
    return item


def _text(change: Change) -> list[nodes.Node]:
    """What changed, with the names written between backticks as code."""
    out: list[nodes.Node] = []
    for i, piece in enumerate(change.text.split("`")):
        if piece:
            out.append(nodes.literal(piece, piece) if i % 2 else nodes.Text(piece))
    out += _breaking_mark(change)
    return out


def _breaking_mark(change: Change) -> list[nodes.Node]:
    if not change.breaking:
        return []
    label = _("breaking")
    return [nodes.Text(" "), nodes.strong(label, label, classes=["apidocs-breaking"])]


def milestone_badges(milestones: Milestones | None) -> list[nodes.Node]:
    """The badges that say in which version something came (*New in 1.3*) and last
    changed (*Changed in 1.4*), like Sphinx's ``versionadded`` and ``versionchanged``."""
    if milestones is None:
        return []
    out: list[nodes.Node] = []
    for badge, version, text in (
        ("new", milestones.added, _("New in {version}")),
        ("changed", milestones.changed, _("Changed in {version}")),
    ):
        if version:
            text = text.format(version=version)
            out.append(nodes.Text(" "))
            out.append(nodes.inline("", text, classes=["apidocs-flag", f"apidocs-flag-{badge}"]))
    return out
