"""The spec stage: read a document (JSON or YAML, with positions), resolve ``$ref``,
normalise Swagger 2.0 and OpenAPI 3.0/3.1 into one frozen model, describe prose."""
