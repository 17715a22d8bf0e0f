"""Path templates (``/users/{id}``) and server URLs: the ``{name}`` parts in them, and
the key two templates share when only their parameter names differ."""

from __future__ import annotations

import re

#: a ``{name}`` in a path template or server URL
TEMPLATE = re.compile(r"\{([^{}]*)\}")


def template_key(method: str, path: str) -> str:
    """``get /users/{}``: the endpoint with its parameter names left out."""
    return f"{method.lower()} {TEMPLATE.sub('{}', path.rstrip('/') or '/')}"


def path_names(path: str) -> list[str]:
    """The parameter names of a template, in order: ``/a/{x}/{y}`` -> ``["x", "y"]``."""
    return TEMPLATE.findall(path)
