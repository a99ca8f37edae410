# gitops-backup: the backup pod's script (POSIX sh). Every parameter comes from the environment
# the renderer sets; credentials only arrive as env from Secrets or as files, never as arguments.
#   BACKUP_APP, BACKUP_HOST        restic tag app=<app>, stable --host
#   BACKUP_PVCS                    space-separated <volume>=<mount path> (read-only PVC mounts)
#   BACKUP_BUCKETS                 space-separated S3 buckets, copied to s3:<BACKUP_BUCKET>/buckets/<bucket>
#   BACKUP_BUCKET                  the app's backup bucket
#   BACKUP_ALLOW_EMPTY             "true": an empty source (volume, bucket, 0-byte dump) is a success;
#                                  otherwise an empty volume is skipped (EMPTY), or FAILED when its last
#                                  snapshot held files, and a 0-byte dump is FAILED
#   BACKUP_DUMPS                   space-separated <name>=<engine> (postgres, mariadb, sqlite, command); dump
#                                  number i (from 1) reads BACKUP_DUMP_<i>_FILE (its stable name in the
#                                  snapshot), _TIMEOUT, _HOST, _PORT, _DATABASE, _USER, _PASSWORD (from a
#                                  Secret), _PATH (sqlite: the database file), _COMMAND (command: sh -c)
#   RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, AWS_*   read by restic itself
#   RESTIC_CACERT                  CA bundle file (passed as --cacert: restic 0.14 ignores the env var)
#   RESTIC_RETRY_LOCK              e.g. 5m; used only when this restic knows --retry-lock (0.16+)
#   RESTIC_KEEP_DAILY/WEEKLY/MONTHLY/YEARLY   forget policy (0 = rule unused)
#   RCLONE_CONFIG_S3_*, RCLONE_CA_CERT         the rclone remote "s3", from env only
#   BACKUP_TERMINATION_LOG         where "bytes_added=<n>" and, unless all went well,
#                                  "outcome=<failed|partial|empty> reason=<r>[,<r>...]" are written at the end
#                                  (default /dev/termination-log, the kubelet's termination message; the
#                                  reconciler reads it for gitops_backup_app_last_bytes_added and `status`)
# Every outcome is one line starting with OK, EMPTY, PARTIAL, FAILED, SKIP or RESULT.
# Exit: 0 success, 1 failed, 3 partial (restic exit 3: some files unreadable), 4 empty source.
# Retention (forget --prune) runs only after a full success: never after a failed, partial or empty run.
# -u: a missing variable is a bug, not an empty string; -f: lists are split on spaces, never globbed.
set -u -f

status=0
# Why the run is not a success: short words (empty-dump, dump-failed, emptied-volume...), comma-separated.
reasons=
# Bytes restic added to the repository, summed over volumes. Bucket copies (rclone) are not counted.
bytes_added=0

# Keep the worst outcome: failed (1) over partial (3) over empty (4) over success (0); $2 is the reason.
worse() {
  case ",${reasons}," in
    *",${2:-}",*) ;;
    *) reasons=${reasons:+${reasons},}${2:-} ;;
  esac
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

uses_restic=
if [ -n "${BACKUP_PVCS:-}${BACKUP_DUMPS:-}" ]; then uses_restic=yes; fi

# Whether the newest snapshot of volume $1 holds a file: prints yes, no (none, or no file), or fails.
# Asked only when the volume is empty now, so listing that snapshot's tree is rare.
had_files() {
  if ! snap=$(run_restic snapshots --json --host "$BACKUP_HOST" --tag "app=${BACKUP_APP},volume=$1" --latest 1); then
    return 1
  fi
  id=$(printf '%s' "$snap" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
  if [ -z "$id" ]; then echo no; return 0; fi
  if ! listing=$(mktemp "${TMPDIR:-/tmp}/restic-ls.XXXXXX"); then return 1; fi
  if ! run_restic ls --json "$id" >"$listing"; then rm -f -- "$listing"; return 1; fi
  if grep -q -e '"type":"file"' "$listing"; then echo yes; else echo no; fi
  rm -f -- "$listing"
}

if [ -n "$uses_restic" ]; then
  if ! run_restic cat config >/dev/null 2>&1; then
    echo "INIT repository=${RESTIC_REPOSITORY}"
    if ! run_restic init; then
      echo "FAILED repository=${RESTIC_REPOSITORY}: cannot open or create it"
      echo "RESULT status=failed app=${BACKUP_APP}"
      if [ -f "${BACKUP_TERMINATION_LOG:-/dev/termination-log}" ]; then
        echo "outcome=failed reason=repository" >"${BACKUP_TERMINATION_LOG:-/dev/termination-log}" 2>/dev/null || true
      fi
      exit 1
    fi
  fi
fi

for entry in ${BACKUP_PVCS:-}; do
  volume=${entry%%=*}
  path=${entry#*=}
  if [ ! -d "$path" ]; then
    echo "FAILED volume=${volume}: ${path} is not a directory"
    worse 1 volume-missing
    continue
  fi
  if ! ls -A -- "$path" >/dev/null; then
    echo "FAILED volume=${volume}: cannot list ${path}"
    worse 1 volume-unreadable
    continue
  fi
  if [ -z "$(first_entry "$path")" ]; then
    if [ "${BACKUP_ALLOW_EMPTY:-false}" != true ]; then
      # Emptied since the last backup (a wrong mount, a wiped volume): a failure, so retention
      # never replaces the good snapshots with nothing. Never held data: just reported.
      if ! had=$(had_files "$volume"); then
        echo "FAILED volume=${volume}: ${path} holds no files and its last snapshot cannot be read"
        worse 1 volume-unchecked
      elif [ "$had" = yes ]; then
        echo "FAILED volume=${volume}: ${path} holds no files, but its last snapshot did; not backed up (allowEmpty: true accepts this)"
        worse 1 emptied-volume
      else
        echo "EMPTY volume=${volume}: ${path} holds no files; not backed up"
        worse 4 empty-volume
      fi
      continue
    fi
    echo "EMPTY volume=${volume}: ${path} holds no files; backing it up as allowed"
  fi
  # --json into a file, not a pipe: without pipefail a pipe would hide restic's exit code.
  # Errors still go to stderr; the progress lines stay in the file.
  if ! out=$(mktemp "${TMPDIR:-/tmp}/restic-backup.XXXXXX"); then
    echo "FAILED volume=${volume}: cannot create a temp file in ${TMPDIR:-/tmp}"
    worse 1 tmp
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
       worse 3 unreadable-files ;;
    *) echo "FAILED volume=${volume}: restic backup exited ${rc}"
       worse 1 restic-failed ;;
  esac
done

# Writes dump number $1 (engine $2) on stdout; its exit status is the dump's. Passwords go to the
# tool's environment only (PGPASSWORD, MYSQL_PWD, DUMP_PASSWORD), never its arguments.
dump_stream() {
  eval "file=\${BACKUP_DUMP_$1_FILE} limit=\${BACKUP_DUMP_$1_TIMEOUT:-1h} host=\${BACKUP_DUMP_$1_HOST:-} port=\${BACKUP_DUMP_$1_PORT:-}"
  eval "database=\${BACKUP_DUMP_$1_DATABASE:-} user=\${BACKUP_DUMP_$1_USER:-} password=\${BACKUP_DUMP_$1_PASSWORD:-}"
  eval "db_path=\${BACKUP_DUMP_$1_PATH:-} command=\${BACKUP_DUMP_$1_COMMAND:-}"
  case "$2" in
    postgres)
      PGPASSWORD=$password PGCONNECT_TIMEOUT=30 timeout -k 30s "$limit" pg_dump --no-password \
        --host "$host" --port "${port:-5432}" --username "$user" --dbname "$database" ;;
    mariadb)
      MYSQL_PWD=$password timeout -k 30s "$limit" mariadb-dump --single-transaction --skip-dump-date \
        --host "$host" --port "${port:-3306}" --user "$user" "$database" ;;
    sqlite)
      # The online backup API copies a consistent state even while the app writes; then the copy
      # must pass integrity_check before it is stored.
      if [ ! -f "$db_path" ]; then
        echo "no database file ${db_path}" >&2
        return 66
      fi
      copy=${TMPDIR:-/tmp}/sqlite-$$-$1.db
      rm -f -- "$copy"
      timeout -k 30s "$limit" sqlite3 -bail -cmd '.timeout 30000' "$db_path" ".backup '${copy}'" || { rc=$?; rm -f -- "$copy"; return "$rc"; }
      check=$(sqlite3 "$copy" 'PRAGMA integrity_check;')
      if [ "$check" != ok ]; then
        echo "integrity_check of the copy: ${check}" >&2
        rm -f -- "$copy"
        return 65
      fi
      cat -- "$copy"
      rc=$?
      rm -f -- "$copy"
      return "$rc" ;;
    command)
      DUMP_PASSWORD=$password timeout -k 30s "$limit" sh -c "$command" ;;
    *)
      echo "unknown engine $2" >&2
      return 64 ;;
  esac
}

i=0
for entry in ${BACKUP_DUMPS:-}; do
  i=$((i + 1))
  dump=${entry%%=*}
  engine=${entry#*=}
  eval "file=\${BACKUP_DUMP_${i}_FILE} limit=\${BACKUP_DUMP_${i}_TIMEOUT:-1h}"
  if ! out=$(mktemp "${TMPDIR:-/tmp}/restic-dump.XXXXXX") || ! rcfile=$(mktemp "${TMPDIR:-/tmp}/dump-rc.XXXXXX") \
    || ! errors=$(mktemp "${TMPDIR:-/tmp}/restic-err.XXXXXX"); then
    echo "FAILED dump=${dump}: cannot create a temp file in ${TMPDIR:-/tmp}"
    worse 1 tmp
    continue
  fi
  # No pipefail in POSIX sh: the dump's own exit code goes through a file, restic's is the pipe's.
  echo 255 >"$rcfile"
  { dump_stream "$i" "$engine"; echo "$?" >"$rcfile"; } \
    | run_restic backup --stdin --stdin-filename "$file" --json --host "$BACKUP_HOST" --tag "app=${BACKUP_APP}" --tag "dump=${dump}" >"$out" 2>"$errors"
  rc=$?
  dump_rc=$(cat -- "$rcfile")
  summary=$(grep -e '"message_type":"summary"' "$out" | tail -n 1)
  cat -- "$errors" >&2
  # restic before 0.16 refuses an empty stdin ("snapshot is empty") instead of saving 0 bytes.
  refused_empty=
  if [ "$rc" != 0 ] && [ "$dump_rc" = 0 ] && grep -q -e 'snapshot is empty' "$errors"; then refused_empty=yes; fi
  rm -f -- "$out" "$rcfile" "$errors"
  added=$(field "$summary" data_added)
  size=$(field "$summary" total_bytes_processed)
  snapshot=$(printf '%s' "$summary" | sed -n 's/.*"snapshot_id":"\([0-9a-f]*\)".*/\1/p')
  bytes_added=$((bytes_added + ${added:-0}))
  why=
  if [ -n "$refused_empty" ] && [ "${BACKUP_ALLOW_EMPTY:-false}" = true ]; then
    echo "OK dump=${dump} ${file}: 0 bytes (empty, as allowed); restic stores no empty snapshot"
  elif [ -n "$refused_empty" ]; then
    why="the ${engine} dump is empty (0 bytes; allowEmpty: true accepts this)"
    worse 1 empty-dump
  elif [ "$rc" != 0 ] && { [ "$dump_rc" = 0 ] || [ "$dump_rc" = 141 ]; }; then
    # 141: the dump got SIGPIPE because restic stopped reading.
    echo "FAILED dump=${dump}: restic backup exited ${rc}"
    worse 1 restic-failed
  elif [ "$dump_rc" = 124 ] || [ "$dump_rc" = 137 ]; then
    why="the ${engine} dump ran past its timeout (${limit})"
    worse 1 dump-timeout
  elif [ "$dump_rc" != 0 ]; then
    why="the ${engine} dump exited ${dump_rc}"
    worse 1 dump-failed
  elif [ "${size:-0}" = 0 ] && [ "${BACKUP_ALLOW_EMPTY:-false}" != true ]; then
    why="the ${engine} dump is empty (0 bytes; allowEmpty: true accepts this)"
    worse 1 empty-dump
  else
    echo "OK dump=${dump} ${file}: ${size:-0} bytes, ${added:-0} bytes added to the repository"
  fi
  # A cut or empty stream was stored as a snapshot all the same: remove it, so `restore` and the
  # drill never take it for the latest dump (forget without --prune; the data goes with retention).
  if [ -n "$why" ]; then
    if [ -n "$snapshot" ] && run_restic forget "$snapshot" >/dev/null; then
      echo "FAILED dump=${dump}: ${why}; its incomplete snapshot ${snapshot} was removed"
    elif [ -n "$snapshot" ]; then
      echo "FAILED dump=${dump}: ${why}; removing its incomplete snapshot ${snapshot} failed"
    else
      echo "FAILED dump=${dump}: ${why}"
    fi
  fi
done

for bucket in ${BACKUP_BUCKETS:-}; do
  # A full count, not a one-level listing: some S3 servers list nested prefixes poorly.
  if ! size=$(rclone size --json "s3:${bucket}"); then
    echo "FAILED volume=${bucket}: cannot list bucket ${bucket}"
    worse 1 bucket-unreadable
    continue
  fi
  count=$(printf '%s' "$size" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
  if [ "${count:-0}" = 0 ] && [ "${BACKUP_ALLOW_EMPTY:-false}" != true ]; then
    echo "EMPTY volume=${bucket}: bucket ${bucket} holds no objects; not copied"
    worse 4 empty-bucket
    continue
  fi
  # copy, never sync: a bucket emptied by mistake must not empty its backup. --fast-list: one
  # recursive listing (fewer S3 requests, and correct on servers whose delimiter listing is weak).
  if rclone copy --fast-list "s3:${bucket}" "s3:${BACKUP_BUCKET}/buckets/${bucket}"; then
    echo "OK volume=${bucket} copied to ${BACKUP_BUCKET}/buckets/${bucket} (${count:-0} objects in the source)"
  else
    echo "FAILED volume=${bucket}: rclone copy exited $?"
    worse 1 copy-failed
  fi
done

if [ -n "$uses_restic" ]; then
  if [ "$status" != 0 ]; then
    echo "SKIP forget: the run was not a full success (${reasons}); every snapshot is kept"
  else
    set --
    if [ "${RESTIC_KEEP_DAILY:-0}" -gt 0 ]; then set -- "$@" --keep-daily "$RESTIC_KEEP_DAILY"; fi
    if [ "${RESTIC_KEEP_WEEKLY:-0}" -gt 0 ]; then set -- "$@" --keep-weekly "$RESTIC_KEEP_WEEKLY"; fi
    if [ "${RESTIC_KEEP_MONTHLY:-0}" -gt 0 ]; then set -- "$@" --keep-monthly "$RESTIC_KEEP_MONTHLY"; fi
    if [ "${RESTIC_KEEP_YEARLY:-0}" -gt 0 ]; then set -- "$@" --keep-yearly "$RESTIC_KEEP_YEARLY"; fi
    if [ "$#" -eq 0 ]; then
      echo "FAILED forget: the retention policy keeps nothing; refusing to forget"
      worse 1 retention
    elif run_restic forget --host "$BACKUP_HOST" --tag "app=${BACKUP_APP}" --group-by host,tags --prune "$@"; then
      echo "OK forget $*"
    else
      echo "FAILED forget: restic forget exited $?"
      worse 1 forget-failed
    fi
  fi
fi

case "$status" in
  0) outcome= ;;
  3) outcome=partial ;;
  4) outcome=empty ;;
  *) outcome=failed ;;
esac

# bytes_added only when restic ran (a bucket-only app adds nothing to a restic repository). The
# kubelet creates the file; anywhere else (a test, a shell) it may be absent: skip silently.
termination_log=${BACKUP_TERMINATION_LOG:-/dev/termination-log}
if [ -f "$termination_log" ] && [ -w "$termination_log" ]; then
  {
    if [ -n "$uses_restic" ]; then echo "bytes_added=${bytes_added}"; fi
    if [ -n "$outcome" ]; then echo "outcome=${outcome} reason=${reasons}"; fi
  } >"$termination_log" 2>/dev/null || true
fi

case "$status" in
  0) echo "RESULT status=success app=${BACKUP_APP}" ;;
  3) echo "RESULT status=partial app=${BACKUP_APP} reason=${reasons}: some files were not readable" ;;
  4) echo "RESULT status=empty app=${BACKUP_APP} reason=${reasons}: a source was empty" ;;
  *) echo "RESULT status=failed app=${BACKUP_APP} reason=${reasons}" ;;
esac
exit "$status"
