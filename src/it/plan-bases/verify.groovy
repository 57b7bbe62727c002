def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def upstreams = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItUpstream.groovy'))
try {
    String ns = support.namespace(basedir)
    String upstream = new File(basedir, 'upstream.txt').text.trim()
    Properties pins = new Properties()
    new File(basedir, 'pins.properties').withInputStream { pins.load(it) }
    String log = new File(basedir, 'build.log').text

    // 1. the plan with -Dcip.checkBases: app's pin moved upstream, tool's base is unpinned
    def plan = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip-plan/plan.json'))
    def app = plan.images.find { it.name == 'app' }
    assert app.bases.size() == 1: app.bases
    assert app.bases[0].reference == "$upstream/library/debian:bookworm-slim@${pins.pinned}"
    assert app.bases[0].state == 'moved'
    assert app.bases[0].pin == pins.pinned
    assert app.bases[0].upstream == pins.moved
    def tool = plan.images.find { it.name == 'tool' }
    assert tool.bases*.state == ['unpinned']: tool.bases
    assert log.contains("moved → ${pins.moved.take(19)}"): 'the table shows the moved pin'
    assert log.contains("base $upstream/library/debian:bookworm-slim moved upstream: pinned ${pins.pinned}, now ${pins.moved} (app); run mvn cip:update")

    // 2. -Dcip.strict refuses the unpinned base before building anything
    assert log.contains("cip.strict: unpinned bases (tool: $upstream/library/alpine:3)")
    assert log.contains('mvn cip:update -Dcip.pinUnpinned')
    def strict = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip-strict/report.json'))
    assert strict.status == 'FAILED'

    // 3. app is built on its pin (BuildKit pulls it with an anonymous token), not on the moved tag
    def report = support.report(basedir)
    assert report.images.find { it.name == 'app' }.decision == 'DONE'
    assert support.exists(itRegistry, "$ns/app", '1.0.0')
    // the upstream image's label came with its bytes: 'first' is the pinned one, 'second' the moved tag
    assert support.labels(itRegistry, "$ns/app", '1.0.0')['upstream.seed'] == 'first'
} finally {
    upstreams.stopAll(projectRoot, basedir)
}
return true
