.PHONY: start test test-cluster bench bench-cluster

# Starts everything (database, Temporal + UI, migrations, worker, API) on embedded defaults.
start:
	bash scripts/start.sh

# Runs the full test suite: typecheck, lint, format, build, unit, workflow and e2e.
test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# The same e2e suite on the real Temporal cluster (PostgreSQL, four server processes), plus the
# multi-process checks (two workers, two APIs). Builds the Temporal server once (~6 min).
test-cluster:
	bash scripts/test-cluster.sh

# Failover drill and cluster-vs-dev-server throughput (starts the cluster itself).
bench-cluster:
	bash scripts/bench-cluster.sh
