"""review: screening and critical appraisal for systematic reviews, in the terminal."""

__version__ = "0.1.0"
