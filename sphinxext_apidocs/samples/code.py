"""Code samples: an :class:`~.request.HttpRequest` spelled out by a Jinja2 template per language.

The built-in templates live in ``samples/templates/<language>.j2``; a folder
named by ``apidocs_sample_templates`` is searched first, so its
``<language>.j2`` files override built-ins or add languages.  Each file of that
folder, also one that ``{% include %}``, ``{% import %}`` or ``{% extends %}``
names, is read only if it is a regular file inside that folder (symlinks
resolved); another gives :class:`TemplateRefused`.  A template may
start with a comment naming its tab label and Pygments lexer::

    {# label: Kotlin; lexer: kotlin #}

Templates get ``request`` (:class:`~.request.HttpRequest`), ``operation``
(its id, method, path and summary) and ``language`` (the id), plus the
quoting filters below, one per kind of literal; nothing from the spec is ever
put into code except through them.  ``request.method`` is an HTTP token (RFC 9110):
a fixed field's method in upper case or an OpenAPI 3.2 ``additionalOperations`` key
as written (``LINK``); templates quote it too.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from jinja2.loaders import split_template_path

from ..diagnostics.subtypes import Subtype
from ..spec.files import read_project_file, subtype_of
from ..spec.model import TOKEN_CHARS, Operation
from .request import HttpRequest

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Language:
    id: str
    label: str
    lexer: str


BUILTIN: dict[str, Language] = {
    lang.id: lang
    for lang in (
        Language("curl", "cURL", "bash"),
        Language("httpie", "HTTPie", "bash"),
        Language("python", "Python", "python"),
        Language("python-httpx", "Python (httpx)", "python"),
        Language("javascript", "JavaScript", "javascript"),
        Language("typescript", "TypeScript", "typescript"),
        Language("go", "Go", "go"),
        Language("java", "Java", "java"),
        Language("csharp", "C#", "csharp"),
        Language("php", "PHP", "php"),
        Language("ruby", "Ruby", "ruby"),
        Language("rust", "Rust", "rust"),
    )
}

_HEADER = re.compile(r"\A\{#(?P<body>.*?)#\}", re.DOTALL)


class TemplateRefused(jinja2.TemplateError):
    """A file of the template folder that is not read: outside the folder (by a
    symlink), not a regular file (a FIFO would block the build), or unreadable."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(f"cannot read {name}: {error.strerror or type(error).__name__}")
        self.subtype: Subtype = subtype_of(error)


class ProjectTemplates(jinja2.BaseLoader):
    """The project's template folder, every file read through :func:`.read_project_file`
    from that folder only (Jinja2's ``FileSystemLoader`` would follow a symlink anywhere,
    or open a FIFO)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.folder, *split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)  # a built-in one, maybe
        try:
            content = read_project_file(path, self.folder)
        except OSError as exc:
            raise TemplateRefused(template, exc) from None
        # one renderer per build: a template read once is current for the whole build
        return content.decode("utf-8", errors="replace"), path, lambda: True


class CodeSamples:
    """Renders code samples; one per build (templates are compiled once)."""

    def __init__(self, template_dir: str | None = None) -> None:
        """``template_dir``: the project's template folder, which no template read leaves."""
        loaders: list[jinja2.BaseLoader] = []
        self.project_templates: ProjectTemplates | None = None
        if template_dir:
            self.project_templates = ProjectTemplates(template_dir)
            loaders.append(self.project_templates)
        loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # code, not HTML: the renderer escapes the text it emits
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(FILTERS)
        self._languages: dict[str, Language | None] = {}

    def language(self, language_id: str) -> Language | None:
        """The language of ``language_id``, None when there is no template for it."""
        if language_id not in self._languages:
            self._languages[language_id] = self._find(language_id)
        return self._languages[language_id]

    def _find(self, language_id: str) -> Language | None:
        if self.project_templates is None:
            return BUILTIN.get(language_id)
        try:
            source = self.project_templates.get_source(self.env, f"{language_id}.j2")[0]
        except jinja2.TemplateNotFound:
            return BUILTIN.get(language_id)
        except TemplateRefused:
            source = ""  # the project's language all the same: rendering it reports why
        found = BUILTIN.get(language_id, Language(language_id, language_id, "text"))
        match = _HEADER.match(source.lstrip())
        if match:
            fields = dict(
                (k.strip().lower(), v.strip())
                for k, _, v in (f.partition(":") for f in match["body"].split(";"))
                if v.strip()
            )
            found = Language(
                language_id,
                fields.get("label", found.label),
                fields.get("lexer", found.lexer),
            )
        return found

    def render(self, language_id: str, request: HttpRequest, op: Operation) -> str:
        """The code; raises :class:`jinja2.TemplateError` for a broken template."""
        template = self.env.get_template(f"{language_id}.j2")
        code = template.render(
            request=request,
            language=language_id,
            operation={
                "id": op.operation_id,
                "method": op.http_method,
                "path": op.path,
                "summary": op.summary,
            },
        )
        return code.strip("\n") + "\n"


# ---------------------------------------------------------------- literals


def shell(text: Any) -> str:
    """A POSIX shell word: single quotes, each ``'`` written as ``'\\''``."""
    return "'" + str(text).replace("'", "'\\''") + "'"


def shell_word(text: Any) -> str:
    """``text`` as it is when no shell reads anything into it (an HTTP method such as
    ``GET``), else :func:`shell` quoted."""
    text = str(text)
    return text if _PLAIN_WORD.fullmatch(text) else shell(text)


_PLAIN_WORD = re.compile(r"[A-Za-z0-9_.-]+")


def json_literal(value: Any, indent: int | None = 2, prefix: str = "") -> str:
    """JSON text (also a JavaScript/TypeScript literal); lines after the first get ``prefix``."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    # valid JSON strings, but line terminators for older JavaScript engines
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("\n", "\n" + prefix)


def python_literal(value: Any, prefix: str = "", indent: str = "    ") -> str:
    """A Python expression for a JSON value, laid out like ``json.dumps(indent=4)``."""
    inner = prefix + indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{python_literal(str(k))}: {python_literal(v, inner, indent)},"
            for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + "\n" + prefix + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [f"{inner}{python_literal(v, inner, indent)}," for v in value]
        return "[\n" + "\n".join(items) + "\n" + prefix + "]"
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, str):
        text = repr(value)
        # "..." as most Python code is written, where that needs no other escape
        if text[0] == "'" and '"' not in value and "'" not in value:
            text = '"' + text[1:-1] + '"'
        return text
    return repr(value)  # int, float, bool, None: repr is valid Python


def _c_like(text: str, escapes: dict[str, str], other: Callable[[int], str]) -> str:
    out = []
    for c in str(text):
        if c in escapes:
            out.append(escapes[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(other(ord(c)))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def go_string(text: Any) -> str:
    # Go refuses a byte order mark anywhere in a source file
    return _c_like(str(text), {**_C_ESCAPES, "\ufeff": "\\ufeff"}, lambda n: f"\\x{n:02x}")


def go_raw(text: Any) -> str:
    """A Go raw string (backquotes) when the text allows one, else an interpreted string."""
    text = str(text)
    if (
        "`" in text
        or "\r" in text
        or "\ufeff" in text
        or any(ord(c) < 0x20 and c not in "\n\t" for c in text)
    ):
        return go_string(text)
    return "`" + text + "`"


def _java_char(c: str) -> str:
    # \\u escapes are decoded before Java lexes a file: only for non-ASCII, which is safe
    if ord(c) < 0x80:
        return c
    return "".join(f"\\u{unit:04x}" for unit in _utf16(c))


def _utf16(c: str) -> Iterable[int]:
    data = c.encode("utf-16-be", "surrogatepass")
    return (int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))


def java_string(text: Any) -> str:
    escaped = _c_like(str(text), _C_ESCAPES, lambda n: f"\\{n:03o}")
    return "".join(_java_char(c) for c in escaped)


def java_text_block(text: Any, prefix: str = "") -> str:
    """A Java text block (``\"\"\"``) holding exactly ``text``, its lines indented by ``prefix``.

    Text with non-ASCII white space (which Java would strip at line ends, and
    which only a ``\\u`` escape, decoded before stripping, can write) gets a
    plain string literal instead.
    """
    if any(c.isspace() and ord(c) > 0x7F for c in str(text)):
        return java_string(text)
    text = str(text)
    lines = []
    for line in text.split("\n"):
        out = []
        for i, c in enumerate(line):
            if c == "\\":
                out.append("\\\\")
            elif c == '"' and (line[i + 1 : i + 3] == '""' or i == len(line) - 1):
                out.append('\\"')  # would end the block: a run of three, or the last one
            elif c in "\r\t\b\f":
                out.append({"\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[c])
            elif ord(c) < 0x20 or ord(c) == 0x7F:
                out.append(f"\\{ord(c):03o}")
            else:
                out.append(_java_char(c))
        escaped = "".join(out)
        if escaped.endswith(" "):  # trailing spaces would be stripped
            escaped = escaped[:-1] + "\\s"
        lines.append(prefix + escaped)
    return '"""\n' + "\n".join(lines) + '"""'


#: C# also ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR
_CSHARP_ESCAPES = {**_C_ESCAPES, "\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def csharp_string(text: Any) -> str:
    return _c_like(str(text), _CSHARP_ESCAPES, lambda n: f"\\u{n:04x}")


def csharp_verbatim(text: Any) -> str:
    """A C# verbatim string ``@"..."``: only ``"`` is doubled, line breaks stay."""
    return '@"' + str(text).replace('"', '""') + '"'


def rust_string(text: Any) -> str:
    return _c_like(str(text), _C_ESCAPES, lambda n: f"\\u{{{n:x}}}")


def rust_raw(text: Any) -> str:
    """A Rust raw string ``r#"..."#`` with enough ``#`` that the text cannot end it."""
    text = str(text)
    if "\r" in text:  # a bare CR is not allowed in Rust source
        return rust_string(text)
    hashes = 1
    while '"' + "#" * hashes in text:
        hashes += 1
    return "r" + "#" * hashes + '"' + text + '"' + "#" * hashes


def single_quoted(text: Any) -> str:
    """A PHP or Ruby single-quoted string: only ``\\`` and ``'`` are escaped."""
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def ruby_string(text: Any) -> str:
    """Single-quoted; double-quoted with escapes when the text has a carriage return
    (Ruby reads CR LF in a source file as LF) or other control characters."""
    text = str(text)
    if not any((ord(c) < 0x20 and c not in "\n\t") or ord(c) == 0x7F for c in text):
        return single_quoted(text)
    escapes = {**_C_ESCAPES, "#": "\\#"}  # "#{" would interpolate
    return _c_like(text, escapes, lambda n: f"\\u{{{n:x}}}")


def csharp_text(text: Any) -> str:
    """A verbatim string, or a regular one when the text has a carriage return (which an
    editor or Git could change in a verbatim string)."""
    text = str(text)
    line_ends = ("\r", "\u0085", "\u2028", "\u2029")
    return csharp_string(text) if any(c in text for c in line_ends) else csharp_verbatim(text)


_TOKEN = f"[{TOKEN_CHARS}]+"
#: a content type curl's ``;type=`` takes as written: ``;`` and ``,`` end it, and a
#: parameter named like curl's own (``headers=@file`` reads a file) would be read as one
_CURL_TYPE = re.compile(
    rf"{_TOKEN}/{_TOKEN}(?:; ?(?!(?:type|filename|headers|encoder)=){_TOKEN}={_TOKEN})*",
    re.IGNORECASE,
)


def curl_form(part: Any) -> str:
    """A multipart part as the argument of curl's ``--form`` (a file or a typed field)
    or ``--form-string`` (a plain field, whose value curl never reads as ``@file`` or
    ``<file``).  A typed field's value is quoted, so no ``@``, ``<`` or ``;`` in it is
    curl's; a name ends at curl's first ``=``, so an ``=`` in it is written ``%3D``."""
    name = str(part.name).replace("=", "%3D")
    if part.filename:  # a placeholder name: letters, digits, "." and "-"
        return f"{name}=@{part.filename}{_curl_type(part.content_type)}"
    if part.content_type:
        return f'{name}="{_curl_quoted(part.value)}"{_curl_type(part.content_type)}'
    return f"{name}={part.value}"


def _curl_quoted(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def _curl_type(content_type: str | None) -> str:
    """``;type=...``; a content type curl would misread goes in a part header instead."""
    if not content_type:
        return ""
    if _CURL_TYPE.fullmatch(content_type):
        return f";type={content_type}"
    return f';headers="Content-Type: {_curl_quoted(content_type)}"'


#: the characters of HTTPie's request item separators (``:``, ``=``, ``@``, ``:=@``, ``;``...)
_HTTPIE_SEPARATORS = ":;=@"


def httpie_key(text: Any) -> str:
    """The key of an HTTPie request item: a backslash before each separator character and
    each backslash, so the item's separator is the one the template writes."""
    return re.sub(r"([\\:;=@])", r"\\\1", str(text))


def httpie_value(text: Any) -> str:
    """The value of an HTTPie request item: a backslash before a first character that
    would lengthen the separator (``name=@file`` and ``Header:@file`` read a local file,
    ``name==value`` is a query parameter)."""
    text = str(text)
    return "\\" + text if text[:1] in _HTTPIE_SEPARATORS else text


def form_name(name: Any) -> str:
    """A form field's name percent-encoded, ``[`` and ``]`` kept readable
    (``address[city]``): curl's ``--data-urlencode name=value`` encodes only the value,
    and a name's ``&``, ``=``, ``+`` or space would change the fields sent."""
    return quote(str(name), safe="[]")


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, str | list[str]]:
    """Name/value pairs as a dict; a repeated name gets a list."""
    out: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name not in out:
            out[name] = value
        else:
            existing = out[name]
            out[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
    return out


def text_fields(parts: Iterable[Any]) -> list[tuple[str, str]]:
    """(name, value) of the multipart parts that are plain fields: no file, no content type."""
    return [(p.name, p.value) for p in parts if not p.filename and not p.content_type]


def base64_text(text: Any) -> str:
    """Base64 of the text's UTF-8 bytes (``Authorization: Basic`` in a raw request)."""
    return base64.b64encode(str(text).encode("utf-8")).decode("ascii")


def indent_lines(text: str, prefix: str) -> str:
    """Every line after the first gets ``prefix``."""
    return str(text).replace("\n", "\n" + prefix)


FILTERS: dict[str, Callable[..., Any]] = {
    "shell": shell,
    "shell_word": shell_word,
    "curl_form": curl_form,
    "httpie_key": httpie_key,
    "httpie_value": httpie_value,
    "json": json_literal,
    "python": python_literal,
    "go": go_string,
    "go_raw": go_raw,
    "java": java_string,
    "java_text_block": java_text_block,
    "csharp": csharp_string,
    "csharp_text": csharp_text,
    "rust": rust_string,
    "rust_raw": rust_raw,
    "php": single_quoted,
    "ruby": ruby_string,
    "form_name": form_name,
    "grouped": grouped,
    "indent_lines": indent_lines,
    "text_fields": text_fields,
    "base64": base64_text,
    "urlsplit": urlsplit,
}
