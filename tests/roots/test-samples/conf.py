extensions = ["sphinxext_apidocs"]
apidocs_specs = {"shop": "api.yaml"}
apidocs_sample_languages = ["curl", "python", "kotlin", "go"]
apidocs_sample_templates = "sample_templates"
apidocs_base_url = "https://sandbox.shop.example"
