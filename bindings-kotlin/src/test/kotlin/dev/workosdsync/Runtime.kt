// The binding under real use: shared client across coroutines, cancellation,
// the Flow layer, errors and models. Against the mock over HTTP.
package dev.workosdsync

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.json.JSONObject

fun runtimeTests(tests: Tests, mock: Mock) {
    tests.test("200 concurrent coroutines share one client") {
        mock.reset(count = 20)
        val ids = (0 until 20).map { mock.directories().getJSONObject(it).getString("id") }
        mock.client().use { client ->
            val results = withContext(Dispatchers.Default) {
                coroutineScope { (0 until 200).map { i -> async { client.getDirectory(ids[i % ids.size]).id } }.awaitAll() }
            }
            verify(results == (0 until 200).map { ids[it % ids.size] }) { "results out of order" }
        }
    }

    tests.test("calls wake their coroutines without creating a JVM thread each") {
        mock.reset(count = 1)
        val id = mock.directories().getJSONObject(0).getString("id")
        mock.client().use { client ->
            client.getDirectory(id) // the runtime's thread exists and has attached itself
            val threads = java.lang.management.ManagementFactory.getThreadMXBean()
            val before = threads.totalStartedThreadCount
            repeat(100) { client.getDirectory(id) }
            // Before the runtime's threads stayed attached, JNA attached and
            // detached one for every callback: a new Thread per call.
            val started = threads.totalStartedThreadCount - before
            verify(started < 10) { "$started JVM threads started during 100 calls" }
            val ours = Thread.getAllStackTraces().keys.filter { it.name == "workos-dsync" }
            verify(ours.isNotEmpty() && ours.all { it.isDaemon }) {
                "the runtime's threads as the JVM sees them: ${ours.map { "${it.name} daemon=${it.isDaemon}" }}"
            }
        }
    }

    tests.test("cancelling a coroutine mid-request aborts it without a leak") {
        mock.reset(count = 1)
        val id = mock.directories().getJSONObject(0).getString("id")
        mock.fault(JSONObject().put("method", "GET").put("path", "/directories/$id").put("delay_ms", 60000).put("times", 20))
        mock.client().use { client ->
            coroutineScope {
                val jobs = (0 until 10).map { launch(Dispatchers.Default) { client.getDirectory(id) } }
                // Wait until all ten are really in flight (a loaded machine starts them slowly).
                var started = 0
                while (inFlightCalls() < 10uL && started < 250) { delay(20); started++ }
                verify(inFlightCalls() == 10uL) { "in flight before cancel: ${inFlightCalls()}" }
                val cancelledAt = System.nanoTime()
                jobs.forEach { it.cancelAndJoin() }
                // The server would answer after 60 s; cancelling must not wait for it (the
                // bound is loose on purpose: only a call that waited for the server is that slow).
                verify(System.nanoTime() - cancelledAt < 30_000_000_000L) { "cancellation was not prompt" }
            }
            var waited = 0
            while (inFlightCalls() != 0uL && waited < 50) { delay(20); waited++ }
            verify(inFlightCalls() == 0uL) { "requests still in flight after cancel: ${inFlightCalls()}" }
            mock.admin("DELETE", "faults")
            verify(client.getDirectory(id).id == id) { "client unusable after cancellation" }
        }
    }

    tests.test("the Flow fetches pages lazily and keeps filters") {
        mock.reset(count = 45)
        mock.client().use { client ->
            mock.clearLog()
            val first = client.directories(ListParams(limit = 10, order = "asc")).take(15).toList()
            verify(first.size == 15) { "took ${first.size}" }
            verify(mock.requests().length() == 2) { "15 items of 10 a page: ${mock.requests().length()} requests" }
            val all = client.directories(ListParams(limit = 10)).toList()
            verify(all.size == 45 && all.map { it.id }.toSet().size == 45) { "all: ${all.size}" }
            val page = client.listDirectories(ListParams(limit = 10, order = "asc"))
            val rest = mutableListOf<Directory>()
            client.paginatorAfter(ListParams(limit = 10, order = "asc"), page.listMetadata).use { pages ->
                while (true) rest += (pages.nextPage() ?: break).data
            }
            verify(page.data.size + rest.size == 45) { "from a page: ${page.data.size + rest.size}" }
        }
    }

    tests.test("a per-call timeout overrides the client's") {
        mock.reset(count = 1)
        val id = mock.directories().getJSONObject(0).getString("id")
        mock.client(ClientOptions(baseUrl = mock.url, maxRetries = 3u, timeoutMs = 60_000uL)).use { client ->
            mock.fault(JSONObject().put("method", "GET").put("path", "/directories/$id").put("delay_ms", 5000))
            mock.clearLog()
            val started = System.nanoTime()
            val e = try {
                client.getDirectory(id, RequestOptions(timeoutMs = 200uL, maxRetries = 0u)); null
            } catch (e: WorkOsException) { e }
            verify(e is WorkOsException.Timeout) { "got $e" }
            verify(System.nanoTime() - started < 4_000_000_000L) { "the client's 60 s timeout was used" }
            verify(mock.requests().length() == 1) { "the per-call max retries of 0 was not used" }
            // Without options the client's timeout applies again: a 300 ms answer is fine.
            mock.fault(JSONObject().put("method", "GET").put("path", "/directories/$id").put("delay_ms", 300))
            verify(client.getDirectory(id).id == id) { "the next call" }
        }
    }

    tests.test("request options go with every page of the Flow and are checked first") {
        mock.reset(count = 25)
        mock.client().use { client ->
            val options = RequestOptions(extraHeaders = mapOf("X-Trace-Id" to "walk-7"), idempotencyKey = "k-1")
            mock.clearLog()
            val all = client.directories(ListParams(limit = 10), options).toList()
            verify(all.size == 25) { "walked ${all.size}" }
            val log = mock.requests()
            verify(log.length() == 3) { "requests ${log.length()}" }
            for (i in 0 until log.length()) {
                val headers = log.getJSONObject(i).getJSONObject("headers")
                verify(headers.optString("x-trace-id") == "walk-7" && headers.optString("idempotency-key") == "k-1") { "page $i: $headers" }
            }
            val page = client.listDirectories(ListParams(limit = 10), options)
            mock.clearLog()
            client.paginatorAfter(ListParams(limit = 10), page.listMetadata, options).use { pages ->
                while (pages.nextPage() != null) { /* every page */ }
            }
            client.listDirectories(ListParams(limit = 1))
            val traced = (0 until mock.requests().length()).map {
                mock.requests().getJSONObject(it).getJSONObject("headers").optString("x-trace-id", "")
            }
            verify(traced == listOf("walk-7", "walk-7", "")) { "x-trace-id per request: $traced" }

            mock.clearLog()
            val owned = try {
                client.getDirectory("x", RequestOptions(extraHeaders = mapOf("Authorization" to "Bearer other"))); null
            } catch (e: WorkOsException) { e }
            verify(owned is WorkOsException.InvalidArgument && "Authorization" in owned.info.detail) { "got $owned" }
            val zero = try { client.directories(options = RequestOptions(timeoutMs = 0uL)).toList(); null } catch (e: WorkOsException) { e }
            verify(zero is WorkOsException.InvalidArgument) { "got $zero" }
            val remote = try {
                client.deleteDirectory("x", RequestOptions(baseUrl = "http://api.example.com")); null
            } catch (e: WorkOsException) { e }
            verify(remote is WorkOsException.Configuration) { "got $remote" }
            verify(mock.requests().length() == 0) { "sent ${mock.requests().length()}" }
        }
    }

    tests.test("open enums keep unknown values; optional fields are null") {
        mock.reset(count = 0)
        mock.admin("POST", "directories", org.json.JSONArray().put(JSONObject()
            .put("id", "directory_odd").put("type", "future hr").put("state", "hibernating").put("name", "Odd")))
        mock.client().use { client ->
            val d = client.getDirectory("directory_odd")
            verify(d.directoryType == DirectoryType.Other("future hr")) { "type ${d.directoryType}" }
            verify(d.state == DirectoryState.Other("hibernating")) { "state ${d.state}" }
            verify(d.domain == null && d.metadata == null) { "optional fields $d" }
            verify(DirectoryType.OktaScimV2.wireValue == "okta scim v2.0") { "wire value" }
        }
    }

    tests.test("errors carry every field; the key shows nowhere") {
        val secret = "sk_test_kotlin_secret_value"
        WorkOsClient(secret, ClientOptions(baseUrl = mock.url)).use { client ->
            val e = try { client.getDirectory("x"); null } catch (e: WorkOsException) { e }
            verify(e is WorkOsException.Authentication) { "got $e" }
            val info = e!!.info
            verify(info.kind == "authentication" && info.status == 401 && info.requestId!!.startsWith("req_")) { "$info" }
            verify(secret !in e.toString() && secret !in client.toString()) { "the key leaked" }
        }
        mock.client().use { client ->
            val bad = try { client.listDirectories(ListParams(limit = 0)); null } catch (e: WorkOsException) { e }
            verify(bad is WorkOsException.InvalidArgument) { "got $bad" }
        }
        WorkOsClient("k", ClientOptions(baseUrl = "http://api.example.com")).use { client ->
            verify(client.baseUrl() == null) { "base url accepted" }
            val e = try { client.getDirectory("x"); null } catch (e: WorkOsException) { e }
            verify(e is WorkOsException.Configuration) { "got $e" }
        }
    }
}
