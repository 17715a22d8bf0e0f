"""Language labels from specs (fence info strings, ``x-codeSamples``) to Pygments lexer names.

An unknown label becomes ``text``: Sphinx would otherwise warn once per block
(``misc.highlighting_failure``) about text the docs team did not write.
"""

from __future__ import annotations

from functools import lru_cache

from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
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
