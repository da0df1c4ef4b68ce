#!/usr/bin/env bash
# Builds limit.c and prints the floor both ways: receivers not read, and drained by a reader on another CPU.
# Usage: sfu-benchmarks/limit/limit.sh [receivers=100] [packets=400000] [size=1200]   (needs cc and libssl-dev)
set -euo pipefail
cc -O2 -pthread -Wno-deprecated-declarations -o /tmp/limit "$(dirname "$0")/limit.c" -lcrypto
/tmp/limit "${1:-100}" "${2:-400000}" "${3:-1200}"
/tmp/limit "${1:-100}" "${2:-400000}" "${3:-1200}" drain
