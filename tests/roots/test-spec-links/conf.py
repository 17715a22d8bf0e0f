extensions = ["sphinxext_apidocs"]
apidocs_specs = {"shop": "shop.yaml"}
apidocs_sample_languages = []
