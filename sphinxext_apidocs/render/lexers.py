"""The extension's code blocks and their highlighting.

* Language labels from specs (fence info strings, ``x-codeSamples``) to Pygments
  lexer names.  An unknown label becomes ``text``: Sphinx would otherwise warn once
  per block (``misc.highlighting_failure``) about text the docs team did not write.
* :class:`PlainWhitespace`: a Pygments filter leaving whitespace plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from pygments.filter import Filter  # type: ignore[import-untyped]
from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.token import Text, Whitespace  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

#: common labels in real specs that are not Pygments names
ALIASES = {
    "curl": "shell",
    "c#": "csharp",
    "node": "javascript",
    "node.js": "javascript",
    "azurecli": "shell",
    "azure-cli": "shell",
    "cli": "shell",
}


@lru_cache(maxsize=512)
def lexer_name(label: str) -> str:
    """The Pygments lexer name for ``label``, or ``text`` when Pygments has none."""
    name = ALIASES.get(label.lower(), label.lower())
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return "text"
    return name


class PlainWhitespace(Filter):
    """Whitespace tokens as plain text: Pygments' HTML then has no ``<span class="w">``
    around each run of spaces (a fifth of a large page), which no style shows."""

    def filter(self, lexer: Lexer, stream: Iterable[tuple[Any, str]]) -> Iterator[tuple[Any, str]]:
        for kind, value in stream:
            yield (Text if kind in Whitespace else kind), value
