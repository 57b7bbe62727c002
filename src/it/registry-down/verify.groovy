def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String down = new File(basedir, 'down-registry.txt').text.trim()
String log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 3: failures
['publish', 'upload-all-to-local-registry', 'pull-latest-from-remote-registry'].eachWithIndex { goal, i ->
    assert failures[i].contains(":$goal "): failures[i]
    assert failures[i].contains(down): "the failure names the registry: ${failures[i]}"
}
// the environment's fault, not the project's
assert log.count('Caused by: org.apache.maven.plugin.MojoExecutionException') == 3
// nothing was built, copied or pulled
assert !new File(basedir, 'target/cip/logs').exists() || new File(basedir, 'target/cip/logs').list().length == 0
['busybox', 'both', 'amd64-only'].each { assert !support.exists(itRegistry, "$ns/$it", '1.0.0') }
assert !log.contains('building (')
return true
