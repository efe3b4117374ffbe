"""Benchmark of working-day arithmetic (complaints/calendar.py) against numpy.busday_offset.

Run from the repository root:  .venv/bin/python bench/calendar_bench.py

No database is needed: complaints.calendar only reads Django settings in calendar_key(), which is not used here.

Three ways of computing "the Nth working day after D" on the England calendar:
  (a) WorkingDayCalendar.add_working_days_many, vectorised, on 1,000,000 random (D, N) pairs;
  (b) numpy.busday_offset on the same pairs with the same bank holidays;
  (c) WorkingDayCalendar.add_working_days in a Python loop, on the first 100,000 pairs.
All three must agree; (a) and (b) are timed as the best of 5 runs, (c) once.
"""

import datetime
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import record
from complaints.calendar import WorkingDayCalendar, bank_holidays

SEED = 20261123
PAIRS = 1_000_000
SCALAR_PAIRS = 100_000
RUNS = 5
FIRST_DAY = np.datetime64("2015-01-01")
LAST_DAY = np.datetime64("2040-12-31")
MAX_N = 40
TARGET_RATIO = 3.0  # ours may be at most this many times slower than numpy


def best_of(runs: int, function):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(label: str, seconds: float, pairs: int) -> None:
    print(f"{label:<48} {seconds * 1000:8.2f} ms {pairs / seconds:>14,.0f} pairs/s")


def main() -> None:
    rng = np.random.default_rng(SEED)
    span = int((LAST_DAY - FIRST_DAY).astype(np.int64)) + 1
    days = FIRST_DAY + rng.integers(0, span, size=PAIRS).astype("timedelta64[D]")
    n = rng.integers(1, MAX_N + 1, size=PAIRS, dtype=np.int64)

    holidays = bank_holidays("england")
    build_seconds, calendar = best_of(RUNS, lambda: WorkingDayCalendar(holidays))
    holiday_array = np.array(sorted(holidays), dtype="datetime64[D]")

    # (a) Ours, vectorised.
    ours_seconds, ours = best_of(RUNS, lambda: calendar.add_working_days_many(days, n))

    # (b) numpy. roll="backward" is numpy's form of our rule. busday_offset first rolls D onto a business
    # day and then moves n business days forward from it. When D is a working day nothing rolls and the
    # result is the nth working day after D. When D is not a working day it rolls back to the last working
    # day P before D; no working day lies in (P, D], so the nth working day after P is the nth working day
    # after D, which is our rule (start counting with the first working day after D). roll="forward" would
    # be wrong: it moves D to the next working day W and then counts from W, so W itself is never counted
    # and the result is a day late.
    numpy_seconds, theirs = best_of(
        RUNS, lambda: np.busday_offset(days, n, roll="backward", weekmask="1111100", holidays=holiday_array)
    )

    # (c) Ours, scalar, in a Python loop over a subset. Converting to date objects is not timed.
    scalar_days = days[:SCALAR_PAIRS].tolist()
    scalar_n = n[:SCALAR_PAIRS].tolist()
    start = time.perf_counter()
    scalar = [calendar.add_working_days(day, count) for day, count in zip(scalar_days, scalar_n, strict=True)]
    scalar_seconds = time.perf_counter() - start

    assert ours.dtype == theirs.dtype == np.dtype("datetime64[D]")
    assert np.array_equal(ours, theirs), f"{np.count_nonzero(ours != theirs)} pairs differ between ours and numpy"
    assert ours[:SCALAR_PAIRS].tolist() == scalar, "the scalar and vectorised forms differ"

    ratio = numpy_seconds / ours_seconds
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{PAIRS:,} random (date, N) pairs, dates {FIRST_DAY}..{LAST_DAY}, N in 1..{MAX_N}, seed {SEED}")
    print(f"England calendar: {len(holidays)} weekday bank holidays, {len(calendar._ordinals):,} working days")
    print(f"{f'Build WorkingDayCalendar (best of {RUNS})':<48} {build_seconds * 1000:8.2f} ms")
    report(f"(a) ours, add_working_days_many (best of {RUNS})", ours_seconds, PAIRS)
    report(f"(b) numpy.busday_offset (best of {RUNS})", numpy_seconds, PAIRS)
    report(f"(c) ours, add_working_days loop ({SCALAR_PAIRS:,} pairs)", scalar_seconds, SCALAR_PAIRS)
    print(f"All three agree. numpy time / our time = {ratio:.2f} (above 1 means ours is faster)")
    record(
        "working days, 1,000,000 pairs",
        f"{ours_seconds * 1000:.1f} ms",
        "numpy.busday_offset",
        f"{numpy_seconds * 1000:.1f} ms",
        ratio,
        f"≥ {1 / TARGET_RATIO:.2f}",
        ratio >= 1 / TARGET_RATIO,
    )
    if ratio < 1 / TARGET_RATIO:
        print(f"WARNING: ours is more than {TARGET_RATIO:g}x slower than numpy")
        sys.exit(1)


if __name__ == "__main__":
    print(f"Run {datetime.datetime.now().isoformat(timespec='seconds')}")
    main()
