extensions = ["sphinxext_apidocs"]
apidocs_specs = {"planted": "planted.yaml", "broken": "broken.yaml"}
apidocs_markdown = ["endpoints"]
apidocs_check_rules = {"no-such-rule": "off"}
apidocs_check_baseline = "baseline.json"
exclude_patterns = ["_build", "endpoints"]
locale_dirs = ["locales"]
apidocs_spec_history = {"planted": ["history/planted-0.yaml"]}
