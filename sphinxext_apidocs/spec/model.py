"""The normalised API model: one shape for Swagger 2.0, OpenAPI 3.0, 3.1 and 3.2.

Plain frozen dataclasses, no Sphinx.  Every object that comes from the spec
carries a :class:`Location` (file and JSON pointer), so warnings about it can
name where it was written.  Schemas refer to named schemas by key
(``file#pointer``) instead of holding them, so circular references are just
keys and nothing is expanded forever.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, dataclass_transform

from .pointer import escape_token, last_token

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """A frozen dataclass, to the type checker.  At run time its ``__init__`` assigns the
    fields directly (a frozen dataclass sets each through ``object.__setattr__``, three
    times slower) into slots (an instance dict holds at most 30 attributes in shared
    keys, and a schema has 31: each would get a dict of its own).  Loading a large spec
    makes ~50,000 schemas; GitHub's load went from 0.92 to 0.61 s.  Equal instances hash
    equal, as frozen ones do."""
    return dataclass(unsafe_hash=True, slots=True)(cls)


METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
"""The methods a path item names by a field of their own (``query`` since OpenAPI 3.2);
any other method is an entry of the 3.2 path item's ``additionalOperations``."""
TOKEN_CHARS = "!#$%&'*+.^_`|~0-9A-Za-z-"
"""The characters of an HTTP token (RFC 9110): method and header names, media types' parts."""
HTTP_TOKEN = re.compile(f"[{TOKEN_CHARS}]+")
PARAMETER_LOCATIONS = ("path", "query", "querystring", "header", "cookie")
"""``querystring`` (OpenAPI 3.2): the whole query string, one parameter with ``content``."""


class OperationKind(StrEnum):
    """Where an operation is written: under ``paths``, ``webhooks`` or an operation's
    ``callbacks``."""

    PATH = "path"
    WEBHOOK = "webhook"
    CALLBACK = "callback"


class _Missing:
    """Marks a value the spec does not give (``None`` is a real JSON value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@record
class Location:
    """Where something was written: a file and a JSON pointer into it."""

    file: str
    pointer: str = ""

    def child(self, *parts: str | int) -> Location:
        pointer = self.pointer
        for part in parts:
            pointer = f"{pointer}/{escape_token(part) if type(part) is str else str(part)}"
        return Location(self.file, pointer)

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}"


@record
class Discriminator:
    property_name: str
    mapping: tuple[tuple[str, str], ...] = ()
    """(value, schema key) pairs; the key is ``""`` when the target is missing."""
    default_mapping: str | None = None
    """OpenAPI 3.2 ``defaultMapping``: the key of the schema for a value the mapping does
    not name (or a missing property); ``""`` when the target is missing."""

    @property
    def targets(self) -> tuple[str, ...]:
        """The keys of every schema the discriminator names (mapping, then default)."""
        keys = tuple(key for _value, key in self.mapping)
        return (*keys, self.default_mapping) if self.default_mapping is not None else keys


@record
class SchemaRules:
    """The JSON Schema 2020-12 keywords that state rules across a value's properties or
    items (conditions, dependencies, ``contains`` ...).  Few schemas have any: a schema
    without them holds None rather than an empty record."""

    if_: Schema | None = None
    then: Schema | None = None
    else_: Schema | None = None
    dependent_required: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(property, the properties it requires): also draft 7's list-valued ``dependencies``."""
    dependent_schemas: tuple[tuple[str, Schema], ...] = ()
    """(property, the schema the object must match when it has that property): also
    draft 7's schema-valued ``dependencies``."""
    contains: Schema | None = None
    min_contains: int | None = None
    max_contains: int | None = None
    property_names: Schema | None = None
    unevaluated_properties: Schema | bool | None = None
    unevaluated_items: Schema | bool | None = None
    content_schema: Schema | None = None


@record
class Schema:
    """A JSON Schema, as far as documentation needs it.

    A reference is a Schema whose ``ref`` is the key of the target; the
    target lives in :attr:`ApiSpec.schemas`.  3.1 siblings of ``$ref``
    (description, title, ...) stay on the reference.
    """

    location: Location
    ref: str | None = None
    ref_name: str | None = None
    types: tuple[str, ...] = ()
    format: str | None = None
    title: str | None = None
    description: str | None = None
    properties: tuple[tuple[str, Schema], ...] = ()
    pattern_properties: tuple[tuple[str, Schema], ...] = ()
    required: tuple[str, ...] = ()
    additional_properties: Schema | bool | None = None
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] = ()
    all_of: tuple[Schema, ...] = ()
    one_of: tuple[Schema, ...] = ()
    any_of: tuple[Schema, ...] = ()
    not_: Schema | None = None
    enum: tuple[Any, ...] | None = None
    const: Any = MISSING
    default: Any = MISSING
    examples: tuple[Any, ...] = ()
    constraints: tuple[tuple[str, Any], ...] = ()
    nullable: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    discriminator: Discriminator | None = None
    xml: Mapping[str, Any] | None = None
    extensions: tuple[tuple[str, Any], ...] = ()
    rules: SchemaRules | None = None
    external_docs: ExternalDocs | None = None
    raw: Any = field(default=None, compare=False, repr=False)
    """The JSON value as written (for validation of examples later)."""

    @property
    def is_ref(self) -> bool:
        return self.ref is not None

    @property
    def is_false(self) -> bool:
        """The schema ``false`` (3.1): no value is valid."""
        return self.raw is False


@record
class Example:
    name: str | None
    location: Location
    summary: str | None = None
    description: str | None = None
    value: Any = MISSING
    """The data (``value``, or OpenAPI 3.2 ``dataValue``): what the schema validates."""
    external_value: str | None = None
    serialized_value: str | None = None
    """OpenAPI 3.2 ``serializedValue``: the example as sent, written out."""
    value_field: str = "value"
    """The field of an Example Object the value is written in (``dataValue``,
    ``externalValue``...), for locations."""


@record
class MediaType:
    media_type: str
    location: Location
    schema: Schema | None = None
    examples: tuple[Example, ...] = ()
    encoding: tuple[tuple[str, Any], ...] = ()
    item_schema: Schema | None = None
    """OpenAPI 3.2 ``itemSchema``: each item of a sequential media type (a stream of
    server-sent events, JSON Lines, JSON text sequences, ``multipart/mixed`` parts)."""
    prefix_encoding: tuple[dict[str, Any], ...] = ()
    """OpenAPI 3.2 ``prefixEncoding``: the Encoding Objects of the first ``multipart``
    parts of a stream, in order."""
    item_encoding: dict[str, Any] | None = None
    """OpenAPI 3.2 ``itemEncoding``: the Encoding Object of the other parts."""


@record
class Parameter:
    name: str
    location_in: str
    location: Location
    description: str | None = None
    required: bool = False
    deprecated: bool = False
    schema: Schema | None = None
    style: str | None = None
    explode: bool | None = None
    examples: tuple[Example, ...] = ()
    content: tuple[MediaType, ...] = ()
    extensions: tuple[tuple[str, Any], ...] = ()


@record
class Header:
    name: str
    location: Location
    description: str | None = None
    required: bool = False
    deprecated: bool = False
    schema: Schema | None = None
    examples: tuple[Example, ...] = ()


@record
class Link:
    name: str
    location: Location
    operation_id: str | None = None
    operation_ref: str | None = None
    parameters: tuple[tuple[str, Any], ...] = ()
    request_body: Any = MISSING
    description: str | None = None


@record
class RequestBody:
    location: Location
    description: str | None = None
    required: bool = False
    content: tuple[MediaType, ...] = ()


@record
class Response:
    status: str
    location: Location
    description: str | None = None
    headers: tuple[Header, ...] = ()
    content: tuple[MediaType, ...] = ()
    links: tuple[Link, ...] = ()
    summary: str | None = None
    """OpenAPI 3.2: a short summary of the response."""


@record
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str | None = None


@record
class Server:
    url: str
    description: str | None = None
    variables: tuple[ServerVariable, ...] = ()
    name: str | None = None
    """OpenAPI 3.2: a name to refer to the server by (``production``)."""

    def resolved_url(self) -> str:
        """The URL with every variable replaced by its default."""
        url = self.url
        for var in self.variables:
            url = url.replace("{" + var.name + "}", var.default)
        return url


@record
class OAuthFlow:
    kind: str
    authorization_url: str | None = None
    token_url: str | None = None
    refresh_url: str | None = None
    scopes: tuple[tuple[str, str], ...] = ()
    device_authorization_url: str | None = None
    """OpenAPI 3.2 ``deviceAuthorization`` flow's ``deviceAuthorizationUrl``."""


@record
class SecurityScheme:
    name: str
    type: str
    location: Location
    description: str | None = None
    scheme: str | None = None
    bearer_format: str | None = None
    param_in: str | None = None
    param_name: str | None = None
    flows: tuple[OAuthFlow, ...] = ()
    openid_connect_url: str | None = None
    oauth2_metadata_url: str | None = None
    """OpenAPI 3.2: where the OAuth 2 authorization server's metadata (RFC 8414) is."""
    deprecated: bool = False
    """OpenAPI 3.2: the scheme should no longer be used."""


@record
class SecurityRequirement:
    """One alternative: all of these schemes together (empty: anonymous access)."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


@record
class ExternalDocs:
    url: str
    description: str | None = None


@record
class Callback:
    name: str
    expression: str
    operations: tuple[Operation, ...]


@record
class Operation:
    method: str
    """Lower case for a method of :data:`METHODS`, else as written (see :attr:`http_method`)."""
    path: str
    location: Location
    kind: OperationKind = OperationKind.PATH
    operation_id: str | None = None
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    callbacks: tuple[Callback, ...] = ()
    security: tuple[SecurityRequirement, ...] | None = None
    """``None``: the spec-wide requirement applies."""
    servers: tuple[Server, ...] = ()
    external_docs: ExternalDocs | None = None
    extensions: tuple[tuple[str, Any], ...] = ()

    @property
    def http_method(self) -> str:
        """The method as a request sends it: a fixed field's in upper case, an
        ``additionalOperations`` key as written (those keys are case-sensitive)."""
        return self.method.upper() if self.method in METHODS else self.method

    @property
    def title(self) -> str:
        return f"{self.http_method} {self.path}"

    def extension(self, name: str, default: Any = None) -> Any:
        for key, value in self.extensions:
            if key == name:
                return value
        return default

    def schemas(self) -> Iterator[Schema]:
        """The schemas written in the operation: of its parameters, bodies and response
        headers, and of its callbacks' operations (not followed through references)."""
        for p in self.parameters:
            yield from (s for s in [p.schema, *(m.schema for m in p.content)] if s is not None)
        bodies = list(self.request_body.content) if self.request_body is not None else []
        for response in self.responses:
            bodies.extend(response.content)
            yield from (h.schema for h in response.headers if h.schema is not None)
        yield from (m.schema for m in bodies if m.schema is not None)
        for callback in self.callbacks:
            for op in callback.operations:
                yield from op.schemas()


@record
class Tag:
    name: str
    description: str | None = None
    external_docs: ExternalDocs | None = None
    display_name: str | None = None
    parent: str | None = None
    """The tag this one is nested under (OpenAPI 3.2 ``parent``)."""
    summary: str | None = None
    """OpenAPI 3.2: a short summary of the tag."""
    kind: str | None = None
    """OpenAPI 3.2: what sort of tag it is (``nav``, ``badge``, ``audience``...)."""


@record
class TagGroup:
    """A named set of tags shown together (``x-tagGroups``, or a 3.2 parent tag)."""

    name: str
    tags: tuple[str, ...]


@record
class Contact:
    name: str | None = None
    url: str | None = None
    email: str | None = None


@record
class License:
    name: str | None = None
    url: str | None = None
    identifier: str | None = None


@record
class Logo:
    """``info.x-logo`` (Redoc's extension): the API's logo, as written."""

    url: str
    location: Location
    alt_text: str | None = None
    background_color: str | None = None
    href: str | None = None


@record
class ApiSpec:
    """A whole API description, every version normalised to this shape."""

    file: str
    openapi_version: str
    title: str
    version: str
    description: str | None = None
    summary: str | None = None
    terms_of_service: str | None = None
    contact: Contact | None = None
    license: License | None = None
    servers: tuple[Server, ...] = ()
    tags: tuple[Tag, ...] = ()
    tag_groups: tuple[TagGroup, ...] = ()
    """``x-tagGroups`` as written (the tags a 3.2 ``parent`` nests are not repeated here)."""
    operations: tuple[Operation, ...] = ()
    webhooks: tuple[Operation, ...] = ()
    schemas: Mapping[str, Schema] = field(default_factory=dict)
    """Every schema reached by a ``$ref``, by key ``file#pointer``."""
    component_schemas: tuple[tuple[str, str], ...] = ()
    """(name, key) of the spec's own ``components/schemas`` (or ``definitions``)."""
    schema_names: Mapping[str, str] = field(default_factory=dict)
    """Display name by schema key: the component's name, also for the file a
    component only refers to (``Book: {$ref: schemas/book.yaml}`` names it ``Book``)."""
    subtypes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """For each schema key with a discriminator, the keys of the component schemas that
    inherit it (their ``allOf`` refers to it): OpenAPI's implicit discriminator mapping."""
    ref_ends: Mapping[str, str] = field(default_factory=dict)
    """For each schema key whose schema is a ``$ref``, the key of the schema its chain of
    references ends at (see :meth:`referent`), found once for the whole spec."""
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    external_docs: ExternalDocs | None = None
    logo: Logo | None = None
    files: tuple[str, ...] = ()
    """Every file read to build this spec (the main file first)."""
    marks_internal: bool = False
    """Whether an operation, parameter or schema says ``x-internal: true``: only then
    does :func:`.internal.without_internal` look through the spec."""

    def referent_key(self, schema: Schema) -> str | None:
        """The key of the schema the chain of ``$ref`` from ``schema`` ends at; None when
        ``schema`` is no reference or an unresolved one."""
        if not schema.ref:
            return None
        return self.ref_ends.get(schema.ref, schema.ref)

    def referent(self, schema: Schema) -> Schema:
        """The schema the chain of ``$ref`` from ``schema`` ends at: one that is no
        reference, an unresolved one (``ref == ""``), or, for a loop, a schema of the
        loop (still a reference); ``schema`` itself when it is no reference."""
        key = self.referent_key(schema)
        return schema if key is None else self.schemas.get(key, schema)

    def discriminated_subtypes(self, schema: Schema) -> tuple[tuple[str, str], ...]:
        """(value, schema key) of each subtype of ``schema``'s discriminator: its mapping,
        then the schemas that inherit ``schema`` and no mapping names (by their name)."""
        target = self.referent(schema)
        if target.discriminator is None:
            return ()
        mapped = target.discriminator.mapping
        named = {key for _value, key in mapped}
        inheriting = self.subtypes.get(str(target.location), ())
        return mapped + tuple(
            (self.schema_names.get(key) or last_token(key), key)
            for key in inheriting
            if key not in named
        )

    def schema_by_name(self, name: str) -> Schema | None:
        for cname, key in self.component_schemas:
            if cname == name:
                return self.schemas.get(key)
        return None

    def security_scheme(self, name: str) -> SecurityScheme | None:
        for scheme in self.security_schemes:
            if scheme.name == name:
                return scheme
        return None

    def find_operation(self, target: str) -> Operation | None:
        """An operation by operationId or ``METHOD /path``."""
        method, _, path = target.strip().partition(" ")
        method = method.lower()
        path = path.strip()
        for op in self.operations + self.webhooks:
            if op.operation_id == target.strip():
                return op
        if path:
            for op in self.operations + self.webhooks:
                if op.method.lower() == method and op.path == path:
                    return op
        return None
