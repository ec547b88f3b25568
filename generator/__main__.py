"""`python -m generator` runs the `briefing` command."""

from .cli import main

main()
