# Sourced by sweep.sh and longrun.sh: what they read off a running server. The /metrics readers need HTTP (the
# server's HTTP port) set before they are called.

# "taskset -c CPUS" when CPUS is set, nothing otherwise
pin() { [ -n "${1:-}" ] && echo "taskset -c $1" || true; }
gc() { jcmd -J-Dsun.tools.attach.attachTimeout=30000 "$1" GC.run >/dev/null 2>&1 || echo "jcmd GC.run failed" >&2; }
# CPU time (ns, from schedstat) of the server's media event loop threads ("sfu-media-*"): the forwarding path
# alone, without Vert.x, GC, JIT or the /metrics scrape that the process CPU figure includes.
media_ns() { local t s=0; for t in /proc/$1/task/*; do
  case "$(cat "$t/comm" 2>/dev/null)" in sfu-media*) s=$((s + $(cut -d' ' -f1 "$t/schedstat")));; esac; done; echo $s; }
# the server's forwarding-delay buckets (read to flushed), "le count" lines: per received datagram to its last copy
# (sfu_media_forwarding_delay), or with "copy" per copy (sfu_media_copy_delay)
delays() { curl -s "127.0.0.1:$HTTP/metrics" | sed -n "s/^sfu_media_${1:-forwarding}_delay_le_total{le=\"\([^\"]*\)\"} \(.*\)/\1 \2/p"; }
# open files and threads of a process (the server: back to the idle values after a soak)
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
threads() { ls "/proc/$1/task" 2>/dev/null | wc -l; }
