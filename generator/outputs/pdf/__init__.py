"""PDF output: each briefing laid out by WeasyPrint, and the whole site assembled with pypdf (documents.render_pdfs)."""
