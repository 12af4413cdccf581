"""Google's own Python client (google-api-python-client, built from the health v4 discovery
document) calling the emulator for every method fitdata uses, as a script would call Google.
Prints one JSON object: per call, what came back (or the error). Run by google-client.test.mjs:

    python3 google_client.py DISCOVERY_JSON HEALTH_ORIGIN ACCESS_TOKEN
"""
import json
import sys

import google.oauth2.credentials
import googleapiclient.discovery
import googleapiclient.errors


def main(doc_path, origin, token):
    doc = json.load(open(doc_path))
    # The same document, pointed at the emulator instead of health.googleapis.com.
    doc["rootUrl"] = origin.rstrip("/") + "/"
    doc["baseUrl"] = doc["rootUrl"]
    creds = google.oauth2.credentials.Credentials(token)
    health = googleapiclient.discovery.build_from_document(json.dumps(doc), credentials=creds)
    users = health.users()
    points = users.dataTypes().dataPoints()
    out = {}

    def call(name, request):
        try:
            out[name] = {"ok": request.execute()}
        except googleapiclient.errors.HttpError as e:
            out[name] = {"error": e.status_code, "body": e.content.decode("utf8", "replace")[:400]}

    def every_page(name, resource, request, key="dataPoints"):
        """All pages, through the client's own `list_next` (the page token it carries)."""
        got, pages = [], 0
        try:
            while request is not None:
                answer = request.execute()
                got.extend(answer.get(key, []))
                pages += 1
                request = resource.list_next(request, answer) if hasattr(resource, "list_next") else None
                if request is None and answer.get("nextPageToken"):
                    raise RuntimeError("a next page the client cannot follow")
            out[name] = {"ok": {key: got, "pages": pages}}
        except googleapiclient.errors.HttpError as e:
            out[name] = {"error": e.status_code, "body": e.content.decode("utf8", "replace")[:400]}

    day = '"2026-11-24T00:00:00" AND heart_rate.sample_time.civil_time < "2026-11-25T00:00:00"'
    call("identity", users.getIdentity(name="users/me/identity"))
    call("settings", users.getSettings(name="users/me/settings"))
    call("profile", users.getProfile(name="users/me/profile"))
    call("pairedDevices", users.pairedDevices().list(parent="users/me"))
    call("pairedDevices.page1", users.pairedDevices().list(parent="users/me", pageSize=1))
    if "ok" in out["pairedDevices.page1"]:
        token1 = out["pairedDevices.page1"]["ok"].get("nextPageToken", "")
        call("pairedDevices.page2", users.pairedDevices().list(parent="users/me", pageSize=1, pageToken=token1))
    hr = "heart_rate.sample_time.civil_time >= " + day
    every_page("list", points, points.list(parent="users/me/dataTypes/heart-rate", filter=hr, pageSize=10000))
    every_page("list.fields", points, points.list(
        parent="users/me/dataTypes/heart-rate", filter=hr, pageSize=10000,
        fields="nextPageToken,dataPoints(heartRate/beatsPerMinute)"))
    # reconcile has no list_next in the client: its pages are followed by hand.
    got, page = [], ""
    try:
        while True:
            answer = points.reconcile(parent="users/me/dataTypes/heart-rate", filter=hr, pageSize=10000,
                                      pageToken=page or None).execute()
            got.extend(answer.get("dataPoints", []))
            page = answer.get("nextPageToken", "")
            if not page:
                break
        out["reconcile"] = {"ok": {"dataPoints": got}}
    except googleapiclient.errors.HttpError as e:
        out["reconcile"] = {"error": e.status_code, "body": e.content.decode("utf8", "replace")[:400]}
    steps = 'steps.interval.civil_start_time >= "2026-11-24" AND steps.interval.civil_start_time < "2026-11-25"'
    call("list.steps", points.list(parent="users/me/dataTypes/steps", filter=steps, pageSize=10000))
    sleep = 'sleep.interval.civil_end_time >= "2026-11-24" AND sleep.interval.civil_end_time < "2026-11-25"'
    call("list.sleep", points.list(parent="users/me/dataTypes/sleep", filter=sleep, pageSize=100))
    call("dailyRollUp", points.dailyRollUp(parent="users/me/dataTypes/steps", body={
        "range": {"start": {"date": {"year": 2026, "month": 11, "day": 18}},
                  "end": {"date": {"year": 2026, "month": 11, "day": 25}}},
        "windowSizeDays": 1, "pageSize": 7}))
    call("rollUp", points.rollUp(parent="users/me/dataTypes/steps", body={
        "range": {"startTime": "2026-11-24T00:00:00Z", "endTime": "2026-11-25T00:00:00Z"},
        "windowSize": "3600s", "pageSize": 24}))
    # A workout's TCX (a media download, `exportExerciseTcx_media`): the app's sign-in has no
    # location scope, so Google refuses it, as it refuses the app until the person allows it.
    ex = 'exercise.interval.civil_start_time >= "2026-11-10" AND exercise.interval.civil_start_time < "2026-11-25"'
    call("list.exercise", points.list(parent="users/me/dataTypes/exercise", filter=ex, pageSize=25))
    listed = out["list.exercise"].get("ok", {}).get("dataPoints", [])
    gps = [p for p in listed if p.get("exercise", {}).get("exerciseMetadata", {}).get("hasGps")]
    if gps:
        try:
            points.exportExerciseTcx_media(name=gps[0]["name"]).execute()
            out["exportExerciseTcx"] = {"error": 200, "body": "a route without the location scope"}
        except googleapiclient.errors.HttpError as e:
            body = e.content.decode("utf8", "replace")
            out["exportExerciseTcx"] = {"ok": {"status": e.status_code, "scope": "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in body}}
    else:
        out["exportExerciseTcx"] = {"error": 0, "body": "no workout with GPS listed"}
    # The token in the query instead of a header, and the other system parameters, on a client
    # without credentials.
    import httplib2
    bare = googleapiclient.discovery.build_from_document(json.dumps(doc), http=httplib2.Http())
    call("identity.system_parameters", bare.users().getIdentity(
        name="users/me/identity", access_token=token, x__xgafv="2", prettyPrint=False,
        quotaUser="fitdata-test", fields="name"))
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:4])
