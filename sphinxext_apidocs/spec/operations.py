"""Path items and webhooks to :class:`~.model.Operation`: parameters, request bodies,
responses, callbacks, examples, servers and security requirements."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from typing import Any

from ..diagnostics.rules import PARAMETER_DUPLICATE
from ..diagnostics.subtypes import Subtype
from . import swagger2
from .external_values import ExternalValues, is_remote
from .model import (
    HTTP_TOKEN,
    METHODS,
    MISSING,
    PARAMETER_LOCATIONS,
    Callback,
    Example,
    Header,
    Link,
    Location,
    MediaType,
    Operation,
    OperationKind,
    Parameter,
    RequestBody,
    Response,
    Schema,
    SecurityRequirement,
    Server,
    ServerVariable,
)
from .normalize_base import UNRESOLVED, extensions, ref_text, scalar_text
from .paths import ADDITIONAL_OPERATIONS
from .refs import DocumentSet
from .schemas import SchemaNormalizer

__all__ = ["OperationNormalizer"]


class OperationNormalizer(SchemaNormalizer):
    """Builds the operations of paths, webhooks and callbacks, with all they contain."""

    def __init__(self, docs: DocumentSet) -> None:
        super().__init__(docs)
        self._path_items_open: set[str] = set()
        self.external_values = ExternalValues(docs)

    def paths(
        self, value: Any, loc: Location, servers: tuple[Server, ...]
    ) -> tuple[Operation, ...]:
        out: list[Operation] = []
        for path, item in self.obj(value, loc, "a paths object").items():
            if not isinstance(path, str) or path.startswith("x-"):
                continue
            out.extend(self.path_item(path, item, loc.child(path), OperationKind.PATH))
        return tuple(out)

    def webhooks(self, value: Any, loc: Location) -> tuple[Operation, ...]:
        out: list[Operation] = []
        for name, item in self.obj(value, loc, "a webhooks object").items():
            if str(name).startswith("x-"):
                continue
            out.extend(self.path_item(str(name), item, loc.child(name), OperationKind.WEBHOOK))
        return tuple(out)

    def path_item(
        self, path: str, item: Any, loc: Location, kind: OperationKind
    ) -> list[Operation]:
        found = self.deref(item, loc)
        if found is None:
            return []
        item, target = found
        key = str(target)
        if key in self._path_items_open:  # a callback that leads back to itself
            self.report(
                Subtype.REF_CYCLE, f"the path item {key} contains itself (through callbacks)", loc
            )
            return []
        self._path_items_open.add(key)
        try:
            return self._path_item(path, item, target, kind)
        finally:
            self._path_items_open.discard(key)

    def _path_item(
        self, path: str, item: Any, loc: Location, kind: OperationKind
    ) -> list[Operation]:
        item = self.obj(item, loc, "a path item")
        common = self.parameters(item.get("parameters"), loc.child("parameters"))
        servers = self.server_list(item.get("servers"), loc.child("servers"))
        out = []
        for key in item:
            if isinstance(key, str) and key.lower() in METHODS and key not in METHODS:
                self.report(
                    Subtype.STRUCTURE,
                    f"method keys are lowercase: {key!r} is skipped",
                    loc.child(key),
                )
        methods = [(m, loc.child(m), item[m]) for m in METHODS if m in item]
        if "query" in item and not self.v32:
            self.report(
                Subtype.STRUCTURE,
                "'query' is an OpenAPI 3.2 field; read as the QUERY method",
                loc.child("query"),
            )
        methods += self.additional_operations(item, loc)
        for method, oploc, raw in methods:
            op = self.obj(raw, oploc, "an operation")
            out.append(self.operation(method, path, op, oploc, kind, common, servers, item))
        return out

    def additional_operations(
        self, item: dict[str, Any], loc: Location
    ) -> list[tuple[str, Location, Any]]:
        """(method as written, location, raw operation) of the 3.2 ``additionalOperations``
        (before 3.2: the registered extension ``x-oai-additionalOperations``); an entry for
        a method with a field of its own, or a name that is no HTTP method token, is left
        out with a warning."""
        field = next((f for f in ADDITIONAL_OPERATIONS if f in item), None)
        if field is None:
            return []
        where = loc.child(field)
        if field == "additionalOperations" and not self.v32:
            self.report(
                Subtype.STRUCTURE,
                "'additionalOperations' is an OpenAPI 3.2 field; its operations are read",
                where,
            )
        out = []
        for name, raw in self.obj(item[field], where, "a map of methods").items():
            method = str(name)
            # before 3.2 QUERY has no field: the extension is how it is written
            if method.lower() in METHODS and (self.v32 or method.lower() != "query"):
                self.report(
                    Subtype.STRUCTURE,
                    f"method {method!r} has a field of its own ({method.lower()!r}); "
                    "this additionalOperations entry is skipped",
                    where.child(method),
                )
            elif not HTTP_TOKEN.fullmatch(method):
                self.report(
                    Subtype.STRUCTURE,
                    f"{method!r} is not an HTTP method name (letters, digits and "
                    "!#$%&'*+-.^_`|~ only); skipped",
                    where.child(method),
                )
            else:
                out.append((method, where.child(method), raw))
        return out

    def operation(
        self,
        method: str,
        path: str,
        op: dict[str, Any],
        loc: Location,
        kind: OperationKind,
        common: tuple[Parameter, ...],
        servers: tuple[Server, ...],
        item: dict[str, Any],
    ) -> Operation:
        own = self.parameters(op.get("parameters"), loc.child("parameters"))
        merged = {(p.name, p.location_in): p for p in common}
        for p in own:
            merged[(p.name, p.location_in)] = p
        params = [
            p
            for p in merged.values()
            if p.location_in in PARAMETER_LOCATIONS or p.location_in == "unresolved"
        ]
        body: RequestBody | None = None
        if self.swagger2:
            body = swagger2.request_body(
                list(merged.values()),
                op.get("consumes", self.root.get("consumes")),
                loc,
                self.report,
            )
        elif "requestBody" in op:
            body = self.request_body(op["requestBody"], loc.child("requestBody"))
        tags = op.get("tags")
        tag_names = (
            tuple(t for t in (scalar_text(t) for t in tags) if t) if isinstance(tags, list) else ()
        )
        if isinstance(tags, list) and len(tag_names) < len(tags):
            self.report(
                Subtype.STRUCTURE,
                "a tag name that is empty (or not a text) is left out of the operation's tags",
                loc.child("tags"),
            )
        elif tags is not None and not isinstance(tags, list):
            self.report(
                Subtype.STRUCTURE,
                "tags must be a list of names (tags: [pets]); the operation is shown without a tag",
                loc.child("tags"),
            )
        op_servers = self.server_list(op.get("servers"), loc.child("servers")) or servers
        return Operation(
            method=method,
            path=path,
            location=loc,
            kind=kind,
            operation_id=scalar_text(op.get("operationId")),
            summary=scalar_text(op.get("summary")) or scalar_text(item.get("summary")),
            description=scalar_text(op.get("description")) or scalar_text(item.get("description")),
            tags=tag_names,
            deprecated=op.get("deprecated") is True,
            parameters=tuple(params),
            request_body=body,
            responses=self.responses(op.get("responses"), loc.child("responses"), op),
            callbacks=self.callbacks(op, loc),
            security=self.security(op.get("security"), loc.child("security")),
            servers=op_servers,
            external_docs=self.external_docs(op.get("externalDocs")),
            extensions=self.noted(extensions(op)),
        )

    def callbacks(self, op: dict[str, Any], loc: Location) -> tuple[Callback, ...]:
        """An operation's callbacks: each expression's path item, read as operations."""
        callbacks = []
        for name, cb in self.obj(op.get("callbacks"), loc.child("callbacks")).items():
            found = self.deref(cb, loc.child("callbacks", name))
            if found is None:
                continue
            cb, cbloc = found
            for expression, cb_item in self.obj(cb, cbloc, "a callback object").items():
                if str(expression).startswith("x-"):
                    continue
                ops = self.path_item(
                    str(expression), cb_item, cbloc.child(expression), OperationKind.CALLBACK
                )
                callbacks.append(Callback(str(name), str(expression), tuple(ops)))
        return tuple(callbacks)

    def parameters(self, value: Any, loc: Location) -> tuple[Parameter, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, "expected a list of parameters; skipped", loc)
            return ()
        out = []
        seen: set[tuple[str, str]] = set()  # (name, in) of the parameters so far
        for i, raw in enumerate(value):
            found = self.deref(raw, loc.child(i))
            if found is None:  # shown as a placeholder row; the problem is reported
                out.append(Parameter(ref_text(raw), "unresolved", loc.child(i), UNRESOLVED))
                continue
            raw, ploc = found
            param = self.memo("parameter", ploc, partial(self.parameter, raw, ploc))
            if param is None:
                continue
            if (param.name, param.location_in) in seen:
                self.report(
                    Subtype.STRUCTURE,
                    f"duplicate parameter {param.name!r} in {param.location_in}; the last one wins",
                    loc.child(i),
                    PARAMETER_DUPLICATE,
                )
            seen.add((param.name, param.location_in))
            out.append(param)
        return tuple(out)

    def parameter(self, raw: Any, loc: Location) -> Parameter | None:
        raw = self.obj(raw, loc, "a parameter object")
        name = scalar_text(raw.get("name"))
        where = scalar_text(raw.get("in"))
        if name is None or where is None:
            self.report(Subtype.STRUCTURE, "a parameter needs 'name' and 'in'; skipped", loc)
            return None
        if not self.swagger2 and where not in PARAMETER_LOCATIONS:
            self.report(
                Subtype.STRUCTURE, f"unknown parameter location {where!r}; skipped", loc.child("in")
            )
            return None
        if self.swagger2 and where != "body":
            schema: Schema | None = self.schema(swagger2.parameter_schema(raw), loc)
        else:
            schema = self.schema(raw["schema"], loc.child("schema")) if "schema" in raw else None
        if self.swagger2:
            style, explode = swagger2.parameter_style(raw)
        else:
            style = scalar_text(raw.get("style"))
            explode = raw.get("explode") if isinstance(raw.get("explode"), bool) else None
        return Parameter(
            name=name,
            location_in=where,
            location=loc,
            description=scalar_text(raw.get("description")),
            required=raw.get("required") is True or where == "path",
            deprecated=raw.get("deprecated") is True,
            schema=schema,
            style=style,
            explode=explode,
            examples=self.examples(raw, loc),
            content=() if self.swagger2 else self.content(raw.get("content"), loc.child("content")),
            extensions=self.noted(extensions(raw)),
        )

    def request_body(self, value: Any, loc: Location) -> RequestBody | None:
        found = self.deref(value, loc)
        if found is None:
            return RequestBody(loc, description=f"{UNRESOLVED}: {ref_text(value)}")
        raw, bloc = found

        def build() -> RequestBody:
            body = self.obj(raw, bloc, "a request body object")
            return RequestBody(
                location=bloc,
                description=scalar_text(body.get("description")),
                required=body.get("required") is True,
                content=self.content(body.get("content"), bloc.child("content")),
            )

        return self.memo("requestBody", bloc, build)

    def content(self, value: Any, loc: Location) -> tuple[MediaType, ...]:
        out = []
        for media, raw in self.obj(value, loc, "a content map").items():
            found = self.deref(raw, loc.child(media))  # OpenAPI 3.2: components/mediaTypes
            if found is None:  # the unresolved reference is reported; the type is shown
                out.append(MediaType(str(media), loc.child(media)))
                continue
            raw, mloc = found
            raw = self.obj(raw, mloc, "a media type object")
            schema = self.schema(raw["schema"], mloc.child("schema")) if "schema" in raw else None
            encoding = tuple(
                (str(k), v)
                for k, v in self.obj(raw.get("encoding"), mloc.child("encoding")).items()
            )
            examples = self.examples(raw, mloc, str(media))
            item_schema = (
                self.schema(raw["itemSchema"], mloc.child("itemSchema"))
                if "itemSchema" in raw
                else None
            )
            for key in ("itemEncoding", "prefixEncoding"):  # OpenAPI 3.2
                if key in raw and item_schema is None:  # parts of an array body: not shown
                    self.unsupported_keyword("media type", key, mloc.child(key))
            prefix = raw.get("prefixEncoding")
            item = raw.get("itemEncoding")
            out.append(
                MediaType(
                    str(media),
                    mloc,
                    schema,
                    examples,
                    encoding,
                    item_schema,
                    tuple(e for e in prefix if isinstance(e, dict))
                    if isinstance(prefix, list)
                    else (),
                    item if isinstance(item, dict) else None,
                )
            )
        return tuple(out)

    def examples(
        self, raw: dict[str, Any], loc: Location, media_type: str | None = None
    ) -> tuple[Example, ...]:
        """The examples of a media type (``media_type`` given), parameter or header."""
        out = []
        if "example" in raw:
            out.append(Example(None, loc.child("example"), value=raw["example"]))
        examples = raw.get("examples")
        if isinstance(examples, dict) and not self.swagger2:
            for name, ex in examples.items():
                eloc = loc.child("examples", name)
                found = self.deref(ex, eloc)
                if found is None:
                    out.append(Example(str(name), eloc, summary="unresolved example reference"))
                    continue
                ex, eloc = found
                ex = self.obj(ex, eloc, "an example object")
                value, external, field = self.example_value(ex, eloc)
                if external is not None and value is not MISSING:
                    self.report(
                        Subtype.STRUCTURE,
                        "an inline value and an external one exclude each other; "
                        "the inline value is shown",
                        eloc,
                    )
                    external = None
                elif external is not None and (not is_remote(external) or self.docs.fetches):
                    value = self.memo(
                        f"externalValue {media_type or ''}",
                        eloc,
                        partial(self.external_values.value, external, eloc, media_type),
                    )
                out.append(
                    Example(
                        str(name),
                        eloc,
                        summary=scalar_text(ex.get("summary")),
                        description=scalar_text(ex.get("description")),
                        value=value,
                        external_value=external,
                        serialized_value=self.serialized_value(ex, eloc),
                        value_field=field,
                    )
                )
        elif isinstance(examples, dict):  # Swagger 2.0: media type -> value
            for media, value in examples.items():
                out.append(Example(str(media), loc.child("examples", media), value=value))
        return tuple(out)

    def example_value(self, ex: dict[str, Any], loc: Location) -> tuple[Any, str | None, str]:
        """The data of an Example Object (``value``, or OpenAPI 3.2 ``dataValue``, which
        wins), the name of an external file holding it or its serialised form
        (``externalValue``, 3.2 ``externalDataValue`` or ``externalSerializedValue``),
        and the field the value is read from (the inline one, if any)."""
        value, field = ex.get("value", MISSING), "value"
        if "dataValue" in ex:
            field = "dataValue"
            if "value" in ex:
                self.report(
                    Subtype.STRUCTURE,
                    "'dataValue' and 'value' exclude each other; the dataValue is shown",
                    loc.child("value"),
                )
            value = ex["dataValue"]
        externals = ("externalValue", "externalDataValue", "externalSerializedValue")
        key = next((k for k in externals if scalar_text(ex.get(k))), None)
        if key is None:
            return value, None, field
        return value, scalar_text(ex[key]), field if value is not MISSING else key

    def serialized_value(self, ex: dict[str, Any], loc: Location) -> str | None:
        """OpenAPI 3.2 ``serializedValue``: a string (another value warns and is shown as
        JSON)."""
        if "serializedValue" not in ex:
            return None
        written = ex["serializedValue"]
        if isinstance(written, str):
            return written
        self.report(
            Subtype.STRUCTURE,
            "serializedValue is not a string; it is shown as JSON",
            loc.child("serializedValue"),
        )
        return json.dumps(written, ensure_ascii=False, default=str)

    def responses(self, value: Any, loc: Location, op: dict[str, Any]) -> tuple[Response, ...]:
        out = []
        for status, raw in self.obj(value, loc, "a responses object").items():
            status = scalar_text(status) or str(status)
            if status.startswith("x-"):
                continue
            rloc = loc.child(status)
            found = self.deref(raw, rloc)
            if found is None:
                out.append(Response(status, rloc, description=UNRESOLVED))
                continue
            raw, rloc = found
            # shared responses are built once; the status (and Swagger 2.0's produces) is per use
            produces = (
                json.dumps(op.get("produces", self.root.get("produces"))) if self.swagger2 else ""
            )
            shared = self.memo(
                "response" + produces, rloc, partial(self.response, status, raw, rloc, op)
            )
            out.append(shared if shared.status == status else replace(shared, status=status))
        return tuple(out)

    def response(self, status: str, raw: Any, loc: Location, op: dict[str, Any]) -> Response:
        raw = self.obj(raw, loc, "a response object")
        headers = self.headers(raw, loc)
        if self.swagger2:
            produces = op.get("produces", self.root.get("produces"))
            media = (
                [m for m in produces if isinstance(m, str)] if isinstance(produces, list) else []
            )
            schema = self.schema(raw["schema"], loc.child("schema")) if "schema" in raw else None
            examples = self.examples(raw, loc)
            content: tuple[MediaType, ...] = ()
            if schema is not None or examples:
                content = tuple(
                    MediaType(m, loc, schema, tuple(e for e in examples if e.name in (None, m)))
                    for m in (media or ["application/json"])
                )
        else:
            content = self.content(raw.get("content"), loc.child("content"))
        links = self.links(raw, loc)
        return Response(
            status,
            loc,
            scalar_text(raw.get("description")),
            headers,
            content,
            links,
            scalar_text(raw.get("summary")),
        )

    def headers(self, raw: dict[str, Any], loc: Location) -> tuple[Header, ...]:
        """A response's headers."""
        headers = []
        for name, hraw in self.obj(raw.get("headers"), loc.child("headers")).items():
            hloc = loc.child("headers", name)
            found = self.deref(hraw, hloc)
            if found is None:
                headers.append(Header(str(name), hloc, UNRESOLVED))
                continue
            hraw, hloc = found
            hraw = self.obj(hraw, hloc, "a header object")
            header_schema: Schema | None
            if self.swagger2:
                header_schema = self.schema(swagger2.parameter_schema(hraw), hloc)
            elif "schema" in hraw:
                header_schema = self.schema(hraw["schema"], hloc.child("schema"))
            else:
                header_schema = None
            headers.append(
                Header(
                    str(name),
                    hloc,
                    scalar_text(hraw.get("description")),
                    hraw.get("required") is True,
                    hraw.get("deprecated") is True,
                    header_schema,
                    self.examples(hraw, hloc),
                )
            )
        return tuple(headers)

    def links(self, raw: dict[str, Any], loc: Location) -> tuple[Link, ...]:
        """A response's links (an unresolved one is left out; the problem is reported)."""
        links = []
        for name, lraw in self.obj(raw.get("links"), loc.child("links")).items():
            lloc = loc.child("links", name)
            found = self.deref(lraw, lloc)
            if found is None:
                continue
            lraw, lloc = found
            lraw = self.obj(lraw, lloc, "a link object")
            params = self.obj(lraw.get("parameters"), lloc.child("parameters"))
            links.append(
                Link(
                    str(name),
                    lloc,
                    scalar_text(lraw.get("operationId")),
                    scalar_text(lraw.get("operationRef")),
                    tuple((str(k), v) for k, v in params.items()),
                    lraw.get("requestBody", MISSING),
                    scalar_text(lraw.get("description")),
                )
            )
        return tuple(links)

    def server_list(self, value: Any, loc: Location) -> tuple[Server, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, "expected a list of servers; skipped", loc)
            return ()
        out = []
        for i, item in enumerate(value):
            item = self.obj(item, loc.child(i), "a server object")
            url = scalar_text(item.get("url"))
            if url is None:
                continue
            variables = []
            for name, var in self.obj(item.get("variables"), loc.child(i, "variables")).items():
                var = var if isinstance(var, dict) else {}
                enum = var.get("enum")
                if "default" not in var:
                    self.report(
                        Subtype.STRUCTURE,
                        f"server variable {name!r} has no default",
                        loc.child(i, "variables", name),
                    )
                variables.append(
                    ServerVariable(
                        str(name),
                        scalar_text(var.get("default")) or "",
                        tuple(scalar_text(e) or "" for e in enum) if isinstance(enum, list) else (),
                        scalar_text(var.get("description")),
                    )
                )
            out.append(
                Server(
                    url,
                    scalar_text(item.get("description")),
                    tuple(variables),
                    scalar_text(item.get("name")),
                )
            )
        return tuple(out)

    def security(self, value: Any, loc: Location) -> tuple[SecurityRequirement, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, "expected a list of security requirements", loc)
            return None
        out = []
        for item in value:
            if not isinstance(item, dict):
                continue
            out.append(
                SecurityRequirement(
                    tuple(
                        (str(k), tuple(str(s) for s in v) if isinstance(v, list) else ())
                        for k, v in item.items()
                    )
                )
            )
        return tuple(out)
