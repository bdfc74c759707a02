# Sourced by bench/*.sh. write_prefix DIR NGINX_PORT PIER_PORT WORKER_CONNECTIONS lays out:
#   DIR/html/1k.bin, DIR/html/1m.bin       the files served (random bytes: nothing compresses them)
#   DIR/shared/bench.conf                  the one configuration both servers read
#   DIR/{nginx,pier}/conf/bench.conf       symlinks to it, so each server's relative includes and
#                                          paths resolve in its own prefix
#   DIR/{nginx,pier}/conf/server.conf      the listen port, access_log off, and directives only nginx reads
write_prefix() {
  local dir=$1 nginx_port=$2 pier_port=$3 worker_connections=$4
  mkdir -p "$dir/html" "$dir/shared" "$dir/nginx/conf" "$dir/nginx/logs" "$dir/pier/conf" "$dir/pier/logs"
  head -c 1024 /dev/urandom > "$dir/html/1k.bin"
  head -c 1048576 /dev/urandom > "$dir/html/1m.bin"
  cat > "$dir/shared/bench.conf" <<EOF
# One configuration for both servers. Paths are relative to each server's prefix (-p).
worker_processes 1;
master_process off;
daemon off;
error_log logs/error.log warn;
pid logs/bench.pid;

events {
    worker_connections $worker_connections;
}

http {
    default_type application/octet-stream;
    keepalive_timeout 75s;
    keepalive_requests 1000;

    server {
        # listen 127.0.0.1:<port>, plus what only one of the two servers reads
        include server.conf;
        root $dir/html;

        # the 1klog workload: the same 1 KB file, with a combined access-log line written per request
        location /logged/ {
            alias $dir/html/;
            access_log logs/access.log combined;
        }
    }
}
EOF
  ln -s ../../shared/bench.conf "$dir/nginx/conf/bench.conf"
  ln -s ../../shared/bench.conf "$dir/pier/conf/bench.conf"
  cat > "$dir/nginx/conf/server.conf" <<EOF
listen 127.0.0.1:$nginx_port;
# neither writes an access log; nginx only: Pier always sends files with sendfile
access_log off;
sendfile on;
EOF
  cat > "$dir/pier/conf/server.conf" <<EOF
listen 127.0.0.1:$pier_port;
access_log off;
EOF
}
