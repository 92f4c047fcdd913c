.PHONY: start test test-cluster bench bench-cluster bench-engine crash

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

# The same e2e suite on the real Temporal cluster (PostgreSQL, four server processes), plus the
# multi-process checks (two workers, two APIs). Builds the Temporal server once (~6 min).
test-cluster:
	bash scripts/test-cluster.sh

# Failover drill and cluster-vs-dev-server throughput (starts the cluster itself).
bench-cluster:
	bash scripts/bench-cluster.sh

# Crash suite: its own PostgreSQL, Temporal, worker and API, each killed -9 at seeded random points
# while cases move; then 0 lost / duplicated / stuck checked against Temporal (CRASH_SEED replays).
crash:
	bash scripts/crash.sh
