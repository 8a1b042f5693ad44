#!/bin/sh
# The CI pipelines talk to Slipway through this script only: `slipway serve`'s REST API over curl, from a POSIX
# shell, so the runner needs no Slipway binary or image. Every pipeline target calls the same commands:
#
#   sh .slipway/ci.sh changed ENV SERVICE PATHSPEC...   prints true when SERVICE changed since its last successful
#                                                       deployment to ENV (or since SLIPWAY_CHANGE_BASE), else false
#   sh .slipway/ci.sh version                           prints the version this run's builds are recorded as:
#                                                       the last v* tag's MAJOR.MINOR.PATCH + the commit
#   sh .slipway/ci.sh record-build SERVICE VERSION IMAGE DIGEST
#                                                       records a pushed image (IMAGE: the repository, no tag)
#   sh .slipway/ci.sh release ENV [SERVICE=VERSION[@DIGEST]]...
#                                                       releases the built versions to ENV, then waits for it
#   sh .slipway/ci.sh promote ENV [SERVICE]...          promotes what runs healthy in ENV's promoteFrom (all that
#                                                       differ, or the services named), then waits for it
#   sh .slipway/ci.sh wait RELEASE                      waits for a release, printing its progress
#   sh .slipway/ci.sh approve RELEASE [COMMENT]         approves a release awaiting approval as the person whose token
#                                                       is SLIPWAY_APPROVER_TOKEN, then waits for it (exit 3: more
#                                                       approvers are needed)
#   sh .slipway/ci.sh reject RELEASE [COMMENT]          rejects it as that person: it ends, nothing having changed
#   sh .slipway/ci.sh cancel RELEASE                    cancels it with SLIPWAY_TOKEN (nobody decided in time)
#
# Environment:
#   SLIPWAY_URL, SLIPWAY_TOKEN  the server and a deployer token granted the environments (CI secrets)
#   SLIPWAY_COMMIT              the commit this run builds (default: git rev-parse HEAD)
#   SLIPWAY_COMMIT_TIME         its time, ISO-8601 with an offset (default: from git; left out when unknown)
#   SLIPWAY_VERSION_LINE        `version` uses this MAJOR.MINOR.PATCH instead of the last v* tag's
#   SLIPWAY_CHANGE_BASE         `changed` compares with this commit instead of asking Slipway (pull requests)
#   SLIPWAY_ON_APPROVAL         wait (default): a release awaiting approval (or paused) is waited for;
#                               end: the job ends with exit code 3 and a link, the release goes on in Slipway;
#                               print-id: a release awaiting approval ends the command with exit code 0 and its id,
#                               alone on stdout (the progress goes to stderr), for a pipeline that asks its approvers
#                               itself (Jenkins' input step) and then runs approve
#   SLIPWAY_APPROVER_TOKEN      approve and reject: the deciding person's own token, granted approve:ENV (never the
#                               CI's deployer token: Slipway records who decided and checks approvers.names)
#   SLIPWAY_WAIT_TIMEOUT        seconds to wait for a release's outcome (default 3600)
#
# Exit codes: 0 succeeded (or nothing to do), 1 failed, rolled back, refused or timed out, 2 wrong usage,
# 3 waiting for a person (SLIPWAY_ON_APPROVAL=end, or approve when more approvers are needed).
set -eu

usage() {
  sed -n 's/^#   \(sh \.slipway\/ci\.sh .*\)/usage: \1/p' "$0" >&2
  exit 2
}

fail() {
  printf 'slipway: %s\n' "$*" >&2
  exit 1
}

note() {
  printf 'slipway: %s\n' "$*" >&2
}

# -- talking to the server ---------------------------------------------------------------------------------------

work=""
auth=""

connect() {
  [ -n "${SLIPWAY_URL:-}" ] || fail "SLIPWAY_URL is not set: give the job the address of slipway serve as a CI secret"
  [ -n "${SLIPWAY_TOKEN:-}" ] || fail "SLIPWAY_TOKEN is not set: give the job a deployer token as a CI secret (slipway token create --role deployer --grant ENV)"
  command -v curl >/dev/null 2>&1 || fail "curl is not installed on this runner"
  server="${SLIPWAY_URL%/}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # the token reaches curl in a file, never on its command line, where other processes could read it
  (umask 077 && printf 'Authorization: Bearer %s\n' "$SLIPWAY_TOKEN" > "$work/auth")
  auth="$work/auth"
}

# api METHOD PATH [BODY]: the answer's body is in $work/body, its HTTP status in $status.
api() {
  if [ "$#" -gt 2 ]; then
    set -- "$1" "$2" --header 'Content-Type: application/json' --data "$3"
  fi
  method="$1"
  path="$2"
  shift 2
  # --retry: a connection refused, a timeout, 429 and 503 (a replica that does not lead) are tried again
  status="$(curl --silent --show-error --retry 4 --retry-connrefused --max-time 60 --request "$method" \
    --header "@$auth" --output "$work/answer" --write-out '%{http_code}' "$@" "$server$path")" \
    || fail "$method $path: $server did not answer"
  # one line without the layout a pretty-printed answer has, so that the readers below see "name":value
  tr -d '\r\n' < "$work/answer" | sed -e 's/"[[:space:]]*:[[:space:]]*/":/g' -e 's/,[[:space:]]*\(["{[]\)/,\1/g' \
    -e 's/\([{[]\)[[:space:]]*/\1/g' -e 's/[[:space:]]*\([]}]\)/\1/g' > "$work/body"
}

# json TEXT: TEXT as the inside of a JSON string.
json() {
  printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# field NAME FILE: the first string value named NAME in a JSON text (Slipway writes top-level fields first).
field() {
  tr ',' '\n' < "$2" | tr '{' '\n' | sed -n "s/^\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}

# text NAME FILE: a string value that may hold commas; escaped quotes in it become '.
text() {
  sed "s/\\\\\"/'/g" "$2" | sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}

# problem WHAT: explains a refused call from its problem details, and fails.
problem() {
  detail="$(text detail "$work/body")"
  case "$status" in
    401) fail "$1: the server refused SLIPWAY_TOKEN (unknown, revoked or malformed)" ;;
    403) fail "$1: ${detail:-the token may not do this} (give the token a grant of the environment)" ;;
    404) fail "$1: ${detail:-not found} (a route missing here needs a newer slipway serve)" ;;
  esac
  printf 'slipway: %s: HTTP %s %s\n' "$1" "$status" "$detail" >&2
  tr '{' '\n' < "$work/body" | sed -n 's/.*"message":"\([^"]*\)".*/  - \1/p' >&2
  [ -n "$detail" ] || cat "$work/body" >&2
  exit 1
}

# -- commit ------------------------------------------------------------------------------------------------------

commit_facts() {
  commit="${SLIPWAY_COMMIT:-}"
  if [ -z "$commit" ] && command -v git >/dev/null 2>&1; then
    commit="$(git rev-parse HEAD 2>/dev/null || true)"
  fi
  committed="${SLIPWAY_COMMIT_TIME:-}"
  if [ -z "$committed" ] && [ -n "$commit" ] && command -v git >/dev/null 2>&1; then
    committed="$(git show -s --format=%cI "$commit" 2>/dev/null || true)"
  fi
}

# The "commit" member of a release: left out when the commit is not known.
commit_member() {
  if [ -n "$commit" ] && [ -n "$committed" ]; then
    printf ',"commit":{"sha":"%s","time":"%s"}' "$(json "$commit")" "$(json "$committed")"
  elif [ -n "$commit" ]; then
    printf ',"commit":{"sha":"%s"}' "$(json "$commit")"
  fi
}

# -- changed -----------------------------------------------------------------------------------------------------

changed() {
  [ "$#" -ge 3 ] || usage
  environment="$1"
  service="$2"
  shift 2
  commit_facts
  [ -n "$commit" ] || fail "changed: no commit to compare (set SLIPWAY_COMMIT or run inside the checkout)"
  base="${SLIPWAY_CHANGE_BASE:-}"
  if [ -z "$base" ]; then
    connect
    api GET "/api/v1/history?environment=$environment&service=$service"
    [ "$status" = 200 ] || problem "history of $service in $environment"
    base="$(tr '{' '\n' < "$work/body" | grep '"outcome":"succeeded"' \
      | sed -n 's/.*"commitSha":"\([^"]*\)".*/\1/p' | tail -n 1)"
    if [ -z "$base" ]; then
      note "$service has no successful deployment to $environment with a commit: it is built"
      echo true
      return 0
    fi
  fi
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    note "$service: commit $base is not in this clone (fetch the whole history): it is built"
    echo true
    return 0
  fi
  for pathspec in "$@"; do
    set -- "$@" ":(glob)$pathspec"
    shift
  done
  if git diff --quiet "$base" "$commit" -- "$@"; then
    note "$service: nothing it watches changed since $base"
    echo false
  else
    changes="$?"
    [ "$changes" = 1 ] || fail "changed: git diff $base $commit failed"
    note "$service: changed since $base"
    echo true
  fi
}

# -- version -----------------------------------------------------------------------------------------------------

# A semantic version, so that the ranges services declare on each other can be checked (a bare commit cannot be),
# and one per build: the release line (the last v* tag, else 0.0.0) with the commit as build metadata.
version() {
  [ "$#" -eq 0 ] || usage
  commit_facts
  [ -n "$commit" ] || fail "version: no commit (set SLIPWAY_COMMIT or run inside the checkout)"
  line="${SLIPWAY_VERSION_LINE:-}"
  if [ -z "$line" ]; then
    tag="$(git describe --tags --abbrev=0 --match 'v[0-9]*' "$commit" 2>/dev/null || true)"
    line="${tag#v}"
  fi
  printf '%s+%s\n' "${line:-0.0.0}" "$(printf '%s' "$commit" | cut -c1-12)"
}

# -- record-build ------------------------------------------------------------------------------------------------

record_build() {
  [ "$#" -eq 4 ] || usage
  commit_facts
  built="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  body="$(printf '{"service":"%s","version":"%s","image":"%s","digest":"%s","commit":"%s","builtAt":"%s"}' \
    "$(json "$1")" "$(json "$2")" "$(json "$3")" "$(json "$4")" "$(json "$commit")" "$built")"
  connect
  api POST /api/v1/builds "$body"
  case "$status" in
    201) note "recorded $1 $2 = $3@$4" ;;
    200) note "$1 $2 = $3@$4 was already recorded" ;;
    409) fail "$1 $2 is recorded with another digest: $(text detail "$work/body") (a version names one build; never re-push a tag)" ;;
    *) problem "recording the build of $1 $2" ;;
  esac
}

# -- release and promote -----------------------------------------------------------------------------------------

release() {
  [ "$#" -ge 1 ] || usage
  environment="$1"
  shift
  if [ "$#" -eq 0 ]; then
    note "no service was built for $environment: nothing to release"
    return 0
  fi
  versions=""
  for pair in "$@"; do
    case "$pair" in
      ?*=?*) ;;
      *) fail "release: '$pair' is not SERVICE=VERSION" ;;
    esac
    versions="$versions${versions:+,}\"$(json "${pair%%=*}")\":\"$(json "${pair#*=}")\""
  done
  commit_facts
  connect
  start "/api/v1/releases" "{\"environment\":\"$(json "$environment")\",\"versions\":{$versions}$(commit_member)}" \
    "release of $* to $environment"
}

promote() {
  [ "$#" -ge 1 ] || usage
  environment="$1"
  shift
  services=""
  for service in "$@"; do
    services="$services${services:+,}\"$(json "$service")\""
  done
  connect
  start "/api/v1/environments/$environment/promotions" "{${services:+\"services\":[$services]}}" \
    "promotion to $environment"
}

# gates FILE: each gate of a promotion, met or not.
gates() {
  tr '{' '\n' < "$1" | grep '^"name":' | while IFS= read -r gate; do
    name="$(printf '%s' "$gate" | sed 's/^"name":"\([^"]*\)".*/\1/')"
    verdict="unmet"
    case "$gate" in *'"ok":true'*) verdict="met" ;; esac
    plain="$(printf '%s' "$gate" | sed "s/\\\\\"/'/g")"
    detail="$(printf '%s' "$plain" | sed -n 's/.*"detail":"\([^"]*\)".*/\1/p')"
    hint=""
    [ "$verdict" = met ] || hint="$(printf '%s' "$plain" | sed -n 's/.*"hint":"\([^"]*\)".*/ (\1)/p')"
    printf '  gate %s: %s. %s%s\n' "$name" "$verdict" "$detail" "$hint"
  done
}

# start PATH BODY WHAT: creates a release (waiting while another one holds the environment), then waits for it.
start() {
  waited=0
  while :; do
    api POST "$1" "$2"
    case "$status" in
      201)
        id="$(field id "$work/body")"
        note "$3 started: $id"
        gates "$work/body"
        wait_for "$id"
        return 0 ;;
      200)
        note "$3: nothing changes, every service already runs there"
        return 0 ;;
      409)
        # the answer names no reason but in its text: another release holds the environment (wait for it),
        # the environment already runs what its source runs (nothing to do), or a refusal
        detail="$(text detail "$work/body")"
        case "$detail" in
          *"one release per environment at a time"*)
            [ "$waited" -lt "${SLIPWAY_WAIT_TIMEOUT:-3600}" ] || fail "$3: $detail (waited ${waited}s)"
            [ "$waited" -gt 0 ] || note "$3: $detail; trying again every 15s"
            sleep 15
            waited=$((waited + 15)) ;;
          *"already runs what runs in"*)
            note "$3: nothing to promote, $detail"
            return 0 ;;
          *) fail "$3 refused: $detail" ;;
        esac ;;
      422)
        note "$3 refused"
        gates "$work/body" >&2
        tr '{' '\n' < "$work/body" | sed -n 's/.*"message":"\([^"]*\)".*/  - \1/p' >&2
        [ -z "$(text detail "$work/body")" ] || note "$(text detail "$work/body")"
        exit 1 ;;
      *) problem "$3" ;;
    esac
  done
}

# -- wait --------------------------------------------------------------------------------------------------------

# progress FILE: each rollout of a release and where it is.
progress() {
  tr '{' '\n' < "$1" | grep '^"service":' | while IFS= read -r rollout; do
    service="$(printf '%s' "$rollout" | sed 's/^"service":"\([^"]*\)".*/\1/')"
    outcome="$(printf '%s' "$rollout" | sed -n 's/.*"outcome":"\([^"]*\)".*/\1/p')"
    printf ' %s:%s' "$service" "${outcome:-in-progress}"
  done
}

wait_for() {
  [ "$#" -eq 1 ] || usage
  id="$1"
  [ -n "$work" ] || connect
  link="$server/#/releases/$id"
  timeout="${SLIPWAY_WAIT_TIMEOUT:-3600}"
  on_approval
  note "following $id: $link"
  began="$(date +%s)"
  delay=1
  seen=""
  while :; do
    api GET "/api/v1/releases/$id"
    [ "$status" = 200 ] || problem "release $id"
    state="$(field state "$work/body")"
    now="$(progress "$work/body")"
    elapsed=$(($(date +%s) - began))
    if [ "$state$now" != "$seen" ]; then
      printf '[%5ss] %s %s.%s\n' "$elapsed" "$id" "$state" "${now:+ rollouts:$now}"
      seen="$state$now"
      delay=1
    fi
    case "$state" in
      succeeded)
        note "$id succeeded"
        return 0 ;;
      failed | rolled-back | cancelled)
        explain "$id" "$state"
        exit 1 ;;
      awaiting-approval | paused)
        if [ "$delay" = 1 ]; then
          note "$id is $state: it waits for a person (slipway approve $id, or resume) at $link"
        fi
        if [ "$mode" = end ]; then
          note "the job ends here (SLIPWAY_ON_APPROVAL=end); the release goes on in Slipway: $link"
          exit 3
        fi
        if [ "$mode" = print-id ] && [ "$state" = awaiting-approval ]; then
          note "the pipeline asks for the approval itself (SLIPWAY_ON_APPROVAL=print-id)"
          printf '%s\n' "$id" >&3
          exit 0
        fi ;;
    esac
    [ "$elapsed" -lt "$timeout" ] || fail "$id is still $state after ${timeout}s (SLIPWAY_WAIT_TIMEOUT); it goes on in Slipway: $link"
    sleep "$delay"
    delay=$((delay * 2))
    [ "$delay" -le 30 ] || delay=30
  done
}

# on_approval: reads SLIPWAY_ON_APPROVAL into $mode, once. With print-id, what the commands print goes to stderr from
# here on and file descriptor 3 keeps stdout for the release's id alone.
on_approval() {
  [ -z "${mode:-}" ] || return 0
  mode="${SLIPWAY_ON_APPROVAL:-wait}"
  case "$mode" in
    wait | end) ;;
    print-id) exec 3>&1 1>&2 ;;
    *) fail "SLIPWAY_ON_APPROVAL is '$mode': wait, end or print-id" ;;
  esac
}

# -- approve, reject and cancel ----------------------------------------------------------------------------------

# decide DECISION RELEASE [COMMENT]: a person's decision, taken with their own token; an approval that was enough is
# followed to the release's end.
decide() {
  if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
    usage
  fi
  decision="$1"
  id="$2"
  comment="${3:-}"
  [ -n "${SLIPWAY_APPROVER_TOKEN:-}" ] || fail "$decision: SLIPWAY_APPROVER_TOKEN is not set: the deciding person's own token (slipway token create --name NAME --role deployer --grant approve:ENV)"
  # the deployer token follows the release afterwards; without one, the approver's token reads it
  [ -n "${SLIPWAY_TOKEN:-}" ] || SLIPWAY_TOKEN="$SLIPWAY_APPROVER_TOKEN"
  connect
  (umask 077 && printf 'Authorization: Bearer %s\n' "$SLIPWAY_APPROVER_TOKEN" > "$work/approver")
  member=""
  [ -z "$comment" ] || member="$(printf ',"comment":"%s"' "$(json "$comment")")"
  auth="$work/approver"
  api POST "/api/v1/releases/$id/approvals" "{\"decision\":\"$decision\"$member}"
  auth="$work/auth"
  detail="$(text detail "$work/body")"
  case "$status" in
    202) ;;
    401) fail "$decision $id: the server refused SLIPWAY_APPROVER_TOKEN (unknown, revoked or malformed)" ;;
    403) fail "$decision $id: ${detail:-this token may not decide} (an approver's token needs the grant approve:ENV and, when the environment lists approvers.names, a name among them)" ;;
    409) fail "$decision $id refused: $detail" ;;
    *) problem "$decision $id" ;;
  esac
  # the answer is the release with the decision last: its "next" and "reason" are the last ones in the text
  next="$(text next "$work/body")"
  reason="$(text reason "$work/body")"
  case "$next" in
    wait)
      note "$id $reason: it waits for more approvers"
      exit 3 ;;
    reject)
      note "$id $reason: it ends, nothing having changed"
      exit 1 ;;
  esac
  note "$id $reason"
  wait_for "$id"
}

cancel() {
  [ "$#" -eq 1 ] || usage
  connect
  api POST "/api/v1/releases/$1/cancel"
  case "$status" in
    202) note "$1 cancelled: nothing it would have changed has changed" ;;
    409) note "$1 was not cancelled: $(text detail "$work/body")" ;;
    *) problem "cancelling $1" ;;
  esac
}

# explain RELEASE STATE: the root cause from the release's report.
explain() {
  api GET "/api/v1/releases/$1/report"
  if [ "$status" != 200 ]; then
    fail "$1 ended $2; its report is not available (HTTP $status)"
  fi
  sed "s/\\\\\"/'/g" "$work/body" > "$work/report"
  sed -n 's/.*"failure":{\([^{}]*\)}.*/{\1}/p' "$work/report" > "$work/failure"
  if [ -s "$work/failure" ]; then
    printf 'slipway: %s ended %s. Root cause: %s %s: %s\n' "$1" "$2" "$(field service "$work/failure")" \
      "$(field version "$work/failure")" "$(text reason "$work/failure")" >&2
    printf '  failure: %s\n' "$(cat "$work/failure")" >&2
  else
    printf 'slipway: %s ended %s; its report names no failure:\n' "$1" "$2" >&2
    cat "$work/body" >&2
    echo >&2
  fi
  printf '  report: %s/api/v1/releases/%s/report\n' "$server" "$1" >&2
}

command="${1:-}"
[ "$#" -eq 0 ] || shift
case "$command" in
  changed) changed "$@" ;;
  version) version "$@" ;;
  record-build) record_build "$@" ;;
  release) on_approval && release "$@" ;;
  promote) on_approval && promote "$@" ;;
  wait) wait_for "$@" ;;
  approve | reject) decide "$command" "$@" ;;
  cancel) cancel "$@" ;;
  *) usage ;;
esac
