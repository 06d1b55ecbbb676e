# dovecot-server.sh — sourced, after tap.sh, by the scripts that read a real
# IMAP server: starts Dovecot (Debian: dovecot-imapd, in install-deps.sh
# --tests) of our own on 127.0.0.1, stops it at exit.
#
# What it sets up, all in the folder $T (named after $NAME, removed at
# exit):
#   - a certificate for localhost made by openssl: $IMAP_CA trusts it;
#   - $T/dovecot.conf: only IMAP, on two free ports: $IMAP_PORT (plain,
#     STARTTLS offered; ssl = required, so no login before TLS) and
#     $IMAPS_PORT (TLS from the first byte); base_dir, state_dir and the
#     logs ($T/dovecot.log) in $T; one user, "herald" with the password
#     $IMAP_PW, from a passwd-file; its mail in the Maildir $IMAP_MAILDIR
#     (INBOX is the Maildir itself);
#   - Dovecot run as `dovecot -c $T/dovecot.conf -F`, in the background:
#     no system service is used or touched (the package's own service may
#     run or not, it does not matter: other ports, other base_dir).
#
# Dovecot never runs its login or mail processes as root. Run by root (as
# in CI), it uses the package's own users for its internal and login
# processes (dovecot, dovenull: made when dovecot-core is installed) and
# "nobody" as the mail user, who owns the Maildir; the login processes are
# not chrooted, and $T is readable by all. Run by another user, every
# process runs as that user (default_internal_user, default_login_user and
# the mail user are that user).
#
# dovecot_deliver FILE... puts messages into INBOX the way a delivery agent
# does (written to tmp/, renamed into new/ under a unique name); Dovecot
# gives them UIDs when it next looks (the test matches fetched messages to
# files by content, not by order).
# IMAP_DOVECONF is the configuration, for `doveadm -c "$IMAP_DOVECONF" ...`.
#
# Without Dovecot or openssl the script says SKIP and exits 77.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
PYTHON=/usr/bin/python3
DOVECOT=$(command -v dovecot || echo /usr/sbin/dovecot)
[ -x "$DOVECOT" ] || { echo "1..0 # SKIP dovecot is missing (install dovecot-imapd)"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "1..0 # SKIP openssl is missing"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/herald-$NAME-XXXXXX")
chmod 755 "$T"
IMAP_PW="Imap-s3cret!"
IMAP_MAILDIR="$T/Maildir"
IMAP_CA="$T/cert.pem"
IMAP_DOVECONF="$T/dovecot.conf"
DOVECOT_PID=
dovecot_stop () {
  if [ -n "$DOVECOT_PID" ]; then
    kill "$DOVECOT_PID" 2>/dev/null
    i=0
    while kill -0 "$DOVECOT_PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
    kill -9 "$DOVECOT_PID" 2>/dev/null
    wait "$DOVECOT_PID" 2>/dev/null
    DOVECOT_PID=
  fi
}
cleanup () {
  dovecot_stop
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
  -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >/dev/null 2>&1

free_port () {
  $PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

dovecot_deliver () {
  for f in "$@"; do
    u="$(date +%s).M$$P$(( ${dovecot_seq:-0} + 1 )).herald-test"
    dovecot_seq=$(( ${dovecot_seq:-0} + 1 ))
    cp "$f" "$IMAP_MAILDIR/tmp/$u" && chown "$MAIL_UID:$MAIL_GID" "$IMAP_MAILDIR/tmp/$u" &&
      mv "$IMAP_MAILDIR/tmp/$u" "$IMAP_MAILDIR/new/$u" || return 1
  done
}

if [ "$(id -u)" -eq 0 ]; then
  MAIL_UID=$(id -u nobody)
  MAIL_GID=$(id -g nobody)
  USERS="first_valid_uid = 1"
else
  MAIL_UID=$(id -u)
  MAIL_GID=$(id -g)
  USERS="default_internal_user = $(id -un)
default_internal_group = $(id -gn)
default_login_user = $(id -un)
first_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID"
fi
mkdir -p "$T/run" "$T/state" "$IMAP_MAILDIR/new" "$IMAP_MAILDIR/cur" "$IMAP_MAILDIR/tmp"
chown -R "$MAIL_UID:$MAIL_GID" "$IMAP_MAILDIR"
echo "herald:{PLAIN}$IMAP_PW:$MAIL_UID:$MAIL_GID::$IMAP_MAILDIR::" > "$T/passwd"

# A port taken in the meantime makes Dovecot fail at once: try again.
tries=0
while :; do
  IMAP_PORT=$(free_port)
  IMAPS_PORT=$(free_port)
  cat > "$IMAP_DOVECONF" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $T/run
state_dir = $T/state
instance_name = herald-test-$$
log_path = $T/dovecot.log
info_log_path = $T/dovecot.log
$USERS
mail_location = maildir:$IMAP_MAILDIR
ssl = required
ssl_cert = <$T/cert.pem
ssl_key = <$T/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
# Answer a wrong password at once (the default waits 2 s).
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $T/passwd
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$IMAP_MAILDIR
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service anvil {
  chroot =
}
service stats {
  inet_listener http {
    port = 0
  }
}
service imap-urlauth-login {
  chroot =
}
service pop3-login {
  chroot =
}
EOF
  "$DOVECOT" -c "$IMAP_DOVECONF" -F >"$T/dovecot.out" 2>&1 &
  DOVECOT_PID=$!
  i=0
  up=no
  while [ $i -lt 100 ] && kill -0 "$DOVECOT_PID" 2>/dev/null; do
    if $PYTHON -c "import socket,sys; [socket.create_connection(('127.0.0.1', p), 1).close() for p in (int(sys.argv[1]), int(sys.argv[2]))]" \
         "$IMAP_PORT" "$IMAPS_PORT" 2>/dev/null; then
      up=yes
      break
    fi
    sleep 0.1
    i=$((i+1))
  done
  [ $up = yes ] && break
  dovecot_stop
  tries=$((tries+1))
  [ $tries -lt 3 ] || break
done
CHECK_SHOW="$T/dovecot.out $T/dovecot.log" check "Dovecot started on ports $IMAP_PORT and $IMAPS_PORT" "[ \$up = yes ]"
[ $up = yes ] || exit 1
export IMAP_PORT IMAPS_PORT IMAP_PW IMAP_CA IMAP_MAILDIR IMAP_DOVECONF
