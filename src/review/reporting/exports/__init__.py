"""Exports of project data to files reviewers hand on (CSV first)."""
