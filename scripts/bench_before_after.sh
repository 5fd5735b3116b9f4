#!/usr/bin/env bash
# #20's "python -m bench is no slower": the engine's p50, the Slack path's p50 against the minimal Bolt
# app and the CLI's start-up against its bare imports, for an earlier commit and for this checkout, in
# turns, in one sitting (bench/before_after.py), printed as a table.
#
#   bash scripts/bench_before_after.sh [COMMIT] [bench.before_after options: --out FILE, --redis, --events 300 …]
#
# COMMIT (default 2bb2cc9, before the restructuring) is checked out in a temporary git worktree with a
# venv of its own (pip, from the same package index as this checkout's); both are removed at the end.
# "After" is this checkout as it is on disk, run with its .venv (made by scripts/test). About 3–4
# minutes on a quiet machine: the venv ~1 min, the measurements ~2 min (300 Slack events to each of three
# servers, 7 start-ups of each command, 5 engine processes of 4 passes per side). Run it on a quiet
# machine: every figure is also given as CPU time, which a busy one disturbs less than the wall clock.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="${1:-2bb2cc9}"
[ $# -gt 0 ] && shift

if [ ! -x "$here/.venv/bin/python" ]; then
  echo "no $here/.venv: run 'bash scripts/test' (or make it: python3 -m venv .venv && .venv/bin/pip install -e '.[test]')" >&2
  exit 2
fi
commit="$(git -C "$here" rev-parse --verify --quiet "$before^{commit}")" || {
  echo "not a commit here: $before" >&2
  exit 2
}

work="$(mktemp -d "${TMPDIR:-/tmp}/precert-before-XXXXXX")"
cleanup() {
  git -C "$here" worktree remove --force "$work/tree" >/dev/null 2>&1 || true
  git -C "$here" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$here" worktree add --detach --quiet "$work/tree" "$commit"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --disable-pip-version-check -e "$work/tree" >"$work/pip.log" 2>&1 || {
  cat "$work/pip.log" >&2
  exit 1
}

after_label="after ($(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- . ':!bench/results' || echo '+'))"
cd "$here"
.venv/bin/python -m bench.before_after \
  --before "$work/tree" --before-python "$work/venv/bin/python" --before-label "before (${commit:0:7})" \
  --after "$here" --after-python "$here/.venv/bin/python" --after-label "$after_label" "$@"
