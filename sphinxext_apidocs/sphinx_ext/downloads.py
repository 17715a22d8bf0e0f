"""The spec as a download, for HTML builders: the main file as written and, for a spec
split over several files, one bundled JSON file, in ``_apidocs/<spec>/`` of the output.

An ``api-overview`` notes which spec it links to (kept per document in the pickled
environment, so an incremental build that reads nothing still writes them); once the
build has written its pages, each noted spec's files are written, a file only when its
content changed, and those of specs no page links to any more are removed.  They come from the spec as the build loaded it: the main file read
again through :func:`.read_project_file` (inside the project only), the bundle from the
documents already parsed (a spec in one file is not loaded for it).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..diagnostics.subtypes import Subtype
from ..render.context import anchor
from ..spec.bundle import bundle
from ..spec.files import read_project_file, subtype_of
from . import warning
from .spec_cache import LoadedSpec
from .state import env_dict, merge_env_dict, state

logger = logging.getLogger("sphinxext_apidocs")

HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
"""The builders whose output holds the downloads (and links to them)."""
FOLDER = "_apidocs"
#: env attribute: docname -> {spec name: (spec path, whether it is split over files)} of
#: the specs it links to
DOWNLOADS = "apidocs_downloads"


def spec_folder(name: str, configured: Iterable[str]) -> str:
    """The folder of spec ``name``'s files under the output (downloads and Markdown):
    ``_apidocs/<name>``, one of its own for each name.  A name that is not already a
    plain file name (``My API``, ``v1/api``), or that another of the ``configured`` names
    differs from only in case (one folder on some file systems), gets a short hash of
    itself: ``My API`` and ``My-API`` never share a folder."""
    base = anchor(name)
    clash = any(o != name and o.casefold() == name.casefold() for o in configured)
    if base == name and not clash:
        return f"{FOLDER}/{base}"
    return f"{FOLDER}/{base}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def files(folder: str, path: str, bundled: bool) -> list[tuple[str, str]]:
    """(file name, path under the output) of the downloads of the spec at ``path``, in
    ``folder`` (:func:`spec_folder`); ``bundled``: also one bundled file (the spec is
    split over several)."""
    main = os.path.basename(path)
    out = [(main, f"{folder}/{main}")]
    if bundled:
        file = os.path.splitext(main)[0] + ".bundled.json"
        out.append((file, f"{folder}/{file}"))
    return out


def note(env: BuildEnvironment, loaded: LoadedSpec) -> list[tuple[str, str]]:
    """The document being read links to the downloads of ``loaded``: which are they."""
    bundled = len(loaded.documents) > 1
    env_dict(env, DOWNLOADS).setdefault(env.docname, {})[loaded.name] = (loaded.path, bundled)
    return files(spec_folder(loaded.name, env.config.apidocs_specs), loaded.path, bundled)


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the downloads of every spec a page links to."""
    if exception is not None or app.builder is None or app.builder.name not in HTML_BUILDERS:
        return
    build = state(app.env)
    wanted = {
        (name, path, bundled)
        for specs in env_dict(app.env, DOWNLOADS).values()
        for name, (path, bundled) in specs.items()
    }
    max_bytes = app.config.apidocs_max_file_size
    keep = {
        Path(app.outdir, rel)
        for name, path, bundled in wanted
        for _label, rel in files(spec_folder(name, app.config.apidocs_specs), path, bundled)
    }
    remove_stale(Path(app.outdir), keep)
    for name, path, bundled in sorted(wanted):
        try:
            written = read_project_file(path, build.root, max_bytes)
        except OSError as exc:
            logger.warning(
                "the spec %s cannot be offered as a download: %s",
                name,
                exc.strerror or type(exc).__name__,
                type="apidocs",
                subtype=subtype_of(exc).value,
                location=path,
            )
            continue
        contents = [written]
        loaded = build.cache.get(name, path, build.root, max_bytes) if bundled else None
        if loaded is not None and loaded.spec is not None:  # else reported where it is used
            try:
                data = bundle(loaded.spec, loaded.documents, build.root)
                contents.append(json.dumps(data, indent=2, ensure_ascii=False).encode())
            except Exception as exc:  # a bug of ours must not stop the build: say so, go on
                warning.internal(f"the spec {name} could not be bundled into one file", exc, path)
        folder = spec_folder(name, app.config.apidocs_specs)
        for (_label, rel), content in zip(files(folder, path, bundled), contents, strict=False):
            write_if_changed(Path(app.outdir, rel), content)


def remove_stale(outdir: Path, keep: Set[Path]) -> None:
    """Remove the downloads no page links to any more: the files directly in a spec's
    folder under ``_apidocs/`` (where only downloads are written) not in ``keep``, and
    the folders that leaves empty.  Symbolic links are left alone."""
    root = outdir / FOLDER
    if root.is_symlink() or not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            for path in sorted(folder.iterdir()):
                if path not in keep and not path.is_symlink() and path.is_file():
                    path.unlink()
            if not any(folder.iterdir()):
                folder.rmdir()
        except OSError as exc:
            logger.warning(
                "an old download cannot be removed: %s",
                exc.strerror or type(exc).__name__,
                type="apidocs",
                subtype=Subtype.FILE.value,
                location=str(exc.filename or folder),
            )


def write_if_changed(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` unless it holds that already (its time stamp kept)."""
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_dict(env, DOWNLOADS).pop(docname, None)


def merge_info(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    merge_env_dict(env, other, docnames, DOWNLOADS)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge_info)


__all__ = ["FOLDER", "HTML_BUILDERS", "files", "note", "setup", "spec_folder", "write_if_changed"]
