"""Finding and loading specs for directives, cached per build by content.

The cache belongs to one build's environment (a weak reference keyed by
the environment object), never to a process-wide table keyed by path: an entry is reused only while every file it was built from still has
the same content hash, so an edited ``$ref``'d file is always seen, also by a
second build in the same process.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import time
import weakref
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import localedata
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from ..markdown.merge import MarkdownIndex
from ..markdown.parse import MarkdownSource, parse_markdown
from ..render.audit import DescriptionAudit
from ..samples.code import CodeSamples
from ..spec.document import LoadedDocument
from ..spec.files import Refused, read_project_file, subtype_of
from ..spec.loader import DEFAULT_MAX_BYTES, paused_gc
from ..spec.model import ApiSpec, Operation
from ..spec.normalize import load_spec
from ..spec.remote import RemoteFetcher


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

    def operation_at(self, location: str) -> Operation | None:
        return self.operations.get(location)


@dataclass(frozen=True)
class _Fingerprint:
    """A file's content hash, and the stat it had when hashed.  A file of more than
    ``max_bytes`` bytes is not read: its "hash" says so, with its size."""

    path: str
    root: str
    max_bytes: int
    sha256: str | None
    stat: tuple[int, int] | None

    @classmethod
    def of(cls, path: str, root: str, max_bytes: int, content: bytes | None = None) -> _Fingerprint:
        """The fingerprint of ``path`` (a file the project names, inside ``root``), with
        ``content`` when the caller has just read it."""
        try:
            st = os.stat(path)
            digest = hashlib.sha256(
                read_project_file(path, root, max_bytes) if content is None else content
            ).hexdigest()
        except Refused as exc:
            if exc.subtype is not Subtype.SIZE:
                return cls(path, root, max_bytes, None, None)
            digest = f"over the size limit: {st.st_size} bytes"
        except OSError:  # also a file refused (a FIFO would block the build)
            return cls(path, root, max_bytes, None, None)
        return cls(path, root, max_bytes, digest, (st.st_size, st.st_mtime_ns))

    def still_valid(self) -> bool:
        """Same content: the same stat, or else the same hash."""
        try:
            st = os.stat(self.path)
        except OSError:
            return self.sha256 is None
        if (st.st_size, st.st_mtime_ns) == self.stat:
            return True
        return _Fingerprint.of(self.path, self.root, self.max_bytes).sha256 == self.sha256


CHECKING_BUILDER = "apicheck"
"""The builder that checks the docs rather than showing them (see :func:`checking`)."""

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
        self._entries: dict[tuple[str, str], tuple[tuple[_Fingerprint, ...], LoadedSpec]] = {}
        self.fetch = fetch
        """Reads remote ``$ref`` documents (``apidocs_allow_remote_refs``); None: never."""
        self.audit = True
        """Audit spec text while loading (what the sanitizer will remove, parsed once for
        rendering).  ``apicheck`` renders nothing and audits in its own checks."""
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
        fingerprints: dict[str, _Fingerprint] = {}

        def read(abs_path: str, content: bytes) -> None:
            fingerprints[abs_path] = _Fingerprint.of(abs_path, root, max_bytes, content)

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
            if large:
                gc.freeze()
        real_root = os.path.realpath(root)
        # every file tried inside the root, also missing ones; a refused file has none
        abs_files = tuple(os.path.join(real_root, f) for f in files)
        operations = (
            {str(op.location): op for op in (spec.operations + spec.webhooks)} if spec else {}
        )
        read_as = tuple(
            fingerprints.get(f) or _Fingerprint.of(f, root, max_bytes) for f in abs_files
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
        )
        self.load_seconds += time.perf_counter() - started
        self.loads += 1
        self._entries[(name, path)] = (read_as, loaded)
        return loaded


class MarkdownCache:
    """Parsed Markdown endpoint sources of one build, reused while unchanged."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[_Fingerprint, MarkdownSource]] = {}
        self._indexes: dict[str, tuple[MarkdownSource, MarkdownIndex]] = {}

    def get(self, path: str, root: str, max_bytes: int = DEFAULT_MAX_BYTES) -> MarkdownSource:
        entry = self._entries.get(path)
        if entry is not None and entry[0].still_valid():
            return entry[1]
        shown = os.path.relpath(path, root)
        content: bytes | None = None
        problem: tuple[Subtype, str] | None = None
        try:
            content = read_project_file(path, root, max_bytes)
        except OSError as exc:
            subtype = subtype_of(exc)
            if subtype is Subtype.SIZE:
                problem = (subtype, f"is larger than apidocs_max_file_size ({max_bytes})")
            else:
                problem = (subtype, f"cannot be read ({exc.strerror or type(exc).__name__})")
        if content is not None:
            try:
                source = parse_markdown(content.decode("utf-8-sig"), shown)
            except UnicodeDecodeError:
                problem = (Subtype.ENCODING, "is not UTF-8 text")
        if problem is not None:
            message = f"the Markdown source {problem[1]}; it is not used"
            source = MarkdownSource(shown, problems=(Problem(problem[0].value, message, shown),))
        self._entries[path] = (_Fingerprint.of(path, root, max_bytes, content), source)
        return source

    def sha256(self, path: str) -> str | None:
        """The SHA-256 of the file at ``path`` as :meth:`get` last read it (None: unread)."""
        entry = self._entries.get(path)
        return entry[0].sha256 if entry is not None else None

    def index(self, path: str, root: str, max_bytes: int) -> MarkdownIndex:
        """The endpoint sections of one file by endpoint, made once per parse."""
        source = self.get(path, root, max_bytes)
        found = self._indexes.get(path)
        if found is None or found[0] is not source:
            found = self._indexes[path] = (source, MarkdownIndex.of([source]))
        return found[1]


def markdown_files(
    patterns: list[str], root: str, language: str | None, unreadable: list[str] | None = None
) -> list[str]:
    """The Markdown endpoint sources ``apidocs_markdown`` names (folders or globs relative
    to ``root``), inside the project, each replaced by its translation for ``language``
    where there is one (``users.de.md`` beside ``users.md``, or ``de/users.md`` in the
    folder or beside it).  ``general_docs.md`` is not an endpoint source.  A folder or
    file that cannot be read (permissions, a symlink loop) is left out and its path
    added to ``unreadable``."""
    real_root = Path(os.path.realpath(root))
    skipped = unreadable if unreadable is not None else []

    def skip(error: OSError, path: Path) -> None:
        skipped.append(str(error.filename or path))

    found: list[Path] = []
    for pattern in patterns:
        base = real_root / pattern
        try:
            if base.is_dir():
                inside = Path(os.path.realpath(base)).is_relative_to(real_root)
                matches = _markdown_below(base, skip) if inside else []
            else:
                matches = sorted(real_root.glob(pattern))
        except (ValueError, NotImplementedError):  # an absolute or odd pattern
            matches = []
        except OSError as exc:
            skip(exc, base)
            matches = []
        for path in matches:
            try:
                if _is_translation(path, base if base.is_dir() else real_root):
                    continue
            except OSError as exc:
                skip(exc, path)
                continue
            if path.name != GENERAL_DOCS and path not in found:
                found.append(path)
    out = []
    for path in found:
        try:
            chosen = translated(path, language) or path
            real = Path(os.path.realpath(chosen))
            if real.is_relative_to(real_root) and real.is_file():
                out.append(str(real))
        except OSError as exc:
            skip(exc, path)
    return out


def _markdown_below(folder: Path, skip: Callable[[OSError, Path], None]) -> list[Path]:
    """Every ``*.md`` file below ``folder``, sorted; a folder that cannot be listed is
    passed to ``skip`` (``Path.rglob`` would leave it out without a word)."""
    found = []
    for parent, _folders, files in os.walk(folder, onerror=lambda exc: skip(exc, folder)):
        found += [Path(parent, name) for name in files if name.endswith(".md")]
    return sorted(found)


GENERAL_DOCS = "general_docs.md"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


def _is_language(code: str) -> bool:
    """A language Babel (Sphinx's locale library) knows: ``de``, ``pt_BR``; not ``old``."""
    return bool(_LANGUAGE.match(code)) and localedata.exists(code.replace("-", "_"))


def _is_translation(path: Path, base: Path) -> bool:
    """A translation of another source: ``users.de.md`` beside ``users.md``, or
    ``de/users.md`` beside (or in a folder beside) ``users.md``."""
    stem = Path(path.stem)
    if (
        stem.suffix
        and _is_language(stem.suffix[1:])
        and path.with_name(stem.stem + ".md").is_file()
    ):
        return True
    folder = path.parent
    if _is_language(folder.name) and folder != base:
        return any(
            candidate.is_file()
            for candidate in (folder.parent / path.name, folder.parent.parent / path.name)
        )
    return False


def translated(path: Path, language: str | None) -> Path | None:
    if not language or language == "en":
        return None
    for candidate in (
        path.with_name(f"{path.stem}.{language}.md"),
        path.parent / language / path.name,
        path.parent.parent / language / path.name,
    ):
        if candidate.is_file():
            return candidate
    return None


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
    :func:`changed_dependencies` checks), by path: each is hashed once."""
    mermaid_cli_tried: bool = False
    mermaid_cli_problem: str | None = None
    """Why the Mermaid CLI cannot draw, once tried in this build (None: it draws)."""
    mermaid_cli_said: bool = False
    """Whether this build has warned of :attr:`mermaid_cli_problem` (once per build)."""

    def sha256(self, path: str) -> str | None:
        """The SHA-256 of the regular file at ``path`` in the project (None: there is none;
        a file outside the project, a symlink leading out included, is never opened)."""
        if path not in self.hashes:
            self.hashes[path] = _Fingerprint.of(path, self.root, self.max_bytes).sha256
        return self.hashes[path]

    def new_build(self) -> None:
        """Forget what an earlier build of this application found out (files may have
        changed since, the Mermaid CLI may have been installed, and a build warns anew)."""
        self.hashes.clear()
        self.samples = None  # its templates are read once per build
        self.mermaid_cli_tried = self.mermaid_cli_said = False
        self.mermaid_cli_problem = None


def template_dir(folder: str | None, root: str) -> str | None:
    """``apidocs_sample_templates`` as an absolute folder inside the project, else None."""
    if not folder:
        return None
    path = (Path(root) / folder).resolve()
    if not path.is_dir() or not path.is_relative_to(Path(root).resolve()):
        return None
    return str(path)


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


#: env attribute: docname -> {absolute path: the SHA-256 of the file's content as the
#: extension read it for the document (None: there was no such file)}
DEPENDENCIES = "apidocs_dependencies"


def _dependencies(env: BuildEnvironment) -> dict[str, dict[str, str | None]]:
    found = getattr(env, DEPENDENCIES, None)
    if found is None:
        found = {}
        setattr(env, DEPENDENCIES, found)
    return found


def depend_on(env: BuildEnvironment, path: str, sha256: str | None) -> None:
    """Make the document being read depend on the file at ``path`` (absolute) by its
    content, ``sha256`` as it was read (None: there was no such file)."""
    env.note_dependency(path)
    _dependencies(env).setdefault(env.docname, {})[path] = sha256


def new_build(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``, first (every build reads before it writes): the application
    may build again, and this build starts afresh (see :meth:`BuildState.new_build`)."""
    state(env).new_build()
    return []


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
    theirs = _dependencies(other)
    ours = _dependencies(env)
    ours.update({d: theirs[d] for d in docnames if d in theirs})


def find_spec_path(env: BuildEnvironment, target: str | None) -> tuple[str, str] | str:
    """(name, absolute path) for a spec name or a document-relative path; else an error
    message (a path in the project with no file yet is a dependency of the document being
    read, so that it is read again once the file is there)."""
    specs: dict[str, str] = env.config.apidocs_specs
    root = state(env).root
    if not target:
        if len(specs) == 1:
            name, rel = next(iter(specs.items()))
            return name, os.path.normpath(os.path.join(root, rel))
        if not specs:
            return "no spec given and apidocs_specs is empty"
        return (
            "several specs are configured; name one with :spec: (" + ", ".join(sorted(specs)) + ")"
        )
    target = target.strip()
    if target in specs:
        return target, os.path.normpath(os.path.join(root, specs[target]))
    _rel, abs_path = env.relfn2path(target, env.docname)
    if os.path.isfile(abs_path):
        abs_path = os.path.normpath(abs_path)
        # a configured file keeps its configured name; another is named by its path in the
        # project (v1/api.yaml and v2/api.yaml are two specs, not one "api")
        for name, rel in specs.items():
            if os.path.normpath(os.path.join(root, rel)) == abs_path:
                return name, abs_path
        relative = os.path.relpath(abs_path, root).replace(os.sep, "/")
        return os.path.splitext(relative)[0], abs_path
    if Path(os.path.realpath(abs_path)).is_relative_to(os.path.realpath(root)):
        depend_on(env, os.path.normpath(abs_path), None)  # read again once it exists
    known = ", ".join(sorted(specs)) or "none configured"
    return f"unknown spec {target!r}: not a name in apidocs_specs ({known}) and not a file"
