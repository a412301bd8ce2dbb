# Sourced by the measuring scripts: starts the release server on a fresh SQLite file with the demo data, and
# signs demo people in. Needs `bash scripts/build-release` first.
#   start_demo_server PORT     sets $base and $work; stops the server and removes $work on exit
#   demo_session EMAIL         prints that demo person's session cookie value

start_demo_server() {
  local port=$1 binary=target/release/shoulder
  [ -x "$binary" ] || { echo "$0: $binary is missing; run: bash scripts/build-release" >&2; exit 1; }
  base="http://127.0.0.1:$port"
  work=$(mktemp -d)
  # No drain on exit (nothing to hand over), and the trap waits for the process, so the port is free when the
  # script ends: the next measuring script starts its own server on the same port.
  SHOULDER_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/demo.db?mode=rwc" SHOULDER_DEMO_DATA=1 \
    SHOULDER_DRAIN_SECONDS=0 LEPTOS_SITE_ROOT=target/site RUST_LOG=${RUST_LOG:-warn} \
    "$binary" >"$work/server.log" 2>&1 &
  demo_server_pid=$!
  trap 'kill $demo_server_pid 2>/dev/null; wait $demo_server_pid 2>/dev/null; rm -rf "$work"' EXIT
  # Ready means this process answers: a server still on the port from before would answer /healthz too.
  for _ in $(seq 100); do
    kill -0 "$demo_server_pid" 2>/dev/null || break
    curl -sf "$base/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$0: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

demo_session() {
  local jar="$work/cookies-$1"
  curl -sf -c "$jar" -o /dev/null -H "Origin: $base" -d "email=$1&password=shoulder-demo" "$base/api/sign_in"
  awk '$6 == "shoulder_session" { print $7 }' "$jar"
}
