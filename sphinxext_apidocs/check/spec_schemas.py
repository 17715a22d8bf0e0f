"""The operations of a spec and the schemas written in its files, as the example rules
visit them (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterator

from ..spec.model import ApiSpec, Operation, Schema


def operations(spec: ApiSpec) -> Iterator[Operation]:
    """Every operation of ``spec`` once: paths, webhooks, then callbacks (at any depth)."""
    todo = list(spec.operations + spec.webhooks)
    seen: set[str] = set()
    while todo:
        op = todo.pop(0)
        key = f"{op.location}"
        if key in seen:
            continue
        seen.add(key)
        yield op
        for callback in op.callbacks:
            todo.extend(callback.operations)


def root_schemas(spec: ApiSpec) -> Iterator[Schema]:
    """Every schema written in a file: the named ones (reached by ``$ref``), then those
    inline in operations (made-up ones, Swagger 2.0 formData bodies, give their parts)."""
    todo: list[Schema] = [spec.schemas[key] for key in sorted(spec.schemas)]
    for op in operations(spec):
        for p in op.parameters:
            todo.extend(s for s in (p.schema, *(m.schema for m in p.content)) if s is not None)
        if op.request_body is not None:
            todo.extend(m.schema for m in op.request_body.content if m.schema is not None)
        for response in op.responses:
            todo.extend(h.schema for h in response.headers if h.schema is not None)
            todo.extend(m.schema for m in response.content if m.schema is not None)
    seen: set[int] = set()
    for schema in todo:  # grows as it goes
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if schema.raw is not None:
            yield schema
            continue
        todo.extend(s for _, s in schema.properties)
        if schema.items is not None:
            todo.append(schema.items)
