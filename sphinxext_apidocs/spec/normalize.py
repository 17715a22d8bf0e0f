"""Raw Swagger 2.0 / OpenAPI 3.0 / 3.1 data to the one :mod:`model`.

The version differences are handled here, in a few places, so that nothing
downstream has per-version code.  Only positions where the specification
allows ``$ref`` are dereferenced; literal data (``example``, ``default``,
``enum``, ``x-*``) is kept as written.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urljoin

from ..diagnostics.problems import Problem
from ..diagnostics.rules import (
    DISCRIMINATOR_MAPPING,
    OPERATION_ID_DUPLICATE,
    PARAMETER_DUPLICATE,
    SCHEMA_UNSATISFIABLE,
    SECURITY_UNDEFINED,
)
from ..diagnostics.subtypes import Subtype
from . import media_types
from .document import LoadedDocument
from .loader import DEFAULT_MAX_BYTES, load_document
from .model import (
    METHODS,
    MISSING,
    PARAMETER_LOCATIONS,
    ApiSpec,
    Callback,
    Contact,
    Discriminator,
    Example,
    ExternalDocs,
    Header,
    License,
    Link,
    Location,
    MediaType,
    OAuthFlow,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Schema,
    SecurityRequirement,
    SecurityScheme,
    Server,
    ServerVariable,
    Tag,
)
from .numbers import SourceFloat
from .pointer import unescape_token
from .refs import DocumentSet, Reader, ReadHook
from .satisfiable import unsatisfiable
from .text import decode_text

T = TypeVar("T")

CONSTRAINT_KEYS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "contentMediaType",
    "contentEncoding",
)
_CONSTRAINTS = frozenset(CONSTRAINT_KEYS)
SCHEMA_TYPES = ("string", "number", "integer", "boolean", "array", "object", "null", "file")


def load_spec(
    path: str,
    root: str,
    *,
    on_read: ReadHook | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    audit: Callable[[str, LoadedDocument], list[Problem]] | None = None,
    fetch: Reader | None = None,
    parsed: Callable[[str, LoadedDocument], None] | None = None,
) -> tuple[ApiSpec | None, list[Problem], tuple[str, ...]]:
    """Load and normalise the spec at ``path`` (absolute, inside ``root``).

    Returns the spec (None when the file is not a usable OpenAPI document),
    every problem found, and the root-relative paths of every file it tried to
    read inside the root, also those missing or unreadable (so that creating
    or fixing one is noticed as a change).
    ``audit`` is called once per loaded document for checks that live
    outside this package (the HTML sanitizer's findings).  ``fetch`` reads remote
    ``$ref`` documents (None: they are not fetched, and a warning says so).
    ``parsed`` is called with each document as soon as it is parsed, before it is
    normalised; ``on_read`` with the path and bytes of each file read.
    """
    docs = DocumentSet(root, on_read=on_read, max_bytes=max_bytes, fetch=fetch, parsed=parsed)
    rel = docs.relative(path)
    if rel is None:
        docs.report(
            Subtype.OUTSIDE_PROJECT, f"the spec file {path} is outside the project; not read", None
        )
        return None, docs.problems, ()
    spec = _Normalizer(docs).run(rel)
    if spec is not None:
        for where, why in unsatisfiable(spec):
            docs.report(
                Subtype.STRUCTURE,
                f"no value can satisfy this schema: {why}; its made-up example is not valid",
                where,
                SCHEMA_UNSATISFIABLE,
            )
    files = docs.files
    if spec is not None:
        spec = replace(spec, files=files)
    problems = list(docs.problems)
    if audit is not None:
        for name, doc in docs.documents.items():  # spec documents; not example files
            if doc is not None and doc.data is not None:
                problems.extend(audit(name, doc))
    return spec, problems, files


UNRESOLVED = "(unresolved reference)"


def _ref_text(value: Any) -> str:
    ref = value.get("$ref") if isinstance(value, dict) else None
    return str(ref) if ref is not None else "?"


def _text(value: Any) -> str | None:
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, SourceFloat):
        return value.source
    if isinstance(value, (int, float, bool)):
        return str(value)
    return None


def _version_text(value: Any) -> str:
    text = _text(value)
    return text if text is not None else ""


def _extensions(value: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple([(k, v) for k, v in value.items() if type(k) is str and k.startswith("x-")])


def _schema_name(loc: Location) -> str:
    parts = loc.pointer.split("/")
    if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
        return unescape_token(parts[3])
    if len(parts) == 3 and parts[1] == "definitions":
        return unescape_token(parts[2])
    if loc.pointer in ("", "/"):
        return os.path.splitext(os.path.basename(loc.file))[0]
    return unescape_token(parts[-1])


class _Normalizer:
    def __init__(self, docs: DocumentSet) -> None:
        self.docs = docs
        self.schemas: dict[str, Schema] = {}
        self._pending: list[tuple[str, Location, Any]] = []
        self._memo: dict[tuple[str, str], Any] = {}
        self._path_items_open: set[str] = set()
        self.swagger2 = False
        self.v31 = False
        self.root: dict[str, Any] = {}
        self.main = ""
        self._external: dict[tuple[str, str], Any] = {}

    def report(
        self, subtype: Subtype, message: str, loc: Location | None, rule: str | None = None
    ) -> None:
        self.docs.report(subtype, message, loc, rule)

    # -- top level ---------------------------------------------------------
    def run(self, rel: str) -> ApiSpec | None:
        doc = self.docs.load(rel)
        if doc is None or doc.data is None:
            return None
        data = doc.data
        self.main = rel
        top = Location(rel, "")
        if not isinstance(data, dict):
            return None  # the loader said what was expected
        if "openapi" in data:
            version = _version_text(data["openapi"])
            self.v31 = version.startswith("3.1") or version.startswith("3.2")
            if not version.startswith("3."):
                self.report(
                    Subtype.NOT_OPENAPI,
                    f"unsupported OpenAPI version {version!r}; reading it as 3.0",
                    top.child("openapi"),
                )
        elif "swagger" in data:
            version = _version_text(data["swagger"])
            self.swagger2 = True
            if version != "2.0":
                self.report(
                    Subtype.NOT_OPENAPI,
                    f"unsupported Swagger version {version!r}; reading it as 2.0",
                    top.child("swagger"),
                )
        else:
            info = data.get("info")
            if "item" in data or (isinstance(info, dict) and "_postman_id" in info):
                what = "a Postman collection"
            else:
                what = "a mapping without an 'openapi' or 'swagger' key"
            self.report(
                Subtype.NOT_OPENAPI,
                f"expected an OpenAPI (3.x) or Swagger (2.0) document, found {what}",
                top,
            )
            return None
        self.root = data
        info = self.obj(data.get("info"), top.child("info"))
        servers = self.servers(data, top)
        security_schemes = self.security_schemes(data, top)
        operations = self.paths(data.get("paths"), top.child("paths"), servers)
        webhooks_key = "webhooks" if "webhooks" in data else "x-webhooks"
        webhooks = self.webhooks(data.get(webhooks_key), top.child(webhooks_key))
        tags = self.tags(data.get("tags"), top.child("tags"), operations + webhooks)
        security = self.security(data.get("security"), top.child("security")) or ()
        self.check_operations(operations + webhooks, security_schemes, security, top)
        component_schemas = self.component_schemas(data, top)
        self.drain()
        ref_ends = self.ref_ends()
        contact = self.obj(info.get("contact"), top.child("info", "contact"))
        lic = self.obj(info.get("license"), top.child("info", "license"))
        return ApiSpec(
            file=rel,
            openapi_version=version,
            title=_text(info.get("title")) or os.path.splitext(os.path.basename(rel))[0],
            version=_text(info.get("version")) or "",
            description=_text(info.get("description")),
            summary=_text(info.get("summary")),
            terms_of_service=_text(info.get("termsOfService")),
            contact=Contact(
                _text(contact.get("name")), _text(contact.get("url")), _text(contact.get("email"))
            )
            if contact
            else None,
            license=License(
                _text(lic.get("name")), _text(lic.get("url")), _text(lic.get("identifier"))
            )
            if lic
            else None,
            servers=servers,
            tags=tags,
            operations=operations,
            webhooks=webhooks,
            schemas=self.schemas,
            component_schemas=component_schemas,
            schema_names=self.schema_names(component_schemas),
            ref_ends=ref_ends,
            security_schemes=security_schemes,
            security=security,
            external_docs=self.external_docs(data.get("externalDocs")),
        )

    # -- helpers -----------------------------------------------------------
    def obj(self, value: Any, loc: Location, what: str = "an object") -> dict[str, Any]:
        """``value`` if it is a mapping; else {} and a structure problem."""
        if value is None or value is MISSING:
            return {}
        if isinstance(value, dict):
            return value
        if not _omitted_alias(value):  # the loader reported that one
            self.report(
                Subtype.STRUCTURE, f"expected {what}, found {type(value).__name__}; skipped", loc
            )
        return {}

    def deref(self, value: Any, loc: Location) -> tuple[Any, Location] | None:
        """Follow a chain of ``$ref`` (for non-schema objects)."""
        seen: list[str] = []
        while isinstance(value, dict) and "$ref" in value:
            key = str(loc)
            if key in seen:
                chain = " -> ".join([*seen, key])
                self.report(Subtype.REF_CYCLE, f"reference cycle: {chain}", loc)
                return None
            seen.append(key)
            target = self.docs.resolve(value["$ref"], loc.child("$ref"))
            if target is None:
                return None
            loc, value = target
        return value, loc

    def memo(self, kind: str, loc: Location, build: Callable[[], T]) -> T:
        key = (kind, str(loc))
        if key not in self._memo:
            self._memo[key] = build()
        result: T = self._memo[key]
        return result

    def external_docs(self, value: Any) -> ExternalDocs | None:
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            return ExternalDocs(value["url"], _text(value.get("description")))
        return None

    # -- servers and security ------------------------------------------------
    def servers(self, data: dict[str, Any], loc: Location) -> tuple[Server, ...]:
        if self.swagger2:
            host = _text(data.get("host"))
            base = _text(data.get("basePath")) or ""
            schemes = data.get("schemes")
            scheme_list = (
                [s for s in schemes if isinstance(s, str)] if isinstance(schemes, list) else []
            )
            if not host:
                return (Server(base or "/"),) if base else ()
            return tuple(Server(f"{s}://{host}{base}") for s in (scheme_list or ["https"]))
        return self.server_list(data.get("servers"), loc.child("servers"))

    def server_list(self, value: Any, loc: Location) -> tuple[Server, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, "expected a list of servers; skipped", loc)
            return ()
        out = []
        for i, item in enumerate(value):
            item = self.obj(item, loc.child(i), "a server object")
            url = _text(item.get("url"))
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
                        _text(var.get("default")) or "",
                        tuple(_text(e) or "" for e in enum) if isinstance(enum, list) else (),
                        _text(var.get("description")),
                    )
                )
            out.append(Server(url, _text(item.get("description")), tuple(variables)))
        return tuple(out)

    def security_schemes(self, data: dict[str, Any], loc: Location) -> tuple[SecurityScheme, ...]:
        if self.swagger2:
            where = loc.child("securityDefinitions")
            raw = self.obj(data.get("securityDefinitions"), where)
        else:
            where = loc.child("components", "securitySchemes")
            raw = self.obj(
                self.obj(data.get("components"), loc.child("components")).get("securitySchemes"),
                where,
            )
        out = []
        for name, value in raw.items():
            found = self.deref(value, where.child(name))
            if found is None:
                continue
            value, sloc = found
            value = self.obj(value, sloc, "a security scheme")
            stype = _text(value.get("type")) or "unknown"
            flows: list[OAuthFlow] = []
            if self.swagger2 and stype == "oauth2":
                flows.append(
                    OAuthFlow(
                        _text(value.get("flow")) or "",
                        _text(value.get("authorizationUrl")),
                        _text(value.get("tokenUrl")),
                        None,
                        self.scopes(value.get("scopes")),
                    )
                )
            for kind, flow in self.obj(value.get("flows"), sloc.child("flows")).items():
                flow = flow if isinstance(flow, dict) else {}
                flows.append(
                    OAuthFlow(
                        str(kind),
                        _text(flow.get("authorizationUrl")),
                        _text(flow.get("tokenUrl")),
                        _text(flow.get("refreshUrl")),
                        self.scopes(flow.get("scopes")),
                    )
                )
            scheme = _text(value.get("scheme"))
            if self.swagger2 and stype == "basic":
                stype, scheme = "http", "basic"
            out.append(
                SecurityScheme(
                    name=str(name),
                    type=stype,
                    location=sloc,
                    description=_text(value.get("description")),
                    scheme=scheme,
                    bearer_format=_text(value.get("bearerFormat")),
                    param_in=_text(value.get("in")),
                    param_name=_text(value.get("name")),
                    flows=tuple(flows),
                    openid_connect_url=_text(value.get("openIdConnectUrl")),
                )
            )
        return tuple(out)

    @staticmethod
    def scopes(value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            return ()
        return tuple((str(k), _text(v) or "") for k, v in value.items())

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

    # -- tags ----------------------------------------------------------------
    def tags(self, value: Any, loc: Location, operations: tuple[Operation, ...]) -> tuple[Tag, ...]:
        out: dict[str, Tag] = {}
        if isinstance(value, list):
            for i, item in enumerate(value):
                item = self.obj(item, loc.child(i), "a tag object")
                name = _text(item.get("name"))
                if name is None:
                    continue
                if name in out:
                    self.report(
                        Subtype.STRUCTURE,
                        f"duplicate tag {name!r}; the first one is used",
                        loc.child(i),
                    )
                    continue
                out[name] = Tag(
                    name,
                    _text(item.get("description")),
                    self.external_docs(item.get("externalDocs")),
                    _text(item.get("x-displayName")),
                )
        elif value is not None:
            self.report(Subtype.STRUCTURE, "expected a list of tags", loc)
        for op in operations:
            for name in op.tags:
                if name not in out:
                    out[name] = Tag(name)
        return tuple(out.values())

    # -- paths and operations ------------------------------------------------
    def paths(
        self, value: Any, loc: Location, servers: tuple[Server, ...]
    ) -> tuple[Operation, ...]:
        out: list[Operation] = []
        for path, item in self.obj(value, loc, "a paths object").items():
            if not isinstance(path, str) or path.startswith("x-"):
                continue
            out.extend(self.path_item(path, item, loc.child(path), "path"))
        return tuple(out)

    def webhooks(self, value: Any, loc: Location) -> tuple[Operation, ...]:
        out: list[Operation] = []
        for name, item in self.obj(value, loc, "a webhooks object").items():
            if str(name).startswith("x-"):
                continue
            out.extend(self.path_item(str(name), item, loc.child(name), "webhook"))
        return tuple(out)

    def path_item(self, path: str, item: Any, loc: Location, kind: str) -> list[Operation]:
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

    def _path_item(self, path: str, item: Any, loc: Location, kind: str) -> list[Operation]:
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
        for method in METHODS:
            if method not in item:
                continue
            op = self.obj(item[method], loc.child(method), "an operation")
            out.append(
                self.operation(method, path, op, loc.child(method), kind, common, servers, item)
            )
        return out

    def operation(
        self,
        method: str,
        path: str,
        op: dict[str, Any],
        loc: Location,
        kind: str,
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
            body = self.swagger2_body(list(merged.values()), op, loc)
        elif "requestBody" in op:
            body = self.request_body(op["requestBody"], loc.child("requestBody"))
        tags = op.get("tags")
        tag_names = (
            tuple(t for t in (_text(t) for t in tags) if t) if isinstance(tags, list) else ()
        )
        callbacks = []
        for name, cb in self.obj(op.get("callbacks"), loc.child("callbacks")).items():
            found = self.deref(cb, loc.child("callbacks", name))
            if found is None:
                continue
            cb, cbloc = found
            for expression, cb_item in self.obj(cb, cbloc, "a callback object").items():
                if str(expression).startswith("x-"):
                    continue
                ops = self.path_item(str(expression), cb_item, cbloc.child(expression), "callback")
                callbacks.append(Callback(str(name), str(expression), tuple(ops)))
        op_servers = self.server_list(op.get("servers"), loc.child("servers")) or servers
        return Operation(
            method=method,
            path=path,
            location=loc,
            kind=kind,
            operation_id=_text(op.get("operationId")),
            summary=_text(op.get("summary")) or _text(item.get("summary")),
            description=_text(op.get("description")) or _text(item.get("description")),
            tags=tag_names,
            deprecated=op.get("deprecated") is True,
            parameters=tuple(params),
            request_body=body,
            responses=self.responses(op.get("responses"), loc.child("responses"), op),
            callbacks=tuple(callbacks),
            security=self.security(op.get("security"), loc.child("security")),
            servers=op_servers,
            external_docs=self.external_docs(op.get("externalDocs")),
            extensions=_extensions(op),
        )

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
                out.append(Parameter(_ref_text(raw), "unresolved", loc.child(i), UNRESOLVED))
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
        name = _text(raw.get("name"))
        where = _text(raw.get("in"))
        if name is None or where is None:
            self.report(Subtype.STRUCTURE, "a parameter needs 'name' and 'in'; skipped", loc)
            return None
        if self.swagger2:
            if where == "body":
                schema = (
                    self.schema(raw.get("schema"), loc.child("schema")) if "schema" in raw else None
                )
            else:
                schema = self.schema(self.swagger2_param_schema(raw), loc)
            style = {
                "csv": "form",
                "ssv": "spaceDelimited",
                "pipes": "pipeDelimited",
                "multi": "form",
            }.get(_text(raw.get("collectionFormat")) or "")
            examples = self.examples(raw, loc)
            return Parameter(
                name=name,
                location_in=where,
                location=loc,
                description=_text(raw.get("description")),
                required=raw.get("required") is True or where == "path",
                deprecated=raw.get("deprecated") is True,
                schema=schema,
                style=style,
                explode=raw.get("collectionFormat") == "multi" or None,
                examples=examples,
            )
        if where not in ("path", "query", "header", "cookie"):
            self.report(
                Subtype.STRUCTURE, f"unknown parameter location {where!r}; skipped", loc.child("in")
            )
            return None
        schema = self.schema(raw["schema"], loc.child("schema")) if "schema" in raw else None
        return Parameter(
            name=name,
            location_in=where,
            location=loc,
            description=_text(raw.get("description")),
            required=raw.get("required") is True or where == "path",
            deprecated=raw.get("deprecated") is True,
            schema=schema,
            style=_text(raw.get("style")),
            explode=raw.get("explode") if isinstance(raw.get("explode"), bool) else None,
            examples=self.examples(raw, loc),
            content=self.content(raw.get("content"), loc.child("content")),
        )

    @staticmethod
    def swagger2_param_schema(raw: dict[str, Any]) -> dict[str, Any]:
        skip = {"name", "in", "description", "required", "collectionFormat", "allowEmptyValue"}
        schema = {k: v for k, v in raw.items() if k not in skip}
        if schema.get("type") == "file":
            schema["type"] = "string"
            schema["format"] = "binary"
        return schema

    def check_operations(
        self,
        operations: tuple[Operation, ...],
        schemes: tuple[SecurityScheme, ...],
        global_security: tuple[SecurityRequirement, ...],
        top: Location,
    ) -> None:
        """Duplicate operationIds and undefined security schemes (the rest still renders)."""
        first: dict[str, Operation] = {}
        for op in operations:
            if op.operation_id in first:
                other = first[op.operation_id]
                self.report(
                    Subtype.STRUCTURE,
                    f"duplicate operationId {op.operation_id!r} (also {other.title}); "
                    "references by this id find the first",
                    op.location.child("operationId"),
                    OPERATION_ID_DUPLICATE,
                )
            elif op.operation_id:
                first[op.operation_id] = op
        defined = {s.name for s in schemes}
        uses = [(op.security or (), op.location.child("security")) for op in operations]
        uses.append((global_security, top.child("security")))
        for requirements, where in uses:
            for requirement in requirements:
                for name, _scopes in requirement.schemes:
                    if name not in defined:
                        self.report(
                            Subtype.STRUCTURE,
                            f"undefined security scheme {name!r}",
                            where,
                            SECURITY_UNDEFINED,
                        )

    def swagger2_body(
        self, params: list[Parameter], op: dict[str, Any], loc: Location
    ) -> RequestBody | None:
        consumes = op.get("consumes", self.root.get("consumes"))
        media = [c for c in consumes if isinstance(c, str)] if isinstance(consumes, list) else []
        if any(p.location_in == "body" for p in params) and any(
            p.location_in == "formData" for p in params
        ):
            self.report(
                Subtype.STRUCTURE,
                "a body parameter and formData parameters together; formData ignored",
                loc,
            )
        for p in params:
            if p.location_in == "body":
                types = media or ["application/json"]
                return RequestBody(
                    location=p.location,
                    description=p.description,
                    required=p.required,
                    content=tuple(MediaType(t, p.location, p.schema, p.examples) for t in types),
                )
        form = [p for p in params if p.location_in == "formData"]
        if not form:
            return None
        has_file = any(p.schema is not None and p.schema.format == "binary" for p in form)
        if not media:
            media = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
        schema = Schema(
            location=loc.child("parameters"),
            types=("object",),
            properties=tuple(
                (p.name, _with_description(p.schema or Schema(p.location), p.description))
                for p in form
            ),
            required=tuple(p.name for p in form if p.required),
        )
        return RequestBody(
            location=loc.child("parameters"),
            required=any(p.required for p in form),
            content=tuple(MediaType(t, loc.child("parameters"), schema) for t in media),
        )

    def request_body(self, value: Any, loc: Location) -> RequestBody | None:
        found = self.deref(value, loc)
        if found is None:
            return RequestBody(loc, description=f"{UNRESOLVED}: {_ref_text(value)}")
        raw, bloc = found

        def build() -> RequestBody:
            body = self.obj(raw, bloc, "a request body object")
            return RequestBody(
                location=bloc,
                description=_text(body.get("description")),
                required=body.get("required") is True,
                content=self.content(body.get("content"), bloc.child("content")),
            )

        return self.memo("requestBody", bloc, build)

    def content(self, value: Any, loc: Location) -> tuple[MediaType, ...]:
        out = []
        for media, raw in self.obj(value, loc, "a content map").items():
            mloc = loc.child(media)
            raw = self.obj(raw, mloc, "a media type object")
            schema = self.schema(raw["schema"], mloc.child("schema")) if "schema" in raw else None
            encoding = tuple(
                (str(k), v)
                for k, v in self.obj(raw.get("encoding"), mloc.child("encoding")).items()
            )
            examples = self.examples(raw, mloc, str(media))
            out.append(MediaType(str(media), mloc, schema, examples, encoding))
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
                value = ex.get("value", MISSING)
                external = _text(ex.get("externalValue")) or None
                if external is not None and "value" in ex:
                    self.report(
                        Subtype.STRUCTURE,
                        "'value' and 'externalValue' exclude each other; the value is shown",
                        eloc.child("externalValue"),
                    )
                    external = None
                elif external is not None and (not _is_remote(external) or self.docs.fetches):
                    value = self.memo(
                        f"externalValue {media_type or ''}",
                        eloc,
                        partial(self.external_value, external, eloc, media_type),
                    )
                out.append(
                    Example(
                        str(name),
                        eloc,
                        summary=_text(ex.get("summary")),
                        description=_text(ex.get("description")),
                        value=value,
                        external_value=external,
                    )
                )
        elif isinstance(examples, dict):  # Swagger 2.0: media type -> value
            for media, value in examples.items():
                out.append(Example(str(media), loc.child("examples", media), value=value))
        return tuple(out)

    def external_value(self, target: str, loc: Location, media_type: str | None) -> Any:
        """The value of an ``externalValue`` file (MISSING, and a problem, if unusable).

        A local file is read through the project's confinement (never outside the
        root) and recorded as a file of the spec; a remote one only when remote
        documents are fetched (``apidocs_allow_remote_refs``), like a remote ``$ref``.  JSON media
        types and ``.json``/``.yaml``/``.yml`` files are parsed as data; other
        files are text; binary files are a short placeholder.
        """
        at = loc.child("externalValue")
        if _is_remote(target):  # fetched only with apidocs_allow_remote_refs
            url = target.strip()
            fetched = self.docs.read_remote(url, at, "externalValue")
            if fetched is None:
                return MISSING
            rel, content = url, fetched
        else:
            found = self.docs.read_local(target, at, "externalValue")
            if found is None:
                return MISSING
            rel, content = found
        essence = media_types.essence(media_type)
        suffix = os.path.splitext(rel)[1].lower()
        if _is_binary(content, rel, essence):
            return f"<binary file {os.path.basename(rel)}, {len(content)} bytes>"
        as_data = media_types.is_json(essence) or (
            suffix in (".json", ".yaml", ".yml") and "yaml" not in essence
        )
        key = (rel, "data" if as_data else "text")
        if key not in self._external:
            self._external[key] = (
                self.external_data(rel, content, at)
                if as_data
                else self.external_text(rel, content)
            )
        return self._external[key]

    def external_data(self, rel: str, content: bytes, at: Location) -> Any:
        if not content.strip():
            self.report(Subtype.PARSE, f"the example file {rel!r} is empty", at)
            return MISSING
        doc = load_document(content, rel)
        # the loader expects an OpenAPI document; an example may be any JSON value
        problems = [p for p in doc.problems if p.subtype != Subtype.NOT_OPENAPI.value]
        self.docs.problems.extend(problems)
        if doc.data is None:
            return None if not problems else MISSING  # a file holding just `null`
        return doc.data

    def external_text(self, rel: str, content: bytes) -> Any:
        problems: list[Problem] = []
        text = decode_text(content, rel, problems)
        self.docs.problems.extend(problems)
        if text is None:
            return MISSING
        return text.replace("\r\n", "\n").removesuffix("\n")

    def responses(self, value: Any, loc: Location, op: dict[str, Any]) -> tuple[Response, ...]:
        out = []
        for status, raw in self.obj(value, loc, "a responses object").items():
            status = _text(status) or str(status)
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
                header_schema = self.schema(self.swagger2_param_schema(hraw), hloc)
            elif "schema" in hraw:
                header_schema = self.schema(hraw["schema"], hloc.child("schema"))
            else:
                header_schema = None
            headers.append(
                Header(
                    str(name),
                    hloc,
                    _text(hraw.get("description")),
                    hraw.get("required") is True,
                    hraw.get("deprecated") is True,
                    header_schema,
                    self.examples(hraw, hloc),
                )
            )
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
                    _text(lraw.get("operationId")),
                    _text(lraw.get("operationRef")),
                    tuple((str(k), v) for k, v in params.items()),
                    lraw.get("requestBody", MISSING),
                    _text(lraw.get("description")),
                )
            )
        return Response(
            status, loc, _text(raw.get("description")), tuple(headers), content, tuple(links)
        )

    # -- schemas ---------------------------------------------------------------
    def component_schemas(self, data: dict[str, Any], loc: Location) -> tuple[tuple[str, str], ...]:
        if self.swagger2:
            where = loc.child("definitions")
            raw = self.obj(data.get("definitions"), where)
        else:
            where = loc.child("components", "schemas")
            raw = self.obj(
                self.obj(data.get("components"), loc.child("components")).get("schemas"), where
            )
        out = []
        for name in raw:
            sloc = where.child(name)
            key = str(sloc)
            if key not in self.schemas:
                self._pending.append((key, sloc, raw[name]))
                self.schemas[key] = Schema(sloc)  # placeholder until drained
            out.append((str(name), key))
        return tuple(out)

    def schema_names(self, components: tuple[tuple[str, str], ...]) -> dict[str, str]:
        names = {key: name for name, key in components}
        for name, key in components:
            target = self.schemas[key].ref
            while target and target not in names:  # a component that only refers elsewhere
                names[target] = name
                nxt = self.schemas.get(target)
                target = nxt.ref if nxt is not None else None
        return names

    def drain(self) -> None:
        """Normalise every named schema reached so far (iteratively, not recursively)."""
        while self._pending:
            key, loc, raw = self._pending.pop()
            self.schemas[key] = self.schema(raw, loc, named=True)

    def ref_ends(self) -> dict[str, str]:
        """For each schema that is a ``$ref``, the key of the schema its chain of references
        ends at: one that is no reference, an unresolved one, or the last of a loop.  A
        loop (schemas that are only ``$ref`` to each other describe nothing) is reported.

        Each schema is walked once (a chain of n references costs n steps, not n²): a walk
        that reaches a schema an earlier walk passed ends where that one ended."""
        ends: dict[str, str] = {}
        for key in sorted(self.schemas):
            chain: dict[str, None] = {}  # this walk, in order
            nxt = key
            while nxt in self.schemas and self.schemas[nxt].ref:
                if nxt in ends or nxt in chain:
                    break
                chain[nxt] = None
                nxt = self.schemas[nxt].ref or ""
            if not chain:
                continue  # no reference
            names = list(chain)
            if nxt in chain:
                self.report(
                    Subtype.REF_CYCLE,
                    "schema reference loop: " + " -> ".join([*names[names.index(nxt) :], nxt]),
                    self.schemas[nxt].location,
                )
                end = names[-1]
            else:
                end = ends.get(nxt, nxt if nxt in self.schemas else names[-1])
            ends.update(dict.fromkeys(names, end))
        return ends

    def schema_ref(self, ref: Any, at: Location, base: str | None) -> tuple[str, str] | None:
        """Resolve a schema reference written at ``at``; queue its target; (key, name)."""
        target = self.docs.resolve(ref, at, base)
        if target is None:
            return None
        tloc, raw = target
        key = str(tloc)
        if key not in self.schemas:
            self.schemas[key] = Schema(tloc)
            self._pending.append((key, tloc, raw))
        return key, _schema_name(tloc)

    def schema(
        self, raw: Any, loc: Location, *, named: bool = False, base: str | None = None
    ) -> Schema:
        if isinstance(raw, bool):  # 3.1: true accepts anything, false nothing
            return Schema(loc, title=None if raw else "never", raw=raw)
        if not isinstance(raw, dict):
            if not _omitted_alias(raw):  # the loader reported that one
                self.report(
                    Subtype.STRUCTURE, f"expected a schema object, found {type(raw).__name__}", loc
                )
            return Schema(loc, raw=raw)
        if self.v31 and isinstance(raw.get("$id"), str):
            base = urljoin(base or "file://" + os.path.join(self.docs.root, loc.file), raw["$id"])
        if "$ref" in raw:
            target = self.schema_ref(raw["$ref"], loc.child("$ref"), base)
            if target is None:
                return Schema(loc, ref="", ref_name=str(raw["$ref"]), raw=raw)
            key, name = target
            return Schema(
                loc,
                ref=key,
                ref_name=name,
                description=_text(raw.get("description")),
                title=_text(raw.get("title")),
                read_only=raw.get("readOnly") is True,
                write_only=raw.get("writeOnly") is True,
                deprecated=raw.get("deprecated") is True,
                raw=raw,
            )
        rtype = raw.get("type")
        nullable = raw.get("nullable") is True or raw.get("x-nullable") is True
        types: tuple[str, ...] = ()
        if type(rtype) is str:  # the common case, quickly
            nullable = nullable or rtype == "null"
            types = () if rtype == "null" else (rtype,)
        elif rtype is not None:
            written = rtype if isinstance(rtype, list) else [rtype]
            if None in written:
                self.report(
                    Subtype.STRUCTURE, "type null must be quoted: 'null'", loc.child("type")
                )
            spelled = tuple("null" if t is None else str(t) for t in written)
            nullable = nullable or "null" in spelled
            types = tuple(t for t in spelled if t != "null")  # shown as the nullable flag

        def sub(value: Any, *parts: str | int) -> Schema:
            return self.schema(value, loc.child(*parts), base=base)

        def members(key: str) -> tuple[tuple[str, Schema], ...]:
            value = raw.get(key)
            if value is None:  # most schemas: no Location made for nothing
                return ()
            return tuple(
                (str(name), sub(v, key, name))
                for name, v in self.obj(value, loc.child(key)).items()
            )

        properties = members("properties")
        pattern_properties = members("patternProperties")
        additional: Schema | bool | None = None
        if isinstance(raw.get("additionalProperties"), bool):
            additional = raw["additionalProperties"]
        elif isinstance(raw.get("additionalProperties"), dict):
            additional = sub(raw["additionalProperties"], "additionalProperties")
        items: Schema | None = None
        prefix: tuple[Schema, ...] = ()
        if isinstance(raw.get("items"), list):
            prefix = tuple(sub(v, "items", i) for i, v in enumerate(raw["items"]))
        elif "items" in raw:
            items = sub(raw["items"], "items")
        if isinstance(raw.get("prefixItems"), list):
            prefix = tuple(sub(v, "prefixItems", i) for i, v in enumerate(raw["prefixItems"]))

        def many(key: str) -> tuple[Schema, ...]:
            value = raw.get(key)
            if value is None:
                return ()
            if not isinstance(value, list):
                self.report(Subtype.STRUCTURE, f"'{key}' must be a list of schemas", loc.child(key))
                return ()
            return tuple(sub(v, key, i) for i, v in enumerate(value))

        required = raw.get("required")
        for key, value in (("required", required), ("enum", raw.get("enum"))):
            if value is not None and not isinstance(value, list):
                self.report(Subtype.STRUCTURE, f"'{key}' must be a list; ignored", loc.child(key))
        examples: tuple[Any, ...] = ()
        if isinstance(raw.get("examples"), list):
            examples = tuple(raw["examples"])
        if "example" in raw:
            examples = (raw["example"], *examples)
        enum = raw.get("enum")
        discriminator = None
        disc = raw.get("discriminator")
        if isinstance(disc, str):  # Swagger 2.0
            discriminator = Discriminator(disc)
        elif isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            mapping = []
            for value, target in self.obj(
                disc.get("mapping"), loc.child("discriminator", "mapping")
            ).items():
                target_ref = str(target)
                if "#" not in target_ref and "/" not in target_ref and "." not in target_ref:
                    target_ref = (
                        "#/definitions/" if self.swagger2 else "#/components/schemas/"
                    ) + target_ref
                reported = len(self.docs.problems)
                found = self.schema_ref(
                    target_ref, loc.child("discriminator", "mapping", value), base
                )
                self.docs.problems[reported:] = [  # a mapping to nothing is its own rule
                    replace(p, rule=DISCRIMINATOR_MAPPING) if p.subtype == Subtype.REF else p
                    for p in self.docs.problems[reported:]
                ]
                mapping.append((str(value), found[0] if found else ""))
            discriminator = Discriminator(disc["propertyName"], tuple(mapping))
        return Schema(
            location=loc,
            types=types,
            format=_text(raw.get("format")),
            title=_text(raw.get("title")),
            description=_text(raw.get("description")),
            properties=properties,
            pattern_properties=pattern_properties,
            required=tuple(str(r) for r in required) if isinstance(required, list) else (),
            additional_properties=additional,
            items=items,
            prefix_items=prefix,
            all_of=many("allOf"),
            one_of=many("oneOf"),
            any_of=many("anyOf"),
            not_=sub(raw["not"], "not") if "not" in raw else None,
            enum=tuple(enum) if isinstance(enum, list) else None,
            const=raw.get("const", MISSING),
            default=raw.get("default", MISSING),
            examples=examples,
            constraints=(
                tuple((k, raw[k]) for k in CONSTRAINT_KEYS if k in raw)
                if not _CONSTRAINTS.isdisjoint(raw)
                else ()
            ),
            nullable=nullable,
            read_only=raw.get("readOnly") is True,
            write_only=raw.get("writeOnly") is True,
            deprecated=raw.get("deprecated") is True,
            discriminator=discriminator,
            xml=raw.get("xml") if isinstance(raw.get("xml"), dict) else None,
            extensions=_extensions(raw),
            raw=raw,
        )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _omitted_alias(value: Any) -> bool:
    """The text the loader leaves in place of a YAML alias it did not expand (and
    reported: ``apidocs.alias``)."""
    return isinstance(value, str) and value.startswith("<alias *") and " omitted: " in value


def _is_remote(target: str) -> bool:
    """A URL with a scheme (not ``file:``) or a network path: linked, never fetched."""
    target = target.strip()
    if target.lower().startswith("file:"):
        return False  # read_local refuses it with a warning
    return bool(_SCHEME.match(target)) or "://" in target or target.startswith("//")


def _is_binary(content: bytes, name: str, essence: str) -> bool:
    """Bytes not shown as text: by media type, file name, or a NUL without a UTF-16/32 BOM."""
    guessed = mimetypes.guess_type(name, strict=False)[0]
    if media_types.is_binary(essence) or media_types.is_binary(guessed):
        return True
    bom = content.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    return not bom and b"\x00" in content[:8192]


def _with_description(schema: Schema, description: str | None) -> Schema:
    if not description or schema.description:
        return schema
    return replace(schema, description=description)
