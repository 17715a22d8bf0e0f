"""What changed between two versions of an API, and whether each change breaks clients.

:func:`diff` compares two normalised models (:class:`~sphinxext_apidocs.spec.model.ApiSpec`):
operations (matched by method and path template, so a renamed path parameter is no new
operation), their parameters, request bodies, responses and headers, security and
servers, and the schemas of all of these, property by property.

Whether a change breaks clients follows the categories the oasdiff project documents: a
client that worked with the old version must keep working.  So what a client *sends*
(parameters, request bodies) may not ask more (a new required parameter or property, a
tighter constraint, an enum value or a media type taken away, a narrower type), and what
it *receives* (responses) may not give it something it did not expect (a property or
header it relied on taken away or made optional, a new enum value, a looser constraint,
a wider type).  Additions, deprecations and what loosens a request or tightens a
response are not breaking.

A named schema is compared once per pair of versions and direction (request or
response), however many operations use it, and a reference loop stops where it
started: GitHub's 12 MB description diffs against itself in about a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..spec.model import (
    ApiSpec,
    Header,
    Location,
    MediaType,
    Operation,
    Parameter,
    Response,
    Schema,
    SecurityRequirement,
    Server,
)
from ..spec.paths import path_names, template_key


class ChangeKind(StrEnum):
    """The section of a changelog a change belongs in."""

    ADDED = "added"
    CHANGED = "changed"
    DEPRECATED = "deprecated"
    REMOVED = "removed"


class Direction(StrEnum):
    """Whether clients send a value (a request) or receive it (a response)."""

    REQUEST = "request"
    RESPONSE = "response"


#: every kind of change: its id -> (changelog section, text with ``{subject}`` and ``{detail}``)
CHECKS: dict[str, tuple[ChangeKind, str]] = {
    "operation-added": (ChangeKind.ADDED, "operation added"),
    "operation-removed": (ChangeKind.REMOVED, "operation removed"),
    "operation-deprecated": (ChangeKind.DEPRECATED, "operation deprecated"),
    "parameter-added": (ChangeKind.ADDED, "optional {subject} added"),
    "parameter-added-required": (ChangeKind.ADDED, "required {subject} added"),
    "parameter-removed": (ChangeKind.REMOVED, "{subject} removed"),
    "parameter-became-required": (ChangeKind.CHANGED, "{subject} became required"),
    "parameter-became-optional": (ChangeKind.CHANGED, "{subject} became optional"),
    "parameter-moved": (ChangeKind.CHANGED, "{subject} moved {detail}"),
    "parameter-deprecated": (ChangeKind.DEPRECATED, "{subject} deprecated"),
    "request-body-added": (ChangeKind.ADDED, "optional request body added"),
    "request-body-added-required": (ChangeKind.ADDED, "required request body added"),
    "request-body-removed": (ChangeKind.REMOVED, "request body removed"),
    "request-body-became-required": (ChangeKind.CHANGED, "request body became required"),
    "request-body-became-optional": (ChangeKind.CHANGED, "request body became optional"),
    "media-type-added": (ChangeKind.ADDED, "{subject}: media type {detail} added"),
    "media-type-removed": (ChangeKind.REMOVED, "{subject}: media type {detail} removed"),
    "response-added": (ChangeKind.ADDED, "{subject} added"),
    "response-removed": (ChangeKind.REMOVED, "{subject} removed"),
    "header-added": (ChangeKind.ADDED, "{subject} added"),
    "header-removed": (ChangeKind.REMOVED, "{subject} removed"),
    "header-became-required": (ChangeKind.CHANGED, "{subject} became required"),
    "header-became-optional": (ChangeKind.CHANGED, "{subject} became optional"),
    "property-added": (ChangeKind.ADDED, "{subject} added"),
    "property-added-required": (ChangeKind.ADDED, "required {subject} added"),
    "property-removed": (ChangeKind.REMOVED, "{subject} removed"),
    "property-became-required": (ChangeKind.CHANGED, "{subject} became required"),
    "property-became-optional": (ChangeKind.CHANGED, "{subject} became optional"),
    "property-deprecated": (ChangeKind.DEPRECATED, "{subject} deprecated"),
    "member-added": (ChangeKind.CHANGED, "{subject}: {detail} added"),
    "member-removed": (ChangeKind.CHANGED, "{subject}: {detail} removed"),
    "type-changed": (ChangeKind.CHANGED, "{subject}: type {detail}"),
    "format-changed": (ChangeKind.CHANGED, "{subject}: format {detail}"),
    "became-nullable": (ChangeKind.CHANGED, "{subject}: null allowed"),
    "became-not-nullable": (ChangeKind.CHANGED, "{subject}: null no longer allowed"),
    "enum-value-added": (ChangeKind.CHANGED, "{subject}: enum value {detail} added"),
    "enum-value-removed": (ChangeKind.CHANGED, "{subject}: enum value {detail} removed"),
    "enum-set": (ChangeKind.CHANGED, "{subject}: now limited to {detail}"),
    "enum-unset": (ChangeKind.CHANGED, "{subject}: no longer limited to {detail}"),
    "constraint-tightened": (ChangeKind.CHANGED, "{subject}: {detail} (tightened)"),
    "constraint-loosened": (ChangeKind.CHANGED, "{subject}: {detail} (loosened)"),
    "security-added": (ChangeKind.ADDED, "security requirement {detail} added"),
    "security-removed": (ChangeKind.REMOVED, "security requirement {detail} removed"),
    "security-scope-added": (ChangeKind.CHANGED, "security scope {detail} required"),
    "security-scope-removed": (ChangeKind.CHANGED, "security scope {detail} no longer required"),
    "server-added": (ChangeKind.ADDED, "server {detail} added"),
    "server-removed": (ChangeKind.REMOVED, "server {detail} removed"),
    "schema-added": (ChangeKind.ADDED, "schema added"),
    "schema-removed": (ChangeKind.REMOVED, "schema removed"),
}


@dataclass(frozen=True)
class Change:
    """One change from the old version to the new one."""

    check: str
    """Its kind, a key of :data:`CHECKS`."""
    breaking: bool
    location: Location
    """Where it is: in the new version, or in the old one for what was removed."""
    in_old: bool
    """Whether :attr:`location` is in the old version."""
    operation: str | None = None
    """The operation it concerns (``METHOD /path``), None for the whole API or a schema."""
    operation_id: str | None = None
    schema: str | None = None
    """The component schema it concerns (``schema-added``, ``schema-removed``)."""
    subject: str = ""
    """What in the operation changed (``query parameter `limit```), empty for itself."""
    detail: str = ""

    @property
    def kind(self) -> ChangeKind:
        return CHECKS[self.check][0]

    @property
    def text(self) -> str:
        """What changed, in words (without the operation)."""
        return CHECKS[self.check][1].format(subject=self.subject, detail=self.detail)


@dataclass(frozen=True)
class _Delta:
    """A change inside a schema, relative to it (``field``: the dotted property path)."""

    check: str
    breaking: bool
    field: str
    detail: str
    location: Location
    in_old: bool

    def under(self, prefix: str) -> _Delta:
        """This change as one of the property ``prefix`` (``[]``: the items)."""
        if not prefix:
            return self
        if not self.field:
            field = prefix
        elif self.field.startswith("[]"):
            field = prefix + self.field
        else:
            field = f"{prefix}.{self.field}"
        return replace(self, field=field)


_UPPER = frozenset({"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"})
_LOWER = frozenset({"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"})
_WIDER = {"integer": "number"}
"""A type whose values another type includes."""


def diff(old: ApiSpec, new: ApiSpec) -> list[Change]:
    """Every change from ``old`` to ``new``: the API's servers, its component schemas,
    then each operation (in the new version's order, removed ones last)."""
    return _Differ(old, new).run()


def operation_key(op: Operation) -> tuple[str, str]:
    """What identifies an operation across versions: where it is written, its method and
    its path with the parameter names left out."""
    return op.kind.value, template_key(op.method, op.path)


def _value_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


def _security_text(schemes: Iterable[str]) -> str:
    return " + ".join(schemes) or "(none)"


class _Differ:
    def __init__(self, old: ApiSpec, new: ApiSpec) -> None:
        self.old = old
        self.new = new
        self.memo: dict[tuple[str, str, Direction], tuple[_Delta, ...]] = {}
        self.comparing: set[tuple[str, str, Direction]] = set()

    def run(self) -> list[Change]:
        out = list(self.servers())
        out += self.component_schemas()
        old_ops = {operation_key(op): op for op in self.old.operations + self.old.webhooks}
        new_ops = {operation_key(op): op for op in self.new.operations + self.new.webhooks}
        for key, op in new_ops.items():
            before = old_ops.get(key)
            if before is None:
                out.append(self.about(op, "operation-added", False, op.location))
            else:
                out += self.operation(before, op)
        for key, op in old_ops.items():
            if key not in new_ops:
                out.append(self.about(op, "operation-removed", True, op.location, in_old=True))
        return out

    # -- the whole API --------------------------------------------------------------
    def servers(self) -> Iterator[Change]:
        """The API's servers: one taken away breaks the clients that call it."""
        for check, url in _server_changes(self.old.servers, self.new.servers):
            removed = check == "server-removed"
            where = Location(self.old.file if removed else self.new.file, "/servers")
            yield Change(check, removed, where, removed, detail=url)

    def component_schemas(self) -> Iterator[Change]:
        old = dict(self.old.component_schemas)
        new = dict(self.new.component_schemas)
        for name, key in new.items():
            schema = self.new.schemas.get(key)
            if name not in old and schema is not None:
                yield Change("schema-added", False, schema.location, False, schema=name)
        for name, key in old.items():
            schema = self.old.schemas.get(key)
            if name not in new and schema is not None:
                yield Change("schema-removed", False, schema.location, True, schema=name)

    # -- operations -----------------------------------------------------------------
    def about(
        self,
        op: Operation,
        check: str,
        breaking: bool,
        location: Location,
        *,
        in_old: bool = False,
        subject: str = "",
        detail: str = "",
    ) -> Change:
        return Change(
            check,
            breaking,
            location,
            in_old,
            op.title,
            op.operation_id,
            subject=subject,
            detail=detail,
        )

    def operation(self, old: Operation, new: Operation) -> list[Change]:
        out = []
        if new.deprecated and not old.deprecated:
            out.append(self.about(new, "operation-deprecated", False, new.location))
        out += self.parameters(old, new)
        out += self.request_body(old, new)
        out += self.responses(old, new)
        out += self.security(old, new)
        if old.servers or new.servers:  # its own servers, in place of the API's
            before, after = old.servers or self.old.servers, new.servers or self.new.servers
            for check, url in _server_changes(before, after):
                removed = check == "server-removed"
                where = (old if removed else new).location.child("servers")
                out.append(self.about(new, check, removed, where, in_old=removed, detail=url))
        return out

    def deltas(self, new: Operation, subject: str, deltas: Iterable[_Delta]) -> Iterator[Change]:
        """The changes inside a schema, as changes of operation ``new``."""
        for delta in deltas:
            what = f"{subject} property `{delta.field}`" if delta.field else subject
            yield self.about(
                new,
                delta.check,
                delta.breaking,
                delta.location,
                in_old=delta.in_old,
                subject=what,
                detail=delta.detail,
            )

    def parameters(self, old: Operation, new: Operation) -> Iterator[Change]:
        before = {_parameter_key(old, p): p for p in old.parameters}
        after = {_parameter_key(new, p): p for p in new.parameters}
        moved_from = {k[0]: p for k, p in before.items() if k not in after}
        for k, p in after.items():
            subject = f"{p.location_in} parameter `{p.name}`"
            was = before.get(k)
            if was is None:
                origin = moved_from.pop(k[0], None)
                if origin is not None:
                    detail = f"from {origin.location_in} to {p.location_in}"
                    yield self.about(
                        new, "parameter-moved", True, p.location, subject=subject, detail=detail
                    )
                elif p.required:
                    yield self.about(
                        new, "parameter-added-required", True, p.location, subject=subject
                    )
                else:
                    yield self.about(new, "parameter-added", False, p.location, subject=subject)
                continue
            if p.required != was.required:
                check = "parameter-became-required" if p.required else "parameter-became-optional"
                yield self.about(new, check, p.required, p.location, subject=subject)
            if p.deprecated and not was.deprecated:
                yield self.about(new, "parameter-deprecated", False, p.location, subject=subject)
            yield from self.deltas(
                new, subject, self.schema(was.schema, p.schema, Direction.REQUEST)
            )
            yield from self.media(
                new, subject, was.content, p.content, Direction.REQUEST, p.location
            )
        for p in moved_from.values():
            subject = f"{p.location_in} parameter `{p.name}`"
            yield self.about(
                new, "parameter-removed", False, p.location, in_old=True, subject=subject
            )

    def request_body(self, old: Operation, new: Operation) -> Iterator[Change]:
        was, body = old.request_body, new.request_body
        if body is None and was is None:
            return
        if was is None:
            assert body is not None
            check = "request-body-added-required" if body.required else "request-body-added"
            yield self.about(new, check, body.required, body.location)
            return
        if body is None:
            yield self.about(new, "request-body-removed", False, was.location, in_old=True)
            return
        if body.required != was.required:
            check = (
                "request-body-became-required" if body.required else "request-body-became-optional"
            )
            yield self.about(new, check, body.required, body.location)
        yield from self.media(
            new, "request body", was.content, body.content, Direction.REQUEST, body.location
        )

    def media(
        self,
        new: Operation,
        subject: str,
        old_content: tuple[MediaType, ...],
        new_content: tuple[MediaType, ...],
        direction: Direction,
        where: Location,
    ) -> Iterator[Change]:
        """Media types added (not breaking) and removed (breaking: clients that send or
        expect it), and the schema of each kept."""
        before = {m.media_type.lower(): m for m in old_content}
        after = {m.media_type.lower(): m for m in new_content}
        for name, media in after.items():
            was = before.get(name)
            if was is None:
                yield self.about(
                    new, "media-type-added", False, media.location, subject=subject, detail=name
                )
                continue
            deltas = self.schema(was.schema, media.schema, direction)
            yield from self.deltas(
                new, f"{subject} ({name})" if len(after) > 1 else subject, deltas
            )
        for name, media in before.items():
            if name not in after:
                yield self.about(
                    new,
                    "media-type-removed",
                    True,
                    media.location,
                    in_old=True,
                    subject=subject,
                    detail=name,
                )

    def responses(self, old: Operation, new: Operation) -> Iterator[Change]:
        before = {r.status.upper(): r for r in old.responses}
        after = {r.status.upper(): r for r in new.responses}
        for status, response in after.items():
            subject = f"response {response.status}"
            was = before.get(status)
            if was is None:
                yield self.about(new, "response-added", False, response.location, subject=subject)
                continue
            yield from self.headers(new, subject, was, response)
            yield from self.media(
                new, subject, was.content, response.content, Direction.RESPONSE, response.location
            )
        for status, response in before.items():
            if status not in after:
                success = status.startswith("2")  # clients rely on a success response
                yield self.about(
                    new,
                    "response-removed",
                    success,
                    response.location,
                    in_old=True,
                    subject=f"response {response.status}",
                )

    def headers(
        self, new: Operation, subject: str, old: Response, response: Response
    ) -> Iterator[Change]:
        before: dict[str, Header] = {h.name.lower(): h for h in old.headers}
        after: dict[str, Header] = {h.name.lower(): h for h in response.headers}
        for name, header in after.items():
            what = f"{subject} header `{header.name}`"
            was = before.get(name)
            if was is None:
                yield self.about(new, "header-added", False, header.location, subject=what)
                continue
            if header.required != was.required:
                check = "header-became-required" if header.required else "header-became-optional"
                yield self.about(new, check, not header.required, header.location, subject=what)
            yield from self.deltas(
                new, what, self.schema(was.schema, header.schema, Direction.RESPONSE)
            )
        for name, header in before.items():
            if name not in after:
                what = f"{subject} header `{header.name}`"
                yield self.about(
                    new,
                    "header-removed",
                    header.required,
                    header.location,
                    in_old=True,
                    subject=what,
                )

    def security(self, old: Operation, new: Operation) -> Iterator[Change]:
        """Security alternatives: one taken away breaks the clients that use it, one added
        is another way in -- unless the operation needed none before; a scope added to an
        alternative breaks its clients, one taken away does not."""
        before = _alternatives(old.security if old.security is not None else self.old.security)
        after = _alternatives(new.security if new.security is not None else self.new.security)
        where = new.location.child("security")
        open_before = not before or frozenset() in before
        open_after = not after or frozenset() in after
        for names, scopes in after.items():
            was = before.get(names)
            if was is None:
                if names:
                    text = _security_text(sorted(names))
                    yield self.about(
                        new, "security-added", open_before and not open_after, where, detail=text
                    )
                continue
            for scope in sorted(scopes - was):
                yield self.about(new, "security-scope-added", True, where, detail=scope)
            for scope in sorted(was - scopes):
                yield self.about(new, "security-scope-removed", False, where, detail=scope)
        for names in before.keys() - after.keys():
            if names:
                text = _security_text(sorted(names))
                yield self.about(new, "security-removed", not open_after, where, detail=text)

    # -- schemas --------------------------------------------------------------------
    def schema(
        self, old: Schema | None, new: Schema | None, direction: Direction
    ) -> tuple[_Delta, ...]:
        """The changes from ``old`` to ``new``, relative to them (a named schema's once)."""
        if old is None or new is None:
            return ()
        if not old.is_ref and not new.is_ref:
            return tuple(self.compare(old, new, direction))
        key = (self.old.referent_key(old) or "", self.new.referent_key(new) or "", direction)
        found = self.memo.get(key)
        if found is not None:
            return found
        if key in self.comparing:
            return ()  # a loop: compared where it started
        self.comparing.add(key)
        try:
            found = tuple(self.compare(self.old.referent(old), self.new.referent(new), direction))
        finally:
            self.comparing.discard(key)
        self.memo[key] = found
        return found

    def compare(self, old: Schema, new: Schema, direction: Direction) -> Iterator[_Delta]:
        request = direction is Direction.REQUEST
        where = new.location
        if old.types and new.types and set(old.types) != set(new.types):
            wider = _covers(new.types, old.types)  # every old value still allowed
            narrower = _covers(old.types, new.types)
            breaking = not wider if request else not narrower
            detail = f"{'/'.join(old.types)} → {'/'.join(new.types)}"
            yield _Delta("type-changed", breaking, "", detail, where, False)
        if old.nullable != new.nullable:  # 3.0's flag (3.1 writes "null" among the types)
            # null allowed now: a surprise in a response; refused now: breaks a request
            check = "became-nullable" if new.nullable else "became-not-nullable"
            yield _Delta(check, new.nullable != request, "", "", where, False)
        if old.format and new.format and old.format != new.format:
            yield _Delta("format-changed", True, "", f"{old.format} → {new.format}", where, False)
        yield from self.enum(old, new, request)
        yield from _constraints(old, new, request)
        if new.deprecated and not old.deprecated:
            yield _Delta("property-deprecated", False, "", "", where, False)
        yield from self.properties(old, new, request, direction)
        if old.items is not None and new.items is not None:
            for delta in self.schema(old.items, new.items, direction):
                yield delta.under("[]")
        if isinstance(old.additional_properties, Schema) and isinstance(
            new.additional_properties, Schema
        ):
            for delta in self.schema(
                old.additional_properties, new.additional_properties, direction
            ):
                yield delta.under("*")
        yield from self.compositions(old, new, request, direction)

    def compositions(
        self, old: Schema, new: Schema, request: bool, direction: Direction
    ) -> Iterator[_Delta]:
        """``allOf``, ``oneOf`` and ``anyOf``: their members matched by the name of the
        schema they refer to, else by place, each compared; one added or taken away is a
        change.  A value must match every ``allOf`` member: one more asks more of a request,
        one fewer promises less in a response.  A value may match any ``oneOf``/``anyOf``
        branch: one more may surprise a client that reads it, one fewer refuses what a
        client sent."""
        for keyword, old_members, new_members in (
            ("allOf", old.all_of, new.all_of),
            ("oneOf", old.one_of, new.one_of),
            ("anyOf", old.any_of, new.any_of),
        ):
            if not old_members and not new_members:
                continue
            before = self.members(self.old, old_members)
            after = self.members(self.new, new_members)
            adds_constraint = keyword == "allOf"
            for name, member in after.items():
                was = before.get(name)
                if was is None:
                    breaking = request if adds_constraint else not request
                    detail = f"{keyword} {name}"
                    yield _Delta("member-added", breaking, "", detail, member.location, False)
                else:
                    yield from self.schema(was, member, direction)
            for name, member in before.items():
                if name not in after:
                    breaking = not request if adds_constraint else request
                    detail = f"{keyword} {name}"
                    yield _Delta("member-removed", breaking, "", detail, member.location, True)

    @staticmethod
    def members(spec: ApiSpec, schemas: tuple[Schema, ...]) -> dict[str, Schema]:
        """The members of a composition by the name of the schema each refers to, else by
        place (``#1``)."""
        out = {}
        for i, schema in enumerate(schemas, 1):
            name = spec.schema_names.get(schema.ref or "") or schema.ref_name
            out[name if name and name not in out else f"#{i}"] = schema
        return out

    def enum(self, old: Schema, new: Schema, request: bool) -> Iterator[_Delta]:
        where = new.location
        if old.enum is None and new.enum is None:
            return
        if old.enum is None:
            text = ", ".join(_value_text(v) for v in new.enum or ())
            yield _Delta("enum-set", request, "", text, where, False)
            return
        if new.enum is None:
            text = ", ".join(_value_text(v) for v in old.enum)
            yield _Delta("enum-unset", not request, "", text, where, False)
            return
        before = {_value_text(v) for v in old.enum}
        after = {_value_text(v) for v in new.enum}
        for value in sorted(after - before):
            yield _Delta("enum-value-added", not request, "", value, where, False)
        for value in sorted(before - after):
            yield _Delta("enum-value-removed", request, "", value, where, False)

    def properties(
        self, old: Schema, new: Schema, request: bool, direction: Direction
    ) -> Iterator[_Delta]:
        before = dict(old.properties)
        after = dict(new.properties)
        old_required, new_required = set(old.required), set(new.required)

        def unseen(s: Schema) -> bool:
            """A property the other side never sees (read-only ones are never sent)."""
            target = self.new.referent(s) if s.is_ref else s
            return target.read_only if request else target.write_only

        for name, prop in after.items():
            was = before.get(name)
            required = name in new_required
            if was is None:
                if unseen(prop):
                    continue
                if required and request:
                    yield _Delta("property-added-required", True, name, "", prop.location, False)
                else:
                    yield _Delta("property-added", False, name, "", prop.location, False)
                continue
            if required != (name in old_required) and not unseen(prop):
                check = "property-became-required" if required else "property-became-optional"
                yield _Delta(check, required == request, name, "", prop.location, False)
            for delta in self.schema(was, prop, direction):
                yield delta.under(name)
        for name, prop in before.items():
            if name not in after:
                target = self.old.referent(prop) if prop.is_ref else prop
                if target.read_only if request else target.write_only:
                    continue
                breaking = not request and name in old_required
                yield _Delta("property-removed", breaking, name, "", prop.location, True)


def _server_changes(old: Iterable[Server], new: Iterable[Server]) -> Iterator[tuple[str, str]]:
    """(check, URL) of each server added or removed (compared with variables resolved)."""
    before = {s.resolved_url() for s in old}
    after = {s.resolved_url() for s in new}
    for url in sorted(after - before):
        yield "server-added", url
    for url in sorted(before - after):
        yield "server-removed", url


def _parameter_key(op: Operation, p: Parameter) -> tuple[str, str]:
    """What identifies a parameter across versions: its name (a header's in any case; a
    path parameter's by its place in the path, whatever its name) and location."""
    if p.location_in == "path" and p.name in (names := path_names(op.path)):
        return f"{{{names.index(p.name)}}}", "path"
    return (p.name.lower() if p.location_in == "header" else p.name), p.location_in


def _covers(types: Iterable[str], others: Iterable[str]) -> bool:
    """Whether every value of the types ``others`` is one of ``types``."""
    have = set(types)
    return all(t in have or _WIDER.get(t) in have for t in others)


def _constraints(old: Schema, new: Schema, request: bool) -> Iterator[_Delta]:
    """A constraint set, removed or moved: tightened (breaks a request) or loosened
    (breaks a response)."""
    before, after = dict(old.constraints), dict(new.constraints)
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        tighter = _tighter(name, a, b)
        if tighter is None:
            continue
        check = "constraint-tightened" if tighter else "constraint-loosened"
        detail = f"{name} {_value_text(a) if a is not None else '(none)'} → {_value_text(b) if b is not None else '(none)'}"
        yield _Delta(check, tighter == request, "", detail, new.location, False)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _tighter(name: str, old: Any, new: Any) -> bool | None:
    """Whether going from ``old`` to ``new`` (None: not set) allows fewer values; None
    when it says nothing of values (``contentMediaType``)."""
    if name in ("contentMediaType", "contentEncoding"):
        return None
    if old is None or new is None:
        return old is None and new not in (False, None)  # set: tighter; unset: looser
    a, b = _number(old), _number(new)
    if a is not None and b is not None:
        if name in _UPPER:
            return b < a
        if name in _LOWER:
            return b > a
    if isinstance(old, bool) or isinstance(new, bool):  # 3.0 exclusive bounds, uniqueItems
        return bool(new) and not bool(old)
    return True  # another pattern, another multipleOf: values allowed before may fail now


def _alternatives(
    requirements: tuple[SecurityRequirement, ...],
) -> dict[frozenset[str], frozenset[str]]:
    """Each alternative (its schemes' names) with the scopes it asks for."""
    out: dict[frozenset[str], frozenset[str]] = {}
    for requirement in requirements:
        names = frozenset(name for name, _scopes in requirement.schemes)
        scopes = frozenset(f"{name}:{s}" for name, s_list in requirement.schemes for s in s_list)
        out[names] = scopes
    return out


@dataclass(frozen=True)
class Milestones:
    """When an operation came and last changed, by version label (its "New in" and
    "Changed in" badges)."""

    added: str | None = None
    """The version that added it; None when the oldest version has it."""
    changed: str | None = None
    """The newest version that changed it (after :attr:`added`), if any."""


def milestones(versions: Iterable[tuple[str, Iterable[Change]]]) -> dict[str, Milestones]:
    """The :class:`Milestones` of every operation the changes of ``versions`` concern, by
    :func:`.spec.paths.template_key` of its ``METHOD /path``; ``versions`` holds each version
    after the oldest, oldest first, with its changes from the version before."""
    added: dict[str, str] = {}
    changed: dict[str, str] = {}
    for label, changes in versions:
        for change in changes:
            if not change.operation:
                continue
            method, _, path = change.operation.partition(" ")
            key = template_key(method, path)
            if change.check == "operation-added":
                added[key] = label
                changed.pop(key, None)
            elif change.check == "operation-removed":
                added.pop(key, None)
                changed.pop(key, None)
            else:
                changed[key] = label
    return {k: Milestones(added.get(k), changed.get(k)) for k in added.keys() | changed.keys()}


_FIELD_ADDED = frozenset({"property-added", "property-added-required"})


def field_milestones(versions: Iterable[tuple[str, Iterable[Change]]]) -> dict[str, Milestones]:
    """The :class:`Milestones` of the schema fields the changes of ``versions`` (as for
    :func:`milestones`) concern, by the JSON pointer of the field's schema."""
    added: dict[str, str] = {}
    changed: dict[str, str] = {}
    for label, changes in versions:
        for change in changes:
            if change.in_old or "property" not in change.subject:
                continue
            pointer = change.location.pointer
            if change.check in _FIELD_ADDED:
                added[pointer] = label
                changed.pop(pointer, None)
            else:
                changed[pointer] = label
    return {k: Milestones(added.get(k), changed.get(k)) for k in added.keys() | changed.keys()}
