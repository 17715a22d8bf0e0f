"""Raw Swagger 2.0 / OpenAPI 3.0 / 3.1 / 3.2 data to the one :mod:`.model`.

The version differences are handled in normalisation, in a few places, so that
nothing downstream has per-version code.  This module reads the document's top
level (version, info, servers, security schemes, tags); the steps below it are
:mod:`.operations`, :mod:`.schemas`, :mod:`.external_values` and :mod:`.swagger2`
on the shared :mod:`.normalize_base`.  Only positions where the specification
allows ``$ref`` are dereferenced; literal data (``example``, ``default``,
``enum``, ``x-*``) is kept as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..diagnostics.problems import Problem
from ..diagnostics.rules import OPERATION_ID_DUPLICATE, SCHEMA_UNSATISFIABLE, SECURITY_UNDEFINED
from ..diagnostics.subtypes import Subtype
from . import swagger2
from .document import LoadedDocument
from .loader import DEFAULT_MAX_BYTES
from .model import (
    ApiSpec,
    Contact,
    License,
    Location,
    Logo,
    OAuthFlow,
    Operation,
    SecurityRequirement,
    SecurityScheme,
    Server,
    Tag,
    TagGroup,
)
from .normalize_base import scalar_text
from .operations import OperationNormalizer
from .refs import DocumentSet, Reader, ReadHook
from .satisfiable import unsatisfiable


def load_spec(
    path: str,
    root: str,
    *,
    on_read: ReadHook | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    audit: Callable[[str, LoadedDocument], list[Problem]] | None = None,
    fetch: Reader | None = None,
    parsed: Callable[[str, LoadedDocument], None] | None = None,
) -> tuple[ApiSpec | None, list[Problem], tuple[str, ...]]:
    """Load and normalise the spec at ``path`` (absolute, inside ``root``).

    Returns the spec (None when the file is not a usable OpenAPI document),
    every problem found, and the root-relative paths of every file it tried to
    read inside the root, also those missing or unreadable (so that creating
    or fixing one is noticed as a change).
    ``audit`` is called once per loaded document for checks that live
    outside this package (the HTML sanitizer's findings).  ``fetch`` reads remote
    ``$ref`` documents (None: they are not fetched, and a warning says so).
    ``parsed`` is called with each document as soon as it is parsed, before it is
    normalised; ``on_read`` with the path and bytes of each file read.
    """
    docs = DocumentSet(root, on_read=on_read, max_bytes=max_bytes, fetch=fetch, parsed=parsed)
    rel = docs.relative(path)
    if rel is None:
        docs.report(
            Subtype.OUTSIDE_PROJECT, f"the spec file {path} is outside the project; not read", None
        )
        return None, docs.problems, ()
    spec = _Normalizer(docs).run(rel)
    if spec is not None:
        for where, why in unsatisfiable(spec):
            docs.report(
                Subtype.STRUCTURE,
                f"no value can satisfy this schema: {why}; its made-up example is not valid",
                where,
                SCHEMA_UNSATISFIABLE,
            )
    files = docs.files
    if spec is not None:
        spec = replace(spec, files=files)
    problems = list(docs.problems)
    if audit is not None:
        for name, doc in docs.documents.items():  # spec documents; not example files
            if doc is not None and doc.data is not None:
                problems.extend(audit(name, doc))
    return spec, problems, files


_SCHEME_NEEDS = {
    "apiKey": ("in", "name"),
    "http": ("scheme",),
    "oauth2": ("flows",),
    "openIdConnect": ("openIdConnectUrl",),
    "mutualTLS": (),
}
"""What a security scheme of each type must have (OpenAPI 3)."""
_SCHEME_NEEDS_2 = {"apiKey": ("in", "name"), "basic": (), "oauth2": ("flow",)}
_FLOW_NEEDS = {
    "implicit": ("authorizationUrl",),
    "password": ("tokenUrl",),
    "clientCredentials": ("tokenUrl",),
    "authorizationCode": ("authorizationUrl", "tokenUrl"),
    "deviceAuthorization": ("deviceAuthorizationUrl", "tokenUrl"),  # OpenAPI 3.2
}
"""What an OAuth flow of each kind must have."""


def _version_text(value: Any) -> str:
    text = scalar_text(value)
    return text if text is not None else ""


class _Normalizer(OperationNormalizer):
    """One spec document to :class:`~.model.ApiSpec`."""

    # -- top level ---------------------------------------------------------
    def run(self, rel: str) -> ApiSpec | None:
        doc = self.docs.load(rel)
        if doc is None or doc.data is None:
            return None
        data = doc.data
        top = Location(rel, "")
        if not isinstance(data, dict):
            return None  # the loader said what was expected
        version = self.read_version(data, top)
        if version is None:
            return None
        self.root = data
        if "$self" in data:  # OpenAPI 3.2
            self.unsupported_keyword(
                "document",
                "$self",
                top.child("$self"),
                ": references resolve against the file's own location",
            )
        info = self.info(data, top)
        servers = self.servers(data, top)
        security_schemes = self.security_schemes(data, top)
        operations = self.paths(data.get("paths"), top.child("paths"), servers)
        webhooks_key = "webhooks" if "webhooks" in data else "x-webhooks"
        webhooks = self.webhooks(data.get(webhooks_key), top.child(webhooks_key))
        tags = self.tags(data.get("tags"), top.child("tags"), operations + webhooks)
        tag_groups = self.tag_groups(data.get("x-tagGroups"), top.child("x-tagGroups"))
        security = self.security(data.get("security"), top.child("security")) or ()
        self.check_operations(operations + webhooks, security_schemes, security, top)
        component_schemas = self.component_schemas(data, top)
        self.drain()
        ref_ends = self.ref_ends()
        contact = self.obj(info.get("contact"), top.child("info", "contact"))
        lic = self.obj(info.get("license"), top.child("info", "license"))
        return ApiSpec(
            file=rel,
            openapi_version=version,
            title=scalar_text(info.get("title")) or os.path.splitext(os.path.basename(rel))[0],
            version=scalar_text(info.get("version")) or "",
            description=scalar_text(info.get("description")),
            summary=scalar_text(info.get("summary")),
            terms_of_service=scalar_text(info.get("termsOfService")),
            contact=Contact(
                scalar_text(contact.get("name")),
                scalar_text(contact.get("url")),
                scalar_text(contact.get("email")),
            )
            if contact
            else None,
            license=License(
                scalar_text(lic.get("name")),
                scalar_text(lic.get("url")),
                scalar_text(lic.get("identifier")),
            )
            if lic
            else None,
            servers=servers,
            tags=tags,
            tag_groups=tag_groups,
            operations=operations,
            webhooks=webhooks,
            schemas=self.schemas,
            component_schemas=component_schemas,
            schema_names=self.schema_names(component_schemas),
            ref_ends=ref_ends,
            subtypes=self.subtypes(component_schemas, ref_ends),
            security_schemes=security_schemes,
            security=security,
            external_docs=self.external_docs(data.get("externalDocs")),
            logo=self.logo(info.get("x-logo"), top.child("info", "x-logo")),
            marks_internal=self.marks_internal,
        )

    def logo(self, value: Any, loc: Location) -> Logo | None:
        """``info.x-logo``: ``{url, altText, backgroundColor, href}``; one without a
        ``url`` warns."""
        logo = self.obj(value, loc)
        if not logo:
            return None
        url = scalar_text(logo.get("url"))
        if not url:
            self.report(Subtype.STRUCTURE, "x-logo has no url; no logo is shown", loc)
            return None
        return Logo(
            url,
            loc,
            scalar_text(logo.get("altText")),
            scalar_text(logo.get("backgroundColor")),
            scalar_text(logo.get("href")),
        )

    def info(self, data: dict[str, Any], top: Location) -> dict[str, Any]:
        """The ``info`` object; one without a title or a version (both required) warns."""
        if "info" not in data:
            self.report(
                Subtype.STRUCTURE,
                "the document has no info object (title and version are required); "
                "the file name is the title",
                top,
            )
            return {}
        info = self.obj(data["info"], top.child("info"))
        for key, instead in (("title", "the file name is shown"), ("version", "none is shown")):
            if isinstance(data["info"], dict) and scalar_text(info.get(key)) in (None, ""):
                self.report(Subtype.STRUCTURE, f"info has no {key}; {instead}", top.child("info"))
        return info

    # -- servers and security ------------------------------------------------
    def read_version(self, data: dict[str, Any], top: Location) -> str | None:
        """The ``openapi`` or ``swagger`` version, setting how the document is read; None
        (and a problem) for a document that is neither."""
        if "openapi" in data:
            version = _version_text(data["openapi"])
            minor = re.match(r"3\.(\d+)(?!\d)", version)
            newer = minor is not None and int(minor[1]) > 2
            self.v32 = newer or (minor is not None and minor[1] == "2")
            self.v31 = self.v32 or (minor is not None and minor[1] == "1")
            if minor is None or newer:
                self.report(
                    Subtype.NOT_OPENAPI,
                    f"unsupported OpenAPI version {version!r}; reading it as "
                    + ("3.2" if newer else "3.0"),
                    top.child("openapi"),
                )
        elif "swagger" in data:
            version = _version_text(data["swagger"])
            self.swagger2 = True
            if version != "2.0":
                self.report(
                    Subtype.NOT_OPENAPI,
                    f"unsupported Swagger version {version!r}; reading it as 2.0",
                    top.child("swagger"),
                )
        else:
            info = data.get("info")
            if "item" in data or (isinstance(info, dict) and "_postman_id" in info):
                what = "a Postman collection"
            else:
                what = "a mapping without an 'openapi' or 'swagger' key"
            self.report(
                Subtype.NOT_OPENAPI,
                f"expected an OpenAPI (3.x) or Swagger (2.0) document, found {what}",
                top,
            )
            return None
        return version

    def servers(self, data: dict[str, Any], loc: Location) -> tuple[Server, ...]:
        if self.swagger2:
            return swagger2.servers(data)
        return self.server_list(data.get("servers"), loc.child("servers"))

    def security_schemes(self, data: dict[str, Any], loc: Location) -> tuple[SecurityScheme, ...]:
        if self.swagger2:
            where = loc.child("securityDefinitions")
            raw = self.obj(data.get("securityDefinitions"), where)
        else:
            where = loc.child("components", "securitySchemes")
            raw = self.obj(
                self.obj(data.get("components"), loc.child("components")).get("securitySchemes"),
                where,
            )
        out = []
        for name, value in raw.items():
            found = self.deref(value, where.child(name))
            if found is None:
                continue
            value, sloc = found
            value = self.obj(value, sloc, "a security scheme")
            stype = scalar_text(value.get("type")) or "unknown"
            self.check_scheme(str(name), stype, value, sloc)
            flows: list[OAuthFlow] = []
            if self.swagger2 and stype == "oauth2":
                flows.append(
                    OAuthFlow(
                        scalar_text(value.get("flow")) or "",
                        scalar_text(value.get("authorizationUrl")),
                        scalar_text(value.get("tokenUrl")),
                        None,
                        self.scopes(value.get("scopes")),
                    )
                )
            for kind, flow in self.obj(value.get("flows"), sloc.child("flows")).items():
                flow = self.flow(str(name), str(kind), flow, sloc.child("flows", kind))
                flows.append(
                    OAuthFlow(
                        str(kind),
                        scalar_text(flow.get("authorizationUrl")),
                        scalar_text(flow.get("tokenUrl")),
                        scalar_text(flow.get("refreshUrl")),
                        self.scopes(flow.get("scopes")),
                        scalar_text(flow.get("deviceAuthorizationUrl")),
                    )
                )
            scheme = scalar_text(value.get("scheme"))
            if self.swagger2 and stype == "basic":
                stype, scheme = "http", "basic"
            out.append(
                SecurityScheme(
                    name=str(name),
                    type=stype,
                    location=sloc,
                    description=scalar_text(value.get("description")),
                    scheme=scheme,
                    bearer_format=scalar_text(value.get("bearerFormat")),
                    param_in=scalar_text(value.get("in")),
                    param_name=scalar_text(value.get("name")),
                    flows=tuple(flows),
                    openid_connect_url=scalar_text(value.get("openIdConnectUrl")),
                    oauth2_metadata_url=scalar_text(value.get("oauth2MetadataUrl")),
                    deprecated=value.get("deprecated") is True,
                )
            )
        return tuple(out)

    def check_scheme(self, name: str, stype: str, value: dict[str, Any], loc: Location) -> None:
        """Warn of what a scheme of its type needs and lacks (it is shown as it is)."""
        needs = _SCHEME_NEEDS_2 if self.swagger2 else _SCHEME_NEEDS
        if stype not in needs:
            known = ", ".join(needs)
            self.report(
                Subtype.STRUCTURE,
                f"security scheme {name!r} has an unknown type {stype!r} (known: {known})",
                loc.child("type"),
            )
            return
        for key in needs[stype]:
            if scalar_text(value.get(key)) in (None, "") and not isinstance(value.get(key), dict):
                self.report(
                    Subtype.STRUCTURE,
                    f"security scheme {name!r} of type {stype} has no {key}",
                    loc,
                )

    def flow(self, scheme: str, kind: str, flow: Any, loc: Location) -> dict[str, Any]:
        """An OAuth flow object; what its kind needs and lacks warns."""
        what = f"flow {kind!r} of security scheme {scheme!r}"
        if not isinstance(flow, dict):
            self.report(Subtype.STRUCTURE, f"{what} is not an object; skipped", loc)
            return {}
        for key in _FLOW_NEEDS.get(kind, ()):
            if scalar_text(flow.get(key)) in (None, ""):
                self.report(Subtype.STRUCTURE, f"{what} has no {key}", loc)
        if not isinstance(flow.get("scopes"), dict):
            self.report(Subtype.STRUCTURE, f"{what}: scopes is not a mapping", loc)
        return flow

    @staticmethod
    def scopes(value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            return ()
        return tuple((str(k), scalar_text(v) or "") for k, v in value.items())

    # -- tags ----------------------------------------------------------------
    def tags(self, value: Any, loc: Location, operations: tuple[Operation, ...]) -> tuple[Tag, ...]:
        out: dict[str, Tag] = {}
        if isinstance(value, list):
            for i, item in enumerate(value):
                item = self.obj(item, loc.child(i), "a tag object")
                name = scalar_text(item.get("name"))
                if not name:
                    self.report(
                        Subtype.STRUCTURE,
                        "a tag needs a name; this one is left out (an operation that names it"
                        " is shown among those without a tag)",
                        loc.child(i),
                    )
                    continue
                if name in out:
                    self.report(
                        Subtype.STRUCTURE,
                        f"duplicate tag {name!r}; the first one is used",
                        loc.child(i),
                    )
                    continue
                out[name] = Tag(
                    name,
                    scalar_text(item.get("description")),
                    self.external_docs(item.get("externalDocs")),
                    scalar_text(item.get("x-displayName")),
                    scalar_text(item.get("parent")),
                    scalar_text(item.get("summary")),
                    scalar_text(item.get("kind")),
                )
        elif value is not None:
            self.report(Subtype.STRUCTURE, "expected a list of tags", loc)
        self.check_tag_parents(out, value, loc)
        for op in operations:
            for name in op.tags:
                if name not in out:
                    out[name] = Tag(name)
        return tuple(out.values())

    def check_tag_parents(self, tags: dict[str, Tag], written: Any, loc: Location) -> None:
        """An OpenAPI 3.2 ``parent`` must name a declared tag, and no tag may be its own
        ancestor; such a tag is shown at the top level."""
        for tag in tags.values():
            if tag.parent is None:
                continue
            i = next(
                n
                for n, item in enumerate(written)
                if isinstance(item, dict) and scalar_text(item.get("name")) == tag.name
            )
            if tag.parent not in tags:
                self.report(
                    Subtype.STRUCTURE,
                    f"tag {tag.name!r} has the parent {tag.parent!r}, which is no declared "
                    "tag; it is shown at the top level",
                    loc.child(i, "parent"),
                )
                continue
            up: str | None = tag.parent
            seen = {tag.name}
            while up is not None and up not in seen:
                seen.add(up)
                up = tags[up].parent if up in tags else None
            if up == tag.name:
                self.report(
                    Subtype.STRUCTURE,
                    f"tag {tag.name!r} is its own ancestor (through 'parent')",
                    loc.child(i, "parent"),
                )

    def tag_groups(self, value: Any, loc: Location) -> tuple[TagGroup, ...]:
        """``x-tagGroups``: a list of ``{name, tags: [tag names]}``."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(Subtype.STRUCTURE, "expected a list of tag groups", loc)
            return ()
        out = []
        for i, item in enumerate(value):
            item = self.obj(item, loc.child(i), "a tag group object")
            if not item:
                continue  # reported unless empty
            name = scalar_text(item.get("name"))
            tags = item.get("tags")
            if name is None or not isinstance(tags, list):
                self.report(
                    Subtype.STRUCTURE, "a tag group needs a name and a list of tags", loc.child(i)
                )
                continue
            names = (scalar_text(t) for t in tags)
            out.append(TagGroup(name, tuple(t for t in names if t is not None)))
        return tuple(out)

    def check_operations(
        self,
        operations: tuple[Operation, ...],
        schemes: tuple[SecurityScheme, ...],
        global_security: tuple[SecurityRequirement, ...],
        top: Location,
    ) -> None:
        """Duplicate operationIds and undefined security schemes (the rest still renders)."""
        first: dict[str, Operation] = {}
        for op in operations:
            if op.operation_id in first:
                other = first[op.operation_id]
                self.report(
                    Subtype.STRUCTURE,
                    f"duplicate operationId {op.operation_id!r} (also {other.title}); "
                    "references by this id find the first",
                    op.location.child("operationId"),
                    OPERATION_ID_DUPLICATE,
                )
            elif op.operation_id:
                first[op.operation_id] = op
        defined = {s.name for s in schemes}
        uses = [(op.security or (), op.location.child("security")) for op in operations]
        uses.append((global_security, top.child("security")))
        for requirements, where in uses:
            for requirement in requirements:
                for name, _scopes in requirement.schemes:
                    if name not in defined:
                        self.report(
                            Subtype.STRUCTURE,
                            f"undefined security scheme {name!r}",
                            where,
                            SECURITY_UNDEFINED,
                        )
