"""The files each document depends on, by content: a document is read again when one
of them has another content than when it was read (Sphinx compares mtimes only)."""

from __future__ import annotations

from collections.abc import Set

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import env_dict, merge_env_dict, state

#: env attribute: docname -> {absolute path: the SHA-256 of the file's content as the
#: extension read it for the document (None: there was no such file)}
DEPENDENCIES = "apidocs_dependencies"


def _dependencies(env: BuildEnvironment) -> dict[str, dict[str, str | None]]:
    return env_dict(env, DEPENDENCIES)


def depend_on(env: BuildEnvironment, path: str, sha256: str | None) -> None:
    """Make the document being read depend on the file at ``path`` (absolute) by its
    content, ``sha256`` as it was read (None: there was no such file)."""
    env.note_dependency(path)
    _dependencies(env).setdefault(env.docname, {})[path] = sha256


def changed_dependencies(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: the documents a file of which (see :func:`depend_on`) has
    another content than when they were read, or appeared or disappeared since.  Sphinx
    compares mtimes, which ``cp -p``, ``rsync -t``, ``tar x`` and restored backups set
    to older times.  Each file is hashed once."""
    build = state(env)
    out = []
    for docname, files in sorted(_dependencies(env).items()):
        if docname in added or docname in changed or docname not in env.found_docs:
            continue
        if any(build.sha256(path) != sha256 for path, sha256 in files.items()):
            out.append(docname)
    return out


def purge_dependencies(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _dependencies(env).pop(docname, None)


def merge_dependencies(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    merge_env_dict(env, other, docnames, DEPENDENCIES)
