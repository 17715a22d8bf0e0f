"""The files each document depends on, by content: a document is read again when one
of them has another content than when it was read (Sphinx compares mtimes only).

A document that says which parts of a spec it shows (:func:`depend_on_parts`) depends on
those parts rather than on the spec's files: when a file of the spec changes, the spec is
loaded once and the document is read again only if the digest of its parts changed."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..spec.parts import SpecParts, digest
from .spec_cache import LoadedSpec
from .state import env_dict, merge_env_dict, state

#: env attribute: docname -> {absolute path: the SHA-256 of the file's content as the
#: extension read it for the document (None: there was no such file)}
DEPENDENCIES = "apidocs_dependencies"

#: env attribute: docname -> {absolute path of a spec: :class:`SpecDependency`}
SPEC_PARTS = "apidocs_spec_parts"


@dataclass(frozen=True)
class SpecDependency:
    """The parts of one spec a document shows, as they were when it was read."""

    name: str
    hashes: dict[str, str | None]
    """The spec's files, with the SHA-256 of each as read (None: there was none)."""
    parts: SpecParts
    digest: str
    """:func:`.spec.parts.digest` of :attr:`parts` as read."""


def _dependencies(env: BuildEnvironment) -> dict[str, dict[str, str | None]]:
    return env_dict(env, DEPENDENCIES)


def depend_on(env: BuildEnvironment, path: str, sha256: str | None) -> None:
    """Make the document being read depend on the file at ``path`` (absolute) by its
    content, ``sha256`` as it was read (None: there was no such file)."""
    env.note_dependency(path)
    _dependencies(env).setdefault(env.docname, {})[path] = sha256


def parts_digest(loaded: LoadedSpec, parts: SpecParts) -> str:
    assert loaded.spec is not None
    memo = loaded.render_memo.setdefault("parts", {})
    return digest(loaded.spec, parts, loaded.problems, memo)


def depend_on_parts(env: BuildEnvironment, loaded: LoadedSpec, parts: SpecParts) -> None:
    """Make the document being read depend on ``parts`` of ``loaded`` (a spec that
    loaded), with what it showed of the spec already."""
    records = env_dict(env, SPEC_PARTS).setdefault(env.docname, {})
    known = records.get(loaded.path)
    if known is not None:
        parts = known.parts | parts
    records[loaded.path] = SpecDependency(
        loaded.name, dict(loaded.hashes), parts, parts_digest(loaded, parts)
    )


def _parts_changed(env: BuildEnvironment, path: str, record: SpecDependency) -> bool:
    """Whether what ``record`` shows of the spec at ``path`` changed (the spec is loaded
    once for every document, and only when one of its files changed)."""
    build = state(env)
    if all(build.sha256(file) == sha256 for file, sha256 in record.hashes.items()):
        return False
    loaded = build.cache.get(record.name, path, build.root, env.config.apidocs_max_file_size)
    return loaded.spec is None or parts_digest(loaded, record.parts) != record.digest


def changed_dependencies(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: the documents a file of which (see :func:`depend_on`) has
    another content than when they were read, or appeared or disappeared since.  Sphinx
    compares mtimes, which ``cp -p``, ``rsync -t``, ``tar x`` and restored backups set
    to older times.  Each file is hashed once."""
    build = state(env)
    files = _dependencies(env)
    specs: dict[str, dict[str, SpecDependency]] = env_dict(env, SPEC_PARTS)
    out = []
    for docname in sorted(files.keys() | specs.keys()):
        if docname in added or docname in changed or docname not in env.found_docs:
            continue
        if any(
            build.sha256(path) != sha256 for path, sha256 in files.get(docname, {}).items()
        ) or any(_parts_changed(env, path, r) for path, r in specs.get(docname, {}).items()):
            out.append(docname)
    return out


def purge_dependencies(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dependencies(env).pop(docname, None)
    env_dict(env, SPEC_PARTS).pop(docname, None)


def merge_dependencies(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    merge_env_dict(env, other, docnames, DEPENDENCIES)
    merge_env_dict(env, other, docnames, SPEC_PARTS)
