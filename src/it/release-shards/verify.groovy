def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
// run 1 (atomic): nothing tagged, the releasable rest held back
assert log.contains('Nothing was tagged (cip.release=atomic): 3 releasable image(s) held back')
// run 2: each image not released is named with its missing platform, with what to do
assert log.contains('lonely 1.0.0: missing platform linux/arm64')
assert log.contains('mvn cip:publish -Dcip.stage=linux/arm64')
assert log.contains('3 released, 0 already released, 1 not released')
assert !support.exists(itRegistry, "$ns/lonely", '1.0.0')
assert !support.exists(itRegistry, "$ns/lonely", 'latest')
// released: every index holds exactly the wanted platforms, latest is the version
assert support.platforms(itRegistry, "$ns/base", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set
assert support.platforms(itRegistry, "$ns/app", '2.0.0') == ['linux/amd64', 'linux/arm64'] as Set
assert support.platforms(itRegistry, "$ns/tool", '1.0.0') == ['linux/amd64'] as Set
['base': '1.0.0', 'app': '2.0.0', 'tool': '1.0.0'].each { image, version ->
    assert support.manifest(itRegistry, "$ns/$image", version) == support.manifest(itRegistry, "$ns/$image", 'latest')
}
// attestations came along, each still pointing at its platform manifest
def appIndex = support.manifest(itRegistry, "$ns/app", '2.0.0')
def platformDigests = appIndex.manifests.findAll { it.platform?.os != 'unknown' }*.digest as Set
def attested = appIndex.manifests.findAll { it.platform?.os == 'unknown' }.collect { it.annotations['vnd.docker.reference.digest'] } as Set
assert attested == platformDigests
// each arm64/amd64 child's layers start with its parent's of the same platform
def baseIndex = support.manifest(itRegistry, "$ns/base", '1.0.0')
['amd64', 'arm64'].each { arch ->
    def b = support.manifest(itRegistry, "$ns/base", baseIndex.manifests.find { it.platform?.architecture == arch }.digest)
    def a = support.manifest(itRegistry, "$ns/app", appIndex.manifests.find { it.platform?.architecture == arch }.digest)
    assert a.layers*.digest.take(b.layers.size()) == b.layers*.digest
}
// run 3 changed nothing
assert log.contains('0 released, 2 already released, 0 not released')
return true
