# shellcheck shell=bash
# The S3 server of the local stack: MinIO when a `minio` binary is on the PATH, else S3Proxy on its filesystem backend
# (org.gaul:s3proxy, deploy/local/servers/pom.xml). Sourced by deploy/local/stack.

S3_DIR="$STACK_DIR/s3"

s3_implementation() { if command -v minio >/dev/null; then echo minio; else echo s3proxy; fi; }

s3_ports() {
  echo "$CHIMERA_S3_PORT"
  [[ $(s3_implementation) == minio ]] && echo "$CHIMERA_S3_CONSOLE_PORT"
  return 0
}

s3_url() { printf 'http://127.0.0.1:%s/%s' "$CHIMERA_S3_PORT" "${1:-}"; }

# An HTTP status code from the server's root, whatever it is (without credentials it is 403).
s3_answers() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$(s3_url)") != 000 ]]; }

# A request signed with the access and secret key (AWS Signature V4), as the services make them. Prints the status.
s3_signed() {
  local method=$1 path=$2
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X "$method" \
    --aws-sigv4 "aws:amz:$CHIMERA_S3_REGION:s3" --user "$CHIMERA_S3_ACCESS_KEY:$CHIMERA_S3_SECRET_KEY" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$(s3_url "$path")"
}

s3_serves() { [[ $(s3_signed HEAD "$CHIMERA_S3_BUCKET") == 200 ]]; }

s3_describe() {
  printf '%s on %s, bucket %s, region %s' "$(s3_implementation)" "$(s3_url)" "$CHIMERA_S3_BUCKET" "$CHIMERA_S3_REGION"
}

s3_prepare() {
  mkdir -p "$S3_DIR/data"
  [[ $(s3_implementation) == s3proxy ]] || return 0
  # Written on every start so that changed settings take effect.
  cat >"$S3_DIR/s3proxy.conf" <<EOF
# Written by deploy/local/stack on every start.
s3proxy.endpoint=http://127.0.0.1:$CHIMERA_S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$CHIMERA_S3_ACCESS_KEY
s3proxy.credential=$CHIMERA_S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$S3_DIR/data
jclouds.identity=$CHIMERA_S3_ACCESS_KEY
jclouds.credential=$CHIMERA_S3_SECRET_KEY
EOF
}

s3_launch() {
  if [[ $(s3_implementation) == minio ]]; then
    launch s3 env MINIO_ROOT_USER="$CHIMERA_S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$CHIMERA_S3_SECRET_KEY" \
      MINIO_SITE_REGION="$CHIMERA_S3_REGION" MINIO_BROWSER=off \
      minio server --quiet --address "127.0.0.1:$CHIMERA_S3_PORT" \
      --console-address "127.0.0.1:$CHIMERA_S3_CONSOLE_PORT" "$S3_DIR/data"
  else
    local jar
    jar=$(find "$LIB_DIR/s3proxy" -maxdepth 1 -name 's3proxy-*-jar-with-dependencies.jar' | head -n 1)
    # shellcheck disable=SC2086 # the JVM options are several words on purpose
    launch s3 java $CHIMERA_S3_JVM_OPTS -Djava.awt.headless=true \
      -jar "$jar" --properties "$S3_DIR/s3proxy.conf"
  fi
}

# Creates the bucket of the connection settings when it is missing.
s3_after_start() {
  s3_serves && return 0
  local created
  created=$(s3_signed PUT "$CHIMERA_S3_BUCKET")
  [[ $created == 200 ]] || die "s3: creating bucket $CHIMERA_S3_BUCKET failed with HTTP $created; see $(log_file s3)"
}

s3_stop() { kill -TERM "$1"; }
