def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
// the watcher (setup.groovy) writes what it saw shortly after Maven ended
File seenFile = new File(basedir, 'interrupted.txt')
for (int i = 0; i < 600 && !seenFile.isFile(); i++) {
    Thread.sleep(100)
}
Map<String, String> seen = seenFile.readLines().findAll { it.contains('=') }
        .collectEntries { String l -> int i = l.indexOf('='); [l.substring(0, i), l.substring(i + 1)] }
assert seen.interrupted && seen.interrupted != '[]': "no Maven was interrupted: $seen"
assert seen.mavenEnded == 'true': "Maven did not end within 60 s of SIGINT: $seen"
assert seen.bakeLeft == '[]': "docker buildx bake of the run still running after Maven ended: $seen"
assert (seen.slow ?: '').isEmpty(): "slow was pushed before the run was stopped: $seen"
// nothing of the run was released
['busybox', 'base', 'slow'].each { name ->
    assert !(seen[name] ?: '').tokenize(' ').any { it == '1.0.0' || it == 'latest' }: "$name released: $seen"
}
assert !support.exists(itRegistry, "${support.namespace(basedir)}/slow", '1.0.0')
return true
