# cli-env.sh — what the herald-cli scripts share; they source it after
# `set -u`: $CLI (herald-cli), a temporary folder $T removed at exit,
# tap.sh (ok, not_ok, check; a failing check shows $CHECK_SHOW, $T/err
# unless the script says otherwise), the Outbox in $T, and H: herald-cli
# on the database $T/h.db.
#
# Copyright 2026 Herald developers
# SPDX-License-Identifier: GPL-3.0-or-later
CLI=${HERALD_CLI:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/tap.sh"
CHECK_SHOW="$T/err"
export HERALD_OUTBOX="$T/outbox"
H () { "$CLI" --db "$T/h.db" "$@"; }
