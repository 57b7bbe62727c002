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
// parents finish before children start
def byName = first.images.collectEntries { [it.name, it] }
def t = { java.time.Instant.parse(it) }
assert t(byName.base.start) >= t(byName.busybox.end)
assert t(byName.left.start) >= t(byName.base.end) && t(byName.right.start) >= t(byName.base.end)

def second = support.report(basedir)
assert second.images.collect { it.name } == ['busybox', 'base', 'left', 'right']
assert second.images.every { it.decision == 'SKIP' }: "second run built something: ${second.images}"
String log = new File(basedir, 'build.log').text
assert log.contains('Nothing to build')
assert !new File(basedir, 'target/cip/logs').exists() || new File(basedir, 'target/cip/logs').list().length == 0
return true
