// A small test harness: named suspend tests, one line each, and the closing
// "N passed, N failed" line that CI sums; the exit code is non-zero on failure.
package dev.workosdsync

import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.system.exitProcess

class Tests {
    private val tests = mutableListOf<Pair<String, suspend () -> Unit>>()

    fun test(name: String, body: suspend () -> Unit) {
        tests += name to body
    }

    fun runAll(): Int {
        var passed = 0
        var failed = 0
        for ((name, body) in tests) {
            try {
                runBlocking { withTimeout(120_000) { body() } }
                println("ok $name")
                passed++
            } catch (e: Throwable) {
                println("FAILED $name: $e")
                e.stackTrace.take(6).forEach { println("    at $it") }
                failed++
            }
        }
        println("$passed passed, $failed failed")
        return failed
    }
}

fun verify(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

fun main() {
    val mock = Mock.start()
    val failed = try {
        val tests = Tests()
        conformanceTests(tests, mock)
        runtimeTests(tests, mock)
        tests.runAll()
    } finally {
        mock.stop()
    }
    exitProcess(if (failed == 0) 0 else 1)
}
