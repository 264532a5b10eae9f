"""The units stage as it stood before wave 5's rewrite (b10143d), kept whole as the oracle that
tests/parse/test_units_w5.py compares the rewritten stage against. Not used by fazhi."""
