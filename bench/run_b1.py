#!/usr/bin/env python3
"""Benchmark B1 (shared/bench/B1.md): median of 3 runs at 1 and 2 threads, against PhysiCell's figures.

Usage: bench/run_b1.py --binary build-native/dermasim [--sizes s,m] [--hours 1] [--repeats 3]
       bench/run_b1.py --binary build-native/dermasim --sizes m --hours 24 --repeats 1
Prints a Markdown table (paste it into docs/performance.md) and writes the raw reports as JSON lines.
"""
import argparse
import json
import statistics
import subprocess
import sys

# The fixed yardstick of B1.md "Goal" (PhysiCell 1.14.2, best figure measured on this machine kind).
PHYSICELL = {
    ("m", 1): {"agent_steps_per_s": 1.77e5, "voxel_updates_per_s": 9.1e7},
    ("m", 24): {"agent_steps_per_s": 1.61e5, "cells_end": 17635},
    ("s", 1): {"agent_steps_per_s": 2.46e5},
}


def run_once(binary, size, hours, threads):
    command = [binary, "bench", "b1", "--size", size, "--hours", str(hours), "--threads", str(threads), "--json"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def median_report(binary, size, hours, threads, repeats):
    reports = [run_once(binary, size, hours, threads) for _ in range(repeats)]
    checksums = {r["state_checksum"] for r in reports}
    if len(checksums) != 1:
        sys.exit(f"repeat runs of size {size} differ: {checksums}")
    median = dict(reports[0])
    for key in ("agent_steps_per_s", "voxel_updates_per_s", "loop_s", "wall_s", "peak_rss_mb"):
        median[key] = statistics.median(r[key] for r in reports)
        median[key + "_range"] = (min(r[key] for r in reports), max(r[key] for r in reports))
    return median


def ratio(report, reference, key):
    return f"{report[key] / reference[key]:.1f}" if key in reference else "–"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="build-native/dermasim")
    parser.add_argument("--sizes", default="s,m")
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--raw", default="", help="file to append the raw JSON reports to")
    args = parser.parse_args()

    print("| size | hours | threads | loop s (median, min–max) | agent-steps/s | × PhysiCell | "
          "voxel-substance updates/s | × PhysiCell | live cells end | peak RSS MB | checksum |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes.split(","):
        checksums = set()
        for threads in (1, 2):
            r = median_report(args.binary, size, args.hours, threads, args.repeats)
            checksums.add(r["state_checksum"])
            reference = PHYSICELL.get((size, int(args.hours)), {})
            low, high = r["loop_s_range"]
            print(f"| {size} | {args.hours:g} | {threads} | {r['loop_s']:.2f} ({low:.2f}–{high:.2f}) | "
                  f"{r['agent_steps_per_s']:.3g} | {ratio(r, reference, 'agent_steps_per_s')} | "
                  f"{r['voxel_updates_per_s']:.3g} | {ratio(r, reference, 'voxel_updates_per_s')} | "
                  f"{r['cells_end']} | {r['peak_rss_mb']:.0f} | {r['state_checksum']} |")
            if args.raw:
                with open(args.raw, "a", encoding="utf-8") as raw:
                    raw.write(json.dumps(r) + "\n")
        if len(checksums) != 1:
            sys.exit(f"size {size}: 1 and 2 threads give different states {checksums}")
    print(f"\nbuild: {r['build']}; 1 and 2 threads gave identical state checksums")


if __name__ == "__main__":
    main()
