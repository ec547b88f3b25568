"""Outputs besides the site's pages: feeds, open data and PDFs."""
