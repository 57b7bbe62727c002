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
        try {
            docker('buildx', 'version')
        } catch (IllegalStateException e) {
            throw new IllegalStateException("docker buildx does not work (${e.message}): start the test " +
                    "infrastructure with scripts/test-env.sh up", e)
        }
    }

    static String namespace(File basedir) {
        new File(basedir, 'namespace.txt').text.trim()
    }

    /**
     * Runs a registry read, again on the registry's known transient failures (distribution 2.8 answers an occasional
     * 500 while many images are pushed; see TEST-INFRA.md): up to 5 attempts, 200 ms apart and growing.
     */
    static <T> T retrying(String what, Closure<T> read) {
        Exception last = null
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                return read.call()
            } catch (TransientReadException | IOException e) {
                last = e
                Thread.sleep(200L * attempt)
            }
        }
        throw new IllegalStateException("$what failed 5 times: $last", last)
    }

    /** A 5xx answer: worth another try. */
    static class TransientReadException extends RuntimeException {
        TransientReadException(String message) {
            super(message)
        }
    }

    /** The manifest (parsed) at repo:ref, or null when absent. */
    static Map manifest(String registryHost, String repo, String ref) {
        retrying("GET $repo:$ref") {
            HttpURLConnection c = (HttpURLConnection) new URL("http://$registryHost/v2/$repo/manifests/$ref").openConnection()
            c.setRequestProperty('Accept', ACCEPT)
            int status = c.responseCode
            if (status == 404) {
                return null
            }
            if (status >= 500) {
                throw new TransientReadException("GET $repo:$ref answered $status")
            }
            if (status != 200) {
                throw new IllegalStateException("GET $repo:$ref answered $status")
            }
            Map m = (Map) new JsonSlurper().parse(c.inputStream)
            m.put('_digest', c.getHeaderField('Docker-Content-Digest'))
            return m
        }
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

    /**
     * The image manifest at repo:ref for one platform: the manifest itself, or the first non-attestation manifest of
     * an index (the one for {@code platform} when given).
     */
    static Map platformManifest(String registryHost, String repo, String ref, String platform = null) {
        Map m = manifest(registryHost, repo, ref)
        assert m != null: "$repo:$ref is not in $registryHost"
        if (m.manifests != null) {
            Map d = m.manifests.find {
                it.platform?.os != 'unknown' && (platform == null || platform == it.platform.os + '/' + it.platform.architecture)
            }
            assert d != null: "$repo:$ref holds no manifest for ${platform ?: 'any platform'}"
            m = manifest(registryHost, repo, d.digest)
        }
        m
    }

    /** The image config at repo:ref for one platform (see {@link #platformManifest}). */
    static Map imageConfig(String registryHost, String repo, String ref, String platform = null) {
        blob(registryHost, repo, platformManifest(registryHost, repo, ref, platform).config.digest)
    }

    /** The layer diff_ids of the image at repo:ref for one platform, parents' layers first. */
    static List<String> diffIds(String registryHost, String repo, String ref, String platform = null) {
        (List<String>) imageConfig(registryHost, repo, ref, platform).rootfs.diff_ids
    }

    /** The labels of the image config at repo:ref for one platform. */
    static Map<String, String> labels(String registryHost, String repo, String ref, String platform = null) {
        (Map<String, String>) (imageConfig(registryHost, repo, ref, platform).config?.Labels ?: [:])
    }

    /** The tags of repo (one page is enough for the ITs). */
    static List<String> tags(String registryHost, String repo) {
        retrying("GET tags of $repo") {
            HttpURLConnection c = (HttpURLConnection) new URL("http://$registryHost/v2/$repo/tags/list?n=1000").openConnection()
            int status = c.responseCode
            if (status == 404) {
                return []
            }
            if (status != 200) {
                throw new TransientReadException("GET tags of $repo answered $status")
            }
            (List<String>) (((Map) new JsonSlurper().parse(c.inputStream)).tags ?: [])
        }
    }

    /**
     * Starts a watcher beside the invoked Maven (a daemon thread of the outer build): once {@code trigger} has a
     * staging tag in the registry, it sends {@code signal} ({@code -9}, {@code -INT}) to that Maven, waits (up to 60 s)
     * for it to end, and writes to {@code record} the pids it signalled ({@code signalled=}), whether Maven ended,
     * the processes still running whose command line holds {@code leftMarker} ({@code left=}), and the tags of each
     * of {@code images} then. {@link #watched} reads the record back.
     */
    static void signalWhenStaged(File basedir, String registryHost, String trigger, String signal, List<String> images,
                                 String leftMarker, File record) {
        String ns = namespace(basedir)
        String maven = 'maven.multiModuleProjectDirectory=' + basedir.canonicalPath
        Thread.startDaemon('signal-when-staged') {
            long deadline = System.currentTimeMillis() + 240_000
            while (System.currentTimeMillis() < deadline) {
                if (tags(registryHost, "$ns/$trigger").any { it.contains('__cip-') }) {
                    def pids = ['pgrep', '-f', maven].execute().text.readLines()*.trim().findAll { it }
                    pids.each { ['kill', signal, it].execute().waitFor() }
                    long end = System.currentTimeMillis() + 60_000
                    while (System.currentTimeMillis() < end && pids.any { new File("/proc/$it").exists() }) {
                        Thread.sleep(100)
                    }
                    // the programs the run started end with it, after buildx has cancelled its solve: wait a little
                    def left = []
                    for (int i = 0; i < 50; i++) {
                        Thread.sleep(200)
                        left = ['pgrep', '-f', leftMarker].execute().text.readLines()*.trim().findAll { it }
                        if (left.isEmpty()) {
                            break
                        }
                    }
                    record.text = "signalled=${pids}\nmavenEnded=${!pids.any { new File("/proc/$it").exists() }}\n" +
                            "left=${left}\n" + images.collect { name ->
                        List<String> all = tags(registryHost, "$ns/$name").sort()
                        "$name=" + all.join(' ') + "\n${name}.held=" + all.findAll { it.contains('__cip-') }
                                .collect { it + ':' + holds(registryHost, "$ns/$name", it) }.join(' ')
                    }.join('\n') + '\n'
                    return
                }
                Thread.sleep(200)
            }
            record.text = "$trigger was never staged\n"
        }
    }

    /**
     * What repo:ref holds: {@code index}, {@code manifest} (one image manifest), {@code attestation} (a lone attestation
     * manifest: its layers are in-toto statements) or {@code missing}.
     */
    static String holds(String registryHost, String repo, String ref) {
        Map m = manifest(registryHost, repo, ref)
        if (m == null) {
            return 'missing'
        }
        if (m.manifests != null) {
            return 'index'
        }
        List layers = (List) (m.layers ?: [])
        !layers.isEmpty() && layers.every { it.mediaType == 'application/vnd.in-toto+json' } ? 'attestation' : 'manifest'
    }

    /** What {@link #signalWhenStaged} recorded, once it has (waits up to 60 s): key to value. */
    static Map<String, String> watched(File record) {
        for (int i = 0; i < 600 && !record.isFile(); i++) {
            Thread.sleep(100)
        }
        assert record.isFile(): "the watcher wrote no $record"
        record.readLines().findAll { it.contains('=') }
                .collectEntries { String l -> int i = l.indexOf('='); [l.substring(0, i), l.substring(i + 1)] }
    }

    static Map blob(String registryHost, String repo, String digest) {
        retrying("GET blob $repo@$digest") {
            HttpURLConnection c = (HttpURLConnection) new URL("http://$registryHost/v2/$repo/blobs/$digest").openConnection()
            int status = c.responseCode
            if (status >= 500) {
                throw new TransientReadException("GET blob $repo@$digest answered $status")
            }
            if (status != 200) {
                throw new IllegalStateException("GET blob $repo@$digest answered $status")
            }
            (Map) new JsonSlurper().parse(c.inputStream)
        }
    }

    /**
     * Runs the docker CLI with a Docker config of its own (an empty directory), never the user's {@code ~/.docker}:
     * the verify scripts only talk to the local engine.
     */
    static String docker(String... args) {
        List result = dockerRun(args)
        if (result[0] != 0) {
            throw new IllegalStateException("docker ${args.join(' ')} failed: ${result[2]}")
        }
        return result[1]
    }

    /** [exit code, stdout, stderr] of the docker CLI, with a Docker config of its own as {@link #docker}. */
    static List dockerRun(String... args) {
        File config = java.nio.file.Files.createTempDirectory('cip-it-docker-config-').toFile()
        try {
            ProcessBuilder pb = new ProcessBuilder(['docker'] + args.toList())
            pb.environment().put('DOCKER_CONFIG', config.path)
            Process p = pb.start()
            def out = new StringBuilder(), err = new StringBuilder()
            p.waitForProcessOutput(out, err)
            return [p.exitValue(), out.toString(), err.toString()]
        } finally {
            config.deleteDir()
        }
    }

    static Map report(File basedir) {
        (Map) new JsonSlurper().parse(new File(basedir, 'target/cip/report.json'))
    }
}
