"""Forms of the follow-up: the grid (grid.py), targets (maaltal.py), assessments (vurdering.py)."""
