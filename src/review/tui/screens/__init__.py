"""One screen per workflow."""
