# gitops-backup: the external-clone Job's script (POSIX sh). Every parameter comes from the
# environment the renderer sets; S3 credentials arrive as env from a Secret, never as arguments.
#   CLONE_MODE          device: mount CLONE_DEVICE on CLONE_ROOT for this run only; volume: CLONE_ROOT is a mounted PVC
#   CLONE_DEVICE, CLONE_FSTYPE   device mode: the block device and its filesystem
#   CLONE_DISK_UUID     device mode, optional: the filesystem UUID the device must carry (checked before mounting)
#   CLONE_ROOT          where the disk is (the mount point)
#   CLONE_DISK_ID       the id the disk's marker file <root>/.gitops-backup-disk must carry (gitops-backup disk init);
#                       a marker that names a filesystem UUID must be on that filesystem (not a copied marker)
#   CLONE_TARGET_PATH   folder on the disk; each bucket lands in <root>/<target>/<bucket>
#   CLONE_BUCKETS       space-separated buckets to copy
#   CLONE_SYNC          "true": rclone sync --max-delete CLONE_MAX_DELETE (deletes on the disk); else copy
#   CLONE_VERIFY        hash: rclone check compares sizes and hashes; size: sizes only
#   RCLONE_CONFIG_S3_*, RCLONE_CA_CERT   the rclone remote "s3", from env only
#   CLONE_TERMINATION_LOG   where "outcome=<partial|refused|failed> reason=<r>[,<r>...]" is written unless all
#                       went well (default /dev/termination-log, the kubelet's termination message; the
#                       reconciler reads it for `status`, the night's notifications and events)
# Nothing is written unless the target is a mount point, not on the root filesystem, carries the
# marker with CLONE_DISK_ID, and has room for what the buckets hold beyond what is already there.
# Every run writes <root>/<target>/_manifests/<time>.json ('_' is never in a bucket name).
# Every outcome is one line starting with OK, SKIP, PARTIAL, FAILED, REFUSED or RESULT.
# Exit: 0 success, 1 failed, 3 partial (the disk filled up during the copy), 5 refused (nothing written).
# -u: a missing variable is a bug, not an empty string; -f: lists are split on spaces, never globbed.
set -u -f

status=0
reasons=""
mounted=no
manifest=""
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log="${TMPDIR:-/tmp}/clone-$$.log"
marker_name=.gitops-backup-disk

# Adds a reason (a word of [a-z-]) for the termination message, once.
because() {
  case ",${reasons}," in
    *",$1,"*) ;;
    *) reasons="${reasons:+${reasons},}$1" ;;
  esac
}

# Keep the worst outcome: failed (1) over partial (3) over success (0); $2 says why.
worse() {
  case "$1" in
    1) status=1 ;;
    3) [ "$status" = 0 ] && status=3 ;;
  esac
  because "$2"
}

# Nothing written yet: say why ($1 for people, $2 a reason word) and stop with exit 5.
refuse() {
  echo "REFUSED $1"
  echo "RESULT status=refused: nothing was copied"
  because "$2"
  status=5
  exit 5
}

# Stop at once as failed ($1 for people, $2 a reason word).
fail() {
  echo "FAILED $1"
  because "$2"
  status=1
  exit 1
}

# The UUID of the filesystem on the disk, or nothing when this pod cannot read it. Device mode:
# probed on the device it mounted. Volume mode: the device behind the mount, when the pod can read
# it (a privileged or host run); an unprivileged pod cannot, and the marker's id stands alone.
filesystem_uuid() {
  if [ "${CLONE_MODE}" = device ]; then
    blkid -p -s UUID -o value "${CLONE_DEVICE}" 2>/dev/null
    return
  fi
  # mountinfo: id parent dev root <mount point> options [optional...] - <fstype> <source> super; the last mount on the point wins.
  source=""
  while read -r _ _ _ _ point rest; do
    if [ "$point" = "$1" ]; then
      source=${rest#* - }
      source=${source#* }
      source=${source%% *}
    fi
  done </proc/self/mountinfo
  case "$source" in
    /dev/*) [ -r "$source" ] && blkid -p -s UUID -o value "$source" 2>/dev/null ;;
  esac
}

# Prints the number after "<name>": in rclone's --json (nothing when absent).
json_number() {
  sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" "$2" | head -n 1
}

# True when rclone's log says the disk ran out of blocks or inodes.
disk_full() {
  grep -qi "no space left on device" "$1"
}

# Unmount on every way out (success, failure, signal), so the disk is mounted only while copying;
# then tell the reconciler how it ended, unless all went well. The kubelet creates the termination
# log; anywhere else (a test, a shell) it may be absent: skip silently.
cleanup() {
  rm -f "$log" "$log.size"
  if [ "$mounted" = yes ]; then
    sync
    if umount "$CLONE_ROOT"; then
      echo "UNMOUNTED ${CLONE_DEVICE}"
    else
      echo "FAILED unmount of ${CLONE_ROOT}"
      status=1
      because unmount
    fi
  fi
  termination_log=${CLONE_TERMINATION_LOG:-/dev/termination-log}
  if [ "$status" != 0 ] && [ -f "$termination_log" ] && [ -w "$termination_log" ]; then
    case "$status" in
      3) word=partial ;;
      5) word=refused ;;
      *) word=failed ;;
    esac
    echo "outcome=${word} reason=${reasons}" >"$termination_log" 2>/dev/null || true
  fi
}
trap 'cleanup; exit "$status"' EXIT
trap 'status=1; because signal; exit 1' INT TERM HUP

if [ "${CLONE_MODE}" = device ]; then
  if [ -n "${CLONE_DISK_UUID:-}" ]; then
    # -p probes the device itself: no cache that could still describe yesterday's disk.
    uuid=$(blkid -p -s UUID -o value "${CLONE_DEVICE}" 2>/dev/null)
    if [ "$uuid" != "${CLONE_DISK_UUID}" ]; then
      refuse "${CLONE_DEVICE} has filesystem UUID '${uuid}', expected '${CLONE_DISK_UUID}': not the expected disk" device-uuid
    fi
  fi
  mkdir -p "$CLONE_ROOT"
  # Nothing on the backup disk is ever executed or trusted as a device.
  if ! mount -t "${CLONE_FSTYPE}" -o nosuid,nodev,noexec "${CLONE_DEVICE}" "$CLONE_ROOT"; then
    fail "mount of ${CLONE_DEVICE} on ${CLONE_ROOT}" mount
  fi
  mounted=yes
  echo "MOUNTED ${CLONE_DEVICE} on ${CLONE_ROOT}"
fi

# The disk itself, before anything is written: a folder left behind by an unmounted disk, the
# node's root filesystem or another disk would otherwise fill up with a copy nobody expects there.
root=$(cd "$CLONE_ROOT" 2>/dev/null && pwd -P) || refuse "${CLONE_ROOT} is not a directory" not-a-directory
if ! cut -d ' ' -f 5 /proc/self/mountinfo | grep -qxF "$root"; then
  refuse "${CLONE_ROOT} is not a mount point: the disk is not mounted there" not-mounted
fi
if [ "$(stat -c %d "$root")" = "$(stat -c %d /)" ]; then
  refuse "${CLONE_ROOT} is on the root filesystem, not on an external disk" root-filesystem
fi
if [ ! -f "$root/$marker_name" ]; then
  refuse "${CLONE_ROOT} has no ${marker_name}: not a disk marked by 'gitops-backup disk init'" no-marker
fi
found=$(sed -n 's/^id=//p' "$root/$marker_name" | head -n 1)
if [ "$found" != "${CLONE_DISK_ID}" ]; then
  refuse "${CLONE_ROOT} is disk '${found}', expected '${CLONE_DISK_ID}': not the expected disk" wrong-disk
fi
# disk init wrote the UUID of the filesystem it marked: a marker copied onto another disk names
# another filesystem. In device mode the device's UUID is already CLONE_DISK_UUID (when set), so the
# marker's must be too.
marked_uuid=$(sed -n 's/^filesystemUuid=//p' "$root/$marker_name" | head -n 1)
if [ -n "$marked_uuid" ]; then
  actual_uuid=$(filesystem_uuid "$root")
  if [ -z "$actual_uuid" ]; then
    echo "SKIP filesystem UUID check: this pod cannot read the UUID of the filesystem at ${CLONE_ROOT}"
  elif [ "$actual_uuid" != "$marked_uuid" ]; then
    refuse "${CLONE_ROOT} is filesystem '${actual_uuid}' but its ${marker_name} was written on '${marked_uuid}': a marker copied from another disk (if this is the disk, run 'gitops-backup disk init --force' on it)" marker-uuid
  else
    echo "OK filesystem UUID ${actual_uuid} is the one in ${marker_name}"
  fi
fi
if [ ! -w "$root" ]; then
  fail "${CLONE_ROOT} is not writable" not-writable
fi
echo "OK disk=${CLONE_DISK_ID} at ${CLONE_ROOT}"

# What each bucket holds, and what it adds beyond what the disk has of it already (an estimate:
# changed files and filesystem overhead are not counted; a disk that still fills up is PARTIAL).
# plan: space-separated bucket:objects:bytes (bucket names never hold a ':').
plan=""
entries=""
needed=0
add_entry() { # bucket objects bytes copy check differences
  entries="${entries}$([ -n "$entries" ] && echo ,)
    {\"name\": \"$1\", \"objects\": $2, \"bytes\": $3, \"copy\": \"$4\", \"check\": \"$5\", \"differences\": $6}"
}
for bucket in ${CLONE_BUCKETS:-}; do
  if ! rclone size --json --fast-list "s3:${bucket}" >"$log.size" 2>"$log"; then
    echo "FAILED bucket=${bucket}: cannot list it: $(tail -n 1 "$log")"
    worse 1 list
    add_entry "$bucket" 0 0 failed skipped 0
    continue
  fi
  objects=$(json_number count "$log.size")
  bytes=$(json_number bytes "$log.size")
  have=0
  target="${root}/${CLONE_TARGET_PATH}/${bucket}"
  if [ -d "$target" ] && rclone size --json "$target" >"$log.size" 2>/dev/null; then
    have=$(json_number bytes "$log.size")
  fi
  if [ "${bytes:-0}" -gt "${have:-0}" ]; then
    needed=$((needed + bytes - have))
  fi
  plan="$plan $bucket:${objects:-0}:${bytes:-0}"
done

free=$(($(stat -f -c %a "$root") * $(stat -f -c %S "$root")))
if [ "$needed" -gt "$free" ]; then
  refuse "${CLONE_ROOT} has ${free} bytes free, the copy needs about ${needed}: make room or use a bigger disk" no-space
fi
echo "OK space: ${needed} bytes to copy, ${free} free"

# One manifest per run, written first as "running" so a crash leaves a trace, and rewritten in
# place at the end (no new inode or block needed on a disk that is full by then).
manifest_dir="${root}/${CLONE_TARGET_PATH}/_manifests"
manifest="${manifest_dir}/$(date -u +%Y-%m-%dT%H%M%SZ).json"
write_manifest() {
  {
    printf '{\n  "disk": "%s",\n  "started": "%s",\n  "finished": %s,\n' "$CLONE_DISK_ID" "$started" "$2"
    printf '  "mode": "%s",\n  "verify": "%s",\n  "outcome": "%s",\n  "buckets": [' \
      "$([ "${CLONE_SYNC:-false}" = true ] && echo sync || echo copy)" "${CLONE_VERIFY:-hash}" "$1"
    printf '%s' "$entries"
    [ -n "$entries" ] && printf '\n  '
    printf ']\n}\n'
  } >"$manifest"
}
if ! mkdir -p "$manifest_dir" || ! write_manifest running null; then
  fail "cannot write the manifest ${manifest}" manifest
fi

full=no
for item in $plan; do
  bucket=${item%%:*}
  rest=${item#*:}
  objects=${rest%%:*}
  bytes=${rest#*:}
  target="${root}/${CLONE_TARGET_PATH}/${bucket}"
  check=skipped
  differences=0
  if [ "$full" = yes ]; then
    copy=skipped
    echo "PARTIAL bucket=${bucket}: not copied, the disk is full"
  else
    if ! mkdir -p "$target" 2>"$log"; then
      rc=mkdir
    elif [ "${CLONE_SYNC:-false}" = true ]; then
      # sync deletes on the disk what is gone from the bucket: never more than CLONE_MAX_DELETE files.
      rclone sync --fast-list --max-delete "${CLONE_MAX_DELETE}" "s3:${bucket}" "$target" >"$log" 2>&1
      rc=$?
    else
      rclone copy --fast-list "s3:${bucket}" "$target" >"$log" 2>&1
      rc=$?
    fi
    if [ "$rc" = 0 ]; then
      copy=ok
      echo "OK bucket=${bucket} to ${target}: ${objects} objects, ${bytes} bytes"
    elif disk_full "$log"; then
      # Out of blocks or inodes: every later bucket would fail the same way, so stop copying.
      copy=partial
      full=yes
      worse 3 disk-full
      echo "PARTIAL bucket=${bucket}: the disk is full (No space left on device); the rest of it and the buckets after it are not copied"
    else
      copy=failed
      worse 1 copy
      cat "$log" >&2
      echo "FAILED bucket=${bucket}: $([ "$rc" = mkdir ] && echo "cannot create ${target}" || echo "rclone exited ${rc}")"
    fi
  fi

  # Only a complete copy is checked: the bucket, one way, against the disk (files on the disk the
  # bucket no longer has are kept by copy and are no difference).
  if [ "$copy" = ok ]; then
    size_only=""
    [ "${CLONE_VERIFY:-hash}" = size ] && size_only=--size-only
    # shellcheck disable=SC2086 # size_only is one flag or nothing
    if rclone check --one-way $size_only --fast-list "s3:${bucket}" "$target" >"$log" 2>&1; then
      check=ok
      echo "OK check bucket=${bucket}: every object is on the disk with the same $([ -n "$size_only" ] && echo size || echo "size and hash")"
    else
      differences=$(sed -n 's/.* \([0-9][0-9]*\) differences found.*/\1/p' "$log" | head -n 1)
      check=differences
      worse 1 check
      cat "$log" >&2
      echo "FAILED check bucket=${bucket}: ${differences:-?} differences between the bucket and the disk"
    fi
  fi
  add_entry "$bucket" "$objects" "$bytes" "$copy" "$check" "${differences:-0}"
done

case "$status" in
  0) outcome=success ;;
  3) outcome=partial ;;
  *) outcome=failed ;;
esac
if write_manifest "$outcome" "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"" 2>"$log"; then
  echo "OK manifest ${manifest}"
else
  echo "FAILED manifest ${manifest} not written: $(tail -n 1 "$log")"
  because manifest
fi

case "$status" in
  0) echo "RESULT status=success" ;;
  3) echo "RESULT status=partial: the disk is full; copied buckets are complete, the rest are not on the disk" ;;
  *) echo "RESULT status=failed" ;;
esac
exit "$status"
