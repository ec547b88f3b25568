"""Render stage: the resolved site as Markdown pages, through Jinja2 templates."""
