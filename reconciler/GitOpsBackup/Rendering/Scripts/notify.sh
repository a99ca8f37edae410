# gitops-backup: healthchecks.io-style dead-man pings around the backup (POSIX sh). The renderer
# puts this after backup.sh wrapped as the function run_backup() ( ... ): a subshell, so backup.sh's
# own exit and set options stay inside it, and backup.sh itself is not changed.
#   BACKUP_PING_URL    the ping URL, from a Secret (never printed: it is the check's only credential)
#   BACKUP_PING_SLUG   empty: ping the URL as it is (one check); else <url>/<slug>?create=1
#   BACKUP_PING_TAIL   bytes of the log sent with the final ping (default 10240)
# Pings: <url>/start, then <url> on exit 0, or <url>/fail with the log tail on anything else.
# A ping that fails is noted and ignored: it never changes the backup's exit code. Each ping is
# bounded: 10 s per attempt, 2 retries.

ping_log="${TMPDIR:-/tmp}/backup-output.log"
ping_rc="${TMPDIR:-/tmp}/backup-exit-code"

ping_url() {
  base=${BACKUP_PING_URL%/}
  if [ -n "${BACKUP_PING_SLUG:-}" ]; then
    printf '%s/%s%s?create=1' "$base" "$BACKUP_PING_SLUG" "${1:+/$1}"
  else
    printf '%s%s' "$base" "${1:+/$1}"
  fi
}

# hc_ping <suffix> [body file]; curl's own messages are dropped: they could show the URL.
hc_ping() {
  if [ -n "${2:-}" ]; then
    tail -c "${BACKUP_PING_TAIL:-10240}" "$2" | curl -fsS -o /dev/null --max-time 10 --retry 2 --retry-max-time 30 \
      -H 'Content-Type: text/plain' --data-binary @- "$(ping_url "$1")" 2>/dev/null
  else
    curl -fsS -o /dev/null --max-time 10 --retry 2 --retry-max-time 30 "$(ping_url "$1")" 2>/dev/null
  fi
  ping_status=$?
  if [ "$ping_status" != 0 ]; then
    echo "NOTE ping ${1:-success} not delivered (curl exit ${ping_status}); the backup goes on"
  fi
  return 0
}

if [ -z "${BACKUP_PING_URL:-}" ]; then
  echo "NOTE no ping URL in the Secret; backing up without pings"
  run_backup
  exit $?
fi

hc_ping start
# The output goes to the pod's log and to a file for the tail; the exit code survives the pipe via a file.
rm -f -- "$ping_rc"
{ run_backup 2>&1; echo "$?" >"$ping_rc"; } | tee "$ping_log"
code=$(cat "$ping_rc" 2>/dev/null)
code=${code:-1}
if [ "$code" = 0 ]; then
  hc_ping "" "$ping_log"
else
  hc_ping fail "$ping_log"
fi
rm -f -- "$ping_log" "$ping_rc"
exit "$code"
