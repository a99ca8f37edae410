# gitops-backup: the external-clone Job's script (POSIX sh). Every parameter comes from the
# environment the renderer sets; S3 credentials arrive as env from a Secret, never as arguments.
#   CLONE_MODE          device: mount CLONE_DEVICE on CLONE_ROOT for this run only; volume: CLONE_ROOT is a mounted PVC
#   CLONE_DEVICE, CLONE_FSTYPE   device mode: the block device and its filesystem
#   CLONE_ROOT          where the disk is (the mount point)
#   CLONE_TARGET_PATH   folder on the disk; each bucket lands in <root>/<target>/<bucket>
#   CLONE_BUCKETS       space-separated buckets to copy
#   CLONE_SYNC          "true": rclone sync --max-delete CLONE_MAX_DELETE (deletes on the disk); else copy
#   RCLONE_CONFIG_S3_*, RCLONE_CA_CERT   the rclone remote "s3", from env only
# Every outcome is one line starting with OK, FAILED or RESULT. Exit 0 when every bucket arrived, else 1.
# -u: a missing variable is a bug, not an empty string; -f: lists are split on spaces, never globbed.
set -u -f

status=0
mounted=no

# Unmount on every way out (success, failure, signal), so the disk is mounted only while copying.
cleanup() {
  if [ "$mounted" = yes ]; then
    sync
    if umount "$CLONE_ROOT"; then
      echo "UNMOUNTED ${CLONE_DEVICE}"
    else
      echo "FAILED unmount of ${CLONE_ROOT}"
      status=1
    fi
  fi
}
trap 'cleanup; exit "$status"' EXIT
trap 'status=1; exit 1' INT TERM HUP

if [ "${CLONE_MODE}" = device ]; then
  mkdir -p "$CLONE_ROOT"
  # Nothing on the backup disk is ever executed or trusted as a device.
  if ! mount -t "${CLONE_FSTYPE}" -o nosuid,nodev,noexec "${CLONE_DEVICE}" "$CLONE_ROOT"; then
    echo "FAILED mount of ${CLONE_DEVICE} on ${CLONE_ROOT}"
    status=1
    exit 1
  fi
  mounted=yes
  echo "MOUNTED ${CLONE_DEVICE} on ${CLONE_ROOT}"
fi

if [ ! -d "$CLONE_ROOT" ] || [ ! -w "$CLONE_ROOT" ]; then
  echo "FAILED ${CLONE_ROOT} is not a writable directory"
  status=1
  exit 1
fi

for bucket in ${CLONE_BUCKETS:-}; do
  target="${CLONE_ROOT}/${CLONE_TARGET_PATH}/${bucket}"
  mkdir -p "$target"
  if [ "${CLONE_SYNC:-false}" = true ]; then
    # sync deletes on the disk what is gone from the bucket: never more than CLONE_MAX_DELETE files.
    rclone sync --fast-list --max-delete "${CLONE_MAX_DELETE}" "s3:${bucket}" "$target"
  else
    rclone copy --fast-list "s3:${bucket}" "$target"
  fi
  rc=$?
  if [ "$rc" = 0 ]; then
    echo "OK bucket=${bucket} to ${target}"
  else
    echo "FAILED bucket=${bucket}: rclone exited ${rc}"
    status=1
  fi
done

if [ "$status" = 0 ]; then
  echo "RESULT status=success"
else
  echo "RESULT status=failed"
fi
exit "$status"
