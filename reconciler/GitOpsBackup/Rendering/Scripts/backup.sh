# gitops-backup: the backup pod's script (POSIX sh). Every parameter comes from the environment
# the renderer sets; credentials only arrive as env from Secrets or as files, never as arguments.
#   BACKUP_APP, BACKUP_HOST        restic tag app=<app>, stable --host
#   BACKUP_PVCS                    space-separated <volume>=<mount path> (read-only PVC mounts)
#   BACKUP_BUCKETS                 space-separated S3 buckets, copied to s3:<BACKUP_BUCKET>/buckets/<bucket>
#   BACKUP_BUCKET                  the app's backup bucket
#   BACKUP_ALLOW_EMPTY             "true": an empty source is backed up; otherwise it is reported and skipped
#   RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, AWS_*   read by restic itself
#   RESTIC_CACERT                  CA bundle file (passed as --cacert: restic 0.14 ignores the env var)
#   RESTIC_RETRY_LOCK              e.g. 5m; used only when this restic knows --retry-lock (0.16+)
#   RESTIC_KEEP_DAILY/WEEKLY/MONTHLY/YEARLY   forget policy (0 = rule unused)
#   RCLONE_CONFIG_S3_*, RCLONE_CA_CERT         the rclone remote "s3", from env only
#   BACKUP_TERMINATION_LOG         where "bytes_added=<n>" is written at the end (default
#                                  /dev/termination-log, the kubelet's termination message; the
#                                  reconciler reads it for gitops_backup_app_last_bytes_added)
# Every outcome is one line starting with OK, EMPTY, PARTIAL, FAILED, SKIP or RESULT.
# Exit: 0 success, 1 failed, 3 partial (restic exit 3: some files unreadable), 4 empty source.
# -u: a missing variable is a bug, not an empty string; -f: lists are split on spaces, never globbed.
set -u -f

status=0
# Bytes restic added to the repository, summed over volumes. Bucket copies (rclone) are not counted.
bytes_added=0

# Keep the worst outcome: failed (1) over partial (3) over empty (4) over success (0).
worse() {
  case "$1" in
    1) status=1 ;;
    3) [ "$status" = 1 ] || status=3 ;;
    4) [ "$status" = 0 ] && status=4 ;;
  esac
  return 0
}

retry_lock=no
if [ -n "${RESTIC_RETRY_LOCK:-}" ] && restic --help 2>/dev/null | grep -q -e '--retry-lock'; then
  retry_lock=yes
fi

run_restic() {
  if [ "$retry_lock" = yes ]; then set -- --retry-lock "$RESTIC_RETRY_LOCK" "$@"; fi
  if [ -n "${RESTIC_CACERT:-}" ]; then set -- --cacert "$RESTIC_CACERT" "$@"; fi
  restic "$@"
}

# Prints the number after "<name>": in a line of restic's --json (nothing when absent).
field() {
  printf '%s' "$1" | sed -n "s/.*\"$2\":\([0-9][0-9]*\).*/\1/p"
}

# Prints the first entry of a directory, ignoring the lost+found of a fresh ext4 volume.
first_entry() {
  ls -A -- "$1" | grep -v -x -e 'lost+found' | head -n 1
}

echo "START app=${BACKUP_APP} host=${BACKUP_HOST} repository=${RESTIC_REPOSITORY}"
if [ "$retry_lock" = no ] && [ -n "${RESTIC_RETRY_LOCK:-}" ]; then
  echo "NOTE this restic has no --retry-lock; a held lock fails the run"
fi

if [ -n "${BACKUP_PVCS:-}" ]; then
  if ! run_restic cat config >/dev/null 2>&1; then
    echo "INIT repository=${RESTIC_REPOSITORY}"
    if ! run_restic init; then
      echo "FAILED repository=${RESTIC_REPOSITORY}: cannot open or create it"
      echo "RESULT status=failed app=${BACKUP_APP}"
      exit 1
    fi
  fi
fi

for entry in ${BACKUP_PVCS:-}; do
  volume=${entry%%=*}
  path=${entry#*=}
  if [ ! -d "$path" ]; then
    echo "FAILED volume=${volume}: ${path} is not a directory"
    worse 1
    continue
  fi
  if ! ls -A -- "$path" >/dev/null; then
    echo "FAILED volume=${volume}: cannot list ${path}"
    worse 1
    continue
  fi
  if [ -z "$(first_entry "$path")" ]; then
    if [ "${BACKUP_ALLOW_EMPTY:-false}" != true ]; then
      echo "EMPTY volume=${volume}: ${path} holds no files; not backed up"
      worse 4
      continue
    fi
    echo "EMPTY volume=${volume}: ${path} holds no files; backing it up as allowed"
  fi
  # --json into a file, not a pipe: without pipefail a pipe would hide restic's exit code.
  # Errors still go to stderr; the progress lines stay in the file.
  if ! out=$(mktemp "${TMPDIR:-/tmp}/restic-backup.XXXXXX"); then
    echo "FAILED volume=${volume}: cannot create a temp file in ${TMPDIR:-/tmp}"
    worse 1
    continue
  fi
  run_restic backup --json --host "$BACKUP_HOST" --tag "app=${BACKUP_APP}" --tag "volume=${volume}" "$path" >"$out"
  rc=$?
  summary=$(grep -e '"message_type":"summary"' "$out" | tail -n 1)
  rm -f -- "$out"
  added=$(field "$summary" data_added)
  if [ -n "$added" ]; then
    echo "Files: $(field "$summary" files_new) new, $(field "$summary" files_changed) changed, $(field "$summary" files_unmodified) unmodified; ${added} bytes added to the repository"
    bytes_added=$((bytes_added + added))
  fi
  case "$rc" in
    0) echo "OK volume=${volume}" ;;
    3) echo "PARTIAL volume=${volume}: restic could not read some files (exit 3); the snapshot is incomplete"
       worse 3 ;;
    *) echo "FAILED volume=${volume}: restic backup exited ${rc}"
       worse 1 ;;
  esac
done

for bucket in ${BACKUP_BUCKETS:-}; do
  # A full count, not a one-level listing: some S3 servers list nested prefixes poorly.
  if ! size=$(rclone size --json "s3:${bucket}"); then
    echo "FAILED volume=${bucket}: cannot list bucket ${bucket}"
    worse 1
    continue
  fi
  count=$(printf '%s' "$size" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
  if [ "${count:-0}" = 0 ] && [ "${BACKUP_ALLOW_EMPTY:-false}" != true ]; then
    echo "EMPTY volume=${bucket}: bucket ${bucket} holds no objects; not copied"
    worse 4
    continue
  fi
  # copy, never sync: a bucket emptied by mistake must not empty its backup. --fast-list: one
  # recursive listing (fewer S3 requests, and correct on servers whose delimiter listing is weak).
  if rclone copy --fast-list "s3:${bucket}" "s3:${BACKUP_BUCKET}/buckets/${bucket}"; then
    echo "OK volume=${bucket} copied to ${BACKUP_BUCKET}/buckets/${bucket} (${count:-0} objects in the source)"
  else
    echo "FAILED volume=${bucket}: rclone copy exited $?"
    worse 1
  fi
done

if [ -n "${BACKUP_PVCS:-}" ]; then
  if [ "$status" = 1 ]; then
    echo "SKIP forget: a backup failed; every snapshot is kept"
  else
    set --
    if [ "${RESTIC_KEEP_DAILY:-0}" -gt 0 ]; then set -- "$@" --keep-daily "$RESTIC_KEEP_DAILY"; fi
    if [ "${RESTIC_KEEP_WEEKLY:-0}" -gt 0 ]; then set -- "$@" --keep-weekly "$RESTIC_KEEP_WEEKLY"; fi
    if [ "${RESTIC_KEEP_MONTHLY:-0}" -gt 0 ]; then set -- "$@" --keep-monthly "$RESTIC_KEEP_MONTHLY"; fi
    if [ "${RESTIC_KEEP_YEARLY:-0}" -gt 0 ]; then set -- "$@" --keep-yearly "$RESTIC_KEEP_YEARLY"; fi
    if [ "$#" -eq 0 ]; then
      echo "FAILED forget: the retention policy keeps nothing; refusing to forget"
      worse 1
    elif run_restic forget --host "$BACKUP_HOST" --tag "app=${BACKUP_APP}" --group-by host,tags --prune "$@"; then
      echo "OK forget $*"
    else
      echo "FAILED forget: restic forget exited $?"
      worse 1
    fi
  fi
fi

# Only when restic ran (a bucket-only app adds nothing to a restic repository). The kubelet
# creates the file; anywhere else (a test, a shell) it may be absent: skip silently.
termination_log=${BACKUP_TERMINATION_LOG:-/dev/termination-log}
if [ -n "${BACKUP_PVCS:-}" ] && [ -f "$termination_log" ] && [ -w "$termination_log" ]; then
  echo "bytes_added=${bytes_added}" >"$termination_log" 2>/dev/null || true
fi

case "$status" in
  0) echo "RESULT status=success app=${BACKUP_APP}" ;;
  3) echo "RESULT status=partial app=${BACKUP_APP}: some files were not readable" ;;
  4) echo "RESULT status=empty app=${BACKUP_APP}: a source was empty" ;;
  *) echo "RESULT status=failed app=${BACKUP_APP}" ;;
esac
exit "$status"
