"""The units stage as it stood before wave 5's rewrite (b10143d), kept as the oracle (its unchanged note and name readers are fazhi's own) that
tests/parse/test_units_w5.py compares the rewritten stage against. Not used by fazhi."""
