#!/usr/bin/env bash
# Prints a TCP port on loopback that nothing listens on right now.
set -euo pipefail
python3 - <<'PY' 2>/dev/null && exit 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
# Without python3: walk a private range until a port refuses connections.
for port in $(seq 55432 55532); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; exit 0; fi
done
echo "no free port found" >&2
exit 1
