"""Readers for search exports: detect a file's format and parse it into records."""

from review.identification.importers.registry import FORMATS, detect_format, read_records

__all__ = ["FORMATS", "detect_format", "read_records"]
