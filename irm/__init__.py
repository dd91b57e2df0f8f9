"""irm: the UNCAC Implementation Review Mechanism platform."""
