"""``api-changelog``: what changed in each version of a spec, from the versions in
``apidocs_spec_history`` to the current one, newest first."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...diagnostics import suggest
from ...diagnostics.subtypes import Subtype
from ...render.changelog import changelog
from .. import history
from ..deferred import render_context
from .base import ApiDirective


class ApiChangelogDirective(ApiDirective):
    """The changes of each version of a spec, newest first: ``:since: VERSION`` keeps
    those made after that version, ``:breaking-only:`` only the breaking ones."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "since": directives.unchanged_required,
        "breaking-only": directives.flag,
    }

    shows_history = True

    def render(self) -> list[nodes.Node]:
        loaded = self.load(self.arguments[0])
        if loaded is None:
            return [
                self.placeholder(f"Changelog unavailable: {self.arguments[0]} could not be loaded.")
            ]
        found = history.versions(self.env, loaded.name)
        if len(found) < 2:
            self.warn(
                Subtype.HISTORY,
                f"spec {loaded.name!r} has no earlier version in apidocs_spec_history "
                "that loads; no changelog",
            )
            return [self.placeholder("No earlier version to compare with.")]
        pairs = list(pairwise(found))
        since = self.options.get("since", "").strip()
        if since:
            labels = [version.label for version in found]
            if since in labels:
                pairs = pairs[labels.index(since) :]
            else:
                self.warn(
                    Subtype.OPTION,
                    f":since: {since!r} is not a version of spec {loaded.name!r}"
                    f"{suggest.hint(since, labels)}; every version is shown",
                )
        versions = [(new.label, history.changes(old, new)) for old, new in reversed(pairs)]
        return changelog(
            render_context(self.env, self.state.document, loaded),
            versions,
            breaking_only="breaking-only" in self.options,
            sections=self.in_section_context(),
            taken=self.taken_ids(),
        )
