"""The rules on what path items and operations list: ``parameter-duplicate``,
``security-scope-undefined`` (OAuth 2 scopes) and ``server-variable-undefined``
(pure Python, no Sphinx)."""

from __future__ import annotations

from typing import Any

from ...diagnostics import suggest
from ...diagnostics.rules import (
    PARAMETER_DUPLICATE,
    SECURITY_SCOPE_UNDEFINED,
    SERVER_VARIABLE_UNDEFINED,
)
from ...spec.paths import TEMPLATE
from ...spec.pointer import escape_token
from .raw import RawSpec, objects_in, scalar_text


def check_parameter_list(raw: RawSpec, entries: list[Any], file: str, pointer: str) -> None:
    """The same parameter (name and location) listed twice in ``entries``."""
    seen: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(entries):
        site = f"{pointer}/{i}"
        found = raw.deref(entry, file, site)
        if found is None or not isinstance(found[0], dict):
            continue
        name, where = found[0].get("name"), found[0].get("in")
        if not isinstance(name, str) or not isinstance(where, str):
            continue
        key = (name.lower() if where == "header" else name, where)
        if key in seen:
            raw.report(
                PARAMETER_DUPLICATE,
                f"parameter {name!r} in {where} is listed twice (also at "
                f"{pointer}/{seen[key]}); the last one wins",
                file,
                site,
            )
        else:
            seen[key] = i


def check_security(raw: RawSpec, requirements: Any, file: str, pointer: str) -> None:
    """OAuth 2 scopes a list of security requirements asks for that no flow lists."""
    for i, requirement in objects_in(requirements):
        for name, scopes in requirement.items():
            scheme = raw.spec.security_scheme(str(name))
            if scheme is None or scheme.type != "oauth2" or not scheme.flows:
                continue
            if not isinstance(scopes, list):
                continue
            known = {scope for flow in scheme.flows for scope, _ in flow.scopes}
            for j, scope in enumerate(scopes):
                if not isinstance(scope, str) or scope in known:
                    continue
                hint = suggest.aside(scope, known, what="scope")
                raw.report(
                    SECURITY_SCOPE_UNDEFINED,
                    f"scope {scope!r} of security scheme {scheme.name!r} is not listed by "
                    f"any of its flows{hint}",
                    file,
                    f"{pointer}/{i}/{escape_token(str(name))}/{j}",
                )


def check_servers(raw: RawSpec, servers: Any, file: str, pointer: str) -> None:
    """Variables a list of servers uses but does not define; defaults outside their enum."""
    for i, server in objects_in(servers):
        url = server.get("url")
        variables = server.get("variables")
        if not isinstance(variables, dict):
            variables = {}
        if isinstance(url, str):
            for name in dict.fromkeys(TEMPLATE.findall(url)):
                if name in variables:
                    continue
                hint = suggest.aside(name, {str(v) for v in variables}, what="variable")
                raw.report(
                    SERVER_VARIABLE_UNDEFINED,
                    f"server URL {url} uses {{{name}}}, which its variables do not define{hint}",
                    file,
                    f"{pointer}/{i}/url",
                )
        for name, var in variables.items():
            if not isinstance(var, dict) or "default" not in var:
                continue
            enum = var.get("enum")
            if not isinstance(enum, list) or not enum:
                continue
            default = var["default"]
            texts = {scalar_text(e) for e in enum}
            if default in enum or scalar_text(default) in texts:
                continue
            hint = suggest.aside(scalar_text(default), texts - {""}, what="value")
            raw.report(
                SERVER_VARIABLE_UNDEFINED,
                f"default {scalar_text(default)!r} of server variable {str(name)!r} is not "
                f"one of its enum values{hint}",
                file,
                f"{pointer}/{i}/variables/{escape_token(str(name))}/default",
            )
