"""MyST for Markdown endpoint sources: each piece of prose parsed as part of its page.

A piece of prose (a description, a sub-section) is parsed into a document of its own,
for its file name and reporter, that shares the page's registries: ids, targets,
footnotes, citations, substitutions and pending transforms.  The page's transforms
then number the footnotes and fill in ``contents`` and ``sectnum`` as they do for
the page's own text (a detached document left them unresolved, and the writers
failed on them).

Every directive of a Markdown source, however deeply nested in fences, admonitions
or ``{eval-rst}``, is checked before it runs: a file it would read must be a regular
file inside the project (symlinks resolved), or the directive is not run, with an
``apidocs.outside-project`` warning (``apidocs.file`` for a FIFO, a device...); a
directive that fails is shown as written, with an ``apidocs.markdown`` warning.
MyST runs its directives itself
(:meth:`SourceRenderer.run_directive`); reStructuredText in ``{eval-rst}`` looks
them up through docutils, whose lookup is wrapped meanwhile (as Sphinx wraps it for
every page it reads).
"""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, DirectiveError, directives
from docutils.parsers.rst.directives.misc import Include
from docutils.utils import Reporter
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.mocking import MockRSTParser
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx.environment import BuildEnvironment
from sphinx.util.i18n import search_image_for_language

from ..diagnostics.subtypes import Subtype
from ..spec.files import inside, project_file, subtype_of
from . import state, warning

#: a page's registries that its transforms read (see :func:`part_of`)
_SHARED = (
    "ids",
    "nameids",
    "nametypes",
    "refnames",
    "refids",
    "indirect_targets",
    "substitution_defs",
    "substitution_names",
    "footnote_refs",
    "citation_refs",
    "autofootnotes",
    "autofootnote_refs",
    "symbol_footnotes",
    "symbol_footnote_refs",
    "footnotes",
    "citations",
    "id_counter",
    "transformer",
)

#: options that name a file to read (raw, csv-table, literalinclude's diff)
_FILE_OPTIONS = ("file", "diff")


def part_of(page: nodes.document, source: str, reporter: Reporter) -> nodes.document:
    """A document for text from ``source`` that goes into ``page``: its own source and
    reporter, the page's registries."""
    part = nodes.document(page.settings, reporter, source=source)
    part.note_source(source, -1)
    for name in _SHARED:
        setattr(part, name, getattr(page, name))
    return part


def render(page: nodes.document, text: str, source: str, reporter: Reporter) -> nodes.document:
    """``text`` (from the Markdown file ``source``, padded to its lines) rendered with
    MyST as a part of ``page``."""
    part = part_of(page, source, reporter)
    parser = create_md_parser(page.settings.env.myst_config, SourceRenderer)
    parser.options["document"] = part
    parser.render(text)
    return part


class SourceRenderer(SphinxRenderer):
    """MyST's renderer for Markdown sources (see the module's description)."""

    def run_directive(
        self, name: str, first_line: str, content: str, position: int, *args: Any, **kwargs: Any
    ) -> list[nodes.Element]:
        env: BuildEnvironment = self.document.settings.env
        directive_class, _messages = directives.directive(
            name, self.language_module_rst, self.document
        )
        if directive_class is not None:
            try:
                parsed = parse_directive_text(directive_class, first_line, content, line=position)
            except Exception:  # MyST reports it, parsing the text again below
                parsed = None
            if parsed is not None and not _allowed(
                env, directive_class, parsed.arguments, parsed.options, position, self.document
            ):
                return []
        try:
            return super().run_directive(name, first_line, content, position, *args, **kwargs)
        except Exception as exc:  # a directive of another extension
            return _failed(env, self.document, name, position, exc, f"{first_line}\n{content}")

    def _render_finalise(self) -> None:
        # a piece's word count is not the page's: MyST would make it the page's metadata
        # and define |wordcount-words| once more for every piece
        self.md_env.pop("wordcount", None)
        super()._render_finalise()

    def render_restructuredtext(self, token: Any) -> None:
        """``{eval-rst}``: as MyST does it, into a part of the page rather than a
        detached document, with the reST directives checked."""
        part = part_of(self.document, self.document["source"], self.reporter)
        with _checked_directives():
            MockRSTParser().parse("\n" * token_line(token) + token.content, part)
        self.current_node.extend(part.children)


@contextmanager
def _checked_directives() -> Iterator[None]:
    """docutils' directive lookup, meanwhile, gives checked classes (:func:`_checked`)."""
    lookup = directives.directive

    def checked_lookup(
        directive_name: str, language_module: Any, document: nodes.document
    ) -> tuple[type[Directive] | None, list[nodes.system_message]]:
        found, messages = lookup(directive_name, language_module, document)
        return (_checked(found) if found is not None else None), messages

    directives.directive = checked_lookup
    try:
        yield
    finally:
        directives.directive = lookup


_CHECKED: dict[type[Directive], type[Directive]] = {}


def _checked(directive_class: type[Directive]) -> type[Directive]:
    """``directive_class`` with its file reads checked and its failures contained."""
    found = _CHECKED.get(directive_class)
    if found is not None:
        return found

    def run(self: Directive) -> Sequence[nodes.Node]:
        document = self.state.document
        env = document.settings.env
        if not _allowed(env, directive_class, self.arguments, self.options, self.lineno, document):
            return []
        try:
            return directive_class.run(self)
        except DirectiveError:  # docutils makes it a message of its own
            raise
        except Exception as exc:  # a directive of another extension
            return _failed(env, document, self.name, self.lineno, exc, self.block_text)

    found = _CHECKED[directive_class] = type(
        directive_class.__name__, (directive_class,), {"run": run}
    )
    return found


def _allowed(
    env: BuildEnvironment,
    directive_class: type[Directive],
    arguments: list[str],
    options: dict[str, Any],
    line: int,
    document: nodes.document,
) -> bool:
    """Whether a directive may run: every file it would read is a regular file inside
    the project (else a warning).  Any extension's directive may read the file its
    first argument names (``graphviz`` does), so the first argument is checked as a
    file wherever something is there (:func:`refusal`), as are the options that name
    a file.  An include of one of docutils' own files (``<isonum.txt>``) reads outside
    the project; one in a parser other than MyST's renderer or reStructuredText's
    (``:parser:``) would not be checked: neither is run."""
    source = document["source"]
    targets = [str(options[o]) for o in _FILE_OPTIONS if options.get(o)]
    if arguments:
        targets.append(arguments[0])
    include = issubclass(directive_class, Include)
    subtype, problem = Subtype.OUTSIDE_PROJECT, None
    if options.get("url"):
        problem = f"reads {options['url']!r} from the network"
    elif include and options.get("parser"):
        problem = "has a :parser: option, which Markdown sources cannot use"
    elif include and arguments and _standard_include(arguments[0]):
        problem = f"reads {arguments[0]!r}, a file of docutils outside the project"
    else:
        for target in targets:
            error = refusal(env, target, source)
            if error is not None:
                subtype = subtype_of(error)
                problem = f"reads {target!r} ({error.strerror or error})"
                break
    if problem is None:
        return True
    where = f"{os.path.relpath(source, state.state(env).root)}:{line}"
    warning.record(env, subtype, f"{where}: this directive {problem}; not run", None)
    return False


def _standard_include(argument: str) -> bool:
    """Whether an include's argument names one of docutils' own files (``<name>``)."""
    path = directives.path(argument)
    return path.startswith("<") and path.endswith(">")


def _places(env: BuildEnvironment, target: str, source: str) -> set[str]:
    """Where a directive of the Markdown file ``source`` may look for the file
    ``target``: from the page's folder (``/`` is the source folder: Sphinx's
    directives, MyST's include) and from the Markdown file's (``/`` is the file
    system's root: docutils' ``raw`` and ``csv-table``); ``target`` as written, with
    its lines joined (docutils' include joins them after Sphinx has resolved the path)
    and in the page's language (Sphinx's images and ``graphviz``); a name ending in
    ``.*`` also gives the files it matches (Sphinx's images)."""
    found: set[str] = set()
    for name in {target, directives.path(target), search_image_for_language(target, env)}:
        from_page = env.relfn2path(name)[1]
        found |= {from_page, os.path.join(os.path.dirname(source), name)}
        if from_page.endswith(".*"):
            found.update(glob.glob(from_page))
    return found


def refusal(env: BuildEnvironment, target: str, source: str) -> OSError | None:
    """Why a directive of the Markdown file ``source`` may not read ``target`` (None:
    it may): a place where it looks (:func:`_places`) holds something other than a
    regular file inside the project (:func:`~.spec.files.project_file`).  A place where
    nothing is, or a folder inside the project (a ``code-block``'s language may be a
    folder's name), is no read."""
    root = state.state(env).root
    try:
        looked_at = sorted(_places(env, target, source))
    except RuntimeError as exc:  # Sphinx's relfn2path in a symlink loop (pathlib's resolve)
        return OSError(errno.ELOOP, str(exc))
    for place in looked_at:
        if not os.path.exists(place) or (os.path.isdir(place) and inside(place, root)):
            continue
        try:
            project_file(place, root)
        except OSError as exc:  # outside, not a regular file, a symlink loop, no permission
            return exc
    return None


def _failed(
    env: BuildEnvironment,
    document: nodes.document,
    name: str,
    line: int,
    exc: Exception,
    text: str,
) -> list[nodes.Element]:
    """A directive that raised: a warning, and its text shown as written."""
    where = f"{os.path.relpath(document['source'], state.state(env).root)}:{line}"
    warning.record(
        env,
        Subtype.MARKDOWN,
        f"{where}: the {name} directive failed ({type(exc).__name__}: {exc}); shown as written",
        None,
    )
    return [nodes.literal_block(text, text, language="text")]


__all__ = ["SourceRenderer", "part_of", "refusal", "render"]
