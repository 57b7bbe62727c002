def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
Map<String, String> seen = support.watched(new File(basedir, 'interrupted.txt'))
assert seen.signalled && seen.signalled != '[]': "no Maven was interrupted: $seen"
assert seen.mavenEnded == 'true': "Maven did not end within 60 s of SIGINT: $seen"
assert seen.left == '[]': "docker buildx bake of the run still running after Maven ended: $seen"
assert (seen.slow ?: '').isEmpty(): "slow was pushed before the run was stopped: $seen"
// nothing of the run was released
['busybox', 'base', 'slow'].each { name ->
    assert !(seen[name] ?: '').tokenize(' ').any { it == '1.0.0' || it == 'latest' }: "$name released: $seen"
}
assert !support.exists(itRegistry, "${support.namespace(basedir)}/slow", '1.0.0')
return true
