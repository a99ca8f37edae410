# gitops-backup: the verification drill's script (POSIX sh). Proves that the app's backups restore:
# restic check reads a subset of the data, then each volume's latest snapshot is restored into a
# scratch emptyDir and measured against the rule. Parameters come from the environment:
#   BACKUP_APP, BACKUP_HOST          which snapshots (tag app=<app>, --host)
#   VERIFY_VOLUMES                   space-separated PVC volume names (restic tag volume=<name>)
#   VERIFY_READ_DATA_SUBSET          restic check --read-data-subset value, e.g. 5%; empty: structure check only
#   VERIFY_MIN_FILES, VERIFY_MIN_BYTES   per volume: at least this many files and bytes restored
#   VERIFY_EXPECT_FILES              space-separated <volume>/<path> that must be present after the restore
#   VERIFY_SCRATCH                   the scratch emptyDir; emptied after each volume
#   RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, RESTIC_CACERT, AWS_*   read by restic
# Every outcome is one line starting with OK, FAILED or RESULT. Exit 0 passed, 1 failed.
set -u -f

status=0
failed() {
  echo "FAILED $*"
  status=1
}

run_restic() {
  if [ -n "${RESTIC_CACERT:-}" ]; then set -- --cacert "$RESTIC_CACERT" "$@"; fi
  restic "$@"
}

echo "START drill app=${BACKUP_APP} host=${BACKUP_HOST} repository=${RESTIC_REPOSITORY}"
set -- check
if [ -n "${VERIFY_READ_DATA_SUBSET:-}" ]; then set -- check "--read-data-subset=${VERIFY_READ_DATA_SUBSET}"; fi
if run_restic "$@"; then
  echo "OK check ${VERIFY_READ_DATA_SUBSET:-structure only}"
else
  failed "restic check: the repository is damaged"
fi

for volume in ${VERIFY_VOLUMES:-}; do
  target="${VERIFY_SCRATCH}/${volume}"
  if ! listing=$(run_restic snapshots --json --latest 1 --host "$BACKUP_HOST" --tag "app=${BACKUP_APP},volume=${volume}"); then
    failed "volume=${volume}: cannot list snapshots"
    continue
  fi
  id=$(printf '%s' "$listing" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
  path=$(printf '%s' "$listing" | sed -n 's/.*"paths":\["\([^"]*\)".*/\1/p')
  if [ -z "$id" ] || [ -z "$path" ]; then
    failed "volume=${volume}: no snapshot to restore"
    continue
  fi
  if ! mkdir -p "$target" || ! run_restic restore "$id" --target "$target" >/dev/null; then
    failed "volume=${volume}: restic restore of ${id} exited non-zero"
    rm -rf -- "$target"
    continue
  fi
  root="${target}${path}"
  if [ ! -d "$root" ]; then
    failed "volume=${volume}: snapshot ${id} restored no ${path}"
    rm -rf -- "$target"
    continue
  fi
  # A failing find or cat can only make the counts smaller, so it fails the rule rather than passing it.
  files=$(find "$root" -type f | wc -l)
  # Reading every byte back is the point of a drill: cat | wc -c, not a size from metadata.
  bytes=$(find "$root" -type f -exec cat {} + | wc -c)
  files=$((files + 0)); bytes=$((bytes + 0))
  if [ "$files" -lt "${VERIFY_MIN_FILES:-1}" ]; then
    failed "volume=${volume}: snapshot ${id} restored ${files} files, the rule wants at least ${VERIFY_MIN_FILES:-1}"
  elif [ "$bytes" -lt "${VERIFY_MIN_BYTES:-1}" ]; then
    failed "volume=${volume}: snapshot ${id} restored ${bytes} bytes, the rule wants at least ${VERIFY_MIN_BYTES:-1}"
  else
    echo "OK volume=${volume} snapshot=${id} files=${files} bytes=${bytes}"
  fi
  for expected in ${VERIFY_EXPECT_FILES:-}; do
    case "$expected" in
      "${volume}"/*)
        if [ -e "${root}/${expected#*/}" ]; then
          echo "OK volume=${volume} has ${expected#*/}"
        else
          failed "volume=${volume}: expected file ${expected#*/} is missing from snapshot ${id}"
        fi ;;
    esac
  done
  rm -rf -- "$target"
done

if [ "$status" = 0 ]; then
  echo "RESULT status=passed app=${BACKUP_APP}"
else
  echo "RESULT status=failed app=${BACKUP_APP}"
fi
exit "$status"
