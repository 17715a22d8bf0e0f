"""Links in spec text: which URLs may be kept, how a refused one is named, the class
of the links made from spec text, and the "See also" paragraph of an ``externalDocs``."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Final, NamedTuple
from urllib.parse import unquote

from docutils import nodes

from ..spec.model import ExternalDocs
from ..spec.pointer import unescape_token
from .i18n import _

if TYPE_CHECKING:
    from .context import RenderContext

SPEC_TEXT = "apidocs-spec-link"
"""The class of the links made from spec text (``apicheck`` checks their anchors in the
spec, where it can name the JSON pointer)."""

_SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})
# WHATWG URL parsing strips leading/trailing C0 controls and spaces and removes
# ASCII tab and newline anywhere; we also drop the other C0/C1 controls.
_URL_CONTROLS: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# For classification only: anything a browser, or a lenient consumer, might
# skip inside a scheme (controls, spaces, zero-width and bidi characters).
_URL_INVISIBLE: Final = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
    r"\u205f-\u206f\u3000\ufeff]"
)
_SCHEME_END: Final = re.compile(r"[:/?#\\]")


def _url_scheme(url: str) -> str | None:
    """The lower-cased text before a ``:`` that comes before ``/?#\\``, or None."""
    m = _SCHEME_END.search(url)
    if m is None or m.group() != ":":
        return None
    return url[: m.start()].lower()


def safe_url(url: str) -> str | None:
    """The URL if its scheme is http, https, mailto, or it is relative/fragment (no scheme); None for javascript:, vbscript:, data:, file:, any other scheme — also with mixed case, leading spaces, embedded tabs/newlines/control chars or HTML entities (`jav&#x09;ascript:`).

    The URL returned has leading and trailing spaces and every control
    character (tab, newline ...) removed, as a browser would.  The check is
    made on the URL and on its HTML-entity- and percent-decoded forms, with
    invisible characters removed: any text before a ``:`` that comes before
    ``/``, ``?``, ``#`` or ``\\`` must be one of the allowed schemes.  That
    refuses a few harmless relative URLs (``a:b``, ``%6Aavascript:``), never
    the other way round.
    """
    if not isinstance(url, str):
        return None
    cleaned = _URL_CONTROLS.sub("", url).strip(" ")
    probe = cleaned
    for _layer in range(5):  # browsers decode once at most; five layers is plenty
        probe = _URL_INVISIBLE.sub("", probe)
        scheme = _url_scheme(probe)
        if scheme is not None and scheme not in _SAFE_SCHEMES:
            return None
        decoded = html.unescape(unquote(probe))
        if decoded == probe:
            break
        probe = decoded
    return cleaned


def scheme_label(url: str) -> str:
    """A short name for a refused URL, for the report."""
    probe = url
    for _layer in range(4):
        probe = _URL_INVISIBLE.sub("", html.unescape(unquote(probe)))
    scheme = _url_scheme(probe)
    if scheme and re.fullmatch(r"[a-z][a-z0-9+.\-]{0,20}", scheme):
        return f"{scheme}: URL"
    return "unsafe URL"


class RedocTarget(NamedTuple):
    """What a Redoc-style fragment names: an object of the ``api`` domain."""

    role: str
    """``op``, ``tag``, ``schema`` or ``section``: the ``api`` domain's type for it."""
    name: str


_REDOC_FRAGMENT: Final = re.compile(
    r"#(?:tag/(?P<tag>[^/]+)(?:/operation/(?P<tagged_op>[^/]+))?"
    r"|operation/(?P<op>[^/]+)|schema/(?P<schema>[^/]+)|/components/schemas/(?P<component>[^/]+)"
    r"|section/(?:[^/]+/)*(?P<section>[^/]+))"
)


def redoc_target(href: str) -> RedocTarget | None:
    """The object a Redoc-style link names: ``#operation/<operationId>``, ``#tag/<name>``,
    ``#tag/<name>/operation/<operationId>``, ``#schema/<name>``, a JSON pointer
    ``#/components/schemas/<name>``, or a heading of a description,
    ``#section/<Heading>`` or ``#section/<Parent>/<Heading>`` (the last part names it);
    None for any other link."""
    m = _REDOC_FRAGMENT.fullmatch(href)
    if m is None:
        return None
    if m["tagged_op"] or m["op"]:
        return RedocTarget("op", unquote(m["tagged_op"] or m["op"]))
    if m["tag"]:
        return RedocTarget("tag", unquote(m["tag"]))
    if m["section"]:
        return RedocTarget("section", unquote(m["section"]))
    if m["schema"]:
        return RedocTarget("schema", unquote(m["schema"]))
    # a JSON pointer in a URI fragment: percent-decoded first, then ~1 and ~0 (RFC 6901)
    return RedocTarget("schema", unescape_token(unquote(m["component"])))


def root_relative(href: str) -> bool:
    """Whether a link is a path on the site the spec came from (``/docs/api``), which
    means nothing on another site without a base."""
    return href.startswith("/") and not href.startswith("//")


def with_base(base: str, href: str) -> str:
    """``href`` (a :func:`root_relative` link) on the site ``base`` (``https://stripe.com``
    or ``https://example.com/site/``: the path is appended to it)."""
    return base.rstrip("/") + href


def external_docs_para(ctx: RenderContext, docs: ExternalDocs) -> nodes.paragraph:
    """``See also: DESCRIPTION`` linking to an ``externalDocs`` object's URL (the
    description in the page's language), the link left out for a URL that is not safe."""
    para = nodes.paragraph(classes=["apidocs-external-docs"])
    label = (ctx.prose(docs.description) if docs.description else "") or docs.url
    safe = safe_url(docs.url)
    para += nodes.Text(_("See also:") + " ")
    if safe:
        para += nodes.reference(label, label, refuri=safe)
    else:
        para += nodes.Text(label)
    return para
