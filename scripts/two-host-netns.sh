#!/usr/bin/env bash
# Two "hosts" on one machine: two network namespaces joined by a veth pair, one rank of a
# two-rank job in each, connected only through that link (the namespaces share nothing but it;
# loopback stays inside each). The ranks find each other through torchrun's variables (RANK,
# WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT) exactly as on two real hosts, and run
# org.protoface.distributed.CollectiveCheck (all-reduce, all-gather of unequal rows, broadcast,
# barrier, each result checked), or another main class given with --main.
#
# Needs root (ip netns). Creates only its own namespaces, veth pair and the two addresses on it
# (10.213.0.1 and .2, a /30 that exists only inside the namespaces); the root namespace gets no
# address and no route. Everything is removed on exit, also on Ctrl-C or failure.
#
#   sudo scripts/two-host-netns.sh [--main CLASS] [--timeout S] [-- ARGS for the main class]
#
# Exit code: 0 when both ranks succeed, otherwise the first failing rank's exit code.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN=org.protoface.distributed.CollectiveCheck
TIMEOUT=60
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --main) MAIN="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --) shift; ARGS=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "two-host-netns: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#ARGS[@]} -eq 0 ] && [ "$MAIN" = org.protoface.distributed.CollectiveCheck ] && ARGS=(--timeout "$TIMEOUT")

if [ "$(id -u)" -ne 0 ]; then
  echo "two-host-netns: needs root to create network namespaces (run with sudo)" >&2
  exit 2
fi
for tool in ip java; do
  command -v "$tool" >/dev/null || { echo "two-host-netns: '$tool' not found" >&2; exit 2; }
done

JAR="$ROOT/target/protoface.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$JAR" -type f 2>/dev/null | head -n 1)" ]; then
  echo "two-host-netns: building (mvn package)..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

# Names unique to this run; interface names must stay within 15 characters.
TAG=$$
NS_A="pf-host-a-$TAG"
NS_B="pf-host-b-$TAG"
VETH_A="pfa$TAG"
VETH_B="pfb$TAG"

# The addresses exist only inside the two namespaces (the root namespace gets neither an address
# nor a route), so they cannot clash with this machine's networks.
SUBNET="10.213.0"
ADDR_A="$SUBNET.1"
ADDR_B="$SUBNET.2"

PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  # deleting a namespace deletes the veth end inside it, and with it the pair
  ip netns del "$NS_A" 2>/dev/null || true
  ip netns del "$NS_B" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS_A"
ip netns add "$NS_B"
ip link add "$VETH_A" type veth peer name "$VETH_B"
ip link set "$VETH_A" netns "$NS_A"
ip link set "$VETH_B" netns "$NS_B"
ip -n "$NS_A" addr add "$ADDR_A/30" dev "$VETH_A"
ip -n "$NS_B" addr add "$ADDR_B/30" dev "$VETH_B"
for ns in "$NS_A" "$NS_B"; do ip -n "$ns" link set lo up; done
ip -n "$NS_A" link set "$VETH_A" up
ip -n "$NS_B" link set "$VETH_B" up
echo "two-host-netns: host a = namespace $NS_A ($ADDR_A), host b = namespace $NS_B ($ADDR_B), veth $VETH_A <-> $VETH_B"

PORT=29500
mkdir -p "$ROOT/target/javacpp-cache"
JAVA_OPTS=(-Xmx2g -Dorg.bytedeco.javacpp.cachedir="$ROOT/target/javacpp-cache" -Dprotoface.home="$ROOT"
           -Djava.awt.headless=true -Dprotoface.torch.threads=1)

start_rank() { # rank namespace host-letter
  ( ip netns exec "$2" env RANK="$1" WORLD_SIZE=2 LOCAL_RANK=0 LOCAL_WORLD_SIZE=1 MASTER_ADDR="$ADDR_A" MASTER_PORT=$PORT \
      java "${JAVA_OPTS[@]}" -cp "$JAR" "$MAIN" "${ARGS[@]}" 2>&1 | sed -u "s/^/[host-$3 rank $1] /"
    exit "${PIPESTATUS[0]}" ) &
  PIDS+=("$!")
}
start_rank 0 "$NS_A" a
start_rank 1 "$NS_B" b

code=0
for i in 0 1; do
  rc=0
  wait "${PIDS[$i]}" || rc=$?
  if [ $rc -ne 0 ] && [ $code -eq 0 ]; then
    code=$rc
    echo "two-host-netns: rank $i failed with exit code $rc" >&2
  fi
done
PIDS=()
[ $code -eq 0 ] && echo "two-host-netns: both ranks passed over the veth link ($ADDR_A <-> $ADDR_B)"
exit $code
