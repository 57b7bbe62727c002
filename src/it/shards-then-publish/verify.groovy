def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
String reg = "$itRegistry/$ns"

// each shard staged the parent only, for its own platform, under its own tag
['amd64', 'arm64'].each { arch ->
    def stage = slurp("target/cip-$arch/stage.json")
    assert stage.images*.image == ['root'] && stage.images*.platform == ["linux/$arch"]: "$stage"
    assert stage.images[0].tag == "1.0.0__cip-linux-$arch"
}
def publish = slurp('target/cip-publish/report.json')
def byName = publish.images.collectEntries { [it.name, it] }
assert publish.status == 'SUCCEEDED': "${publish.images}"
assert byName.root.planned == 'RELEASE': "${publish.images}"
assert byName.child.planned == 'BUILD': "${publish.images}"
assert publish.images.every { it.released }: "${publish.images}"

// the child was built, pinned by digest, on one index of the parent holding both platforms, staged under the tag
// of exactly those
def bake = slurp('target/cip-publish/bake.json')
String context = bake.target.child.contexts."$reg/root:1.0.0"
assert context ==~ /docker-image:\/\/.*\/root:1\.0\.0@sha256:[0-9a-f]{64}/: "$bake"
String pinned = context.substring(context.indexOf('@') + 1)
assert support.manifest(itRegistry, "$ns/root", '1.0.0__cip-linux-amd64_linux-arm64')._digest == pinned
// ... and that index is what the parent is released as
assert support.manifest(itRegistry, "$ns/root", '1.0.0')._digest == pinned
assert support.manifest(itRegistry, "$ns/root", 'latest')._digest == pinned
assert support.platforms(itRegistry, "$ns/root", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set

// the child holds both platforms, each on the parent's layers of the same platform
assert support.platforms(itRegistry, "$ns/child", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set
['linux/amd64', 'linux/arm64'].each { platform ->
    List parent = support.diffIds(itRegistry, "$ns/root", '1.0.0', platform)
    List child = support.diffIds(itRegistry, "$ns/child", '1.0.0', platform)
    assert child.size() == parent.size() + 1 && child.take(parent.size()) == parent: "$platform: $parent vs $child"
}
return true
