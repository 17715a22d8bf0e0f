extensions = ["sphinxext_apidocs"]
apidocs_specs = {"zoo": "zoo.yaml"}
apidocs_sample_languages = ["curl", "python"]
# spec prose translated like any paragraph (the tests build it with language = "de")
locale_dirs = ["locales"]
