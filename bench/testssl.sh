#!/usr/bin/env bash
# testssl.sh (Debian's package `testssl.sh`, command `testssl`) against a Pier TLS server with the defaults
# a new site gets: an RSA and an ECDSA certificate from a throw-away CA, nothing else set (so ssl_protocols,
# ssl_ciphers, session settings are Pier's defaults, which are nginx's).
#
#   bench/testssl.sh            build if needed, start Pier on 127.0.0.1:18443, run testssl, stop Pier
#   options: --keep (keep the temp prefix)   TESTSSL_OPTS (extra testssl options, e.g. "--fast")
#
# Output: the full testssl report on stdout and bench/results/testssl-<UTC time>.txt (the README quotes
# its summary). Not part of CI: a full run takes several minutes.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
command -v testssl >/dev/null || { echo "testssl is not installed (apt-get install testssl.sh)" >&2; exit 2; }
keep=0
[ "${1:-}" != --keep ] || keep=1
[ -f "$here/target/pier.jar" ] || (cd "$here" && bin/dev build)

prefix=$(mktemp -d /tmp/pier-testssl.XXXXXX)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  [ "$keep" = 1 ] || rm -rf "$prefix"
}
trap cleanup EXIT
mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/html"
cd "$prefix/conf"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj "/CN=testssl CA" -days 30 2>/dev/null
for kind in rsa ec; do
  if [ $kind = rsa ]; then newkey=(-newkey rsa:2048); else newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
  openssl req "${newkey[@]}" -nodes -keyout $kind.key -out $kind.csr -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
  openssl x509 -req -in $kind.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile san.ext -out $kind.crt 2>/dev/null
done
cat > pier.conf <<CONF
error_log logs/error.log notice;
events { }
http {
    access_log off;
    server {
        listen 127.0.0.1:18443 ssl;
        server_name localhost;
        ssl_certificate rsa.crt;
        ssl_certificate_key rsa.key;
        ssl_certificate ec.crt;
        ssl_certificate_key ec.key;
        location / { return 200 "ok\n"; }
    }
}
CONF
"$here/bin/pier" -p "$prefix" -c "$prefix/conf/pier.conf" &
pid=$!
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/18443) 2>/dev/null && break
  sleep 0.2
done
mkdir -p "$here/bench/results"
out="$here/bench/results/testssl-$(date -u +%Y%m%dT%H%M%SZ).txt"
# shellcheck disable=SC2086
testssl --quiet --color 0 --warnings batch ${TESTSSL_OPTS:-} --add-ca "$prefix/conf/ca.crt" 127.0.0.1:18443 | tee "$out"
echo "report: $out"
