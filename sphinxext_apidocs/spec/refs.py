"""Files and ``$ref``: a set of loaded documents confined to the project root.

Nothing outside ``root`` is read, and nothing is fetched over the network unless
a ``fetch`` function is given (``apidocs_allow_remote_refs``): a reference is
turned into an absolute URI first (so a ``$id`` or a base that leads to
``http://`` is caught where the final URI is known), then checked.  A remote
document is known by its URL; what it refers to resolves against that URL, and
it can never reach a local file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .document import LoadedDocument
from .files import read_project_file, subtype_of
from .loader import DEFAULT_MAX_BYTES, load_document
from .model import Location
from .pointer import escape_token, unescape_token

Reader = Callable[[str], bytes]
ReadHook = Callable[[str, bytes], None]
"""Told the absolute path and the bytes of each file read inside the root."""


class DocumentSet:
    """The documents one spec is made of, by path relative to ``root``."""

    def __init__(
        self,
        root: str,
        *,
        on_read: ReadHook | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        fetch: Reader | None = None,
        parsed: Callable[[str, LoadedDocument], None] | None = None,
    ) -> None:
        self.root = os.path.realpath(root)
        self._on_read = on_read
        self._fetch = fetch
        self._parsed = parsed
        self._max_bytes = max_bytes
        self.documents: dict[str, LoadedDocument | None] = {}
        self.problems: list[Problem] = []
        self.data_files: dict[str, bytes | None] = {}
        """Files read as data rather than as documents (``externalValue``), by
        root-relative path; None for one that could not be read."""
        self._read_errors: dict[str, OSError] = {}
        self._remote_data: dict[str, bytes | None] = {}
        self._anchor_index: dict[str, dict[str, str]] = {}

    @property
    def files(self) -> tuple[str, ...]:
        """Every file tried inside the root: documents, then data files (not remote ones)."""
        names = dict.fromkeys([*self.documents, *self.data_files])
        return tuple(name for name in names if not _is_url(name))

    # -- files -----------------------------------------------------------
    def _anchors(self, file: str, data: Any) -> dict[str, str]:
        """The pointer of each ``$anchor`` and ``$dynamicAnchor`` name in ``file`` (the
        first of a name wins; the scope a nested ``$id`` opens is not told apart)."""
        found = self._anchor_index.get(file)
        if found is None:
            found = self._anchor_index[file] = anchor_pointers(data)
        return found

    def _value_at(
        self, data: Any, file: str, fragment: str, ref: str, at: Location
    ) -> tuple[Location, Any] | None:
        """The value at a reference's ``#fragment`` in the loaded ``file``; None (and a
        problem) when the document has none there."""
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):  # a plain name: a 2020-12 anchor
            pointer = self._anchors(file, data).get(pointer, pointer)
        value = resolve_pointer(data, pointer)
        if value is _NOT_FOUND:
            self.report(
                Subtype.REF, f"unresolved reference {ref!r}: no {pointer or '/'} in {file}", at
            )
            return None
        return Location(file, pointer), value

    def _project_path(self, parts: SplitResult, named: str, at: Location) -> str | None:
        """The root-relative path of a ``file:`` URL's path; None (and a problem naming
        ``named``) when it points outside the project."""
        rel = self.relative(unquote(parts.path))
        if rel is None:
            self.report(
                Subtype.OUTSIDE_PROJECT, f"{named} points outside the project; not read", at
            )
        return rel

    def relative(self, abs_path: str) -> str | None:
        """``abs_path`` relative to the root (posix), or None if it escapes (or is no path)."""
        try:
            real = os.path.realpath(abs_path)
        except ValueError:  # an embedded NUL
            return None
        if real != self.root and not real.startswith(self.root + os.sep):
            return None
        return os.path.relpath(real, self.root).replace(os.sep, "/")

    def _read(self, rel: str) -> bytes:
        """The bytes of the file at ``rel`` (see :func:`.read_project_file`); one over
        the size limit is refused unread."""
        abs_path = os.path.join(self.root, rel)
        content = read_project_file(abs_path, self.root, self._max_bytes)
        if self._on_read is not None:
            self._on_read(abs_path, content)
        return content

    def load(self, rel: str, *, referrer: Location | None = None) -> LoadedDocument | None:
        """Load a document by its root-relative path (memoised)."""
        if rel in self.documents:
            return self.documents[rel]
        doc: LoadedDocument | None = None
        try:
            content = self._read(rel)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if subtype_of(exc) is Subtype.SIZE:  # as the loader says it of a remote document
                self.problems.append(
                    Problem(Subtype.SIZE.value, f"file is {reason}; not parsed", rel)
                )
            else:
                self.report(subtype_of(exc), f"cannot read {rel!r}: {reason}", referrer)
        else:
            doc = load_document(content, rel, max_bytes=self._max_bytes)
            self.problems.extend(doc.problems)
            if self._parsed is not None and doc.data is not None:
                self._parsed(rel, doc)
        self.documents[rel] = doc
        return doc

    def read_local(self, target: str, at: Location, what: str = "file") -> tuple[str, bytes] | None:
        """The root-relative path and bytes of the local file ``target`` names.

        ``target`` is a relative URI reference written at ``at`` (such as an
        ``externalValue``): resolved against the directory of ``at``'s file and
        percent-decoded.  The caller decides first whether ``target`` is a
        remote URL (those are never read).  A file outside the root (also by a
        symlink), an absolute ``file:`` URI, a missing or unreadable file and
        one over the size limit give None and a problem; every file tried
        inside the root is recorded in :attr:`data_files` (a dependency).
        """
        written = target.strip()
        if _is_url(at.file):
            self.report(Subtype.REMOTE_REF, f"{what} {target!r} of a remote document; not read", at)
            return None
        file_uri = "file://" + _quote_path(os.path.join(self.root, at.file))
        parts = urlsplit(urljoin(file_uri, written))
        if parts.scheme != "file" or parts.netloc or written.lower().startswith("file:"):
            self.report(
                Subtype.OUTSIDE_PROJECT,
                f"{what} {target!r} is not a path relative to the spec file; not read",
                at,
            )
            return None
        if not written or written.startswith(("?", "#")):
            self.report(Subtype.FILE, f"{what} {target!r} names no file; not read", at)
            return None
        rel = self._project_path(parts, f"{what} {target!r}", at)
        if rel is None:
            return None
        if rel not in self.data_files:
            try:
                self.data_files[rel] = self._read(rel)
            except OSError as exc:
                self.data_files[rel] = None
                self._read_errors[rel] = exc
        content = self.data_files[rel]
        if content is None:
            error = self._read_errors[rel]
            reason = error.strerror or type(error).__name__
            subtype = subtype_of(error)
            if subtype is Subtype.SIZE:
                self.report(subtype, f"{what} {rel!r} is {reason}; not read", at)
            else:
                self.report(subtype, f"cannot read {what} {rel!r}: {reason}", at)
            return None
        return rel, content

    # -- locations -------------------------------------------------------
    def line(self, loc: Location | None) -> int | None:
        if loc is None:
            return None
        doc = self.documents.get(loc.file)
        return doc.line_of(loc.pointer) if doc is not None else None

    def report(
        self, subtype: Subtype, message: str, loc: Location | None, rule: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                subtype.value,
                message,
                file=loc.file if loc else None,
                line=self.line(loc),
                pointer=loc.pointer if loc else None,
                rule=rule,
            )
        )

    # -- references ------------------------------------------------------
    def resolve(
        self, ref: Any, at: Location, base: str | None = None
    ) -> tuple[Location, Any] | None:
        """The target of ``$ref`` written at ``at``; None (and a problem) if unresolvable.

        ``base`` is an absolute base URI set by a 3.1 ``$id``; by default the
        URI of the file ``at`` is in.
        """
        if not isinstance(ref, str):
            self.report(Subtype.REF, f"$ref must be a string, got {type(ref).__name__}", at)
            return None
        if base is None and ref.startswith("#"):  # the common case: a pointer into this file
            doc = self.documents.get(at.file)
            if doc is not None and doc.data is not None:
                pointer = unquote(ref.strip()[1:])
                value = resolve_pointer(doc.data, pointer)
                if value is not _NOT_FOUND:
                    return Location(at.file, pointer), value
        file_uri = (
            at.file
            if _is_url(at.file)
            else "file://" + _quote_path(os.path.join(self.root, at.file))
        )
        target = urljoin(base or file_uri, ref.strip())
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and self._fetch is not None:
            return self._resolve_remote(ref, target, at)
        if parts.scheme != "file":
            if parts.scheme in ("http", "https") or parts.netloc:
                self.report(
                    Subtype.REMOTE_REF,
                    f"remote reference {ref!r} ({parts.scheme or 'scheme-relative'} URL) "
                    "is not fetched: the build does not use the network",
                    at,
                )
            else:
                self.report(Subtype.REF, f"unsupported reference {ref!r}", at)
            return None
        if parts.netloc:
            self.report(
                Subtype.OUTSIDE_PROJECT,
                f"reference {ref!r} names another host (a network path); not read",
                at,
            )
            return None
        if ref.strip().lower().startswith("file:") or _is_url(at.file):
            self.report(
                Subtype.OUTSIDE_PROJECT, f"reference {ref!r} is an absolute file URI; not read", at
            )
            return None
        rel = self._project_path(parts, f"reference {ref!r}", at)
        if rel is None:
            return None
        doc = self.load(rel, referrer=at)
        if doc is None or doc.data is None:
            if doc is not None:
                self.report(
                    Subtype.REF, f"reference {ref!r}: the target file could not be loaded", at
                )
            return None
        return self._value_at(doc.data, rel, parts.fragment, ref, at)

    @property
    def fetches(self) -> bool:
        """Whether remote documents are fetched (``apidocs_allow_remote_refs``)."""
        return self._fetch is not None

    def read_remote(self, url: str, at: Location, what: str) -> bytes | None:
        """The bytes at an ``http(s)`` ``url`` written at ``at`` (fetched once per build,
        with the fetcher's timeout, size cap and cache); None, and a problem, when it
        cannot be fetched or fetching is off."""
        if self._fetch is None or urlsplit(url).scheme not in ("http", "https"):
            self.report(Subtype.REMOTE_REF, f"{what} {url!r} is remote; not fetched", at)
            return None
        if url not in self._remote_data:
            try:
                self._remote_data[url] = self._fetch(url)
            except Exception as exc:  # FetchError, or whatever a custom fetch raises
                self._remote_data[url] = None
                self.report(Subtype.REMOTE_REF, f"{what} {url!r} not fetched: {exc}", at)
        return self._remote_data[url]

    def _resolve_remote(self, ref: str, target: str, at: Location) -> tuple[Location, Any] | None:
        """A reference to an ``http(s)`` document, fetched (``apidocs_allow_remote_refs``)."""
        assert self._fetch is not None
        url, _, fragment = target.partition("#")
        if url not in self.documents:
            doc: LoadedDocument | None = None
            try:
                content = self._fetch(url)
            except Exception as exc:  # FetchError, or whatever a custom fetch raises
                self.report(Subtype.REMOTE_REF, f"remote reference {ref!r} not fetched: {exc}", at)
            else:
                doc = load_document(content, url, max_bytes=self._max_bytes)
                self.problems.extend(doc.problems)
            self.documents[url] = doc
        doc = self.documents[url]
        if doc is None or doc.data is None:
            return None
        return self._value_at(doc.data, url, fragment, ref, at)


def _is_url(name: str) -> bool:
    """A remote document's name (its URL), as opposed to a root-relative path."""
    return "://" in name


class _NotFound:
    pass


_NOT_FOUND: Any = _NotFound()
#: what :func:`resolve_pointer` returns for a pointer that leads nowhere
NOT_FOUND: Any = _NOT_FOUND


def anchor_pointers(data: Any) -> dict[str, str]:
    """The JSON pointer of each ``$anchor`` and ``$dynamicAnchor`` name in ``data``,
    walked iteratively in written order (the first of a name wins)."""
    found: dict[str, str] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key in ("$anchor", "$dynamicAnchor"):
                if isinstance(value.get(key), str):
                    found.setdefault(value[key], pointer)
            children = [(f"{pointer}/{escape_token(str(k))}", v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{pointer}/{i}", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
    return found


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901), or ``_NOT_FOUND``."""
    if pointer == "":
        return data
    if not pointer.startswith("/"):
        return _NOT_FOUND
    value = data
    for raw in pointer[1:].split("/"):
        token = unescape_token(raw)
        if isinstance(value, dict):
            if token not in value:
                return _NOT_FOUND
            value = value[token]
        elif isinstance(value, list):
            if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
                return _NOT_FOUND
            index = int(token)
            if index >= len(value):
                return _NOT_FOUND
            value = value[index]
        else:
            return _NOT_FOUND
    return value


def _quote_path(path: str) -> str:
    return quote(path.replace(os.sep, "/"))
