extensions = ["myst_parser", "sphinxext_apidocs"]
apidocs_specs = {"books": "openapi/books.yaml", "legacy": "openapi/legacy.json"}
