"""Stage 2, validate: loaded records and vocabularies to problems (schema, meaning, regions, quotes, lint)."""
