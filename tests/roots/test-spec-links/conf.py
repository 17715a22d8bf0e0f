extensions = ["sphinxext_apidocs"]
apidocs_specs = {"shop": "shop.yaml"}
apidocs_sample_languages = []
# A dict of this project's own: Sphinx adds extensions' suffixes to the default one in
# place, so a MyST project built earlier in the same test process would leave ".md" in it.
source_suffix = {".rst": "restructuredtext"}
