#!/usr/bin/env bash
# The gitops-backup image without a container builder (none here can pull the base images): run the
# Dockerfile's own publish command, then start the result as the image would — as uid 65532 with no
# groups, through the ENTRYPOINT, the app directory read-only, HOME and the git cache on a writable
# temp dir and nothing else writable — and check that `validate` and `run --once` (on the embedded,
# simulated cluster) succeed. `make image-check` runs it; CI runs it after `make test`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dockerfile="$root/reconciler/images/gitops-backup/Dockerfile"

# The publish line exactly as the Dockerfile has it, with only its output directory moved.
publish=$(sed -n 's|^RUN \(dotnet publish .*\) -o /app$|\1|p' "$dockerfile")
user=$(sed -n 's|^USER \([0-9]*\):\([0-9]*\)$|\1|p' "$dockerfile")
entrypoint=$(sed -n 's|^ENTRYPOINT \["\(/app/[^"]*\)"\]$|\1|p' "$dockerfile")
[ -n "$publish" ] && [ -n "$user" ] && [ -n "$entrypoint" ] || { echo "image-check: $dockerfile: no 'RUN dotnet publish ... -o /app', 'USER uid:gid' or 'ENTRYPOINT [\"/app/...\"]' line" >&2; exit 2; }

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
chmod 755 "$work"
echo "image-check: (cd $root && $publish -o <tmp>/app)"
(cd "$root" && $publish -o "$work/app" -nologo -v q)
cp -r "$root/sample-repo" "$work/sample-repo"
mkdir -p "$work/home/tmp" "$work/cache"
chmod -R a-w "$work/app" "$work/sample-repo"
app="$work/app${entrypoint#/app}"

as_image=()
if [ "$(id -u)" = 0 ]; then
  chown -R "$user:$user" "$work/home" "$work/cache"
  as_image=(setpriv --reuid="$user" --regid="$user" --clear-groups --)
else
  echo "image-check: not root, so running as $(id -u) instead of $user (the read-only layout is still checked)"
fi

run() {
  echo "image-check: gitops-backup $*"
  (cd "$work/home" && "${as_image[@]}" env -i PATH=/usr/bin:/bin HOME="$work/home" TMPDIR="$work/home/tmp" DOTNET_NOLOGO=1 "$app" "$@")
}

run validate "$work/sample-repo"
run run "$work/sample-repo" --once --cache-dir "$work/cache"
# Nothing was written outside HOME and the cache: the app and the repo are as published.
if [ -n "$(find "$work/app" "$work/sample-repo" -newer "$work/home/tmp" -print -quit)" ]; then
  echo "image-check: something wrote into the read-only app or repo directory" >&2
  exit 1
fi
echo "image-check: ok"
