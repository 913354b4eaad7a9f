#!/usr/bin/env bash
# Creates or updates the single pull-request comment that carries profile-diff's marker line.
#
#   upsert-comment.sh OWNER/REPO PR_NUMBER BODY_FILE
#
# Uses `gh api` (preinstalled on GitHub's runners; GH_TOKEN must be set). The first line of BODY_FILE is the
# hidden marker (`<!-- profile-diff -->` or `<!-- profile-diff:NAME -->`); a comment whose body starts with the
# same line is edited in place, so every push updates one comment instead of adding another.
set -euo pipefail

repo=$1
pr=$2
body_file=$3
marker=$(head -n 1 "$body_file")
case "$marker" in
    "<!-- profile-diff"*"-->") ;;
    *) echo "upsert-comment: $body_file does not start with a profile-diff marker line" >&2; exit 2 ;;
esac

# The newest comment with our marker, if any (paginated: long discussions have many pages).
existing=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
    --jq "map(select(.body | startswith(\"$marker\"))) | last | .id // empty" | tail -n 1)

if [ -n "$existing" ]; then
    gh api --method PATCH "repos/$repo/issues/comments/$existing" -F "body=@$body_file" --jq '.html_url'
else
    gh api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$body_file" --jq '.html_url'
fi
