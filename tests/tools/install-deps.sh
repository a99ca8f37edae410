#!/usr/bin/env bash
# Brings what the tests need on a fresh machine: installs only what is missing (as root, with
# apt-get and npm). Safe to run again.
set -euo pipefail

need_apt=()
command -v restic >/dev/null || need_apt+=(restic)
command -v rclone >/dev/null || need_apt+=(rclone)
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v ssh >/dev/null || need_apt+=(openssh-client)
command -v ssh-keygen >/dev/null || need_apt+=(openssh-client)
command -v git >/dev/null || need_apt+=(git)
[ -x /usr/lib/git-core/git-http-backend ] || need_apt+=(git)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v kubectl >/dev/null || need_apt+=(kubernetes-client)
# The render tests run the pod script as nobody (setpriv) and mount an ext4 image on a loop device.
command -v setpriv >/dev/null || need_apt+=(util-linux)
command -v losetup >/dev/null || need_apt+=(mount)
command -v mkfs.ext4 >/dev/null || need_apt+=(e2fsprogs)
# The night page's browser tests open it in headless Chromium (DOM and screenshots).
command -v chromium >/dev/null || need_apt+=(chromium)
# The dump tests start a private PostgreSQL and MariaDB on 127.0.0.1 and use sqlite3.
[ -x "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)" ] || need_apt+=(postgresql)
command -v pg_dump >/dev/null || need_apt+=(postgresql-client)
command -v mariadbd >/dev/null || need_apt+=(mariadb-server)
command -v mariadb-dump >/dev/null || need_apt+=(mariadb-client)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
# `make bench` measures each CLI run's wall, CPU and peak memory with GNU time.
[ -x /usr/bin/time ] || need_apt+=(time)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u) >/dev/null
fi

if ! command -v s3rver >/dev/null; then
  echo "install-deps: installing s3rver (npm)"
  npm install -g --silent s3rver@3 >/dev/null
fi

echo "install-deps: restic $(restic version | awk '{print $2}'), rclone $(rclone version | head -1 | awk '{print $2}'), s3rver $(s3rver --version 2>/dev/null || echo '?'), $(git --version), kubectl $(kubectl version --client 2>/dev/null | head -1 | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1 | awk '{print $1, $2}')"
