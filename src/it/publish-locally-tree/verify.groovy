def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def images = ['busybox': '1.0.0', 'base': '2.0.0', 'left': '1.1.0', 'right': '0.9.0']

images.each { name, version ->
    assert support.exists(itRegistry, "$ns/$name", version): "$name:$version was not pushed"
    assert support.exists(itRegistry, "$ns/$name", 'latest'): "$name:latest was not pushed"
}

def first = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip-first/report.json'))
assert first.images.collect { it.name } == ['busybox', 'base', 'left', 'right']
assert first.images.every { it.decision == 'DONE' }: "first run: ${first.images}"
assert first.images.every { it.digest?.startsWith('sha256:') }: "digests from --metadata-file: ${first.images}"
// one solve: BuildKit schedules the steps (a cached parent step may even "start" after its child's), so the order is
// proven by content: every child is built on the parent this run built (its layers start with the parent's)
def byName = first.images.collectEntries { [it.name, it] }
def layers = { name -> support.diffIds(itRegistry, "$ns/$name", images[name]) }
[['busybox', 'base'], ['base', 'left'], ['base', 'right']].each { parent, child ->
    List p = layers(parent)
    List c = layers(child)
    assert c.size() > p.size() && c.take(p.size()) == p: "$child is not built on the $parent of this run: $c vs $p"
}
// pushed under staging tags, released as <version> and latest at the end: no other tag is a release tag
images.each { name, version ->
    List<String> tags = support.tags(itRegistry, "$ns/$name")
    assert tags.containsAll([version, 'latest']) && tags.every { it in [version, 'latest'] || it.startsWith(version + '__cip-') }: "$name: $tags"
    // the report names the digest that was released
    assert support.manifest(itRegistry, "$ns/$name", version)._digest == byName[name].digest: "$name: ${byName[name]}"
    assert byName[name].released == true
}

// where the time went: the trace has the solve, inside the goal's total, and the steps around it in order
def spans = first.trace.collectEntries { [it.name, it] }
assert ['setup', 'scan', 'plan', 'builder probes', 'bake definition', 'solve', 'release', 'reports', 'total']
        .every { spans.containsKey(it) }: "trace: ${first.trace}"
assert first.trace.last().name == 'total' && first.trace.every { it.durationMillis >= 0 }: "trace: ${first.trace}"
assert spans.solve.durationMillis < spans.total.durationMillis: "trace: ${first.trace}"
assert spans.solve.startMillis + spans.solve.durationMillis <= spans.total.durationMillis + 2: "trace: ${first.trace}"
assert spans['bake definition'].startMillis <= spans.solve.startMillis && spans.solve.startMillis <= spans.release.startMillis
def second = support.report(basedir)
assert second.images.collect { it.name } == ['busybox', 'base', 'left', 'right']
assert second.images.every { it.decision == 'SKIP' }: "second run built something: ${second.images}"
assert !second.trace.any { it.name == 'solve' }: "the no-op solved: ${second.trace}"
String log = new File(basedir, 'build.log').text
assert log.contains('Nothing to build')
assert !new File(basedir, 'target/cip/logs').exists() || new File(basedir, 'target/cip/logs').list().length == 0
return true
