def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
Map<String, String> killed = support.watched(new File(basedir, 'killed.txt'))
assert killed.signalled && killed.signalled != '[]': "the watcher killed no Maven: $killed"
// no shutdown hook runs on SIGKILL: the kernel ends the programs the run started (setpriv --pdeathsig)
assert killed.left == '[]': "docker buildx bake of the killed run still running after Maven ended: $killed"
assert (killed.slow ?: "").isEmpty(): "slow was pushed before the run was stopped: $killed"
// right after the kill: staged, never released
['busybox', 'base', 'slow'].each { name ->
    List<String> tags = (killed[name] ?: '').tokenize(' ')
    assert !tags.any { it == '1.0.0' || it == 'latest' }: "$name had a release tag after the kill: $tags"
}
assert killed.base.tokenize(' ').any { it.startsWith('1.0.0__cip-') }
// the second run only tagged what the killed run had staged, and built the rest
def again = slurp('target/cip-again/report.json')
def byName = again.images.collectEntries { [it.name, it] }
// The kill may cut short buildx's second push of base (on the docker driver buildx runs `docker push` after BuildKit's
// own push, and Docker 26 puts each manifest under the tag in turn, the index last). A tag left on the platform
// manifest still holds the image: released. A tag left on the attestation manifest holds none: not staged, built
// again (building slow on it failed in BuildKit: "no processor for media-type application/vnd.in-toto+json").
['busybox', 'base'].each { name ->
    String held = killed[name + '.held'] ?: ''
    String expected = held.endsWith(':attestation') ? 'BUILD' : 'RELEASE'
    assert byName[name].planned == expected: "$name's staging tag held ${held} after the kill: ${byName[name]}"
}
assert byName.slow.planned in ['BUILD', 'RELEASE']: "${again.images}"
assert again.status == 'SUCCEEDED'
assert again.images.every { it.released }: "${again.images}"
['busybox', 'base', 'slow'].each { name ->
    assert support.manifest(itRegistry, "$ns/$name", '1.0.0')._digest == support.manifest(itRegistry, "$ns/$name", 'latest')._digest
}
List b = support.diffIds(itRegistry, "$ns/base", '1.0.0')
assert support.diffIds(itRegistry, "$ns/slow", '1.0.0').take(b.size()) == b
return true
