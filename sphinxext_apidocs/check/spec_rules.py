"""The ``spec`` family of ``apicheck`` rules: what is wrong inside one API description.

Pure Python (no Sphinx, no docutils).  :func:`check_spec` reads the normalised
:class:`~sphinxext_apidocs.spec.model.ApiSpec` where it already has what a rule
needs (operations with their merged parameters, security schemes) and the raw
documents everywhere else, so that parts the renderer never reaches (an unused
component, an inline schema in a callback) are checked too.

The raw documents are walked once, by what each value is (a path item, a
parameter, a schema ...), following ``$ref`` into the other files; a separate,
cheap scan collects every ``$ref`` for ``component-unused``.  Wrong shapes
anywhere are skipped without a word: the loader and the normaliser report them.
Problems the normaliser reports (duplicate operationIds, undefined security
schemes, unresolved references) are not repeated.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Set
from typing import Any
from urllib.parse import unquote, urljoin

from ..diagnostics import suggest
from ..diagnostics.problems import Problem
from ..diagnostics.rules import (
    COMPONENT_UNUSED,
    DISCRIMINATOR_MAPPING,
    ENUM_TYPE,
    LINK_TARGET,
    PARAMETER_DUPLICATE,
    PATH_AMBIGUOUS,
    PATH_IDENTICAL,
    PATH_PARAMETER_UNDECLARED,
    PATH_PARAMETER_UNUSED,
    REQUIRED_UNDEFINED,
    SECURITY_SCOPE_UNDEFINED,
    SERVER_VARIABLE_UNDEFINED,
)
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument
from ..spec.model import METHODS, ApiSpec, Operation
from ..spec.pointer import escape_token, unescape_token
from ..spec.refs import NOT_FOUND, resolve_pointer
from ..validation.bounds import search
from ..validation.json_types import json_type

__all__ = ["check_spec"]

_SUBTYPE = Subtype.STRUCTURE.value

#: a ``{name}`` in a path template or server URL
_TEMPLATE = re.compile(r"\{([^{}]*)\}")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: the component sections checked by ``component-unused``, and what one entry is called
COMPONENT_SECTIONS_3 = {
    "schemas": "schema",
    "parameters": "parameter",
    "responses": "response",
    "requestBodies": "request body",
    "headers": "header",
    "examples": "example",
    "links": "link",
    "callbacks": "callback",
}
COMPONENT_SECTIONS_2 = {"definitions": "schema", "parameters": "parameter", "responses": "response"}

# what a raw value is, for the walk
_PATH_ITEM = "path item"
_OPERATION = "operation"
_PARAMETER = "parameter"
_REQUEST_BODY = "request body"
_RESPONSE = "response"
_MEDIA = "media type"
_HEADER = "header"
_LINK = "link"
_CALLBACK = "callback"
_SCHEMA = "schema"

#: schema keywords whose value is a schema (or a list, a map of them), by shape
_ONE, _LIST, _MAP, _ONE_OR_LIST, _SAME_ONE, _SAME_LIST = range(6)
_SCHEMA_WORDS = {
    "additionalProperties": _ONE,
    "additionalItems": _ONE,
    "unevaluatedItems": _ONE,
    "unevaluatedProperties": _ONE,
    "contains": _ONE,
    "propertyNames": _ONE,
    "not": _ONE,
    "contentSchema": _ONE,
    "items": _ONE_OR_LIST,
    "prefixItems": _LIST,
    "properties": _MAP,
    "patternProperties": _MAP,
    "dependentSchemas": _MAP,
    "$defs": _MAP,
    "definitions": _MAP,
    # parts that describe the same instance (their properties count for `required`)
    "if": _SAME_ONE,
    "then": _SAME_ONE,
    "else": _SAME_ONE,
    "allOf": _SAME_LIST,
    "oneOf": _SAME_LIST,
    "anyOf": _SAME_LIST,
}
_SAME_INSTANCE_LIST = ("allOf", "oneOf", "anyOf")
_SAME_INSTANCE_ONE = ("if", "then", "else")

#: the keywords that let a schema declare properties of its own (or bring in some)
_DEFINING = (
    "$ref",
    "properties",
    "patternProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "if",
    "then",
    "else",
    "dependentSchemas",
)

_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})

_UNSEEN: Any = object()

Key = tuple[str, str]
"""A place: (root-relative file, JSON pointer)."""


def check_spec(
    spec: ApiSpec,
    documents: Mapping[str, LoadedDocument | None],
    *,
    rendered_schemas: Set[str] = frozenset(),
) -> list[Problem]:
    """Every ``spec`` rule finding for ``spec``, sorted by file, line and pointer.

    ``documents`` maps each root-relative file name to its loaded document
    (the main file is ``spec.file``); ``rendered_schemas`` holds the keys
    (``file#pointer``, as in :attr:`ApiSpec.component_schemas`) of schemas a page
    renders, which count as used.  Never raises for malformed input.
    """
    return _Checker(spec, documents, rendered_schemas).run()


class _Checker:
    def __init__(
        self,
        spec: ApiSpec,
        documents: Mapping[str, LoadedDocument | None],
        rendered_schemas: Set[str],
    ) -> None:
        self.spec = spec
        self.main = spec.file
        self.data: dict[str, Any] = {}
        for name, doc in documents.items():
            if doc is not None and doc.data is not None:
                self.data[name] = doc.data
        self.documents = documents
        self.rendered = rendered_schemas
        root = self.data.get(self.main)
        self.root: dict[str, Any] = root if isinstance(root, dict) else {}
        self.swagger2 = "swagger" in self.root and "openapi" not in self.root
        version = spec.openapi_version
        self.v31 = not self.swagger2 and version.startswith(("3.1", "3.2"))
        self.sections = COMPONENT_SECTIONS_2 if self.swagger2 else COMPONENT_SECTIONS_3
        self.problems: dict[tuple[str, str, str, str], Problem] = {}
        self.stack: list[tuple[str, Any, str, str]] = []
        self._targets: dict[Key, Key | None] = {}
        self._values: dict[Key, Any] = {}
        # filled by the walk
        self.visited: set[tuple[str, str, str]] = set()
        self.schemas: dict[Key, dict[str, Any]] = {}
        self.parents: dict[Key, list[Key]] = {}
        self.required: list[tuple[Key, dict[str, Any]]] = []
        self.discriminators: set[Key] = set()
        self.all_of_refs: dict[str, set[Key]] = {}
        self.used: set[str] = set()
        self._collected: dict[int, tuple[frozenset[str], tuple[str, ...], bool]] = {}
        self._path_schemas: dict[str, dict[str, list[dict[str, Any] | None]]] = {}
        self.operation_ids = {
            op.operation_id for op in _all_operations(spec, webhooks=True) if op.operation_id
        }
        self.schema_names = self._component_schema_names()

    # -- output ------------------------------------------------------------
    def report(self, rule: str, message: str, file: str, pointer: str) -> None:
        key = (rule, file, pointer, message)
        if key in self.problems:
            return
        doc = self.documents.get(file)
        line = doc.line_of(pointer) if doc is not None else None
        self.problems[key] = Problem(_SUBTYPE, message, file, line, pointer, rule)

    def run(self) -> list[Problem]:
        self.check_path_parameters()
        self.check_paths()
        self.walk()
        self.check_required()
        self.check_unused()
        return sorted(
            self.problems.values(),
            key=lambda p: (p.file or "", p.line or 0, p.pointer or "", p.rule or "", p.message),
        )

    # -- references ----------------------------------------------------------
    def target(self, file: str, ref: Any) -> Key | None:
        """The (file, pointer) a ``$ref`` written in ``file`` names, if that file is loaded."""
        if not isinstance(ref, str):
            return None
        cache_key = (file, ref)
        if cache_key in self._targets:
            return self._targets[cache_key]
        found: Key | None = None
        text = ref.strip()
        path, _, fragment = text.partition("#")
        pointer = unquote(fragment)
        if pointer == "" or pointer.startswith("/"):
            if not path:
                tfile: str | None = file
            elif "://" in file:
                tfile = urljoin(file, path)
            elif _URL_SCHEME.match(path) or path.startswith("//"):
                tfile = path  # a remote document is known by its URL
            else:
                tfile = posixpath.normpath(posixpath.join(posixpath.dirname(file), unquote(path)))
            if tfile in self.data:
                found = (tfile, pointer)
        self._targets[cache_key] = found
        return found

    def value_at(self, place: Key) -> Any:
        found = self._values.get(place, _UNSEEN)
        if found is _UNSEEN:
            data = self.data.get(place[0])
            found = NOT_FOUND if data is None else resolve_pointer(data, place[1])
            self._values[place] = found
        return found

    def deref(self, value: Any, file: str, pointer: str) -> tuple[Any, str, str] | None:
        """Follow a chain of ``$ref`` to a value; None when it leads nowhere (or in a circle)."""
        hops = 0
        while isinstance(value, dict) and "$ref" in value:
            place = self.target(file, value["$ref"])
            hops += 1
            if place is None or hops > 50:
                return None
            value = self.value_at(place)
            if value is NOT_FOUND:
                return None
            file, pointer = place
        return value, file, pointer

    def component_of(self, file: str, pointer: str) -> str | None:
        """The pointer of the main file's component that ``pointer`` is in (or is)."""
        if file != self.main:
            return None
        parts = pointer.split("/", 4)
        if self.swagger2:
            if len(parts) >= 3 and parts[1] in self.sections:
                return "/".join(parts[:3])
        elif len(parts) >= 4 and parts[1] == "components" and parts[2] in self.sections:
            return "/".join(parts[:4])
        return None

    def _component_schema_names(self) -> dict[str, str]:
        """The main file's component schemas: name -> pointer."""
        if self.swagger2:
            section, prefix = self.root.get("definitions"), "/definitions/"
        else:
            components = self.root.get("components")
            section = components.get("schemas") if isinstance(components, dict) else None
            prefix = "/components/schemas/"
        if not isinstance(section, dict):
            return {}
        return {str(name): prefix + escape_token(str(name)) for name in section}

    # -- 1, 2: path parameters -------------------------------------------------
    def check_path_parameters(self) -> None:
        for op in _all_operations(self.spec, webhooks=False):
            if not isinstance(self.value_at((op.location.file, op.location.pointer)), dict):
                continue  # not an object: the normaliser said so
            names = [n for n in _TEMPLATE.findall(op.path) if not n.startswith("$")]
            if op.kind == "callback" and op.path.startswith("$"):
                continue
            # RFC 6570 operators ({+path}, {ids*}) are not OpenAPI, but common enough
            known = set(names) | {_bare(n) for n in names}
            declared = [p for p in op.parameters if p.location_in == "path"]
            declared_names = {p.name for p in declared}
            if not any(p.location_in == "unresolved" for p in op.parameters):
                for name in dict.fromkeys(names):
                    if name in declared_names or _bare(name) in declared_names:
                        continue
                    hint = suggest.aside(name, declared_names - known, what="parameter")
                    self.report(
                        PATH_PARAMETER_UNDECLARED,
                        f"{{{name}}} in the path of {op.title} has no 'in: path' parameter "
                        f"{_bare(name)!r}{hint}",
                        op.location.file,
                        op.location.pointer,
                    )
            if not declared:
                continue
            sites = self.parameter_sites(op)
            for param in declared:
                if param.name in known:
                    continue
                file, pointer, shared = sites.get(
                    (param.location.file, param.location.pointer),
                    (param.location.file, param.location.pointer, False),
                )
                if shared:  # listed for every operation of the path
                    hint = suggest.aside(param.name, set(names), what="template name")
                    where = op.path
                else:
                    hint = suggest.aside(
                        param.name, set(names) - declared_names, what="template name"
                    )
                    where = op.title
                self.report(
                    PATH_PARAMETER_UNUSED,
                    f"path parameter {param.name!r} of {where} is not in the path template{hint}",
                    file,
                    pointer,
                )

    def parameter_sites(self, op: Operation) -> dict[Key, tuple[str, str, bool]]:
        """Where each parameter of ``op`` is listed: resolved place -> (file, pointer of the
        list entry, listed at the path-item level)."""
        out: dict[Key, tuple[str, str, bool]] = {}
        file, op_pointer = op.location.file, op.location.pointer
        item_pointer = op_pointer.rsplit("/", 1)[0]
        for pointer, shared in ((item_pointer, True), (op_pointer, False)):
            owner = self.value_at((file, pointer))
            entries = owner.get("parameters") if isinstance(owner, dict) else None
            if not isinstance(entries, list):
                continue
            for i, entry in enumerate(entries):
                site = f"{pointer}/parameters/{i}"
                found = self.deref(entry, file, site)
                if found is not None:
                    out[(found[1], found[2])] = (file, site, shared)
        return out

    # -- 3: identical and ambiguous paths ---------------------------------------
    def check_paths(self) -> None:
        paths = self.root.get("paths")
        if not isinstance(paths, dict):
            return
        templates = [p for p in paths if isinstance(p, str) and not p.startswith("x-")]
        first: dict[str, str] = {}
        unique: list[str] = []
        for path in templates:
            shape = _TEMPLATE.sub("{}", path)
            if shape in first:
                self.report(
                    PATH_IDENTICAL,
                    f"path {path} is the same as {first[shape]} but for the names of its "
                    "template parameters",
                    self.main,
                    "/paths/" + escape_token(path),
                )
            else:
                first[shape] = path
                unique.append(path)
        segments = [_TEMPLATE.sub("{}", p).split("/") for p in unique]
        by_length: dict[int, list[int]] = {}
        for i, segs in enumerate(segments):
            by_length.setdefault(len(segs), []).append(i)
        pairs: set[tuple[int, int]] = set()
        for members in by_length.values():
            _candidate_pairs(members, segments, 0, pairs)
        for i, j in sorted(pairs):
            example = _ambiguity(segments[i], segments[j], unique[i], unique[j])
            if example is None or self.kept_apart(unique[i], segments[i], unique[j], segments[j]):
                continue
            shown = f" (both match {example})" if example else ""
            self.report(
                PATH_AMBIGUOUS,
                f"path {unique[j]} and path {unique[i]} can match the same request{shown}, and "
                "neither is more specific",
                self.main,
                "/paths/" + escape_token(unique[j]),
            )

    def kept_apart(self, path1: str, segs1: list[str], path2: str, segs2: list[str]) -> bool:
        """Whether a literal segment of one path is one that the other path's parameter at
        that place cannot take (``teams`` for an integer ``{role_id}``)."""
        written1, written2 = path1.split("/"), path2.split("/")
        if len(written1) != len(segs1) or len(written2) != len(segs2):
            return False  # a template name with a slash: cannot be told
        for a, b, w1, w2 in zip(segs1, segs2, written1, written2, strict=True):
            if a == "{}" and "{" not in b:
                if not self.parameter_admits(path1, w1[1:-1], b):
                    return True
            elif b == "{}" and "{" not in a and not self.parameter_admits(path2, w2[1:-1], a):
                return True
        return False

    def parameter_admits(self, path: str, name: str, literal: str) -> bool:
        """Whether path parameter ``name`` of ``path`` can take the value ``literal``: by
        the schema of every operation that declares it (any doubt: it can)."""
        found = self._path_schemas.get(path)
        if found is None:
            found = self._path_schemas[path] = self.path_parameter_schemas(path)
        schemas = found.get(name)
        if not schemas:
            return True
        return any(_schema_admits(schema, literal) for schema in schemas)

    def path_parameter_schemas(self, path: str) -> dict[str, list[dict[str, Any] | None]]:
        """The schema of each ``in: path`` parameter of ``path``, as each operation sees it
        (the operation's own, else the path item's); None where it cannot be told."""
        paths = self.root.get("paths")
        entry = paths.get(path) if isinstance(paths, dict) else None
        found = self.deref(entry, self.main, "/paths/" + escape_token(path))
        if found is None or not isinstance(found[0], dict):
            return {}
        item, file, _pointer = found
        shared = self.path_parameters(item.get("parameters"), file)
        ops = [item[m] for m in METHODS if isinstance(item.get(m), dict)]
        if not ops:
            return {name: [schema] for name, schema in shared.items()}
        names = {_bare(n) for n in _TEMPLATE.findall(path)}
        out: dict[str, list[dict[str, Any] | None]] = {}
        for op in ops:
            own = self.path_parameters(op.get("parameters"), file)
            for name in names:
                # undeclared (the operation's or the path item's): anything goes
                schema = own[name] if name in own else shared.get(name)
                out.setdefault(name, []).append(schema)
        return out

    def path_parameters(self, entries: Any, file: str) -> dict[str, dict[str, Any] | None]:
        """The ``in: path`` parameters of a parameter list: name -> schema (None if none)."""
        out: dict[str, dict[str, Any] | None] = {}
        if not isinstance(entries, list):
            return out
        for entry in entries:
            found = self.deref(entry, file, "")
            if found is None or not isinstance(found[0], dict):
                continue
            param, pfile, _ = found
            name = param.get("name")
            if param.get("in") != "path" or not isinstance(name, str):
                continue
            if self.swagger2:
                out[name] = param  # the parameter is its own schema
                continue
            schema = self.deref(param.get("schema"), pfile, "")
            out[name] = schema[0] if schema is not None and isinstance(schema[0], dict) else None
        return out

    # -- the walk over the raw documents ----------------------------------------
    def walk(self) -> None:
        """Visit every path item, operation, parameter, schema ... reachable from the main
        file, following ``$ref`` into other files."""
        root, main = self.root, self.main
        stack = self.stack
        if not root:
            return
        self.check_security(root.get("security"), main, "/security")
        if not self.swagger2:
            self.check_servers(root.get("servers"), main, "/servers")
        self.push_map(_PATH_ITEM, root.get("paths"), main, "/paths")
        for word in ("webhooks", "x-webhooks"):
            self.push_map(_PATH_ITEM, root.get(word), main, "/" + word)
        if self.swagger2:
            self.push_map(_SCHEMA, root.get("definitions"), main, "/definitions", extensions=True)
            self.push_map(_PARAMETER, root.get("parameters"), main, "/parameters")
            self.push_map(_RESPONSE, root.get("responses"), main, "/responses")
        else:
            components = root.get("components")
            if isinstance(components, dict):
                for section, kind in (
                    ("schemas", _SCHEMA),
                    ("parameters", _PARAMETER),
                    ("responses", _RESPONSE),
                    ("requestBodies", _REQUEST_BODY),
                    ("headers", _HEADER),
                    ("links", _LINK),
                    ("callbacks", _CALLBACK),
                    ("pathItems", _PATH_ITEM),
                ):
                    where = "/components/" + section
                    self.push_map(kind, components.get(section), main, where, extensions=True)
        handlers = {
            _PATH_ITEM: self.path_item,
            _OPERATION: self.operation,
            _PARAMETER: self.parameter,
            _REQUEST_BODY: self.request_body,
            _RESPONSE: self.response,
            _MEDIA: self.media,
            _HEADER: self.header,
            _LINK: self.link,
            _CALLBACK: self.callback,
            _SCHEMA: self.schema,
        }
        visited = self.visited
        while stack:
            kind, value, file, pointer = stack.pop()
            if not isinstance(value, dict):
                continue
            key = (kind, file, pointer)
            if key in visited:
                continue
            visited.add(key)
            if "$ref" in value and (kind != _SCHEMA or not self.v31):
                place = self.target(file, value["$ref"])
                if place is not None:
                    stack.append((kind, self.value_at(place), *place))
                if kind == _SCHEMA:
                    self.schemas[(file, pointer)] = value
                continue
            handlers[kind](value, file, pointer)

    def push(self, kind: str, value: Any, file: str, pointer: str) -> None:
        if isinstance(value, dict):
            self.stack.append((kind, value, file, pointer))

    def push_map(
        self, kind: str, value: Any, file: str, pointer: str, *, extensions: bool = False
    ) -> None:
        """Push each value of a mapping (but ``x-`` keys, unless ``extensions``)."""
        if not isinstance(value, dict):
            return
        for name, item in value.items():
            if isinstance(item, dict) and (extensions or not str(name).startswith("x-")):
                self.stack.append((kind, item, file, f"{pointer}/{escape_token(str(name))}"))

    def path_item(self, item: dict[str, Any], file: str, pointer: str) -> None:
        self.parameter_list(item.get("parameters"), file, pointer + "/parameters")
        if not self.swagger2:
            self.check_servers(item.get("servers"), file, pointer + "/servers")
        for method in METHODS:
            self.push(_OPERATION, item.get(method), file, f"{pointer}/{method}")

    def operation(self, op: dict[str, Any], file: str, pointer: str) -> None:
        self.parameter_list(op.get("parameters"), file, pointer + "/parameters")
        self.check_security(op.get("security"), file, pointer + "/security")
        self.push_map(_RESPONSE, op.get("responses"), file, pointer + "/responses")
        if not self.swagger2:
            self.check_servers(op.get("servers"), file, pointer + "/servers")
            self.push(_REQUEST_BODY, op.get("requestBody"), file, pointer + "/requestBody")
            self.push_map(_CALLBACK, op.get("callbacks"), file, pointer + "/callbacks")

    def parameter(self, param: dict[str, Any], file: str, pointer: str) -> None:
        if self.swagger2 and param.get("in") != "body":
            self.push(_SCHEMA, param, file, pointer)  # the parameter is its own schema
            return
        self.push(_SCHEMA, param.get("schema"), file, pointer + "/schema")
        if not self.swagger2:
            self.push_map(_MEDIA, param.get("content"), file, pointer + "/content")

    def header(self, header: dict[str, Any], file: str, pointer: str) -> None:
        if self.swagger2:
            self.push(_SCHEMA, header, file, pointer)
            return
        self.push(_SCHEMA, header.get("schema"), file, pointer + "/schema")
        self.push_map(_MEDIA, header.get("content"), file, pointer + "/content")

    def request_body(self, body: dict[str, Any], file: str, pointer: str) -> None:
        self.push_map(_MEDIA, body.get("content"), file, pointer + "/content")

    def media(self, media: dict[str, Any], file: str, pointer: str) -> None:
        self.push(_SCHEMA, media.get("schema"), file, pointer + "/schema")
        encoding = media.get("encoding")
        if isinstance(encoding, dict):
            for name, enc in encoding.items():
                if isinstance(enc, dict):
                    where = f"{pointer}/encoding/{escape_token(str(name))}/headers"
                    self.push_map(_HEADER, enc.get("headers"), file, where)

    def response(self, response: dict[str, Any], file: str, pointer: str) -> None:
        self.push_map(_HEADER, response.get("headers"), file, pointer + "/headers")
        if self.swagger2:
            self.push(_SCHEMA, response.get("schema"), file, pointer + "/schema")
        else:
            self.push_map(_MEDIA, response.get("content"), file, pointer + "/content")
            self.push_map(_LINK, response.get("links"), file, pointer + "/links")

    def callback(self, callback: dict[str, Any], file: str, pointer: str) -> None:
        self.push_map(_PATH_ITEM, callback, file, pointer)

    # -- 4: duplicate parameters ---------------------------------------------------
    def parameter_list(self, entries: Any, file: str, pointer: str) -> None:
        if not isinstance(entries, list):
            return
        seen: dict[tuple[str, str], int] = {}
        for i, entry in enumerate(entries):
            site = f"{pointer}/{i}"
            self.push(_PARAMETER, entry, file, site)
            found = self.deref(entry, file, site)
            if found is None or not isinstance(found[0], dict):
                continue
            name, where = found[0].get("name"), found[0].get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            key = (name.lower() if where == "header" else name, where)
            if key in seen:
                self.report(
                    PARAMETER_DUPLICATE,
                    f"parameter {name!r} in {where} is listed twice (also at "
                    f"{pointer}/{seen[key]}); the last one wins",
                    file,
                    site,
                )
            else:
                seen[key] = i

    # -- 5: OAuth 2 scopes -----------------------------------------------------------
    def check_security(self, requirements: Any, file: str, pointer: str) -> None:
        if not isinstance(requirements, list):
            return
        for i, requirement in enumerate(requirements):
            if not isinstance(requirement, dict):
                continue
            for name, scopes in requirement.items():
                scheme = self.spec.security_scheme(str(name))
                if scheme is None or scheme.type != "oauth2" or not scheme.flows:
                    continue
                if not isinstance(scopes, list):
                    continue
                known = {scope for flow in scheme.flows for scope, _ in flow.scopes}
                for j, scope in enumerate(scopes):
                    if not isinstance(scope, str) or scope in known:
                        continue
                    hint = suggest.aside(scope, known, what="scope")
                    self.report(
                        SECURITY_SCOPE_UNDEFINED,
                        f"scope {scope!r} of security scheme {scheme.name!r} is not listed by "
                        f"any of its flows{hint}",
                        file,
                        f"{pointer}/{i}/{escape_token(str(name))}/{j}",
                    )

    # -- 6: server variables ----------------------------------------------------------
    def check_servers(self, servers: Any, file: str, pointer: str) -> None:
        if not isinstance(servers, list):
            return
        for i, server in enumerate(servers):
            if not isinstance(server, dict):
                continue
            url = server.get("url")
            variables = server.get("variables")
            if not isinstance(variables, dict):
                variables = {}
            if isinstance(url, str):
                for name in dict.fromkeys(_TEMPLATE.findall(url)):
                    if name in variables:
                        continue
                    hint = suggest.aside(name, {str(v) for v in variables}, what="variable")
                    self.report(
                        SERVER_VARIABLE_UNDEFINED,
                        f"server URL {url} uses {{{name}}}, which its variables do not "
                        f"define{hint}",
                        file,
                        f"{pointer}/{i}/url",
                    )
            for name, var in variables.items():
                if not isinstance(var, dict) or "default" not in var:
                    continue
                enum = var.get("enum")
                if not isinstance(enum, list) or not enum:
                    continue
                default = var["default"]
                texts = {_scalar_text(e) for e in enum}
                if default in enum or _scalar_text(default) in texts:
                    continue
                hint = suggest.aside(_scalar_text(default), texts - {""}, what="value")
                self.report(
                    SERVER_VARIABLE_UNDEFINED,
                    f"default {_scalar_text(default)!r} of server variable {str(name)!r} is not "
                    f"one of its enum values{hint}",
                    file,
                    f"{pointer}/{i}/variables/{escape_token(str(name))}/default",
                )

    # -- 11: links ----------------------------------------------------------------------
    def link(self, link: dict[str, Any], file: str, pointer: str) -> None:
        name = unescape_token(pointer.rsplit("/", 1)[-1])
        op_id = link.get("operationId")
        if isinstance(op_id, str) and op_id not in self.operation_ids:
            hint = suggest.aside(op_id, self.operation_ids, what="operationId")
            self.report(
                LINK_TARGET,
                f"link {name!r} names operationId {op_id!r}, which no operation has{hint}",
                file,
                pointer + "/operationId",
            )
        op_ref = link.get("operationRef")
        remote = isinstance(op_ref, str) and _URL_SCHEME.match(op_ref.strip()) is not None
        if isinstance(op_ref, str) and not remote and self.operation_at(file, op_ref) is False:
            self.report(
                LINK_TARGET,
                f"link {name!r} has operationRef {op_ref!r}, which does not point to an operation",
                file,
                pointer + "/operationRef",
            )

    def operation_at(self, file: str, ref: str) -> bool | None:
        """Whether ``ref`` points to an operation object; None when it cannot be told
        (another file that is not loaded)."""
        path, _, fragment = ref.strip().partition("#")
        if path:
            place = self.target(file, path)
            if place is None:
                return None
            file = place[0]
        pointer = unquote(fragment)
        if not pointer.startswith("/"):
            return False
        value: Any = self.data.get(file)
        tokens = pointer[1:].split("/")
        for n, raw in enumerate(tokens):
            token = unescape_token(raw)
            found = self.deref(value, file, "")
            if found is None:
                return False
            value, file, _ = found
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and raw.isdigit() and int(raw) < len(value):
                value = value[int(raw)]
            else:
                return False
            if n == len(tokens) - 1:
                return token in METHODS and isinstance(value, dict)
        return False

    # -- schemas: 7, 8 (collected), 9 -----------------------------------------------------
    def schema(self, schema: dict[str, Any], file: str, pointer: str) -> None:
        key = (file, pointer)
        self.schemas[key] = schema
        ref = schema.get("$ref")
        if ref is not None:  # 3.1: a $ref with sibling keywords
            place = self.target(file, ref)
            if place is not None:
                self.stack.append((_SCHEMA, self.value_at(place), *place))
        disc = schema.get("discriminator")
        if disc is not None:
            self.discriminators.add(key)
            if isinstance(disc, dict):
                self.check_mapping(disc.get("mapping"), file, pointer + "/discriminator/mapping")
        if "enum" in schema:
            self.check_enum(schema, file, pointer)
        if isinstance(schema.get("required"), list):
            self.required.append((key, schema))
        stack = self.stack
        for word, value in schema.items():
            shape = _SCHEMA_WORDS.get(word)
            if shape is None:
                continue
            if isinstance(value, dict):
                if shape == _MAP:
                    for name, item in value.items():
                        if isinstance(item, dict):
                            where = f"{pointer}/{word}/{escape_token(str(name))}"
                            stack.append((_SCHEMA, item, file, where))
                elif shape != _LIST:
                    stack.append((_SCHEMA, value, file, f"{pointer}/{word}"))
                    if shape == _SAME_ONE:
                        self.add_parent(value, file, f"{pointer}/{word}", key, False)
            elif isinstance(value, list) and shape in (_LIST, _SAME_LIST, _ONE_OR_LIST):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        where = f"{pointer}/{word}/{i}"
                        stack.append((_SCHEMA, item, file, where))
                        # parts that describe the same instance: for `required`, and implicit
                        # discriminator mappings (an allOf naming a base with a discriminator)
                        if shape == _SAME_LIST:
                            self.add_parent(item, file, where, key, word == "allOf")

    def add_parent(self, part: Any, file: str, pointer: str, parent: Key, all_of: bool) -> None:
        if not isinstance(part, dict):
            return
        self.parents.setdefault((file, pointer), []).append(parent)
        if "$ref" in part:
            found = self.deref(part, file, pointer)
            if found is not None:
                self.parents.setdefault((found[1], found[2]), []).append(parent)
                if all_of and self.component_of(*parent) == parent[1]:
                    self.all_of_refs.setdefault(parent[1], set()).add((found[1], found[2]))

    def check_mapping(self, mapping: Any, file: str, pointer: str) -> None:
        if not isinstance(mapping, dict):
            return
        owner = self.component_of(file, pointer)
        for value, target in mapping.items():
            if not isinstance(target, str):
                continue
            where = f"{pointer}/{escape_token(str(value))}"
            named = self.schema_names.get(target)
            if named is not None:
                if named != owner:
                    self.used.add(named)
                continue
            text = target.strip()
            if _URL_SCHEME.match(text) or text.startswith("//"):
                continue  # remote: not checked
            looks_like_ref = "#" in text or "/" in text or "." in text
            if looks_like_ref:
                path = text.partition("#")[0]
                if path and "://" not in file:
                    rel = posixpath.normpath(posixpath.join(posixpath.dirname(file), unquote(path)))
                    if rel not in self.data:
                        continue  # a file nothing loaded: cannot be told
                place = self.target(file, text)
                if place is not None and self.value_at(place) is not NOT_FOUND:
                    component = self.component_of(*place)
                    if component is not None and component != owner:
                        self.used.add(component)
                    continue
            prefix = "#/definitions/" if self.swagger2 else "#/components/schemas/"
            if looks_like_ref:
                candidates = {prefix + escape_token(n) for n in self.schema_names}
            else:
                candidates = set(self.schema_names)
            hint = suggest.aside(target, candidates)
            self.report(
                DISCRIMINATOR_MAPPING,
                f"discriminator mapping {str(value)!r} names {target!r}, which is no schema{hint}",
                file,
                where,
            )

    def check_enum(self, schema: dict[str, Any], file: str, pointer: str) -> None:
        enum = schema.get("enum")
        written = schema.get("type")
        if not isinstance(enum, list) or written is None:
            return
        types = written if isinstance(written, list) else [written]
        if not types or not all(isinstance(t, str) and t in _JSON_TYPES for t in types):
            return  # an unknown or malformed type: not ours to judge
        allowed = set(types)
        nullable_word = schema.get("nullable") is True or schema.get("x-nullable") is True
        if nullable_word and not self.v31:
            allowed.add("null")
        for i, value in enumerate(enum):
            got = json_type(value, strict_integer=True)
            if got is None or got in allowed:
                continue
            if got == "integer" and "number" in allowed:
                continue
            if got == "number" and "integer" in allowed and float(value).is_integer():
                continue
            expected = " or ".join(types)
            if got == "null" and nullable_word:
                extra = " (nullable is no keyword in OpenAPI 3.1: add 'null' to the type)"
            elif got == "null":
                extra = " (add nullable: true)" if not self.v31 else " (add 'null' to the type)"
            else:
                extra = ""
            self.report(
                ENUM_TYPE,
                f"enum value {_shown(value)} is {_A_TYPE[got]}, but the schema's type is "
                f"{expected}{extra}",
                file,
                f"{pointer}/enum/{i}",
            )

    # -- 8: required names ----------------------------------------------------------
    def collect(
        self, schema: dict[str, Any], file: str
    ) -> tuple[frozenset[str], tuple[str, ...], bool]:
        """The property names and patterns ``schema`` declares, with its allOf/oneOf/anyOf
        (and if/then/else) parts, through ``$ref``; and whether every reference resolved."""
        memo = self._collected.get(id(schema))
        if memo is not None:
            return memo
        names: set[str] = set()
        patterns: list[str] = []
        complete = True
        todo: list[tuple[Any, str]] = [(schema, file)]
        seen: set[int] = set()
        while todo:
            value, vfile = todo.pop()
            if not isinstance(value, dict) or id(value) in seen:
                continue
            seen.add(id(value))
            if "$ref" in value:
                place = self.target(vfile, value["$ref"])
                target = self.value_at(place) if place is not None else NOT_FOUND
                if target is NOT_FOUND:
                    complete = False
                else:
                    assert place is not None
                    todo.append((target, place[0]))
                if not self.v31:
                    continue
            props = value.get("properties")
            if isinstance(props, dict):
                names.update(str(n) for n in props)
            pattern_props = value.get("patternProperties")
            if isinstance(pattern_props, dict):
                patterns.extend(str(p) for p in pattern_props)
            for word in _SAME_INSTANCE_LIST:
                parts = value.get(word)
                if isinstance(parts, list):
                    todo.extend((part, vfile) for part in parts)
            for word in _SAME_INSTANCE_ONE:
                todo.append((value.get(word), vfile))
            dependent = value.get("dependentSchemas")
            if isinstance(dependent, dict):
                todo.extend((part, vfile) for part in dependent.values())
        result = (frozenset(names), tuple(patterns), complete)
        self._collected[id(schema)] = result
        return result

    def defines(self, key: Key, schema: dict[str, Any], name: str) -> bool:
        names, patterns, complete = self.collect(schema, key[0])
        return not complete or name in names or _pattern_matches(patterns, name)

    def check_required(self) -> None:
        for key, schema in self.required:
            required = schema["required"]
            if _is_array(schema):
                self.required_on_array(key, schema, required)
                continue
            own = schema.get("properties")
            if not (isinstance(own, dict) and own) and "allOf" not in schema:
                # a fragment that relies on the schema it is part of
                self.required_of_branch(key, schema, required)
                continue
            names, patterns, complete = self.collect(schema, key[0])
            if not complete or not names:
                continue
            for i, name in enumerate(required):
                if not isinstance(name, str) or name in names:
                    continue
                if _pattern_matches(patterns, name) or self.defined_above(key, name):
                    continue
                hint = suggest.aside(name, names, what="property")
                self.report(
                    REQUIRED_UNDEFINED,
                    f"required property {name!r} is not defined by the schema's properties{hint}",
                    key[0],
                    f"{key[1]}/required/{i}",
                )

    def required_on_array(self, key: Key, schema: dict[str, Any], required: list[Any]) -> None:
        """``required`` on an array schema: it constrains objects only, so it does nothing."""
        items = self.deref(schema.get("items"), key[0], key[1] + "/items")
        for i, name in enumerate(required):
            if not isinstance(name, str):
                continue
            hint = ""
            if items is not None and isinstance(items[0], dict):
                names, patterns, _complete = self.collect(items[0], items[1])
                if name in names or _pattern_matches(patterns, name):
                    hint = " (move it to the 'required' of its items?)"
            self.report(
                REQUIRED_UNDEFINED,
                f"required property {name!r} is listed, but 'required' applies to objects and "
                f"this schema is an array{hint}",
                key[0],
                f"{key[1]}/required/{i}",
            )

    def required_of_branch(self, key: Key, schema: dict[str, Any], required: list[Any]) -> None:
        """A oneOf/anyOf branch that only says which properties are required (the common way
        to require one of several): each must be a property of the schema around it."""
        if any(word in schema for word in _DEFINING):
            return
        head, _, index = key[1].rpartition("/")
        head, _, word = head.rpartition("/")
        parent = (key[0], head)
        if word not in ("oneOf", "anyOf") or not index.isdigit():
            return
        if parent not in self.parents.get(key, ()):
            return
        parent_schema = self.schemas.get(parent)
        if parent_schema is None:
            return
        names, _patterns, complete = self.collect(parent_schema, parent[0])
        if not complete or not names:
            return  # the schema around declares no properties: nothing to hold it to
        for i, name in enumerate(required):
            if not isinstance(name, str) or name in names or self.defined_above(key, name):
                continue
            hint = suggest.aside(name, names, what="property")
            article = "an" if word == "anyOf" else "a"
            self.report(
                REQUIRED_UNDEFINED,
                f"required property {name!r} of {article} {word} branch is not defined by the "
                f"properties of the schema around it{hint}",
                key[0],
                f"{key[1]}/required/{i}",
            )

    def defined_above(self, key: Key, name: str) -> bool:
        """Whether a schema that ``key`` is a part of (allOf, oneOf ...) defines ``name``."""
        todo = list(self.parents.get(key, ()))
        seen: set[Key] = set()
        while todo:
            parent = todo.pop()
            if parent in seen:
                continue
            seen.add(parent)
            schema = self.schemas.get(parent)
            if schema is not None and self.defines(parent, schema, name):
                return True
            todo.extend(self.parents.get(parent, ()))
        return False

    # -- 10: unused components ---------------------------------------------------------
    def check_unused(self) -> None:
        root, main = self.root, self.main
        if not root:
            return
        used = self.used
        self.scan_refs(used)
        # a schema whose allOf names a base with a discriminator is an implicit mapping
        for component, bases in self.all_of_refs.items():
            if component not in used and any(base in self.discriminators for base in bases):
                used.add(component)
        if self.swagger2:
            sections: Iterable[tuple[str, Any]] = ((s, root.get(s)) for s in self.sections)
            prefix = ""
        else:
            components = root.get("components")
            if not isinstance(components, dict):
                return
            sections = ((s, components.get(s)) for s in self.sections)
            prefix = "/components"
        for section, entries in sections:
            if not isinstance(entries, dict):
                continue
            for name in entries:
                pointer = f"{prefix}/{section}/{escape_token(str(name))}"
                if pointer in used or f"{main}#{pointer}" in self.rendered:
                    continue
                what = self.sections[section]
                self.report(
                    COMPONENT_UNUSED,
                    f"{what} {str(name)!r} is not used: no $ref, discriminator mapping or page "
                    "refers to it",
                    main,
                    pointer,
                )

    def scan_refs(self, used: set[str]) -> None:
        """Every ``$ref`` in every document that names a component of the main file (but
        from inside that component)."""
        for file, data in self.data.items():
            if file != self.main or not isinstance(data, dict):
                self.scan(data, file, None, used)
                continue
            container = data if self.swagger2 else data.get("components")
            prefix = "" if self.swagger2 else "/components"
            rest = dict(data)
            if isinstance(container, dict):
                if not self.swagger2:
                    rest.pop("components", None)
                    rest["components"] = {
                        k: v for k, v in container.items() if k not in self.sections
                    }
                for section in self.sections:
                    entries = container.get(section)
                    if self.swagger2:
                        rest.pop(section, None)
                    if not isinstance(entries, dict):
                        if entries is not None:
                            self.scan(entries, file, None, used)
                        continue
                    for name, value in entries.items():
                        owner = f"{prefix}/{section}/{escape_token(str(name))}"
                        self.scan(value, file, owner, used)
            self.scan(rest, file, None, used)

    def scan(self, value: Any, file: str, owner: str | None, used: set[str]) -> None:
        """The ``$ref`` in ``value`` -- not those inside example values, defaults, enums
        and consts, which are data (the example rules read them as written)."""
        stack: list[tuple[Any, str]] = [(value, _SCAN_PLAIN)]
        refs: set[str] = set()
        while stack:
            node, kind = stack.pop()
            if type(node) is dict:
                ref = node.get("$ref")
                if type(ref) is str:
                    refs.add(ref)
                named = kind in (_SCAN_NAMES, _SCAN_EXAMPLES)
                for key, child in node.items():
                    if type(child) is not dict and type(child) is not list:
                        continue
                    if named:
                        stack.append(
                            (child, _SCAN_EXAMPLE if kind == _SCAN_EXAMPLES else _SCAN_PLAIN)
                        )
                    elif key in _DATA_KEYS or (kind == _SCAN_EXAMPLE and key == "value"):
                        continue
                    elif key == "examples":
                        if type(child) is dict:  # a map of Example objects (a list: data)
                            stack.append((child, _SCAN_EXAMPLES))
                    else:
                        stack.append((child, _SCAN_NAMES if key in _NAME_MAPS else _SCAN_PLAIN))
            elif type(node) is list:
                for child in node:
                    if type(child) is dict or type(child) is list:
                        stack.append((child, _SCAN_PLAIN))
        for ref in refs:
            place = self.target(file, ref)
            if place is not None:
                component = self.component_of(*place)
                if component is not None and component != owner:
                    used.add(component)


# -- helpers ----------------------------------------------------------------------

#: what :meth:`_Checker.scan` is looking at: an object of the spec, a map whose keys are
#: names (so a key ``example`` there is a name, not data), a map of Example objects, one
_SCAN_PLAIN, _SCAN_NAMES, _SCAN_EXAMPLES, _SCAN_EXAMPLE = "plain", "names", "examples", "example"
_DATA_KEYS = frozenset({"example", "default", "enum", "const"})
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "definitions", "schemas", "$defs",
        "dependentSchemas", "parameters", "responses", "headers", "links", "callbacks",
        "requestBodies", "securitySchemes", "securityDefinitions", "content", "encoding",
        "paths", "webhooks", "x-webhooks", "variables", "mapping", "scopes", "pathItems",
    }
)  # fmt: skip


def _all_operations(spec: ApiSpec, *, webhooks: bool) -> Iterator[Operation]:
    """Every operation of ``spec``: paths, callbacks (at any depth), and webhooks if asked."""
    todo = list(spec.operations)
    if webhooks:
        todo += spec.webhooks
    todo.reverse()
    while todo:
        op = todo.pop()
        yield op
        inner = [cop for cb in op.callbacks for cop in cb.operations]
        todo.extend(reversed(inner))


def _bare(name: str) -> str:
    """A template name without RFC 6570 operator and modifiers: ``+path`` -> ``path``."""
    name = name.strip()
    if name[:1] in ("+", "#", ".", "/", ";", "?", "&"):
        name = name[1:]
    if name.endswith("*"):
        name = name[:-1]
    return name.split(":", 1)[0]


def _scalar_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    source = getattr(value, "source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return ""


_A_TYPE = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else _scalar_text(value) or type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _is_array(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` describes arrays only (its type, else its ``items``) and declares
    no properties."""
    if "properties" in schema or "patternProperties" in schema:
        return False
    written = schema.get("type")
    if isinstance(written, str):
        return written == "array"
    if isinstance(written, list) and written:
        return "array" in written and "object" not in written
    if written is not None or not ("items" in schema or "prefixItems" in schema):
        return False
    return not any(word in schema for word in _DEFINING)


def _pattern_matches(patterns: Iterable[str], name: str) -> bool:
    """Whether a pattern matches ``name``; one that cannot be checked (Python cannot read
    it, or it is too costly on this name) gets the benefit of the doubt."""
    return any(search(pattern, name) is not False for pattern in patterns)


# -- paths ------------------------------------------------------------------------

_NUMERIC = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _schema_admits(schema: dict[str, Any] | None, literal: str) -> bool:
    """Whether a path segment ``literal`` can be a value of a parameter with ``schema``:
    by its type (integer, number, boolean), enum and pattern; anything else can be."""
    if schema is None:
        return True
    written = schema.get("type")
    types = [written] if isinstance(written, str) else written
    if isinstance(types, list) and types and not any(_type_admits(t, literal) for t in types):
        return False
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and not any(_enum_admits(v, literal) for v in enum):
        return False
    pattern = schema.get("pattern")
    # a pattern that cannot be checked (unreadable, too costly here) can match
    return not (isinstance(pattern, str) and search(pattern, literal) is False)


def _type_admits(written: Any, literal: str) -> bool:
    if written in ("integer", "number"):
        return _NUMERIC.fullmatch(literal) is not None
    if written == "boolean":
        return literal in ("true", "false")
    if written == "null":
        return literal in ("", "null")
    return True


def _enum_admits(value: Any, literal: str) -> bool:
    if value is None:
        return literal == "null"
    if isinstance(value, (dict, list)):
        return True  # cannot be told
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and _NUMERIC.fullmatch(literal) and float(literal) == value:
        return True
    return _scalar_text(value) == literal


_SMALL_GROUP = 12


def _candidate_pairs(
    members: list[int], segments: list[list[str]], pos: int, pairs: set[tuple[int, int]]
) -> None:
    """Add to ``pairs`` the pairs of ``members`` (paths of the same length) that could match
    the same request, by splitting on literal segments position by position."""
    while True:
        if len(members) <= _SMALL_GROUP or pos >= len(segments[members[0]]):
            for a, i in enumerate(members):
                for j in members[a + 1 :]:
                    pairs.add((i, j) if i < j else (j, i))
            return
        buckets: dict[str, list[int]] = {}
        wild: list[int] = []
        for m in members:
            seg = segments[m][pos]
            if "{" in seg:
                wild.append(m)
            else:
                buckets.setdefault(seg, []).append(m)
        if len(buckets) + (1 if wild else 0) == 1:
            pos += 1  # nothing to split on here
            continue
        if not buckets:
            members = wild
            pos += 1
            continue
        for bucket in buckets.values():  # a literal bucket with the templated ones
            _candidate_pairs(sorted(bucket + wild), segments, pos + 1, pairs)
        return


_RANK_LITERAL, _RANK_PARTIAL, _RANK_TEMPLATE = 2, 1, 0


def _rank(segment: str) -> int:
    if "{" not in segment:
        return _RANK_LITERAL
    return _RANK_TEMPLATE if segment == "{}" else _RANK_PARTIAL


_SEGMENT_RES: dict[str, re.Pattern[str]] = {}


def _segment_re(segment: str) -> re.Pattern[str]:
    found = _SEGMENT_RES.get(segment)
    if found is None:
        found = re.compile(".+".join(re.escape(part) for part in segment.split("{}")))
        _SEGMENT_RES[segment] = found
    return found


def _segments_meet(a: str, b: str) -> bool:
    """Whether one request segment can match both (normalised) segments."""
    if a == b:
        return True
    ta, tb = "{" in a, "{" in b
    if not ta and not tb:
        return False
    if ta and tb:
        pa, sa = a.partition("{}")[0], a.rpartition("{}")[2]
        pb, sb = b.partition("{}")[0], b.rpartition("{}")[2]
        return (pa.startswith(pb) or pb.startswith(pa)) and (sa.endswith(sb) or sb.endswith(sa))
    template, literal = (a, b) if ta else (b, a)
    return _segment_re(template).fullmatch(literal) is not None


def _ambiguity(first: list[str], second: list[str], path1: str, path2: str) -> str | None:
    """None unless the two paths (normalised segments) can match one request with neither
    more specific; then an example request (``""`` when none can be written down)."""
    first_more = second_more = tie = False
    for a, b in zip(first, second, strict=True):
        if a == b:
            continue
        if not _segments_meet(a, b):
            return None
        ra, rb = _rank(a), _rank(b)
        if ra > rb:
            first_more = True
        elif rb > ra:
            second_more = True
        else:
            tie = True
    if not ((first_more and second_more) or tie):
        return None
    written1, written2 = path1.split("/"), path2.split("/")
    example = []
    for a, b, w1, w2 in zip(first, second, written1, written2, strict=False):
        if "{" not in a:
            example.append(a)
        elif "{" not in b:
            example.append(b)
        else:
            example.append(w1 if _rank(a) >= _rank(b) else w2)
    return "/".join(example)
