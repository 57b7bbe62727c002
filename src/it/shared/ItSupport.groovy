// Shared by the integration tests' setup.groovy and verify.groovy: a fresh repository namespace per run, the busybox
// binaries for the root images, and reads of the real registry and Docker engine.
import groovy.json.JsonSlurper

class ItSupport {
    static final String ACCEPT = [
            'application/vnd.oci.image.index.v1+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.docker.distribution.manifest.v2+json'].join(', ')

    /** Gives the cloned project its own namespace and the busybox binaries; fails loudly if the engine is missing. */
    static void setup(File basedir, String registryHost) {
        checkInfrastructure(registryHost)
        String ns = 'it-' + basedir.name + '-' + Long.toHexString(System.nanoTime()) + UUID.randomUUID().toString().take(4)
        new File(basedir, 'namespace.txt').text = ns
        basedir.eachFileRecurse { File f ->
            if (f.isFile() && (f.name == 'pom.xml' || f.name == 'invoker.properties' || f.name == 'settings-it.xml')) {
                String t = f.text
                if (t.contains('CIP_NAMESPACE')) {
                    f.text = t.replace('CIP_NAMESPACE', ns)
                }
            }
        }
        File busybox = new File(System.getenv('CIP_TEST_BUSYBOX_DIR') ?: '/var/lib/cip-test/busybox')
        basedir.eachFileRecurse { File marker ->
            File ctx = marker.parentFile
            if (marker.name == 'NEEDS_BUSYBOX') {
                ['amd64', 'arm64'].each { arch ->
                    File bin = new File(busybox, "busybox-$arch")
                    if (!bin.isFile()) {
                        throw new IllegalStateException("Missing $bin: run scripts/test-env.sh up (it provisions " +
                                "static busybox binaries; CIP_TEST_BUSYBOX_DIR may point elsewhere)")
                    }
                    new File(ctx, "busybox-$arch").bytes = bin.bytes
                }
            }
        }
    }

    static void checkInfrastructure(String registryHost) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://$registryHost/v2/").openConnection()
            c.connectTimeout = 3000
            if (c.responseCode != 200) {
                throw new IllegalStateException("registry $registryHost answered ${c.responseCode} to /v2/")
            }
        } catch (IOException e) {
            throw new IllegalStateException("No registry on $registryHost (${e}): start the test infrastructure " +
                    "with scripts/test-env.sh up", e)
        }
        def p = ['docker', 'buildx', 'version'].execute()
        p.waitFor()
        if (p.exitValue() != 0) {
            throw new IllegalStateException("docker buildx does not work (${p.err.text.trim()}): start the test " +
                    "infrastructure with scripts/test-env.sh up")
        }
    }

    static String namespace(File basedir) {
        new File(basedir, 'namespace.txt').text.trim()
    }

    /** The manifest (parsed) at repo:ref, or null when absent. */
    static Map manifest(String registryHost, String repo, String ref) {
        HttpURLConnection c = (HttpURLConnection) new URL("http://$registryHost/v2/$repo/manifests/$ref").openConnection()
        c.setRequestProperty('Accept', ACCEPT)
        if (c.responseCode == 404) {
            return null
        }
        if (c.responseCode != 200) {
            throw new IllegalStateException("GET $repo:$ref answered ${c.responseCode}")
        }
        Map m = (Map) new JsonSlurper().parse(c.inputStream)
        m.put('_digest', c.getHeaderField('Docker-Content-Digest'))
        return m
    }

    static boolean exists(String registryHost, String repo, String ref) {
        manifest(registryHost, repo, ref) != null
    }

    /** Platforms of the index at repo:ref, attestation manifests left out. */
    static Set<String> platforms(String registryHost, String repo, String ref) {
        Map m = manifest(registryHost, repo, ref)
        if (m == null) {
            return null
        }
        if (m.manifests == null) {
            Map cfg = blob(registryHost, repo, m.config.digest)
            return [cfg.os + '/' + cfg.architecture] as Set
        }
        m.manifests.findAll { it.annotations?.get('vnd.docker.reference.type') != 'attestation-manifest' && it.platform?.os != 'unknown' }
                .collect { it.platform.os + '/' + it.platform.architecture + (it.platform.variant ? '/' + it.platform.variant : '') } as Set
    }

    static Map blob(String registryHost, String repo, String digest) {
        new JsonSlurper().parse(new URL("http://$registryHost/v2/$repo/blobs/$digest"))
    }

    static String docker(String... args) {
        def p = (['docker'] + args.toList()).execute()
        def out = new StringBuilder(), err = new StringBuilder()
        p.waitForProcessOutput(out, err)
        if (p.exitValue() != 0) {
            throw new IllegalStateException("docker ${args.join(' ')} failed: $err")
        }
        out.toString()
    }

    static Map report(File basedir) {
        (Map) new JsonSlurper().parse(new File(basedir, 'target/cip/report.json'))
    }
}
