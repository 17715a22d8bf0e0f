extensions = ["sphinxext_apidocs"]
apidocs_specs = {"ext": "api.yaml"}
