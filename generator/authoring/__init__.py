"""Tools for contributors: scaffolding new files and the JSON Schemas editors read."""
