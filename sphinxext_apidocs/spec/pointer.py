"""JSON pointer tokens (RFC 6901): ``~`` is written ``~0`` and ``/`` is written ``~1``."""

from __future__ import annotations


def escape_token(key: str) -> str:
    """A mapping key as a JSON pointer token."""
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


def unescape_token(token: str) -> str:
    """The mapping key a JSON pointer token stands for."""
    if "~" in token:
        return token.replace("~1", "/").replace("~0", "~")
    return token


def last_token(pointer: str) -> str:
    """The key the pointer ends with (``/components/schemas/a~1b`` -> ``a/b``)."""
    return unescape_token(pointer.rsplit("/", 1)[-1])
