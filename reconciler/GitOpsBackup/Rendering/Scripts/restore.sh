# gitops-backup: the restore Job's script (POSIX sh). Every parameter comes from the environment the
# renderer sets from the printed restore plan; credentials only arrive as env from Secrets or as files.
#   RESTORE_MODE            pvc: restic snapshot -> a mounted PVC; bucket: rclone copy of a backed-up bucket;
#                           dump: one database dump (restic dump) piped into psql, mariadb or a file
#   RESTORE_IN_PLACE        "true": the target is the live volume/bucket (the app is stopped); else it must be new and empty
#   RESTORE_STAMP           yyyyMMdd-HHmmss of the plan, names the folder the live content is moved aside to
#   pvc mode:
#     RESTORE_SNAPSHOT      the restic snapshot id chosen by the plan (never "latest": what was printed is what runs)
#     RESTORE_SOURCE_PATH   the path the snapshot holds (its "paths"), e.g. /data/<claim>
#     RESTORE_TARGET        where the target PVC is mounted (read-write)
#     RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, RESTIC_CACERT, AWS_*   read by restic
#   bucket mode:
#     BACKUP_BUCKET, RESTORE_SOURCE_BUCKET, RESTORE_TARGET_BUCKET   s3:<backup>/buckets/<source> -> s3:<target>
#     RCLONE_CONFIG_S3_*, RCLONE_CA_CERT                            the rclone remote "s3", from env only
#   dump mode:
#     RESTORE_SNAPSHOT      the dump's restic snapshot id; RESTORE_DUMP_FILE its file in the snapshot
#     RESTORE_DUMP_ENGINE   postgres, mariadb: into the database RESTORE_DUMP_DATABASE on RESTORE_DUMP_HOST
#                           (_PORT, _USER, _PASSWORD from a Secret), which must hold no table unless in place;
#                           sqlite, command: the file RESTORE_DUMP_PATH, which must not exist yet
# Every outcome is one line starting with OK, FAILED, MOVED or RESULT. Exit 0 restored, 1 failed.
# -u: a missing variable is a bug; -f: nothing is globbed (entries are listed with find).
set -u -f

fail() {
  echo "FAILED $*"
  echo "RESULT status=failed"
  exit 1
}

run_restic() {
  if [ -n "${RESTIC_CACERT:-}" ]; then set -- --cacert "$RESTIC_CACERT" "$@"; fi
  restic "$@"
}

# Moves every entry of $1 (dot files too, but not lost+found) into $2; both on one filesystem: renames, no copy.
# find -exec ... \; does not fail on a failed mv, so success is checked by what is left behind.
move_entries() {
  find "$1" -mindepth 1 -maxdepth 1 ! -name 'lost+found' ! -path "$3" -exec mv -- {} "$2"/ \; || return 1
  [ -z "$(find "$1" -mindepth 1 -maxdepth 1 ! -name 'lost+found' ! -path "$3" | head -n 1)" ]
}

first_entry() {
  ls -A -- "$1" | grep -v -x -e 'lost+found' | head -n 1
}

if [ "$RESTORE_MODE" = bucket ]; then
  source="s3:${BACKUP_BUCKET}/buckets/${RESTORE_SOURCE_BUCKET}"
  target="s3:${RESTORE_TARGET_BUCKET}"
  echo "START bucket ${source} -> ${target} in_place=${RESTORE_IN_PLACE}"
  if ! count=$(rclone size --json "$source"); then
    fail "cannot list ${source}"
  fi
  echo "SOURCE $count"
  if [ "$RESTORE_IN_PLACE" != true ] && ! rclone mkdir "$target"; then
    fail "cannot create bucket ${RESTORE_TARGET_BUCKET}"
  fi
  if [ "$RESTORE_IN_PLACE" != true ] && [ -n "$(rclone lsf --max-depth 1 "$target" | head -n 1)" ]; then
    fail "bucket ${RESTORE_TARGET_BUCKET} is not empty; restore into a new bucket, or pass --in-place to write over the live one"
  fi
  # copy, never sync: objects the backup does not have are left alone.
  if ! rclone copy --fast-list "$source" "$target"; then
    fail "rclone copy exited non-zero"
  fi
  if ! rclone check --one-way --fast-list "$source" "$target"; then
    fail "rclone check: the copy differs from the backup"
  fi
  echo "OK bucket ${RESTORE_SOURCE_BUCKET} restored to ${RESTORE_TARGET_BUCKET}"
  echo "RESULT status=restored"
  exit 0
fi

if [ "$RESTORE_MODE" = dump ]; then
  engine=$RESTORE_DUMP_ENGINE
  echo "START dump snapshot=${RESTORE_SNAPSHOT} file=${RESTORE_DUMP_FILE} engine=${engine} in_place=${RESTORE_IN_PLACE}"
  run_restic cat config >/dev/null || fail "cannot open repository ${RESTIC_REPOSITORY}"
  # SQL on stdin; the password in the client's environment only.
  sql() {
    case "$engine" in
      postgres) PGPASSWORD=${RESTORE_DUMP_PASSWORD:-} psql --no-password --quiet --no-psqlrc -v ON_ERROR_STOP=1 \
          --host "$RESTORE_DUMP_HOST" --port "${RESTORE_DUMP_PORT:-5432}" --username "$RESTORE_DUMP_USER" --dbname "$RESTORE_DUMP_DATABASE" "$@" ;;
      mariadb) MYSQL_PWD=${RESTORE_DUMP_PASSWORD:-} mariadb --batch --skip-column-names \
          --host "$RESTORE_DUMP_HOST" --port "${RESTORE_DUMP_PORT:-3306}" --user "$RESTORE_DUMP_USER" "$RESTORE_DUMP_DATABASE" ;;
    esac
  }
  rcfile=$(mktemp "${TMPDIR:-/tmp}/restic-dump-rc.XXXXXX") || fail "cannot create a temp file"
  case "$engine" in
    postgres|mariadb)
      if [ "$engine" = postgres ]; then
        tables=$(echo "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema');" | sql --tuples-only --no-align) \
          || fail "cannot connect to database ${RESTORE_DUMP_DATABASE} on ${RESTORE_DUMP_HOST}"
      else
        tables=$(echo "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE();" | sql) \
          || fail "cannot connect to database ${RESTORE_DUMP_DATABASE} on ${RESTORE_DUMP_HOST}"
      fi
      if [ "$RESTORE_IN_PLACE" != true ] && [ "$tables" != 0 ]; then
        fail "database ${RESTORE_DUMP_DATABASE} already holds ${tables} tables; restore into a new, empty database unless --in-place"
      fi
      # No pipefail in POSIX sh: restic's exit code goes through a file, the client's is the pipe's.
      { run_restic dump "$RESTORE_SNAPSHOT" "/${RESTORE_DUMP_FILE}"; echo "$?" >"$rcfile"; } | if [ "$engine" = postgres ]; then sql --single-transaction >/dev/null; else sql; fi
      client=$?
      ;;
    *)
      [ ! -e "$RESTORE_DUMP_PATH" ] || fail "${RESTORE_DUMP_PATH} exists; a dump is restored next to the live file, never over it"
      run_restic dump "$RESTORE_SNAPSHOT" "/${RESTORE_DUMP_FILE}" >"$RESTORE_DUMP_PATH"
      echo "$?" >"$rcfile"
      client=0
      if [ "$engine" = sqlite ] && [ "$(sqlite3 "$RESTORE_DUMP_PATH" 'PRAGMA integrity_check;')" != ok ]; then
        client=1
      fi
      ;;
  esac
  dumped=$(cat -- "$rcfile")
  rm -f -- "$rcfile"
  [ "$dumped" = 0 ] || fail "restic dump exited ${dumped}"
  [ "$client" = 0 ] || fail "loading the dump into ${engine} failed (exit ${client})"
  echo "OK restored dump ${RESTORE_DUMP_FILE} of snapshot ${RESTORE_SNAPSHOT} (${engine})"
  echo "RESULT status=restored"
  exit 0
fi

echo "START snapshot=${RESTORE_SNAPSHOT} path=${RESTORE_SOURCE_PATH} target=${RESTORE_TARGET} in_place=${RESTORE_IN_PLACE}"
[ -d "$RESTORE_TARGET" ] || fail "${RESTORE_TARGET} is not a directory"
[ -w "$RESTORE_TARGET" ] || fail "${RESTORE_TARGET} is not writable by uid $(id -u)"
run_restic cat config >/dev/null || fail "cannot open repository ${RESTIC_REPOSITORY}"

aside="${RESTORE_TARGET}/.gitops-backup-replaced-${RESTORE_STAMP}"
staging="${RESTORE_TARGET}/.gitops-backup-staging"
if [ "$RESTORE_IN_PLACE" = true ]; then
  # The live content is renamed aside on the same volume, never deleted: undo is a move back.
  mkdir "$aside" || fail "cannot create ${aside}"
  move_entries "$RESTORE_TARGET" "$aside" "$aside" || fail "cannot move the current content aside"
  echo "MOVED the current content to ${aside}; delete it once the restore is good"
elif [ -n "$(first_entry "$RESTORE_TARGET")" ]; then
  fail "${RESTORE_TARGET} is not empty; a restore goes into a new, empty volume unless --in-place"
fi

mkdir "$staging" || fail "cannot create ${staging}"
run_restic restore "$RESTORE_SNAPSHOT" --target "$staging" --verify || fail "restic restore exited non-zero"
restored="${staging}${RESTORE_SOURCE_PATH}"
[ -d "$restored" ] || fail "snapshot ${RESTORE_SNAPSHOT} holds no ${RESTORE_SOURCE_PATH}"
move_entries "$restored" "$RESTORE_TARGET" "$staging" || fail "cannot move the restored files into place"
rm -rf -- "$staging" || fail "cannot remove ${staging}"

files=$(find "$RESTORE_TARGET" -type f ! -path "${aside}/*" | wc -l) || fail "cannot count the restored files"
echo "OK restored snapshot ${RESTORE_SNAPSHOT} into ${RESTORE_TARGET}: ${files} files"
echo "RESULT status=restored"
exit 0
