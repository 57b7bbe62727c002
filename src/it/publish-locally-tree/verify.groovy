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
// one solve: a child's steps start after its parent's, and every child is built on the parent this run built
// (its layers start with the parent's); the parent's push may still run while the child builds
def byName = first.images.collectEntries { [it.name, it] }
def t = { java.time.Instant.parse(it) }
assert t(byName.base.start) >= t(byName.busybox.start)
assert t(byName.left.start) >= t(byName.base.start) && t(byName.right.start) >= t(byName.base.start)
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
}

def second = support.report(basedir)
assert second.images.collect { it.name } == ['busybox', 'base', 'left', 'right']
assert second.images.every { it.decision == 'SKIP' }: "second run built something: ${second.images}"
String log = new File(basedir, 'build.log').text
assert log.contains('Nothing to build')
assert !new File(basedir, 'target/cip/logs').exists() || new File(basedir, 'target/cip/logs').list().length == 0
return true
