def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
new File(basedir, 'contexts/02-slow/token.txt').text = UUID.randomUUID().toString() + '\n'
String ns = support.namespace(basedir)
File seen = new File(basedir, 'killed.txt')
String marker = 'maven.multiModuleProjectDirectory=' + basedir.canonicalPath
// The watcher runs beside the invoked Maven (a daemon thread of the outer build). Once base is staged, and while
// slow is still building, it kills that Maven with SIGKILL (no shutdown hook runs), then records which tags exist.
Thread.startDaemon('kill-publish') {
    long deadline = System.currentTimeMillis() + 240_000
    while (System.currentTimeMillis() < deadline) {
        List<String> tags = support.tags(itRegistry, "$ns/base")
        if (tags.any { it.startsWith('1.0.0__cip-') }) {
            def pids = ['pgrep', '-f', marker].execute().text.readLines()*.trim().findAll { it }
            pids.each { ['kill', '-9', it].execute().waitFor() }
            Thread.sleep(500)
            seen.text = "killed=${pids}\n" + ['busybox', 'base', 'slow'].collect { name ->
                "$name=" + support.tags(itRegistry, "$ns/$name").sort().join(' ')
            }.join('\n') + '\n'
            return
        }
        Thread.sleep(200)
    }
    seen.text = 'base was never staged\n'
}
return true
