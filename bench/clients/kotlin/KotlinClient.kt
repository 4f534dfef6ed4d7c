// One benchmark workload through the Kotlin binding, as bench/harness.py runs it:
//   java -cp ... KotlinClientKt WORKLOAD BASE_URL API_KEY N ID
// Prints one JSON line: wall and CPU seconds (user + system, every thread of
// the process: JIT and GC threads included, as a user's process has them)
// around the workload, the number of items and the process's peak RSS
// (VmHWM). `first-call` also times the client's construction. Built by
// bench/run when kotlinc and JNA are at hand (target/kotlin-tools).
import dev.workosdsync.ClientOptions
import dev.workosdsync.ListParams
import dev.workosdsync.WorkOsClient
import dev.workosdsync.WorkOsException
import dev.workosdsync.directories
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.runBlocking
import java.io.File
import java.lang.management.ManagementFactory
import kotlin.system.exitProcess

/** User + system CPU seconds of the whole process, every thread. */
fun cpuSeconds(): Double =
    (ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean).processCpuTime / 1e9

fun peakRssMb(): Double? =
    File("/proc/self/status").takeIf { it.exists() }?.readLines()
        ?.firstOrNull { it.startsWith("VmHWM:") }
        ?.split(Regex("\\s+"))?.getOrNull(1)?.toDoubleOrNull()?.div(1024)

fun fail(message: String): Nothing {
    System.err.println("KotlinClient: $message")
    exitProcess(1)
}

fun main(args: Array<String>) {
    if (args.size != 5) fail("usage: KotlinClient WORKLOAD BASE_URL API_KEY N ID")
    val (workload, baseUrl, apiKey, nText, id) = args
    val n = nText.toIntOrNull() ?: fail("N must be a number, not $nText")

    var wall0 = System.nanoTime()
    var cpu0 = cpuSeconds()
    val client = WorkOsClient(apiKey, ClientOptions(baseUrl = baseUrl, maxRetries = 0u))
    if (workload != "first-call") {
        wall0 = System.nanoTime()
        cpu0 = cpuSeconds()
    }
    val count = try {
        runBlocking {
            when (workload) {
                "get-seq", "first-call" -> {
                    repeat(n) {
                        val directory = client.getDirectory(id)
                        if (directory.id != id) fail("asked for $id, got ${directory.id}")
                    }
                    n
                }
                "get-concurrent" -> coroutineScope {
                    (1..n).map { async { client.getDirectory(id) } }.awaitAll().size
                }
                "paginate", "paginate-mem" -> client.directories(ListParams(limit = 100)).count()
                else -> fail("unknown workload $workload")
            }
        }
    } catch (e: WorkOsException) {
        fail("$workload failed: ${e.message}")
    }
    val wall = (System.nanoTime() - wall0) / 1e9
    val cpu = cpuSeconds() - cpu0
    client.close()
    println("{\"wall\": $wall, \"cpu\": $cpu, \"count\": $count, \"rss_mb\": ${peakRssMb() ?: "null"}}")
}
