def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def plan = { String dir -> new groovy.json.JsonSlurper().parse(new File(basedir, "target/$dir/plan.json")) }
def rows = { p -> p.images.collectEntries { [it.name, [it.decision, it.reason]] } }

def local = plan('plan-local')
assert local.goal == 'publish-locally'
assert rows(local) == [
        'busybox'  : ['SKIP', "already in registry $itRegistry/$ns".toString()],
        'base'     : ['SKIP', "already in registry $itRegistry/$ns".toString()],
        'app'      : ['BUILD', 'new version 1.0.0'],
        'stale'    : ['BLOCKED', "needs base 1.9.0, which is neither in registry $itRegistry/$ns nor being built (base is at 2.0.0; run mvn cip:cascade)".toString()],
        'app-child': ['BUILD', 'new version 1.0.0']]
assert local.warnings.any { it.contains('02-stale/Dockerfile:2: stale uses base:1.9.0 but base is at 2.0.0; run mvn cip:cascade') }

def publish = plan('plan-publish')
assert publish.goal == 'publish'
assert rows(publish).busybox == ['BUILD', 'missing platforms linux/arm64']
assert rows(publish).base == ['BUILD', 'missing platforms linux/arm64']
assert rows(publish).app == ['BUILD', 'new version 1.0.0']
assert publish.images.find { it.name == 'app' }.platforms == ['linux/amd64', 'linux/arm64']

def dry = plan('plan-dry')
assert rows(dry) == ['app': ['BUILD', 'new version 1.0.0'], 'app-child': ['BUILD', 'new version 1.0.0']]
assert new File(basedir, 'target/plan-dry/graph.dot').text.contains('"base" -> "app";')
assert new File(basedir, 'target/plan-dry/graph.mmd').text.contains('img_app --> img_app_child')
// planning changed nothing
assert !support.exists(itRegistry, "$ns/app", '1.0.0')
assert !new File(basedir, 'target/plan-dry/logs').exists()
String log = new File(basedir, 'build.log').text
assert log =~ /app\s+1\.0\.0\s+BUILD\s+new version 1\.0\.0/
return true
