# gitops-backup: the restore Job's script (POSIX sh). Every parameter comes from the environment the
# renderer sets from the printed restore plan; credentials only arrive as env from Secrets or as files.
#   RESTORE_MODE            pvc: restic snapshot -> a mounted PVC; bucket: rclone copy of a backed-up bucket
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
