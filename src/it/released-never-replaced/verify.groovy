def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }

// 1. the other tree's shard staged root for linux/amd64
def staged = slurp('target/staged/report.json').images.find { it.name == 'root' }
assert staged.decision == 'DONE' && staged.reason == 'stage linux/amd64': "$staged"

// 2. the tree was published: released with both platforms, from its own content
def released = slurp('target/released/report.json').images.find { it.name == 'root' }
assert released.decision == 'DONE' && released.released: "$released"
assert released.fingerprint != staged.fingerprint
String releasedDigest = released.digest
assert releasedDigest?.startsWith('sha256:')
assert support.platforms(itRegistry, "$ns/root", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set
// the other content is still staged (the registry keeps staging tags)
assert support.tags(itRegistry, "$ns/root").contains('1.0.0__cip-linux-amd64')

// 3. the release refused to replace 1.0.0: CONFLICT, named; 1.0.0 and latest still point at the release of step 2
assert log.contains('root 1.0.0: not released, 1.0.0 is already released as ' + releasedDigest.take('sha256:'.length() + 12))
assert log.contains('a released version is never replaced, bump the version')
assert support.manifest(itRegistry, "$ns/root", '1.0.0')._digest == releasedDigest
assert support.manifest(itRegistry, "$ns/root", 'latest')._digest == releasedDigest
['linux/amd64', 'linux/arm64'].each { platform ->
    assert support.labels(itRegistry, "$ns/root", '1.0.0', platform)['dev.cip.fingerprint'] == released.fingerprint
}
return true
