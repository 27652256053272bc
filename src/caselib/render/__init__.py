"""Stage 4a, render: the model to Markdown pages, from Jinja2 templates in ``templates/``."""
