"""The walk over the raw documents: every path item, operation, parameter, schema ...
reachable from the main file, visited once, following ``$ref`` into the other files;
the rules on one object are applied as it is met (pure Python, no Sphinx)."""

from __future__ import annotations

from typing import Any

from ...spec.paths import raw_operations
from ...spec.pointer import escape_token
from .links import check_link
from .operations import check_parameter_list, check_security, check_servers
from .raw import Key, RawSpec
from .schemas import check_enum, check_mapping

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


class Walk:
    """What the walk met: the schemas, the parts each is of, the ``required`` lists, the
    discriminators, the components used (the rules that need the whole spec read them)."""

    def __init__(self, raw: RawSpec) -> None:
        self.raw = raw
        self.stack: list[tuple[str, Any, str, str]] = []
        self.visited: set[tuple[str, str, str]] = set()
        self.schemas: dict[Key, dict[str, Any]] = {}
        self.parents: dict[Key, list[Key]] = {}
        self.required: list[tuple[Key, dict[str, Any]]] = []
        self.discriminators: set[Key] = set()
        self.all_of_refs: dict[str, set[Key]] = {}
        self.used: set[str] = set()

    def run(self) -> None:
        """Visit every path item, operation, parameter, schema ... reachable from the main
        file, following ``$ref`` into other files."""
        root, main = self.raw.root, self.raw.main
        stack = self.stack
        if not root:
            return
        check_security(self.raw, root.get("security"), main, "/security")
        if not self.raw.swagger2:
            check_servers(self.raw, root.get("servers"), main, "/servers")
        self.push_map(_PATH_ITEM, root.get("paths"), main, "/paths")
        for word in ("webhooks", "x-webhooks"):
            self.push_map(_PATH_ITEM, root.get(word), main, "/" + word)
        if self.raw.swagger2:
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
            if "$ref" in value and (kind != _SCHEMA or not self.raw.v31):
                place = self.raw.target(file, value["$ref"])
                if place is not None:
                    stack.append((kind, self.raw.value_at(place), *place))
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
        if not self.raw.swagger2:
            check_servers(self.raw, item.get("servers"), file, pointer + "/servers")
        for below, op in raw_operations(item):
            self.push(_OPERATION, op, file, pointer + below)

    def operation(self, op: dict[str, Any], file: str, pointer: str) -> None:
        self.parameter_list(op.get("parameters"), file, pointer + "/parameters")
        check_security(self.raw, op.get("security"), file, pointer + "/security")
        self.push_map(_RESPONSE, op.get("responses"), file, pointer + "/responses")
        if not self.raw.swagger2:
            check_servers(self.raw, op.get("servers"), file, pointer + "/servers")
            self.push(_REQUEST_BODY, op.get("requestBody"), file, pointer + "/requestBody")
            self.push_map(_CALLBACK, op.get("callbacks"), file, pointer + "/callbacks")

    def parameter(self, param: dict[str, Any], file: str, pointer: str) -> None:
        if self.raw.swagger2 and param.get("in") != "body":
            self.push(_SCHEMA, param, file, pointer)  # the parameter is its own schema
            return
        self.push(_SCHEMA, param.get("schema"), file, pointer + "/schema")
        if not self.raw.swagger2:
            self.push_map(_MEDIA, param.get("content"), file, pointer + "/content")

    def header(self, header: dict[str, Any], file: str, pointer: str) -> None:
        if self.raw.swagger2:
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
        if self.raw.swagger2:
            self.push(_SCHEMA, response.get("schema"), file, pointer + "/schema")
        else:
            self.push_map(_MEDIA, response.get("content"), file, pointer + "/content")
            self.push_map(_LINK, response.get("links"), file, pointer + "/links")

    def callback(self, callback: dict[str, Any], file: str, pointer: str) -> None:
        self.push_map(_PATH_ITEM, callback, file, pointer)

    def link(self, link: dict[str, Any], file: str, pointer: str) -> None:
        check_link(self.raw, link, file, pointer)

    def parameter_list(self, entries: Any, file: str, pointer: str) -> None:
        if not isinstance(entries, list):
            return
        for i, entry in enumerate(entries):
            self.push(_PARAMETER, entry, file, f"{pointer}/{i}")
        check_parameter_list(self.raw, entries, file, pointer)

    def schema(self, schema: dict[str, Any], file: str, pointer: str) -> None:
        key = (file, pointer)
        self.schemas[key] = schema
        ref = schema.get("$ref")
        if ref is not None:  # 3.1: a $ref with sibling keywords
            place = self.raw.target(file, ref)
            if place is not None:
                self.stack.append((_SCHEMA, self.raw.value_at(place), *place))
        disc = schema.get("discriminator")
        if disc is not None:
            self.discriminators.add(key)
            if isinstance(disc, dict):
                check_mapping(
                    self.raw,
                    self.used,
                    disc.get("mapping"),
                    file,
                    pointer + "/discriminator/mapping",
                )
        if "enum" in schema:
            check_enum(self.raw, schema, file, pointer)
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
            found = self.raw.deref(part, file, pointer)
            if found is not None:
                self.parents.setdefault((found[1], found[2]), []).append(parent)
                if all_of and self.raw.component_of(*parent) == parent[1]:
                    self.all_of_refs.setdefault(parent[1], set()).add((found[1], found[2]))
