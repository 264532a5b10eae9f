"""Numbers with their measure: plan targets and reported metrics (stub)."""


def find_targets(text, extra=()):
    return []
