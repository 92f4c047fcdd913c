# Sourced (not run) by the entry scripts from the repository root, before bootstrap: puts the
# project's Node first on PATH. That is the production image's Node (docker/Dockerfile's FROM),
# installed from scripts/node-runtime's lockfile. Everything the script then starts (npm ci, the
# build, jest, the API, the worker, the benchmarks and every process they fork) runs on it. Where
# the registry has no build of it for this machine (not linux-x64), the Node on PATH stays, with a
# warning.
bash scripts/npm-ci-locked.sh scripts/node-runtime
if [ -x scripts/node-runtime/node_modules/.bin/node ]; then
  PATH="$PWD/scripts/node-runtime/node_modules/.bin:$PATH"
  export PATH
else
  echo "use-node: no build of the project's Node for this machine; running on $(node --version) from PATH" >&2
fi
