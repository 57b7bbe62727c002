def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
try {
    String ns = support.namespace(basedir)
    String remote = new File(basedir, 'remote-registry.txt').text.trim()
    String local = itRegistry
    def slurp = { byte[] b -> new groovy.json.JsonSlurper().parse(b) }
    def get = { String host, String repo, String ref ->
        def (status, body, digest) = registries.request('GET', host, "/v2/$repo/manifests/$ref")
        assert status == 200: "GET $host/$repo:$ref answered $status"
        [body, digest]
    }
    def copied = ['busybox': '1.0.0', 'base': '2.0.0', 'left': '1.1.0']
    copied.each { name, version ->
        String repo = "$ns/$name"
        def (srcBytes, srcDigest) = get(remote, repo, version)
        def (dstBytes, dstDigest) = get(local, repo, version)
        assert dstDigest == srcDigest: "$name: index digests differ"
        assert dstBytes == srcBytes
        assert get(local, repo, 'latest')[1] == srcDigest: "$name:latest"
        def index = slurp(srcBytes)
        assert index.manifests != null: "$name is an index"
        def platforms = index.manifests.findAll { it.platform?.os != 'unknown' }.collect { "${it.platform.os}/${it.platform.architecture}" } as Set
        assert platforms == ['linux/amd64', 'linux/arm64'] as Set
        def attestations = index.manifests.findAll { it.annotations?.get('vnd.docker.reference.type') == 'attestation-manifest' }
        assert attestations.size() == 2: "$name: one provenance attestation per platform: ${index.manifests}"
        index.manifests.each { d ->
            def (a, ad) = get(remote, repo, d.digest)
            def (b, bd) = get(local, repo, d.digest)
            assert a == b && ad == bd && bd == d.digest: "$name: manifest ${d.digest}"
            def m = slurp(b)
            ([m.config] + m.layers).each { blob ->
                def (st) = registries.request('HEAD', local, "/v2/$repo/blobs/${blob.digest}")
                assert st == 200: "$name: blob ${blob.digest} missing from $local"
            }
        }
    }
    assert !support.exists(local, "$ns/right", '0.9.0')
    assert !support.exists(local, "$ns/right", 'latest')

    String log = new File(basedir, 'build.log').text
    // run 2: one line per image, the missing one named in the failure
    assert log =~ /busybox:1\.0\.0: copied sha256:[0-9a-f]{12} from \Q$remote\E\/\Q$ns\E: \d+ blobs sent/
    // base and left share their parents' layers: those are mounted from the parents' repositories, not sent again
    assert log =~ /base:2\.0\.0: copied sha256:[0-9a-f]{12} from .*, 0 already there, [1-9]\d* mounted/
    assert log =~ /left:1\.1\.0: copied sha256:[0-9a-f]{12} from .*, 0 already there, [1-9]\d* mounted/
    assert log.contains("right:0.9.0: missing from $remote/$ns/right:0.9.0; not copied")
    assert log.contains("cip upload-all-to-local-registry did not copy every image:")
    assert log.contains("missing from $remote/$ns: right:0.9.0")
    assert log.contains('3 copied, 0 skipped, 1 missing, 0 failed')
    // run 3: nothing copied
    copied.each { name, version ->
        assert log.contains("$name:$version: skipped, already in $local/$ns (sha256:")
    }
    assert log.contains('0 copied, 3 skipped, 0 missing, 0 failed')
    // run 4: the dry run
    assert log.contains('(dry run: nothing is copied)')
    assert log.contains('0 to copy, 3 skipped, 1 missing, 0 failed')
} finally {
    registries.stopAll(projectRoot, basedir)
}
return true
