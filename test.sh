#!/usr/bin/env bash
# Runs every test suite of the repository and ends with one line: "N passed, N failed".
#
# Order matters: Node folders with a "before-dotnet" script write cross-implementation vectors that the
# .NET tests read; the .NET tests write vectors that the Node suites then check.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export HUB_REPO_ROOT="$root"
export HUB_BUILD_CONFIGURATION="${HUB_BUILD_CONFIGURATION:-Release}"

passed=0
failed=0
log_dir="$root/artifacts/test-logs"
rm -rf "$log_dir" && mkdir -p "$log_dir"

note() { printf '\n=== %s\n' "$*"; }
fail_step() { echo "FAILED: $*"; failed=$((failed + 1)); }

install_system_packages() {
  local missing=()
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    note "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
      || fail_step "apt-get install ${missing[*]}"
  fi
}

node_folders() {
  find tests bench samples -maxdepth 2 -name package.json -not -path '*/node_modules/*' 2>/dev/null | xargs -r -n1 dirname | sort
}

install_node_packages() {
  local dir
  for dir in $(node_folders); do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      note "npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail_step "npm ci in $dir"
      touch "$dir/node_modules" 2>/dev/null || true
    fi
  done
}

has_npm_script() { node -e "process.exit(require('./$1/package.json').scripts?.['$2'] ? 0 : 1)"; }

run_node_script_everywhere() {
  local script=$1 dir
  for dir in $(node_folders); do
    if has_npm_script "$dir" "$script"; then
      note "npm run $script in $dir"
      (cd "$dir" && npm run --silent "$script") || fail_step "npm run $script in $dir"
    fi
  done
}

run_dotnet_tests() {
  local project name out p f rc
  for project in $(find tests -maxdepth 2 -name '*.Tests.csproj' | sort); do
    name=$(basename "$project" .csproj)
    out="$log_dir/$name.log"
    note "dotnet test $name"
    dotnet test "$project" -c "$HUB_BUILD_CONFIGURATION" --no-build --logger "console;verbosity=normal" >"$out" 2>&1
    rc=$?
    # VSTest's closing block: "Total tests: N" then "     Passed: N" / "     Failed: N" lines.
    if grep -qE '^Total tests: [0-9]+' "$out"; then
      p=$(grep -E '^ +Passed: [0-9]+$' "$out" | tail -1 | awk '{print $2}')
      f=$(grep -E '^ +Failed: [0-9]+$' "$out" | tail -1 | awk '{print $2}')
      p=${p:-0}; f=${f:-0}
      passed=$((passed + p)); failed=$((failed + f))
      echo "passed $p, failed $f"
      [ "$f" -gt 0 ] && grep -E -A15 '^\s+Failed [A-Za-z]' "$out" | head -200
      [ $rc -ne 0 ] && [ "$f" -eq 0 ] && fail_step "$name exited with $rc" && tail -30 "$out"
    else
      tail -40 "$out"
      fail_step "$name produced no test summary (exit $rc)"
    fi
  done
}

run_node_tests() {
  local dir out p f
  for dir in $(node_folders); do
    has_npm_script "$dir" test || continue
    out="$log_dir/node-$(echo "$dir" | tr '/' '-').log"
    note "node tests in $dir"
    (cd "$dir" && npm test --silent) >"$out" 2>&1
    local rc=$?
    p=$(grep -E '^# pass [0-9]+' "$out" | tail -1 | awk '{print $3}')
    f=$(grep -E '^# fail [0-9]+' "$out" | tail -1 | awk '{print $3}')
    if [ -n "$p" ]; then
      passed=$((passed + p)); failed=$((failed + ${f:-0}))
      echo "pass $p, fail ${f:-0}"
      [ "${f:-0}" -gt 0 ] && grep -E -B2 -A25 '^not ok|# Subtest:.*\n.*not ok' "$out" | head -200
      [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ] && fail_step "node tests in $dir exited with $rc" && tail -30 "$out"
    else
      tail -40 "$out"
      fail_step "node tests in $dir produced no summary (exit $rc)"
    fi
  done
}

install_system_packages
install_node_packages

note "dotnet build"
if ! dotnet build HubFramework.sln -c "$HUB_BUILD_CONFIGURATION" -nologo -clp:ErrorsOnly >"$log_dir/build.log" 2>&1; then
  grep -E 'error' "$log_dir/build.log" | sort -u | head -50
  fail_step "dotnet build"
  echo "$passed passed, $failed failed"
  exit 1
fi

run_node_script_everywhere before-dotnet
run_dotnet_tests
run_node_tests

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
