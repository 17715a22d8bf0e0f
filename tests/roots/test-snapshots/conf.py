# One page per directive, in reST (rst/) and in MyST Markdown (md/): their doctrees are
# snapshots (tests/render/test_snapshots.py).
extensions = ["myst_parser", "sphinxext_apidocs"]
apidocs_specs = {"shop": "shop.yaml"}
apidocs_sample_languages = ["curl"]
exclude_patterns = ["_build", "endpoints"]
