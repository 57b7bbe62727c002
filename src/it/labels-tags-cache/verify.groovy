def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
String baseCommit = new File(basedir, 'base-commit.txt').text.trim()
String appCommit = new File(basedir, 'app-commit.txt').text.trim()

// 1. labels, read back from the registry's image config
def report1 = slurp('target/cip-1/report.json')
assert report1.images.every { it.decision == 'DONE' && it.released }: "${report1.images}"
Map base = support.labels(itRegistry, "$ns/base", '1.0.0')
Map app = support.labels(itRegistry, "$ns/app", '2.0.0')
assert base['org.opencontainers.image.version'] == '1.0.0' && app['org.opencontainers.image.version'] == '2.0.0'
assert base['org.opencontainers.image.title'] == 'base' && app['org.opencontainers.image.title'] == 'app'
assert base['org.opencontainers.image.source'] == 'https://git.example.com/team/images': "from <scm><url>: $base"
assert base['org.opencontainers.image.revision'] == baseCommit: "the last commit of contexts/00-base: $base"
assert app['org.opencontainers.image.revision'] == appCommit: "$app"
String created = app['org.opencontainers.image.created']
assert created ==~ /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/: "RFC 3339 UTC: $created"
assert base['org.opencontainers.image.created'] == created: 'one run, one start'
// the same facts as annotations of the pushed image manifest
Map appManifest = support.platformManifest(itRegistry, "$ns/app", '2.0.0')
assert appManifest.annotations?.get('org.opencontainers.image.version') == '2.0.0': "${appManifest.annotations}"
assert appManifest.annotations?.get('org.opencontainers.image.revision') == appCommit: "${appManifest.annotations}"
assert app['dev.cip.fingerprint'] ==~ /sha256:[0-9a-f]{64}/: "the fingerprint label stays: $app"
// and the fingerprint as an annotation too: the plan reads it there without reading the config
assert appManifest.annotations?.get('dev.cip.fingerprint') == app['dev.cip.fingerprint']: "${appManifest.annotations}"

// 1. cip.provenance=mode=max: the released index carries a provenance attestation made at mode=max (with the build
// configuration, which mode=min leaves out)
Map baseIndex = support.manifest(itRegistry, "$ns/base", '1.0.0')
Map attestation = baseIndex.manifests.find { it.annotations?.get('vnd.docker.reference.type') == 'attestation-manifest' }
assert attestation != null: "no attestation in $baseIndex"
Map statements = support.manifest(itRegistry, "$ns/base", attestation.digest)
Map provenance = statements.layers.collect { support.blob(itRegistry, "$ns/base", it.digest) }
        .find { it.predicateType?.contains('slsa.dev/provenance') }
assert provenance != null: "no provenance statement in $statements"
assert provenance.predicate.buildConfig != null: "mode=min provenance: ${provenance.predicate.keySet()}"

// 1. extra tags: released with <version> and latest, on the same index (latest, stable and 2 move on in run 3)
String app2 = support.manifest(itRegistry, "$ns/app", '2.0.0')._digest
assert support.manifest(itRegistry, "$ns/app", 'abc1234')?._digest == app2
assert log.contains('release app 2.0.0: released (') && log.contains(': 2.0.0, latest, stable, 2, abc1234)'): 'run 1 wrote them'
assert log.contains(': 1.0.0, latest, abc1234)')
String base1 = support.manifest(itRegistry, "$ns/base", '1.0.0')._digest
assert support.manifest(itRegistry, "$ns/base", 'abc1234')?._digest == base1
assert !support.exists(itRegistry, "$ns/base", 'stable'): ':tags belong to their own image'

// 1. the registry cache: each image's own, under the reserved tag, a BuildKit cache (not an image to release)
['base', 'app'].each { name ->
    Map cache = support.manifest(itRegistry, "$ns/$name", '__cip-cache')
    assert cache != null: "no cache manifest for $name at __cip-cache"
    assert groovy.json.JsonOutput.toJson(cache).contains('application/vnd.buildkit.cacheconfig.v0'): "$cache"
}

// 3. after the bump: the new versions imported run 1's cache, and the moving tags moved
def report3 = slurp('target/cip-3/report.json')
Map versions = report3.images.collectEntries { [it.name, it.version] }
assert versions.base != '1.0.0' && versions.app != '2.0.0': "$versions"
assert report3.images.every { it.decision == 'DONE' && it.released }: "${report3.images}"
// BuildKit's own log of each image: run 1 found no cache to import (and exported one), run 3 imported it
def imported = { String dir, String name ->
    List<String> lines = new File(basedir, "target/$dir/logs/${name}.log").readLines()
    // one bake per image: BuildKit names the vertex without a "[name]" prefix; the cache reference names the image
    String start = lines.find { it.contains("importing cache manifest from $itRegistry/$ns/$name:__cip-cache") }
    assert start != null: "$dir: $name never looked for its registry cache: $lines"
    String vertex = start.substring(0, start.indexOf(' '))
    lines.find { it.startsWith(vertex + ' DONE') } ? 'imported'
            : lines.find { it.startsWith(vertex + ' ERROR') && it.contains('not found') } ? 'not found' : 'unknown'
}
['base', 'app'].each { name ->
    assert imported('cip-1', name) == 'not found': "run 1: $name had a cache before any export?"
    assert imported('cip-3', name) == 'imported': "run 3: $name did not import the cache run 1 exported"
    assert new File(basedir, "target/cip-3/logs/${name}.log").text.contains("exporting cache to registry")
}
String appNew = support.manifest(itRegistry, "$ns/app", versions.app)._digest
assert support.manifest(itRegistry, "$ns/app", 'def5678')?._digest == appNew
assert log.contains("release app ${versions.app}: released (") && log.contains(": ${versions.app}, latest, stable, 2, def5678)")
assert support.manifest(itRegistry, "$ns/app", 'abc1234')?._digest == app2: 'a tag not given again stays'
// the reserved cache tag is never taken for a release, and no extra tag holds the marker
assert support.tags(itRegistry, "$ns/app").findAll { it.contains('__cip-') }.every { it == '__cip-cache' || it.contains('__cip-linux') }

// 6. the inline cache: imported from the last release (latest), and written into the new image's config
def report6 = slurp('target/cip-6/report.json')
Map versions6 = report6.images.collectEntries { [it.name, it.version] }
assert report6.images.every { it.decision == 'DONE' && it.released }: "${report6.images}"
assert versions6 == [base: '1.1.0', app: '2.0.2']: "$versions6"
assert new File(basedir, 'target/cip-update/update.md').text.contains('content changed')
['base', 'app'].each { name ->
    assert versions6[name] != versions[name]: "$versions6"
    assert new File(basedir, "target/cip-6/logs/${name}.log").text
            .contains("importing cache manifest from $itRegistry/$ns/$name:latest")
    Map m = support.manifest(itRegistry, "$ns/$name", versions6[name])
    if (m.manifests != null) {
        m = support.manifest(itRegistry, "$ns/$name", m.manifests.find { it.platform?.os != 'unknown' }.digest)
    }
    Map config = support.blob(itRegistry, "$ns/$name", m.config.digest)
    assert config.containsKey('moby.buildkit.cache.v0'): "$name ${versions6[name]} has no inline cache: ${config.keySet()}"
}
// the moving tags moved on with run 6; the run-wide tags stay on the versions their runs released
String app6 = support.manifest(itRegistry, "$ns/app", versions6.app)._digest
['latest', 'stable', '2'].each { tag ->
    assert support.manifest(itRegistry, "$ns/app", tag)?._digest == app6: "app:$tag after run 6"
}
assert support.manifest(itRegistry, "$ns/app", 'def5678')?._digest == appNew

// 4. cip:build loads the images under their extra tags too
String reg = "$itRegistry/$ns"
String id = support.docker('image', 'inspect', '--format', '{{.Id}}', "$reg/app:${versions.app}").trim()
['latest', 'stable', '2', 'local1'].each { tag ->
    assert support.docker('image', 'inspect', '--format', '{{.Id}}', "$reg/app:$tag").trim() == id: "loaded app:$tag"
}
Map loaded = new groovy.json.JsonSlurper().parseText(support.docker('image', 'inspect', '--format', '{{json .Config.Labels}}', "$reg/app:${versions.app}"))
assert loaded['org.opencontainers.image.version'] == versions.app
return true
