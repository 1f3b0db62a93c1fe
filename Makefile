# Thin entry point over CMake presets: setup, build, run, test, bench.
.PHONY: setup build build-native build-sanitize run simulate-example test test-sanitize validate surrogate format format-check bench clean

JOBS ?= 2

setup:
	./scripts/setup.sh

build: setup
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

build-native: setup
	cmake --preset native >/dev/null
	cmake --build --preset native -j $(JOBS)

build-sanitize: setup
	cmake --preset sanitize >/dev/null
	cmake --build --preset sanitize -j $(JOBS)

# The main job: plan the five-zone example patient and write the report folder.
run: build
	./build/dermasim plan data/patients/photoageing_smoker.toml --out results/plan
	@echo "report written to results/plan (program.toml, plan.json, plan.txt, forecast.csv, forecast_<zone>.svg)"

# The example tissue scenario (the main job before the planner).
simulate-example: build
	./build/dermasim simulate data/scenarios/example_slab.toml --out results/example
	@echo "results written to results/example (summary.json, timeseries.csv, snapshots/)"

# Every test: style, unit and scenario tests (validation cases at reduced size).
test: build format-check
	ctest --preset release

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (CI runs this too).
test-sanitize: build-sanitize
	ctest --preset sanitize

# Validation cases at full size (docs/validation.md holds the table this prints).
validate: build
	./build/dermasim validate --full --threads 2

# The forecast's reduced model: the agent-based ensemble of data/forecast/ensemble.toml (resumable:
# runs already in data/forecast/ensemble/ are kept), then the fit and its error table
# (docs/validation.md, "Surrogate versus agents").
surrogate: build
	python3 scripts/surrogate_ensemble.py --binary build/dermasim
	./build/dermasim fit-surrogate

format:
	clang-format -i $$(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')

# Benchmarks: B1 against PhysiCell's figures (median of 3, native preset, 1 and 2 threads).
bench: build-native
	python3 bench/run_b1.py --binary build-native/dermasim

clean:
	rm -rf build build-native build-sanitize
