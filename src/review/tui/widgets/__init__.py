"""Widgets: they display what they are given and post messages; screens do the work."""
