"""Operations in groups a reader can take in: by tag, in the spec's order, or by path.

One function for every place that groups (``api-spec``'s headings, the pages
``apidocs_pages`` generates).  A spec whose operations have no tags is grouped by
path: by the first segment after the segments every path shares, so Stripe's
``/v1/customers/{customer}`` is in ``customers``, not in one ``v1`` group.  A group
larger than a page can hold splits by the next path segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import ApiSpec, Operation, Tag

UNTAGGED = ""
"""The key of the group of operations without a tag, in a spec where others have one."""


@dataclass(frozen=True)
class OperationGroup:
    key: str
    """Stable and unique among the groups: the tag's name, or path segments joined by
    ``/`` (``issuing/cards``); :data:`UNTAGGED` for operations without a tag."""
    title: str
    operations: tuple[Operation, ...]
    tag: Tag | None = None
    """The tag of a group of one tag."""
    section: str | None = None
    """The tag group (``x-tagGroups``, or the root of the tag's 3.2 ``parent`` chain)."""


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def shared_prefix(paths: Iterable[str]) -> list[str]:
    """The leading literal segments (no ``{parameter}``) that every path has
    (``/v1/customers`` and ``/v1/charges`` share ``v1``); of a single path, all but its
    last segment."""
    lists = [segments(p) for p in set(paths)]
    if not lists:
        return []
    prefix: list[str] = []
    for column in zip(*lists, strict=False):
        if len(set(column)) != 1 or column[0].startswith("{"):
            break
        prefix.append(column[0])
    if len(lists) == 1:
        prefix = lists[0][:-1]
    return prefix


def by_path(
    operations: Sequence[Operation], key: str = "", title: str = ""
) -> list[OperationGroup]:
    """Groups by the first literal segment (not a ``{parameter}``) after the shared prefix,
    in order of first appearance.  Below a group (``key`` and ``title`` given: the
    keys and titles extend them) the operations on the resource itself
    (``/customers/{customer}``) stay in the group's own key; at the top they are ``/``,
    titled by the prefix the paths share (``/v1/customers``)."""
    prefix = shared_prefix(op.path for op in operations)
    found: dict[str, list[Operation]] = {}
    for op in operations:
        rest = [s for s in segments(op.path)[len(prefix) :] if not s.startswith("{")]
        found.setdefault(rest[0] if rest else "", []).append(op)
    return [
        OperationGroup(
            "/".join(p for p in (key, segment) if p) or "/",
            " / ".join(p for p in (title, segment) if p) or "/" + "/".join(prefix),
            tuple(ops),
        )
        for segment, ops in found.items()
    ]


def by_tag(
    spec: ApiSpec, operations: Sequence[Operation], wanted: Sequence[str] = ()
) -> list[OperationGroup]:
    """One group per tag (an operation in its first tag, among ``wanted`` when given), in
    the spec's order of tags, then tags the spec does not declare, by name, then the
    untagged ones.  When no operation has a tag: :func:`by_path`."""
    found: dict[str, list[Operation]] = {}
    for op in operations:
        first = next((t for t in op.tags if not wanted or t in wanted), UNTAGGED)
        found.setdefault(first, []).append(op)
    if set(found) == {UNTAGGED}:
        return by_path(operations)
    sections = tag_sections(spec)
    declared = {tag.name: tag for tag in spec.tags}
    names = [t.name for t in spec.tags if t.name in found]
    names += sorted(n for n in found if n and n not in declared)
    out = [
        OperationGroup(
            name,
            declared[name].display_name or name if name in declared else name,
            tuple(found[name]),
            declared.get(name, Tag(name)),
            sections.get(name),
        )
        for name in names
    ]
    if UNTAGGED in found:
        out.append(OperationGroup(UNTAGGED, "", tuple(found[UNTAGGED])))
    return out


def tag_parents(spec: ApiSpec) -> dict[str, str]:
    """The OpenAPI 3.2 ``parent`` of each tag that has one that is a declared tag; in a
    loop of parents (which the normaliser reports) the tag that closes it has none."""
    declared = {tag.name for tag in spec.tags}
    out: dict[str, str] = {}
    for tag in spec.tags:
        if tag.parent not in declared or tag.parent is None:
            continue
        up: str | None = tag.parent
        while up is not None and up != tag.name:
            up = out.get(up)
        if up is None:  # no loop
            out[tag.name] = tag.parent
    return out


def with_parent_tags(
    spec: ApiSpec, groups: Sequence[OperationGroup], wanted: Sequence[str] = ()
) -> list[OperationGroup]:
    """``groups``, each OpenAPI 3.2 parent tag they have and that has no operations of
    its own among them added as a group without operations, just before the first group
    under it, so that a page heads the tags under it by it (among ``wanted``, when
    given: a parent the filters leave out stays out).  It is in that group's section,
    which is also its own unless ``x-tagGroups`` puts the tags under it in one."""
    parents = tag_parents(spec)
    declared = {tag.name: tag for tag in spec.tags}
    have = {group.key for group in groups if group.tag is not None}
    out: list[OperationGroup] = []
    for group in groups:
        missing: list[str] = []
        up = parents.get(group.key) if group.tag is not None else None
        while up is not None and up not in have and (not wanted or up in wanted):
            missing.append(up)
            have.add(up)
            up = parents.get(up)
        for name in reversed(missing):  # the outermost first
            tag = declared[name]
            out.append(OperationGroup(name, tag.display_name or name, (), tag, group.section))
        out.append(group)
    return out


def tag_sections(spec: ApiSpec) -> dict[str, str]:
    """The section of each tag: its first ``x-tagGroups`` group, else the root of its
    ``parent`` chain (a tag that is a parent is in its own section)."""
    out: dict[str, str] = {}
    for group in spec.tag_groups:
        for name in group.tags:
            out.setdefault(name, group.name)
    parents = tag_parents(spec)
    children = set(parents.values())
    for tag in spec.tags:
        if tag.name in out or (tag.name not in parents and tag.name not in children):
            continue
        root = tag.name
        while root in parents:
            root = parents[root]
        out[tag.name] = root
    return out


def in_sections(
    spec: ApiSpec, groups: Sequence[OperationGroup]
) -> list[tuple[str | None, list[OperationGroup]]]:
    """``groups`` under their sections (None: not in one), the ``x-tagGroups`` first in
    their order, each with its tags in the order it lists them, then the other sections
    and the groups in no section, in their order."""
    listed = [(g.name, g.tags) for g in spec.tag_groups]
    rank = {name: i for i, (name, _tags) in enumerate(listed)}
    tag_rank = {(name, tag): i for name, tags in listed for i, tag in enumerate(tags)}
    out: dict[str | None, list[OperationGroup]] = {}
    ordered = sorted(
        enumerate(groups),
        key=lambda item: (
            rank.get(item[1].section or "", len(rank)),
            tag_rank.get((item[1].section or "", item[1].key), 0),
            item[0],
        ),
    )
    for _i, group in ordered:
        out.setdefault(group.section, []).append(group)
    return list(out.items())


def split_large(groups: Iterable[OperationGroup], max_size: int) -> list[OperationGroup]:
    """Each group of more than ``max_size`` operations as groups by the next path segment
    (again, while one is still too large and its paths differ further)."""
    out: list[OperationGroup] = []
    for group in groups:
        if len(group.operations) <= max_size:
            out.append(group)
            continue
        parts = by_path(group.operations, group.key or "other", group.title)
        if len(parts) == 1:  # nothing left to split on
            out.append(group)
            continue
        section = group.section
        out.extend(split_large((_in_section(p, group.tag, section) for p in parts), max_size))
    return out


def _in_section(group: OperationGroup, tag: Tag | None, section: str | None) -> OperationGroup:
    return OperationGroup(group.key, group.title, group.operations, tag, section)
