def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// a new token per run: the slow step is never a cache hit, so the run is stopped while it runs
new File(basedir, 'contexts/02-slow/token.txt').text = UUID.randomUUID().toString() + '\n'
// Once base is staged, and while slow's 15 s step runs, the watcher kills this Maven with SIGKILL (no shutdown hook
// runs) and records which tags exist right after.
support.signalWhenStaged(basedir, itRegistry, 'base', '-9', ['busybox', 'base', 'slow'],
        new File(basedir, 'target/cip-killed/bake.json').canonicalPath, new File(basedir, 'killed.txt'))
return true
