// issue 19 points 1, 5, 8: a failing image never costs the work of an image that does not depend on it, in both
// failure modes; logs carry an image's own steps; no staging tag stays in the local store.
def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String registry = "$itRegistry/$ns"
def slurp = { new groovy.json.JsonSlurper().parse(it) }
String log = new File(basedir, 'build.log').text

/** How many times the slow step of {@code node} printed its line: once per execution. */
def executions = { String reportDir, String node ->
    File f = new File(basedir, "$reportDir/logs/${node}.log")
    f.readLines().count { it ==~ /#[0-9]+ slow step of $node in ${java.util.regex.Pattern.quote(registry)}/ }
}

// stop on first error (the default): python-a fails 3 s into node-a's 12 s step. The bake of all images stops; node-a,
// whose step had started, is built on in a bake of its own (its step may run a second time there: what the bake of
// all images had running when it was cancelled runs again), later-a, waiting for it, is cancelled
def stop = slurp(new File(basedir, 'target/cip-stop/report.json')).images.collectEntries { [it.name, it] }
assert stop['python-a'].decision == 'FAILED'
assert stop['node-a'].decision == 'DONE': "${stop['node-a']}"
assert executions('target/cip-stop', 'node-a') in [1, 2]: new File(basedir, 'target/cip-stop/logs/node-a.log').text
assert stop['node-a'].attempts == 1
// later-a waited for node-a when python-a failed: nothing new starts, and its log says why
assert stop['later-a'].decision == 'NOT_STARTED': "${stop['later-a']}"
assert new File(basedir, 'target/cip-stop/logs/later-a.log').text.contains('cancelled: python-a failed')
assert log.contains('later-a 1.0.0 cancelled (python-a failed')
assert !log.contains('later-a 1.0.0 building'): 'an image whose own step never started is never "building"'
assert support.exists(itRegistry, "$ns/node-a", '1.0.0')
// node-a's log has node-a's steps, not its parent's
String nodeA = new File(basedir, 'target/cip-stop/logs/node-a.log').text
// (a step of the parent that node-a's bake reports before the parent's bake did shows up there, as a cache hit only:
// it never runs under node-a)
def parentSteps = nodeA.readLines().findAll { it.contains('busybox", "--install"') || it.contains('echo "a in') }
        .collect { it.substring(0, it.indexOf(' ')) } as Set
parentSteps.each { v -> assert nodeA.readLines().contains("$v CACHED".toString()): "a parent step ran under node-a: $nodeA" }

// keep going: the same, and later-b is built on node-b
def keep = slurp(new File(basedir, 'target/cip-keep/report.json')).images.collectEntries { [it.name, it] }
assert keep['python-b'].decision == 'FAILED'
assert keep['node-b'].decision == 'DONE' && keep['later-b'].decision == 'DONE': "$keep"
assert executions('target/cip-keep', 'node-b') in [1, 2]: new File(basedir, 'target/cip-keep/logs/node-b.log').text
assert support.exists(itRegistry, "$ns/later-b", '1.0.0')

// the docker driver keeps the staging tags of the pushing goals in the local image store (untagging them in the
// run cost ~1.7 s an image with the containerd store); README's command removes them
def staged = { support.docker('images', '--format', '{{.Repository}}:{{.Tag}}').readLines()
        .findAll { it.contains("/$ns/") && it.contains('__cip-') } }
assert !staged().isEmpty()
support.docker(['image', 'rm'] + staged() as String[])
assert staged().isEmpty(): "staging tags left in the local store: ${staged()}"
return true
