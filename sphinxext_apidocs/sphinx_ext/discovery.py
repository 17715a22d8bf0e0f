"""Finding the project's files that the options name: the Markdown endpoint sources
(each replaced by its translation for the build's language) and the template folder."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from babel import localedata


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


def template_dir(folder: str | None, root: str) -> str | None:
    """``apidocs_sample_templates`` as an absolute folder inside the project, else None."""
    if not folder:
        return None
    path = (Path(root) / folder).resolve()
    if not path.is_dir() or not path.is_relative_to(Path(root).resolve()):
        return None
    return str(path)
