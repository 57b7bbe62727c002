// Extra registries for the integration tests (besides the shared one on localhost:5000): Debian's docker-registry
// with its own config on a free loopback port, storage in the IT's target directory.
//
// No leaked processes, three ways:
//  1. verify.groovy stops them (stopAll) by PID;
//  2. setup.groovy registers a JVM shutdown hook, so when the invoker skips verify.groovy (the build did not end as
//     expected) the registries still stop when the outer Maven exits;
//  3. each registry runs under `timeout`, a hard cap (CIP_IT_REGISTRY_MAX_SECONDS, default 1800 s) for a killed
//     Maven; and the next setup of the same IT kills what its PID files still name (checked by command line first,
//     so a reused PID is never killed).
// PID files: <projectRoot>/target/it-registries/<it>-<id>.pid (outside the cloned IT, which the invoker wipes).
class ItRegistry {
    static final String BINARY = '/usr/bin/docker-registry'

    static File pidDir(def projectRoot) {
        File d = new File(projectRoot.toString(), 'target/it-registries')
        d.mkdirs()
        return d
    }

    /** Kills registries a previous run of this IT left behind. */
    static void killLeftovers(def projectRoot, String itName) {
        pidDir(projectRoot).listFiles().findAll { File f -> f.name.startsWith(itName + '-') && f.name.endsWith('.pid') }.each { File f ->
            killByPidFile(f)
        }
    }

    static void killByPidFile(File f) {
        String[] parts = f.text.trim().split(' ', 2)
        long pid = parts[0] as long
        String marker = parts.length > 1 ? parts[1] : ''
        ProcessHandle.of(pid).ifPresent { ProcessHandle h ->
            String cmd = h.info().commandLine().orElse('')
            if (marker && cmd.contains(marker)) {
                h.descendants().each { ProcessHandle d -> d.destroy() }
                h.destroy()
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS)
            }
        }
        f.delete()
    }

    static int freePort() {
        new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
    }

    /**
     * Starts a registry; returns its address 127.0.0.1:<port>.
     * @param htpasswd null for an open registry, else [user, password] for Basic auth (bcrypt file)
     */
    static String start(def projectRoot, File basedir, String id, List<String> htpasswd = null) {
        if (!new File(BINARY).canExecute()) {
            throw new IllegalStateException("$BINARY is missing: run scripts/test-env.sh up")
        }
        String itName = basedir.name
        File dir = new File(basedir, "target/registry-$id")
        dir.mkdirs()
        int port = freePort()
        String yml = """version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${new File(dir, 'data').absolutePath}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: ${UUID.randomUUID()}
"""
        if (htpasswd != null) {
            def p = ['htpasswd', '-Bbn', htpasswd[0], htpasswd[1]].execute()
            def out = new StringBuilder(), err = new StringBuilder()
            p.waitForProcessOutput(out, err)
            if (p.exitValue() != 0) {
                throw new IllegalStateException("htpasswd failed (install apache2-utils): $err")
            }
            new File(dir, 'htpasswd').text = out.toString().trim() + '\n'
            yml += "auth:\n  htpasswd:\n    realm: cip-it\n    path: ${new File(dir, 'htpasswd').absolutePath}\n"
        }
        File config = new File(dir, 'config.yml')
        config.text = yml
        String max = System.getenv('CIP_IT_REGISTRY_MAX_SECONDS') ?: '1800'
        ProcessBuilder pb = new ProcessBuilder('timeout', max, BINARY, 'serve', config.absolutePath)
                .directory(dir).redirectErrorStream(true).redirectOutput(new File(dir, 'registry.log'))
        pb.environment().keySet().removeIf { String k -> k.startsWith('REGISTRY_') }
        Process proc = pb.start()
        File pidFile = new File(pidDir(projectRoot), "$itName-${id}.pid")
        pidFile.text = "${proc.pid()} ${config.absolutePath}"
        Runtime.runtime.addShutdownHook(new Thread({ if (pidFile.exists()) { killByPidFile(pidFile) } }))
        long deadline = System.currentTimeMillis() + 20000
        while (true) {
            if (!proc.alive) {
                throw new IllegalStateException("docker-registry exited: ${new File(dir, 'registry.log').text}")
            }
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:$port/v2/").openConnection()
                c.connectTimeout = 500
                if (c.responseCode in [200, 401]) {
                    break
                }
            } catch (IOException ignored) {
                // not yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("docker-registry on 127.0.0.1:$port not ready after 20 s")
            }
            Thread.sleep(50)
        }
        return "127.0.0.1:$port"
    }

    /** Stops every registry this IT started. */
    static void stopAll(def projectRoot, File basedir) {
        killLeftovers(projectRoot, basedir.name)
    }

    /** Replaces a placeholder in the cloned IT's pom.xml and other text files. */
    static void substitute(File basedir, Map<String, String> values) {
        basedir.eachFileRecurse { File f ->
            if (f.isFile() && (f.name in ['pom.xml', 'settings-it.xml', 'invoker.properties'])) {
                String t = f.text
                String n = t
                values.each { k, v -> n = n.replace(k, v) }
                if (n != t) {
                    f.text = n
                }
            }
        }
    }

    static final String ACCEPT = [
            'application/vnd.oci.image.index.v1+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.docker.distribution.manifest.v2+json'].join(', ')

    /** [status, bytes, digest header] of GET or HEAD on a registry path, with optional Basic credentials. */
    static List request(String method, String host, String path, List<String> basic = null) {
        // the registry's known transient 500s (TEST-INFRA.md) and connection hiccups: up to 5 attempts
        List answer = null
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://$host$path").openConnection()
                c.requestMethod = method
                c.setRequestProperty('Accept', ACCEPT)
                if (basic) {
                    c.setRequestProperty('Authorization', 'Basic ' + "${basic[0]}:${basic[1]}".bytes.encodeBase64().toString())
                }
                int status = c.responseCode
                byte[] body = status < 400 && method == 'GET' ? c.inputStream.bytes : new byte[0]
                answer = [status, body, c.getHeaderField('Docker-Content-Digest')]
                if (status < 500) {
                    return answer
                }
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e
                }
            }
            Thread.sleep(200L * attempt)
        }
        return answer
    }
}
