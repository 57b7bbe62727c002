def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def slurp = { new groovy.json.JsonSlurper().parse(it) }
def wide = (1..5).collect { "wide$it" as String } + ['side', 'side-leaf']

def broken = slurp(new File(basedir, 'target/cip-broken/report.json'))
def first = broken.images.collectEntries { [it.name, it] }
assert first.busybox.decision == 'DONE'
assert first.mid.decision == 'FAILED' && first.mid.attempts == 1: 'a Dockerfile error is never retried'
// every sibling of the failure, and their children, are built and pushed in the same run
wide.each { assert first[it].decision == 'DONE' && first[it].digest: "$it: ${first[it]}" }
// the failure's descendants are blocked: never started, nothing of theirs pushed, no step of theirs ran
['leaf', 'deep'].each { String name ->
    assert first[name].decision == 'BLOCKED' && first[name].start == null && first[name].attempts == 0: "${first[name]}"
    File log = new File(basedir, "target/cip-broken/logs/${name}.log")
    if (log.exists()) {
        // BuildKit may list the image's own step (named), but it never ran: no output, no DONE
        def own = log.readLines().findAll { it.contains("echo \"0") && it.contains("-$name\"") || it.contains("echo \"02-$name\"") || it.contains("echo \"03-$name\"") }
        own.collect { it.tokenize(' ')[0] }.each { String vertex ->
            assert log.readLines().count { it.startsWith(vertex + ' ') } == 1: "step $vertex of $name ran:\n${log.text}"
        }
    }
}
assert first.leaf.reason == 'parent mid failed' && first.deep.reason == 'parent mid failed'
String log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] [') && log.contains('mid 1.0.0 FAILED'): 'the failure is logged at ERROR'
assert log.contains('blocked: leaf (parent mid failed), deep (parent mid failed)') || log.contains('blocked: deep (parent mid failed), leaf (parent mid failed)')

def fixed = support.report(basedir).images.collectEntries { [it.name, it] }
assert fixed.findAll { it.value.decision == 'DONE' }.keySet() == ['mid', 'leaf', 'deep'] as Set: "re-run: $fixed"
assert fixed.findAll { it.value.decision == 'SKIP' }.keySet() == (['busybox'] + wide) as Set
(['busybox', 'mid', 'leaf', 'deep'] + wide).each { assert support.exists(itRegistry, "$ns/$it", '1.0.0') }
return true
