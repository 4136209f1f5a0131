"""Dates a user types (search dates, dates accessed): YYYY, YYYY-MM or YYYY-MM-DD, checked."""

from __future__ import annotations

import re
from datetime import date

from review.base.errors import InputError

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str | None, option: str = "--searched") -> str | None:
    """The date as typed (stripped), None if empty; an InputError naming the option if it is
    not a real date written YYYY, YYYY-MM or YYYY-MM-DD."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    padded = text + "-01" * (2 - text.count("-"))
    try:
        if not _DATE.match(text):
            raise ValueError
        when = date.fromisoformat(padded)
    except ValueError:
        raise InputError(f"{option} expects a date as YYYY-MM-DD, not {value!r}") from None
    if when > date.today():
        raise InputError(f"{option} {text} is in the future")
    return text


def check_count(count: int | None, option: str = "--count") -> int | None:
    """A reported record count: None (not reported) or a whole number, not below zero."""
    if count is not None and count < 0:
        raise InputError(f"{option} must be 0 or more, not {count}")
    if count is not None and count >= 2**63:
        raise InputError(f"{option} {count} is too large")
    return count
