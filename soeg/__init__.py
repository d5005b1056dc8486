"""Search across the helhedsplaner a user belongs to (issue 13, item 4)."""
