"""Load stage: read the YAML under briefings/ into documents that remember where each value stood."""
