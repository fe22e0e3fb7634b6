#!/usr/bin/env bash
# Side-by-side load run: our server (tests/Hub.InteropServer) and Microsoft's SignalR (tests/Hub.ReferenceServer)
# host the same contract hub; bench/Hub.LoadGenerator drives each through the same scenarios, one fresh server
# process per scenario, and the run ends with a table of ours ÷ Microsoft's. Results: artifacts/load/*.jsonl.
#
#   bench/run-load.sh                       # everything, 2 repeats (ours first, then Microsoft's first)
#   SCENARIOS="echo idle" REPEAT=1 bench/run-load.sh
#   DURATION=20 WARMUP=5 IDLE_CONNECTIONS=5000 bench/run-load.sh
#   NICE=-5 bench/run-load.sh              # as root: server and generator get a larger CPU share than other work
#   PROTOCOL=messagepack bench/run-load.sh  # the hub protocol of every connection (json by default)
#
# The generator and the server share the machine's cores: compare ratios, not absolute numbers, and check the
# "other_cpu_s" field of each JSON line (CPU used by anything else during the window) before trusting a run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
REPEAT="${REPEAT:-2}"
SCENARIOS="${SCENARIOS:-echo broadcast idle group}"
SERVERS="${SERVERS:-ours microsoft}"
CONNECTIONS="${CONNECTIONS:-100}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-2000}"
GROUP_CONNECTIONS="${GROUP_CONNECTIONS:-200}"
ECHO_INFLIGHT="${ECHO_INFLIGHT:-1}"
NICE="${NICE:-}"
PROTOCOL="${PROTOCOL:-json}"
HUB_PATH="/hubs/interop"
out_dir="$root/artifacts/load"
results="${RESULTS:-$out_dir/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
mkdir -p "$out_dir"

generator="$root/bench/Hub.LoadGenerator/bin/Release/net10.0/Hub.LoadGenerator"
niced=()
if [ -n "$NICE" ]; then niced=(nice -n "$NICE"); fi
server_exe() {
  case "$1" in
    ours) echo "$root/tests/Hub.InteropServer/bin/Release/net10.0/Hub.InteropServer" ;;
    microsoft) echo "$root/tests/Hub.ReferenceServer/bin/Release/net10.0/Hub.ReferenceServer" ;;
    *) echo "unknown server '$1'" >&2; return 1 ;;
  esac
}

server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# 2000+ sockets on each side of loopback need more descriptors than the usual soft limit of 1024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "file descriptor limit: $(ulimit -n); cores: $(nproc); results: $results"

echo "building (Release)..."
dotnet build bench/Hub.LoadGenerator -c Release -nologo -v quiet >"$out_dir/build-generator.log" 2>&1 \
  || { cat "$out_dir/build-generator.log"; echo "build of the load generator failed"; exit 1; }
built=""
for label in $SERVERS; do
  project="$(dirname "$(dirname "$(dirname "$(dirname "$(server_exe "$label")")")")")"
  if dotnet build "$project" -c Release -nologo -v quiet >"$out_dir/build-$label.log" 2>&1; then
    built="$built $label"
  else
    echo "build of $project failed (see $out_dir/build-$label.log); its scenarios are recorded as errors" >&2
  fi
done

# Starts one server on a port the kernel picks (no race with other processes for a "free" port) and reads the
# real address from its READY line; sets server_pid and server_url, or returns 1.
start_server() {
  local label="$1" exe ready
  exe="$(server_exe "$label")"
  server_log="$out_dir/server-$label-$2.log"
  local log="$server_log"
  # Emptied here, not by the background job's redirection: that runs in the forked child, and the READY check
  # below could otherwise read a stale line from an earlier run's log before the child truncates it.
  : >"$log"
  # nice execs the server, so $! is the server's own pid (its /proc figures are read by the generator).
  "${niced[@]}" "$exe" --urls "http://127.0.0.1:0" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 150); do
    ready="$(grep -m1 '^READY http' "$log" || true)"
    if [ -n "$ready" ]; then
      server_url="${ready#READY }"
      server_url="${server_url%/}$HUB_PATH"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "$label server did not print READY within 30 s; its log:" >&2
  tail -20 "$log" >&2
  cleanup
  return 1
}

scenario_args() {
  case "$1" in
    echo) echo "--connections $CONNECTIONS --inflight $ECHO_INFLIGHT" ;;
    broadcast) echo "--connections $CONNECTIONS" ;;
    idle) echo "--connections $IDLE_CONNECTIONS" ;;
    group) echo "--connections $GROUP_CONNECTIONS --stalled 1 --warmup $((WARMUP + 2))" ;;
  esac
}

for repeat in $(seq "$REPEAT"); do
  order="$SERVERS"
  # Alternate who goes first so that warm caches or a drifting machine favour neither side.
  if [ $((repeat % 2)) -eq 0 ]; then order="$(echo "$SERVERS" | tr ' ' '\n' | tac | tr '\n' ' ')"; fi
  for scenario in $SCENARIOS; do
    for label in $order; do
      echo "--- repeat $repeat/$REPEAT: $scenario on $label"
      if [[ " $built " != *" $label "* ]]; then
        printf '{"label":"%s","scenario":"%s","error":"build failed"}\n' "$label" "$scenario" >>"$results"
        continue
      fi
      # One retry: on a shared machine a run can fail for reasons outside both servers. The failure stays in the
      # results either way; the report shows it.
      for attempt in 1 2; do
        if ! start_server "$label" "$scenario-$repeat-$attempt"; then
          printf '{"label":"%s","scenario":"%s","error":"server did not start"}\n' "$label" "$scenario" >>"$results"
          continue
        fi
        # shellcheck disable=SC2046 # word splitting of the scenario's options is intended
        if "${niced[@]}" "$generator" --url "$server_url" --scenario "$scenario" --label "$label" --server-pid "$server_pid" \
          --duration "$DURATION" --warmup "$WARMUP" --protocol "$PROTOCOL" $(scenario_args "$scenario") >>"$results"; then
          cleanup
          break
        fi
        if kill -0 "$server_pid" 2>/dev/null; then
          echo "generator failed on $label/$scenario (attempt $attempt); the server is still running" >&2
        else
          wait "$server_pid" 2>/dev/null && status=0 || status=$?
          echo "generator failed on $label/$scenario (attempt $attempt); the server had exited with status $status; $server_log:" >&2
          tail -20 "$server_log" >&2
          server_pid=""
        fi
        cleanup
      done
    done
  done
done

echo
echo "=== ours ÷ Microsoft's (median of $REPEAT; $(nproc) cores shared by server and generator)"
"$generator" report "$results"
