"""Tests in a real Chromium (a package, so its conftest.py does not shadow tests/conftest.py)."""
