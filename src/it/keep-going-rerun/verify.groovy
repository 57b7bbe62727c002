def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def slurp = { new groovy.json.JsonSlurper().parse(it) }

def broken = slurp(new File(basedir, 'target/cip-broken/report.json'))
def first = broken.images.collectEntries { [it.name, it] }
assert first.busybox.decision == 'DONE'
assert first.mid.decision == 'FAILED' && first.mid.exitCode == 1
assert first.leaf.decision == 'BLOCKED' && first.leaf.reason == 'parent mid failed'
// independent images are still built when cip.stopOnFirstError=false, even those ordered after the failure
assert first.side.decision == 'DONE' && first['side-leaf'].decision == 'DONE'
String summary = new File(basedir, 'target/cip-broken/summary.md').text
assert summary.contains('| mid | 1.0.0 | FAILED |')
assert summary.contains('| leaf | 1.0.0 | BLOCKED | parent mid failed |')
String log = new File(basedir, 'build.log').text
assert log.contains('mid 1.0.0: docker buildx bake exited 1')
assert log.contains('blocked: leaf (parent mid failed)')

def fixed = support.report(basedir).images.collectEntries { [it.name, it] }
assert fixed.findAll { it.value.decision == 'DONE' }.keySet() == ['mid', 'leaf'] as Set: "re-run: $fixed"
assert fixed.findAll { it.value.decision == 'SKIP' }.keySet() == ['busybox', 'side', 'side-leaf'] as Set
['busybox', 'mid', 'leaf', 'side', 'side-leaf'].each { assert support.exists(itRegistry, "$ns/$it", '1.0.0') }
return true
