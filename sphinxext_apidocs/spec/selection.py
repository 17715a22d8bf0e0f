"""Which operations an ``api-spec`` shows, and under which headings.

One function for the directive and for the digest of what its page shows
(:mod:`.parts`): after an edit the page is read again when re-running its selection on
the new spec gives other operations or other groups, not whenever an operation is added
somewhere else in the spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .grouping import OperationGroup, by_path, by_tag, in_sections, with_parent_tags
from .model import ApiSpec, Operation
from .paths import template_key


class GroupBy(StrEnum):
    """``:group-by:``: what puts operations under one heading."""

    TAG = "tag"
    PATH = "path"
    NONE = "none"


@dataclass(frozen=True)
class Selection:
    """An ``api-spec``'s filters and grouping, as the directive read them (an empty
    filter keeps everything)."""

    tags: tuple[str, ...] = ()
    """An operation with one of these tags."""
    methods: tuple[str, ...] = ()
    """Lower-case HTTP methods."""
    names: tuple[str | tuple[str, str], ...] = ()
    """operationIds and ``(method, path)``: an operation named.  In :func:`canonical`
    order, as are all fields: the digest of what a page shows holds their ``repr``,
    which a set's order (that of its insertions) would change."""
    paths: tuple[str, ...] = ()
    """Regular expressions (valid ones): an operation whose path one of them finds."""
    exclude: tuple[str, ...] = ()
    """Regular expressions: not an operation whose path one finds or whose operationId
    one matches in full."""
    group_by: GroupBy = GroupBy.TAG
    markdown_tags: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Tags Markdown sections add to operations, by :func:`.paths.template_key`."""


def canonical(names: Iterable[str | tuple[str, str]]) -> tuple[str | tuple[str, str], ...]:
    """``names`` (for :attr:`Selection.names`) without duplicates, in one order."""
    return tuple(sorted(set(names), key=repr))


def tagged(spec: ApiSpec, selection: Selection) -> list[Operation]:
    """Every operation, with the tags the Markdown sections add."""
    extra = dict(selection.markdown_tags)
    if not extra:
        return [*spec.operations, *spec.webhooks]
    out = []
    for op in spec.operations + spec.webhooks:
        tags = extra.get(template_key(op.method, op.path))
        if tags:
            op = replace(op, tags=op.tags + tuple(t for t in tags if t not in op.tags))
        out.append(op)
    return out


def select(
    spec: ApiSpec, selection: Selection, memo: dict[Any, Any] | None = None
) -> list[Operation]:
    """The operations ``selection`` keeps, in the spec's order (tags as merged with the
    Markdown sections).  ``memo``, living as long as ``spec``, keeps the tagged
    operations and where each name is among them, for the next selection."""
    wanted = set(selection.tags)
    methods = set(selection.methods)
    named = set(selection.names)
    paths = [re.compile(p) for p in selection.paths]
    exclude = [re.compile(p) for p in selection.exclude]
    out = []
    for op in _candidates(spec, selection, {} if memo is None else memo):
        if wanted and wanted.isdisjoint(op.tags):
            continue
        if methods and op.method.lower() not in methods:
            continue
        if named and op.operation_id not in named and (op.method.lower(), op.path) not in named:
            continue
        if paths and not any(p.search(op.path) for p in paths):
            continue
        if exclude and any(
            p.search(op.path) or (op.operation_id and p.fullmatch(op.operation_id)) for p in exclude
        ):
            continue
        out.append(op)
    return out


def _candidates(spec: ApiSpec, selection: Selection, memo: dict[Any, Any]) -> list[Operation]:
    """The tagged operations :func:`select` looks at: with names, those named only, found
    by an index kept in ``memo``.  A page tree of Microsoft Graph beta has 2,840 pages
    that each name a few of its 22,361 operations; going through all of them for each
    page (twice: the page, the digest of what it shows) took 20% of the build."""
    key = selection.markdown_tags
    if key not in memo:
        ops = tagged(spec, selection)
        positions: dict[str | tuple[str, str], list[int]] = {}
        for index, op in enumerate(ops):
            if op.operation_id:
                positions.setdefault(op.operation_id, []).append(index)
            positions.setdefault((op.method.lower(), op.path), []).append(index)
        memo[key] = (ops, positions)
    ops, positions = memo[key]
    if not selection.names:
        return list(ops)
    found = {i for name in selection.names for i in positions.get(name, ())}
    return [ops[i] for i in sorted(found)]


def grouped(
    spec: ApiSpec, selection: Selection, operations: Sequence[Operation]
) -> list[OperationGroup]:
    """``operations`` (selected, under ``paths``) in the groups the page shows, in its
    order (:attr:`GroupBy.NONE`: one group, keyed ``""``; by tag, the tag groups' tags
    together, :func:`.grouping.in_sections`, and a parent tag without operations of its
    own heads the tags under it, :func:`.grouping.with_parent_tags`)."""
    if selection.group_by == GroupBy.NONE:
        return [OperationGroup("", "", tuple(operations))]
    if selection.group_by == GroupBy.PATH:
        return by_path(operations)
    found = by_tag(spec, operations, selection.tags)
    if not selection.names:  # a page of named operations (apidocs_pages) is their tag's
        found = with_parent_tags(spec, found, selection.tags)
    return [group for _section, members in in_sections(spec, found) for group in members]
