extensions = ["myst_parser", "sphinxext_apidocs"]
apidocs_specs = {"payments": "payments.yaml", "refunds": "refunds.yaml"}
apidocs_sample_languages = ["curl"]
