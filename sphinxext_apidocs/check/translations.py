"""``translation-stale``: translations of spec prose that no longer serve.

Spec prose (each summary and description) is a message of the catalogue of the page
that renders it, placed at its spec file (see ``sphinx_ext/translations.py``); a
translation tool keeps that place in the ``.po`` file.  An entry placed at a spec file
whose text the spec no longer has is stale, and a fuzzy one is not used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..spec.pointer import escape_token

PROSE_KEYS = frozenset({"summary", "description"})
"""The keys whose text values are spec prose (of operations, parameters, schemas and
their properties, responses, tags, the info object...)."""


@dataclass(frozen=True)
class Translation:
    """One entry of a ``.po`` file: its text, line, whether fuzzy, and its places."""

    message: str
    line: int | None
    fuzzy: bool
    places: tuple[str, ...]


def prose_texts(data: object) -> Iterator[tuple[str, str]]:
    """Every summary and description in a document's data (as loaded), stripped as the
    messages are, with its JSON pointer; in document order."""
    todo: list[tuple[str, object]] = [("", data)]
    while todo:
        pointer, value = todo.pop()
        children: list[tuple[str, object]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                where = f"{pointer}/{escape_token(str(key))}"
                if key in PROSE_KEYS and isinstance(child, str):
                    yield child.strip(), where
                else:
                    children.append((where, child))
        elif isinstance(value, list):
            children = [(f"{pointer}/{i}", child) for i, child in enumerate(value)]
        todo.extend(reversed(children))


def spec_prose(documents: Iterable[object]) -> set[str]:
    """Every summary and description in the spec's documents (as loaded)."""
    return {text for data in documents for text, _pointer in prose_texts(data)}


def _at_spec_file(place: str, spec_files: Iterable[str]) -> bool:
    """Whether ``place`` (a path relative to wherever the catalogue was written) is one
    of ``spec_files`` (relative to the project)."""
    tail = "/".join(p for p in posixpath.normpath(place).split("/") if p not in ("..", "."))
    return any(
        tail and (f == tail or f.endswith("/" + tail) or tail.endswith("/" + f)) for f in spec_files
    )


def stale_translations(
    entries: Iterable[Translation], spec_files: Iterable[str], prose: set[str]
) -> list[tuple[int | None, str]]:
    """The entries placed at one of ``spec_files`` that are no longer ``prose`` of the
    spec, or fuzzy: (line, message) pairs."""
    files = list(spec_files)
    problems = []
    for entry in entries:
        if not any(_at_spec_file(place, files) for place in entry.places):
            continue
        text = entry.message if len(entry.message) <= 60 else entry.message[:57] + "..."
        if entry.message not in prose:
            why = "the spec no longer has this text; update the catalogue from the .pot file"
        elif entry.fuzzy:
            why = "it is marked fuzzy, so it is not used; review it"
        else:
            continue
        problems.append((entry.line, f"translation of {text!r}: {why}"))
    return problems
