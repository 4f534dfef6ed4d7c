// Every scenario of tests/conformance/ through the Kotlin binding against the
// mock over HTTP. Format: tests/README.md.
package dev.workosdsync

import org.json.JSONArray
import org.json.JSONObject
import java.io.File

// The keys a scenario may use, one list per part of it, shared by every
// language's runner. Any other key fails the scenario: a runner that skipped an
// expectation it cannot read would hold a test that cannot fail.
private val SECTIONS = listOf("scenario", "setup", "client", "call", "options", "params", "expect", "error", "request")

private lateinit var KEYS: Map<String, Set<String>>

private fun loadKeys(file: File): Map<String, Set<String>> {
    val all = try {
        JSONObject(file.readText())
    } catch (e: Exception) {
        throw IllegalStateException("cannot load the allowed keys from $file: $e", e)
    }
    return SECTIONS.associateWith { section ->
        val names = all.optJSONArray(section)
        val keys = names?.let { a -> (0 until a.length()).map { a.opt(it) as? String } }
        check(keys != null && keys.all { it != null }) { "$file has no section $section (an array of key names)" }
        keys.filterNotNull().toSet()
    }
}

private fun known(obj: JSONObject?, what: String) {
    obj?.keySet()?.forEach { verify(it in KEYS.getValue(what)) { "unknown key $it in $what" } }
}

/** A directory in the API's JSON shape, to compare with the scenario's. */
fun Directory.toWire(): JSONObject {
    val o = JSONObject()
    o.put("object", `object`).put("id", id).put("organization_id", organizationId)
        .put("external_key", externalKey).put("type", directoryType.wireValue).put("state", state.wireValue)
        .put("name", name).put("created_at", createdAt).put("updated_at", updatedAt)
    domain?.let { o.put("domain", it) }
    metadata?.let {
        o.put("metadata", JSONObject().put("groups", it.groups)
            .put("users", JSONObject().put("active", it.users.active).put("inactive", it.users.inactive)))
    }
    return o
}

fun DirectoryList.toWire(): JSONObject = JSONObject()
    .put("object", `object`)
    .put("data", JSONArray(data.map { it.toWire() }))
    .put("list_metadata", JSONObject()
        .put("before", listMetadata.before ?: JSONObject.NULL)
        .put("after", listMetadata.after ?: JSONObject.NULL))

private fun JSONObject.str(key: String): String? = if (has(key) && !isNull(key)) getString(key) else null

private fun params(p: JSONObject?): ListParams {
    known(p, "params")
    if (p == null) return ListParams()
    return ListParams(
        organizationId = p.str("organization_id"),
        search = p.str("search"),
        domain = p.str("domain"),
        limit = if (p.has("limit")) p.getLong("limit") else null,
        before = p.str("before"),
        after = p.str("after"),
        order = p.str("order"),
    )
}

/** `call.options` as the binding's per-request options; null when the call has none. */
private fun requestOptions(o: JSONObject?): RequestOptions? {
    if (o == null) return null
    known(o, "options")
    val headers = if (o.has("extra_headers")) {
        val h = o.optJSONObject("extra_headers") ?: error("call.options.extra_headers must be an object")
        h.keySet().associateWith { h.optString(it) }
    } else emptyMap()
    return RequestOptions(
        timeoutMs = if (o.has("timeout_ms")) o.getLong("timeout_ms").toULong() else null,
        maxRetries = if (o.has("max_retries")) o.getInt("max_retries").toUInt() else null,
        extraHeaders = headers,
        idempotencyKey = o.str("idempotency_key"),
        baseUrl = o.str("base_url"),
    )
}

private class Outcome(val result: Any?, val error: WorkOsException?, val items: Int?)

private suspend fun perform(client: WorkOsClient, call: JSONObject): Outcome {
    known(call, "call")
    val options = requestOptions(call.optJSONObject("options"))
    val items = mutableListOf<JSONObject>()
    return try {
        when (call.getString("op")) {
            "get" -> Outcome(client.getDirectory(call.getString("id"), options).toWire(), null, null)
            "delete" -> { client.deleteDirectory(call.getString("id"), options); Outcome(JSONObject.NULL, null, null) }
            "list" -> Outcome(client.listDirectories(params(call.optJSONObject("params")), options).toWire(), null, null)
            "list_all" -> {
                client.directories(params(call.optJSONObject("params")), options).collect { items += it.toWire() }
                Outcome(JSONArray(items), null, items.size)
            }
            else -> error("unknown op ${call.getString("op")}")
        }
    } catch (e: WorkOsException) {
        Outcome(null, e, items.size)
    }
}

private fun same(a: Any?, b: Any?): Boolean = when {
    a is JSONObject && b is JSONObject -> a.similar(b)
    a is JSONArray && b is JSONArray -> a.similar(b)
    else -> a == b || (a == JSONObject.NULL && b == null) || (a == null && b == JSONObject.NULL)
}

private fun dirsOf(result: Any?): List<JSONObject> = when (result) {
    is JSONArray -> (0 until result.length()).map { result.getJSONObject(it) }
    is JSONObject -> result.optJSONArray("data")?.let { a -> (0 until a.length()).map { a.getJSONObject(it) } } ?: emptyList()
    else -> emptyList()
}

private fun checkError(want: JSONObject, e: WorkOsException) {
    known(want, "error")
    val info = e.info
    verify(info.kind == want.getString("kind")) { "kind ${info.kind}, expected ${want.getString("kind")}: $info" }
    if (want.has("status")) verify(info.status == want.getInt("status")) { "status: $info" }
    if (want.has("code")) verify(info.code == want.getString("code")) { "code: $info" }
    if (want.has("message_contains")) verify(info.detail.contains(want.getString("message_contains"))) { "message: $info" }
    if (want.has("request_id")) verify(!info.requestId.isNullOrEmpty() == want.getBoolean("request_id")) { "request id: $info" }
    if (want.has("errors")) {
        val expected = want.getJSONArray("errors")
        verify(info.fieldErrors.size == expected.length()) { "field errors: $info" }
        for (i in 0 until expected.length()) {
            val w = expected.getJSONObject(i)
            val g = info.fieldErrors[i]
            if (w.has("field")) verify(g.field == w.getString("field")) { "field: $g" }
            if (w.has("code")) verify(g.code == w.getString("code")) { "field code: $g" }
        }
    }
    if (want.has("retry_after")) verify(info.retryAfterSeconds?.toInt() == want.getInt("retry_after")) { "retry after: $info" }
}

private fun checkResult(expect: JSONObject, result: Any?) {
    if (expect.has("result")) verify(same(expect.get("result"), result)) { "result differs:\n${expect.get("result")}\n$result" }
    val dirs = dirsOf(result)
    if (expect.has("result_ids")) {
        val want = expect.getJSONArray("result_ids").toList()
        verify(dirs.map { it.getString("id") } == want) { "ids ${dirs.map { it.getString("id") }}, expected $want" }
    }
    if (expect.has("result_count")) verify(dirs.size == expect.getInt("result_count")) { "count ${dirs.size}" }
    if (expect.has("result_sorted")) {
        verify(dirs.map { it.getString("id") }.toSet().size == dirs.size) { "an id repeats" }
        val keys = dirs.map { it.getString("created_at") + "\u0000" + it.getString("id") }
        val sorted = if (expect.getString("result_sorted") == "asc") keys.sorted() else keys.sortedDescending()
        verify(keys == sorted) { "not sorted ${expect.getString("result_sorted")}" }
    }
}

private fun checkRequest(i: Int, want: JSONObject, got: JSONObject) {
    known(want, "request")
    verify(got.getString("method") == want.getString("method")) { "request $i: $got" }
    verify(got.getString("path") == want.getString("path")) { "request $i: $got" }
    if (want.has("query")) {
        val q = want.getJSONObject("query")
        val actual = got.optJSONObject("query_params") ?: JSONObject()
        verify(actual.keySet() == q.keySet()) { "request $i query: $got" }
        for (k in q.keySet()) verify(q.getString(k) == "*" || q.getString(k) == actual.getString(k)) { "request $i query $k: $got" }
    }
    if (want.has("user_agent_prefix")) {
        val ua = got.optString("user_agent")
        verify(ua.startsWith(want.getString("user_agent_prefix")) && ua.contains(" kotlin/")) { "user agent $ua" }
    }
    // Names compare case-insensitively (the log has them in lower case); a
    // null value means the header must be absent.
    if (want.has("headers")) {
        val headers = want.optJSONObject("headers") ?: error("requests[].headers must be an object")
        val logged = got.optJSONObject("headers") ?: JSONObject()
        for (name in headers.keySet().sorted()) {
            val value = headers.get(name)
            val actual = logged.opt(name.lowercase())
            verify(same(value, actual)) { "request $i: header $name should be $value; logged $got" }
        }
    }
}

fun conformanceTests(tests: Tests, mock: Mock) {
    KEYS = loadKeys(File(REPO, "tests/conformance-keys.json"))
    val dir = File(REPO, "tests/conformance")
    val files = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
    verify(files.size >= 40) { "expected the conformance scenarios in $dir" }
    for (file in files) {
        tests.test("conformance ${file.nameWithoutExtension}") {
            val scenario = JSONObject(file.readText())
            known(scenario, "scenario")
            verify(scenario.getString("name") == file.nameWithoutExtension) { "name" }
            val setup = scenario.optJSONObject("setup") ?: JSONObject()
            known(setup, "setup")
            mock.admin("POST", "reset", setup.optJSONObject("reset") ?: JSONObject().put("count", 0))
            if (setup.has("directories")) mock.admin("POST", "directories", setup.get("directories"))
            if (setup.has("faults")) mock.admin("POST", "faults", setup.get("faults"))
            mock.clearLog()
            val opts = setup.optJSONObject("client") ?: JSONObject()
            known(opts, "client")
            val client = WorkOsClient(
                if (opts.has("api_key")) opts.getString("api_key") else API_KEY,
                ClientOptions(
                    baseUrl = opts.str("base_url") ?: mock.url,
                    maxRetries = if (opts.has("max_retries")) opts.getInt("max_retries").toUInt() else null,
                    timeoutMs = if (opts.has("timeout_ms")) opts.getLong("timeout_ms").toULong() else null,
                    runtime = "kotlin/${KotlinVersion.CURRENT}",
                ),
            )
            val outcome = client.use { perform(it, scenario.getJSONObject("call")) }
            val expect = scenario.getJSONObject("expect")
            known(expect, "expect")
            if (expect.has("error")) {
                val e = outcome.error ?: throw AssertionError("expected error ${expect.get("error")}, got ${outcome.result}")
                checkError(expect.getJSONObject("error"), e)
            } else {
                verify(outcome.error == null) { "expected success, got ${outcome.error?.info}" }
                checkResult(expect, outcome.result)
            }
            if (expect.has("items_before_error")) verify(outcome.items == expect.getInt("items_before_error")) { "items ${outcome.items}" }
            val log = mock.requests()
            val count = if (expect.has("request_count")) expect.getInt("request_count")
            else expect.optJSONArray("requests")?.length()
            if (count != null) verify(log.length() == count) { "expected $count requests, logged ${log.toString(1)}" }
            expect.optJSONArray("requests")?.let { reqs ->
                for (i in 0 until reqs.length()) checkRequest(i, reqs.getJSONObject(i), log.getJSONObject(i))
            }
            if (expect.has("mock_directory_count")) {
                verify(mock.directories().length() == expect.getInt("mock_directory_count")) { "directory count" }
            }
        }
    }
}
