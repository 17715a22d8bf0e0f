extensions = ["sphinxext_apidocs"]
apidocs_specs = {"v32": "api.yaml"}
apidocs_sample_languages = ["curl", "python", "javascript"]
apidocs_latex_sample_languages = ["curl", "python", "javascript"]
