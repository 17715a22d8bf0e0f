"""``externalValue`` examples: the file read (local within the project, remote only when
remote documents are fetched) and kept as data, text or a placeholder for binary."""

from __future__ import annotations

import mimetypes
import os
import re
from typing import Any

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from . import media_types
from .loader import load_document
from .model import MISSING, Location
from .refs import DocumentSet
from .text import decode_text

__all__ = ["ExternalValues", "is_remote"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_remote(target: str) -> bool:
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


class ExternalValues:
    """Reads ``externalValue`` files, each once per way of reading it (data or text)."""

    def __init__(self, docs: DocumentSet) -> None:
        self.docs = docs
        self._read: dict[tuple[str, str], Any] = {}

    def value(self, target: str, loc: Location, media_type: str | None) -> Any:
        """The value of an ``externalValue`` file (MISSING, and a problem, if unusable).

        A local file is read through the project's confinement (never outside the
        root) and recorded as a file of the spec; a remote one only when remote
        documents are fetched (``apidocs_allow_remote_refs``), like a remote ``$ref``.  JSON media
        types and ``.json``/``.yaml``/``.yml`` files are parsed as data; other
        files are text; binary files are a short placeholder.
        """
        at = loc.child("externalValue")
        if is_remote(target):  # fetched only with apidocs_allow_remote_refs
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
        if key not in self._read:
            self._read[key] = self._data(rel, content, at) if as_data else self._text(rel, content)
        return self._read[key]

    def _data(self, rel: str, content: bytes, at: Location) -> Any:
        if not content.strip():
            self.docs.report(Subtype.PARSE, f"the example file {rel!r} is empty", at)
            return MISSING
        doc = load_document(content, rel)
        # the loader expects an OpenAPI document; an example may be any JSON value
        problems = [p for p in doc.problems if p.subtype != Subtype.NOT_OPENAPI.value]
        self.docs.problems.extend(problems)
        if doc.data is None:
            return None if not problems else MISSING  # a file holding just `null`
        return doc.data

    def _text(self, rel: str, content: bytes) -> Any:
        problems: list[Problem] = []
        text = decode_text(content, rel, problems)
        self.docs.problems.extend(problems)
        if text is None:
            return MISSING
        return text.replace("\r\n", "\n").removesuffix("\n")
