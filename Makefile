.PHONY: start test bench bench-engine

# Starts everything (database, Temporal + UI, migrations, worker, API) on embedded defaults.
start:
	bash scripts/start.sh

# Runs the full test suite: typecheck, lint, format, build, unit, workflow and e2e.
test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# Yiyang against the raw Temporal engine on the same server, interleaved (prints a table with ratios).
bench-engine:
	bash scripts/bench-engine.sh $(ARGS)
