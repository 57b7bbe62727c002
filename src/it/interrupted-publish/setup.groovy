def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// a new token per run: the slow step is never a cache hit, so the run is stopped while it runs
new File(basedir, 'contexts/02-slow/token.txt').text = UUID.randomUUID().toString() + '\n'
// As Ctrl-C in a terminal would: SIGINT to the Maven JVM while slow's 15 s step runs; once Maven has ended, which
// processes of this run are left (none may be: the bake must have been stopped with it) and which tags exist.
support.signalWhenStaged(basedir, itRegistry, 'base', '-INT', ['busybox', 'base', 'slow'],
        new File(basedir, 'target/cip-int/bake.json').canonicalPath, new File(basedir, 'interrupted.txt'))
return true
