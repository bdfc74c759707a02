# Sourced by bench/proxy.sh. write_proxy_prefix DIR ORIGIN_PORT WS_PORT NGINX_PORT PIER_PORT HAPROXY_PORT WS_CONNS
# lays out:
#   DIR/origin/conf/origin.conf            the HTTP origin: nginx answering every request with a fixed 1 KiB body
#   DIR/origin/body.bin                    that body, to check what comes through each proxy
#   DIR/shared/proxy.conf                  the one configuration nginx and Pier both proxy with
#   DIR/{nginx,pier}/conf/proxy.conf       symlinks to it, so each server's include resolves in its own prefix
#   DIR/{nginx,pier}/conf/server.conf      the listen port, and nginx's temp paths (into its prefix)
#   DIR/haproxy/haproxy.cfg                HAProxy's equivalent of proxy.conf
# The WebSocket origin (bench/lib/ws.py serve) needs no files.
write_proxy_prefix() {
  local dir=$1 origin_port=$2 ws_port=$3 nginx_port=$4 pier_port=$5 haproxy_port=$6 ws_conns=$7
  # each WebSocket through a proxy holds two descriptors there (client side and origin side)
  local worker_connections=$((2 * ws_conns + 1000))
  mkdir -p "$dir/origin/conf" "$dir/origin/logs" "$dir/shared" "$dir/nginx/conf" "$dir/nginx/logs" "$dir/nginx/temp" \
    "$dir/pier/conf" "$dir/pier/logs" "$dir/haproxy"
  # 1 KiB of printable text (the body sits in the origin's config as a string)
  local body
  body=$(head -c 768 /dev/urandom | base64 -w0)
  printf '%s' "$body" > "$dir/origin/body.bin"
  cat > "$dir/origin/conf/origin.conf" <<EOF
# The origin: one nginx process answering a fixed 1 KiB body from memory, no log, long keep-alive, so that
# the upstream connections each proxy keeps open are never closed under it during a round.
worker_processes 1;
master_process off;
daemon off;
error_log logs/error.log warn;
pid logs/origin.pid;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_timeout 300s;
    keepalive_requests 100000000;
    client_body_temp_path logs/body;
    proxy_temp_path logs/proxy;
    fastcgi_temp_path logs/fastcgi;
    uwsgi_temp_path logs/uwsgi;
    scgi_temp_path logs/scgi;
    server {
        listen 127.0.0.1:$origin_port;
        default_type application/octet-stream;
        location / { return 200 "$body"; }
    }
}
EOF
  cat > "$dir/shared/proxy.conf" <<EOF
# One configuration for nginx and Pier as reverse proxies. Paths are relative to each server's prefix (-p).
worker_processes 1;
master_process off;
daemon off;
error_log logs/error.log warn;
pid logs/proxy.pid;

events {
    worker_connections $worker_connections;
}

http {
    access_log off;
    keepalive_timeout 75s;
    # HAProxy sets no limit on requests per connection, on either side: lift nginx's (1000 by default) on both
    keepalive_requests 100000000;

    upstream origin {
        server 127.0.0.1:$origin_port;
        keepalive 32;
        keepalive_requests 100000000;
    }

    upstream ws_origin {
        server 127.0.0.1:$ws_port;
    }

    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      close;
    }

    server {
        # listen 127.0.0.1:<port>, plus what only one of the two servers reads
        include server.conf;

        # the proxy1k workload: every request to the origin over a pool of kept-alive connections
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }

        # the WebSocket count: the usual upgrade idiom, idle tunnels kept for 10 minutes
        location /ws {
            proxy_pass http://ws_origin;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_read_timeout 600s;
        }
    }
}
EOF
  ln -s ../../shared/proxy.conf "$dir/nginx/conf/proxy.conf"
  ln -s ../../shared/proxy.conf "$dir/pier/conf/proxy.conf"
  cat > "$dir/nginx/conf/server.conf" <<EOF
listen 127.0.0.1:$nginx_port;
# nginx only: its temp paths into its prefix (Debian's built-in ones are under /var/lib/nginx)
client_body_temp_path temp/body;
proxy_temp_path temp/proxy;
EOF
  cat > "$dir/pier/conf/server.conf" <<EOF
listen 127.0.0.1:$pier_port;
EOF
  cat > "$dir/haproxy/haproxy.cfg" <<EOF
# HAProxy doing what proxy.conf asks of nginx and Pier: one thread, HTTP mode, idle server connections
# reused by any request (http-reuse always: nginx's keepalive pool), nginx's timeouts, no logging.
global
    nbthread 1
    maxconn $((ws_conns + 1000))

defaults
    mode http
    timeout connect 60s
    timeout client 60s
    timeout server 60s
    timeout http-request 60s
    timeout http-keep-alive 75s
    timeout tunnel 600s
    http-reuse always

frontend proxy
    bind 127.0.0.1:$haproxy_port
    use_backend ws_origin if { path_beg /ws }
    default_backend origin

backend origin
    server origin 127.0.0.1:$origin_port

backend ws_origin
    server ws_origin 127.0.0.1:$ws_port
EOF
}
