.PHONY: start test bench

# Starts everything (database, Temporal + UI, migrations, worker, API) on embedded defaults.
start:
	bash scripts/start.sh

# Runs the full test suite: typecheck, lint, format, build, unit, workflow and e2e.
test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh
