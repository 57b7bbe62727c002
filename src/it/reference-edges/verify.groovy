def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String reg = "$itRegistry/$ns"
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
// both references to tools (the stage and the COPY --from) are edges: tools is built first, in the same solve, and
// handed to app in-graph
def plan = slurp('target/cip/plan.json')
def app = plan.images.find { it.name == 'app' }
assert app.parents as Set == ['busybox', 'tools'] as Set: "$app"
def bake = slurp('target/cip/bake.json')
assert bake.target.app.contexts["$reg/tools:1.0.0"] == 'target:tools': "${bake.target.app.contexts}"
assert bake.target.app.args.NOTE == 'from-info'
def report = support.report(basedir)
assert report.images*.decision == ['DONE', 'DONE', 'DONE']: "${report.images}"
// info.edn's :build-args reached the real build
assert support.labels(itRegistry, "$ns/app", '1.0.0').note == 'from-info'
// the copied and the mounted file are the tools image's own file
def (rc, out, err) = support.dockerRun('run', '--rm', '--pull=always', "$reg/app:1.0.0", 'cat', '/copied.txt', '/mounted.txt')
assert rc == 0: err
def (rcTool, tool, errTool) = support.dockerRun('run', '--rm', '--pull=always', "$reg/tools:1.0.0", 'cat', '/tool.txt')
assert rcTool == 0: errTool
assert out == tool + tool: "app's files are not tools' file: $out vs $tool"
return true
