extensions = ["sphinxext_apidocs", "myst_parser", "sphinxcontrib.mermaid"]
apidocs_specs = {"users": "users.yaml"}
apidocs_markdown = ["endpoints"]
apidocs_sample_languages = ["curl", "python"]
# the Markdown endpoint sources are not pages of their own
exclude_patterns = ["endpoints", "standalone.md", "_build"]
myst_enable_extensions = ["colon_fence"]
