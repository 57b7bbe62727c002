def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
new File(basedir, 'contexts/02-slow/token.txt').text = UUID.randomUUID().toString() + '\n'
String ns = support.namespace(basedir)
File seen = new File(basedir, 'interrupted.txt')
String marker = 'maven.multiModuleProjectDirectory=' + basedir.canonicalPath
String bakeFile = new File(basedir, 'target/cip-int/bake.json').canonicalPath
// As Ctrl-C in a terminal would: SIGINT to the Maven JVM while slow's 15 s step runs. Then, once Maven has ended,
// which processes of this run are left (none may be: the bake must have been stopped with it).
Thread.startDaemon('interrupt-publish') {
    long deadline = System.currentTimeMillis() + 240_000
    while (System.currentTimeMillis() < deadline) {
        if (support.tags(itRegistry, "$ns/base").any { it.startsWith('1.0.0__cip-') }) {
            def pids = ['pgrep', '-f', marker].execute().text.readLines()*.trim().findAll { it }
            pids.each { ['kill', '-INT', it].execute().waitFor() }
            long end = System.currentTimeMillis() + 60_000
            while (System.currentTimeMillis() < end && pids.any { new File("/proc/$it").exists() }) {
                Thread.sleep(100)
            }
            Thread.sleep(1000)
            def left = ['pgrep', '-f', bakeFile].execute().text.readLines()*.trim().findAll { it }
            seen.text = "interrupted=${pids}\nmavenEnded=${!pids.any { new File("/proc/$it").exists() }}\n" +
                    "bakeLeft=${left}\n" + ['busybox', 'base', 'slow'].collect { name ->
                "$name=" + support.tags(itRegistry, "$ns/$name").sort().join(' ')
            }.join('\n') + '\n'
            return
        }
        Thread.sleep(200)
    }
    seen.text = 'base was never staged\n'
}
return true
