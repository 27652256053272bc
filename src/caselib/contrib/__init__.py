"""Contributor and maintainer tools: new record skeletons, the issue form, PR summaries, synthetic records."""
