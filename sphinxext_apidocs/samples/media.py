"""A value written as the body of a media type (pure Python, no Sphinx).

:func:`body_kind` sorts a media type into one of a few ways of writing a
body; :func:`body_text` writes a value that way: JSON pretty-printed, a form
urlencoded, multipart as RFC 7578 text (``\\n`` line ends, for display), XML
after the schema's ``xml`` hints, other text as is, binary as a placeholder.

Media types, parameters and case ignored:

* ``json``: ``application/json``, ``text/json``, ``application/x-json`` and
  every ``+json`` suffix; also ``*/*`` and ``application/*`` (a client sends
  JSON when anything goes);
* ``form``: ``application/x-www-form-urlencoded``;
* ``multipart``: ``multipart/*``;
* ``xml``: ``application/xml``, ``text/xml`` and every ``+xml`` suffix
  (``image/svg+xml`` too: it is text);
* ``binary``: ``image/*``, ``audio/*``, ``video/*``, ``font/*``, ``model/*``,
  ``application/octet-stream`` and the known binary ``application`` formats
  (pdf, zip, gzip, protobuf, msgpack, cbor, office documents...) and the
  ``+zip``, ``+gzip``, ``+cbor``, ``+der`` suffixes;
* ``text``: everything else: ``text/*``, ``application/yaml``, line-delimited
  JSON, JavaScript, GraphQL... and *unknown* ``application`` subtypes: a body
  the spec describes with a schema is more use shown (a string as is, any
  other value as JSON) than hidden behind a placeholder, and the binary
  formats that APIs use are listed above.
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from ..spec.media_types import essence, is_binary
from ..spec.model import ApiSpec, Schema
from .payload import Context, SampleProperties, Sampler, branch_samples


class BodyKind(StrEnum):
    """How a body is written (see the module's docstring); equal to its name in lower case."""

    JSON = "json"
    FORM = "form"
    MULTIPART = "multipart"
    XML = "xml"
    TEXT = "text"
    BINARY = "binary"


BOUNDARY = "apidocs-boundary"
BINARY_PLACEHOLDER = "(binary data)"
FILE_PLACEHOLDER = "(file contents)"

#: file name extension by media type (placeholder file names); others: ``.bin``
_EXTENSIONS = {
    "application/octet-stream": ".bin",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/gzip": ".gz",
    "application/x-gzip": ".gz",
    "application/x-tar": ".tar",
    "application/json": ".json",
    "application/xml": ".xml",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/bmp": ".bmp",
    "image/tiff": ".tiff",
    "image/heic": ".heic",
    "image/avif": ".avif",
    "image/x-icon": ".ico",
    "image/vnd.microsoft.icon": ".ico",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "video/mp4": ".mp4",
    "video/mpeg": ".mpeg",
    "video/webm": ".webm",
    "video/quicktime": ".mov",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "text/html": ".html",
    "text/markdown": ".md",
    "text/xml": ".xml",
}

#: characters XML 1.0 does not allow anywhere (replaced by U+FFFD)
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_RESERVED_NAMESPACES = frozenset(
    {"http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"}
)
_MAX_XML_DEPTH = 64


def body_kind(media_type: str) -> BodyKind:
    """How a body of ``media_type`` is written (see the module's docstring)."""
    top, slash, sub = essence(media_type).partition("/")
    if not slash:  # not a media type ("json", "*"): read it as an application subtype
        top, sub = "application", top
    if sub in ("*", "") and top in ("*", "application"):
        return BodyKind.JSON
    if top == "multipart":
        return BodyKind.MULTIPART
    if sub == "x-www-form-urlencoded":
        return BodyKind.FORM
    if sub in ("json", "x-json") or sub.endswith("+json"):
        return BodyKind.JSON
    if sub == "xml" or sub.endswith("+xml"):
        return BodyKind.XML
    return BodyKind.BINARY if is_binary(f"{top}/{sub}") else BodyKind.TEXT


@dataclass(frozen=True)
class Part:
    """One part of a ``multipart/form-data`` body: a field or a file."""

    name: str
    value: str | None
    """The text of a field (``None`` for a file part)."""
    filename: str | None = None
    """A placeholder file name for a file part (``avatar.png``)."""
    content_type: str | None = None
    """``application/json`` for an object field, the file's type for a file part."""


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return str(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)


def scalar_text(value: Any) -> str:
    """A JSON value as written in a form, query or path: a string as is, ``true``,
    ``""`` for null, numbers as JSON, arrays and objects as compact JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, (list, tuple, dict)):
        return _compact(value)
    return str(_json_default(value))


#: the Encoding Object fields that ask for a property to be written as a query
#: parameter is (RFC 6570 style); without them its content type decides
STYLE_FIELDS = ("style", "explode", "allowReserved")
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}


def encoding_style(encoding: Any) -> tuple[str, bool] | None:
    """``(style, explode)`` of an Encoding Object that gives ``style``, ``explode`` or
    ``allowReserved``, with OpenAPI's defaults (``form``; ``explode`` true for ``form``);
    None when it gives none of them."""
    if not isinstance(encoding, dict) or not any(k in encoding for k in STYLE_FIELDS):
        return None
    style = encoding.get("style")
    if not isinstance(style, str):
        style = "form"
    explode = encoding.get("explode")
    return style, explode if isinstance(explode, bool) else style == "form"


def styled_fields(name: str, value: Any, style: str, explode: bool) -> list[tuple[str, str]]:
    """A value as query-style name/value pairs (a query parameter, or a form property
    whose encoding gives a style).

    * ``deepObject``: ``name[key]=value``, nested objects ``name[a][b]=value`` and
      arrays ``name[0]=value``, ``name[0][key]=value`` (OpenAPI defines one level
      of objects; the rest is the de-facto convention of Stripe, Rails, PHP, ``qs``);
    * an array: ``name=a&name=b`` exploded, else one ``name=a,b`` (``a b`` for
      ``spaceDelimited``, ``a|b`` for ``pipeDelimited``);
    * an object: ``key=value`` per property exploded, else ``name=key,value,...``;
    * anything else one pair; values inside values as compact JSON.
    """
    if style == "deepObject":
        return _deep_object_fields(name, value)
    separator = _DELIMITERS.get(style, ",")
    if isinstance(value, (list, tuple)):
        if explode:
            return [(name, scalar_text(v)) for v in value]
        return [(name, separator.join(scalar_text(v) for v in value))]
    if isinstance(value, dict):
        if explode:
            return [(str(k), scalar_text(v)) for k, v in value.items()]
        words = [w for k, v in value.items() for w in (str(k), scalar_text(v))]
        return [(name, separator.join(words))]
    return [(name, scalar_text(value))]


def _deep_object_fields(name: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return [(name, scalar_text(value))]
    return [pair for k, v in items for pair in _deep_object_fields(f"{name}[{k}]", v)]


def form_fields(value: Any, encoding: tuple[tuple[str, Any], ...] = ()) -> list[tuple[str, str]]:
    """An object as ``application/x-www-form-urlencoded`` pairs, in order.

    A property whose Encoding Object gives ``style``, ``explode`` or
    ``allowReserved`` is written as :func:`styled_fields` says (Stripe's
    ``address[city]=...`` is ``style: deepObject``).  Otherwise, as OpenAPI's
    content-type defaults say, an array gives its name once per item and an
    object (also as an array item) compact JSON.  A value that is not an object
    gives no pairs.
    """
    if not isinstance(value, dict):
        return []
    encodings = _encodings(encoding)
    out: list[tuple[str, str]] = []
    for key, item in value.items():
        name = str(key)
        style = encoding_style(encodings.get(name))
        if style is not None:
            out.extend(styled_fields(name, item, *style))
        elif isinstance(item, (list, tuple)):
            out.extend((name, scalar_text(v)) for v in item)
        else:
            out.append((name, scalar_text(item)))
    return out


def form_text(fields: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """Form pairs as a urlencoded body (spaces as ``%20``, as the code samples send)."""
    return urlencode(fields, quote_via=quote)


# ---------------------------------------------------------------- multipart


def header_value(text: str) -> str:
    """``text`` as a header value: no line breaks or other control characters (each
    becomes a space), no space around it."""
    return "".join(c if c >= " " and c != "\x7f" else " " for c in text).strip()


def _first_type(content_type: Any) -> str | None:
    """The first media type of an encoding's ``contentType`` (it may list several)."""
    if not isinstance(content_type, str):
        return None
    first = header_value(content_type.split(",", 1)[0])
    return first or None


def _constraint(s: Schema, name: str) -> Any:
    return dict(s.constraints).get(name)


def _file_type(sampler: Sampler, schema: Schema | None, declared: str | None) -> str | None:
    """The content type of a file part for ``schema``, or None when it is not a file."""
    if declared is not None and body_kind(declared) == BodyKind.BINARY:
        return declared
    if schema is None:
        return None
    s, _ = sampler.resolve(schema)
    media = _constraint(s, "contentMediaType")
    if isinstance(media, str) and header_value(media):
        return declared or header_value(media)
    if (
        s.format in ("binary", "base64")
        or "file" in s.types
        or ("string" in s.types and _constraint(s, "contentEncoding") is not None)
    ):
        return declared or "application/octet-stream"
    return None


def sendable_type(media_type: str) -> str:
    """A content type a client can send (``image/*`` is not one)."""
    if "*" not in media_type:
        return media_type
    return "image/png" if essence(media_type) == "image/*" else "application/octet-stream"


def placeholder_filename(name: str, media_type: str, index: int | None = None) -> str:
    base = re.sub(r"[^\w.-]+", "_", name).strip("._") or "file"
    suffix = f"-{index}" if index is not None else ""
    stem, dot, ext = base.rpartition(".")
    if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        return f"{stem}{suffix}.{ext}"
    return base + suffix + _EXTENSIONS.get(essence(media_type), ".bin")


def _properties(sampler: Sampler, schema: Schema | None) -> dict[str, Schema]:
    """Property schemas by name: own and ``allOf`` first, then those of ``oneOf``/``anyOf`` branches."""
    if schema is None:
        return {}
    out: dict[str, Schema] = {}
    s, _ = sampler.resolve(schema)
    for name, prop in sampler.merged(s)[0]:
        out.setdefault(name, prop)
    for branch in s.one_of + s.any_of:
        for name, prop in sampler.merged(branch)[0]:
            out.setdefault(name, prop)
    return out


def _encodings(encoding: tuple[tuple[str, Any], ...]) -> dict[str, dict[str, Any]]:
    return {str(name): obj for name, obj in encoding if isinstance(obj, dict)}


def multipart_parts(
    spec: ApiSpec,
    schema: Schema | None,
    value: Any,
    encoding: tuple[tuple[str, Any], ...] = (),
) -> list[Part]:
    """The parts of a ``multipart/form-data`` body for an object ``value``.

    A property that is a file (format ``binary`` or ``base64``, a 3.1
    ``contentMediaType``, a string with ``contentEncoding``, or one whose
    encoding's ``contentType`` is a binary type) becomes a file part with a
    placeholder file name made from the property name and the content type;
    an array of files repeats the part.  A property whose encoding gives
    ``style``, ``explode`` or ``allowReserved`` is a text field per pair of
    :func:`styled_fields` (``file_link_data[create]``), its ``contentType``
    ignored, as OpenAPI 3.1 says.  Other arrays repeat a part per item;
    objects (also as array items) are JSON parts (``application/json``, or XML
    when the encoding says so).  The encoding's ``contentType`` is given on
    every part it names.  A value that is not an object gives no parts.
    """
    if not isinstance(value, dict):
        return []
    sampler = Sampler(spec, "request")
    properties = _properties(sampler, schema)
    encodings = _encodings(encoding)
    out: list[Part] = []
    for key, item in value.items():
        name = str(key)
        prop = properties.get(name)
        target = sampler.resolve(prop)[0] if prop is not None else None
        array = isinstance(item, (list, tuple))
        # an array's items are parts of their own (a file per item for an array of files)
        item_schema = (
            target.items if array and target is not None and target.items is not None else prop
        )
        style = encoding_style(encodings.get(name))
        if style is not None and _file_type(sampler, item_schema, None) is None:
            out.extend(Part(n, v) for n, v in styled_fields(name, item, *style))
            continue
        declared = _first_type(encodings.get(name, {}).get("contentType"))
        file_type = _file_type(sampler, item_schema, declared)
        if array:
            for i, element in enumerate(item, 1):
                index = i if len(item) > 1 else None
                out.append(_part(spec, name, item_schema, element, declared, file_type, index))
        else:
            out.append(_part(spec, name, prop, item, declared, file_type, None))
    return out


def _part(
    spec: ApiSpec,
    name: str,
    schema: Schema | None,
    value: Any,
    declared: str | None,
    file_type: str | None,
    index: int | None,
) -> Part:
    if file_type is not None:
        sendable = sendable_type(file_type)
        return Part(name, None, placeholder_filename(name, sendable, index), sendable)
    if isinstance(value, (dict, list, tuple)):
        content_type = declared or "application/json"
        if body_kind(content_type) == BodyKind.XML:
            return Part(name, xml_text(spec, schema, value), content_type=content_type)
        return Part(name, _compact(value), content_type=content_type)
    return Part(name, scalar_text(value), content_type=declared)


def _disposition_quote(text: str) -> str:
    """A name in a Content-Disposition header, escaped as browsers do (WHATWG)."""
    return text.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def multipart_segments(parts: list[Part]) -> list[tuple[str, str | None]]:
    """The body (``\\n`` line ends) cut where each file's bytes go: pairs of the text
    before a file and that file's name; the last pair's name is None."""
    out: list[tuple[str, str | None]] = []
    lines: list[str] = []
    for part in parts:
        disposition = f'Content-Disposition: form-data; name="{_disposition_quote(part.name)}"'
        if part.filename is not None:
            disposition += f'; filename="{_disposition_quote(part.filename)}"'
        lines += [f"--{BOUNDARY}", disposition]
        if part.content_type:
            lines.append(f"Content-Type: {part.content_type}")
        lines.append("")
        if part.value is None:
            out.append(("\n".join(lines) + "\n", part.filename or "file.bin"))
            lines = [""]  # a line end follows the file's bytes
        else:
            lines.append(part.value)
    lines.append(f"--{BOUNDARY}--")
    out.append(("\n".join(lines), None))
    return out


def multipart_text(parts: list[Part]) -> str:
    """The parts as a ``multipart/form-data`` body with :data:`BOUNDARY` (``\\n`` line ends)."""
    return FILE_PLACEHOLDER.join(text for text, _ in multipart_segments(parts))


# ---------------------------------------------------------------------- XML


@lru_cache(maxsize=4096)
def _expat_accepts(name: str) -> bool:
    """Whether expat (the strictest common parser: XML 1.0 4th edition names) takes
    ``name`` as an element name."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(f"<{name}/>".encode(), True)
    except (xml.parsers.expat.ExpatError, UnicodeError, ValueError):
        return False
    return True


def xml_name(name: str) -> str:
    """``name`` made a valid XML name without a colon (an NCName).

    Characters a name cannot hold become ``_``; a name that cannot start with
    its first character gets a leading ``_``.  Non-ASCII letters are kept where
    every parser takes them (checked with expat, whose tables are the oldest).
    """
    if _ASCII_NAME.match(name):
        return name
    chars = []
    for c in name:
        if c.isascii():
            ok = c.isalnum() or c in "_.-"
        else:
            ok = _expat_accepts("a" + c)
        chars.append(c if ok else "_")
    out = "".join(chars)
    if not out:
        return "_"
    first = out[0]
    if not (first.isascii() and (first.isalpha() or first == "_")) and not (
        not first.isascii() and _expat_accepts(first)
    ):
        out = "_" + out
    return out


def _xml_chars(text: str) -> str:
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _escape_text(text: str) -> str:
    text = _xml_chars(text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _cdata(text: str) -> str:
    """``text`` as a CDATA section (a ``]]>`` in it split across two)."""
    return "<![CDATA[" + _xml_chars(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _escape_attribute(text: str) -> str:
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


def _valid_prefix(prefix: Any) -> str | None:
    if not isinstance(prefix, str) or not prefix or prefix.lower().startswith("xml"):
        return None
    return prefix if xml_name(prefix) == prefix else None


def _valid_namespace(namespace: Any) -> str | None:
    if not isinstance(namespace, str) or not namespace or namespace in _RESERVED_NAMESPACES:
        return None
    return namespace


@dataclass
class _Node:
    tag: str
    declarations: dict[str, str] = field(default_factory=dict)
    """Prefix (``""``: the default namespace) to URI, declared on this element."""
    attributes: list[tuple[str, str]] = field(default_factory=list)
    expanded: set[tuple[str | None, str]] = field(default_factory=set)
    """(namespace, local name) of every attribute (a name may appear once)."""
    children: list[_Node] = field(default_factory=list)
    text: str | None = None
    #: text of properties whose ``nodeType`` is ``text`` or ``cdata`` (then True), before
    #: the children
    content: list[tuple[str, bool]] = field(default_factory=list)


class _XmlWriter:
    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self.sampler = Sampler(spec, None)

    def hints(self, schema: Schema | None) -> dict[str, Any]:
        """The xml object of a schema: the target's, with a 3.1 ``$ref`` sibling's over it."""
        if schema is None:
            return {}
        target, _ = self.sampler.resolve(schema)
        out = dict(target.xml or {})
        if schema.ref and isinstance(schema.raw, dict) and isinstance(schema.raw.get("xml"), dict):
            out.update(schema.raw["xml"])
        return out

    def schema_name(self, schema: Schema | None) -> str | None:
        if schema is None:
            return None
        if schema.ref:
            name = self.spec.schema_names.get(schema.ref) or schema.ref_name
            if name:
                return name
        return self.spec.schema_names.get(self.sampler.resolve(schema)[1])

    def root(self, schema: Schema | None, value: Any) -> _Node:
        name = self.schema_name(schema) or "root"
        return self.element(name, schema, value, {}, 0, root=True)[0]

    def qualify(
        self,
        node: _Node,
        local: str,
        hints: dict[str, Any],
        scope: dict[str, str],
        *,
        attribute: bool = False,
    ) -> tuple[str, str | None]:
        """The qualified name for ``local`` under ``hints``, declaring what it needs on
        ``node``; and its namespace (for an attribute: None when unprefixed)."""
        prefix = _valid_prefix(hints.get("prefix"))
        namespace = _valid_namespace(hints.get("namespace"))
        in_scope = {**scope, **node.declarations}
        if prefix is not None and namespace is not None:
            if in_scope.get(prefix) == namespace:
                return f"{prefix}:{local}", namespace
            if prefix not in node.declarations:
                node.declarations[prefix] = namespace
                return f"{prefix}:{local}", namespace
            # the prefix is taken on this element for another namespace: left out
        elif prefix is not None and prefix in in_scope:
            return f"{prefix}:{local}", in_scope[prefix]
        if attribute:
            return local, None  # an unprefixed attribute is in no namespace
        if namespace is not None and in_scope.get("") != namespace and "" not in node.declarations:
            node.declarations[""] = namespace
        return local, None

    def element(
        self,
        name: str,
        schema: Schema | None,
        value: Any,
        scope: dict[str, str],
        depth: int,
        *,
        root: bool = False,
    ) -> list[_Node]:
        hints = self.hints(schema)
        target = self.sampler.resolve(schema)[0] if schema is not None else None
        given = hints.get("name")
        if depth >= _MAX_XML_DEPTH and isinstance(value, (dict, list, tuple)):
            value = _compact(value)
        if isinstance(value, (list, tuple)):
            items = target.items if target is not None else None
            item_hints = self.hints(items)
            item_name = item_hints.get("name")
            if not (isinstance(item_name, str) and item_name):
                item_name = (self.schema_name(items) or "item") if root else name
            if not (root or hints.get("wrapped") is True or hints.get("nodeType") == "element"):
                out: list[_Node] = []
                for i, item in enumerate(value):
                    out += self.element(
                        item_name, self.item_schema(target, i), item, scope, depth + 1
                    )
                return out
            wrapper = given if isinstance(given, str) and given else name
            node = _Node("")
            node.tag = self.qualify(node, xml_name(wrapper), hints, scope)[0]
            inner = {**scope, **node.declarations}
            for i, item in enumerate(value):
                node.children += self.element(
                    item_name, self.item_schema(target, i), item, inner, depth + 1
                )
            return [node]
        node = _Node("")
        local = xml_name(given if isinstance(given, str) and given else name)
        node.tag = self.qualify(node, local, hints, scope)[0]
        if isinstance(value, dict):
            self.fill(node, schema, value, scope, depth)
        elif value is not None:
            node.text = scalar_text(value)
        return [node]

    @staticmethod
    def item_schema(target: Schema | None, index: int) -> Schema | None:
        if target is None:
            return None
        if index < len(target.prefix_items):
            return target.prefix_items[index]
        return target.items

    def fill(
        self,
        node: _Node,
        schema: Schema | None,
        value: dict[Any, Any],
        scope: dict[str, str],
        depth: int,
    ) -> None:
        properties = _properties(self.sampler, schema)
        for key, item in value.items():
            name = str(key)
            prop = properties.get(name)
            hints = self.hints(prop)
            node_type = hints.get("nodeType")  # OpenAPI 3.2
            scalar = not isinstance(item, (dict, list, tuple))
            if scalar and node_type in ("text", "cdata", "none"):
                if item is not None:
                    node.content.append((scalar_text(item), node_type == "cdata"))
                continue
            if node_type == "none" and isinstance(item, dict) and depth < _MAX_XML_DEPTH:
                self.fill(node, prop, item, scope, depth + 1)  # its properties are the node's
                continue
            if scalar and (hints.get("attribute") is True or node_type == "attribute"):
                given = hints.get("name")
                local = xml_name(given if isinstance(given, str) and given else name)
                if local == "xmlns":
                    local = "_xmlns"
                qname, namespace = self.qualify(node, local, hints, scope, attribute=True)
                if (namespace, local) in node.expanded:
                    continue  # two properties with one attribute name: the first is kept
                node.expanded.add((namespace, local))
                node.attributes.append((qname, scalar_text(item)))
                continue
            inner = {**scope, **node.declarations}
            node.children += self.element(name, prop, item, inner, depth + 1)

    def render(self, node: _Node, indent: int, lines: list[str]) -> None:
        pad = "  " * indent
        attributes = [
            ("xmlns" if prefix == "" else f"xmlns:{prefix}", uri)
            for prefix, uri in node.declarations.items()
        ] + node.attributes
        start = node.tag + "".join(f' {k}="{_escape_attribute(v)}"' for k, v in attributes)
        inline = "".join(_cdata(t) if cdata else _escape_text(t) for t, cdata in node.content)
        if node.children:
            lines.append(f"{pad}<{start}>{inline}")
            for child in node.children:
                self.render(child, indent + 1, lines)
            lines.append(f"{pad}</{node.tag}>")
        elif node.text is None and not inline:
            lines.append(f"{pad}<{start}/>")
        else:
            lines.append(f"{pad}<{start}>{inline}{_escape_text(node.text or '')}</{node.tag}>")


def xml_text(spec: ApiSpec, schema: Schema | None, value: Any) -> str:
    """``value`` as an XML document, after the schema's ``xml`` hints.

    The root element is named by the schema's ``xml.name``, else its component
    name, else ``root``; properties become child elements (``xml.name``
    renames them, ``attribute: true`` makes a scalar an attribute), arrays
    repeat their items' element unless ``wrapped: true`` (a root array is always
    wrapped).  OpenAPI 3.2's ``nodeType`` of a property: ``attribute`` (a scalar),
    ``text`` and ``cdata`` (a scalar is text, or a CDATA section, of the element, before
    its children), ``none`` (an object's properties are the element's own; a scalar is
    its text; an array's items are not wrapped) and ``element`` (an array is wrapped); ``namespace`` and ``prefix`` are declared where they are used (a
    prefix without a namespace in scope is left out).  Names are made valid XML
    names, text and attribute values escaped, and characters XML forbids
    replaced by U+FFFD: the document is always well-formed.  Indented by 2 spaces.
    """
    writer = _XmlWriter(spec)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    writer.render(writer.root(schema, value), 0, lines)
    return "\n".join(lines)


# --------------------------------------------------------------------- body


def body_text(
    spec: ApiSpec,
    schema: Schema | None,
    value: Any,
    media_type: str,
    encoding: tuple[tuple[str, Any], ...] = (),
) -> str:
    """The body of ``media_type`` for ``value``, as it would be sent (multipart with
    ``\\n`` line ends, for display; a binary body as a placeholder)."""
    kind = body_kind(media_type)
    if kind == BodyKind.JSON:
        return _pretty(value)
    if kind == BodyKind.FORM:
        return form_text(form_fields(value, encoding))
    if kind == BodyKind.MULTIPART:
        return multipart_text(multipart_parts(spec, schema, value, encoding))
    if kind == BodyKind.XML:
        return xml_text(spec, schema, value)
    if kind == BodyKind.BINARY:
        return BINARY_PLACEHOLDER
    return value if isinstance(value, str) else _pretty(value)


# ---------------------------------------------------------------- sequential media types

RECORD_SEPARATOR = "<RS>"
"""How a shown ``application/json-seq`` stream writes its record separator byte (0x1E),
which would be invisible."""
_SSE_FIELDS = ("event", "id", "retry", "data")


def stream_items(
    spec: ApiSpec,
    item_schema: Schema,
    context: Context | None = None,
    properties: SampleProperties = "minimal",
) -> list[Any]:
    """A few made-up items of a stream: one per ``oneOf``/``anyOf`` branch (up to three),
    at least two, so that the stream shows how items follow each other."""
    made = branch_samples(spec, item_schema, context, limit=3, properties=properties)
    values = [value for _name, value in made]
    return values * 2 if len(values) == 1 else values


def stream_text(
    values: list[Any],
    media_type: str,
    prefix_encoding: tuple[dict[str, Any], ...] = (),
    item_encoding: dict[str, Any] | None = None,
) -> str:
    """Items of an OpenAPI 3.2 sequential media type written as one stream, for display:
    server-sent events (``text/event-stream``), one JSON text per line (JSON Lines,
    NDJSON, and any other type), a record separator before each JSON text
    (``application/json-seq``), or ``multipart/mixed`` parts: each of the content type
    its Encoding Object gives (``prefix_encoding`` for the first parts in order,
    ``item_encoding`` for the others; JSON by default), a string item as it is in a part
    of a type that is not JSON, any other item as JSON."""
    kind = essence(media_type)
    if kind == "text/event-stream":
        return "".join(_sse_event(v) for v in values)
    if kind == "application/json-seq":
        return "".join(f"{RECORD_SEPARATOR}{_compact(v)}\n" for v in values)
    if kind.startswith("multipart/"):
        parts = []
        for i, value in enumerate(values):
            encoding = prefix_encoding[i] if i < len(prefix_encoding) else item_encoding
            part_type = _first_type((encoding or {}).get("contentType")) or "application/json"
            json_part = body_kind(part_type) == BodyKind.JSON or not isinstance(value, str)
            text = _compact(value) if json_part else value
            parts.append(f"--{BOUNDARY}\nContent-Type: {part_type}\n\n{text}\n")
        return "".join(parts) + f"--{BOUNDARY}--\n"
    return "".join(f"{_compact(v)}\n" for v in values)


def _sse_event(value: Any) -> str:
    """One server-sent event: an item that is an object of event fields (``event``,
    ``id``, ``retry``, ``data``: how OpenAPI 3.2 models an event) as those fields, any
    other item as its JSON in ``data``; a blank line ends the event."""
    if isinstance(value, dict) and value and set(value) <= set(_SSE_FIELDS):
        lines = [f"{k}: {scalar_text(value[k])}" for k in _SSE_FIELDS[:3] if k in value]
        data = value.get("data", "")
        text = data if isinstance(data, str) else _compact(data)
    else:
        lines, text = [], _compact(value)
    lines.extend(f"data: {line}" for line in text.split("\n"))
    return "\n".join(lines) + "\n\n"
