extensions = ["sphinxext_apidocs", "myst_parser"]
apidocs_specs = {"hooks": "hooks.yaml", "plain": "plain.yaml"}
apidocs_sample_languages = ["curl"]
