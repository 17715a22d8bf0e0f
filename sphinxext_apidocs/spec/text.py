"""Bytes to text: the encoding (UTF-8, or UTF-16/32 by BOM), refusing what is not text,
and lone UTF-16 surrogate escapes in the loaded strings replaced by U+FFFD."""

from __future__ import annotations

import codecs
import re

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .document import LoadedDocument
from .pointer import escape_token

__all__ = ["decode_text", "encoding_of", "has_surrogate_escape", "replace_surrogates"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def encoding_of(content: bytes) -> str:
    return next((enc for bom, enc in _BOMS if content.startswith(bom)), "utf-8")


def decode_text(content: bytes, path: str, problems: list[Problem]) -> str | None:
    """The text of ``content``, or None (and a problem) if it is not text."""
    encoding = encoding_of(content)
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        before = content[: exc.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        bad = content[exc.start : exc.start + 4].hex(" ")
        hint = " (Latin-1 or another 8-bit encoding?)" if encoding == "utf-8" else ""
        problems.append(
            Problem(
                Subtype.ENCODING.value,
                f"not valid {encoding.upper().removesuffix('-SIG')} text at line {line}: bytes {bad}{hint}; save the file as UTF-8",
                path,
                line,
            )
        )
        return None
    # (in UTF-8 a NUL byte is a NUL character: the bytes are searched faster)
    nul = text.find("\x00") if not encoding.startswith("utf-8") or b"\x00" in content else -1
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        hint = " (UTF-16 without a byte-order mark?)" if text.count("\x00") * 4 > len(text) else ""
        problems.append(
            Problem(
                Subtype.ENCODING.value,
                f"NUL character at line {line}{hint}; save the file as UTF-8",
                path,
                line,
            )
        )
        return None
    return text


# `\ud800`-`\udfff` escapes (JSON, YAML "..."), possibly written with \U.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_ESCAPE_UTF8 = re.compile(_SURROGATE_ESCAPE.pattern.encode())
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate_escape(content: bytes, text: str) -> bool:
    """Whether the file (``content``, decoded as ``text``) writes a surrogate escape."""
    if encoding_of(content).startswith("utf-8"):
        return _SURROGATE_ESCAPE_UTF8.search(content) is not None
    return _SURROGATE_ESCAPE.search(text) is not None


def replace_surrogates(doc: LoadedDocument) -> object:
    """Replace lone surrogates (from escapes) in strings by U+FFFD, with a warning."""
    found: list[str] = []

    def fix(value: str, pointer: str) -> str:
        if not _SURROGATE.search(value):
            return value
        if not found:
            found.append(pointer)
        # Valid pairs were already joined by the parser: what is left is lone.
        return _SURROGATE.sub("\ufffd", value)

    def fix_tree(root: object) -> object:
        if isinstance(root, str):
            return fix(root, "")
        stack: list[tuple[object, str]] = [(root, "")]
        seen: set[int] = set()
        while stack:
            node, pointer = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                items = list(node.items())
                if any(isinstance(k, str) and _SURROGATE.search(k) for k, _ in items):
                    node.clear()
                    node.update((fix(k, pointer), v) for k, v in items)
                    items = list(node.items())
                for k, v in items:
                    child = f"{pointer}/{escape_token(k)}"
                    if isinstance(v, str):
                        node[k] = fix(v, child)
                    elif isinstance(v, (dict, list)):
                        stack.append((v, child))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, str):
                        node[i] = fix(v, f"{pointer}/{i}")
                    elif isinstance(v, (dict, list)):
                        stack.append((v, f"{pointer}/{i}"))
        return root

    data = fix_tree(doc.data)
    if found:
        pointer = found[0]
        doc.problems.append(
            Problem(
                Subtype.ENCODING.value,
                "lone UTF-16 surrogate escape (such as \\ud800) in a string; replaced by U+FFFD",
                doc.path,
                doc.line_of(pointer),
                pointer,
            )
        )
    return data
