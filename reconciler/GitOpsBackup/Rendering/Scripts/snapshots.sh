# gitops-backup: the snapshot-listing Job's script (POSIX sh). Prints the app's restic snapshots as
# one line "SNAPSHOTS <json>", then "STATS <id> <json>" per snapshot (restore size, for restic
# versions whose listing has no summary). The CLI reads these lines from the pod's log.
#   BACKUP_APP, BACKUP_HOST, RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, RESTIC_CACERT, AWS_*
set -u -f

run_restic() {
  if [ -n "${RESTIC_CACERT:-}" ]; then set -- --cacert "$RESTIC_CACERT" "$@"; fi
  restic "$@"
}

if ! listing=$(run_restic snapshots --json --host "$BACKUP_HOST" --tag "app=${BACKUP_APP}"); then
  echo "FAILED cannot list the snapshots of ${BACKUP_APP} in ${RESTIC_REPOSITORY}"
  exit 1
fi
printf 'SNAPSHOTS %s\n' "$listing"
for id in $(printf '%s' "$listing" | grep -o '"id":"[0-9a-f]*"' | cut -d '"' -f 4); do
  if stats=$(run_restic stats --json "$id"); then
    printf 'STATS %s %s\n' "$id" "$stats"
  fi
done
exit 0
