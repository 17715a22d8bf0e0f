"""Parsed specs of one build, cached by content.

The cache belongs to one build's environment (see :mod:`.state`), never to a
process-wide table keyed by path: an entry is reused only while every file it was
built from still has the same content hash, so an edited ``$ref``'d file is always
seen, also by a second build in the same process.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from ..render.audit import DescriptionAudit
from ..spec.document import LoadedDocument
from ..spec.internal import is_internal, without_internal
from ..spec.loader import paused_gc
from ..spec.model import ApiSpec, Operation
from ..spec.normalize import load_spec
from ..spec.remote import RemoteFetcher
from .fingerprint import Fingerprint


@dataclass(frozen=True, eq=False)
class LoadedSpec:
    name: str
    path: str
    spec: ApiSpec | None
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    """Absolute paths of every file read (the main file first)."""
    operations: Mapping[str, Operation] = field(default_factory=dict)
    """Every operation (webhooks included) by ``str(location)``."""
    render_memo: dict[str, dict[Any, Any]] = field(default_factory=dict)
    """Rendering memos that live as long as this parsed spec (see RenderContext)."""
    documents: Mapping[str, LoadedDocument] = field(default_factory=dict)
    """The spec's documents as loaded (data and source lines), by project-relative path."""
    hashes: Mapping[str, str | None] = field(default_factory=dict)
    """The SHA-256 of each file in :attr:`files` as it was read (None: there was none)."""
    internal: tuple[Operation, ...] = ()
    """The operations and webhooks ``x-internal`` left out of :attr:`spec` (Markdown
    sections that document them are neither shown nor reported as unmatched)."""

    def known_operations(self) -> tuple[Operation, ...]:
        """The spec's operations, internal ones too: what a Markdown section may document."""
        return (self.spec.operations if self.spec is not None else ()) + self.internal

    def operation_at(self, location: str) -> Operation | None:
        return self.operations.get(location)


_LARGE = 2 * 1024 * 1024
"""Bytes of a spec file past which its loaded objects are exempted from garbage collection."""


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class SpecCache:
    """Parsed specs of one build, reused while their files' contents are unchanged."""

    def __init__(self, fetch: RemoteFetcher | None = None) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[Fingerprint, ...], LoadedSpec]] = {}
        self.fetch = fetch
        """Reads remote ``$ref`` documents (``apidocs_allow_remote_refs``); None: never."""
        self.audit = True
        """Audit spec text while loading (what the sanitizer will remove, parsed once for
        rendering).  ``apicheck`` renders nothing and audits in its own checks."""
        self.show_internal = False
        """Keep what the spec marks ``x-internal`` (``apidocs_show_internal``)."""
        self.loads = 0
        self.hits = 0
        self.load_seconds = 0.0

    def specs(self) -> list[LoadedSpec]:
        """Every spec loaded in this build (the latest version of each)."""
        return [loaded for _fingerprints, loaded in self._entries.values()]

    def get(
        self,
        name: str,
        path: str,
        root: str,
        max_bytes: int,
        parsed: Callable[[str, LoadedDocument], None] | None = None,
    ) -> LoadedSpec:
        """The spec at ``path``, loaded unless its files are unchanged since it was (then
        ``parsed``, :func:`.load_spec`'s hook, is not called)."""
        entry = self._entries.get((name, path))
        if entry is not None and all(f.still_valid() for f in entry[0]):
            self.hits += 1
            return entry[1]
        fingerprints: dict[str, Fingerprint] = {}

        def read(abs_path: str, content: bytes) -> None:
            fingerprints[abs_path] = Fingerprint.of(abs_path, root, max_bytes, content)

        audit = DescriptionAudit()
        documents: dict[str, LoadedDocument] = {}

        def keep(name: str, doc: LoadedDocument) -> list[Problem]:
            documents[name] = doc
            return audit(name, doc) if self.audit else []

        started = time.perf_counter()
        # the millions of objects of a large spec live as long as the build: they are
        # frozen out of collections (until the next build starts: thaw) before the
        # collector runs again, which would otherwise walk them all once (0.1 s on GitHub's
        # spec); garbage is collected before, not kept
        large = _size(path) > _LARGE
        if large:
            gc.collect()
        with paused_gc():
            try:
                spec, problems, files = load_spec(
                    path,
                    root,
                    on_read=read,
                    max_bytes=max_bytes,
                    audit=keep,
                    fetch=self.fetch,
                    parsed=parsed,
                )
            except Exception as exc:  # a bug of ours must not stop the build: say so, go on
                spec, files = None, (os.path.relpath(path, root),)
                problems = [
                    Problem(Subtype.INTERNAL.value, f"{type(exc).__name__}: {exc}", files[0])
                ]
            internal: tuple[Operation, ...] = ()
            if spec is not None and not self.show_internal:
                internal = tuple(op for op in spec.operations + spec.webhooks if is_internal(op))
                spec = without_internal(spec)
            if large:
                gc.freeze()
        real_root = os.path.realpath(root)
        # every file tried inside the root, also missing ones; a refused file has none
        abs_files = tuple(os.path.join(real_root, f) for f in files)
        operations = (
            {str(op.location): op for op in (spec.operations + spec.webhooks)} if spec else {}
        )
        read_as = tuple(
            fingerprints.get(f) or Fingerprint.of(f, root, max_bytes) for f in abs_files
        )
        loaded = LoadedSpec(
            name,
            path,
            spec,
            tuple(problems),
            abs_files,
            operations,
            {"text": audit.parsed},
            documents,
            {f.path: f.sha256 for f in read_as},
            internal,
        )
        self.load_seconds += time.perf_counter() - started
        self.loads += 1
        self._entries[(name, path)] = (read_as, loaded)
        return loaded
