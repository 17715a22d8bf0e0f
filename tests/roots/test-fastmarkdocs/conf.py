extensions = ["sphinxext_apidocs", "myst_parser", "sphinxcontrib.mermaid"]
apidocs_specs = {"items": "items.yaml"}
apidocs_base_url = "https://items.example.com/v2"
apidocs_sample_languages = ["curl", "python"]
# the Markdown endpoint sources are not pages of their own
exclude_patterns = ["md", "_build"]
