# Hostile input, all at once (tests/hazards/test_hostile_build.py builds it in a child process).
# specs/deep.json (100,000 levels) and the symlinks specs/etc -> /etc and
# specs/secret.yaml -> a file outside the project are made by the test in its copy.
extensions = ["sphinxext_apidocs", "myst_parser"]
apidocs_specs = {
    "bomb": "specs/bomb.yaml",
    "deep": "specs/deep.json",
    "refs": "specs/refs.yaml",
    "xss": "specs/xss.json",
}
apidocs_markdown = ["endpoints"]
exclude_patterns = ["_build", "endpoints", "specs"]
