# shellcheck shell=bash
# PostgreSQL of the local stack: a cluster of its own in $STACK_DIR/postgres, run with initdb/pg_ctl (no system
# cluster, no systemd). Sourced by deploy/local/stack.

PG_DIR="$STACK_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/socket"

# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user of the Debian package.
pg_os_user() { if ((EUID == 0)); then echo postgres; else id -un; fi; }

as_pg_os_user() {
  # From / so that the postgres user is not stuck in a working directory it may not enter (e.g. /root).
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

postgres_pid_file() { printf '%s/postmaster.pid' "$PG_DATA"; }
postgres_ports() { echo "$CHIMERA_PG_PORT"; }

postgres_answers() { "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$CHIMERA_PG_PORT" -t 2 >/dev/null 2>&1; }

postgres_serves() {
  [[ $(PGPASSWORD=$CHIMERA_DB_PASSWORD PGCONNECT_TIMEOUT=3 "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$CHIMERA_PG_PORT" \
    -U "$CHIMERA_DB_USER" -d "$CHIMERA_DB_NAME" -w -qAtc 'select 1' 2>/dev/null) == 1 ]]
}

postgres_describe() {
  printf 'PostgreSQL %s on 127.0.0.1:%s, database %s, user %s' "$(cat "$PG_DATA/PG_VERSION" 2>/dev/null)" \
    "$CHIMERA_PG_PORT" "$CHIMERA_DB_NAME" "$CHIMERA_DB_USER"
}

# As root the server runs as `postgres`, which must be able to traverse every directory above its data directory.
# A checkout under /root (mode 700) or another private directory would stop it with "Permission denied". Each such
# ancestor gets the execute bit for others: it lets anyone pass through it by a known name, never list it
# (setfacl, which could grant it to `postgres` alone, is not installed on a minimal Debian).
grant_pg_os_user_passage() {
  local dir=$PG_DIR ancestors=() i
  while [[ $dir != / ]]; do
    dir=$(dirname "$dir")
    ancestors+=("$dir")
  done
  # From / downwards: whether a directory can be traversed is only known once its parents can be.
  for ((i = ${#ancestors[@]} - 1; i >= 0; i--)); do
    dir=${ancestors[$i]}
    if ! runuser -u postgres -- test -x "$dir"; then
      chmod o+x "$dir"
      say "postgres: allowed others to traverse (not list) $dir, so that the postgres user reaches its data"
    fi
  done
}

postgres_prepare() {
  local bin log
  bin=$(pg_bin_dir)
  log=$(log_file postgres)
  mkdir -p "$PG_DIR"
  touch "$log"
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "postgres: refuses to run as root and this machine has no 'postgres' user to run it as"
    chown postgres: "$PG_DIR" "$log"
    grant_pg_os_user_passage
  fi
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    say "postgres: creating a new cluster in $PG_DATA"
    as_pg_os_user rm -rf "$PG_DATA"
    as_pg_os_user "$bin/initdb" -D "$PG_DATA" --no-locale -E UTF8 --auth-local=trust --auth-host=scram-sha-256 >>"$log"
    as_pg_os_user sh -c "echo \"include_if_exists = 'chimera.conf'\" >>'$PG_DATA/postgresql.conf'"
  fi
  # Reached only when no server of ours runs on this data directory: a postmaster.pid left by a crash is stale, and
  # removing it lets postgres_launch wait for the new one.
  as_pg_os_user rm -f "$(postgres_pid_file)"
  local data_version server_version
  data_version=$(cat "$PG_DATA/PG_VERSION")
  server_version=$("$bin/pg_ctl" --version | awk '{ split($NF, v, "."); print v[1] }')
  [[ $data_version == "$server_version" ]] || die "postgres: $PG_DATA was created by PostgreSQL $data_version but the \
server here is $server_version; set CHIMERA_PG_BIN to a PostgreSQL $data_version bin directory, or remove $PG_DIR"
  (("${#PG_SOCKET_DIR}" + 20 < 108)) || die "postgres: the socket path under $PG_SOCKET_DIR is too long for a Unix \
socket; set CHIMERA_LOCAL_DIR to a shorter directory"
  as_pg_os_user mkdir -p -m 700 "$PG_SOCKET_DIR"
  # Written on every start so that a changed port takes effect; local (socket) connections are the OS user's only.
  as_pg_os_user sh -c "cat >'$PG_DATA/chimera.conf'" <<EOF
# Written by deploy/local/stack on every start.
listen_addresses = '127.0.0.1'
port = $CHIMERA_PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
unix_socket_permissions = 0700
max_connections = 200
EOF
}

postgres_launch() {
  local waited=0
  as_pg_os_user "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -l "$(log_file postgres)" -W start >/dev/null 9>&-
  # pg_ctl returns at once; the server writes its PID file within moments.
  until [[ -s $(postgres_pid_file) ]] || ((waited++ == 50)); do sleep 0.1; done
}

# Creates the role and the database of the connection settings, or brings the role's password up to date.
postgres_after_start() {
  as_pg_os_user "$(pg_bin_dir)/psql" -h "$PG_SOCKET_DIR" -p "$CHIMERA_PG_PORT" -U "$(pg_os_user)" -d postgres \
    -v ON_ERROR_STOP=1 -qAt -v user="$CHIMERA_DB_USER" -v password="$CHIMERA_DB_PASSWORD" -v db="$CHIMERA_DB_NAME" \
    >/dev/null <<'SQL'
select format('create role %I login createdb', :'user')
  where not exists (select from pg_roles where rolname = :'user') \gexec
select format('alter role %I password %L', :'user', :'password') \gexec
select format('create database %I owner %I', :'db', :'user')
  where not exists (select from pg_database where datname = :'db') \gexec
SQL
}

postgres_stop() { as_pg_os_user "$(pg_bin_dir)/pg_ctl" -D "$PG_DATA" -m fast -W stop >/dev/null; }
