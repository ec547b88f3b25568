"""The data contract (pydantic models), dates, citations and figures: what every later stage reads."""
