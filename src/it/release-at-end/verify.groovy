def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
def byName = { report -> report.images.collectEntries { [it.name, it] } }

// 1. atomic: base and good were built (and staged), bad failed, after-bad never started; nothing was tagged
def atomic = byName(slurp('target/cip-atomic/report.json'))
assert atomic.base.decision == 'DONE' && atomic.good.decision == 'DONE': "$atomic"
assert atomic.bad.decision == 'FAILED' && atomic['after-bad'].decision == 'BLOCKED': "$atomic"
assert atomic.values().every { !it.released }: "atomic released something: $atomic"
assert log.contains('releasable, but nothing is tagged: atomic release')

// 2. end: base and good are staged by run 1, so only tagged; the failure and its descendant are not released
def end = byName(slurp('target/cip-end/report.json'))
assert end.base.planned == 'RELEASE' && end.good.planned == 'RELEASE': "run 1 tagged what it staged: $end"
assert end.base.released && end.good.released: "$end"
assert end.bad.decision == 'FAILED' && !end.bad.released && end['after-bad'].decision == 'BLOCKED'
['base', 'good'].each { name ->
    assert support.exists(itRegistry, "$ns/$name", '1.0.0') && support.exists(itRegistry, "$ns/$name", 'latest')
    assert support.manifest(itRegistry, "$ns/$name", '1.0.0')._digest == support.manifest(itRegistry, "$ns/$name", 'latest')._digest
}
['bad', 'after-bad'].each { name ->
    assert !support.tags(itRegistry, "$ns/$name").any { it == '1.0.0' || it == 'latest' }: "$name was tagged"
}
// good is built on the base that was released with it
List b = support.diffIds(itRegistry, "$ns/base", '1.0.0')
assert support.diffIds(itRegistry, "$ns/good", '1.0.0').take(b.size()) == b
assert log.contains('cip publish failed')
assert log.contains('bad 1.0.0: docker buildx bake exited')
return true
