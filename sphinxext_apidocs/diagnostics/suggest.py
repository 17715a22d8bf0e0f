""" "Did you mean" for a name that matches nothing: the closest known name, if any.

Two wordings, one search: :func:`hint` ends a sentence (``; did you mean 'x'?``),
:func:`aside` sits inside one (`` (did you mean parameter 'x'?)``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: difflib's own default: how alike a name must be to be suggested
CUTOFF = 0.6


def closest(word: str, candidates: Iterable[str], *, cutoff: float = CUTOFF) -> str | None:
    """The known name most like ``word`` (of equally close ones, the last in sorted order: difflib breaks ties so), or None."""
    found = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=cutoff)
    return found[0] if found else None


def hint(word: str, candidates: Iterable[str], *, cutoff: float = CUTOFF) -> str:
    """``; did you mean 'x'?``, or nothing."""
    found = closest(word, candidates, cutoff=cutoff)
    return f"; did you mean {found!r}?" if found else ""


def aside(word: str, candidates: Iterable[str], *, what: str = "") -> str:
    """`` (did you mean <what> 'x'?)``, or nothing."""
    found = closest(word, candidates)
    if found is None:
        return ""
    what = f"{what} " if what else ""
    return f" (did you mean {what}{found!r}?)"
