"""JSON Schema as OpenAPI reads it: the validator for examples and payloads, JSON
types, and bounded regular expressions and work budgets for hostile schemas."""
