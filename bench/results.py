"""Issue 16's figures as ratios against their anchors measured in the same run: each benchmark records its own with
`record` as it prints them (to the file BENCH_RESULTS names, which `bin/bench` sets), and `bin/bench` prints them
all as one table at the end (`python bench/results.py FILE`). A ratio is the figure over its anchor, or the anchor
over the figure where more is better (rates), so above 1 means faster than the anchor."""

from __future__ import annotations

import json
import os
import sys


def record(what: str, figure: str, anchor_name: str, anchor: str, ratio: float, goal: str, met: bool) -> None:
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as results:
        row = {"what": what, "figure": figure, "anchor_name": anchor_name, "anchor": anchor}
        results.write(json.dumps({**row, "ratio": ratio, "goal": goal, "met": met}) + "\n")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as results:
        rows = [json.loads(line) for line in results if line.strip()]
    if not rows:
        return
    widths = [max(len(str(row[name])) for row in rows) for name in ("what", "figure", "anchor_name", "anchor")]
    head = ("what", "figure", "anchor", "anchor's figure")
    widths = [max(width, len(title)) for width, title in zip(widths, head, strict=True)]
    print("== Issue 16's figures against their anchors, this run")
    print("  ".join(title.ljust(width) for title, width in zip(head, widths, strict=True)), " ratio  goal")
    for row in rows:
        names = ("what", "figure", "anchor_name", "anchor")
        cells = [str(row[name]).ljust(width) for name, width in zip(names, widths, strict=True)]
        verdict = "met" if row["met"] else "NOT MET"
        print("  ".join(cells), f"{row['ratio']:6.2f}  {row['goal']} ({verdict})")


if __name__ == "__main__":
    main(sys.argv[1])
