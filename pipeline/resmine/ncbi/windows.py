"""Searches beyond PubMed's 9,999-record paging limit: split the date range (edat or mdat) in
halves until every window holds at most ``limit`` hits, so no window pages past the limit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

LIMIT = 9999


def split_windows(count: Callable[[date, date], int], start: date, end: date,
                  limit: int = LIMIT) -> list[tuple[date, date, int]]:
    """Windows ``(first day, last day, hits)`` covering ``start``..``end`` (inclusive), in date
    order, each with at most ``limit`` hits; windows without hits are dropped. A single day with
    more than ``limit`` hits raises ValueError (it cannot be split further by date)."""
    out: list[tuple[date, date, int]] = []
    pending = [(start, end, count(start, end))]
    while pending:
        first, last, hits = pending.pop()
        if hits == 0:
            continue
        if hits <= limit:
            out.append((first, last, hits))
            continue
        if first == last:
            raise ValueError(f"{hits} hits on {first:%Y/%m/%d} alone: beyond the {limit} limit")
        middle = first + timedelta(days=(last - first).days // 2)
        later = middle + timedelta(days=1)
        pending.append((later, last, count(later, last)))
        pending.append((first, middle, count(first, middle)))
    return out


def esearch_count(client, term: str, datetype: str = "edat") -> Callable[[date, date], int]:
    """A ``count`` for :func:`split_windows` asking esearch (retmax=0) for each window."""

    def count(first: date, last: date) -> int:
        result = client.esearch(term, retmax=0, usehistory=False, datetype=datetype,
                                mindate=f"{first:%Y/%m/%d}", maxdate=f"{last:%Y/%m/%d}")
        return int(result["count"])

    return count
