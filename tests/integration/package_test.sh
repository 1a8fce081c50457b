#!/usr/bin/env bash
# The Debian package (make deb), built from this build and installed on this machine:
# its metadata (dependencies from the libraries the binary links, plus adduser) and contents
# (the binary, the systemd units naming /usr/bin/pregon, the settings example, nginx site,
# monitoring files, man page, copyright and changelog) are right and lintian finds nothing;
# `dpkg -i` creates the pregon user, /var/lib/pregon (0750) and /etc/pregon/pregon.env
# (0640, root:pregon); `pregon --version`, `migrate` and `doctor` run from it as the pregon
# user; installing again keeps an edited pregon.env; removing keeps the settings, purging
# removes them and keeps the data. Runs as root on the normal build only (the package is the
# release binary, and dpkg serialises installs), and never over an installed pregon.
source "$(dirname "$0")/lib.sh"

if [ "${PREGON_TEST_SANITIZED:-}" = 1 ]; then echo "skip: the package is built from the normal build"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "skip: installing a package needs root"; exit 0; fi
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/bootstrap installs it)"
done
if dpkg-query -W -f='${Status}' pregon 2>/dev/null | grep -q installed; then
  echo "skip: a pregon package is installed on this machine; not touching it"; exit 0
fi
BUILD=$(dirname "$PREGON")
version=$("$PREGON" --version | awk '{print $NF}')
had_user=$(getent passwd pregon >/dev/null && echo yes || echo no)
had_data=$([ -e /var/lib/pregon ] && echo yes || echo no)
package_cleanup() {
  set +e
  [ -n "${KEEP_W:-}" ] && cp -r "$W" /tmp/package-test-w
  cleanup  # the test's processes first: a user with a running process cannot be deleted
  dpkg -P pregon >/dev/null 2>&1
  [ "$had_data" = no ] && rm -rf /var/lib/pregon /run/pregon
  [ "$had_user" = no ] && getent passwd pregon >/dev/null && deluser --quiet --system pregon >/dev/null 2>&1
}
trap package_cleanup EXIT

# Build it into the test's directory, from the configured build.
(cd "$W" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$W/pkg" >"$W/cpack.log" 2>&1) ||
  fail "cpack: $(tail -20 "$W/cpack.log")"
deb="$W/pkg/pregon_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb: $(ls "$W/pkg")"
dpkg-deb -f "$deb" Package Version Depends Section >"$W/control"
grep -qx "Package: pregon" "$W/control" && grep -qx "Version: $version" "$W/control" ||
  fail "package name or version: $(cat "$W/control")"
for dep in adduser libc6 libsqlite3-0 libcurl4 libpqxx-6.4 libsodium23 libssl3; do
  grep -q "^Depends:.*\b$dep\b" "$W/control" || fail "Depends lacks $dep: $(cat "$W/control")"
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$W/contents"
for f in ./usr/bin/pregon ./lib/systemd/system/pregon-serve.service \
  ./lib/systemd/system/pregon-worker@.service ./usr/share/pregon/pregon.env.example \
  ./usr/share/pregon/nginx/pregon.conf ./usr/share/pregon/monitoring/pregon-alerts.yml \
  ./usr/share/pregon/monitoring/pregon-dashboard.json ./usr/share/man/man1/pregon.1.gz \
  ./usr/share/doc/pregon/copyright ./usr/share/doc/pregon/changelog.gz \
  ./usr/share/doc/pregon/docs/DEPLOY.md; do
  grep -qx "$f" "$W/contents" || fail "the package lacks $f"
done
grep -q "^./etc/" "$W/contents" && fail "the package ships /etc files: postinst creates pregon.env"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/pregon-serve.service >"$W/unit"
grep -q '^ExecStart=/usr/bin/pregon serve' "$W/unit" || fail "the unit names: $(grep Exec "$W/unit")"
echo "ok: pregon $version package: metadata and contents"
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb" >"$W/lintian.log" 2>&1 || fail "lintian: $(cat "$W/lintian.log")"
  grep -E '^(E|W): ' "$W/lintian.log" && fail "lintian findings"
  echo "ok: lintian finds no error or warning"
fi

dpkg -i "$deb" >"$W/dpkg.log" 2>&1 || fail "dpkg -i: $(cat "$W/dpkg.log")"
getent passwd pregon >/dev/null || fail "no pregon user"
[ "$(stat -c '%a %U %G' /var/lib/pregon)" = "750 pregon pregon" ] || fail "/var/lib/pregon: $(stat -c '%a %U %G' /var/lib/pregon)"
[ "$(stat -c '%a %U %G' /etc/pregon/pregon.env)" = "640 root pregon" ] || fail "pregon.env: $(stat -c '%a %U %G' /etc/pregon/pregon.env)"
[ "$(/usr/bin/pregon --version)" = "pregon $version" ] || fail "/usr/bin/pregon --version"
echo "ok: dpkg -i made the user, /var/lib/pregon 0750 and /etc/pregon/pregon.env 0640"

# The operator's edits: a database and a key, as docs/DEPLOY.md says.
cat >>/etc/pregon/pregon.env <<ENV
DATABASE_URL=sqlite:///var/lib/pregon/pregon.db
PREGON_SECRET_KEY=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
PREGON_PUBLIC_URL=https://mail.example.com
PREGON_ALLOWED_HOSTS=mail.example.com
ENV
# As docs/DEPLOY.md runs it: the pregon user in /var/lib/pregon, whose .env is the services'
# settings file (nothing of this test's environment passed on).
[ "$(readlink /var/lib/pregon/.env)" = /etc/pregon/pregon.env ] || fail "no /var/lib/pregon/.env link"
as_pregon() { (cd /var/lib/pregon && runuser -u pregon -- env -i PATH=/usr/bin:/bin "$@"); }
as_pregon /usr/bin/pregon migrate >"$W/migrate.log" 2>&1 || fail "migrate as pregon: $(cat "$W/migrate.log")"
as_pregon /usr/bin/pregon doctor >"$W/doctor.log" 2>&1 || fail "doctor from the package: $(cat "$W/doctor.log")"
grep -q '^ok       database' "$W/doctor.log" || fail "doctor: $(cat "$W/doctor.log")"
[ "$(stat -c %U /var/lib/pregon/pregon.db)" = pregon ] || fail "the database is not the pregon user's"
echo "ok: migrate and doctor run from the package as the pregon user"

# pregon-serve as its packaged unit runs it (user, groups, umask, environment, command), and
# nginx (workers as www-data) in front of it with the packaged site: the socket's permissions
# let nginx in, while www-data can read neither the settings nor the database.
unit=/lib/systemd/system/pregon-serve.service
unit_value() { sed -n "s/^$1=//p" "$unit" | tail -1; }
install -d -o "$(unit_value User)" -g "$(unit_value Group)" -m "$(unit_value RuntimeDirectoryMode)" \
  "/run/$(unit_value RuntimeDirectory)"
environment=$(sed -n 's/^Environment=//p' "$unit")
(cd "$(unit_value WorkingDirectory)" && exec setpriv --reuid="$(unit_value User)" \
  --regid="$(unit_value Group)" --groups="$(unit_value SupplementaryGroups)" env -i \
  PATH=/usr/bin:/bin $environment sh -c "umask $(unit_value UMask); set -a; . $(unit_value EnvironmentFile); set +a; exec $(unit_value ExecStart)") \
  >"$W/serve.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do [ -S /run/pregon/api.sock ] && break; sleep 0.05; done
[ -S /run/pregon/api.sock ] || fail "serve did not bind its socket: $(cat "$W/serve.log")"
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
https_port=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj /CN=mail.example.com -batch 2>/dev/null || fail "openssl req"
chmod 0644 "$W/key.pem"; chmod 0755 "$W"
mkdir -p "$W/nginx/logs"
sed -e "s|listen 80;|listen 127.0.0.1:$(free_port);|; s|listen \[::\]:80;||" \
  -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|; s|listen \[::\]:443 ssl http2;||" \
  -e "s|/etc/letsencrypt/live/mail.example.com/fullchain.pem|$W/cert.pem|" \
  -e "s|/etc/letsencrypt/live/mail.example.com/privkey.pem|$W/key.pem|" \
  /usr/share/pregon/nginx/pregon.conf >"$W/nginx/site.conf"
echo "user www-data; daemon off; pid $W/nginx/nginx.pid; error_log $W/nginx/logs/error.log;
events {} http { access_log off; include $W/nginx/site.conf; }" >"$W/nginx/nginx.conf"
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" &
PIDS+=($!)
https() { curl -sk --resolve "mail.example.com:$https_port:127.0.0.1" "$@"; }
for _ in $(seq 100); do https -o /dev/null "https://mail.example.com:$https_port/healthz" && break; sleep 0.05; done
[ "$(https -o /dev/null -w '%{http_code}' "https://mail.example.com:$https_port/healthz")" = 200 ] ||
  fail "/healthz through nginx as www-data: $(tail -n 3 "$W/nginx/logs/error.log" "$W/serve.log")"
runuser -u www-data -- cat /etc/pregon/pregon.env >/dev/null 2>&1 && fail "www-data reads pregon.env"
runuser -u www-data -- cat /var/lib/pregon/pregon.db >/dev/null 2>&1 && fail "www-data reads the database"
kill "${PIDS[-1]}" "${PIDS[-2]}"; wait "${PIDS[-1]}" "${PIDS[-2]}" 2>/dev/null || true
echo "ok: serve as its unit runs it, nginx as www-data reaches its socket, and no more"

dpkg -i "$deb" >"$W/dpkg2.log" 2>&1 || fail "installing again: $(cat "$W/dpkg2.log")"
grep -q '^PREGON_SECRET_KEY=0123' /etc/pregon/pregon.env || fail "installing again overwrote pregon.env"
dpkg -r pregon >/dev/null 2>&1 || fail "dpkg -r"
[ -e /usr/bin/pregon ] && fail "removed, but /usr/bin/pregon is still there"
[ -f /etc/pregon/pregon.env ] || fail "dpkg -r removed the settings"
dpkg -P pregon >/dev/null 2>&1 || fail "dpkg -P"
[ -e /etc/pregon ] && fail "purged, but /etc/pregon is still there"
[ -f /var/lib/pregon/pregon.db ] || fail "purging removed the data"
echo "ok: an upgrade keeps pregon.env; remove keeps the settings; purge removes them, keeps the data"
