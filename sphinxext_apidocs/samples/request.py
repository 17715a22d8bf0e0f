"""The HTTP request a code sample sends for an operation (pure Python, no Sphinx).

:func:`build_request` decides everything a code sample needs, once, in a
language-neutral :class:`HttpRequest`; the language templates
(:mod:`.code`) only spell it out.

* URL: ``apidocs_base_url``, else the operation's or the spec's first server
  with its variables' defaults; a relative server URL (Swagger 2.0 without
  ``host``) is put under ``https://api.example.com``.
* Path parameters are filled with their example (else a value made from the
  schema), never left as ``{id}``; required query, header and cookie
  parameters are added the same way.
* Security: the operation's first security alternative that names
  credentials (the spec's when the operation names none; an anonymous
  alternative is passed over, so the sample shows how to authenticate);
  bearer, OAuth 2 and OpenID Connect become an ``Authorization: Bearer``
  header with a placeholder token, API keys go in their header, query or
  cookie, HTTP basic is passed as the language's basic-auth form.
* Body: the first JSON media type of the request body (else the first one),
  with the author's first example (of the media type, else of its schema, as
  written: valid or not), else a payload made from the schema, with the
  optional properties ``properties`` asks for (see :func:`.payload.sample`); an
  optional body that can hold nothing (:func:`holds_nothing`) is not sent.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from ..spec.model import (
    MISSING,
    TOKEN_CHARS,
    ApiSpec,
    Example,
    MediaType,
    Operation,
    Parameter,
    RequestBody,
    Schema,
)
from ..spec.paths import TEMPLATE
from ..validation.model_validator import numeric_limit
from .media import (
    BOUNDARY,
    FILE_PLACEHOLDER,
    BodyKind,
    Part,
    body_kind,
    body_text,
    form_fields,
    form_text,
    header_value,
    multipart_parts,
    multipart_segments,
    placeholder_filename,
    scalar_text,
    sendable_type,
    stream_text,
    styled_fields,
)
from .payload import SampleProperties, given_example, sample

DEFAULT_BASE_URL = "https://api.example.com"
TOKEN = "YOUR_ACCESS_TOKEN"
API_KEY = "YOUR_API_KEY"
USERNAME = "YOUR_USERNAME"
PASSWORD = "YOUR_PASSWORD"


class BodyForm(StrEnum):
    """How a body is sent (XML and other text bodies are ``text``); equal to its name in
    lower case, as the templates compare it."""

    JSON = "json"
    FORM = "form"
    MULTIPART = "multipart"
    TEXT = "text"
    BINARY = "binary"


@dataclass(frozen=True)
class Body:
    """What is sent; ``form`` says how (XML and other text bodies are ``text``)."""

    form: BodyForm
    media_type: str
    """The Content-Type to send (for multipart with its boundary)."""
    text: str
    """The body as sent (JSON pretty-printed; multipart with CRLF line ends)."""
    value: Any = None
    """The JSON value (form ``json``)."""
    fields: tuple[tuple[str, str], ...] = ()
    """Name/value pairs (form ``form``)."""
    parts: tuple[Part, ...] = ()
    """Fields and file parts (form ``multipart``)."""
    filename: str = "file.bin"
    """The file read for a ``binary`` body."""
    segments: tuple[tuple[str, str | None], ...] = ()
    """A ``multipart`` body cut where each file's bytes go: (text before it, file
    name) pairs, CRLF line ends; the last name is None."""


@dataclass(frozen=True)
class HttpRequest:
    method: str
    """As sent: ``GET``, ``POST``, ``QUERY``... or an ``additionalOperations`` key as
    written (:attr:`~.model.Operation.http_method`)."""
    url: str
    """Base URL, filled path and query string."""
    base_url: str
    path: str
    """The path with its parameters filled."""
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    """Parameters, API keys, bearer tokens and cookies (``Cookie``); not Content-Type."""
    basic_auth: tuple[str, str] | None
    body: Body | None


#: header parameters OpenAPI says to ignore: the body and the security set these
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def holds_nothing(spec: ApiSpec, body: RequestBody) -> bool:
    """An optional request body that can carry nothing: no description, no example, and
    each schema a closed object without properties (what Stripe's spec declares for its
    GET and DELETE operations).  It is neither shown nor sent."""
    if body.required or body.description:
        return False
    for media in body.content:
        if media.examples or media.schema is None:
            return False
        target = spec.referent(media.schema)
        if (
            target.additional_properties is not False
            or target.properties
            or target.pattern_properties
            or target.all_of
            or target.one_of
            or target.any_of
            or target.types not in ((), ("object",))
            or target.examples
        ):
            return False
    return True


def build_request(
    spec: ApiSpec,
    op: Operation,
    base_url: str | None = None,
    max_chars: int = 20000,
    properties: SampleProperties = "minimal",
) -> HttpRequest:
    """``max_chars``: bodies and parameter values longer than this are cut, with a note;
    ``properties``: the optional properties of a made-up body (see :func:`.payload.sample`)."""
    base = (base_url or server_url(spec, op)).rstrip("/")
    path = op.path
    query: list[tuple[str, str]] = []
    headers: list[tuple[str, str]] = []
    cookies: list[tuple[str, str]] = []
    whole_query = ""  # an OpenAPI 3.2 ``in: querystring`` parameter's
    for param in op.parameters:
        if param.location_in == "path":
            value = _path_placeholder(spec, param) or _param_value(spec, param, max_chars)
            path = path.replace("{" + param.name + "}", _path_text(value, param))
        elif not param.required or not param.name:
            continue
        elif param.location_in == "query":
            query.extend(_query_pairs(param.name, _param_value(spec, param, max_chars), param))
        elif param.location_in == "querystring":
            whole_query = querystring_text(spec, param, max_chars)
        elif param.location_in == "header" and param.name.lower() not in IGNORED_HEADERS:
            headers.append((param.name, _header_text(_param_value(spec, param, max_chars))))
        elif param.location_in == "cookie":
            cookies.append((param.name, _header_text(_param_value(spec, param, max_chars))))
    # a template variable no parameter declares: its name, never a literal {name}
    path = TEMPLATE.sub(lambda m: quote(m[1], safe="-._~") or "value", path)
    basic = _apply_security(spec, op, headers, query, cookies)
    if basic is not None:  # basic auth is the Authorization header
        headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
    if cookies:
        headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies)))
    headers = [(_header_name(name), value) for name, value in _one_per_name(headers)]
    url = base + path
    query_text = "&".join(t for t in (urlencode(query, quote_via=quote), whole_query) if t)
    if query_text:
        url += "?" + query_text
    return HttpRequest(
        method=op.http_method,
        url=_clean(url),
        base_url=_clean(base),
        path=_clean(path),
        query=_clean(tuple(query)),
        headers=_clean(tuple(headers)),
        basic_auth=basic,
        body=_clean(_body(spec, op, max_chars, properties)),
    )


def _one_per_name(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One value per header name (case-insensitive), the last one given: a credential
    wins over a header parameter of the same name, and no object literal in a sample
    has a key twice."""
    last = {name.lower(): (name, value) for name, value in headers}
    seen: set[str] = set()
    out = []
    for name, _ in headers:
        key = name.lower()
        if key not in seen:
            seen.add(key)
            out.append(last[key])
    return out


def server_url(spec: ApiSpec, op: Operation) -> str:
    """The operation's first server URL, else the spec's, else the default base URL."""
    servers = op.servers or spec.servers
    url = servers[0].resolved_url() if servers else ""
    if "://" not in url:
        url = DEFAULT_BASE_URL + ("/" + url.lstrip("/") if url.strip("/") else "")
    return url


#: what a string schema may say and still be one a placeholder fills
_PLACEHOLDER_KEYWORDS = {"minLength", "maxLength"}


def _path_placeholder(spec: ApiSpec, param: Parameter) -> str | None:
    """``CUSTOMER`` for the path parameter ``customer`` when nothing says more than "a
    string" (no example, enum, format, pattern, default): a value the reader sees is to
    be replaced, as ``YOUR_USERNAME`` is, where a made-up ``string`` read as a real id
    (``/v1/customers/string``). None when the schema says more, or its lengths refuse
    the placeholder."""
    if param.examples or param.content or param.schema is None:
        return None
    target = spec.referent(param.schema)
    says_more = (
        given_example(spec, param.schema) is not MISSING
        or target.types not in ((), ("string",))
        or target.format
        or target.enum is not None
        or target.const is not MISSING
        or target.default is not MISSING
        or target.all_of
        or target.one_of
        or target.any_of
        or target.not_ is not None
        or target.ref == ""
        or any(keyword not in _PLACEHOLDER_KEYWORDS for keyword, _ in target.constraints)
    )
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", param.name)  # orderId: ORDER_ID
    text = re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_").upper()
    lengths = dict(target.constraints)
    fits = numeric_limit(lengths, "minLength", 0) <= len(text)
    fits = fits and len(text) <= numeric_limit(lengths, "maxLength", math.inf)
    return text if text and fits and not says_more else None


def _param_value(spec: ApiSpec, param: Parameter, max_chars: int) -> Any:
    value = _param_example(spec, param)
    if isinstance(value, str):
        return _cut(value, max_chars)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return _cut(text, max_chars) if len(text) > max_chars else value


def _example_or_sample(
    spec: ApiSpec,
    examples: tuple[Example, ...],
    schema: Schema | None,
    properties: SampleProperties = "minimal",
) -> Any:
    """The first example with a value (an ``externalValue`` read from a file has one), else
    the schema's own example, else a sample of ``schema`` in a request; MISSING when there
    is none of these."""
    example = next((e.value for e in examples if e.value is not MISSING), MISSING)
    if example is MISSING:
        example = given_example(spec, schema)
    if example is MISSING and schema is not None:
        return sample(spec, schema, "request", properties=properties)
    return example


def _param_example(spec: ApiSpec, param: Parameter) -> Any:
    value = _example_or_sample(spec, param.examples, param.schema)
    if value is not MISSING:
        return value
    if param.content:  # a parameter serialised as a media type: its JSON text
        value = _media_value(spec, param.content[0])
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "value"


def querystring_text(spec: ApiSpec, param: Parameter, max_chars: int = 20000) -> str:
    """The whole query string an OpenAPI 3.2 ``in: querystring`` parameter stands for,
    without the ``?``: its first example's ``serializedValue`` as written, else its
    example value or one made from the schema, serialised as its media type (form pairs
    as a form body; JSON compact; any other type as its text; percent-encoded)."""
    if not param.content:
        return ""
    media = param.content[0]
    examples = media.examples or param.examples
    serialized = next((e.serialized_value for e in examples if e.serialized_value), None)
    if serialized is not None:
        return _cut(serialized.lstrip("?"), max_chars)
    value = _media_value(spec, replace(media, examples=examples))
    kind = body_kind(media.media_type)
    if kind == BodyKind.FORM:
        return form_text(form_fields(value, media.encoding))
    if kind == BodyKind.JSON:
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif not isinstance(value, str):
        value = body_text(spec, media.schema, value, media.media_type, media.encoding)
    return quote(_cut(value, max_chars), safe="-._~")


def _path_text(value: Any, param: Parameter) -> str:
    if isinstance(value, list):
        text = ",".join(scalar_text(v) for v in value)
    elif isinstance(value, dict):
        sep = "=" if param.explode else ","
        text = ",".join(f"{k}{sep}{scalar_text(v)}" for k, v in value.items())
    else:
        text = scalar_text(value)
    # a value that would leave the path segment empty would not match the route
    return quote(text, safe="-._~,=") or "0"


def _query_pairs(name: str, value: Any, param: Parameter) -> list[tuple[str, str]]:
    style = param.style or "form"
    explode = param.explode if param.explode is not None else style == "form"
    return styled_fields(name, value, style, explode)


def _header_name(name: str) -> str:
    """A header name as HTTP allows one (a token): other characters percent-encoded, so
    that no name is a line of its own, or ``@file`` to curl's ``--header``."""
    return _NOT_TOKEN.sub(lambda m: quote(m[0], safe="", errors="replace"), name)


def _header_text(value: Any) -> str:
    if isinstance(value, list):
        text = ",".join(scalar_text(v) for v in value)
    else:
        text = scalar_text(value)
    return header_value(text)


def _apply_security(
    spec: ApiSpec,
    op: Operation,
    headers: list[tuple[str, str]],
    query: list[tuple[str, str]],
    cookies: list[tuple[str, str]],
) -> tuple[str, str] | None:
    """Add the first security alternative's credentials; return basic-auth credentials."""
    inherited = spec.security if op.kind == "path" else ()
    requirements = op.security if op.security is not None else inherited
    # the first alternative that names credentials: where anonymous access is one
    # of the choices, the sample still shows how to authenticate
    chosen = next((r for r in requirements if r.schemes), None)
    if chosen is None:
        return None
    basic = None
    # one Authorization header: when a requirement names two schemes that both use
    # it (bearer and basic together), the first one named is shown
    authorization_used = False
    for name, _scopes in chosen.schemes:
        scheme = spec.security_scheme(name)
        if scheme is None:
            continue
        kind = scheme.type.lower()
        credential: tuple[str, str] | None = None
        if kind in ("oauth2", "openidconnect"):
            credential = ("Authorization", f"Bearer {TOKEN}")
        elif kind == "http":
            http_scheme = (scheme.scheme or "bearer").lower()
            if http_scheme == "basic" and not authorization_used:
                basic = (USERNAME, PASSWORD)
                authorization_used = True
            elif http_scheme == "bearer":
                credential = ("Authorization", f"Bearer {TOKEN}")
            elif http_scheme != "basic":
                credential = ("Authorization", f"{scheme.scheme} YOUR_CREDENTIALS")
        elif kind == "apikey" and scheme.param_name:
            where = (scheme.param_in or "header").lower()
            if where in ("query", "cookie"):
                {"query": query, "cookie": cookies}[where].append((scheme.param_name, API_KEY))
            else:
                credential = (scheme.param_name, API_KEY)
        if credential is None:
            continue
        if credential[0].lower() == "authorization":
            if authorization_used:
                continue
            authorization_used = True
        headers.append(credential)
    return basic


def _media_value(spec: ApiSpec, media: MediaType, properties: SampleProperties = "minimal") -> Any:
    value = _example_or_sample(spec, media.examples, media.schema, properties)
    if value is not MISSING:
        return value
    return {} if body_kind(media.media_type) == BodyKind.JSON else ""


def _body(
    spec: ApiSpec, op: Operation, max_chars: int, properties: SampleProperties
) -> Body | None:
    if op.request_body is None or not op.request_body.content:
        return None
    content = op.request_body.content
    media = next((m for m in content if body_kind(m.media_type) == BodyKind.JSON), content[0])
    media_type = _concrete(media.media_type)
    kind = body_kind(media_type)
    if holds_nothing(spec, op.request_body):
        return None
    if media.schema is None and media.item_schema is not None:  # OpenAPI 3.2: a stream
        item = sample(spec, media.item_schema, "request", properties=properties)
        text = stream_text([item], media_type, media.prefix_encoding, media.item_encoding)
        return Body(BodyForm.TEXT, media_type, _cut(text, max_chars))
    value = _media_value(spec, media, properties)
    if kind == BodyKind.JSON:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        if len(text) > max_chars:  # still valid code, no longer valid JSON: say so
            return Body(BodyForm.TEXT, media_type, _cut(text, max_chars))
        return Body(BodyForm.JSON, media_type, text, value=value)
    if kind == BodyKind.FORM:
        fields = tuple(form_fields(value, media.encoding))
        if not fields and not op.request_body.required:
            return None  # every field optional, none sent: no empty body in the samples
        return Body(BodyForm.FORM, media_type, form_text(fields), fields=fields)
    if kind == BodyKind.MULTIPART:
        parts = tuple(multipart_parts(spec, media.schema, value, media.encoding))
        if not parts and not op.request_body.required:
            return None
        segments = tuple((_crlf(text), name) for text, name in multipart_segments(list(parts)))
        text = FILE_PLACEHOLDER.join(text for text, _ in segments)
        essence = media_type.split(";", 1)[0].strip()
        return Body(
            BodyForm.MULTIPART,
            f"{essence}; boundary={BOUNDARY}",
            text,
            parts=parts,
            segments=segments,
        )
    if kind == BodyKind.BINARY:
        return Body(
            BodyForm.BINARY, media_type, "", filename=placeholder_filename("file", media_type)
        )
    text = value if isinstance(value, str) else body_text(spec, media.schema, value, media_type)
    return Body(BodyForm.TEXT, media_type, _cut(text, max_chars))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _concrete(media_type: str) -> str:
    """A type a client can send for a range: ``*/*`` and ``application/*`` send JSON."""
    essence = media_type.split(";", 1)[0].strip().lower()
    wildcard = {
        "*/*": "application/json",
        "application/*": "application/json",
        "text/*": "text/plain",
        "multipart/*": "multipart/form-data",
    }
    if essence in wildcard:
        return wildcard[essence]
    return sendable_type(media_type)


def _cut(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max_chars] + f"\n… ({len(text) - max_chars:,} characters not shown)"


def _clean(value: Any) -> Any:
    """Lone surrogates (from a ``"\\ud800"`` in a JSON spec) cannot be written as UTF-8:
    they become U+FFFD, so that every language can hold every string."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, tuple) and not hasattr(value, "__dataclass_fields__"):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, Body):
        return Body(
            value.form,
            _clean(value.media_type),
            _clean(value.text),
            _clean(value.value),
            _clean(value.fields),
            tuple(
                Part(_clean(p.name), _clean(p.value), _clean(p.filename), p.content_type)
                for p in value.parts
            ),
            value.filename,
            tuple((_clean(text), name) for text, name in value.segments),
        )
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_TOKEN = re.compile(rf"[^{TOKEN_CHARS}]")
