// The mock server binary over real HTTP on 127.0.0.1, and its admin API.
package dev.workosdsync

import org.json.JSONArray
import org.json.JSONObject
import org.json.JSONTokener
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

val REPO: File = File(System.getenv("WORKOS_DSYNC_REPO") ?: ".").absoluteFile
const val API_KEY = "sk_test_mock"

class Mock private constructor(private val process: Process, val url: String) {
    private val http = HttpClient.newHttpClient()

    fun admin(method: String, path: String, body: Any? = null): Any? {
        val publisher = if (body == null) HttpRequest.BodyPublishers.noBody()
        else HttpRequest.BodyPublishers.ofString(body.toString())
        val request = HttpRequest.newBuilder(URI("$url/__mock/$path"))
            .method(method, publisher)
            .header("content-type", "application/json")
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        verify(response.statusCode() in 200..299) { "admin $method $path: ${response.statusCode()} ${response.body()}" }
        val text = response.body()
        return if (text.isBlank()) null else JSONTokener(text).nextValue()
    }

    fun reset(count: Int = 0, seed: Int = 1) = admin("POST", "reset", JSONObject(mapOf("count" to count, "seed" to seed)))
    fun fault(fault: JSONObject) = admin("POST", "faults", fault)
    fun requests(): JSONArray = admin("GET", "requests") as JSONArray
    fun clearLog() = admin("DELETE", "requests")
    fun directories(): JSONArray = admin("GET", "directories") as JSONArray

    fun client(options: ClientOptions = ClientOptions()): WorkOsClient =
        WorkOsClient(API_KEY, options.copy(baseUrl = options.baseUrl ?: url, runtime = "kotlin/${KotlinVersion.CURRENT}"))

    fun stop() {
        process.destroy()
    }

    companion object {
        fun start(): Mock {
            val bin = System.getenv("WORKOS_DSYNC_MOCK_BIN") ?: File(REPO, "target/debug/workos-dsync-mock").path
            val process = ProcessBuilder(bin, "--port", "0", "--api-key", API_KEY)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val first = process.inputStream.bufferedReader().readLine() ?: error("the mock printed nothing")
            verify(first.startsWith("listening on ")) { "mock did not start: $first" }
            return Mock(process, first.removePrefix("listening on "))
        }
    }
}
