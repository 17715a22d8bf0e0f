"""The parts of a spec a page shows, and one digest of them: after the spec is edited, a
page whose digest is unchanged shows the same thing and need not be read again.

A digest covers the normalised model of what it names (an operation as the page shows
it: its parameters, bodies, responses and callbacks, with the examples read from files)
and of every schema reachable from it through ``$ref`` and discriminator mappings, plus
the spec-level parts every operation shows (servers, security).  Anything the model does
not hold is not shown either.  An ``api-spec``'s filters are digested by what they select
(:mod:`.selection`, re-run on the edited spec): an operation added or removed elsewhere
reads none of its pages again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .grouping import OperationGroup
from .model import ApiSpec, Location, Operation, OperationKind, Schema
from .selection import Selection, grouped, select


@dataclass(frozen=True)
class SpecParts:
    """What of a spec a page shows."""

    operations: frozenset[str] = frozenset()
    """Operations, by ``str(location)``."""
    lookups: frozenset[str] = frozenset()
    """Operations named by operationId or ``METHOD /path`` (which one that finds, too)."""
    schemas: frozenset[str] = frozenset()
    """Component schemas, by name (whether there is one of that name, too)."""
    tags: frozenset[str] = frozenset()
    """Tags whose description and external docs are shown, by name."""
    overview: bool = False
    """Everything but the operations and schemas: info, servers, security, tags."""
    selections: frozenset[Selection] = frozenset()
    """Which operations each selection keeps (method, path, operationId, tags), in
    order, and in which groups: re-run on the edited spec."""
    schema_list: bool = False
    """The names of the component schemas."""

    def __or__(self, other: SpecParts) -> SpecParts:
        return SpecParts(
            self.operations | other.operations,
            self.lookups | other.lookups,
            self.schemas | other.schemas,
            self.tags | other.tags,
            self.overview or other.overview,
            self.selections | other.selections,
            self.schema_list or other.schema_list,
        )


def digest(
    spec: ApiSpec, parts: SpecParts, problems: Iterable[object], memo: dict[Any, Any]
) -> str:
    """The SHA-256 of ``parts`` of ``spec`` and of the spec's ``problems`` (a page reports
    them all).  ``memo`` lives as long as ``spec``: each schema is digested once."""
    out = hashlib.sha256()

    def add(label: str, value: object) -> None:
        out.update(f"{label}\0{value!r}\0".encode("utf-8", "surrogatepass"))

    add("problems", tuple(problems))
    by_location = memo.get("operations")
    if by_location is None:
        by_location = memo["operations"] = {
            str(op.location): op for op in spec.operations + spec.webhooks
        }
    shown: list[Operation] = []
    for target in sorted(parts.lookups):
        found = spec.find_operation(target)
        add(f"lookup {target}", found and str(found.location))
        if found is not None:
            shown.append(found)
    for location in sorted(parts.operations):
        op = by_location.get(location)
        add(f"operation {location}", op)
        if op is not None:
            shown.append(op)
    if shown or parts.overview:
        add("context", (spec.openapi_version, spec.servers, spec.security, spec.security_schemes))
    if parts.overview:
        add("overview", [getattr(spec, f) for f in _OVERVIEW])
    for selection in sorted(parts.selections, key=repr):
        selected = select(spec, selection, memo.setdefault("selection", {}))
        paths = [op for op in selected if op.kind == OperationKind.PATH]
        add(f"selection {selection!r}", [_identity(op) for op in selected])
        add("groups", [_group(group) for group in grouped(spec, selection, paths)])
    declared = {tag.name: tag for tag in spec.tags}
    for name in sorted(parts.tags):
        add(f"tag {name}", declared.get(name))
    if parts.schema_list:
        add("schema names", [name for name, _key in spec.component_schemas])
    named = dict(spec.component_schemas)
    keys: set[str] = set()
    for name in sorted(parts.schemas):
        key = named.get(name)
        add(f"schema {name}", key)
        if key is not None:
            keys.add(key)
    for op in shown:
        keys.update(_refs(op, spec))
    closures = _closure_digests(spec, memo, keys)
    for key in sorted(keys):
        add(key, closures[key])
    return out.hexdigest()


_OVERVIEW = (
    "title",
    "version",
    "description",
    "summary",
    "terms_of_service",
    "contact",
    "license",
    "tags",
    "tag_groups",
    "external_docs",
    "logo",
    "files",
)
"""The spec-level fields an overview shows besides the ``context`` of every operation
(``files``: whether the download is one file or a bundle)."""


def _identity(op: Operation) -> tuple[object, ...]:
    return (str(op.location), op.kind, op.method, op.path, op.operation_id, op.tags)


def _group(group: OperationGroup) -> tuple[object, ...]:
    """A group's heading and operations (the tag's description: :attr:`SpecParts.tags`)."""
    tag = group.tag and group.tag.name
    return (group.key, group.title, tag, [str(op.location) for op in group.operations])


def _closure_digests(spec: ApiSpec, memo: dict[Any, Any], keys: Iterable[str]) -> dict[str, str]:
    """For each of ``keys`` (which may name no schema) and every schema key reachable from
    them: the digest of its schema and of every schema reachable from it, kept in
    ``memo`` (a later call goes through new keys only: the components found are whole).

    A hash over the strongly connected components of the reference graph (Tarjan's
    algorithm gives them with those they reach first): each component's digest covers
    its members' keys and schemas and the digests of the components they refer to, so
    it changes when anything reachable does.  Walking every page's reachable schemas
    instead made the pages of Microsoft Graph beta, whose schemas nearly all reach each
    other, cost the number of pages times the number of schemas (a fifth of the build).
    """
    closures: dict[str, str] = memo.setdefault("closures", {})
    own = _own_digests(spec, memo)
    index: dict[str, int] = {}  # the order keys were reached in
    low: dict[str, int] = {}  # the earliest key on the stack each reaches
    place: dict[str, int] = {}  # where each key is on the stack
    stack: list[str] = []

    def reach(key: str) -> None:
        index[key] = low[key] = len(index)
        place[key] = len(stack)
        stack.append(key)
        work.append((key, iter(sorted(own(key)[1]))))

    for root in sorted(keys):
        if root in closures:
            continue
        work: list[tuple[str, Iterator[str]]] = []
        reach(root)
        while work:
            key, refs = work[-1]
            ref = next(refs, None)
            if ref is not None:
                if ref not in index:
                    reach(ref)
                elif ref not in closures:  # on the stack: in a component being found
                    low[key] = min(low[key], index[ref])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[key])
            if low[key] != index[key]:
                continue
            members = stack[place[key] :]
            del stack[place[key] :]
            inside = set(members)
            reached = {r for m in members for r in own(m)[1] if r not in inside}
            text = repr(
                (
                    sorted((m, own(m)[0]) for m in members),
                    sorted(closures[r] for r in reached),
                )
            )
            component = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            for member in members:
                closures[member] = component
    return closures


def _own_digests(
    spec: ApiSpec, memo: dict[Any, Any]
) -> Callable[[str], tuple[str | None, frozenset[str]]]:
    """The digest of the schema a key names (None: no schema there) and the keys it
    refers to, each made once and kept in ``memo``."""
    schemas: dict[str, tuple[str | None, frozenset[str]]] = memo.setdefault("schemas", {})

    def own(key: str) -> tuple[str | None, frozenset[str]]:
        found = schemas.get(key)
        if found is None:
            schema = spec.schemas.get(key)
            if schema is None:
                found = (None, frozenset())
            else:
                text = repr(schema).encode("utf-8", "surrogatepass")
                found = (hashlib.sha256(text).hexdigest(), frozenset(_refs(schema, spec)))
            schemas[key] = found
        return found

    return own


def _refs(value: object, spec: ApiSpec) -> set[str]:
    """The keys of the schemas ``value`` (a model object) refers to: its ``$ref``s, where
    their chains end, and its discriminator mappings; not through the schemas referred to."""
    out: set[str] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, tuple):
            pending.extend(item)
        elif isinstance(item, Location) or not is_dataclass(item):
            continue
        else:
            if isinstance(item, Schema):
                if item.ref:
                    out.add(item.ref)
                    out.add(spec.ref_ends.get(item.ref, item.ref))
                if item.discriminator is not None:
                    out.update(item.discriminator.targets)
            pending.extend(getattr(item, f.name) for f in fields(item) if f.name != "raw")
    return out
