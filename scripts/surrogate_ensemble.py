#!/usr/bin/env python3
"""Runs the agent-based ensemble of data/forecast/ensemble.toml and keeps each run's time series.

Each [[run]] x seed becomes a dermis scenario, data/forecast/ensemble/<run>_s<seed>.toml (the
fit reads its schedule and lifestyle from it), run by `dermasim simulate` into build/ensemble/ (two
at a time, one thread each); the observables the reduced model needs are copied to
data/forecast/ensemble/<run>_s<seed>.csv. Runs whose CSV exists are skipped (resumable); --force
reruns them; --scenarios-only writes the scenarios and runs nothing.
Usage: scripts/surrogate_ensemble.py [--binary build/dermasim] [--jobs 2] [--force]
[--scenarios-only] [--only ID ...]
"""
import argparse
import concurrent.futures
import csv
import pathlib
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DESIGN = ROOT / "data" / "forecast" / "ensemble.toml"
OUT = ROOT / "data" / "forecast" / "ensemble"
WORK = ROOT / "build" / "ensemble"
COLUMNS = ["t_days", "papillary_collagen_relative", "grenz_zone_collagen_relative",
           "collagen1_mg_per_ml", "elastin_mg_per_ml", "hyaluronan_mg_per_ml",
           "epidermal_thickness_relative", "inflammation_index", "erythema_index",
           "atrophic_scar_depth_um"]


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return repr(value)


def session_lines(run, index):
    day = 1 + index * run.get("interval_days", 30)
    lines = ["[[session]]", f"day = {day}", "  [[session.zone]]", '  zone = "cheeks"']
    if "needling" in run:
        lines.append("    [[session.zone.pass]]")
        lines += [f"    {k} = {toml_value(v)}" for k, v in run["needling"].items()]
        lines.append(f'    cartridge_id = "C-{index + 1}"')
    if "laser" in run:
        lines.append("    [[session.zone.laser]]")
        lines.append(f'    laser = "{run["laser"]["id"]}"')
        lines += [f"    {k} = {toml_value(v)}" for k, v in run["laser"].items() if k != "id"]
    if "product" in run:
        product = run["product"]
        lines += ["    [[session.zone.product]]", f'    product = "{product["id"]}"',
                  f'    route = "{product["route"]}"', "    volume_ul_per_cm2 = 20"]
        if product["route"] == "injection":
            lines.append("    depth_mm = 0.5")
        else:
            lines += ["    after_min = 0", "    contact_min = 30"]
    return lines


def scenario_text(run, seed, block, person):
    data = "../.."  # the scenario lies in data/forecast/ensemble/
    lines = [f'name = "ensemble {run["id"]} seed {seed}"', "", "[dermis]", 'zone = "cheeks"',
             f"fitzpatrick = {run.get('fitzpatrick', person['fitzpatrick'])}", f"side_um = {block['side_um']}",
             f"depth_um = {block['depth_um']}", f"voxel_um = {block['voxel_um']}",
             f'parameters = "{data}/dermis/dermis.toml"', f'factors = "{data}/dermis/factors.toml"',
             f'modifiers = "{data}/dermis/modifiers.toml"', f'zones = "{data}/zones.toml"', "",
             "[lifestyle]", f"age_years = {run.get('age_years', person['age_years'])}",
             f"cigarettes_per_day = {run.get('cigarettes_per_day', person['cigarettes_per_day'])}", "", "[simulation]",
             f"duration_days = {run['days']}", f"step_min = {block['step_min']}", f"seed = {seed}",
             "", "[output]", f"timeseries_interval_h = {24 * block['sample_days']}", ""]
    if run.get("scar"):
        # The rolling acne scar of the needling-course case (src/treatment/needling_course_case.cpp).
        lines += ["[[injury]]", 'kind = "atrophic_scar"', "radius_um = 400", "depth_um = 1000",
                  "collagen_fraction = 0.6", "collagen3_share = 0.3", "at_days = 0", ""]
    lines += ["[treatment]", f'data = "{data}"', ""]
    for index in range(run.get("sessions", 0)):
        lines += session_lines(run, index) + [""]
    if "home_topical" in run:
        lines += ["[home_care]", "  [[home_care.topical]]", f'  product = "{run["home_topical"]}"',
                  "  times_per_day = 2", "  volume_ul_per_cm2 = 1", ""]
    return "\n".join(lines)


def write_scenario(run, seed, design):
    scenario = OUT / f"{run['id']}_s{seed}.toml"
    scenario.write_text(scenario_text(run, seed, design["block"], design["person"]))
    return scenario


def run_one(binary, run, seed, design):
    name = f"{run['id']}_s{seed}"
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    scenario = write_scenario(run, seed, design)
    result = subprocess.run([binary, "simulate", str(scenario), "--out", str(work / "out"),
                             "--threads", "1", "--quiet"], capture_output=True, text=True)
    if result.returncode != 0:
        return name, result.stderr.strip()
    with open(work / "out" / "timeseries.csv", newline="") as source:
        rows = list(csv.DictReader(source))
    temporary = OUT / (name + ".csv.tmp")
    with open(temporary, "w", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
    temporary.rename(OUT / (name + ".csv"))
    return name, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / "build" / "dermasim"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--scenarios-only", action="store_true")
    args = parser.parse_args()
    design = tomllib.loads(DESIGN.read_text())
    OUT.mkdir(parents=True, exist_ok=True)
    todo = []
    for run in design["run"]:
        if args.only and run["id"] not in args.only:
            continue
        for seed in run.get("seeds", [1]):
            done = (OUT / f"{run['id']}_s{seed}.csv").exists()
            if args.scenarios_only:
                write_scenario(run, seed, design)
            elif args.force or not done:
                todo.append((run, seed))
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_one, args.binary, run, seed, design)
                   for run, seed in todo]
        for future in concurrent.futures.as_completed(futures):
            name, error = future.result()
            print(f"{name}: {'failed: ' + error if error else 'done'}", flush=True)
            failures += error is not None
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
