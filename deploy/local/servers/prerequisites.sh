# shellcheck shell=bash
# Prerequisites of the local stack: programs from the OS, server jars from Maven Central. Sourced by deploy/local/stack.

# The bin directory of the newest PostgreSQL server on this machine (Debian keeps them off the PATH), or nothing.
pg_bin_dir() {
  local dir
  if [[ -n ${CHIMERA_PG_BIN:-} ]]; then
    printf '%s' "$CHIMERA_PG_BIN"
    return 0
  fi
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n $dir && -x $dir/pg_ctl ]]; then
    printf '%s' "$dir"
  elif command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
  fi
}

java_major_version() {
  command -v java >/dev/null || { echo 0; return 0; }
  java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) + 0; exit }'
}

needs_java() {
  local server
  for server in "$@"; do
    [[ $server == kafka || $server == gateway || $server == scheduler || $server == worker ]] && return 0
    [[ $server == s3 ]] && ! command -v minio >/dev/null && return 0
  done
  return 1
}

# Debian package names of what the given servers need and this machine lacks, one per line.
missing_packages() {
  local bin
  bin=$(pg_bin_dir)
  if [[ " $* " == *" postgres "* ]] && [[ -z $bin || ! -x $bin/initdb || ! -x $bin/psql || ! -x $bin/pg_isready ]]; then
    echo postgresql
  fi
  if needs_java "$@" && (($(java_major_version) < 17)); then echo openjdk-17-jdk-headless; fi
  command -v curl >/dev/null || echo curl
  command -v setsid >/dev/null || echo util-linux
  command -v ps >/dev/null || echo procps
  return 0
}

ensure_prerequisites() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if ((${#missing[@]})); then
    if ((EUID == 0)) && [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null; then
      say "installing ${missing[*]} with apt-get"
      export DEBIAN_FRONTEND=noninteractive
      # Without fd 9 (the stack's lock): a package may start a service, which must not keep the lock.
      apt_get update -q 9>&-
      apt_get install -y -q --no-install-recommends "${missing[@]}" 9>&-
    else
      say "stack: missing prerequisites. Install them, then run this again:"
      say "  Debian/Ubuntu (as root): apt-get install ${missing[*]}"
      say "  elsewhere: a PostgreSQL 15+ server with initdb, pg_ctl, psql and pg_isready (set CHIMERA_PG_BIN to"
      say "  their directory if they are not on the PATH), a Java 17+ JDK, curl, setsid (util-linux) and ps (procps)"
      exit 1
    fi
  fi
  if [[ " $* " == *" kafka "* ]]; then ensure_jars kafka; fi
  if [[ " $* " == *" s3 "* ]] && ! command -v minio >/dev/null; then ensure_jars s3proxy; fi
  return 0
}

# Copies the jars of one profile of deploy/local/servers/pom.xml into $LIB_DIR/<profile>, once per version of that pom.
ensure_jars() {
  local profile=$1 target="$LIB_DIR/$1" stamp pom="$LOCAL_SCRIPTS/servers/pom.xml"
  stamp=$(sha256sum "$pom" | cut -d' ' -f1)
  [[ -f $target/.resolved && $(cat "$target/.resolved") == "$stamp" ]] && return 0
  say "$profile: fetching its jars from Maven Central (once) into $target"
  rm -rf "$target.partial"
  "$CHIMERA_CHECKOUT/mvnw" -B -q -f "$pom" -P"$profile" dependency:copy-dependencies \
    -DoutputDirectory="$target.partial" >&2 || die "$profile: could not fetch its jars (see the Maven output above)"
  printf '%s\n' "$stamp" >"$target.partial/.resolved"
  rm -rf "$target"
  mv "$target.partial" "$target"
}
