"""The ``spec`` family of ``apicheck`` rules: what is wrong inside one API description.

Pure Python (no Sphinx, no docutils).  :func:`check_spec` reads the normalised
:class:`~sphinxext_apidocs.spec.model.ApiSpec` where it already has what a rule
needs (operations with their merged parameters, security schemes) and the raw
documents everywhere else, so that parts the renderer never reaches (an unused
component, an inline schema in a callback) are checked too.

The raw documents (:mod:`.raw`) are walked once (:mod:`.walk`), by what each value
is (a path item, a parameter, a schema ...), following ``$ref`` into the other
files; a separate, cheap scan collects every ``$ref`` for ``component-unused``.
Wrong shapes anywhere are skipped without a word: the loader and the normaliser
report them.  Problems the normaliser reports (duplicate operationIds, undefined
security schemes, unresolved references) are not repeated.

One module a family: :mod:`.paths`, :mod:`.operations` (parameter lists, security
requirements, servers), :mod:`.links`, :mod:`.schemas` (discriminator mappings,
enum types), :mod:`.required`, :mod:`.unused`.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from ...diagnostics.problems import Problem
from ...spec.document import LoadedDocument
from ...spec.model import ApiSpec
from .paths import check_path_parameters, check_paths
from .raw import RawSpec
from .required import check_required
from .unused import check_unused
from .walk import Walk

__all__ = ["check_spec"]


def check_spec(
    spec: ApiSpec,
    documents: Mapping[str, LoadedDocument | None],
    *,
    rendered_schemas: Set[str] = frozenset(),
) -> list[Problem]:
    """Every ``spec`` rule finding for ``spec``, sorted by file, line and pointer.

    ``documents`` maps each root-relative file name to its loaded document
    (the main file is ``spec.file``); ``rendered_schemas`` holds the keys
    (``file#pointer``, as in :attr:`ApiSpec.component_schemas`) of schemas a page
    renders, which count as used.  Never raises for malformed input.
    """
    raw = RawSpec(spec, documents)
    check_path_parameters(raw)
    check_paths(raw)
    walk = Walk(raw)
    walk.run()
    check_required(walk)
    check_unused(walk, rendered_schemas)
    return raw.findings()
