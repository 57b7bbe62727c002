// An "upstream" registry for the integration tests, as Docker Hub is one: Debian's docker-registry with token auth
// and a token server (the unit tests' dev.cip.registry.testing.UpstreamRegistry, run from target/test-classes)
// that gives anyone a pull token and only the pusher a push token. BuildKit and cip pull from it anonymously.
//
// In setup.groovy:
//   def upstreams = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItUpstream.groovy'))
//   upstreams.killLeftovers(projectRoot, basedir)
//   String upstream = upstreams.start(projectRoot, basedir)               // 127.0.0.1:<port>
//   Map pushed = upstreams.push(projectRoot, upstream, 'library/debian', 'bookworm-slim', 'seed-1')
//   // pushed.digest: the index digest; pushed['linux/amd64'], pushed['linux/arm64']: the platform manifests
//   // pushing again with another seed moves the tag (a new index digest)
// and in verify.groovy (in a finally): upstreams.stopAll(projectRoot, basedir)
//
// Stopped by PID, as ItRegistry's registries (same PID directory, a JVM shutdown hook, a `timeout` cap and the next
// setup's killLeftovers); stopping the token server's JVM stops its docker-registry too.
class ItUpstream {
    static Class registries(def projectRoot) {
        new GroovyClassLoader(ItUpstream.classLoader).parseClass(new File(projectRoot.toString(), 'src/it/shared/ItRegistry.groovy'))
    }

    static String java() {
        new File(System.getProperty('java.home'), 'bin/java').path
    }

    static String testClasses(def projectRoot) {
        File classes = new File(projectRoot.toString(), 'target/test-classes')
        if (!new File(classes, 'dev/cip/registry/testing/UpstreamRegistry.class').file) {
            throw new IllegalStateException("$classes has no UpstreamRegistry: run the ITs through mvn verify (test-compile first)")
        }
        return classes.path
    }

    static void killLeftovers(def projectRoot, File basedir) {
        registries(projectRoot).killLeftovers(projectRoot, basedir.name)
    }

    /** Starts the upstream registry; returns its address 127.0.0.1:<port>. */
    static String start(def projectRoot, File basedir, String id = 'upstream') {
        def reg = registries(projectRoot)
        File dir = new File(basedir, "target/$id")
        dir.deleteDir()
        dir.mkdirs()
        String max = System.getenv('CIP_IT_REGISTRY_MAX_SECONDS') ?: '1800'
        Process proc = new ProcessBuilder('timeout', max, java(), '-XX:TieredStopAtLevel=1', '-cp', testClasses(projectRoot),
                'dev.cip.registry.testing.UpstreamRegistry', 'serve', dir.absolutePath)
                .redirectErrorStream(true).redirectOutput(new File(basedir, "${id}.log")).start()
        File pidFile = new File(reg.pidDir(projectRoot), "${basedir.name}-${id}.pid")
        pidFile.text = "${proc.pid()} ${dir.absolutePath}"
        Runtime.runtime.addShutdownHook(new Thread({ if (pidFile.exists()) { reg.killByPidFile(pidFile) } }))
        File props = new File(dir, 'upstream.properties')
        long deadline = System.currentTimeMillis() + 60_000
        while (!props.exists()) {
            if (!proc.alive || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the upstream registry did not start: ${new File(basedir, "${id}.log").text}")
            }
            Thread.sleep(50)
        }
        Properties p = new Properties()
        props.withInputStream { p.load(it) }
        return p.getProperty('address')
    }

    /** Pushes a two-platform image under name:tag (moving the tag); [digest: index, 'linux/amd64': …, 'linux/arm64': …]. */
    static Map<String, String> push(def projectRoot, String address, String name, String tag, String seed) {
        def p = new ProcessBuilder(java(), '-XX:TieredStopAtLevel=1', '-cp', testClasses(projectRoot),
                'dev.cip.registry.testing.UpstreamRegistry', 'push', address, name, tag, seed).redirectErrorStream(true).start()
        String out = p.inputStream.text
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pushing $name:$tag to $address failed: $out")
        }
        Properties props = new Properties()
        props.load(new StringReader(out))
        return props.collectEntries { k, v -> [(k): v] }
    }

    static void stopAll(def projectRoot, File basedir) {
        registries(projectRoot).stopAll(projectRoot, basedir)
    }
}
