"""Control characters in spec text shown, never obeyed (pure Python, no Sphinx).

Spec text reaches formats that read some characters as structure: a build log
(CI systems obey ``::error`` and ``::set-output`` lines), Sphinx's inventory
(one object per line), TeX (which stops at a C0 character).  These helpers write
such characters as escapes (``\\n``, ``\\x1b``, ``\\u2028``), so the text stays
readable and adds no line.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, and the Unicode line and paragraph separators
CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
#: bidirectional overrides and marks: they reorder what a terminal shows
BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{CONTROLS}]")
_LOG_CONTROL = re.compile(f"[{CONTROLS}{BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: a GitHub workflow command (``::error``) at a line start, or a V1 or Azure
#: Pipelines one (``##[error]``, ``##vso[task...]``) anywhere in a line
_WORKFLOW = re.compile(r"^(\s*):(?=:)|#(?=#\[|#vso\[)")
_SPACE = re.compile(r"(\s+)")
_NUMBER = re.compile(r"-?\d+")


def escape_char(c: str) -> str:
    """``\\n``, ``\\r``, ``\\t``; else ``\\xNN`` or ``\\uNNNN``."""
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def show_controls(text: str, keep: str = "") -> str:
    """``text`` with its control characters (C0, DEL, C1, U+2028, U+2029) written as
    escapes, but those in ``keep``."""
    return _CONTROL.sub(lambda m: m[0] if m[0] in keep else escape_char(m[0]), text)


def log_line(text: str) -> str:
    """``text`` as one line of a build log: controls and bidirectional overrides
    escaped, and no CI workflow command (a ``:`` that starts one is written ``\\x3a``)."""
    text = _LOG_CONTROL.sub(lambda m: escape_char(m[0]), text)
    return _WORKFLOW.sub(lambda m: (m[1] or "") + escape_char(m[0][-1]), text)


def inventory_name(text: str) -> str:
    """``text`` as the name of an ``objects.inv`` entry: one line, and read back whole.

    Sphinx reads a line as the shortest name after which the rest still parses as
    type, priority (a number), URI and display name, so a name whose third or later
    word is a number would end early (``x py:function 1 https://...`` would be an
    entry of its own).  The space before such a number is written ``\\x20``, and so is
    space at the end.
    """
    parts = _SPACE.split(show_controls(text))  # word, space, word, space, ..., word
    for i in range(4, len(parts), 2):
        if _NUMBER.fullmatch(parts[i]):
            parts[i - 1] = "".join(escape_char(c) for c in parts[i - 1])
    if len(parts) > 1 and not parts[-1]:  # the reader would take it as the separator
        parts[-2] = "".join(escape_char(c) for c in parts[-2])
    return "".join(parts)
