"""Earlier versions of a spec (``apidocs_spec_history``): loaded like the current one, and
labelled by their ``info.version`` (or file name).

An entry is a path relative to the configuration directory, read by the same loader (and
confined to the project the same way), or ``git:REV:PATH``: the file ``PATH`` (relative to
the configuration directory) as it was at revision ``REV`` of the project's own
repository, read with ``git show`` (no shell, no network).  Such a file is written to
``apidocs-history`` in the doctree folder when the builder starts, and loaded from there;
it is rewritten only when its content changed, so that Sphinx reads again the pages that
use it exactly then.  A ``$ref`` to another file is not followed out of that folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..changes.diff import Change, Milestones, diff, milestones
from ..changes.diff import field_milestones as fields_milestones
from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from . import warning
from .config import warn_config
from .dependencies import depend_on
from .spec_cache import LoadedSpec
from .state import state

GIT_PREFIX = "git:"
HISTORY_DIR = "apidocs-history"
_REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/~^@{}-]*")
"""A branch, tag, commit or ``HEAD~2``-style expression (never an option: no ``-`` first)."""
_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/ -]*")
_GIT_TIMEOUT = 30


@dataclass(frozen=True)
class Version:
    """One earlier version of a spec, loaded."""

    label: str
    """Its ``info.version``, else (also when another version has it) its file name."""
    entry: str
    """The ``apidocs_spec_history`` entry it was loaded from."""
    loaded: LoadedSpec


def git_entry(entry: str) -> tuple[str, str] | str:
    """(revision, path) of a ``git:REV:PATH`` entry, else why it is not a valid one."""
    revision, _, path = entry[len(GIT_PREFIX) :].partition(":")
    if not _REVISION.fullmatch(revision) or ".." in revision:
        return f"{revision!r} is not a revision name (letters, digits, ._/~^@{{}}-)"
    parts = path.split("/")
    if not _PATH.fullmatch(path) or ".." in parts or "" in parts:
        return f"{path!r} is not a relative path inside the project"
    return revision, path


def materialized_path(doctreedir: str, name: str, entry: str) -> str:
    """Where the file a ``git:`` entry names is written (one folder per entry)."""
    digest = hashlib.sha256(f"{name}\0{entry}".encode()).hexdigest()[:16]
    return os.path.join(doctreedir, HISTORY_DIR, digest, os.path.basename(entry))


def read_git_entries(app: Sphinx) -> None:
    """``builder-inited``: write the file of every ``git:`` entry where it is loaded from
    (a failure warns; that version is then left out)."""
    root = state(app.env).root
    for name, entries in app.config.apidocs_spec_history.items():
        for entry in entries:
            if not entry.startswith(GIT_PREFIX):
                continue
            problem = _read_git_entry(app, root, name, entry)
            if problem is not None:
                warn_config(
                    app,
                    "apidocs_spec_history",
                    f"apidocs_spec_history[{name!r}]: {entry!r}: {problem}; left out",
                    Subtype.HISTORY,
                )


def _read_git_entry(app: Sphinx, root: str, name: str, entry: str) -> str | None:
    found = git_entry(entry)
    if isinstance(found, str):
        return found
    revision, path = found
    target = materialized_path(str(app.doctreedir), name, entry)
    try:
        done = subprocess.run(
            ["git", "--no-pager", "show", "--no-textconv", f"{revision}:./{path}"],
            cwd=root,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        _remove(target)
        return f"git could not be run ({exc})"
    if done.returncode != 0:
        _remove(target)
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return "git show failed" + (f": {reason[0]}" if reason else "")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        with open(target, "rb") as f:
            if f.read() == done.stdout:
                return None  # unchanged: its mtime stays, and so do the pages using it
    except OSError:
        pass
    with open(target, "wb") as f:
        f.write(done.stdout)
    return None


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def versions(env: BuildEnvironment, name: str) -> list[Version]:
    """The earlier versions of spec ``name``, oldest first, then the current one (an
    entry that does not load is left out; see :func:`use_history` for the warnings).  Versions
    that share a label (or have none) are labelled by their file name (a ``git:`` entry by
    its revision) instead."""
    build = state(env)
    out: list[Version] = []
    for entry, loaded in loaded_entries(env, name):
        if loaded.spec is not None:
            out.append(Version(loaded.spec.version, entry, loaded))
    rel = env.config.apidocs_specs.get(name)
    if rel is None:
        return []
    path = os.path.normpath(os.path.join(build.root, rel))
    current = build.cache.get(name, path, build.root, env.config.apidocs_max_file_size)
    if current.spec is None:
        return []
    out.append(Version(current.spec.version, rel, current))
    labels = Counter(version.label for version in out)
    return [
        v if v.label and labels[v.label] == 1 else replace(v, label=_file_label(v.entry))
        for v in out
    ]


def _file_label(entry: str) -> str:
    """A version's label from its entry: a ``git:`` entry's revision, else its file name."""
    found = git_entry(entry) if entry.startswith(GIT_PREFIX) else None
    if isinstance(found, tuple):
        return found[0]
    return os.path.splitext(os.path.basename(entry))[0]


def loaded_entries(env: BuildEnvironment, name: str) -> list[tuple[str, LoadedSpec]]:
    """Each usable entry of spec ``name``'s history, loaded (its spec None when it failed)."""
    build = state(env)
    max_bytes = env.config.apidocs_max_file_size
    out = []
    for entry in env.config.apidocs_spec_history.get(name, []):
        if entry.startswith(GIT_PREFIX):
            path = materialized_path(str(env.doctreedir), name, entry)
            if isinstance(git_entry(entry), str) or not os.path.isfile(path):
                continue  # warned of when the builder started
            root = os.path.dirname(path)
        else:
            path = os.path.normpath(os.path.join(build.root, entry))
            root = build.root
        out.append((entry, build.cache.get(f"{name}@{entry}", path, root, max_bytes)))
    return out


def use_history(env: BuildEnvironment, name: str, lineno: int | None) -> None:
    """The document being read shows the history of spec ``name``: it depends on each of
    its files, and warns of their loading problems (at ``lineno``)."""
    for entry, loaded in loaded_entries(env, name):
        if entry.startswith(GIT_PREFIX):
            for file in loaded.files:
                env.note_dependency(file)  # rewritten only when its content changes
        else:
            for file, sha256 in loaded.hashes.items():
                depend_on(env, file, sha256)
        warning.record_problems(env, loaded.problems, lineno)
        if loaded.spec is None:
            warning.record_problems(env, [unusable(name, entry)], lineno)


def unusable(name: str, entry: str) -> Problem:
    """The warning that entry ``entry`` of spec ``name``'s history does not load."""
    message = f"apidocs_spec_history[{name!r}]: {entry!r} is not a usable spec; left out"
    return Problem(Subtype.HISTORY.value, message)


def changes(old: Version, new: Version) -> list[Change]:
    """The changes from ``old`` to ``new``, found once per build for each pair (kept with
    the newer spec, as long as neither is loaded again)."""
    assert old.loaded.spec is not None and new.loaded.spec is not None
    memo = new.loaded.render_memo.setdefault("changes", {})
    found = memo.get(old.loaded.path)
    if found is None or found[0] is not old.loaded.spec:
        found = memo[old.loaded.path] = (old.loaded.spec, diff(old.loaded.spec, new.loaded.spec))
    return found[1]


def badges_wanted(env: BuildEnvironment, name: str) -> bool:
    """Whether the operations and fields of spec ``name`` show "New in" badges."""
    return bool(env.config.apidocs_change_badges and env.config.apidocs_spec_history.get(name))


def operation_milestones(env: BuildEnvironment, loaded: LoadedSpec) -> dict[str, Milestones]:
    """When each operation of ``loaded`` came and last changed (by its
    :func:`.spec.paths.template_key`); empty without badges (:func:`badges_wanted`)."""
    return _milestones(env, loaded, "operation_milestones", milestones)


def field_milestones(env: BuildEnvironment, loaded: LoadedSpec) -> dict[str, Milestones]:
    """When each schema field of ``loaded`` came and last changed (by the JSON pointer of
    its schema); empty without badges (:func:`badges_wanted`)."""
    return _milestones(env, loaded, "field_milestones", fields_milestones)


def _milestones(
    env: BuildEnvironment,
    loaded: LoadedSpec,
    memo_key: str,
    find: Callable[[Iterable[tuple[str, Iterable[Change]]]], dict[str, Milestones]],
) -> dict[str, Milestones]:
    """``find`` over the changes of each version of ``loaded``, once for the versions as
    loaded (kept with the current spec)."""
    if not badges_wanted(env, loaded.name):
        return {}
    found = versions(env, loaded.name)
    if len(found) < 2 or found[-1].loaded is not loaded:
        return {}
    memo = loaded.render_memo.setdefault(memo_key, {})
    key = tuple(id(version.loaded.spec) for version in found)
    if key not in memo:
        memo.clear()
        memo[key] = find((new.label, changes(old, new)) for old, new in pairwise(found))
    result: dict[str, Milestones] = memo[key]
    return result
