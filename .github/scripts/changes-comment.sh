#!/usr/bin/env bash
# The pull request's report: `npm run changes -- --stack <stack> --base $BASE`
# for every committed stack (stacks/Pulumi.<stack>.yaml), each in a folded
# section, as Markdown. Writes it to $GITHUB_STEP_SUMMARY in full and to the
# step output `comment` (cut to fit a GitHub comment); without those (run by
# hand) prints it. Exits 1 if the command failed for any stack, after writing
# the report, which says for which.
#
#   BASE=origin/main bash .github/scripts/changes-comment.sh
set -u
cd "$(dirname "$0")/../.."

: "${BASE:?BASE is the git ref to compare with, for example origin/main}"
MARKER="<!-- platform-changes -->"
LIMIT=60000 # a GitHub comment holds 65,536 characters

report=$(mktemp)
out=$(mktemp)
failed=()
{
  echo "$MARKER"
  echo "### \`npm run changes\` against \`$BASE\`"
  echo
  echo "Per stack and layer: resources created, updated, deleted and replaced; outputs that changed and the layers that read them; the policy result; the monthly cost before and after."
  for file in stacks/Pulumi.*.yaml; do
    stack=${file#stacks/Pulumi.}
    stack=${stack%.yaml}
    if npm run -s changes -- --stack "$stack" --base "$BASE" > "$out" 2>&1; then
      title="$stack"
    else
      title="$stack: npm run changes failed (exit $?)"
      failed+=("$stack")
    fi
    echo
    echo "<details><summary><b>$title</b></summary>"
    echo
    echo '````text'
    cat "$out"
    echo '````'
    echo
    echo "</details>"
  done
} > "$report"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report" >> "$GITHUB_STEP_SUMMARY"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  comment=$(mktemp)
  if [ "$(wc -c < "$report")" -le "$LIMIT" ]; then
    cp "$report" "$comment"
  else
    { head -c "$LIMIT" "$report"; printf '\n````\n\n</details>\n\nCut to fit a comment: the whole report is in the summary of %s\n' "${RUN_URL:-the run}"; } > "$comment"
  fi
  delimiter="EOF_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  { echo "comment<<$delimiter"; cat "$comment"; echo "$delimiter"; } >> "$GITHUB_OUTPUT"
else
  cat "$report"
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "npm run changes failed for: ${failed[*]}" >&2
  exit 1
fi
