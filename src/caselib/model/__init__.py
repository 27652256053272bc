"""Stage 3, model: valid records to ``Case`` and ``Library`` objects, and what is computed from them."""
