"""The state of the running build: what it keeps outside the pickled environment (the
caches, the statistics, the builder) and the events that start a build."""

from __future__ import annotations

import gc
import gettext
import os
import time
import weakref
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..samples.code import CodeSamples
from ..spec.loader import DEFAULT_MAX_BYTES
from ..spec.remote import RemoteFetcher
from .discovery import template_dir
from .fingerprint import Fingerprint
from .markdown_cache import MarkdownCache
from .spec_cache import SpecCache


@dataclass
class BuildStats:
    operations: int = 0
    """Operations rendered (or checked, under ``apicheck``)."""
    schemas: int = 0
    """``api-schema`` blocks rendered."""
    samples: int = 0
    """Code samples rendered."""
    diagrams: int = 0
    render_seconds: float = 0.0
    check_seconds: float = 0.0
    started: float = field(default_factory=time.perf_counter)


CHECKING_BUILDER = "apicheck"
"""The builder that checks the docs rather than showing them (see :func:`checking`)."""


@dataclass
class BuildState:
    """What one build keeps outside the pickled environment."""

    root: str
    max_bytes: int = DEFAULT_MAX_BYTES
    """``apidocs_max_file_size``: a larger file is not read, also not to hash it."""
    cache: SpecCache = field(default_factory=SpecCache)
    markdown: MarkdownCache = field(default_factory=MarkdownCache)
    #: the code sample renderer, made on first use (see :func:`code_samples`)
    samples: CodeSamples | None = None
    stats: BuildStats = field(default_factory=BuildStats)
    hashes: dict[str, str | None] = field(default_factory=dict)
    """Files hashed in this build outside the caches (templates, the dependencies that
    :func:`.dependencies.changed_dependencies` checks), by path: each is hashed once."""
    warned_samples: set[str] = field(default_factory=set)
    """The schemas (validator URIs) whose invalid made-up body this build warned about."""
    mermaid_cli_tried: bool = False
    mermaid_cli_problem: str | None = None
    """Why the Mermaid CLI cannot draw, once tried in this build (None: it draws)."""
    mermaid_cli_said: bool = False
    """Whether this build has warned of :attr:`mermaid_cli_problem` (once per build)."""
    catalogues: dict[str, gettext.NullTranslations | None] = field(default_factory=dict)
    """The project's compiled message catalogues (``locale_dirs``) for spec prose, by text
    domain, read once per build (see :mod:`.translations`)."""

    def sha256(self, path: str) -> str | None:
        """The SHA-256 of the regular file at ``path`` in the project (None: there is none;
        a file outside the project, a symlink leading out included, is never opened)."""
        if path not in self.hashes:
            self.hashes[path] = Fingerprint.of(path, self.root, self.max_bytes).sha256
        return self.hashes[path]

    def new_build(self) -> None:
        """Forget what an earlier build of this application found out (files may have
        changed since, the Mermaid CLI may have been installed, and a build warns anew)."""
        self.hashes.clear()
        self.warned_samples.clear()
        self.samples = None  # its templates are read once per build
        self.mermaid_cli_tried = self.mermaid_cli_said = False
        self.mermaid_cli_problem = None
        self.catalogues.clear()


def code_samples(env: BuildEnvironment) -> CodeSamples:
    build = state(env)
    if build.samples is None:
        folder = template_dir(env.config.apidocs_sample_templates, build.root)
        build.samples = CodeSamples(folder)
    return build.samples


_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def start_build(app: Sphinx) -> None:
    """``builder-inited``: a fresh cache for this build's environment.  With
    ``apidocs_allow_remote_refs``, remote documents are fetched into (and then read
    from) ``apidocs-remote`` in the doctree folder, under the build directory."""
    fetch = None
    if app.config.apidocs_allow_remote_refs:
        fetch = RemoteFetcher(
            os.path.join(app.doctreedir, "apidocs-remote"),
            max_bytes=app.config.apidocs_max_file_size,
        )
    cache = SpecCache(fetch)
    cache.audit = app.builder.name != CHECKING_BUILDER
    cache.show_internal = app.config.apidocs_show_internal
    root = str(app.confdir or app.srcdir)
    _STATES[app.env] = BuildState(root, app.config.apidocs_max_file_size, cache)


def preload(app: Sphinx, *args: object) -> None:
    """Parse the configured specs once in the main process, before parallel readers
    or writers fork (``env-before-read-docs`` with documents to read, ``write-started``)."""
    if len(args) == 2 and not args[1]:
        return  # nothing to read
    build = state(app.env)
    for name, rel in app.config.apidocs_specs.items():
        path = os.path.normpath(os.path.join(build.root, rel))
        if os.path.isfile(path):
            build.cache.get(name, path, build.root, app.config.apidocs_max_file_size)


def thaw(app: Sphinx) -> None:
    """``builder-inited``: what an earlier build in this process froze out of garbage
    collection (its large spec) is collectable again -- tests, autobuild.  Not at the end
    of the build: a command-line build would pay for a last full collection."""
    if gc.get_freeze_count():
        gc.unfreeze()


def builder(env: BuildEnvironment) -> Builder:
    """The running builder (``env._app`` from Sphinx 9, where ``env.app`` is deprecated)."""
    app = getattr(env, "_app", None) or env.app
    return app.builder


def output(env: BuildEnvironment) -> str:
    """What the running build writes: its builder and folder (builders that share a
    doctree folder keep apart what each found while writing)."""
    running = builder(env)
    return f"{running.name}:{running.outdir}"


def checking(env: BuildEnvironment) -> bool:
    """Whether this build checks the docs (``apicheck``) rather than showing them: the
    directives then make only what the rules need (anchors, not the display)."""
    return builder(env).name == CHECKING_BUILDER


def state(env: BuildEnvironment) -> BuildState:
    found = _STATES.get(env)
    if found is None:  # an environment we were not told about (should not happen)
        found = _STATES[env] = BuildState(str(env.srcdir), env.config.apidocs_max_file_size)
    return found


def env_dict(env: BuildEnvironment, attr: str) -> dict[str, Any]:
    """The dict the extension keeps in the pickled environment as ``attr`` (made on first
    use), by document name."""
    found = getattr(env, attr, None)
    if found is None:
        found = {}
        setattr(env, attr, found)
    return found


def merge_env_dict(
    env: BuildEnvironment, other: BuildEnvironment, docnames: Set[str], attr: str
) -> None:
    """Take the entries of ``docnames`` in ``other``'s :func:`env_dict` ``attr`` (read by a
    parallel reader) into ``env``'s."""
    theirs = env_dict(other, attr)
    env_dict(env, attr).update({d: theirs[d] for d in docnames if d in theirs})


def new_build(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``, first (every build reads before it writes): the application
    may build again, and this build starts afresh (see :meth:`BuildState.new_build`)."""
    state(env).new_build()
    return []
