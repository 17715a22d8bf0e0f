extensions = ["sphinxext_apidocs"]
apidocs_specs = {"bad": "api/bad.yaml", "good": "api/good.yaml"}
apidocs_schema_depth = "deep"
