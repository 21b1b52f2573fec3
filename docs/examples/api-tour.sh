#!/usr/bin/env bash
# A tour of the API, role by role, with curl. docs/api.md shows these same commands; CI runs this
# script against a real service (test/e2e/api-tour.e2e-spec.ts), so every example is known to work.
#
# Usage: BASE=http://127.0.0.1:3000 ADMIN=$(cat .data/admin.key) bash docs/examples/api-tour.sh
set -euo pipefail
: "${BASE:?set BASE, e.g. http://127.0.0.1:3000}" "${ADMIN:?set ADMIN to an admin key}"
# Reads one field of the JSON on stdin: json .id
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s)$1;console.log(typeof v==='string'?v:JSON.stringify(v))})"; }
RUN=$(date +%s%N)
# Waits until research has brought a claim to ready_for_check.
wait_ready() {
  for _ in $(seq 1 120); do
    STATUS=$(curl -sS --fail-with-body "$BASE/v1/claims/$1" -H "Authorization: Bearer $NEWSROOM" | json .status)
    [ "$STATUS" = ready_for_check ] && return 0
    sleep 0.5
  done
  echo "research did not finish (status $STATUS)" >&2
  return 1
}

## Operations: liveness and readiness (no key)
curl -sS --fail-with-body "$BASE/health/live" > /dev/null
curl -sS --fail-with-body "$BASE/health/ready" > /dev/null

## Admin: newsrooms and keys
NEWSROOM_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/newsrooms" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d "{\"name\":\"Le Quotidien $RUN\",\"url\":\"https://lequotidien.example\"}" | json .id)
NEWSROOM=$(curl -sS --fail-with-body -X POST "$BASE/v1/api-keys" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d "{\"name\":\"LQ CMS\",\"role\":\"newsroom\",\"newsroomId\":\"$NEWSROOM_ID\",\"languages\":[\"fr\"]}" | json .key)
CHECKER=$(curl -sS --fail-with-body -X POST "$BASE/v1/api-keys" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"name":"Camille (checker)","role":"checker","languages":["fr","en"]}' | json .key)
EDITOR=$(curl -sS --fail-with-body -X POST "$BASE/v1/api-keys" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"name":"Dominique (editor)","role":"editor","languages":["fr","en"]}' | json .key)
curl -sS --fail-with-body "$BASE/v1/api-keys?limit=10" -H "Authorization: Bearer $ADMIN" > /dev/null
curl -sS --fail-with-body "$BASE/v1/newsrooms" -H "Authorization: Bearer $ADMIN" > /dev/null
curl -sS --fail-with-body -X PUT "$BASE/v1/settings/organization" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"name":"Les Vérificateurs","url":"https://verif.example","publicUrlTemplate":"https://verif.example/fact-checks/{claimId}"}' > /dev/null
curl -sS --fail-with-body -X PUT "$BASE/v1/settings/rating-scale" -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  -d '{"ratings":[{"key":"false","labels":{"fr":"Faux"}},{"key":"misleading","labels":{"fr":"Trompeur"}}]}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/settings" -H "Authorization: Bearer $ADMIN" > /dev/null

## Anyone: who am I
curl -sS --fail-with-body "$BASE/v1/me" -H "Authorization: Bearer $NEWSROOM" > /dev/null

## Editor: the document archive research searches
curl -sS --fail-with-body -X POST "$BASE/v1/sources/documents" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"documents":[{"url":"https://archive.example/centcom-dement","title":"Le CENTCOM dément tout retrait des forces américaines d Irak","body":"Le porte-parole du commandement central américain (CENTCOM) a démenti tout retrait des soldats américains des 15 bases militaires en Irak.","language":"fr","publisher":"Archive","publishedAt":"2020-02-13T15:30:00Z"}]}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/sources/documents?q=retrait%20bases&language=fr" -H "Authorization: Bearer $EDITOR" > /dev/null
curl -sS --fail-with-body -X POST "$BASE/v1/sources/fact-checks" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"@context":"https://schema.org","@type":"ClaimReview","url":"https://factcheck.example/fc/1","claimReviewed":"L Irak a fermé toutes les bases américaines","datePublished":"2020-02-20","inLanguage":"fr","author":{"@type":"Organization","name":"Fact Check Example"},"reviewRating":{"@type":"Rating","alternateName":"Faux","ratingValue":1,"bestRating":5,"worstRating":1}}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/providers" -H "Authorization: Bearer $EDITOR" > /dev/null

## Newsroom: submit and follow claims
CLAIM_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/claims" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' \
  -H "Idempotency-Key: cms-$RUN" \
  -d '{"text":"Les États-Unis ont retiré leurs troupes de 15 bases militaires en Irak","sourceUrl":"https://lequotidien.example/a/1","priority":"high"}' | json .id)
curl -sS --fail-with-body -X POST "$BASE/v1/claims/batch" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' \
  -d '{"claims":[{"text":"Inflation reached 5% in France in 2025"},{"text":"Le chômage a baissé de 2 points en un an"}]}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/claims?status=received&language=fr&limit=20" -H "Authorization: Bearer $NEWSROOM" > /dev/null
curl -sS --fail-with-body "$BASE/v1/claims/$CLAIM_ID/history" -H "Authorization: Bearer $NEWSROOM" > /dev/null

## Editor: the same rumour again is linked as a duplicate; unlink a wrong link
DUP_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/claims" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"text":"Les Etats-Unis ont retiré leurs troupes de 15 bases militaires en Irak."}' | json .id)
curl -sS --fail-with-body -X POST "$BASE/v1/claims/$DUP_ID/unlink-duplicate" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"reason":"A different event"}' > /dev/null

## Newsroom or editor: extract claims from an article
curl -sS --fail-with-body -X POST "$BASE/v1/extractions" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' \
  -d '{"text":"Le commandement central américain a démenti jeudi tout retrait. Il fait beau à Bagdad.","language":"fr"}' > /dev/null

## Newsroom: a webhook for the verdicts on its claims
HOOK_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/webhooks" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' \
  -d '{"url":"https://hooks.lequotidien.example/corroborate","events":["verdict.published","verdict.corrected"],"scope":"own","headers":{"x-cms-token":"a3f9"}}' | json .id)
curl -sS --fail-with-body -X POST "$BASE/v1/webhooks/$HOOK_ID/ping" -H "Authorization: Bearer $NEWSROOM" > /dev/null
DELIVERY_ID=$(curl -sS --fail-with-body "$BASE/v1/webhooks/$HOOK_ID/deliveries" -H "Authorization: Bearer $NEWSROOM" | json '.data[0].id')
curl -sS --fail-with-body -X POST "$BASE/v1/webhooks/$HOOK_ID/deliveries/$DELIVERY_ID/redeliver" -H "Authorization: Bearer $NEWSROOM" > /dev/null
curl -sS --fail-with-body -X POST "$BASE/v1/webhooks/$HOOK_ID/rotate-secret" -H "Authorization: Bearer $NEWSROOM" | json .secret > /dev/null
curl -sS --fail-with-body "$BASE/v1/webhooks/$HOOK_ID/deliveries/$DELIVERY_ID" -H "Authorization: Bearer $NEWSROOM" > /dev/null
curl -sS --fail-with-body "$BASE/v1/webhooks/$HOOK_ID/stats" -H "Authorization: Bearer $NEWSROOM" > /dev/null
curl -sS --fail-with-body "$BASE/v1/webhooks/$HOOK_ID/secret" -H "Authorization: Bearer $NEWSROOM" | json .secret > /dev/null
SINCE=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%S.000Z)
curl -sS --fail-with-body -X POST "$BASE/v1/webhooks/$HOOK_ID/recover" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' -d "{\"since\":\"$SINCE\"}" > /dev/null
curl -sS --fail-with-body -X PATCH "$BASE/v1/webhooks/$HOOK_ID" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' -d '{"status":"paused"}' > /dev/null
curl -sS --fail-with-body -X PATCH "$BASE/v1/webhooks/$HOOK_ID" -H "Authorization: Bearer $NEWSROOM" -H 'content-type: application/json' -d '{"status":"active"}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/webhooks" -H "Authorization: Bearer $NEWSROOM" > /dev/null
curl -sS --fail-with-body "$BASE/v1/webhooks/$HOOK_ID" -H "Authorization: Bearer $NEWSROOM" > /dev/null

## Research runs by itself; wait until the claim is ready for a checker
wait_ready "$CLAIM_ID"

## Editor: run research again, look at the runs and the providers' health
curl -sS --fail-with-body -X POST "$BASE/v1/claims/$CLAIM_ID/research" -H "Authorization: Bearer $EDITOR" > /dev/null
wait_ready "$CLAIM_ID"
curl -sS --fail-with-body "$BASE/v1/claims/$CLAIM_ID/research-runs" -H "Authorization: Bearer $EDITOR" > /dev/null
EVIDENCE_ID=$(curl -sS --fail-with-body "$BASE/v1/claims/$CLAIM_ID/evidence" -H "Authorization: Bearer $CHECKER" | json '.data[0].id')

## Checker: claim the claim's task, keep the lease, complete it with a verdict
TASK_ID=$(curl -sS --fail-with-body "$BASE/v1/tasks?kind=check&status=open&limit=200" -H "Authorization: Bearer $CHECKER" | json ".data.find(t=>t.claimId==='$CLAIM_ID').id")
LEASE=$(curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$TASK_ID/claim" -H "Authorization: Bearer $CHECKER" | json .leaseToken)
curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$TASK_ID/release" -H "Authorization: Bearer $CHECKER" -H 'content-type: application/json' \
  -d "{\"leaseToken\":\"$LEASE\",\"note\":\"Back after lunch\"}" > /dev/null
LEASE=$(curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$TASK_ID/claim" -H "Authorization: Bearer $CHECKER" | json .leaseToken)
curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$TASK_ID/heartbeat" -H "Authorization: Bearer $CHECKER" -H 'content-type: application/json' \
  -d "{\"leaseToken\":\"$LEASE\"}" > /dev/null
DRAFT_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$TASK_ID/complete" -H "Authorization: Bearer $CHECKER" -H 'content-type: application/json' \
  -d "{\"leaseToken\":\"$LEASE\",\"rating\":\"false\",\"title\":\"Pas de retrait des 15 bases\",\"summary\":\"Le CENTCOM a démenti tout retrait.\",\"evidenceIds\":[\"$EVIDENCE_ID\"]}" | json .verdictId)
# the author may still edit the draft until a reviewer takes it
curl -sS --fail-with-body -X PATCH "$BASE/v1/verdicts/$DRAFT_ID" -H "Authorization: Bearer $CHECKER" -H 'content-type: application/json' \
  -d '{"summary":"Le commandement central américain (CENTCOM) a démenti tout retrait des 15 bases."}' > /dev/null
curl -sS --fail-with-body "$BASE/v1/verdicts/$DRAFT_ID" -H "Authorization: Bearer $CHECKER" > /dev/null

## Editor (another person): review and approve
REVIEW=$(curl -sS --fail-with-body -X POST "$BASE/v1/tasks/next" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' -d '{"kinds":["review"]}')
REVIEW_ID=$(echo "$REVIEW" | json .id)
REVIEW_LEASE=$(echo "$REVIEW" | json .leaseToken)
curl -sS --fail-with-body -X POST "$BASE/v1/tasks/$REVIEW_ID/complete" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d "{\"leaseToken\":\"$REVIEW_LEASE\",\"decision\":\"approve\"}" > /dev/null

## Anyone: the published verdict as ClaimReview (application/ld+json)
curl -sS --fail-with-body "$BASE/v1/claims/$CLAIM_ID/claim-review" -H "Authorization: Bearer $NEWSROOM" | json '.reviewRating.alternateName'
curl -sS --fail-with-body "$BASE/v1/claims/$CLAIM_ID/verdicts" -H "Authorization: Bearer $NEWSROOM" > /dev/null

## Editor: corrections and retraction
VERDICT_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/claims/$CLAIM_ID/corrections" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"rating":"misleading","summary":"Un député a annoncé le retrait ; le CENTCOM l a démenti.","reason":"Nuance apportée par un lecteur"}' | json .id)
curl -sS --fail-with-body -X POST "$BASE/v1/verdicts/$VERDICT_ID/retract" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"reason":"Source retirée par son auteur"}' > /dev/null
OTHER_ID=$(curl -sS --fail-with-body -X POST "$BASE/v1/claims" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"text":"Le ciel de Bagdad est toujours bleu en février"}' | json .id)
curl -sS --fail-with-body -X POST "$BASE/v1/claims/$OTHER_ID/dismiss" -H "Authorization: Bearer $EDITOR" -H 'content-type: application/json' \
  -d '{"reason":"Not check-worthy"}' > /dev/null

## Newsroom: remove a webhook
curl -sS --fail-with-body -X DELETE "$BASE/v1/webhooks/$HOOK_ID" -H "Authorization: Bearer $NEWSROOM" > /dev/null

## Admin: revoke a key
KEY_ID=$(curl -sS --fail-with-body "$BASE/v1/me" -H "Authorization: Bearer $CHECKER" | json .id)
curl -sS --fail-with-body -X DELETE "$BASE/v1/api-keys/$KEY_ID" -H "Authorization: Bearer $ADMIN" > /dev/null
echo "tour complete"
