def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String published = new File(basedir, 'published-digest.txt').text.trim()
assert new File(basedir, 'moved.log').text.contains('moved'): 'the wrapper moved the tag when bake started'
assert support.manifest(itRegistry, "$ns/busybox", '1.0.0')._digest != published: 'the tag really moved'

def report = support.report(basedir).images.collectEntries { [it.name, it] }
assert report.busybox.decision == 'SKIP' && report.child.decision == 'DONE'
def bake = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip/bake.json'))
assert bake.target.child.contexts["$itRegistry/$ns/busybox:1.0.0"] == "docker-image://$itRegistry/$ns/busybox:1.0.0@$published"

// The layers of a (possibly indexed) image at ref, attestations left out.
def layers = { String repo, String ref ->
    support.platformManifest(itRegistry, repo, ref).layers*.digest
}
def parent = layers("$ns/busybox", published)
def imposter = layers("$ns/imposter", '1')
def child = layers("$ns/child", '1.0.0')
assert imposter.size() == parent.size() + 1
// built on exactly the digest the plan saw, not on what the tag pointed at when the build ran
assert child.size() == parent.size() + 1 && child.take(parent.size()) == parent
assert !child.contains(imposter.last())
return true
