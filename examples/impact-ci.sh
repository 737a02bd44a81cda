#!/bin/sh
# The impact of a pull request on the fleet, as a comment on the pull request (docs/impact.md).
#
# A CI job runs it in a checkout with the base revision fetched (actions/checkout with
# fetch-depth: 0). It compares the fleet folder at the base revision (read with git, nothing
# checked out) with the working tree, posts the markdown as a pull-request comment (replacing
# its previous one) with the GitHub CLI, and exits:
#   0  nothing is deleted and no protected cluster is touched;
#   1  the change deletes something or touches a protected cluster: a reviewer should look;
#   2  the fleet could not be read (the errors name file, line, column and field path).
#
# Environment:
#   FLEET       the fleet folder or file, relative to the repository root (default examples/fleet)
#   BASE_REF    the revision to compare with (default origin/main)
#   PROTECT     comma-separated clusters whose change fails the job (default none)
#   PR_NUMBER   the pull request to comment on; without it the comment is printed instead
#   GH_TOKEN    the token gh posts with (pull-requests: write)
#   VZMC        how to run vzmc (default: npx --no-install vzmc)
set -eu

FLEET="${FLEET:-examples/fleet}"
BASE_REF="${BASE_REF:-origin/main}"
PROTECT="${PROTECT:-}"
VZMC="${VZMC:-npx --no-install vzmc}"

comment="$(mktemp)"
trap 'rm -f "$comment"' EXIT

status=0
# shellcheck disable=SC2086 # VZMC is a command line
$VZMC impact --git "$BASE_REF" --before "$FLEET" -o markdown --exit-code \
  ${PROTECT:+--protect "$PROTECT"} >"$comment" || status=$?

if [ "$status" -ge 2 ]; then
  echo "vzmc impact could not read the fleet (exit $status)" >&2
  exit "$status"
fi

if [ -n "${PR_NUMBER:-}" ]; then
  gh pr comment "$PR_NUMBER" --edit-last --body-file "$comment" 2>/dev/null ||
    gh pr comment "$PR_NUMBER" --body-file "$comment"
else
  cat "$comment"
fi
exit "$status"
