def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
def versions = ['root': '1.0.0', 'left': '1.0.0', 'right': '1.0.0', 'diamond': '2.0.0', 'leaf': '3.0.0', 'lonely': '1.0.0']
def both = ['linux/amd64', 'linux/arm64'] as Set

// 1. the amd64 shard staged every image for linux/amd64, under staging tags, with their fingerprints
def amd64 = slurp('target/cip-amd64/stage.json')
assert amd64.platforms == ['linux/amd64']
assert amd64.images*.image as Set == versions.keySet(): "amd64 shard: ${amd64.images}"
assert amd64.images.every { it.platform == 'linux/amd64' && it.tag == versions[it.image] + '__cip-linux-amd64' && it.fingerprint?.startsWith('sha256:') && it.digest?.startsWith('sha256:') }
// 2. the arm64 shard: lonely wants no arm64 and was left out
def arm64 = slurp('target/cip-arm64/stage.json')
assert arm64.images*.image as Set == versions.keySet() - 'lonely': "arm64 shard: ${arm64.images}"
def arm64Report = slurp('target/cip-arm64/report.json')
def lonely = arm64Report.images.find { it.name == 'lonely' }
assert lonely.decision == 'SKIP' && lonely.reason.contains('left out of this run'): "$lonely"
assert arm64Report.images.findAll { it.name != 'lonely' }.every { it.decision == 'DONE' }: "${arm64Report.images}"
// the same fingerprint on both shards: content does not depend on the platforms a run builds
arm64.images.each { e -> assert e.fingerprint == amd64.images.find { it.image == e.image }.fingerprint }

// 3. nothing was tagged before the release: it released every image (not "unchanged"), parents first
versions.each { name, version ->
    assert log.contains("$name $version: released"): "the release did not tag $name $version"
}
assert log.contains('6 released, 0 already released, 0 not released')
versions.each { name, version ->
    Set expected = name == 'lonely' ? ['linux/amd64'] as Set : both
    assert support.platforms(itRegistry, "$ns/$name", version) == expected: "$name $version"
    assert support.manifest(itRegistry, "$ns/$name", version)._digest == support.manifest(itRegistry, "$ns/$name", 'latest')._digest
}
// every child, on each platform, is built on its parent of the same platform
[['root', 'left'], ['root', 'right'], ['right', 'diamond'], ['diamond', 'leaf']].each { parent, child ->
    ['linux/amd64', 'linux/arm64'].each { platform ->
        List p = support.diffIds(itRegistry, "$ns/$parent", versions[parent], platform)
        List c = support.diffIds(itRegistry, "$ns/$child", versions[child], platform)
        assert c.take(p.size()) == p && c.size() > p.size(): "$child ($platform) is not built on $parent ($platform)"
    }
}
assert support.diffIds(itRegistry, "$ns/root", '1.0.0', 'linux/amd64') != support.diffIds(itRegistry, "$ns/root", '1.0.0', 'linux/arm64')

// 4. releasing again changed nothing
assert log.contains('0 released, 6 already released, 0 not released')
// 5. a third shard run built nothing
def again = slurp('target/cip-again/report.json')
assert again.images.every { it.decision == 'SKIP' }: "third shard built: ${again.images}"
assert !new File(basedir, 'target/cip-again/stage.json').exists() || slurp('target/cip-again/stage.json').images.isEmpty()
return true
