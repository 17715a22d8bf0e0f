"""Everything that imports Sphinx: setup, configuration, per-build state, warnings,
directives, the deferred content node, the api domain, output transforms, the apicheck
builder and build statistics."""
