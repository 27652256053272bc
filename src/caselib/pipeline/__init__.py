"""The whole pipeline: load > validate > model > render/outputs, and the processes that run it."""
