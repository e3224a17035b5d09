# Sourced: apt_get ARGS... runs apt-get, waiting for another package manager run (unattended upgrades, a parallel
# install) to let go of its locks instead of failing: dpkg's lock through DPkg::Lock::Timeout, the package lists'
# lock (which that option does not cover) by trying again every 10 s for up to 10 minutes. Output goes to stderr.
apt_get() {
  local attempt output
  for attempt in $(seq 1 60); do
    if output=$(DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" 2>&1); then
      printf '%s\n' "$output" >&2
      return 0
    fi
    printf '%s\n' "$output" >&2
    if ! grep -qE "Could not get lock|Unable to lock|is held by process" <<<"$output"; then
      return 1
    fi
    echo "apt-get: another package manager holds its lock; trying again in 10 s ($attempt of 60)" >&2
    sleep 10
  done
  return 1
}
