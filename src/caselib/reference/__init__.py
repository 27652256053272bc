"""Reference data every stage reads: vocabularies, the official regions, the record schema, archived sources."""
