extensions = ["sphinxext_apidocs"]
apidocs_specs = {"pets": "openapi/pets.yaml"}
apidocs_sample_languages = ["curl"]
