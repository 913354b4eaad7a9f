#!/usr/bin/env bash
# Runs the shell steps of examples/github/profile-diff.yml against a fixture repository, twice, with gh talking
# to a local stand-in for GitHub's API; checks that the second run edits the first comment instead of adding one.
#
#   run-workflow-steps.sh PROFILE_DIFF_BINARY SAMPLE_BUILDER_BINARY
set -euo pipefail
profile_diff=$1
sample_builder=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
# SIGKILL: the test runner's threads block SIGTERM and its children inherit that mask, so a plain kill is ignored,
# and a stand-in left running keeps the runner's end of the pipe open: the test would wait forever.
trap 'kill -KILL "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$sample_builder" --history "$root/history" "$work/site" >/dev/null
cd "$work/site"
# The pull request: its base is three commits back (actions/checkout with fetch-depth: 0 has origin/<base>).
git update-ref refs/remotes/origin/main HEAD~3

# The stand-in prints its port once it listens: reading it waits exactly as long as needed.
coproc STANDIN { exec python3 "$root/Tests/Workflow/github_api_standin.py"; }
server=$STANDIN_PID
read -r port <&"${STANDIN[0]}"
export GH_HOST=github.localhost GH_TOKEN=test-token HTTP_PROXY="http://127.0.0.1:$port" http_proxy="http://127.0.0.1:$port" NO_PROXY= no_proxy=
export GH_CONFIG_DIR="$work/gh-config" GH_NO_UPDATE_NOTIFIER=1 GH_PROMPT_DISABLED=1

run_steps() {
    "$profile_diff" "origin/main...HEAD" --format github --output "$work/profile-diff.md"
    "$root/examples/github/upsert-comment.sh" "owner/site" 7 "$work/profile-diff.md"
}

run_steps >/dev/null
first=$(curl -sf --noproxy '*' "http://127.0.0.1:$port/__state")
# A second push to the pull request: one more commit, then the same steps.
git update-ref refs/remotes/origin/main HEAD~4
run_steps >/dev/null
second=$(curl -sf --noproxy '*' "http://127.0.0.1:$port/__state")
curl -sf --noproxy '*' "http://127.0.0.1:$port/__stop" >/dev/null || true

python3 - "$first" "$second" <<'PY'
import json, sys
first, second = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert len(first["comments"]) == 1, "first run should create one comment: %r" % first["comments"]
assert len(second["comments"]) == 1, "second run must update, not add: %d comments" % len(second["comments"])
c1, c2 = first["comments"][0]["body"], second["comments"][0]["body"]
assert c1.startswith("<!-- profile-diff -->"), c1[:80]
assert c2 != c1, "the second run's comment should describe four commits, not three"
assert any(l.startswith("PATCH ") for l in second["log"]), second["log"]
print("workflow steps: 1 comment created, then updated in place (%d requests)" % len(second["log"]))
PY
