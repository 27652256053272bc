"""Stage 1, load: record files to plain values (with positions when asked for), and the validation cache."""
