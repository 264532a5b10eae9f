"""The ordered list of parser stages."""

STAGES: list = []
