"""Static briefing-site generator: YAML in briefings/ → validated model → Markdown → MkDocs site."""
