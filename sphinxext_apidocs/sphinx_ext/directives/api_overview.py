"""``api-overview``: a spec's introduction -- info, servers, authentication, contact,
licence, tags linked to where their operations are, and the spec as a download."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import unquote

from docutils import nodes

from ...diagnostics.problems import Problem
from ...diagnostics.subtypes import Subtype
from ...render.links import safe_url
from ...render.overview import (
    access_blocks,
    download_para,
    info_block,
    logo_block,
    tags_block,
)
from ...spec.files import inside, project_file, subtype_of
from ...spec.model import ApiSpec, Logo
from ...spec.parts import SpecParts
from .. import downloads, markdown_endpoints, state, warning
from ..deferred import render_context
from ..spec_cache import LoadedSpec
from .base import ApiDirective


class ApiOverviewDirective(ApiDirective):
    """Render the introduction of a spec."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        loaded = self.load(self.arguments[0])
        if loaded is None:
            return [
                self.placeholder(
                    f"API overview unavailable: {self.arguments[0]} could not be loaded."
                )
            ]
        spec = loaded.spec
        assert spec is not None
        self.shows(loaded, SpecParts(overview=True))
        ctx = render_context(self.env, self.state.document, loaded)
        general = markdown_endpoints.general_prose(self.env, self.state.document, loaded)
        return [
            *self.logo(loaded, spec),
            info_block(ctx, spec, general),
            *access_blocks(ctx, spec, requirements=True),
            *tags_block(ctx, spec),
            download_para(downloads.note(self.env, loaded)),
        ]

    def logo(self, loaded: LoadedSpec, spec: ApiSpec) -> list[nodes.Node]:
        """The spec's ``x-logo``, unless the project has a logo of its own (``html_logo``)."""
        if spec.logo is None or self.config.html_logo:
            return []
        logo = spec.logo
        uri = self.logo_uri(loaded, logo)
        if uri is not None and logo.href and safe_url(logo.href) is None:
            self.logo_warning(loaded, logo, "href", Subtype.HTML, "is not a web URL; not linked")
        return [] if uri is None else [logo_block(logo, uri, spec.title)]

    def logo_uri(self, loaded: LoadedSpec, logo: Logo) -> str | None:
        """Where the page finds the logo: a remote ``http(s)`` URL as it is (never fetched:
        HTML shows it, other formats link it), a relative one as a file beside the spec,
        inside the source folder; else None, and a warning."""
        url = safe_url(logo.url)
        if url is None or url.lower().startswith("mailto:"):
            self.logo_refused(loaded, logo, Subtype.HTML, "is not a web URL")
            return None
        if url.lower().startswith(("http://", "https://")):
            return url
        if "://" in url or url.startswith("//"):
            self.logo_refused(loaded, logo, Subtype.HTML, "is not a web URL")
            return None
        build = state.state(self.env)
        beside = os.path.dirname(os.path.join(build.root, logo.location.file))
        path = os.path.normpath(os.path.join(beside, unquote(url.split("#")[0].split("?")[0])))
        try:
            real = project_file(path, build.root)
        except OSError as exc:
            self.logo_refused(loaded, logo, subtype_of(exc), exc.strerror or str(exc))
            return None
        srcdir = os.path.realpath(self.env.srcdir)
        if not inside(real, srcdir):
            self.logo_refused(loaded, logo, Subtype.OUTSIDE_PROJECT, "is outside the source folder")
            return None
        self.env.note_dependency(real)
        return "/" + os.path.relpath(real, srcdir).replace(os.sep, "/")

    def logo_refused(self, loaded: LoadedSpec, logo: Logo, subtype: Subtype, why: str) -> None:
        """Warn, at the spec's ``x-logo``, that its ``url`` is not shown."""
        self.logo_warning(loaded, logo, "url", subtype, f"{why}; no logo is shown")

    def logo_warning(
        self, loaded: LoadedSpec, logo: Logo, key: str, subtype: Subtype, what: str
    ) -> None:
        """Warn at the ``key`` field of the spec's ``x-logo``: its value and ``what``."""
        file, pointer = logo.location.file, f"{logo.location.pointer}/{key}"
        document = loaded.documents.get(file)
        line = document.line_of(pointer) if document is not None else None
        value = logo.url if key == "url" else logo.href or ""
        message = f"x-logo {key} {value[:80]!r} {what}"
        warning.record_problems(
            self.env, [Problem(subtype.value, message, file, line, pointer)], self.lineno
        )
