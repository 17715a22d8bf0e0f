"""Finding and loading specs for directives, cached per build by content.

The cache belongs to one build's environment (a weak reference keyed by
the environment object), never to a process-wide table keyed by path: an entry is reused only while every file it was built from still has
the same content hash, so an edited ``$ref``'d file is always seen, also by a
second build in the same process.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from dataclasses import dataclass, field

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .spec.model import ApiSpec
from .spec.normalize import load_spec
from .spec.problems import Problem

@dataclass(frozen=True)
class LoadedSpec:
    name: str
    path: str
    spec: ApiSpec | None
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    """Absolute paths of every file read (the main file first)."""


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


class SpecCache:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[tuple[str, str | None], ...], LoadedSpec]] = {}

    def get(self, name: str, path: str, root: str, max_bytes: int) -> LoadedSpec:
        entry = self._entries.get(path)
        if entry is not None and all(_digest(f) == h for f, h in entry[0]):
            return entry[1]
        hashes: dict[str, str] = {}

        def read(abs_path: str) -> bytes:
            with open(abs_path, "rb") as f:
                content = f.read()
            hashes[abs_path] = hashlib.sha256(content).hexdigest()
            return content

        spec, problems, files = load_spec(path, root, read=read, max_bytes=max_bytes)
        real_root = os.path.realpath(root)
        abs_files = tuple(os.path.join(real_root, f) for f in files) or (path,)
        loaded = LoadedSpec(name, path, spec, tuple(problems), abs_files)
        fingerprint = tuple((f, hashes.get(f) or _digest(f)) for f in (path, *abs_files))
        self._entries[path] = (fingerprint, loaded)
        return loaded


@dataclass
class BuildState:
    """What one build keeps outside the pickled environment."""

    root: str
    cache: SpecCache = field(default_factory=SpecCache)


_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def start_build(app: Sphinx) -> None:
    """``builder-inited``: a fresh cache for this build's environment."""
    _STATES[app.env] = BuildState(str(app.confdir or app.srcdir))


def state(env: BuildEnvironment) -> BuildState:
    found = _STATES.get(env)
    if found is None:  # an environment we were not told about (should not happen)
        found = _STATES[env] = BuildState(str(env.srcdir))
    return found


def find_spec_path(env: BuildEnvironment, target: str | None) -> tuple[str, str] | str:
    """(name, absolute path) for a spec name or a document-relative path; else an error message."""
    specs: dict[str, str] = env.config.apidocs_specs
    root = state(env).root
    if not target:
        if len(specs) == 1:
            name, rel = next(iter(specs.items()))
            return name, os.path.normpath(os.path.join(root, rel))
        if not specs:
            return "no spec given and apidocs_specs is empty"
        return "several specs are configured; name one with :spec: (" + ", ".join(sorted(specs)) + ")"
    target = target.strip()
    if target in specs:
        return target, os.path.normpath(os.path.join(root, specs[target]))
    _rel, abs_path = env.relfn2path(target, env.docname)
    if os.path.isfile(abs_path):
        name = os.path.splitext(os.path.basename(abs_path))[0]
        return name, os.path.normpath(abs_path)
    known = ", ".join(sorted(specs)) or "none configured"
    return f"unknown spec {target!r}: not a name in apidocs_specs ({known}) and not a file"
