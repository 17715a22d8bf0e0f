extensions = ["sphinxext_apidocs"]
apidocs_specs = {"shop": "shop.yaml", "flat": "flat.json"}
apidocs_pages = {"shop": {}, "flat": {"dir": "reference/flat", "title": "Flat reference"}}
apidocs_sample_languages = ["curl"]
